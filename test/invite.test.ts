import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import { toBase64url } from '../src/model/base64url.js';
import { DEFAULT_PASSWORD } from '../src/session/chat-session.js';
import { inviteLink, randomPassword, readInvite, type Invite } from '../src/session/invite.js';
import type { Peer } from './helpers.js';
import { eventually, focusedPart, onlineChat, openPeer, part, renderedTexts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// Private rooms by invite link, as people use them: one person makes a private room (the "Private room"
// action or createInvite()) and sends the link; whoever opens it lands in that room, and nobody with
// the public password gets in. Real server; the person who opens the link does so in a fresh browser
// context (its own storage, as another person's browser), through tools/offline-tab-plugin.mjs.

const S = DEFAULT_STRINGS;

/** A browser tab of its own (a fresh context: its own storage), for the person who opens the link. */
const tab = <T = unknown>(payload: { open?: string; script?: string; close?: true }) => executeServerCommand<T, typeof payload>('croquet-chat-offline-tab', payload);

/** Polls the tab until `script` (an async function body) returns something truthy; returns it. */
async function inTabEventually<T>(script: string, message: string, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await tab<T>({ script });
    if (seen) return seen;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The invite in a link, as the element of the page it opens reads it. */
function inviteIn(link: string, appId = 'croquet-chat.widget'): Invite {
  const reading = readInvite(new URL(link).hash, appId);
  if (reading.kind !== 'invite') throw new Error(`no invite for ${appId} in ${link}`);
  return reading.invite;
}

/** This page's address without its fragment. */
function pageWithoutFragment(): string {
  return location.href.replace(/#.*$/, '');
}

/** Puts `hash` into this page's address (no new history entry); returns how to put the old address back. */
function withHash(hash: string): () => void {
  const before = location.href;
  history.replaceState(history.state, '', `${pageWithoutFragment()}${hash}`);
  return () => history.replaceState(history.state, '', before);
}

/** Console warnings from now on; `restore()` gives back the real console.warn. */
function watchWarnings(): { readonly warnings: string[]; restore(): void } {
  const original = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

/**
 * Resolves once `el` is online in the room it moves to next: call it before the move (the status still
 * says online for the old room until the element has left it).
 */
function onlineAgain(el: CroquetChat): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: HTMLElementEventMap['croquet-chat-status']) => {
      if (event.detail.status !== 'online') return;
      el.removeEventListener('croquet-chat-status', listener);
      resolve();
    };
    el.addEventListener('croquet-chat-status', listener);
  });
}

/** Whether `el` shows its part `name` (a boolean, so a failure reads "expected true" rather than a dump of the element). */
function shows(el: CroquetChat, name: string): boolean {
  return part(el, name) !== null;
}

/** Opens the participant list and waits for it (with its "Private room" bar). */
async function openList(el: CroquetChat): Promise<void> {
  part(el, 'participants')!.click();
  await el.updateComplete;
  expect(shows(el, 'participant-list'), 'the participant list opened').to.equal(true);
}

describe('<croquet-chat> private rooms by invite link', () => {
  let peer: Peer | undefined;
  let restoreAddress: (() => void) | undefined;
  afterEach(() => {
    peer?.close();
    peer = undefined;
    restoreAddress?.();
    restoreAddress = undefined;
  });

  it('createInvite() moves the chat to a new private room and returns a link whose fragment carries the room and a 22-character password', async function () {
    this.timeout(30_000);
    const el = await onlineChat();
    const publicRoom = el.session;
    const invited = oneEvent<HTMLElementEventMap['croquet-chat-invite']>(el, 'croquet-chat-invite');
    const moved = onlineAgain(el);
    const link = el.createInvite();
    const { detail } = await invited;

    expect(detail, 'croquet-chat-invite tells the page the link and the room').to.deep.equal({ link, session: el.session });
    expect(link.startsWith(`${pageWithoutFragment()}#croquet-chat-invite=`), 'the link is this page with the invite in its fragment').to.equal(true);
    const invite = inviteIn(link);
    expect(invite.password).to.have.length(22);
    expect(invite.password).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(invite.session).to.match(/^private-[A-Za-z0-9_-]{11}$/);
    expect(el.session, 'the chat left its room').to.equal(invite.session);
    expect(el.session).to.not.equal(publicRoom);
    expect(el.password, 'with the random password').to.equal(invite.password);
    expect(el.password).to.not.equal(DEFAULT_PASSWORD);
    await moved;

    const team = uniqueSessionName('our team');
    const movedAgain = onlineAgain(el);
    const again = inviteIn(el.createInvite({ session: team }));
    expect(again.session, 'a page may name the room').to.equal(team);
    expect(again.password, 'every invite has its own password').to.not.equal(invite.password);
    await movedAgain;
    expect(el.session).to.equal(team);
    expect(() => el.createInvite({ session: ' ' }), 'a room name no room takes').to.throw(RangeError);
    expect(el.session, 'a refused name changes nothing').to.equal(team);
  });

  it('whoever opens the link in another browser joins the private room, the two chat both ways, and the invite leaves their address bar', async function () {
    this.timeout(60_000);
    const el = await onlineChat();
    const moved = onlineAgain(el);
    const link = el.createInvite();
    await moved;
    // The link's fragment on the page that has `<croquet-chat invite>`, beside a fragment of the page's own.
    const page = new URL('./fixtures/invite-peer.html', import.meta.url);
    page.search = new URLSearchParams({ box: testBox(), 'user-id': uniquePerson() }).toString();
    await tab({ open: `${page.href}#intro&${new URL(link).hash.slice(1)}` });
    try {
      const joined = await inTabEventually<{ session: string; password: string; hash: string; search: string }>(
        `const chat = document.querySelector('croquet-chat');
         return chat.status === 'online' && chat.participants === 2 && { session: chat.session, password: chat.password, hash: location.hash, search: location.search };`,
        'the invited page never joined the private room with the inviter in it',
      );
      expect(joined.session, 'in the private room, not the page\'s own "lobby"').to.equal(el.session);
      expect(joined.password).to.equal(el.password);
      expect(joined.hash, 'the invite is gone from the address; the page\'s own fragment stays').to.equal('#intro');
      expect(joined.search, 'so does the rest of the address').to.equal(page.search);
      await eventually(() => el.participants === 2, 'the inviter never saw the invited person arrive');

      await tab({ script: `document.querySelector('croquet-chat').send('hello from the link')` });
      await eventually(() => renderedTexts(el).includes('hello from the link'), 'the inviter never got the invited person\'s post');
      el.send('welcome in');
      await inTabEventually(`return document.querySelector('croquet-chat').messages.some((m) => m.text === 'welcome in');`, 'the invited person never got the inviter\'s post');
    } finally {
      await tab({ close: true });
    }
  });

  it('someone in the room with the public password cannot get in or read the private room\'s posts', async function () {
    this.timeout(30_000);
    const el = await onlineChat();
    const moved = onlineAgain(el);
    el.createInvite();
    await moved;
    el.send('for invited eyes only');
    await eventually(() => el.messages.some((message) => message.text === 'for invited eyes only'), 'the post never landed');

    peer = await openPeer({ session: el.session, box: testBox() });
    const outsider = peer.el;
    await eventually(() => outsider.status === 'error', `the public password got in (status ${outsider.status})`);
    expect(peer.el.errorCode).to.equal('password');
    expect(peer.el.messages.map((message) => message.text)).to.not.include('for invited eyes only');
    // (A wrong password's view is announced before it bails out, as Croquet's reflector does: it leaves again.)
    await eventually(() => el.participants === 1, 'the outsider stayed in the private room', 15_000);
  });

  it('reads the invite before joining anything: it never passes through the page\'s own room', async function () {
    this.timeout(30_000);
    const invite: Invite = { appId: 'croquet-chat.widget', session: uniqueSessionName('private'), password: randomPassword() };
    restoreAddress = withHash(new URL(inviteLink(location.href, invite)).hash);
    const lobby = uniqueSessionName('lobby');
    peer = await openPeer({ session: lobby, box: testBox() });
    await waitForStatus(peer.el, 'online');

    const el = document.createElement('croquet-chat');
    Object.assign(el, { session: lobby, box: testBox(), userId: uniquePerson(), invite: true });
    document.body.append(el);
    try {
      expect(el.session, 'right when it connects').to.equal(invite.session);
      expect(el.password).to.equal(invite.password);
      expect(location.hash, 'the invite is out of the address bar').to.equal('');
      await waitForStatus(el, 'online');
      expect(peer.el.participants, 'nobody came through the page\'s own room').to.equal(1);
    } finally {
      el.remove();
    }
  });

  it('ignores a malformed invite with a console warning: the chat joins its own room and the address stays as it is', async function () {
    this.timeout(30_000);
    const weakPassword = toBase64url(new TextEncoder().encode(JSON.stringify({ app: 'croquet-chat.widget', room: 'x', key: 'hunter2' })));
    for (const hash of ['#croquet-chat-invite=not-an-invite', `#top&croquet-chat-invite=${weakPassword}`]) {
      restoreAddress = withHash(hash);
      const watch = watchWarnings();
      try {
        const session = uniqueSessionName('own');
        const el = await fixture<CroquetChat>(html`<croquet-chat invite session=${session} box=${testBox()} user-id=${uniquePerson()}></croquet-chat>`);
        await waitForStatus(el, 'online');
        expect(el.session, hash).to.equal(session);
        expect(el.password, hash).to.equal(DEFAULT_PASSWORD);
        expect(location.hash, 'a malformed invite stays where it is').to.equal(hash);
        expect(watch.warnings.filter((text) => text.includes('invite')), hash).to.have.length(1);
      } finally {
        watch.restore();
        restoreAddress();
        restoreAddress = undefined;
      }
    }
  });

  it('an invite for another app id is left in the address for that app\'s chat', async function () {
    this.timeout(30_000);
    const invite: Invite = { appId: 'test.invite.other', session: uniqueSessionName('private'), password: randomPassword() };
    const hash = new URL(inviteLink(location.href, invite)).hash;
    restoreAddress = withHash(hash);
    const session = uniqueSessionName('own');
    const ours = await fixture<CroquetChat>(html`<croquet-chat invite session=${session} box=${testBox()} user-id=${uniquePerson()}></croquet-chat>`);
    expect(ours.session, 'the default app id\'s chat keeps its room').to.equal(session);
    expect(location.hash).to.equal(hash);
    const theirs = await fixture<CroquetChat>(html`<croquet-chat invite app-id="test.invite.other" session=${session} box=${testBox()} user-id=${uniquePerson()}></croquet-chat>`);
    expect(theirs.session, 'the other app\'s chat takes it').to.equal(invite.session);
    expect(location.hash).to.equal('');
    await waitForStatus(theirs, 'online');
  });

  it('without `invite` the address is not read; setting it on a connected chat reads it then', async function () {
    this.timeout(30_000);
    const invite: Invite = { appId: 'croquet-chat.widget', session: uniqueSessionName('private'), password: randomPassword() };
    const hash = new URL(inviteLink(location.href, invite)).hash;
    restoreAddress = withHash(hash);
    const el = await onlineChat();
    const own = el.session;
    expect(el.session).to.equal(own);
    expect(location.hash, 'a chat without `invite` leaves the address alone').to.equal(hash);
    const moved = onlineAgain(el);
    el.invite = true;
    await el.updateComplete;
    expect(el.session).to.equal(invite.session);
    expect(location.hash).to.equal('');
    await moved;
  });

  describe('the "Private room" action', () => {
    let clipboard: string[] = [];
    beforeEach(() => {
      clipboard = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: (text: string) => Promise.resolve(void clipboard.push(text)) },
      });
    });
    afterEach(() => {
      delete (navigator as { clipboard?: Clipboard }).clipboard;
    });

    it('sits right under the participant list, as wide as it, and is accessible', async function () {
      this.timeout(30_000);
      const el = await onlineChat();
      expect(shows(el, 'private-room'), 'not while the list is closed').to.equal(false);
      await openList(el);
      const list = part(el, 'participant-list')!.getBoundingClientRect();
      const button = part(el, 'private-room')!;
      const bar = button.parentElement!.getBoundingClientRect();
      expect(Math.abs(bar.top - list.bottom), 'the bar starts where the list ends').to.be.at.most(1.5);
      expect(Math.abs(bar.width - list.width), 'as wide as the list').to.be.at.most(1);
      expect(Math.abs(bar.right - list.right)).to.be.at.most(1);
      expect(button.textContent.trim()).to.equal(S.privateRoom);
      await expect(el).to.be.accessible();

      button.focus();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(shows(el, 'participant-list'), 'Escape on the bar closes the list').to.equal(false);
      expect(shows(el, 'private-room')).to.equal(false);
    });

    it('makes a private room and shows its link in a panel; Copy puts the link on the clipboard', async function () {
      this.timeout(30_000);
      const el = await onlineChat();
      const publicRoom = el.session;
      await openList(el);
      const invited = oneEvent<HTMLElementEventMap['croquet-chat-invite']>(el, 'croquet-chat-invite');
      const moved = onlineAgain(el);
      part(el, 'private-room')!.click();
      const { detail } = await invited;
      await el.updateComplete;

      expect(el.session, 'the chat moved to the new room').to.equal(detail.session);
      expect(el.session).to.not.equal(publicRoom);
      expect(inviteIn(detail.link).password).to.equal(el.password);
      expect(el.password).to.have.length(22);
      expect(shows(el, 'participant-list'), 'the panel takes the list\'s place').to.equal(false);
      expect(shows(el, 'invite-panel'), 'the invite panel shows').to.equal(true);
      const panel = part(el, 'invite-panel');
      const input = part(el, 'invite-link') as HTMLInputElement;
      expect(input.value, 'with the link').to.equal(detail.link);
      expect(input.readOnly).to.equal(true);
      expect(focusedPart(el), 'focus is on the link').to.equal('invite-link');
      expect(panel?.textContent, 'it says who can get in').to.include(S.inviteNote);
      await moved;
      await el.updateComplete;
      expect(shows(el, 'invite-panel'), 'it stays while the chat joins the new room').to.equal(true);
      await expect(el).to.be.accessible();

      const copy = part(el, 'copy-invite')!;
      expect(copy.textContent.trim()).to.equal(S.copyInvite);
      copy.click();
      await eventually(() => copy.textContent.trim() === S.inviteCopied, 'the button never said it copied');
      expect(clipboard).to.deep.equal([detail.link]);
      await expect(el).to.be.accessible();

      input.focus();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(shows(el, 'invite-panel'), 'Escape closes the panel').to.equal(false);
      expect(focusedPart(el), 'focus goes back to the participant toggle').to.equal('participants');
      expect(el.session, 'closing the panel keeps the room').to.equal(detail.session);
    });

    it('the close button closes the panel, and so does leaving the room', async function () {
      this.timeout(30_000);
      const el = await onlineChat();
      await openList(el);
      const moved = onlineAgain(el);
      part(el, 'private-room')!.click();
      await el.updateComplete;
      part(el, 'invite-close')!.click();
      await el.updateComplete;
      expect(shows(el, 'invite-panel'), 'the close button closes it').to.equal(false);

      await moved;
      await openList(el);
      part(el, 'private-room')!.click();
      await el.updateComplete;
      expect(shows(el, 'invite-panel')).to.equal(true);
      el.session = uniqueSessionName('elsewhere');
      await el.updateComplete;
      expect(shows(el, 'invite-panel'), 'its link no longer leads where the chat is').to.equal(false);
    });
  });
});
