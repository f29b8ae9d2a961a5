import { expect } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_APP_ID } from '../src/session/chat-session.js';
import { personKeyFor } from '../src/session/person-key.js';
import type { ChatModeration } from '../src/types.js';
import { barrier, eventually, openPeer, testBox, uniquePerson, uniqueSessionName, viewOf, waitForStatus, type Peer } from './helpers.js';

// Moderators and people's own posts, across three real pages on the real server: what each action does
// on every page, and that the room refuses it from someone who may not (also from a modified client that
// skips the element's own checks and signs the request anyway).

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
});

interface Room {
  mod: CroquetChat;
  alice: CroquetChat;
  bob: CroquetChat;
  /** Moderation actions each page heard, by page. */
  heard: Map<CroquetChat, ChatModeration[]>;
}

/** Three people in a fresh room whose `moderators` rule names the first; `attributes` add room rules. */
async function room(prefix: string, attributes: Record<string, string> = {}): Promise<Room> {
  const session = uniqueSessionName(prefix);
  const modUser = uniquePerson();
  // The moderator's person id is its key, which this origin's IndexedDB keeps per app id and user id.
  const modId = (await personKeyFor(DEFAULT_APP_ID, modUser)).personId;
  const open = async (userId: string) => {
    const peer = await openPeer({ session, box: testBox(), moderators: modId, 'user-id': userId, ...attributes });
    peers.push(peer);
    return peer.el;
  };
  const [mod, alice, bob] = await Promise.all([open(modUser), open(uniquePerson()), open(uniquePerson())]);
  const heard = new Map<CroquetChat, ChatModeration[]>();
  for (const el of [mod, alice, bob]) {
    heard.set(el, []);
    el.addEventListener('croquet-chat-moderation', (event) => heard.get(el)!.push(event.detail.action));
    await waitForStatus(el, 'online');
  }
  await eventually(() => [mod, alice, bob].every((el) => el.users.length === 3), 'the three never saw each other');
  expect(mod.personId).to.equal(modId);
  return { mod, alice, bob, heard };
}

function userOf(el: CroquetChat, personId: string) {
  return el.users.find((user) => user.personId === personId);
}

describe('<croquet-chat> moderation', () => {
  it('a moderator removes anyone\'s post: a tombstone on every page, and every page hears it', async function () {
    this.timeout(60_000);
    const { mod, alice, bob, heard } = await room('mod-delete');
    expect(mod.moderator).to.equal(true);
    expect(alice.moderator).to.equal(false);
    expect(alice.users.find((user) => user.personId === mod.personId)?.moderator).to.equal(true);
    alice.send('something rude');
    await eventually(() => [mod, alice, bob].every((el) => el.messages.some((m) => m.text === 'something rude')), 'the post never arrived');
    const id = alice.messages.find((m) => m.text === 'something rude')!.id;
    expect(mod.deleteMessage(id)).to.equal(true);
    for (const el of [mod, alice, bob]) {
      await eventually(() => el.messages.find((m) => m.id === id)?.deleted === true, 'the tombstone never showed');
      expect(el.messages.find((m) => m.id === id)).to.include({ deleted: true, moderated: true, text: '', personId: alice.personId });
      await eventually(() => heard.get(el)!.length === 1, 'the moderation event never came');
      expect(heard.get(el)).to.deep.equal([{ action: 'delete', by: mod.personId, target: alice.personId, messageId: id, minutes: 0 }]);
    }
    expect(mod.deleteMessage(id), 'a tombstone is not removed twice').to.equal(false);
  });

  it('refuses the moderator\'s actions to others: the element says no, and the room ignores a signed request from a modified client', async function () {
    this.timeout(60_000);
    const { mod, alice, bob } = await room('mod-refused');
    alice.send('alice was here');
    await eventually(() => bob.messages.some((m) => m.text === 'alice was here'), 'the post never arrived');
    const id = bob.messages.find((m) => m.text === 'alice was here')!.id;
    expect(bob.deleteMessage(id)).to.equal(false);
    expect(bob.mute(alice.personId, 5)).to.equal(false);
    expect(bob.ban(alice.personId)).to.equal(false);
    expect(mod.mute(mod.personId)).to.equal(false); // not yourself
    // Bob's page, modified: it signs the requests anyway.
    viewOf(bob).remove(id);
    viewOf(bob).mute(alice.personId, 5);
    viewOf(bob).ban(alice.personId);
    viewOf(alice).mute(mod.personId, 0); // nor a moderator, by anyone
    await barrier(bob, mod, alice);
    for (const el of [mod, alice, bob]) {
      expect(el.messages.find((m) => m.id === id)).to.include({ deleted: false, text: 'alice was here' });
      expect(userOf(el, alice.personId)).to.include({ muted: false });
      expect(userOf(el, mod.personId)).to.include({ muted: false });
      expect(el.users).to.have.length(3);
    }
    expect(alice.muted).to.equal(false);
  });

  it('mutes a person for minutes or until unmuted: their posts are not stored, they see it, and unmute lifts it', async function () {
    this.timeout(60_000);
    const { mod, alice, bob, heard } = await room('mod-mute');
    expect(mod.mute(alice.personId, 10)).to.equal(true);
    await eventually(() => alice.muted, 'alice never learned she is muted');
    await eventually(() => userOf(bob, alice.personId)?.muted === true, 'bob never saw the mute');
    expect(heard.get(bob)!.at(-1)).to.include({ action: 'mute', target: alice.personId, minutes: 10 });
    expect(alice.send('can anyone hear me')).to.equal(false);
    // A modified client posts anyway: the room does not store it.
    viewOf(alice).post('posted around the mute', 'around-1');
    await barrier(mod, alice, bob);
    for (const el of [mod, alice, bob]) expect(el.messages.map((m) => m.text)).to.not.include('posted around the mute');

    expect(mod.unmute(alice.personId)).to.equal(true);
    await eventually(() => !alice.muted && userOf(mod, alice.personId)?.muted === false, 'the mute never ended');
    expect(alice.send('back again')).to.equal(true);
    await eventually(() => bob.messages.some((m) => m.text === 'back again'), 'her post after the unmute never arrived');

    expect(mod.mute(alice.personId)).to.equal(true); // until unmuted
    await eventually(() => alice.muted, 'the second mute never landed');
    expect(heard.get(alice)!.at(-1)).to.include({ action: 'mute', minutes: 0 });
  });

  it('bans a person: muted for good and gone from everyone else\'s list, except the moderators\' (who can lift it)', async function () {
    this.timeout(60_000);
    const { mod, alice, bob } = await room('mod-ban');
    expect(mod.ban(bob.personId)).to.equal(true);
    await eventually(() => alice.users.length === 2, 'the banned person stayed in the list');
    expect(alice.users.map((user) => user.personId)).to.not.include(bob.personId);
    await eventually(() => userOf(mod, bob.personId)?.banned === true, 'the moderator never saw the ban');
    expect(userOf(mod, bob.personId)).to.include({ muted: true, banned: true });
    await eventually(() => bob.muted, 'bob never learned he is banned');
    expect(bob.send('let me back in')).to.equal(false);
    expect(mod.unmute(bob.personId)).to.equal(true);
    await eventually(() => alice.users.length === 3 && !bob.muted, 'unmute never lifted the ban');
  });

  it('reset="moderators": only moderators clear the room', async function () {
    this.timeout(60_000);
    const { mod, alice, bob } = await room('mod-clear', { reset: 'moderators' });
    alice.send('keep me');
    await eventually(() => mod.messages.length === 1, 'the post never arrived');
    expect(alice.reset()).to.equal(false);
    viewOf(alice).reset(); // a modified client asks anyway
    await barrier(bob, mod, alice);
    expect(mod.messages.map((m) => m.text)).to.include('keep me');
    expect(mod.reset()).to.equal(true);
    for (const el of [mod, alice, bob]) {
      await eventually(() => el.messages.length === 1 && el.messages[0].notice?.type === 'reset', 'the room was never cleared');
      expect(el.messages[0].notice).to.deep.equal({ type: 'reset', reason: 'moderator' });
    }
  });
});

describe('<croquet-chat> your own posts', () => {
  it('edits and removes your own posts on every page, and nobody else\'s', async function () {
    this.timeout(60_000);
    const { mod, alice, bob } = await room('own-posts');
    alice.send('helo');
    await eventually(() => bob.messages.some((m) => m.text === 'helo'), 'the post never arrived');
    const id = alice.messages.find((m) => m.text === 'helo')!.id;
    expect(bob.editMessage(id, 'bob was here')).to.equal(false);
    expect(bob.deleteMessage(id)).to.equal(false);
    expect(mod.editMessage(id, 'moderators do not edit')).to.equal(false);
    viewOf(bob).edit(id, 'bob was here'); // a modified client
    expect(alice.editMessage(id, 'hello')).to.equal(true);
    for (const el of [mod, alice, bob]) {
      await eventually(() => el.messages.find((m) => m.id === id)?.text === 'hello', 'the edit never arrived');
      expect(el.messages.find((m) => m.id === id)).to.include({ edited: true, deleted: false, personId: alice.personId });
    }
    expect(alice.deleteMessage(id)).to.equal(true);
    for (const el of [mod, alice, bob]) {
      await eventually(() => el.messages.find((m) => m.id === id)?.deleted === true, 'the removal never arrived');
      expect(el.messages.find((m) => m.id === id)).to.include({ text: '', moderated: false });
    }
    expect(alice.editMessage(id, 'too late')).to.equal(false);
  });
});
