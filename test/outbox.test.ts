import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { ChatStatus } from '../src/types.js';
import { MAX_TEXT_LENGTH } from '../src/model/limits.js';
import { Outbox } from '../src/session/outbox.js';
import { BUSY_ROOM, eventually, onlineChat, openPeer, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

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

  it('keeps a reply waiting while the server is out of reach and posts it, still a reply, once the room is reachable', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('outbox-reply');
    const peer = await openPeer({ session, box: testBox() });
    try {
      await waitForStatus(peer.el, 'online');
      peer.el.send('who is coming?');
      await eventually(() => peer.el.messages.length === 1, 'the question never arrived');
      const question = peer.el.messages[0].id;
      const el = await fixture<CroquetChat>(html`<croquet-chat session=${session} box="http://127.0.0.1:1/" user-id=${uniquePerson()}></croquet-chat>`);
      await eventually(() => el.status === 'offline', 'never went offline');
      expect(el.send('me!', { replyTo: question })).to.equal(true);
      // The right server: a new attempt, which reads its outbox back from the tab's storage (as after a reload).
      el.box = testBox();
      await waitForStatus(el, 'online');
      await eventually(() => peer.el.messages.length === 2, 'the reply never arrived');
      expect(peer.el.messages[1]).to.include({ text: 'me!', replyTo: question });
    } finally {
      peer.close();
    }
  });

  it('reads back from the tab\'s storage only replies to a post id: anything else goes as a post of its own', () => {
    const key = `croquet-chat:test:${uniqueSessionName('outbox-storage')}:outbox`;
    const tampered = [-1, 0, 1.5, '7', null, 2 ** 60, { id: 7 }];
    sessionStorage.setItem(key, JSON.stringify([
      { clientId: 'a', text: 'a reply', wallTime: 1, replyTo: 7 },
      { clientId: 'b', text: 'kept by an older version', wallTime: 2 },
      ...tampered.map((replyTo, i) => ({ clientId: `c${i}`, text: 'tampered', wallTime: 3, replyTo })),
    ]));
    try {
      const pending = new Outbox(key).pending;
      expect(pending.map((post) => [post.text, post.replyTo])).to.deep.equal([['a reply', 7], ['kept by an older version', 0], ...tampered.map(() => ['tampered', 0])]);
      expect(pending.every((post) => Object.isFrozen(post))).to.equal(true);
    } finally {
      sessionStorage.removeItem(key);
    }
  });
});
