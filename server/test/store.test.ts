// Durable state details: crash repair of the log, eviction and reload, retention.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer } from '../server.js';
import { Store, type SessionMeta } from '../store.js';
import { INITIAL_SEQ } from '../protocol.js';
import { RawClient, rawSessionId, waitFor } from './helpers.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-store-'));

function meta(id: string, extra: Partial<SessionMeta> = {}): SessionMeta {
  return {
    version: 1,
    id,
    timeline: 'tl',
    tick: 50,
    delay: 0,
    leaveDelay: 0,
    timeCeiling: 5000,
    seqBase: INITIAL_SEQ,
    snapshot: null,
    users: [],
    lastActive: Date.now(),
    ...extra,
  };
}

test('a torn last log line (crash mid-write) is dropped and the log repaired', () => {
  const store = new Store(tmp());
  const id = rawSessionId();
  store.writeMeta(meta(id));
  store.append(id, JSON.stringify([10, INITIAL_SEQ + 1, 'a', 0]));
  store.append(id, JSON.stringify([20, INITIAL_SEQ + 2, 'b', 0]));
  store.closeLog(id);
  fs.appendFileSync(path.join(store.sessionsDir, id, 'log.jsonl'), '[30,42949672');
  const loaded = store.load(id)!;
  assert.equal(loaded.messages.length, 2);
  assert.equal(loaded.lastSeq, INITIAL_SEQ + 2);
  assert.ok(fs.readFileSync(path.join(store.sessionsDir, id, 'log.jsonl'), 'utf8').endsWith('\n'));
});

test('log lines already covered by the snapshot (crash between the two renames) are skipped', () => {
  const store = new Store(tmp());
  const id = rawSessionId();
  store.writeMeta(meta(id, { seqBase: INITIAL_SEQ + 2, snapshot: { time: 20, seq: INITIAL_SEQ + 2, url: '/files/x' } }));
  for (let i = 1; i <= 4; i++) store.append(id, JSON.stringify([i * 10, INITIAL_SEQ + i, `m${i}`, 0]));
  store.closeLog(id);
  const loaded = store.load(id)!;
  assert.deepEqual(loaded.messages.map((m) => JSON.parse(m)[2]), ['m3', 'm4']);
});

test('an idle session is evicted from memory and reloaded from disk with time and seq continuing', async () => {
  const server = await createServer({ port: 0, quiet: true, idleEvictMs: 50 });
  try {
    const id = rawSessionId();
    const a = await RawClient.session(server.url, id);
    a.join({ user: 'a', leaveDelay: 0 });
    const first = await a.waitFrame('SYNC');
    a.send({ id, action: 'SEND', args: [0, 0, 'kept', 0] });
    const recv = await a.waitFrame('RECV', 5000, (f) => f.args[2] === 'kept');
    a.close();
    const sessions = async () => (await (await fetch(`${server.url}metrics`)).text()).match(/^croquet_sessions (\d+)$/m)![1];
    await waitFor(async () => (await sessions()) === '0', 'eviction');
    const b = await RawClient.session(server.url, id);
    b.join({ user: 'b' });
    const sync = await b.waitFrame('SYNC');
    assert.equal(sync.args.timeline, first.args.timeline);
    assert.ok(sync.args.messages.some((m: unknown[]) => m[2] === 'kept'));
    assert.ok(sync.args.time >= recv.args[0]);
    assert.ok(((sync.args.seq - recv.args[1]) | 0) >= 0);
    b.close();
  } finally {
    await server.close();
  }
});

test('sessions idle longer than the retention are deleted at startup, with their snapshots', async () => {
  const dataDir = tmp();
  const store = new Store(dataDir);
  const oldId = rawSessionId();
  const freshId = rawSessionId();
  store.writeMeta(meta(oldId, { lastActive: Date.now() - 3 * 86_400_000 }));
  store.writeMeta(meta(freshId));
  fs.mkdirSync(path.join(store.filesDir, 'snapshots', oldId), { recursive: true });
  fs.writeFileSync(path.join(store.filesDir, 'snapshots', oldId, '1.snap'), 'x');
  const server = await createServer({ port: 0, quiet: true, dataDir, retentionDays: 2 });
  await server.close();
  assert.equal(fs.existsSync(path.join(store.sessionsDir, oldId)), false);
  assert.equal(fs.existsSync(path.join(store.filesDir, 'snapshots', oldId)), false);
  assert.equal(fs.existsSync(path.join(store.sessionsDir, freshId, 'meta.json')), true);
});

test('SAVE records: one per room, the newest SAVE wins, and they survive a restart', () => {
  const dataDir = tmp();
  const store = new Store(dataDir, () => 1000);
  store.persist.write('io.example.chat', 'room-1', '/files/apps/io.example.chat/room-1/save/first');
  store.persist.write('io.example.chat', 'room-1', '/files/apps/io.example.chat/room-1/save/second');
  store.persist.write('io.example.chat', 'room-2', 'https://elsewhere.example/save/other');
  const restarted = new Store(dataDir);
  assert.equal(restarted.persist.read('io.example.chat', 'room-1'), '/files/apps/io.example.chat/room-1/save/second');
  assert.equal(restarted.persist.read('io.example.chat', 'room-3'), undefined);
  const rooms = restarted.persist.all().sort((a, b) => a.persistentId.localeCompare(b.persistentId));
  assert.deepEqual(rooms, [
    { appId: 'io.example.chat', persistentId: 'room-1', url: '/files/apps/io.example.chat/room-1/save/second', at: 1000 },
    { appId: 'io.example.chat', persistentId: 'room-2', url: 'https://elsewhere.example/save/other', at: 1000 },
  ]);
  restarted.persist.remove('io.example.chat', 'room-2');
  assert.deepEqual(
    restarted.persist.all().map((r) => r.persistentId),
    ['room-1'],
  );
});

test('SAVE records stay inside <data>/persist whatever the ids look like, and leave no temp files', () => {
  const dataDir = tmp();
  const store = new Store(dataDir);
  store.persist.write('../../outside', '../x/../../y', '/files/z');
  assert.equal(store.persist.read('../../outside', '../x/../../y'), '/files/z');
  const names = fs.readdirSync(path.join(dataDir, 'persist'));
  assert.equal(names.length, 1);
  assert.match(names[0], /^[A-Za-z0-9_-]{43}\.json$/);
  assert.deepEqual(fs.readdirSync(dataDir).sort(), ['files', 'persist', 'sessions']);
});

test('an unreadable SAVE record is skipped; one without a time counts from its file time', () => {
  const store = new Store(tmp());
  const dir = path.join(store.dataDir, 'persist');
  fs.writeFileSync(path.join(dir, 'torn.json'), '{"appId":"io.example.chat","persis');
  fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ appId: 'io.example.chat', persistentId: 'old', url: '/files/old' }));
  const mtime = new Date('2024-01-02T03:04:05Z');
  fs.utimesSync(path.join(dir, 'old.json'), mtime, mtime);
  assert.deepEqual(store.persist.all(), [{ appId: 'io.example.chat', persistentId: 'old', url: '/files/old', at: mtime.getTime() }]);
});
