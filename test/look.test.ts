import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { BUSY_ROOM, eventually, focusedPart, onlineChat, openPeer, part, parts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// The default look as two people see it: this page and a peer in an iframe, over the real server.

const rect = (el: Element) => el.getBoundingClientRect();

/** The posts of `el`'s log whose text is `text`. */
function postsSaying(el: CroquetChat, text: string): HTMLElement[] {
  return parts(el, 'message').filter((message) => message.querySelector('[part~="text"]')?.textContent === text);
}

/** This page and a peer in one fresh room, both online and seeing each other. */
async function pair(prefix: string, attributes: Record<string, string> = {}): Promise<{ el: CroquetChat; peer: Peer; session: string }> {
  const session = uniqueSessionName(prefix);
  const el = await onlineChat(session, {}, undefined, BUSY_ROOM);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  const peer = await openPeer({ session, box: testBox() }, undefined, 400, BUSY_ROOM);
  await waitForStatus(peer.el, 'online');
  await eventually(() => el.users.length === 2, 'the peer never arrived');
  return { el, peer, session };
}

async function postAndSee(from: CroquetChat, texts: string[], ...readers: CroquetChat[]): Promise<void> {
  for (const text of texts) expect(from.send(text), `send "${text}"`).to.equal(true);
  await eventually(() => [from, ...readers].every((reader) => texts.every((text) => postsSaying(reader, text).length === 1)), 'the posts never arrived');
  await Promise.all([from, ...readers].map((reader) => reader.updateComplete));
}

describe('<croquet-chat> look', () => {
  let peer: Peer | undefined;
  afterEach(async () => {
    peer?.close();
    peer = undefined;
    await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
  });

  it('puts others\' posts at the inline start under their avatar and name, and your own at the inline end, in both directions', async function () {
    this.timeout(30_000);
    const room = await pair('sides');
    peer = room.peer;
    const { el } = room;
    el.style.width = '480px';
    await postAndSee(peer.el, ['first from the peer', 'second from the peer'], el);
    await postAndSee(el, ['mine'], peer.el);

    const log = rect(part(el, 'log')!);
    const [first] = postsSaying(el, 'first from the peer');
    const [second] = postsSaying(el, 'second from the peer');
    const [mine] = postsSaying(el, 'mine');
    // The group starts with the avatar and the name; the next post of the group has neither.
    expect(first.querySelector('[part~="avatar"]')!.textContent, 'the peer\'s initials').to.equal(initialsOf(peer.el.nickname));
    expect(first.querySelector('[part~="author"]')!.textContent).to.equal(peer.el.nickname);
    expect(second.querySelector('[part~="avatar"], [part~="author"]')).to.equal(null);
    const bubble = (post: HTMLElement) => rect(post.querySelector('[part~="text"]')!);
    expect(bubble(first).left - log.left, 'others at the start').to.be.below(80);
    expect(log.right - bubble(mine).right, 'yours at the end').to.be.below(40);
    expect(mine.querySelector('[part~="avatar"]'), 'no avatar beside your own posts').to.equal(null);

    el.dir = 'rtl';
    await el.updateComplete;
    const mirrored = rect(part(el, 'log')!);
    expect(bubble(mine).left - mirrored.left, 'yours at the end, on the left in RTL').to.be.below(40);
    expect(mirrored.right - bubble(first).right, 'others at the start, on the right in RTL').to.be.below(80);
    await expect(el).to.be.accessible();
  });

  it('gives each person one avatar colour, on every page and in the header', async function () {
    this.timeout(30_000);
    const room = await pair('avatar-colour');
    peer = room.peer;
    const { el } = room;
    await postAndSee(peer.el, ['from the peer'], el);
    await postAndSee(el, ['from this page'], peer.el);
    const colour = (avatar: Element | null | undefined) => getComputedStyle(avatar!).backgroundColor;
    const peerInMyLog = postsSaying(el, 'from the peer')[0].querySelector('[part~="avatar"]');
    const myInPeerLog = postsSaying(peer.el, 'from this page')[0].querySelector('[part~="avatar"]');
    const peerHeader = peer.el.shadowRoot!.querySelector('[part~="header"] [part~="avatar"]');
    const myHeader = el.shadowRoot!.querySelector('[part~="header"] [part~="avatar"]');
    expect(colour(peerInMyLog)).to.equal(colour(peerHeader));
    expect(colour(myInPeerLog)).to.equal(colour(myHeader));
    expect(myInPeerLog!.textContent).to.equal(initialsOf(el.nickname));
  });

  it('shows a group\'s time once, and each later post\'s own time on hover and on focus', async function () {
    this.timeout(30_000);
    await emulateMedia({ reducedMotion: 'reduce' }); // no fade: the test reads the end state
    const room = await pair('times');
    peer = room.peer;
    const { el } = room;
    await postAndSee(peer.el, ['one', 'two'], el);
    const [one] = postsSaying(el, 'one');
    const [two] = postsSaying(el, 'two');
    const opacity = (post: HTMLElement) => Number(getComputedStyle(post.querySelector('[part~="time"]')!).opacity);
    expect(opacity(one), 'the group\'s time').to.equal(1);
    expect(opacity(two), 'a later post\'s time at rest').to.equal(0);
    // Never wraps the text: the time stays on the bubble's line.
    expect(rect(two.querySelector('[part~="time"]')!).bottom).to.be.closeTo(rect(two.querySelector('[part~="text"]')!).bottom, 12);
    const box = rect(two.querySelector('[part~="text"]')!);
    await sendMouse({ type: 'move', position: [Math.round(box.left + 5), Math.round(box.top + box.height / 2)] });
    expect(opacity(two), 'on hover').to.equal(1);
    await sendMouse({ type: 'move', position: [0, 0] });
    expect(opacity(two)).to.equal(0);
  });

  it('density="compact" keeps the log look: "Name:" before each group, no avatars, no bubbles', async function () {
    this.timeout(30_000);
    const room = await pair('compact', { density: 'compact' });
    peer = room.peer;
    const { el } = room;
    await postAndSee(peer.el, ['compact line'], el);
    const [line] = postsSaying(el, 'compact line');
    expect(line.querySelector('[part~="avatar"]')).to.equal(null);
    const author = line.querySelector('[part~="author"]')!;
    expect(getComputedStyle(author, '::after').content).to.equal('":"');
    expect(rect(author).top, 'name and text on one line').to.be.closeTo(rect(line.querySelector('[part~="text"]')!).top, 4);
    await expect(el).to.be.accessible();
  });

  it('summarises who came and went in one line; presence-lines="all" shows each, "none" none', async function () {
    this.timeout(40_000);
    const session = uniqueSessionName('presence');
    const el = await onlineChat(session);
    const presenceTexts = () => parts(el, 'presence-message').map((line) => line.querySelector('[part~="text"]')!.textContent);
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    const second = await openPeer({ session, box: testBox() });
    try {
      await waitForStatus(second.el, 'online');
      await eventually(() => el.users.length === 3, 'the peers never arrived');
      const names = [peer.el.nickname, second.el.nickname];
      second.close();
      await eventually(() => el.users.length === 2, 'the second peer never left');
      await el.updateComplete;
      // Your own arrival, the peer's, and the second peer who came and went: one line, naming only the peer.
      await eventually(() => presenceTexts().length === 1 && presenceTexts()[0].includes(names[0]), `one line, got ${JSON.stringify(presenceTexts())}`);
      expect(presenceTexts()[0]).not.to.include(names[1]);

      el.setAttribute('presence-lines', 'all');
      await el.updateComplete;
      // Every line as the room keeps them (it coalesces arrivals in a row): the second peer's leave too.
      expect(presenceTexts().length, 'every line').to.be.at.least(2);
      expect(presenceTexts().at(-1)).to.equal(DEFAULT_STRINGS.left([names[1]]));
      el.setAttribute('presence-lines', 'none');
      await el.updateComplete;
      expect(presenceTexts()).to.deep.equal([]);
    } finally {
      second.close();
    }
  });

  it('gives every text and every name its own direction, so "(note) 50% off!" reads right in an Arabic room', async function () {
    this.timeout(30_000);
    const room = await pair('bidi');
    peer = room.peer;
    const { el } = room;
    el.dir = 'rtl';
    el.lang = 'ar';
    await postAndSee(peer.el, ['(note) 50% off!', 'مرحبا بكم'], el);
    const [latin] = postsSaying(el, '(note) 50% off!');
    const [arabic] = postsSaying(el, 'مرحبا بكم');
    for (const node of [latin.querySelector('[part~="text"]')!, arabic.querySelector('[part~="text"]')!, latin.querySelector('[part~="author"] [dir]')!]) {
      expect(node.getAttribute('dir'), node.textContent ?? '').to.equal('auto');
    }
    expect(getComputedStyle(latin.querySelector('[part~="text"]')!).direction).to.equal('ltr');
    expect(getComputedStyle(arabic.querySelector('[part~="text"]')!).direction).to.equal('rtl');
    // The "!" stays at the end: the text's last glyph is its rightmost in a left-to-right island.
    const walker = document.createTreeWalker(latin.querySelector('[part~="text"]')!, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode()!;
    while (!text.textContent!.trim()) text = walker.nextNode()!;
    const range = document.createRange();
    range.setStart(text, text.textContent!.length - 1);
    range.setEnd(text, text.textContent!.length);
    expect(range.getBoundingClientRect().right).to.be.closeTo(rect(latin.querySelector('[part~="text"]')!).right, 2);
  });

  it('shows "/me waves" as an action line, "* Fig waves", on every page', async function () {
    this.timeout(30_000);
    const room = await pair('me');
    peer = room.peer;
    const { el } = room;
    expect(peer.el.send('/me waves at everyone')).to.equal(true);
    const line = () => parts(el, 'me-action')[0];
    await eventually(() => line() !== undefined && parts(peer!.el, 'me-action').length === 1, 'the action line never showed');
    expect(line().textContent.replace(/\s+/g, ' ').trim()).to.match(new RegExp(`^\\* ${peer.el.nickname} waves at everyone`));
    expect(el.messages.at(-1)!.text, 'the room keeps what was typed').to.equal('/me waves at everyone');
    await expect(el).to.be.accessible();
  });

  it('puts the empty state in the middle of the log, below the day and your own arrival', async () => {
    const el = await onlineChat(uniqueSessionName('empty'));
    await el.updateComplete;
    const empty = part(el, 'empty')!;
    expect(empty.textContent).to.equal(DEFAULT_STRINGS.empty);
    const log = rect(part(el, 'log')!);
    const middle = rect(empty).top + rect(empty).height / 2;
    expect(middle, 'vertically centred').to.be.closeTo(log.top + log.height / 2, log.height / 6);
    const day = part(el, 'day');
    if (day) expect(rect(day).bottom).to.be.at.most(rect(empty).top);
  });

  it('keeps the header on one line from 280 px up: a long name truncates, the status becomes a dot', async function () {
    this.timeout(30_000);
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('narrow')} box=${testBox()} user-id=${uniquePerson()}
      nickname="Maximiliana Wolkenstein-Oberhausen" style="width: 280px"></croquet-chat>`);
    await waitForStatus(el, 'online');
    await el.updateComplete;
    const header = part(el, 'header')!;
    const children = [...header.children].filter((child) => rect(child).width > 1);
    const tops = children.map((child) => Math.round(rect(child).top + rect(child).height / 2));
    expect(Math.max(...tops) - Math.min(...tops), 'one row').to.be.below(4);
    const name = part(el, 'nickname')!;
    expect(name.scrollWidth, 'the name is cut with an ellipsis').to.be.greaterThan(name.clientWidth);
    expect(rect(el.shadowRoot!.querySelector('.status-text')!).width, 'only the dot').to.be.at.most(1);
    expect(part(el, 'status')!.textContent, 'the word stays for screen readers').to.equal(DEFAULT_STRINGS.status.online);
    expect(rect(header).right).to.be.at.most(rect(el).right);

    el.style.width = '480px';
    await eventually(() => rect(el.shadowRoot!.querySelector('.status-text')!).width > 10, 'the word never came back at 480 px');
  });

  it('opens the people list as a popover with avatars over the log; Escape and a click outside close it', async function () {
    this.timeout(30_000);
    const room = await pair('people');
    peer = room.peer;
    const { el } = room;
    const logHeight = rect(part(el, 'log')!).height;
    part(el, 'participants')!.click();
    await el.updateComplete;
    const list = part(el, 'participant-list')!;
    expect(rect(part(el, 'log')!).height, 'the log keeps its size').to.equal(logHeight);
    expect(rect(list).top).to.be.at.least(rect(part(el, 'header')!).bottom - 1);
    const people = parts(el, 'participant');
    expect(people.map((person) => person.querySelector('[part~="avatar"]')?.textContent)).to.deep.equal(el.users.map((user) => initialsOf(user.nickname)));
    expect(part(el, 'participant-self')!.textContent).to.include(DEFAULT_STRINGS.you);
    await expect(el).to.be.accessible();

    (list.querySelector('li') as HTMLElement).tabIndex = -1;
    (list.querySelector('li') as HTMLElement).focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'participant-list')).to.equal(null);
    expect(focusedPart(el)).to.equal('participants');

    part(el, 'participants')!.click();
    await el.updateComplete;
    part(el, 'participants')!.focus();
    const log = rect(part(el, 'log')!);
    await sendMouse({ type: 'click', position: [Math.round(log.left + 10), Math.round(log.bottom - 10)] });
    await el.updateComplete;
    expect(part(el, 'participant-list'), 'closed by a click in the log').to.equal(null);
  });

  it('shows a late joiner the newest post at the bottom of the log, however the history grows as it lays out', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('late-bottom');
    peer = await openPeer({ session, box: testBox() }, undefined, 300, BUSY_ROOM);
    await waitForStatus(peer.el, 'online');
    for (let i = 1; i <= 15; i++) peer.el.send(`line ${i} 🎉, long enough to wrap onto a second line in a narrow log`);
    await eventually(() => peer!.el.messages.length === 15, 'the history never filled');
    const el = await onlineChat(session, {}, undefined, BUSY_ROOM);
    await el.updateComplete;
    const log = part(el, 'log')!;
    await eventually(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, `not at the bottom: ${log.scrollHeight - log.scrollTop - log.clientHeight} px above it`, 3_000);
    // The scroll event of the log's own move comes with the next frames: past them, it is still at the bottom.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2);
    expect(part(el, 'new-messages'), 'nothing counts as unread').to.equal(null);
  });

  it('looks right at phone size: no sideways scroll, bubbles within the screen', async function () {
    this.timeout(30_000);
    await setViewport({ width: 390, height: 844 });
    try {
      const room = await pair('phone');
      peer = room.peer;
      const { el } = room;
      el.style.width = '100%';
      await postAndSee(peer.el, ['a-very-long-word-without-any-spaces-that-must-wrap-instead-of-widening-the-widget-'.repeat(3)], el);
      const log = part(el, 'log')!;
      expect(log.scrollWidth).to.be.at.most(log.clientWidth);
      expect(rect(el).right).to.be.at.most(390);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

/** The initials the avatar shows for a name (names here are one or two plain words). */
function initialsOf(name: string): string {
  const words = name.trim().split(/[\s_.-]+/u);
  return (words[0][0] + (words.length > 1 ? words.at(-1)![0] : '')).toLocaleUpperCase();
}
