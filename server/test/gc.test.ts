// Garbage collection and retention of /files, driven by a fake clock (no sleeps): superseded
// snapshots and persisted blobs go after the grace period, what a SYNC hands out never does,
// unused sessions and rooms go after the retention time, and an upload a crash cut off leaves a
// temp file that goes once it is stale.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer, type RunningServer } from '../server.js';
import { STALE_UPLOAD_MS } from '../file-gc.js';
import { killServer, RawClient, rawSessionId, startServerProcess, waitFor } from './helpers.js';
import { crq1, fakeHash, fakePersistentId, httpRequest, metric, snapshotPath } from './http.js';

const MINUTE = 60_000;
const GRACE = 10 * MINUTE;
const DAY = 24 * 60 * MINUTE;
const APP = 'io.croquetchat.gctest';

/** A server on a fake clock, and a joined raw client in a session with a room. */
async function setUp(): Promise<{
  server: RunningServer;
  clock: { now: number };
  owner: RawClient;
  id: string;
  room: string;
}> {
  const clock = { now: Date.now() };
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, clock: () => clock.now, fileGraceMs: GRACE, retentionDays: 1, idleEvictMs: 20 });
  const id = rawSessionId();
  const room = fakePersistentId();
  const owner = await RawClient.session(server.url, id);
  owner.join({ user: 'owner', appId: APP, persistentId: room, leaveDelay: 0 });
  await owner.waitFrame('SYNC');
  return { server, clock, owner, id, room };
}

const exists = async (server: RunningServer, p: string): Promise<boolean> => (await httpRequest(server.url, 'GET', p)).status === 200;
async function upload(server: RunningServer, p: string): Promise<void> {
  assert.equal((await httpRequest(server.url, 'PUT', p, crq1())).status, 201, p);
}

test('superseded snapshots go after the grace period; the current one and the newest three stay', async () => {
  const { server, clock, owner, id } = await setUp();
  try {
    owner.send({ id, action: 'SEND', args: [0, 0, 'something to snapshot', 0] });
    const last = await owner.waitFrame('RECV', undefined, (f) => f.args[2] === 'something to snapshot');
    const seq = last.args[1] as number;
    const snaps: string[] = [];
    for (let i = 1; i <= 5; i++) {
      snaps.push(snapshotPath(id, i * 100, seq));
      await upload(server, snaps.at(-1)!);
      clock.now += MINUTE;
    }
    // The client announces the fifth one: from now on every SYNC hands it out.
    owner.send({ id, action: 'SNAP', args: { time: 500, seq, hash: 'h', url: `${server.url}${snaps[4].slice(1)}`, dissident: null } });
    await waitFor(async () => (await RawClient.session(server.url, id).then(syncUrl)).endsWith(snaps[4]), 'SYNC hands out the fifth');

    assert.deepEqual(server.sweep(), { sessions: 0, rooms: 0, files: 0 }, 'superseded, but within the grace period');
    clock.now += GRACE;
    assert.deepEqual(server.sweep(), { sessions: 0, rooms: 0, files: 2 });
    assert.deepEqual(await Promise.all(snaps.map((s) => exists(server, s))), [false, false, true, true, true]);

    // Three newer uploads nobody announced (yet): the announced one still stays, however old.
    const newer = [6, 7, 8].map((i) => snapshotPath(id, i * 100, seq));
    for (const s of newer) await upload(server, s);
    clock.now += GRACE + MINUTE;
    assert.equal(server.sweep().files, 2);
    assert.deepEqual(await Promise.all([...snaps, ...newer].map((s) => exists(server, s))), [false, false, false, false, true, true, true, true]);
    assert.ok((await syncUrl(await RawClient.session(server.url, id))).endsWith(snaps[4]), 'a joiner still gets the current snapshot');
    assert.equal(await metric(server.url, 'croquet_collected_files_total'), 4);
    assert.equal(await metric(server.url, 'croquet_store_bytes'), 4 * crq1().length);
  } finally {
    owner.close();
    await server.close();
  }
});

test("a room keeps the blob of its last SAVE and its newest upload; older ones go after the grace period", async () => {
  const { server, clock, owner, id, room } = await setUp();
  try {
    const blobs = [1, 2, 3].map(() => `/files/apps/${APP}/${room}/save/${fakeHash()}`);
    for (const b of blobs) {
      await upload(server, b);
      clock.now += MINUTE;
    }
    owner.send({ id, action: 'SAVE', args: { persistTime: 1, url: `${server.url}${blobs[1].slice(1)}`, dissident: null } });
    owner.send({ action: 'PING', args: 'saved' });
    await owner.waitFrame('PONG', undefined, (f) => f.args === 'saved');
    assert.equal(server.sweep().files, 0, 'within the grace period');
    clock.now += GRACE;
    assert.equal(server.sweep().files, 1);
    assert.deepEqual(await Promise.all(blobs.map((b) => exists(server, b))), [false, true, true]);
    // A new session of the same room starts from the saved blob, which is still there.
    const next = await RawClient.session(server.url, rawSessionId());
    next.join({ user: 'next', appId: APP, persistentId: room });
    const sync = await next.waitFrame('SYNC');
    assert.equal(sync.args.persisted, true);
    assert.ok(String(sync.args.url).endsWith(blobs[1]));
    // The room saves again, but that new session hands out the blob it started from until it
    // snapshots: the blob stays.
    owner.send({ id, action: 'SAVE', args: { persistTime: 2, url: `${server.url}${blobs[2].slice(1)}`, dissident: null } });
    owner.send({ action: 'PING', args: 'saved again' });
    await owner.waitFrame('PONG', undefined, (f) => f.args === 'saved again');
    clock.now += 2 * GRACE;
    assert.equal(server.sweep().files, 0);
    assert.deepEqual(await Promise.all(blobs.map((b) => exists(server, b))), [false, true, true]);
    next.close();
  } finally {
    owner.close();
    await server.close();
  }
});

test('a stored session that started from a blob and has not snapshotted keeps that blob, out of memory too', async () => {
  const { server, clock, owner, id, room } = await setUp();
  try {
    const blobs = [1, 2].map(() => `/files/apps/${APP}/${room}/save/${fakeHash()}`);
    await upload(server, blobs[0]);
    const save = async (blob: string, tag: string): Promise<void> => {
      owner.send({ id, action: 'SAVE', args: { persistTime: 1, url: `${server.url}${blob.slice(1)}`, dissident: null } });
      owner.send({ action: 'PING', args: tag });
      await owner.waitFrame('PONG', undefined, (f) => f.args === tag);
    };
    await save(blobs[0], 'first');
    // A new version's session starts from the first blob; its only member leaves, and it leaves memory.
    const nextId = rawSessionId();
    const next = await RawClient.session(server.url, nextId);
    next.join({ user: 'next', appId: APP, persistentId: room, leaveDelay: 0 });
    assert.ok(String((await next.waitFrame('SYNC')).args.url).endsWith(blobs[0]));
    next.close();
    await waitFor(async () => (await metric(server.url, 'croquet_sessions')) === 1, 'the idle session leaves memory');
    // The old version saves again, long ago: the first blob is superseded, but the stored session needs it.
    clock.now += MINUTE;
    await upload(server, blobs[1]);
    await save(blobs[1], 'second');
    clock.now += 2 * GRACE;
    assert.equal(server.sweep().files, 0);
    assert.deepEqual(await Promise.all(blobs.map((b) => exists(server, b))), [true, true]);
    const back = await RawClient.session(server.url, nextId);
    back.join({ user: 'back', appId: APP, persistentId: room });
    const sync = await back.waitFrame('SYNC');
    assert.equal(sync.args.persisted, true);
    assert.ok(String(sync.args.url).endsWith(blobs[0]), 'the blob it started from');
    assert.equal((await httpRequest(server.url, 'GET', blobs[0])).status, 200, 'and it is still there');
    back.close();
  } finally {
    owner.close();
    await server.close();
  }
});

test('sessions and rooms unused for the retention time are deleted with their files; ones in use never are', async () => {
  const { server, clock, owner, id, room } = await setUp();
  const other = await setUpSession(server);
  try {
    await upload(server, snapshotPath(id, 100, 1));
    await upload(server, `/files/apps/${APP}/${room}/save/${fakeHash()}`);
    const kept = snapshotPath(other.id, 100, 1);
    await upload(server, kept);
    owner.close(); // `other` stays connected
    await waitFor(async () => (await metric(server.url, 'croquet_sessions')) === 1, 'the idle session leaves memory');
    clock.now += DAY - MINUTE;
    assert.deepEqual(server.sweep(), { sessions: 0, rooms: 0, files: 0 }, 'not yet');
    clock.now += 2 * MINUTE;
    assert.deepEqual(server.sweep(), { sessions: 1, rooms: 1, files: 0 });
    const files = path.join(server.dataDir, 'files');
    assert.equal(fs.existsSync(path.join(server.dataDir, 'sessions', id)), false);
    assert.equal(fs.existsSync(path.join(files, 'snapshots', id)), false);
    assert.equal(fs.existsSync(path.join(files, 'apps', APP, room)), false);
    assert.deepEqual(fs.readdirSync(path.join(server.dataDir, 'persist')), []);
    assert.equal(fs.existsSync(path.join(server.dataDir, 'sessions', other.id)), true, 'the session in use stays');
    assert.ok(await exists(server, kept), "its files stay too");
    assert.equal(await metric(server.url, 'croquet_store_bytes'), crq1().length);
  } finally {
    other.raw.close();
    await server.close();
  }
});

async function setUpSession(server: RunningServer): Promise<{ raw: RawClient; id: string }> {
  const id = rawSessionId();
  const raw = await RawClient.session(server.url, id);
  raw.join({ user: 'other', appId: APP, persistentId: fakePersistentId() });
  await raw.waitFrame('SYNC');
  return { raw, id };
}

/** Joins as a silent observer and returns the snapshot URL its SYNC carries. */
async function syncUrl(raw: RawClient): Promise<string> {
  raw.join();
  const sync = await raw.waitFrame('SYNC');
  raw.close();
  return String(sync.args.url);
}

test('an upload cut off by a crash leaves a temp file: never counted as stored, swept once it is stale', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-gc-part-'));
  const id = rawSessionId();
  const file = snapshotPath(id, 100, 1);
  const partFiles = (): string[] =>
    fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).map(String).filter((n) => n.endsWith('.part'));
  // A server process crashes (kill -9) while half of an upload is in.
  const crashed = await startServerProcess(dataDir, 0);
  const owner = await RawClient.session(crashed.url, id);
  const body = crq1(64);
  const req = http.request({ host: '127.0.0.1', port: crashed.port, method: 'PUT', path: file, headers: { 'Content-Length': String(body.length) } });
  req.on('error', () => {});
  let timeline: string;
  try {
    owner.join({ user: 'owner' });
    timeline = (await owner.waitFrame('SYNC')).args.timeline;
    req.write(body.subarray(0, body.length / 2));
    await waitFor(() => partFiles().length === 1, 'the upload in progress');
  } finally {
    await killServer(crashed);
    req.destroy();
    owner.close();
  }

  const clock = { now: Date.now() };
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, dataDir, clock: () => clock.now });
  try {
    assert.equal(partFiles().length, 1, 'fresh: it might be an upload still being written');
    assert.equal((await httpRequest(server.url, 'GET', file)).status, 404, 'nothing half-written is served');
    assert.equal(await metric(server.url, 'croquet_store_bytes'), 0, 'nor counted against the quotas');
    clock.now += STALE_UPLOAD_MS - MINUTE;
    server.sweep();
    assert.equal(partFiles().length, 1, 'not stale yet');
    clock.now += 2 * MINUTE;
    server.sweep();
    assert.deepEqual(partFiles(), []);
    const back = await RawClient.session(server.url, id);
    back.join({ user: 'back' });
    assert.equal((await back.waitFrame('SYNC')).args.timeline, timeline, 'the session itself stays');
    back.close();
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
