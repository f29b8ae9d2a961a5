// Durability: a graceful restart and a kill -9 keep history, and connected clients carry on by themselves.
// Croquet keeps the first join's box for the whole process, so the official clients reach every
// server here through one relay address; each server, restarted or not, takes a free port of its own
// and the relay follows it (no test counts on getting a closed port number back).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer } from '../server.js';
import { joinChat, killServer, RawClient, rawSessionId, startServerProcess, TcpRelay, uniqueName, waitFor, type TestClient } from './helpers.js';
import { crq1, fakeHash, fakePersistentId, httpRequest } from './http.js';

/** Connected, synced, and with a (possibly rebuilt) view. */
const isLive = (c: TestClient): boolean => c.controller.connection.connected && c.controller.synced && !!c.session.view;

async function syncOf(url: string, sessionId: string) {
  const raw = await RawClient.session(url, sessionId);
  raw.join();
  const sync = await raw.waitFrame('SYNC');
  raw.close();
  return sync.args;
}

let relay: TcpRelay;
before(async () => {
  relay = await TcpRelay.start();
});
after(() => relay.close());

const tmpDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

test('graceful restart: history kept, clients reconnect and continue', async () => {
  const dataDir = tmpDir('croquet-chat-restart-');
  let server = await createServer({ host: '127.0.0.1', port: 0, dataDir, quiet: true });
  relay.target = server.port;
  const url = relay.url;
  const name = uniqueName('restart');
  const a = await joinChat(url, name);
  const b = await joinChat(url, name);
  try {
    a.view.post('one');
    b.view.post('two');
    await waitFor(() => a.model.posts.length === 2 && b.model.posts.length === 2, 'posts before restart');
    const before = await syncOf(server.url, a.session.id);

    await server.close(); // clients get 4003 and start reconnecting
    server = await createServer({ host: '127.0.0.1', port: 0, dataDir, quiet: true });
    relay.target = server.port;
    const after = await syncOf(server.url, a.session.id);
    assert.equal(after.timeline, before.timeline, 'same timeline');
    assert.equal(after.tove, before.tove, 'same tove');
    assert.ok(after.time >= before.time, 'time resumes monotonic');
    assert.ok(((after.seq - before.seq) | 0) >= 0, 'seq continues');

    await waitFor(() => isLive(a) && isLive(b), 'both reconnected');
    a.view.post('three');
    await waitFor(() => b.model.posts.length === 3, 'post after restart reaches B');
    assert.deepEqual(b.model.posts, ['one', 'two', 'three']);
    assert.deepEqual(a.model.posts, b.model.posts);

    const c = await joinChat(url, name);
    assert.deepEqual(c.model.posts, ['one', 'two', 'three']);
    await waitFor(() => Object.keys(c.model.present).length === 3, 'presence exact after restart');
    await c.leave();
  } finally {
    await a.leave();
    await b.leave();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('kill -9: history kept, time monotonic, clients reconnect and continue', async () => {
  const dataDir = tmpDir('croquet-chat-crash-');
  let server = await startServerProcess(dataDir, 0);
  relay.target = server.port;
  const name = uniqueName('crash');
  const a = await joinChat(relay.url, name);
  const b = await joinChat(relay.url, name);
  try {
    for (let i = 0; i < 20; i++) a.view.post(`post ${i}`);
    await waitFor(() => b.model.posts.length === 20, 'posts before the crash');
    const before = await syncOf(server.url, a.session.id);
    // Ticks well beyond the last message: only the time lease, not the log, remembers their times.
    await waitFor(() => Math.min(a.controller.reflectorTime, b.controller.reflectorTime) >= before.time + 300, 'ticks after the last message');

    const seenTime = Math.max(a.controller.reflectorTime, b.controller.reflectorTime);
    await killServer(server);
    server = await startServerProcess(dataDir, 0);
    relay.target = server.port;

    const after = await syncOf(server.url, a.session.id);
    assert.equal(after.timeline, before.timeline, 'same timeline');
    assert.ok(after.time >= seenTime, `time ${after.time} resumes at or after ${seenTime}`);
    assert.equal(after.messages.length >= 20, true, 'all acknowledged messages kept');

    await waitFor(() => isLive(a) && isLive(b), 'both reconnected', 20_000);
    b.view.post('after crash');
    await waitFor(() => a.model.posts.length === 21 && b.model.posts.length === 21, 'post after the crash', 15_000);
    assert.deepEqual(a.model.posts, b.model.posts);
    assert.equal(a.model.posts[20], 'after crash');

    const c = await joinChat(relay.url, name);
    assert.deepEqual(c.model.posts, a.model.posts, 'late joiner sees the whole history');
    await c.leave();
  } finally {
    await a.leave();
    await b.leave();
    await killServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a session that started from persisted data hands out the same data after a restart, until its first snapshot', async () => {
  const dataDir = tmpDir('croquet-chat-restart-persisted-');
  const app = 'io.croquetchat.restarttest';
  const room = fakePersistentId();
  let server = await createServer({ host: '127.0.0.1', port: 0, dataDir, quiet: true });
  const save = async (owner: RawClient, ownerSession: string, tag: string): Promise<string> => {
    const blob = `/files/apps/${app}/${room}/save/${fakeHash()}`;
    assert.equal((await httpRequest(server.url, 'PUT', blob, crq1())).status, 201);
    owner.send({ id: ownerSession, action: 'SAVE', args: { persistTime: 1, url: `${server.url}${blob.slice(1)}`, dissident: null } });
    owner.send({ action: 'PING', args: tag });
    await owner.waitFrame('PONG', undefined, (f) => f.args === tag);
    return blob;
  };
  try {
    // The room's version N saves; version N+1 (another session of the room) starts from that blob.
    const oldSession = rawSessionId();
    const owner = await RawClient.session(server.url, oldSession);
    owner.join({ user: 'owner', appId: app, persistentId: room });
    await owner.waitFrame('SYNC');
    const first = await save(owner, oldSession, 'first');
    const newSession = rawSessionId();
    const joiner = await RawClient.session(server.url, newSession);
    joiner.join({ user: 'joiner', appId: app, persistentId: room });
    const before = await joiner.waitFrame('SYNC');
    assert.equal(before.args.persisted, true);
    assert.ok(String(before.args.url).endsWith(first));
    // The old version saves again: the room's latest blob is now another one.
    await save(owner, oldSession, 'second');
    owner.close();
    joiner.close();

    await server.close();
    server = await createServer({ host: '127.0.0.1', port: 0, dataDir, quiet: true }); // raw clients take the new address
    const late = await RawClient.session(server.url, newSession);
    late.join({ user: 'late', appId: app, persistentId: room });
    const after = await late.waitFrame('SYNC');
    assert.equal(after.args.persisted, true, 'still a persisted start');
    assert.ok(String(after.args.url).endsWith(first), `the blob the session started from, not ${String(after.args.url)}`);
    late.close();
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
