import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { Peer } from './helpers.js';
import { eventually, onlineChat, openPeer, part, parts, testBox, uniqueSessionName, waitForStatus } from './helpers.js';

// axe (through @open-wc/testing) over the real widget in the states people meet it in. Also checked
// elsewhere: renaming and the open participant list (header.test.ts), the new-messages button
// (conversation.test.ts), the confirm bar (reset-confirm.test.ts), reconnecting with pending posts
// (reconnect.test.ts), a wrong password (two-clients.test.ts), and every status with a stubbed
// controller, 'offline' included (croquet-chat.test.ts: offline is only ever rendered outside a document).

describe('<croquet-chat> accessibility', () => {
  let peer: Peer | undefined;
  afterEach(() => {
    peer?.close();
    peer = undefined;
  });

  it('is accessible online with an empty room', async () => {
    const el = await onlineChat();
    await el.updateComplete;
    // Your own arrival line does not count as a message: the room still says it is empty.
    expect(parts(el, 'presence-message')).to.have.length(1);
    expect(part(el, 'empty')!.textContent).to.not.equal('');
    await expect(el).to.be.accessible();
    el.send('the first message');
    await eventually(() => el.messages.length === 1, 'the post never arrived');
    await el.updateComplete;
    expect(part(el, 'empty')).to.equal(null);
  });

  it('is accessible with a conversation: posts, groups, links, own posts, renames, presence, typing', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('a11y-talk');
    const el = await onlineChat(session);
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    peer.el.send('hello, see https://example.com/page');
    peer.el.send('and a second line from me');
    await eventually(() => el.messages.length === 2, 'posts never arrived');
    el.send('mine, with http://example.org too');
    peer.el.nickname = 'Renamed Peer';
    await eventually(() => el.messages.length === 4, 'the own post and the rename line never arrived');
    const input = part(peer.el, 'input') as HTMLTextAreaElement;
    input.value = 'typing';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await eventually(() => part(el, 'typing')!.textContent !== '', 'the typing line never showed');
    await el.updateComplete;
    for (const name of ['day', 'author', 'link', 'own-message', 'system-message', 'presence-message', 'time']) {
      expect(parts(el, name).length, `a ${name} is shown`).to.be.above(0);
    }
    await expect(el).to.be.accessible();
    // Contrast holds in the dark scheme too.
    await emulateMedia({ colorScheme: 'dark' });
    try {
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('is accessible offline, when the server cannot be reached (the bar, its countdown and its button)', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('a11y-offline')} box="http://127.0.0.1:47/"></croquet-chat>`);
    await eventually(() => el.status === 'offline' && el.errorCode === 'unreachable', 'never went offline');
    await el.updateComplete;
    expect(part(el, 'offline-text')!.getAttribute('role')).to.equal('status');
    expect(part(el, 'retry-button')!.tagName).to.equal('BUTTON');
    await expect(el).to.be.accessible();
  });

  it('is accessible in the error state of a real failure (a configuration the server cannot serve)', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('a11y-error')} box="ftp://127.0.0.1:47/"></croquet-chat>`);
    await waitForStatus(el, 'error');
    await el.updateComplete;
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(part(el, 'reason')!.textContent).to.not.equal('');
    await expect(el).to.be.accessible();
  });
});
