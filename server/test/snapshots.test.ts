// Votes, snapshots and persisted data over raw sockets: TUTTI tallies that time out, late and stale
// votes, dissident SNAP and SAVE (a client whose hash disagreed with the majority), and a message log
// that has filled up. "Nothing happened" is always judged at a marker the same socket sent after
// the action: the reflector handles one socket's frames in order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RunningServer } from '../server.js';
import { MAX_LOG_MESSAGES } from '../island.js';
import { RawClient, rawSessionId, type RawFrame } from './helpers.js';
import { crq1, fakeHash, fakePersistentId, httpRequest, snapshotPath } from './http.js';

interface Room {
  server: RunningServer;
  id: string;
  a: RawClient;
  b: RawClient;
}

/** Runs `body` on a server of its own (with `options`) with two raw clients joined to one session. */
async function withRoom(body: (room: Room) => Promise<void>, options: Partial<Parameters<typeof createServer>[0]> = {}): Promise<void> {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, ...options });
  const id = rawSessionId();
  const a = await RawClient.session(server.url, id);
  const b = await RawClient.session(server.url, id);
  try {
    a.join({ user: 'ua' });
    await a.waitFrame('SYNC');
    b.join({ user: 'ub' });
    await b.waitFrame('SYNC');
    await a.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'users' && f.args[2].joined?.includes('ub'));
    await body({ server, id, a, b });
  } finally {
    a.close();
    b.close();
    await server.close();
  }
}

let markers = 0;
/** Sends a marker message from `c` and waits for it: every earlier frame of `c` has been handled. */
async function marker(c: RawClient, id: string): Promise<RawFrame> {
  const text = `marker-${++markers}`;
  c.send({ id, action: 'SEND', args: [0, 0, text, 0] });
  return c.waitFrame('RECV', undefined, (f) => f.args[2] === text);
}

/** Waits for a PONG: every earlier frame of `c` has been handled. */
async function handled(c: RawClient): Promise<void> {
  const tag = `ping-${++markers}`;
  c.send({ action: 'PING', args: tag });
  await c.waitFrame('PONG', undefined, (f) => f.args === tag);
}

const tallies = (c: RawClient, key: string): RawFrame[] => c.of('RECV').filter((f) => f.args[2]?.what === 'tally' && f.args[2].tuttiKey === key);
/** A TUTTI vote: `[sendTime, 0, payload, firstMsg, wantsVote, tallyTarget, tuttiKey]`. */
const vote = (id: string, key: string, payload: string, opts: { sendTime?: number; wantsVote?: boolean; firstMsg?: unknown[] } = {}) => ({
  id,
  action: 'TUTTI',
  args: [opts.sendTime ?? 0, 0, payload, opts.firstMsg ?? null, opts.wantsVote ?? true, ['handleVote'], key],
});

test('a tally with a vote missing closes on its timeout and counts the missing client; a late vote opens no second tally', () =>
  withRoom(async ({ id, a, b }) => {
    a.send(vote(id, 'key-1', 'from-a'));
    const tally = await a.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'tally');
    assert.deepEqual(
      { tally: tally.args[2].tally, missingClients: tally.args[2].missingClients, tallyTarget: tally.args[2].tallyTarget, tuttiKey: tally.args[2].tuttiKey },
      { tally: { 'from-a': 1 }, missingClients: 1, tallyTarget: ['handleVote'], tuttiKey: 'key-1' },
    );
    // B's vote comes too late. Then A votes again: had the key been opened anew, these two votes
    // (every client) would close it at once, before A's marker.
    b.send(vote(id, 'key-1', 'from-b'));
    await handled(b);
    a.send(vote(id, 'key-1', 'from-a'));
    await marker(a, id);
    assert.equal(tallies(a, 'key-1').length, 1, 'one tally for the key');
    assert.equal(tallies(b, 'key-1').length, 1, 'B got the same one');
  }));

test('a vote sent more than a minute ago (session time) is ignored', () =>
  withRoom(async ({ id, a, b }) => {
    a.send(vote(id, 'stale', 'x', { sendTime: -60_001 }));
    await handled(a);
    b.send(vote(id, 'stale', 'x', { sendTime: -60_001 }));
    await marker(b, id);
    assert.deepEqual(tallies(b, 'stale'), [], 'two votes from every client, and no tally');
  }));

test('without wantsVote, agreeing votes give no tally and disagreeing ones do', () =>
  withRoom(async ({ id, a, b }) => {
    for (const [key, votes] of [
      ['agree', ['same', 'same']],
      ['disagree', ['mine', 'theirs']],
    ] as const) {
      a.send(vote(id, key, votes[0], { wantsVote: false }));
      await handled(a);
      b.send(vote(id, key, votes[1], { wantsVote: false }));
      await marker(b, id);
    }
    assert.deepEqual(tallies(b, 'agree'), []);
    assert.equal(tallies(b, 'disagree').length, 1);
    assert.deepEqual(tallies(b, 'disagree')[0].args[2].tally, { mine: 1, theirs: 1 });
  }));

test("the first vote's firstMsg goes out at once as a message of its own, before the tally; later ones are dropped", () =>
  withRoom(async ({ id, a, b }) => {
    a.send(vote(id, 'poll', 'v', { firstMsg: [0, 0, 'first-message', 0] }));
    await handled(a);
    b.send(vote(id, 'poll', 'v', { firstMsg: [0, 0, 'second-message', 0] }));
    const tally = await b.waitFrame('RECV', undefined, (f) => f.args[2]?.tuttiKey === 'poll');
    const first = b.of('RECV').filter((f) => f.args[2] === 'first-message');
    assert.equal(first.length, 1);
    assert.ok(((first[0].args[1] - tally.args[1]) | 0) < 0, 'before the tally');
    assert.deepEqual(tally.args[2].tally, { v: 2 });
    await marker(b, id);
    assert.deepEqual(b.of('RECV').filter((f) => f.args[2] === 'second-message'), []);
  }));

/** Joins a silent raw client and returns its SYNC. */
async function syncOf(server: RunningServer, id: string, join: Record<string, unknown> = {}): Promise<RawFrame['args']> {
  const probe = await RawClient.session(server.url, id);
  probe.join(join);
  const sync = await probe.waitFrame('SYNC');
  probe.close();
  return sync.args;
}

test('a dissident SNAP is not handed to joiners; the agreed one is, and an older one arriving late changes nothing', () =>
  withRoom(async ({ server, id, a }) => {
    for (const text of ['one', 'two', 'three']) a.send({ id, action: 'SEND', args: [0, 0, text, 0] });
    const last = await a.waitFrame('RECV', undefined, (f) => f.args[2] === 'three');
    const seq = last.args[1] as number;
    const upload = async (time: number): Promise<string> => {
      const file = snapshotPath(id, time, seq);
      assert.equal((await httpRequest(server.url, 'PUT', file, crq1())).status, 201);
      return file;
    };
    const snap = (time: number, file: string, dissident: unknown) => ({
      id,
      action: 'SNAP',
      args: { time, seq, hash: fakeHash(), url: `${server.url}${file.slice(1)}`, dissident },
    });

    const theirs = await upload(500);
    a.send(snap(500, theirs, { hash: 'minority', majority: 'other' }));
    await handled(a);
    const before = await syncOf(server, id);
    assert.equal(before.url, '', 'no snapshot');
    assert.ok(before.messages.some((m: unknown[]) => m[2] === 'one'), 'joiners replay the whole log');

    const agreed = await upload(600);
    a.send(snap(600, agreed, null));
    await handled(a);
    const after = await syncOf(server, id);
    assert.ok(String(after.url).endsWith(agreed), String(after.url));
    assert.equal(after.snapshotSeq, seq);
    assert.deepEqual(after.messages, [], 'only messages after the snapshot');

    const older = await upload(550);
    a.send(snap(550, older, null));
    await handled(a);
    assert.ok(String((await syncOf(server, id)).url).endsWith(agreed), 'still the newest agreed snapshot');
    assert.equal(a.closeCode, undefined);
  }));

test('a dissident SAVE is not what the next session of the room starts from', async () => {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  const app = 'io.croquetchat.snapshotstest';
  const room = fakePersistentId();
  const id = rawSessionId();
  const owner = await RawClient.session(server.url, id);
  try {
    owner.join({ user: 'owner', appId: app, persistentId: room });
    await owner.waitFrame('SYNC');
    const save = async (dissident: unknown): Promise<string> => {
      const blob = `/files/apps/${app}/${room}/save/${fakeHash()}`;
      assert.equal((await httpRequest(server.url, 'PUT', blob, crq1())).status, 201);
      owner.send({ id, action: 'SAVE', args: { persistTime: 1, url: `${server.url}${blob.slice(1)}`, dissident } });
      await handled(owner);
      return blob;
    };
    const agreed = await save(null);
    await save({ hash: 'minority' });
    const next = await syncOf(server, rawSessionId(), { appId: app, persistentId: room });
    assert.equal(next.persisted, true);
    assert.ok(String(next.url).endsWith(agreed), String(next.url));
  } finally {
    owner.close();
    await server.close();
  }
});

test('a full message log drops new messages and asks everyone for a snapshot; a snapshot makes room again', () =>
  withRoom(
    async ({ server, id, a, b }) => {
      // A was there from the start: it got every message of the log. Fill the rest.
      const room = MAX_LOG_MESSAGES - a.of('RECV').length;
      for (let i = 0; i < room; i++) a.send({ id, action: 'SEND', args: [0, 0, `m${i}`, 0] });
      const last = await a.waitFrame('RECV', 90_000, (f) => f.args[2] === `m${room - 1}`);
      a.send({ id, action: 'SEND', args: [0, 0, 'over the limit', 0] });
      await handled(a);
      // Up to the PONG: no RECV (the message is dropped), and the full log's REQU + INFO.
      const tail = a.frames.slice(a.frames.indexOf(last) + 1).filter((f) => f.action !== 'TICK');
      assert.deepEqual(tail.filter((f) => f.action === 'RECV'), []);
      const at = tail.findIndex((f) => f.action === 'INFO');
      assert.ok(at > 0 && tail[at - 1].action === 'REQU', JSON.stringify(tail.map((f) => f.action)));
      assert.equal(tail[at].args.code, 'SNAPSHOT_NEEDED');
      assert.equal(tail[at].args.options.level, 'error');
      await b.waitFrame('INFO', undefined, (f) => f.args.code === 'SNAPSHOT_NEEDED');
      assert.deepEqual(b.of('RECV').filter((f) => f.args[2] === 'over the limit'), []);

      // The client uploads a snapshot of everything so far: the log is trimmed, messages flow again.
      const file = snapshotPath(id, last.args[0], last.args[1]);
      assert.equal((await httpRequest(server.url, 'PUT', file, crq1())).status, 201);
      a.send({ id, action: 'SNAP', args: { time: last.args[0], seq: last.args[1], hash: 'h', url: `${server.url}${file.slice(1)}`, dissident: null } });
      a.send({ id, action: 'SEND', args: [0, 0, 'room again', 0] });
      const again = await b.waitFrame('RECV', undefined, (f) => f.args[2] === 'room again');
      assert.equal(again.args[1], (last.args[1] + 1) >>> 0, 'the next seq: nothing was stamped in between');
      const sync = await syncOf(server, id);
      assert.equal(sync.snapshotSeq, last.args[1]);
      assert.deepEqual(
        sync.messages.map((m: unknown[]) => m[2]),
        ['room again'],
      );
    },
    { rateLimit: { burstFrames: 2 * MAX_LOG_MESSAGES, framesPerSecond: 2 * MAX_LOG_MESSAGES, burstBytes: 1e9, bytesPerSecond: 1e9 } },
  ));
