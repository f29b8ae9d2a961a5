import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { formatTime } from '../src/i18n/format-time.js';
import { toBase64url } from '../src/model/base64url.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import { DEFAULT_APP_ID } from '../src/session/chat-session.js';
import { personKeyFor } from '../src/session/person-key.js';
import { barrier, eventually, focusedPart, lineWith, linesEverywhere, openPeer, part, parts, renderedTexts, testBox, typeAndSubmit, uniquePerson, uniqueSessionName, waitForStatus, type Peer } from './helpers.js';

// The moderation UI as people use it, with clicks and keys, across real pages on the real server: the
// actions menu of a post (edit and delete your own, a moderator removes anyone's), the marks in the log
// and the participant list, a moderator's actions on people (mute, unmute, ban), and what the muted or
// banned person sees. This page is one person (its keyboard is the one the tests type on); iframes are
// the others. The room's behaviour behind each action is covered by moderation.test.ts.

const S = DEFAULT_STRINGS;

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
});

interface Room {
  /** This page's chat. */
  me: CroquetChat;
  /** The chats in iframes, in the order asked for. */
  others: CroquetChat[];
}

/**
 * A fresh room with this page and `count` iframe pages. `moderator` says who the `moderators` rule
 * names: this page, the first iframe, or nobody.
 */
async function room(prefix: string, { count = 1, moderator = 'none' }: { count?: number; moderator?: 'me' | 'peer' | 'none' } = {}): Promise<Room> {
  const session = uniqueSessionName(prefix);
  const users = Array.from({ length: count + 1 }, () => uniquePerson());
  // A person id is the page's key, which this origin's IndexedDB keeps per app id and user id: the
  // iframe with that user id loads the same key.
  const moderators = moderator === 'none' ? '' : (await personKeyFor(DEFAULT_APP_ID, users[moderator === 'me' ? 0 : 1])).personId;
  const shared = { session, box: testBox(), moderators };
  const me = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${users[0]} moderators=${moderators}></croquet-chat>`);
  const others: CroquetChat[] = [];
  for (const userId of users.slice(1)) {
    const peer = await openPeer({ ...shared, 'user-id': userId });
    peers.push(peer);
    others.push(peer.el);
  }
  const all = [me, ...others];
  for (const el of all) await waitForStatus(el, 'online');
  await eventually(() => all.every((el) => el.users.length === all.length), 'the pages never saw each other');
  if (moderator === 'me') expect(me.moderator, 'this page moderates').to.equal(true);
  if (moderator === 'peer') expect(others[0].moderator, 'the first peer moderates').to.equal(true);
  await Promise.all(all.map((el) => el.updateComplete));
  return { me, others };
}

function actionsButton(within: Element, name: 'message-actions' | 'person-actions'): HTMLButtonElement | null {
  return within.querySelector<HTMLButtonElement>(`[part~="${name}"]`);
}

/** The labels of the open menu's items. */
function menuLabels(el: CroquetChat): string[] {
  return parts(el, 'action').map((item) => item.textContent?.trim() ?? '');
}

/** The element focus is on inside `el`'s shadow root. */
function focused(el: CroquetChat): Element | null {
  return el.shadowRoot!.activeElement;
}

/** Presses `key` on this page and lets the element render what followed. */
async function press(el: CroquetChat, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

/** Opens the participant list of `el` and returns its entry for `name`. */
async function listEntry(el: CroquetChat, name: string): Promise<HTMLElement | undefined> {
  if (!part(el, 'participant-list')) {
    part(el, 'participants')!.click();
    await el.updateComplete;
  }
  return parts(el, 'participant').find((entry) => entry.querySelector('.person-name')?.textContent === name);
}

/** The composer inside `el` (it reflects `disabled`). */
function composer(el: CroquetChat): HTMLElement {
  return el.shadowRoot!.querySelector('croquet-chat-composer')!;
}

describe('<croquet-chat> moderation UI', () => {
  describe('your own posts', () => {
    it('edits your own post from its actions menu: Escape cancels, Enter saves, and the other page sees the new text and "edited"', async function () {
      this.timeout(60_000);
      const { me, others: [other] } = await room('ui-edit');
      me.send('first draft');
      const [mine, theirs] = await linesEverywhere('first draft', me, other);

      const button = actionsButton(mine, 'message-actions')!;
      expect(button.localName).to.equal('button');
      expect(button.getAttribute('aria-label')).to.equal(S.messageActions(me.nickname));
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      // On someone else's post: reply and react only.
      actionsButton(theirs, 'message-actions')!.click();
      await other.updateComplete;
      expect(menuLabels(other), 'no Edit or Delete on someone else\'s post').to.deep.equal([S.reply, S.react]);
      await press(other, 'Escape');

      // A keyboard user opens the menu: focus goes to its first item.
      button.focus();
      await press(me, 'Enter');
      const menu = part(me, 'actions-menu')!;
      expect(menu.getAttribute('role')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(button.getAttribute('aria-controls')).to.equal(menu.id);
      expect(menuLabels(me)).to.deep.equal([S.reply, S.react, S.edit, S.delete]);
      expect(parts(me, 'action').map((item) => item.getAttribute('role'))).to.deep.equal(['menuitem', 'menuitem', 'menuitem', 'menuitem']);
      expect(focused(me) === parts(me, 'action')[0], 'focus on the first item').to.equal(true);

      // Edit, then Escape: the text stays, focus is back on the button.
      await press(me, 'ArrowDown');
      await press(me, 'ArrowDown');
      expect(focused(me)?.textContent?.trim()).to.equal(S.edit);
      await press(me, 'Enter');
      await eventually(() => focusedPart(me) === 'edit-input', 'the edit input never took focus');
      expect(part(me, 'actions-menu'), 'the menu closed').to.equal(null);
      expect(part(me, 'edit-form')).to.not.equal(null);
      expect((part(me, 'edit-input') as HTMLTextAreaElement).value).to.equal('first draft');
      expect(actionsButton(mine, 'message-actions'), 'no actions while editing').to.equal(null);
      await sendKeys({ type: ' and more' });
      await press(me, 'Escape');
      const again = () => actionsButton(mine, 'message-actions');
      await eventually(() => part(me, 'edit-form') === null && again() !== null && focused(me) === again(), 'Escape never closed the form with focus on the button');
      expect(mine.querySelector('[part~="text"]')!.textContent).to.equal('first draft');

      // ArrowDown opens the menu too; Edit, new words, Enter saves.
      await press(me, 'ArrowDown');
      expect(focused(me) === parts(me, 'action')[0], 'focus on the first item').to.equal(true);
      await press(me, 'End'); // Delete
      await press(me, 'ArrowUp'); // Edit
      expect(focused(me)?.textContent?.trim()).to.equal(S.edit);
      await press(me, 'Enter');
      await eventually(() => focusedPart(me) === 'edit-input', 'the edit input never took focus');
      (part(me, 'edit-input') as HTMLTextAreaElement).select();
      await sendKeys({ type: 'second thought' });
      await press(me, 'Enter');
      await eventually(() => part(me, 'edit-form') === null && again() !== null && focused(me) === again(), 'Enter never closed the form with focus on the button');

      for (const [el, line] of [[me, mine], [other, theirs]] as const) {
        await eventually(() => line.querySelector('[part~="text"]')?.textContent === 'second thought', 'the new text never showed');
        await eventually(() => line.querySelector('[part~="edited"]')?.textContent === S.edited, 'the post never showed "edited"');
        expect(el.messages.find((message) => message.text === 'second thought')).to.include({ edited: true });
      }
    });

    it('deletes your own post from the keyboard: a "Message deleted" tombstone on both pages, muted and upright, without actions', async function () {
      this.timeout(60_000);
      const { me, others: [other] } = await room('ui-delete');
      me.send('regrettable');
      const [mine, theirs] = await linesEverywhere('regrettable', me, other);

      actionsButton(mine, 'message-actions')!.focus();
      await press(me, 'ArrowUp'); // opens on the last item
      expect(focused(me)?.textContent?.trim()).to.equal(S.delete);
      await press(me, 'Enter');

      for (const line of [mine, theirs]) {
        await eventually(() => line.querySelector('[part~="removed"]')?.textContent === S.messageDeleted, 'the tombstone never showed');
        expect(line.querySelector('[part~="text"]'), 'the text is gone').to.equal(null);
        expect(actionsButton(line, 'message-actions'), 'no actions on a tombstone').to.equal(null);
        const removed = line.querySelector('[part~="removed"]')!;
        expect(getComputedStyle(removed).fontStyle).to.equal('normal');
        expect(getComputedStyle(removed).color, 'the muted colour, as the time').to.equal(getComputedStyle(line.querySelector('[part~="time"]')!).color);
      }
      expect(focusedPart(me), 'focus moved to the log when the button went').to.equal('log');
      expect(me.messages.find((message) => message.deleted)).to.include({ moderated: false, text: '' });
    });
  });

  describe('moderators', () => {
    it('a moderator removes another person\'s post: "Removed by a moderator" on every page', async function () {
      this.timeout(60_000);
      const { me, others: [alice, bob] } = await room('ui-remove', { count: 2, moderator: 'me' });
      alice.send('something rude');
      const lines = await linesEverywhere('something rude', me, alice, bob);
      const button = actionsButton(lines[0], 'message-actions')!;
      expect(button.getAttribute('aria-label')).to.equal(S.messageActions(alice.nickname));
      actionsButton(lines[2], 'message-actions')!.click();
      await bob.updateComplete;
      expect(menuLabels(bob), 'bob may not remove alice\'s post').to.deep.equal([S.reply, S.react]);
      await press(bob, 'Escape');

      button.click();
      await me.updateComplete;
      expect(menuLabels(me), 'a moderator may only remove someone else\'s post (and reply or react)').to.deep.equal([S.reply, S.react, S.remove]);
      parts(me, 'action').find((item) => item.textContent?.trim() === S.remove)!.click();

      for (const line of lines) {
        await eventually(() => line.querySelector('[part~="removed"]')?.textContent === S.removedByModerator, 'the tombstone never showed');
        expect(line.querySelector('[part~="text"]')).to.equal(null);
        expect(actionsButton(line, 'message-actions')).to.equal(null);
      }
      // Her own line on her page had its button, which went with the text.
      expect(alice.messages.find((message) => message.deleted)).to.include({ moderated: true });
    });

    it('a non-moderator has actions only on their own posts and none on people; moderators are marked in the list', async function () {
      this.timeout(60_000);
      const { me, others: [mod] } = await room('ui-plain', { moderator: 'peer' });
      mod.send('from the moderator');
      me.send('from me');
      await linesEverywhere('from me', me, mod);
      const [theirs] = await linesEverywhere('from the moderator', me);
      actionsButton(theirs, 'message-actions')!.click();
      await me.updateComplete;
      expect(menuLabels(me), 'reply and react only on the moderator\'s post').to.deep.equal([S.reply, S.react]);
      await press(me, 'Escape');
      expect(actionsButton(lineWith(me, 'from me'), 'message-actions')).to.not.equal(null);
      expect(parts(me, 'message-actions')).to.have.length(2);
      // The moderator sees buttons on both.
      expect(parts(mod, 'message-actions')).to.have.length(2);

      const modEntry = (await listEntry(me, mod.nickname))!;
      expect(modEntry.querySelector('[part~="moderator-badge"]')?.textContent).to.equal(S.moderatorBadge);
      expect(parts(me, 'person-actions'), 'no person actions for a non-moderator').to.have.length(0);
      // The moderator has none on themselves, and one on me.
      expect((await listEntry(mod, mod.nickname))!.querySelector('[part~="person-actions"]')).to.equal(null);
      expect(actionsButton((await listEntry(mod, me.nickname))!, 'person-actions')).to.not.equal(null);
      await expect(me).shadowDom.to.be.accessible();
    });

    it('mutes a person from the participant list: they see the bar and cannot send, others see the mark; unmute lifts it', async function () {
      this.timeout(90_000);
      const { me, others: [alice, bob] } = await room('ui-mute', { count: 2, moderator: 'me' });
      expect(parts(me, 'participant-self').length + parts(me, 'participant').length).to.equal(0); // the list starts closed
      const entry = (await listEntry(me, alice.nickname))!;
      expect(parts(me, 'participant-self')[0].querySelector('[part~="person-actions"]'), 'none on yourself').to.equal(null);
      const button = actionsButton(entry, 'person-actions')!;
      expect(button.getAttribute('aria-label')).to.equal(S.personActions(alice.nickname));
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');

      button.focus();
      await press(me, 'Enter');
      expect(menuLabels(me)).to.deep.equal([S.muteFor(10), S.muteUntilUnmuted, S.ban]);
      expect(focused(me)?.textContent?.trim()).to.equal(S.muteFor(10));
      const before = Date.now();
      await press(me, 'Enter');
      const after = Date.now();
      expect(focused(me), 'focus back on the person\'s button').to.equal(button);

      // Alice is told why and until when, and her composer is disabled with a reason.
      await eventually(() => part(alice, 'muted-bar') !== null, 'alice never saw the muted bar');
      const bar = part(alice, 'muted-bar')!;
      expect(bar.getAttribute('role')).to.equal('status');
      const ends = [before, after].map((at) => S.mutedUntil(formatTime(at + 10 * 60_000, 'en')));
      expect(ends, `"${bar.textContent}"`).to.include(bar.textContent);
      await eventually(() => composer(alice).hasAttribute('disabled'), 'alice\'s composer never disabled');
      await alice.updateComplete;
      expect(part(alice, 'reason')!.textContent).to.equal(S.composerMuted);
      typeAndSubmit(alice, 'can anyone hear me');
      await barrier(me, alice, bob);
      for (const el of [me, alice, bob]) expect(renderedTexts(el)).to.not.include('can anyone hear me');

      // The others see the mark.
      await eventually(() => entry.querySelector('[part~="muted-mark"]')?.textContent === S.mutedMark, 'the moderator never saw the muted mark');
      const bobsEntry = (await listEntry(bob, alice.nickname))!;
      await eventually(() => bobsEntry.querySelector('[part~="muted-mark"]') !== null, 'bob never saw the muted mark');

      // Until unmuted instead: the menu now offers Unmute as well. (Typing in alice's frame took the focus there.)
      button.focus();
      await press(me, 'ArrowDown');
      expect(menuLabels(me)).to.deep.equal([S.muteFor(10), S.muteUntilUnmuted, S.unmute, S.ban]);
      await press(me, 'ArrowDown');
      expect(focused(me)?.textContent?.trim()).to.equal(S.muteUntilUnmuted);
      await press(me, 'Enter');
      await eventually(() => part(alice, 'muted-bar')?.textContent === S.mutedIndefinitely, 'the bar never said "until unmuted"');

      // Unmute: ArrowUp opens on Ban, once more is Unmute.
      await press(me, 'ArrowUp');
      await press(me, 'ArrowUp');
      expect(focused(me)?.textContent?.trim()).to.equal(S.unmute);
      await press(me, 'Enter');
      await eventually(() => part(alice, 'muted-bar') === null && !composer(alice).hasAttribute('disabled'), 'the mute never lifted for alice');
      await eventually(() => entry.querySelector('[part~="muted-mark"]') === null && bobsEntry.querySelector('[part~="muted-mark"]') === null, 'the marks never went');
      expect(part(alice, 'reason')).to.equal(null);
      typeAndSubmit(alice, 'back again');
      await linesEverywhere('back again', me, alice, bob);
    });

    it('bans a person: they leave the others\' lists (the moderators\' keep them, to lift the ban) and see the banned bar', async function () {
      this.timeout(60_000);
      const { me, others: [alice, bob] } = await room('ui-ban', { count: 2, moderator: 'me' });
      const bobsList = async () => (await listEntry(bob, alice.nickname)) !== undefined;
      expect(await bobsList()).to.equal(true);
      actionsButton((await listEntry(me, alice.nickname))!, 'person-actions')!.focus();
      await press(me, 'ArrowDown');
      await press(me, 'End');
      expect(focused(me)?.textContent?.trim()).to.equal(S.ban);
      await press(me, 'Enter');

      await eventually(() => part(alice, 'muted-bar')?.textContent === S.banned, 'alice never saw the banned bar');
      await eventually(() => composer(alice).hasAttribute('disabled'), 'alice\'s composer never disabled');
      await alice.updateComplete;
      expect(part(alice, 'reason')!.textContent).to.equal(S.composerBanned);
      await eventually(() => bob.users.length === 2, 'alice never left bob\'s list');
      await eventually(() => me.users.find((user) => user.nickname === alice.nickname)?.banned === true, 'the moderator never saw the ban');
      await Promise.all([me.updateComplete, bob.updateComplete]);
      expect(await bobsList()).to.equal(false);
      expect(await listEntry(me, alice.nickname), 'the moderator still lists her, marked').to.not.equal(undefined);
      expect(parts(me, 'participant')).to.have.length(3);
      expect(focusedPart(me), 'focus went to the participant toggle with the button').to.equal('participants');
    });
  });

  describe('menus', () => {
    it('move with the arrows (wrapping), Home and End; Escape returns focus; Tab and a click outside close; one is open at a time', async function () {
      this.timeout(60_000);
      const { me, others: [alice] } = await room('ui-keys', { moderator: 'me' });
      me.send('my words');
      const [mine] = await linesEverywhere('my words', me);
      const button = actionsButton(mine, 'message-actions')!;
      button.focus();
      await press(me, 'Space');
      const items = parts(me, 'action');
      expect(items).to.have.length(4); // reply, react, edit, delete
      const at = (index: number) => focused(me) === items[index];
      expect(at(0), 'focus on the first').to.equal(true);
      await press(me, 'ArrowDown');
      expect(at(1), 'down one').to.equal(true);
      await press(me, 'End');
      await press(me, 'ArrowDown');
      expect(at(0), 'wraps to the first').to.equal(true);
      await press(me, 'ArrowUp');
      expect(at(3), 'wraps to the last').to.equal(true);
      await press(me, 'Home');
      expect(at(0), 'Home').to.equal(true);
      await press(me, 'End');
      expect(at(3), 'End').to.equal(true);
      await press(me, 'Escape');
      expect(part(me, 'actions-menu')).to.equal(null);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(focused(me)).to.equal(button);

      // Tab leaves the menu and closes it.
      await press(me, 'Enter');
      expect(part(me, 'actions-menu')).to.not.equal(null);
      await press(me, 'Tab');
      await eventually(() => part(me, 'actions-menu') === null, 'Tab never closed the menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');

      // A click outside closes it.
      button.click();
      await me.updateComplete;
      expect(part(me, 'actions-menu')).to.not.equal(null);
      const header = part(me, 'status')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(header.left + header.width / 2), Math.round(header.top + header.height / 2)] });
      await me.updateComplete;
      expect(part(me, 'actions-menu')).to.equal(null);
      expect(button.getAttribute('aria-expanded')).to.equal('false');

      // Opening another menu closes the first: one menu at a time.
      button.click();
      await me.updateComplete;
      const personButton = actionsButton((await listEntry(me, alice.nickname))!, 'person-actions')!;
      personButton.click();
      await me.updateComplete;
      expect(parts(me, 'actions-menu')).to.have.length(1);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(personButton.getAttribute('aria-expanded')).to.equal('true');
      expect(menuLabels(me)).to.deep.equal([S.muteFor(10), S.muteUntilUnmuted, S.ban]);
      await press(me, 'Escape');
      expect(focused(me)).to.equal(personButton);
      await sendMouse({ type: 'move', position: [0, 0] });
    });

    it('is accessible with a post\'s menu open, a person\'s menu open, and the edit form open', async function () {
      this.timeout(60_000);
      const { me, others: [alice] } = await room('ui-a11y-menus', { moderator: 'me' });
      alice.send('hello from alice');
      me.send('hello from me');
      await linesEverywhere('hello from me', me);
      const [theirs] = await linesEverywhere('hello from alice', me);
      actionsButton(theirs, 'message-actions')!.click();
      await me.updateComplete;
      expect(part(me, 'actions-menu')).to.not.equal(null);
      await expect(me).shadowDom.to.be.accessible();

      await press(me, 'Escape');
      actionsButton((await listEntry(me, alice.nickname))!, 'person-actions')!.click();
      await me.updateComplete;
      expect(part(me, 'actions-menu')).to.not.equal(null);
      await expect(me).shadowDom.to.be.accessible();

      await press(me, 'Escape');
      actionsButton(lineWith(me, 'hello from me'), 'message-actions')!.click();
      await me.updateComplete;
      parts(me, 'action').find((item) => item.textContent?.trim() === S.edit)!.click();
      await eventually(() => part(me, 'edit-form') !== null, 'the edit form never opened');
      await expect(me).shadowDom.to.be.accessible();
      part(me, 'edit-cancel')!.click();
      await eventually(() => part(me, 'edit-form') === null, 'Cancel never closed the form');
    });
  });

  describe('what the moderated see', () => {
    it('marks posts that waited their turn and were refused by a mute as "Not sent", to send again or discard', async function () {
      this.timeout(40_000);
      // This page is alice (axe checks a page's own document), the peer moderates.
      const { me: alice, others: [me] } = await room('refused', { moderator: 'peer' });
      // Eight at once: the room takes a burst of five, the rest wait their turn a second apart.
      const texts = Array.from({ length: 8 }, (_, i) => `line ${i + 1}`);
      for (const text of texts) expect(alice.send(text)).to.equal(true);
      await eventually(() => renderedTexts(me).includes('line 5'), 'the burst never arrived');
      expect(me.mute(alice.personId, 0)).to.equal(true);
      const failedTexts = () => parts(alice, 'failed-message').map((line) => line.querySelector('[part~="text"]')!.textContent);
      // The last line waited longest (three seconds after the burst): the mute landed before it went.
      await eventually(() => failedTexts().at(-1) === 'line 8' && alice.muted && parts(alice, 'pending-message').length === 0, 'line 8 was never refused', 15_000);
      await alice.updateComplete;
      const refused = failedTexts();
      await barrier(me, alice);
      for (const text of refused) expect(renderedTexts(me), 'the room has none of the refused').to.not.include(text);
      const line = parts(alice, 'failed-message').at(-1)!;
      expect(line.querySelector('[part~="failed-status"]')!.textContent).to.equal(S.notSent);
      await expect(alice).to.be.accessible();

      // Still muted: sending again keeps it here, not sent. Unmuted: it goes, and a discarded one is gone.
      (line.querySelector('[part~="send-again"]') as HTMLButtonElement).click();
      await alice.updateComplete;
      expect(failedTexts()).to.deep.equal(refused);
      expect(me.unmute(alice.personId)).to.equal(true);
      await eventually(() => !alice.muted, 'alice was never unmuted');
      await alice.updateComplete;
      (parts(alice, 'failed-message').at(-1)!.querySelector('[part~="send-again"]') as HTMLButtonElement).click();
      await linesEverywhere('line 8', me, alice);
      if (refused.length > 1) {
        (parts(alice, 'failed-message')[0].querySelector('[part~="discard"]') as HTMLButtonElement).click();
        await alice.updateComplete;
        expect(failedTexts()).to.deep.equal(refused.slice(1, -1));
      }
    });

    it('is accessible while muted, with tombstones, edited posts and marks in the log and the list', async function () {
      this.timeout(60_000);
      const { me, others: [mod] } = await room('ui-a11y-muted', { moderator: 'peer' });
      me.send('to be edited');
      me.send('to be removed');
      const [edited, removed] = [(await linesEverywhere('to be edited', me, mod))[0], (await linesEverywhere('to be removed', me, mod))[0]];
      expect(me.editMessage(me.messages.find((m) => m.text === 'to be edited')!.id, 'edited words')).to.equal(true);
      expect(mod.deleteMessage(mod.messages.find((m) => m.text === 'to be removed')!.id)).to.equal(true);
      await eventually(() => edited.querySelector('[part~="edited"]') !== null && removed.querySelector('[part~="removed"]') !== null, 'the edit and removal never showed');
      expect(removed.querySelector('[part~="removed"]')!.textContent).to.equal(S.removedByModerator);

      expect(mod.mute(me.personId, 0)).to.equal(true);
      await eventually(() => part(me, 'muted-bar')?.textContent === S.mutedIndefinitely, 'the muted bar never showed');
      await me.updateComplete;
      expect(composer(me).hasAttribute('disabled')).to.equal(true);
      // Muted, your own posts offer Delete only (an edit would not be stored).
      actionsButton(edited, 'message-actions')!.click();
      await me.updateComplete;
      expect(menuLabels(me)).to.deep.equal([S.delete]);
      await press(me, 'Escape');
      const self = await listEntry(me, me.nickname);
      expect(self!.querySelector('[part~="muted-mark"]')).to.not.equal(null);
      expect((await listEntry(me, mod.nickname))!.querySelector('[part~="moderator-badge"]')).to.not.equal(null);
      await expect(me).shadowDom.to.be.accessible();
      // Contrast holds in the dark scheme too.
      await emulateMedia({ colorScheme: 'dark' });
      try {
        await expect(me).shadowDom.to.be.accessible();
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });

    it('shows the verified mark after a vouched person\'s name in the log and the list', async function () {
      this.timeout(60_000);
      const site = await Site.create();
      const adaUser = uniquePerson();
      const token = await site.token({ sub: `u-${Math.random().toString(36).slice(2)}`, name: 'Ada Lovelace', key: (await personKeyFor(DEFAULT_APP_ID, adaUser)).personId });
      const session = uniqueSessionName('ui-verified');
      const me = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} site-key=${site.publicKey}></croquet-chat>`);
      const peer = await openPeer({ session, box: testBox(), 'site-key': site.publicKey, 'user-id': adaUser, 'user-token': token });
      peers.push(peer);
      const ada = peer.el;
      await waitForStatus(me, 'online');
      await waitForStatus(ada, 'online');
      await eventually(() => me.users.length === 2 && ada.verified, 'ada never arrived vouched for');
      ada.send('signed, Ada');
      me.send('just a guest');
      const [adasLine] = await linesEverywhere('signed, Ada', me);
      const [guestLine] = await linesEverywhere('just a guest', me);
      const mark = adasLine.querySelector('[part~="author"] [part~="verified"]')!;
      expect(mark, 'the mark follows the author\'s name').to.not.equal(null);
      expect(mark.textContent).to.contain(S.verified);
      expect(guestLine.querySelector('[part~="verified"]')).to.equal(null);
      const entry = (await listEntry(me, 'Ada Lovelace'))!;
      expect(entry.querySelector('[part~="verified"]')).to.not.equal(null);
      expect(parts(me, 'participant-self')[0].querySelector('[part~="verified"]')).to.equal(null);
      await expect(me).shadowDom.to.be.accessible();
    });
  });
});

/** A site: its key pair and the tokens it issues (compact JWTs, EdDSA), as its server would (see verified-people.test.ts). */
class Site {
  private constructor(
    readonly publicKey: string,
    private readonly privateKey: CryptoKey,
  ) {}

  static async create(): Promise<Site> {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    return new Site(toBase64url(raw), pair.privateKey);
  }

  async token(claims: { sub: string; name: string; key: string }): Promise<string> {
    const encode = (value: object) => toBase64url(new TextEncoder().encode(JSON.stringify(value)));
    const signingInput = `${encode({ alg: 'EdDSA', typ: 'JWT' })}.${encode({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, this.privateKey, new TextEncoder().encode(signingInput)));
    return `${signingInput}.${toBase64url(signature)}`;
  }
}
