import { expect } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { ChatStatus } from '../src/types.js';
import { MAX_TEXT_LENGTH } from '../src/model/limits.js';
import { BUSY_ROOM, eventually, onlineChat, openPeer, uniqueSessionName, waitForStatus } from './helpers.js';

describe('<croquet-chat> outbox', () => {
  it('sends a burst of many long posts whole, in order, once, without tripping Croquet\'s send limit', async function () {
    this.timeout(90_000);
    const session = uniqueSessionName('burst');
    // A room whose rules let one person post 100 lines at once: this is about the outbox and Croquet's send rate, not flood control.
    const el = await onlineChat(session, {}, undefined, BUSY_ROOM);
    const peer = await openPeer({ session, box: el.box }, undefined, undefined, BUSY_ROOM);
    try {
      await waitForStatus(peer.el, 'online');
      const statuses: ChatStatus[] = [];
      el.addEventListener('croquet-chat-status', (event) => statuses.push(event.detail.status));
      // 100 posts of 2,000 characters at once: sent as they come, they exceed Croquet's send rate and it closes the session.
      const texts = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(2, '0')} ${'x'.repeat(MAX_TEXT_LENGTH - 3)}`);
      for (const text of texts) expect(el.send(text)).to.equal(true);
      await eventually(() => peer.el.messages.length === texts.length, `the other page got ${peer.el.messages.length} of ${texts.length}`, 60_000);
      expect(peer.el.messages.map((message) => message.text)).to.deep.equal(texts);
      await eventually(() => el.messages.length === texts.length, 'the sender never saw all of its posts');
      expect(statuses, 'the connection held').to.deep.equal([]);
      expect(el.status).to.equal('online');
    } finally {
      peer.close();
    }
  });
});
