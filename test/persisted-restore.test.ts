import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import { DEFAULT_PASSWORD } from '../src/session/chat-session.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { App, Model, Session, View } from '../src/croquet.js';
import { toBase64url } from '../src/model/base64url.js';
import { MAX_HISTORY, MAX_TEXT_LENGTH } from '../src/model/limits.js';
import { eventually, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';
import { persistedOnServer, uniqueAppId, watchSaves } from './persistence.js';

// End to end: a room's persisted copy, on the real server, restored by a real ChatModel in a new session
// of the same persistent id (Croquet's persistentId covers app id and room name, not code or options).

/**
 * A root model that only persists the shape it is given, as an earlier release would have. Registering
 * it changes this page's code hash, which is fine: every session in this file is this page's own.
 */
class PersistedShapeSeeder extends Model {
  declare seed: object;
  override init(options: { seed: object }): void {
    super.init(options);
    this.seed = options.seed;
    // Not at once: Croquet drops an upload asked for before this client is synced with the session
    // (the first view's join is replayed while syncing), and then skips the same data as unchanged.
    this.subscribe(this.sessionId, 'view-join', this.saveSoon); // eslint-disable-line @typescript-eslint/unbound-method -- Croquet calls handlers on the model
  }
  saveSoon(): void {
    this.future(1000).save();
  }
  save(): void {
    this.persistSession(() => this.seed);
  }
}
PersistedShapeSeeder.register('croquet-chat-test/PersistedShapeSeeder');

const saves = watchSaves(window);

/** Leaves `data` on the server as the persisted copy of room `session` in `appId`, as an earlier session would. */
async function seedRoom(appId: string, session: string, data: object): Promise<void> {
  (App as unknown as { root: unknown }).root = false; // no Croquet overlays on the test page
  const seeder = await Session.join({ appId, name: session, password: DEFAULT_PASSWORD, box: testBox(), model: PersistedShapeSeeder, view: View, options: { seed: data }, autoSleep: false });
  await persistedOnServer(appId, 0, [saves]);
  await seeder.leave();
}

/** A chat in room `session` of `appId` as person `userId`, with room-rule attributes `rules`. */
async function joinRoom(appId: string, session: string, userId: string, rules: Record<string, string> = {}): Promise<CroquetChat> {
  const container = await fixture(html`<div></div>`); // removed (so the chat leaves) after each test
  const el = document.createElement('croquet-chat');
  for (const [name, value] of Object.entries({ session, box: testBox(), 'app-id': appId, 'user-id': userId, ...rules })) el.setAttribute(name, value);
  container.append(el);
  await waitForStatus(el, 'online');
  return el;
}

const wall = 1_700_000_000_000;

describe('restoring a persisted room through ChatModel', () => {
  it('restores shape 1 from before keys: valid entries and names, times from 0, ids continued; old posts are nobody\'s and make no newcomer reset', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId('restore');
    const session = uniqueSessionName('restore');
    const me = uniquePerson();
    await seedRoom(appId, session, {
      format: 1,
      nextEntryId: 2, // stale: behind the history's ids
      history: [
        { id: 5, kind: 'post', viewId: 'old-view-a', personId: 'user:ada', nickname: 'Ada', text: 'hello from the old version', time: 5000, wallTime: wall, clientId: 'a1', notice: null },
        { id: 6, kind: 'post', viewId: 'old-view-e', personId: 'user:eve', nickname: 'Eve', text: { html: '<b>bold</b>' }, time: 6000, wallTime: wall, clientId: 'e1', notice: null },
        { id: 7, kind: 'system', viewId: '', personId: '', nickname: '', text: 'Chat reset at user request', time: 7000, wallTime: wall, clientId: '', notice: { type: 'reset', reason: 'user' } },
        { id: 9, kind: 'post', viewId: 'old-view-m', personId: `user:${me}`, nickname: 'Returning Me', text: 'mine, from before', time: 9000, wallTime: wall, clientId: 'm1', notice: null },
      ],
      people: [['user:ada', 'Ada'], [`user:${me}`, 'Returning Me'], 'junk'],
    });

    // The person comes back with a key now, not their old id: they ask for their name again (the widget
    // remembers it per app id), and get it, since its old holder is not here.
    const el = await joinRoom(appId, session, me, { nickname: 'Returning Me' });
    await eventually(() => el.messages.length === 3, `the restored history never showed (${el.messages.length} entries)`);
    expect(el.messages.map((m) => [m.id, m.kind, m.nickname, m.text, m.self, m.time])).to.deep.equal([
      [5, 'post', 'Ada', 'hello from the old version', false, 0],
      [7, 'system', '', 'Chat reset at user request', false, 0],
      [9, 'post', 'Returning Me', 'mine, from before', false, 0], // no one can prove it is theirs now
    ]);
    expect(el.nickname, 'the name asked for').to.equal('Returning Me');
    expect(el.users.map((u) => u.nickname)).to.deep.equal(['Returning Me']);
    el.send('a new post');
    await eventually(() => el.messages.length === 4, 'the new post never arrived');
    expect(el.messages[3]).to.include({ id: 10, text: 'a new post', self: true });
  });

  it('applies the newcomer rule to a restored history: a stranger alone resets it', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId('stranger');
    const session = uniqueSessionName('stranger');
    const ada = toBase64url(crypto.getRandomValues(new Uint8Array(32))); // a person with a key, as rooms since MODEL_VERSION 4 have
    await seedRoom(appId, session, {
      format: 1,
      nextEntryId: 2,
      history: [{ id: 1, kind: 'post', viewId: 'old-view', personId: ada, nickname: 'Ada', text: 'not yours', time: 1, wallTime: wall, clientId: 'a1', notice: null }],
      people: [[ada, 'Ada']],
    });
    const el = await joinRoom(appId, session, uniquePerson());
    await eventually(() => el.messages.some((m) => m.notice?.type === 'reset'), 'the stranger never got the newcomer reset');
    expect(el.messages.map((m) => [m.id, m.notice])).to.deep.equal([[2, { type: 'reset', reason: 'newcomer' }]]);
  });

  it('restores a room version 4 persisted (shape 2): its posts answer nothing and carry no reactions, and take replies and reactions now', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId('shape2');
    const session = uniqueSessionName('shape2');
    const ada = toBase64url(crypto.getRandomValues(new Uint8Array(32)));
    const marks = { edited: false, deleted: false, moderated: false, verified: false };
    await seedRoom(appId, session, {
      format: 2,
      nextEntryId: 3,
      history: [
        { id: 1, kind: 'post', viewId: 'v4-view', personId: ada, nickname: 'Ada', text: 'from version 4', time: 1000, wallTime: wall, clientId: 'a1', notice: null, ...marks },
        // Fields shape 2 never had are not read from it, whatever the data says.
        { id: 2, kind: 'post', viewId: 'v4-view', personId: ada, nickname: 'Ada', text: 'edited in version 4', time: 2000, wallTime: wall, clientId: 'a2', notice: null, ...marks, edited: true, replyTo: 1, reactions: { '👍': [ada] } },
      ],
      people: [[ada, 'Ada']],
      mutes: [],
      bans: [],
    });
    const el = await joinRoom(appId, session, uniquePerson(), { 'newcomer-reset': 'off' });
    await eventually(() => el.messages.length === 2, `the restored history never showed (${el.messages.length} entries)`);
    expect(el.messages.map((m) => [m.id, m.text, m.edited, m.replyTo, m.reactions])).to.deep.equal([
      [1, 'from version 4', false, 0, {}],
      [2, 'edited in version 4', true, 0, {}],
    ]);
    expect(el.react(1, '👍')).to.equal(true);
    expect(el.send('a reply to version 4', { replyTo: 2 })).to.equal(true);
    await eventually(() => el.messages.length === 3 && Object.keys(el.messages[0].reactions).length === 1, 'the reaction and the reply never arrived');
    expect(el.messages[0].reactions).to.deep.equal({ '👍': [el.personId] });
    expect(el.messages[2]).to.include({ id: 3, text: 'a reply to version 4', replyTo: 2 });
  });

  it('carries replies and reactions into the next session of the room (shape 3)', async function () {
    this.timeout(150_000);
    const appId = uniqueAppId('shape3');
    const session = uniqueSessionName('shape3');
    const el = await joinRoom(appId, session, uniquePerson());
    const [question, answer] = ['who brings the cake?', 'I do'];
    el.send(question);
    await eventually(() => el.messages.length === 1, 'the question never arrived');
    const asked = el.messages[0].id;
    el.send(answer, { replyTo: asked });
    await eventually(() => el.messages.length === 2, 'the answer never arrived');
    expect(el.react(asked, '🎂')).to.equal(true);
    expect(el.react(el.messages[1].id, '🇮🇹')).to.equal(true);
    await eventually(() => el.messages.every((m) => Object.keys(m.reactions).length === 1), 'the reactions never arrived');
    // A post after the reactions: once the server holds a copy taken at or after it, it has them too.
    el.send('see you there');
    await eventually(() => el.messages.length === 3, 'the last post never arrived');
    await persistedOnServer(appId, el.messages[2].time, [saves]);
    const before = el.messages.map((m) => [m.id, m.text, m.replyTo, m.reactions]);
    expect(before).to.deep.equal([
      [asked, question, 0, { '🎂': [el.personId] }],
      [asked + 1, answer, asked, { '🇮🇹': [el.personId] }],
      [asked + 2, 'see you there', 0, {}],
    ]);

    // A room with other rules is another session of the same persistent id: it starts from that copy.
    const { userId } = el;
    el.remove();
    await waitForStatus(el, 'offline');
    const again = await joinRoom(appId, session, userId, { 'inactivity-timeout': '30' });
    await eventually(() => again.messages.length === 3, `the next session never showed the history (${again.messages.length} entries)`);
    expect(again.messages.map((m) => [m.id, m.text, m.replyTo, m.reactions])).to.deep.equal(before);
  });

  it('starts empty from a shape it does not know (a newer version\'s)', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId('newer');
    const session = uniqueSessionName('newer');
    const me = uniquePerson();
    await seedRoom(appId, session, { format: 2, rooms: [{ history: [{ id: 1, text: 'from the future' }] }], people: [[`user:${me}`, 'Future Me']] });
    const el = await joinRoom(appId, session, me);
    el.send('a fresh start');
    await eventually(() => el.messages.length === 1, 'the first post never arrived');
    expect(el.messages.map((m) => [m.id, m.text])).to.deep.equal([[1, 'a fresh start']]);
    expect(el.nickname).to.not.equal('Future Me');
  });
});

/** Deterministic pseudo-random numbers in [0, 1), so the room is the same on every run. */
function numbers(seed: number): () => number {
  let state = Math.imul(seed, 0x9e3779b1) >>> 0; // spread consecutive seeds apart
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A post at the length limit, of characters that compress poorly (the largest room there can be). */
function maximal(i: number): string {
  const next = numbers(1000 + i);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,';
  const chars = Array.from({ length: MAX_TEXT_LENGTH }, () => alphabet[Math.floor(next() * alphabet.length)]);
  chars[0] = chars[MAX_TEXT_LENGTH - 1] = '#'; // the model trims spaces at the ends
  return chars.join('');
}

// The persisted copy's size, and how soon after a post the server has it: `npm run bench` (bench/persisted-room.ts).
describe('a full room persisted on the server', () => {
  it('of 100 maximal posts restores whole, in a room with other rules', async function () {
    this.timeout(150_000);
    const appId = uniqueAppId('maximal');
    const el = await joinRoom(appId, uniqueSessionName('maximal'), uniquePerson());
    const texts = Array.from({ length: MAX_HISTORY }, (_, i) => maximal(i));
    // One at a time: Croquet's client closes a session whose queue of unsent events overflows, which a
    // burst of 100 posts at the length limit can do.
    for (const text of texts) {
      el.send(text);
      await eventually(() => el.messages.at(-1)?.text === text, `post ${el.messages.length + 1} never arrived (status ${el.status})`);
    }
    expect(el.messages.map((m) => m.text)).to.deep.equal(texts);
    // The server's copy covers the last post once a SAVE of data collected at or after it is recorded
    // there (Croquet waits out 25 s of model time after the upload it made at joining).
    await persistedOnServer(appId, el.messages.at(-1)!.time, [saves]);

    // A room with other rules is another session of the same persistent id: it starts from that copy.
    const expected = el.messages.map((m) => [m.id, m.text, m.nickname, m.self]);
    const { session, userId } = el;
    el.remove();
    await waitForStatus(el, 'offline');
    const again = await joinRoom(appId, session, userId, { 'inactivity-timeout': '30' });
    await eventually(() => again.messages.length === expected.length, `the room with other rules never showed the ${expected.length} entries (${again.messages.length})`);
    expect(again.messages.map((m) => [m.id, m.text, m.nickname, m.self])).to.deep.equal(expected);
    expect(again.messages.every((m) => m.time === 0), 'a new session').to.equal(true);
  });
});
