import { expect, oneEvent } from '@open-wc/testing';
import '../src/croquet-chat.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { BUSY_ROOM, arrival, barrier, eventually, onlineChat, openPeer, part, parts, renderedTexts, testBox, uniqueSessionName, waitForStatus } from './helpers.js';

// Two participants: this page and a peer page in an iframe (Croquet's view events are page-global, so the
// same room joined twice in one page would see every event twice).

/**
 * The reflector announces a departure at once when the page closes its socket (leave, unload), and
 * leaveDelay (1250 ms) + ~200 ms after a socket that died without a close frame.
 */
const DEPARTURE_MS = 2_000;

describe('<croquet-chat> with two participants', () => {
  let peer: Peer | undefined;
  afterEach(() => {
    peer?.close();
    peer = undefined;
  });

  it('see each other\'s posts, nicknames and participant counts, including leaving', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('pair');
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    peer.el.send('before you came');
    await eventually(() => peer!.el.messages.length === 1, 'peer post never arrived');

    const el = await onlineChat(session);
    // A late joiner who is not alone gets the history as it is (no newcomer reset).
    // A view counts at once; its person shows in `users` once its identify event is in (a tick later).
    await eventually(
      () => el.participants === 2 && peer!.el.participants === 2 && el.users.length === 2 && peer!.el.users.length === 2,
      'participant counts never reached 2',
    );
    expect(el.messages.map((m) => [m.nickname, m.text, m.own])).to.deep.equal([[peer.el.nickname, 'before you came', false]]);
    expect(el.nickname).to.not.equal(peer.el.nickname);
    expect(el.users.map((u) => u.nickname)).to.deep.equal([peer.el.nickname, el.nickname]);
    expect(peer.el.users.map((u) => u.nickname)).to.deep.equal([peer.el.nickname, el.nickname]);

    el.send('hello from the page');
    await eventually(() => peer!.el.messages.length === 2, 'the peer never saw the post');
    expect(peer.el.messages[1]).to.include({ nickname: el.nickname, text: 'hello from the page', own: false });
    peer.el.send('hello from the iframe');
    await eventually(() => el.messages.length === 3, 'the page never saw the peer\'s post');
    expect(el.messages[2]).to.include({ nickname: peer.el.nickname, text: 'hello from the iframe', own: false });
    // Both replicas hold the same history (same ids, model times and nicknames).
    const strip = (m: { id: number; time: number; nickname: string; text: string; kind: string }) => [m.id, m.time, m.nickname, m.text, m.kind];
    expect(el.messages.map(strip)).to.deep.equal(peer.el.messages.map(strip));

    await el.updateComplete;
    const authors = parts(el, 'author').map((node) => node.textContent);
    expect(authors).to.deep.equal([peer.el.nickname, el.nickname, peer.el.nickname]);
    expect(part(el, 'participants')!.textContent).to.contain('2');

    const presence = oneEvent<HTMLElementEventMap['croquet-chat-presence']>(el, 'croquet-chat-presence');
    peer.close();
    peer = undefined;
    const { detail } = await presence;
    expect(detail.participants).to.equal(1);
    expect(detail.users.map((u) => u.nickname)).to.deep.equal([el.nickname]);
    expect(el.participants).to.equal(1);
  });

  it('a closed page is gone for the other page at once', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('closed');
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    const el = await onlineChat(session, { presenceLines: 'all' }); // the peer's own "left" line, not the summary
    await eventually(
      () => el.participants === 2 && peer!.el.participants === 2 && el.users.length === 2 && peer!.el.users.length === 2,
      'participant counts never reached 2',
    );

    // How many were here as each post arrived (the element's state is current when it fires the event).
    const hereAt = new Map<string, number>();
    el.addEventListener('croquet-chat-message', (event) => hereAt.set(event.detail.message.text, el.participants));
    const presence = oneEvent<HTMLElementEventMap['croquet-chat-presence']>(el, 'croquet-chat-presence');
    const name = peer.el.nickname;
    peer.close(); // the peer's document is destroyed, as when its tab closes: Chromium closes the socket (1001)
    peer = undefined;
    // Two markers, each posted once the one before came back: by the second, the close frame has long
    // reached the server, which announces the departure at once. A socket that died without a close frame
    // would keep its place for leaveDelay (1.25 s), far longer than these round trips, and the room would
    // still count the peer at the second marker.
    await barrier(el);
    const marker = await barrier(el);
    expect(hereAt.get(marker), 'the closed page had left the room before the marker posted after its close').to.equal(1);
    const { detail } = await presence;
    expect(detail.participants).to.equal(1);
    expect(detail.users.map((u) => u.nickname)).to.deep.equal([el.nickname]);
    // What the reader sees: one person here, and the peer's "left" line before the marker.
    await el.updateComplete;
    expect(part(el, 'participants')!.textContent).to.equal(DEFAULT_STRINGS.peopleHere(1));
    const rows = [...part(el, 'log')!.querySelectorAll('[part~="presence-message"], [part~="message"]')].map((row) => row.textContent);
    const left = rows.findIndex((text) => text.includes(DEFAULT_STRINGS.left([name])));
    expect(left, `the log shows the peer leaving (${JSON.stringify(rows)})`).to.be.at.least(0);
    expect(left, 'the peer left before the marker').to.be.lessThan(rows.findIndex((text) => text.includes(marker)));
  });

  it('follows new messages unless the reader scrolled up (own posts scroll down)', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('scroll');
    const el = await onlineChat(session, {}, undefined, BUSY_ROOM); // 30 lines at once from one person
    el.style.height = '220px';
    peer = await openPeer({ session, box: testBox() }, undefined, undefined, BUSY_ROOM);
    await waitForStatus(peer.el, 'online');
    const log = part(el, 'log')!;
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
    const scrollTo = (top: number) => {
      log.scrollTop = top;
      log.dispatchEvent(new Event('scroll'));
    };
    for (let i = 1; i <= 30; i++) peer.el.send(`line ${i}`);
    await eventually(() => el.messages.length === 30, 'posts never arrived');
    await el.updateComplete;
    expect(log.scrollHeight).to.be.above(log.clientHeight * 2);
    expect(atBottom(), 'follows while at the bottom').to.equal(true);

    scrollTo(0);
    peer.el.send('while you read old lines');
    await eventually(() => el.messages.length === 31, 'post never arrived');
    await el.updateComplete;
    expect(log.scrollTop, 'stays where the reader scrolled').to.equal(0);

    el.send('my own post');
    await eventually(() => el.messages.length === 32, 'own post never arrived');
    await el.updateComplete;
    expect(atBottom(), 'an own post scrolls down').to.equal(true);

    scrollTo(0);
    scrollTo(log.scrollHeight);
    peer.el.send('back at the bottom');
    await eventually(() => el.messages.length === 33, 'post never arrived');
    await el.updateComplete;
    expect(atBottom(), 'follows again at the bottom').to.equal(true);
  });

  it('removing the element leaves the room; adding it again rejoins', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('leave');
    const el = await onlineChat(session);
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    await eventually(() => peer!.el.participants === 2, 'peer never saw two participants');
    const parent = el.parentElement!;
    el.remove();
    await waitForStatus(el, 'offline');
    await eventually(() => peer!.el.participants === 1, 'the removed element never left the room');
    expect(peer.el.users.map((u) => u.nickname)).to.deep.equal([peer.el.nickname]);
    parent.append(el);
    await waitForStatus(el, 'online');
    await eventually(() => peer!.el.participants === 2 && el.participants === 2, 'the element never rejoined');
  });

  it('ends in the error state with a wrong password, leaving the room to the others', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('pw');
    peer = await openPeer({ session, box: testBox(), password: 'right horse battery' });
    await waitForStatus(peer.el, 'online');
    const el = document.createElement('croquet-chat');
    el.session = session;
    el.box = testBox();
    el.password = 'wrong';
    const error = oneEvent<HTMLElementEventMap['croquet-chat-error']>(el, 'croquet-chat-error');
    document.body.append(el);
    try {
      const { detail } = await error;
      expect(detail.code).to.equal('password');
      expect(detail.message).to.match(/password/);
      expect(el.status).to.equal('error');
      await el.updateComplete;
      expect(part(el, 'error')!.textContent).to.equal(detail.message);
      await expect(el).to.be.accessible();
      // Croquet's fatal-error toast and spinner stay off the host page.
      expect(document.querySelector('[id^="croquet"], [class^="croquet"], .toastify')).to.equal(null);
      // The peer keeps chatting, alone.
      peer.el.send('still here');
      await eventually(() => peer!.el.messages.length === 1, 'the peer could not post');
      await eventually(() => peer!.el.participants === 1, 'the wrong-password client stayed in the room', DEPARTURE_MS * 3);
      expect(el.messages).to.deep.equal([]);
    } finally {
      el.remove();
    }
  });

  it('a newcomer who is alone with a history it had no part in resets it', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('newcomer');
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    peer.el.send('old news');
    await eventually(() => peer!.el.messages.length === 1, 'post never arrived');
    peer.close(); // a departure the server announces at once (its socket closes with 1001)
    peer = undefined;
    const el = document.createElement('croquet-chat');
    Object.assign(el, { session, box: testBox() });
    const found = arrival(el);
    document.body.append(el);
    try {
      await waitForStatus(el, 'online');
      // The rule's preconditions: alone on arrival, with a history of someone else's posts.
      const { participants, messages } = await found;
      expect(participants, 'the newcomer was alone when it arrived').to.equal(1);
      expect(messages.map((m) => [m.kind, m.text, m.self])).to.deep.equal([['post', 'old news', false]]);
      await eventually(() => el.messages.length === 1 && el.messages[0].kind === 'system', 'no newcomer reset');
      expect(el.messages[0].text).to.equal('Chat reset for new participants');
      await el.updateComplete;
      expect(renderedTexts(el)).to.deep.equal(['Chat reset for new participants']);
    } finally {
      el.remove();
    }
  });
});
