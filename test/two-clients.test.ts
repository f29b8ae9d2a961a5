import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { Peer } from './helpers.js';
import { aMoment, eventually, onlineChat, openPeer, part, parts, renderedTexts, testBox, uniqueSessionName, waitForStatus } from './helpers.js';

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
    const el = await onlineChat(session);
    await eventually(
      () => el.participants === 2 && peer!.el.participants === 2 && el.users.length === 2 && peer!.el.users.length === 2,
      'participant counts never reached 2',
    );

    const presence = oneEvent<HTMLElementEventMap['croquet-chat-presence']>(el, 'croquet-chat-presence');
    const closedAt = performance.now();
    peer.close(); // the peer's document is destroyed, as when its tab closes: Chromium closes the socket (1001)
    peer = undefined;
    const { detail } = await presence;
    const ms = performance.now() - closedAt;
    expect(detail.participants).to.equal(1);
    expect(detail.users.map((u) => u.nickname)).to.deep.equal([el.nickname]);
    // Far under the 1.45 s a departure takes without a close frame, with room for a busy CI machine.
    expect(ms, `the closed page was seen leaving after ${Math.round(ms)} ms`).to.be.below(500);
  });

  it('follows new messages unless the reader scrolled up (own posts scroll down)', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('scroll');
    const el = await onlineChat(session);
    el.style.height = '220px';
    peer = await openPeer({ session, box: testBox() });
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
    peer.close();
    peer = undefined;
    // Nothing in this page can observe the server announcing the peer's departure; wait for it.
    await aMoment(DEPARTURE_MS);
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()}></croquet-chat>`);
    await waitForStatus(el, 'online');
    await eventually(() => el.messages.length === 1 && el.messages[0].kind === 'system', 'no newcomer reset');
    expect(el.messages[0].text).to.equal('Chat reset for new participants');
    await el.updateComplete;
    expect(renderedTexts(el)).to.deep.equal(['Chat reset for new participants']);
  });
});
