// One session (Island) without sockets or disk: a fake host records every frame the island sends to
// each client and everything it stores, so each test reads like what a client or an operator sees.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { Client } from '../client.js';
import { INITIAL_SEQ, type JoinArgs, type SendArgs } from '../protocol.js';
import {
  Island,
  MAX_LOG_MESSAGES,
  MIN_TICK_MS,
  REQU_MESSAGES,
  TALLY_TIMEOUT_MS,
  USERS_BATCH_MS,
  type IslandHost,
  type IslandStore,
} from '../island.js';
import type { LoadedSession, SessionMeta } from '../store.js';
import type { TickEntry, Tickable } from '../ticker.js';
import { wsHeaderLength } from '../ws-frame.js';

const SESSION = 'island-unit-test';
/** Where every test client reached the server, unless a test says otherwise. */
const ORIGIN = 'http://127.0.0.1:8888';
/** A snapshot or SAVE url on this server's own /files, as the uploader addressed it. */
const OWN_FILES = 'http://uploader.test:8888/files/';

type Frame = { id?: string; action: string; args?: any };
type Event =
  | { kind: 'append'; json: string }
  | { kind: 'meta'; durable: boolean }
  | { kind: 'rewrite'; messages: string[] }
  | { kind: 'send'; client: Client; frame: Frame };

/** The session records in memory, with every write logged to the host's event list. */
class MemoryStore implements IslandStore {
  readonly metas = new Map<string, SessionMeta>();
  readonly logs = new Map<string, string[]>();
  readonly saves = new Map<string, string>();
  failMetaWrites = false;
  readonly persist = {
    read: (appId: string, persistentId: string): string | undefined => this.saves.get(`${appId}/${persistentId}`),
    write: (appId: string, persistentId: string, url: string): void => void this.saves.set(`${appId}/${persistentId}`, url),
  };
  constructor(private readonly events: Event[]) {}
  readonly now = (): number => Date.now();
  writeMeta(meta: SessionMeta, durable = false): void {
    if (this.failMetaWrites) throw new Error('ENOSPC: no space left on device');
    this.metas.set(meta.id, structuredClone(meta));
    this.events.push({ kind: 'meta', durable });
  }
  append(id: string, json: string): void {
    this.log(id).push(json);
    this.events.push({ kind: 'append', json });
  }
  rewriteLog(id: string, messages: readonly string[]): void {
    this.logs.set(id, [...messages]);
    this.events.push({ kind: 'rewrite', messages: [...messages] });
  }
  closeLog(): void {}
  log(id: string): string[] {
    let log = this.logs.get(id);
    if (!log) this.logs.set(id, (log = []));
    return log;
  }
}

/** The ticker's schedule without its timer: a test calls island.tick() where the timer would. */
class ManualTicker {
  /** The period of every (re)start: a message restarts the schedule. */
  readonly starts: number[] = [];
  readonly scheduled = new Set<TickEntry>();
  entry(owner: Tickable): TickEntry {
    return { owner, due: 0, period: 0, slot: -1, pos: 0 };
  }
  isScheduled(e: TickEntry): boolean {
    return this.scheduled.has(e);
  }
  start(e: TickEntry, period: number): void {
    e.period = period;
    this.scheduled.add(e);
    this.starts.push(period);
  }
  stop(e: TickEntry): void {
    this.scheduled.delete(e);
  }
}

class FakeHost implements IslandHost {
  readonly name = 'test-reflector';
  readonly events: Event[] = [];
  readonly store = new MemoryStore(this.events);
  readonly ticker = new ManualTicker();
  /** No lease write ever completes; the island's own meta.timeCeiling covers it. */
  readonly lease = { generation: 0, cover(): void {}, ceiling: (): number => -Infinity, renewSync(): void {} };
  readonly idled: Island[] = [];
  readonly pruned: Array<[string, string]> = [];
  readonly errors: Array<{ session: string; what: string; err: unknown }> = [];
  counted = 0;
  private readonly partial = new Map<Client, string>();

  sendRaw(client: Client, text: string): void {
    // Reassemble _CHUNK pieces the way the official client does.
    if (text.startsWith('_CHUNK')) {
      const joined = (text[6] === '1' ? '' : (this.partial.get(client) ?? '')) + text.slice(8);
      if (text[7] !== '1') return void this.partial.set(client, joined);
      this.partial.delete(client);
      text = joined;
    }
    this.events.push({ kind: 'send', client, frame: JSON.parse(text) as Frame });
  }
  sendPrebuilt(client: Client, frame: Buffer): void {
    this.sendRaw(client, frame.subarray(wsHeaderLength(frame)).toString('utf8'));
  }
  countMessage(): void {
    this.counted++;
  }
  idle(island: Island): void {
    this.idled.push(island);
  }
  localUrl(url: string): string {
    return url.startsWith(OWN_FILES) ? new URL(url).pathname : url;
  }
  pruneSnapshots(sessionId: string, current: string): void {
    this.pruned.push([sessionId, current]);
  }
  logError(session: string, what: string, err: unknown): void {
    this.errors.push({ session, what, err });
  }

  /** Every frame the island sent to `client`, in order. */
  frames(client: Client, action?: string): Frame[] {
    const out: Frame[] = [];
    for (const e of this.events) if (e.kind === 'send' && e.client === client && (!action || e.frame.action === action)) out.push(e.frame);
    return out;
  }
  /** The users messages `client` received (without `_size`, the first test checks it). */
  users(client: Client): Array<Record<string, unknown>> {
    return this.frames(client, 'RECV')
      .map((f) => f.args[2])
      .filter((p) => p?.what === 'users')
      .map(({ _size, ...payload }) => payload);
  }
}

// The island checks `readyState` only; every frame goes through the host, never to this object.
const OPEN_SOCKET = { readyState: WebSocket.OPEN } as unknown as WebSocket;

/** A client whose socket is open and drained. */
function openClient(origin = ORIGIN): Client {
  const client = new Client(OPEN_SOCKET, SESSION, origin, null);
  client.socket = { writableLength: 0 } as Socket;
  return client;
}

function joinArgs(user: string | undefined, extra: Partial<JoinArgs> = {}): JoinArgs {
  return { version: 1, apiKey: 'none', ticks: { tick: 50, delay: 0 }, user, tove: `tove-of-${user}`, leaveDelay: 0, ...extra };
}

/** What the reflector does when a socket closes: `departed` when the client said it is leaving. */
function close(island: Island, client: Client, departed: boolean): void {
  client.closed = true;
  island.disconnect(client, departed);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A new session with `users` joined (each announced), on a fresh fake host. */
async function session(users: string[], extra: Partial<JoinArgs> = {}): Promise<{ host: FakeHost; island: Island; clients: Client[] }> {
  const host = new FakeHost();
  const island = Island.create(host, SESSION, joinArgs(users[0], extra));
  const clients: Client[] = [];
  for (const user of users) {
    const client = openClient();
    island.join(client, joinArgs(user, extra));
    clients.push(client);
    await nextTurn();
  }
  return { host, island, clients };
}

function post(island: Island, text: string, tags?: { debounce: number; msgID: string }): void {
  island.send([0, 0, text, 0] as SendArgs, tags);
}

/** `count` stored messages, the first with seq INITIAL_SEQ + 1. */
function storedMessages(count: number): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify([i, (INITIAL_SEQ + 1 + i) >>> 0, 'm', 0]));
}

/** A stored session as the store loads it after a restart: `messages` follow meta.seqBase. */
function stored(meta: Partial<SessionMeta>, messages: string[] = []): LoadedSession {
  const full: SessionMeta = {
    version: 1,
    id: SESSION,
    timeline: 'stored-timeline',
    tove: 'stored-tove',
    tick: 50,
    delay: 0,
    leaveDelay: 0,
    timeCeiling: 0,
    seqBase: INITIAL_SEQ,
    snapshot: null,
    users: [],
    lastActive: 0,
    ...meta,
  };
  const [lastTime, lastSeq] = messages.length ? (JSON.parse(messages.at(-1)!) as [number, number]) : [0, full.seqBase];
  return { meta: full, messages, lastSeq, lastTime };
}

test('the first joiner gets the empty start of a new session, and is announced to itself', async () => {
  const { host, clients } = await session(['alice']);
  const [alice] = clients;
  const [sync, ...later] = host.frames(alice);
  assert.equal(sync.action, 'SYNC');
  assert.equal(sync.id, SESSION);
  const { time, timeline, ...fixed } = sync.args;
  assert.deepEqual(fixed, { url: '', messages: [], seq: INITIAL_SEQ, tove: 'tove-of-alice', reflector: 'test-reflector', flags: {} });
  assert.ok(Number.isInteger(time) && time >= 0 && time < 1000, `time ${time} starts at 0`);
  assert.match(timeline, /^[a-z0-9]{1,10}$/);
  // Session.join() completes only once the client sees a users message naming it.
  assert.deepEqual(
    later.map((f) => [f.action, f.args[1]]),
    [['RECV', INITIAL_SEQ + 1]],
  );
  const { _size, ...users } = later[0].args[2];
  assert.deepEqual(users, { what: 'users', active: 1, total: 1, joined: ['alice'] });
  assert.equal(_size, JSON.stringify(users).length, 'carries its size, as the official reflector does');
  assert.equal(host.store.metas.get(SESSION)?.tove, 'tove-of-alice');
});

test('a later joiner gets the first joiner\'s tove (the password check), the same timeline and the whole log', async () => {
  const { host, island, clients } = await session(['alice']);
  const [alice] = clients;
  post(island, 'hello');
  const bob = openClient();
  island.join(bob, joinArgs('bob'));
  const first = host.frames(alice, 'SYNC')[0];
  const sync = host.frames(bob, 'SYNC')[0];
  assert.equal(sync.args.tove, 'tove-of-alice');
  assert.equal(sync.args.timeline, first.args.timeline);
  assert.deepEqual(sync.args.messages, host.frames(alice, 'RECV').map((f) => f.args), 'every message so far, as broadcast');
  assert.equal(sync.args.seq, INITIAL_SEQ + 2);
  await nextTurn();
  for (const c of [alice, bob]) assert.deepEqual(host.users(c).at(-1), { what: 'users', active: 2, total: 2, joined: ['bob'] });
});

test('a message is stamped with session time and the next seq, stored before it is sent, and reaches every active client identically', async () => {
  const { host, island, clients } = await session(['alice', 'bob']);
  const watcher = openClient(); // joined without a user: synced, but not a participant
  island.join(watcher, joinArgs(undefined));
  const before = host.counted;
  island.send([12, 0, 'encrypted', 3, 'kept as is'], undefined);
  const [aliceGot, bobGot] = clients.map((c) => host.frames(c, 'RECV').at(-1)!);
  assert.deepEqual(aliceGot, bobGot, 'the sender gets the same frame as everyone else');
  assert.equal(aliceGot.args[1], INITIAL_SEQ + 3);
  assert.deepEqual(aliceGot.args.slice(2), ['encrypted', 3, 'kept as is']);
  assert.ok(aliceGot.args[0] >= host.frames(clients[0], 'SYNC')[0].args.time, 'time never goes back');
  assert.equal(host.frames(watcher, 'RECV').length, 0, 'a client without a user gets no messages');
  assert.equal(host.counted, before + 1);
  const json = JSON.stringify(aliceGot.args);
  const storedAt = host.events.findIndex((e) => e.kind === 'append' && e.json === json);
  const sentAt = host.events.findIndex((e) => e.kind === 'send' && e.frame.action === 'RECV' && JSON.stringify(e.frame.args) === json);
  assert.ok(storedAt >= 0 && storedAt < sentAt, 'in the log before any client has seen it');
});

test('seq wraps from 0xffffffff to 0 with no gap', async () => {
  const host = new FakeHost();
  const island = Island.resume(host, stored({ seqBase: 0xfffffffe }, [JSON.stringify([5, 0xffffffff, 'last', 0])]));
  const alice = openClient();
  island.join(alice, joinArgs('alice'));
  await nextTurn();
  post(island, 'after the wrap');
  assert.deepEqual(host.frames(alice, 'RECV').map((f) => f.args[1]), [0, 1]);
});

test('a debounced SEND (the snapshot poll) is dropped when its msgID came within the debounce time', async () => {
  const { host, island, clients } = await session(['alice']);
  const poll = { debounce: 5000, msgID: 'pollForSnapshot' };
  post(island, 'poll 1', poll);
  post(island, 'poll 2', poll);
  post(island, 'other', { debounce: 5000, msgID: 'another' });
  assert.deepEqual(host.frames(clients[0], 'RECV').slice(1).map((f) => f.args[2]), ['poll 1', 'other']);
});

test('ticks: the first JOIN sets the period (within bounds), drained active sockets get them, and they stop when nobody is left', async () => {
  const { host, island, clients } = await session(['alice'], { ticks: { tick: 1, delay: 0 } });
  const [alice] = clients;
  assert.equal(host.store.metas.get(SESSION)?.tick, MIN_TICK_MS, 'a 1 ms tick asked for is raised to the minimum');
  assert.ok(host.ticker.starts.length > 0 && host.ticker.starts.every((period) => period === MIN_TICK_MS));
  const slow = openClient();
  island.join(slow, joinArgs('slow', { ticks: { tick: 500, delay: 0 } }));
  const watcher = openClient();
  island.join(watcher, joinArgs(undefined));
  await nextTurn();
  assert.equal(host.store.metas.get(SESSION)?.tick, MIN_TICK_MS, 'later joiners do not change the period');

  slow.socket = { writableLength: 4096 } as Socket; // its last frames are still queued
  island.tick();
  const tick = host.frames(alice, 'TICK')[0];
  assert.equal(tick.id, SESSION);
  assert.ok(Number.isInteger(tick.args) && tick.args >= host.frames(alice, 'RECV').at(-1)!.args[0]);
  assert.equal(host.frames(slow, 'TICK').length, 0, 'a backlogged socket skips the tick');
  assert.equal(host.frames(watcher, 'TICK').length, 0, 'a client without a user gets no ticks');

  const starts = host.ticker.starts.length;
  post(island, 'hi');
  assert.equal(host.ticker.starts.length, starts + 1, 'a message restarts the schedule: the next tick is a period later');

  for (const c of [alice, slow, watcher]) close(island, c, true);
  island.tick();
  assert.equal(host.ticker.scheduled.size, 0, 'no open socket: no more ticks');
});

test('a client that says it is leaving is announced as gone on the next turn', async () => {
  const { host, island, clients } = await session(['alice', 'bob'], { leaveDelay: 10_000 });
  const [alice, bob] = clients;
  close(island, bob, true);
  await nextTurn();
  assert.deepEqual(host.users(alice).at(-1), { what: 'users', active: 1, total: 1, left: ['bob'] });
  assert.deepEqual(host.store.metas.get(SESSION)?.users, ['alice'], 'a restart would know who is still present');
});

test('a dropped socket keeps its place for leaveDelay, then its exit goes out with the next users batch', async () => {
  const leaveDelay = 100;
  const { host, island, clients } = await session(['alice', 'bob'], { leaveDelay });
  const [alice, bob] = clients;
  const droppedAt = Date.now();
  close(island, bob, false);
  await sleep(leaveDelay / 2);
  assert.equal(host.users(alice).at(-1)?.left, undefined, 'no exit within leaveDelay: a quick reconnect is seamless');
  await waitFor(() => host.users(alice).at(-1)?.left !== undefined, 'the exit');
  assert.ok(Date.now() - droppedAt >= leaveDelay + USERS_BATCH_MS - 5, 'after leaveDelay plus the users batch');
  assert.deepEqual(host.users(alice).at(-1), { what: 'users', active: 1, total: 1, left: ['bob'] });
});

test('a departure takes the same user\'s lingering dropped sockets with it', async () => {
  const { host, island, clients } = await session(['alice', 'bob'], { leaveDelay: 10_000 });
  const [alice, bob] = clients;
  close(island, bob, false); // a network blip: bob lingers
  const bobAgain = openClient();
  island.join(bobAgain, joinArgs('bob', { leaveDelay: 10_000 }));
  await nextTurn();
  assert.deepEqual(host.users(alice).at(-1), { what: 'users', active: 3, total: 3, joined: ['bob'] }, 'both sockets of bob count');
  close(island, bobAgain, true);
  await nextTurn();
  assert.deepEqual(host.users(alice).at(-1), { what: 'users', active: 1, total: 1, left: ['bob', 'bob'] });
});

test('when the last client leaves nobody is told, and the host gets the island back as idle', async () => {
  const { host, island, clients } = await session(['alice']);
  const received = host.frames(clients[0]).length;
  close(island, clients[0], true);
  await nextTurn();
  assert.deepEqual(host.idled, [island]);
  assert.equal(host.frames(clients[0]).length, received);
  assert.deepEqual(host.store.metas.get(SESSION)?.users, []);
});

test('a disk error in a timer (the users batch) is reported to the host, and the message still went out', async () => {
  const host = new FakeHost();
  const island = Island.create(host, SESSION, joinArgs('alice'));
  const alice = openClient();
  island.join(alice, joinArgs('alice'));
  host.store.failMetaWrites = true;
  await nextTurn();
  assert.equal(host.users(alice).length, 1);
  assert.deepEqual(
    host.errors.map((e) => [e.session, e.what, (e.err as Error).message]),
    [[SESSION, 'users', 'ENOSPC: no space left on device']],
  );
});

test('TUTTI: one tally with the vote counts once every open client voted; none when all agree and no vote is wanted', async () => {
  const { host, island, clients } = await session(['alice', 'bob']);
  const vote = (payload: string, key: string, wantsVote: boolean, firstMsg: SendArgs | null = null): void =>
    island.tutti({ sendTime: 0, payload, firstMsg, wantsVote, tallyTarget: ['handleSnapshotVote'], tuttiKey: key });
  vote('hash-A', 'snapshot@1', true, [0, 0, 'poll', 0]);
  assert.equal(host.frames(clients[0], 'RECV').at(-1)!.args[2], 'poll', 'the first vote\'s message goes out at once');
  vote('hash-B', 'snapshot@1', true);
  const { _size, ...tally } = host.frames(clients[1], 'RECV').at(-1)!.args[2];
  assert.deepEqual(tally, {
    what: 'tally',
    sendTime: 0,
    tally: { 'hash-A': 1, 'hash-B': 1 },
    tallyTarget: ['handleSnapshotVote'],
    tuttiKey: 'snapshot@1',
    missingClients: 0,
  });
  const count = host.frames(clients[0], 'RECV').length;
  vote('hash-A', 'snapshot@1', true);
  vote('hash-A', 'snapshot@1', true);
  assert.equal(host.frames(clients[0], 'RECV').length, count, 'a key already tallied is not tallied again');
  vote('same', 'persist@2', false);
  vote('same', 'persist@2', false);
  assert.equal(host.frames(clients[0], 'RECV').length, count, 'unanimous and no vote wanted: no tally');
});

test(`TUTTI: a tally closes ${TALLY_TIMEOUT_MS} ms after its first vote, counting the clients that never voted`, async () => {
  const { host, island, clients } = await session(['alice', 'bob', 'carol']);
  island.tutti({ sendTime: 0, payload: 'hash-A', firstMsg: null, wantsVote: true, tallyTarget: null, tuttiKey: 'snapshot@9' });
  await sleep(TALLY_TIMEOUT_MS / 2);
  assert.notEqual(host.frames(clients[0], 'RECV').at(-1)!.args[2].what, 'tally');
  await waitFor(() => host.frames(clients[0], 'RECV').at(-1)!.args[2].what === 'tally', 'the tally');
  assert.equal(host.frames(clients[0], 'RECV').at(-1)!.args[2].missingClients, 2);
});

test('SNAP trims the log: a later joiner loads the snapshot on its own host name and replays only what came after', async () => {
  const { host, island, clients } = await session(['alice']);
  post(island, 'before');
  post(island, 'after');
  const [, beforeMsg, afterMsg] = host.frames(clients[0], 'RECV').map((f) => f.args);
  const upload = `${OWN_FILES}snapshots/${SESSION}/snap.snap`;
  host.events.length = 0;
  assert.equal(island.snap({ time: beforeMsg[0], seq: beforeMsg[1], url: upload, dissident: null }), true);
  // The trim is recorded durably before the log is rewritten (a crash in between loses nothing).
  assert.deepEqual(host.events.map((e) => (e.kind === 'meta' ? `meta durable=${e.durable}` : e.kind)), ['meta durable=true', 'rewrite']);
  assert.deepEqual(host.store.logs.get(SESSION), [JSON.stringify(afterMsg)]);
  assert.deepEqual(host.pruned, [[SESSION, `/files/snapshots/${SESSION}/snap.snap`]]);

  const lan = openClient('http://192.168.1.20:8888');
  island.join(lan, joinArgs('bob'));
  const sync = host.frames(lan, 'SYNC')[0].args;
  assert.equal(sync.url, `http://192.168.1.20:8888/files/snapshots/${SESSION}/snap.snap`);
  assert.equal(sync.snapshotTime, beforeMsg[0]);
  assert.equal(sync.snapshotSeq, beforeMsg[1]);
  assert.deepEqual(sync.messages, [afterMsg]);
});

test('SNAP from a dissident or older than the current snapshot changes nothing; one for a seq the log never had is refused', async () => {
  const { host, island, clients } = await session(['alice']);
  post(island, 'one');
  const [, one] = host.frames(clients[0], 'RECV').map((f) => f.args);
  const url = 'https://elsewhere.test/snap';
  assert.equal(island.snap({ time: one[0], seq: one[1], url, dissident: { hash: 'other' } }), true);
  assert.equal(island.size, 2, 'a dissident\'s snapshot trims nothing');
  assert.equal(island.snap({ time: one[0] + 10, seq: INITIAL_SEQ + 5, url, dissident: null }), false, 'a seq from the future');
  assert.equal(island.snap({ time: one[0] + 10, seq: INITIAL_SEQ - 1, url, dissident: null }), false, 'a seq before the log');
  assert.equal(island.snap({ time: one[0] + 10, seq: one[1], url, dissident: null }), true);
  assert.equal(island.snap({ time: one[0], seq: one[1], url: 'https://elsewhere.test/late', dissident: null }), true);
  assert.equal(island.meta.snapshot?.url, url, 'a late upload of an older snapshot is ignored');
  assert.equal(island.size, 0);
});

test('SAVE records the room\'s data; a new session of the room starts from it until its first snapshot', async () => {
  const room = { appId: 'io.example.chat', persistentId: 'room-1' };
  const { host, island } = await session(['alice'], room);
  assert.equal(island.save({ url: `${OWN_FILES}apps/io.example.chat/room-1/save/h`, dissident: null }), true);
  assert.equal(host.store.saves.get('io.example.chat/room-1'), '/files/apps/io.example.chat/room-1/save/h');

  const next = Island.create(host, 'next-session', joinArgs('bob', room));
  const bob = openClient();
  next.join(bob, joinArgs('bob', room));
  const sync = host.frames(bob, 'SYNC')[0].args;
  assert.equal(sync.url, `${ORIGIN}/files/apps/io.example.chat/room-1/save/h`);
  assert.equal(sync.persisted, true);
  assert.equal(sync.snapshotTime, undefined);

  const roomless = await session(['carol']);
  assert.equal(roomless.island.save({ url: 'x', dissident: null }), false, 'no appId/persistentId: refused (4101)');
});

test('a resumed session continues its time, seq and log; users who were present and do not return are announced as gone', async () => {
  const host = new FakeHost();
  const messages = [JSON.stringify([8000, INITIAL_SEQ + 1, 'earlier', 0])];
  const island = Island.resume(host, stored({ users: ['ghost'], leaveDelay: 50, timeCeiling: 9000 }, messages));
  const alice = openClient();
  island.join(alice, joinArgs('alice', { leaveDelay: 50 }));
  const sync = host.frames(alice, 'SYNC')[0].args;
  assert.ok(sync.time >= 9000, 'no time at or below a ceiling a client may have seen');
  assert.equal(sync.seq, INITIAL_SEQ + 1);
  assert.equal(sync.timeline, 'stored-timeline', 'same timeline: clients that held the model rejoin seamlessly');
  assert.deepEqual(sync.messages, [[8000, INITIAL_SEQ + 1, 'earlier', 0]]);
  await nextTurn();
  assert.deepEqual(host.users(alice)[0], { what: 'users', active: 2, total: 2, joined: ['alice'] });
  await waitFor(() => host.users(alice).length === 2, 'the ghost\'s exit');
  assert.deepEqual(host.users(alice)[1], { what: 'users', active: 1, total: 1, left: ['ghost'] });
});

test(`a log of ${REQU_MESSAGES}+ messages makes the island ask for a snapshot (REQU), not on every tick`, async () => {
  const host = new FakeHost();
  const island = Island.resume(host, stored({ timeCeiling: 6000 }, storedMessages(REQU_MESSAGES)));
  const alice = openClient();
  island.join(alice, joinArgs('alice'));
  await nextTurn();
  assert.equal(host.frames(alice, 'REQU').length, 1, 'asked when the log got long');
  island.tick();
  island.tick();
  assert.equal(host.frames(alice, 'REQU').length, 1, 'not again right away');
});

test(`a full log (${MAX_LOG_MESSAGES} messages) refuses new messages and tells clients a snapshot is needed`, async () => {
  const host = new FakeHost();
  const island = Island.resume(host, stored({ timeCeiling: 6000 }, storedMessages(MAX_LOG_MESSAGES)));
  const alice = openClient();
  island.join(alice, joinArgs('alice'));
  assert.equal(host.frames(alice, 'SYNC').length, 1, 'a long SYNC arrives whole (in chunks)');
  await nextTurn();
  const appended = host.store.log(SESSION).length;
  post(island, 'one too many');
  assert.equal(host.store.log(SESSION).length, appended, 'not stored');
  assert.ok(!host.frames(alice, 'RECV').some((f) => f.args[2] === 'one too many'), 'not sent');
  assert.deepEqual(host.frames(alice, 'INFO').at(-1)!.args, {
    code: 'SNAPSHOT_NEEDED',
    msg: 'message log full, waiting for a snapshot',
    options: { level: 'error' },
  });
  assert.ok(host.frames(alice, 'REQU').length >= 1);
});
