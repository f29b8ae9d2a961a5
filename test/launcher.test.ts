import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { ChatModelOptions } from '../src/types.js';
import type { Peer } from './helpers.js';
import { BUSY_ROOM, eventually, focusedPart, openPeer, part, renderedTexts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// Launcher mode as people meet it: a round button in the corner of the window, a panel that opens above
// it (the whole screen on a phone), a badge for what arrived meanwhile. Real server; a second participant
// in an iframe where the test needs one.

const S = DEFAULT_STRINGS;
/** The defaults of --croquet-chat-launcher-inset, -launcher-size, -panel-width and -panel-height. */
const INSET = 16;
const LAUNCHER = 56;
const PANEL_WIDTH = 380;
const PANEL_HEIGHT = 600;

/** A fresh app id: the open state is remembered per app id and room in this tab. */
function uniqueAppId(): string {
  return `test.launcher.${Math.random().toString(36).slice(2, 10)}`;
}

/** A `<croquet-chat mode="launcher">` in a fresh room (with room rules `rules`) on the test server, online. */
async function launcherChat(options: { session?: string; dir?: string; rules?: ChatModelOptions } = {}): Promise<CroquetChat> {
  const el = await fixture<CroquetChat>(html`<croquet-chat mode="launcher" session=${options.session ?? uniqueSessionName('launcher')}
    app-id=${uniqueAppId()} box=${testBox()} user-id=${uniquePerson()} dir=${options.dir ?? 'ltr'} .modelOptions=${options.rules}></croquet-chat>`);
  await waitForStatus(el, 'online');
  await el.updateComplete;
  return el;
}

const launcher = (el: CroquetChat) => part(el, 'launcher') as HTMLButtonElement;
const panel = (el: CroquetChat) => part(el, 'launcher-panel')!;
const badge = (el: CroquetChat) => part(el, 'launcher-badge')!;

/** Whether `node` takes up room on the screen (a hidden panel has no box). */
function visible(node: Element): boolean {
  const rect = node.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

/** The panel after its fade-in: colours are final (for axe) once it is over. */
async function settled(el: CroquetChat): Promise<void> {
  await el.updateComplete;
  await Promise.all(panel(el).getAnimations().map((animation) => animation.finished));
}

async function press(el: CroquetChat, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

function rectOf(node: Element): { left: number; top: number; right: number; bottom: number } {
  const { left, top, right, bottom } = node.getBoundingClientRect();
  return { left: Math.round(left), top: Math.round(top), right: Math.round(right), bottom: Math.round(bottom) };
}

/** The layout viewport the fixed launcher and panel sit in (without scrollbars). */
function viewport(): { width: number; height: number } {
  return { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
}

describe('<croquet-chat mode="launcher">', () => {
  const initialSize = { width: window.innerWidth, height: window.innerHeight };
  let peer: Peer | undefined;
  afterEach(async () => {
    peer?.close();
    peer = undefined;
    await setViewport(initialSize);
  });

  it('inline stays the default: no launcher, the chat sits in the page as before', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('inline')} box=${testBox()} user-id=${uniquePerson()}></croquet-chat>`);
    await el.updateComplete;
    expect(el.mode).to.equal('inline');
    expect(el.hasAttribute('mode'), 'the default is not written onto the element').to.equal(false);
    expect(part(el, 'launcher')).to.equal(null);
    expect(part(el, 'launcher-panel')).to.equal(null);
    expect(part(el, 'launcher-close')).to.equal(null);
    expect(part(el, 'base')!.parentNode, 'the chat is the top of the shadow tree').to.equal(el.shadowRoot);
    expect(el.getBoundingClientRect().height, 'its usual 24rem in the flow').to.equal(24 * 16);
    expect(rectOf(part(el, 'base')!), 'where the element is in the page').to.deep.equal(rectOf(el));
  });

  it('opens and closes with the launcher button; opening puts focus in the composer', async () => {
    const el = await launcherChat();
    const button = launcher(el);
    expect(button.localName).to.equal('button');
    expect(button.getAttribute('aria-label')).to.equal(S.openChat(0));
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('aria-controls')).to.equal(panel(el).id);
    expect(el.shadowRoot!.getElementById(button.getAttribute('aria-controls')!)).to.equal(panel(el));
    expect(el.open).to.equal(false);
    expect(visible(part(el, 'base')!), 'the chat is out of sight while closed').to.equal(false);
    expect(visible(button)).to.equal(true);
    expect(badge(el).hidden, 'no badge with nothing unread').to.equal(true);
    expect(el.getBoundingClientRect().height, 'the element takes no room in the page').to.equal(0);

    const opened = oneEvent(el, 'croquet-chat-open');
    button.click();
    expect((await opened).detail).to.deep.equal({ open: true });
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(el.hasAttribute('open'), 'open is reflected').to.equal(true);
    expect(visible(part(el, 'base')!)).to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.getAttribute('aria-label')).to.equal(S.closeChat);
    expect(focusedPart(el)).to.equal('input');
    expect(el.status, 'the chat is as connected as ever').to.equal('online');

    const closed = oneEvent(el, 'croquet-chat-open');
    button.click();
    expect((await closed).detail).to.deep.equal({ open: false });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(visible(part(el, 'base')!)).to.equal(false);
    expect(button.getAttribute('aria-expanded')).to.equal('false');

    // The page may open it too (its own "Chat with us" link): that is not the person's doing, no event.
    let events = 0;
    el.addEventListener('croquet-chat-open', () => (events += 1));
    el.open = true;
    await el.updateComplete;
    expect(visible(part(el, 'base')!)).to.equal(true);
    expect(events).to.equal(0);
  });

  it('Escape closes the panel and gives focus back to the launcher, after an open menu or form had its own Escape', async function () {
    this.timeout(30_000);
    const el = await launcherChat();
    launcher(el).click();
    await el.updateComplete;
    expect(focusedPart(el)).to.equal('input');
    const events: boolean[] = [];
    el.addEventListener('croquet-chat-open', (event) => events.push(event.detail.open));

    // Any control inside that takes Escape for itself (it prevents the default) keeps the panel open.
    const input = part(el, 'input')!;
    const takeEscape = (event: KeyboardEvent) => event.key === 'Escape' && event.preventDefault();
    input.addEventListener('keydown', takeEscape);
    await press(el, 'Escape');
    input.removeEventListener('keydown', takeEscape);
    expect(el.open, 'an Escape taken inside leaves the panel open').to.equal(true);

    // The rename form: the first Escape cancels the rename only.
    part(el, 'nickname')!.click();
    await el.updateComplete;
    (part(el, 'name-input') as HTMLInputElement).focus();
    await press(el, 'Escape');
    expect(part(el, 'name-input'), 'the rename form closed').to.equal(null);
    expect(el.open, 'the panel stays open').to.equal(true);

    // A post's actions menu: the first Escape closes the menu only.
    el.send('mine');
    await eventually(() => renderedTexts(el).includes('mine') && part(el, 'message-actions') !== null, 'my post never showed');
    part(el, 'message-actions')!.focus();
    await press(el, 'Enter');
    expect(part(el, 'actions-menu'), 'the menu opened').to.not.equal(null);
    await press(el, 'Escape');
    expect(part(el, 'actions-menu'), 'the menu closed').to.equal(null);
    expect(el.open, 'the panel stays open').to.equal(true);
    expect(events).to.deep.equal([]);

    // Then Escape anywhere in the panel closes it.
    await press(el, 'Escape');
    expect(el.open).to.equal(false);
    expect(visible(part(el, 'base')!)).to.equal(false);
    expect(focusedPart(el)).to.equal('launcher');
    expect(events).to.deep.equal([false]);
  });

  it('the close button closes the panel and gives focus back to the launcher', async () => {
    const el = await launcherChat();
    launcher(el).click();
    await el.updateComplete;
    const close = part(el, 'launcher-close') as HTMLButtonElement;
    expect(close.localName).to.equal('button');
    expect(close.getAttribute('aria-label')).to.equal(S.closeChat);
    expect(visible(close)).to.equal(true);
    const closed = oneEvent(el, 'croquet-chat-open');
    close.focus();
    await press(el, 'Enter');
    expect((await closed).detail).to.deep.equal({ open: false });
    expect(el.open).to.equal(false);
    expect(visible(part(el, 'base')!)).to.equal(false);
    expect(focusedPart(el)).to.equal('launcher');
  });

  it('counts posts from others on the badge while closed, and clears them when opened at the newest', async function () {
    this.timeout(40_000);
    const session = uniqueSessionName('launcher-unread');
    const el = await launcherChat({ session, rules: BUSY_ROOM }); // 25 posts at once from one person
    peer = await openPeer({ session, box: testBox(), 'app-id': el.appId }, undefined, undefined, BUSY_ROOM);
    await waitForStatus(peer.el, 'online');
    await eventually(() => el.users.length === 2, 'the peer never arrived');
    const unreadEvents: number[] = [];
    el.addEventListener('croquet-chat-unread', (event) => unreadEvents.push(event.detail.unread));

    for (let i = 1; i <= 25; i++) peer.el.send(`while closed ${i}`);
    await eventually(() => el.unread === 25, `unread is ${el.unread}`);
    await el.updateComplete;
    expect(el.status, 'connected while closed').to.equal('online');
    expect(badge(el).hidden).to.equal(false);
    expect(visible(badge(el))).to.equal(true);
    expect(badge(el).textContent).to.equal('25');
    expect(launcher(el).getAttribute('aria-label')).to.equal(S.openChat(25));
    expect(unreadEvents.at(-1)).to.equal(25);

    launcher(el).click();
    await el.updateComplete;
    expect(el.unread).to.equal(0);
    expect(unreadEvents.at(-1)).to.equal(0);
    expect(badge(el).hidden).to.equal(true);
    const log = part(el, 'log')!;
    expect(log.scrollHeight, 'enough posts to scroll').to.be.above(log.clientHeight);
    expect(log.scrollHeight - log.scrollTop - log.clientHeight, 'opened at the newest post').to.be.below(2);

    // Read as they come while open.
    peer.el.send('while open');
    await eventually(() => renderedTexts(el).includes('while open'), 'the post never showed');
    await el.updateComplete;
    expect(el.unread).to.equal(0);
    expect(badge(el).hidden).to.equal(true);
  });

  it('stays open (or closed) across a reload of the tab; an open attribute in the markup wins', async function () {
    this.timeout(30_000);
    const appId = uniqueAppId();
    const session = uniqueSessionName('launcher-reload');
    /** The same chat as a reloaded page builds it: a new element with the same app id and room. */
    const load = async (markupOpen = false): Promise<CroquetChat> => {
      const el = document.createElement('croquet-chat');
      for (const [name, value] of Object.entries({ mode: 'launcher', session, 'app-id': appId, box: testBox() })) el.setAttribute(name, value);
      if (markupOpen) el.setAttribute('open', '');
      document.body.append(el);
      await el.updateComplete;
      return el;
    };
    const reload = async (el: CroquetChat, markupOpen = false) => {
      el.remove();
      return load(markupOpen);
    };

    let el = await load();
    try {
      expect(el.open, 'closed at first').to.equal(false);
      launcher(el).click();
      await el.updateComplete;
      el = await reload(el);
      expect(el.open, 'open again after the reload').to.equal(true);
      expect(visible(part(el, 'base')!)).to.equal(true);
      expect(focusedPart(el), 'a restored panel does not take focus').to.equal(null);

      (part(el, 'launcher-close') as HTMLButtonElement).click();
      await el.updateComplete;
      el = await reload(el);
      expect(el.open, 'closed again after the reload').to.equal(false);
      expect(visible(part(el, 'base')!)).to.equal(false);

      el = await reload(el, true);
      expect(el.open, 'the markup asked for open').to.equal(true);
      expect(visible(part(el, 'base')!)).to.equal(true);
    } finally {
      el.remove();
    }
  });

  it('sits in the inline-end bottom corner on a desktop, with the panel above the launcher', async () => {
    await setViewport({ width: 1280, height: 800 });
    const el = await launcherChat();
    const { width, height } = viewport();
    expect(rectOf(launcher(el))).to.deep.equal({ left: width - INSET - LAUNCHER, top: height - INSET - LAUNCHER, right: width - INSET, bottom: height - INSET });
    expect(getComputedStyle(launcher(el)).position).to.equal('fixed');
    launcher(el).click();
    await settled(el);
    const bottom = height - INSET * 2 - LAUNCHER;
    expect(rectOf(panel(el))).to.deep.equal({ left: width - INSET - PANEL_WIDTH, top: bottom - PANEL_HEIGHT, right: width - INSET, bottom });
    expect(rectOf(part(el, 'base')!), 'the chat fills the panel').to.deep.equal(rectOf(panel(el)));
  });

  it('fills the screen on a phone', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await launcherChat();
    launcher(el).click();
    await settled(el);
    const { width, height } = viewport();
    expect(width).to.equal(390);
    expect(rectOf(panel(el))).to.deep.equal({ left: 0, top: 0, right: width, bottom: height });
    expect(rectOf(part(el, 'base')!)).to.deep.equal({ left: 0, top: 0, right: width, bottom: height });
    expect(visible(part(el, 'launcher-close')!), 'the close button is there to leave it').to.equal(true);
  });

  it('mirrors to the left in a right-to-left page', async () => {
    await setViewport({ width: 1280, height: 800 });
    const el = await launcherChat({ dir: 'rtl' });
    const { height } = viewport();
    expect(rectOf(launcher(el))).to.include({ left: INSET, bottom: height - INSET });
    launcher(el).click();
    await settled(el);
    expect(rectOf(panel(el))).to.include({ left: INSET, right: INSET + PANEL_WIDTH });
    const close = rectOf(part(el, 'launcher-close')!);
    expect(close.left - INSET, 'the close button at the inline end (the left)').to.be.below(12);
  });

  it('is accessible closed (with unread posts) and open', async function () {
    this.timeout(40_000);
    const session = uniqueSessionName('launcher-a11y');
    const el = await launcherChat({ session });
    await expect(el).to.be.accessible();
    peer = await openPeer({ session, box: testBox(), 'app-id': el.appId });
    await waitForStatus(peer.el, 'online');
    peer.el.send('hello');
    await eventually(() => el.unread === 1, 'the post never counted');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    launcher(el).click();
    await settled(el);
    await expect(el).to.be.accessible();
  });
});
