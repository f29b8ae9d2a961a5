import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { barrier, eventually, onlineChat, openPeer, part, testBox, uniqueSessionName, waitForStatus } from './helpers.js';

// "A is typing…" as the others see it: this page reads, peers in iframes type with real keys.

describe('<croquet-chat> typing line', () => {
  const peers: Peer[] = [];
  afterEach(() => {
    for (const peer of peers.splice(0)) peer.close();
  });

  async function room(prefix: string, typists: number) {
    const session = uniqueSessionName(prefix);
    const el = await onlineChat(session);
    el.style.height = '160px';
    for (let i = 0; i < typists; i++) {
      // Small frames, so every peer stays in the viewport (800×600 here).
      const peer = await openPeer({ session, box: testBox() }, 'peer.html', 180);
      peers.push(peer);
      await waitForStatus(peer.el, 'online');
    }
    await eventually(() => el.users.length === typists + 1, 'the peers never arrived');
    return el;
  }

  it('shows "A is typing…" to the others while A types, not to A; it expires, and a post ends it', async function () {
    this.timeout(40_000);
    const el = await room('typing', 1);
    const [peer] = peers;
    expect(part(el, 'typing')!.textContent).to.equal('');

    (part(peer.el, 'input') as HTMLTextAreaElement).focus();
    await sendKeys({ type: 'hello the' });
    const line = DEFAULT_STRINGS.typingOne(peer.el.nickname);
    await eventually(() => part(el, 'typing')!.textContent === line, `the page never showed "${line}"`);
    expect(part(el, 'typing')!.getAttribute('aria-live'), 'read out politely').to.equal('polite');
    expect(el.messages, 'typing is never stored in the history').to.deep.equal([]);
    // Once a marker posted after it has reached the peer, the peer's replica has the notice too.
    const marker = await barrier(el, peer.el);
    expect(part(el, 'typing')!.textContent, 'the notice is still on').to.equal(line);
    expect(part(peer.el, 'typing')!.textContent, 'you are not told about yourself').to.equal('');

    // Unrenewed, the notice ends by itself (a few seconds of model time).
    await eventually(() => part(el, 'typing')!.textContent === '', 'the typing line never expired', 15_000);

    // Sending ends it at once.
    await sendKeys({ type: 're' });
    await eventually(() => part(el, 'typing')!.textContent === line, 'typing again was not shown');
    await sendKeys({ press: 'Enter' });
    await eventually(() => el.messages.length === 2, 'the post never arrived');
    expect(el.messages.map((m) => m.text)).to.deep.equal([marker, 'hello there']);
    await el.updateComplete;
    expect(part(el, 'typing')!.textContent, 'a post ends the typing line').to.equal('');
  });

  it('names two typists: "A and B are typing…"', async function () {
    this.timeout(40_000);
    const el = await room('typing-two', 2);
    for (const peer of peers) {
      (part(peer.el, 'input') as HTMLTextAreaElement).focus();
      await sendKeys({ type: 'hm' });
    }
    const [first, second] = peers.map((peer) => peer.el.nickname);
    await eventually(
      () => part(el, 'typing')!.textContent === DEFAULT_STRINGS.typingTwo(first, second),
      `the page shows "${part(el, 'typing')!.textContent}"`,
    );
    // Each typist hears only about the other.
    await eventually(() => part(peers[0].el, 'typing')!.textContent === DEFAULT_STRINGS.typingOne(second), 'the first typist never saw the second');
  });
});
