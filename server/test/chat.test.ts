// The official Croquet client against our server: chat, presence, late join from a snapshot under
// another host name, seamless rejoin after a dropped socket, wrong password, persisted data.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createServer, type RunningServer } from '../server.js';
import { CLIENT_POLL_GAP_MS, REQU_ON_JOIN_MESSAGES } from '../island.js';
import { joinChat, lastController, RawClient, SavedChatModel, storedLog, uniqueName, waitFor, type TestClient } from './helpers.js';
import { postMarker } from './presence.js';

let server: RunningServer;
before(async () => {
  // Generous rate limit: one test replays thousands of messages through a single raw socket.
  server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, rateLimit: { burstFrames: 100_000, framesPerSecond: 100_000 } });
});
after(async () => {
  await server.close();
});

test('two clients chat and converge', async () => {
  const name = uniqueName('chat');
  const a = await joinChat(server.url, name);
  const b = await joinChat(server.url, name);
  try {
    a.view.post('hello from A');
    b.view.post('hello from B');
    await waitFor(() => a.model.posts.length === 2 && b.model.posts.length === 2, 'both posts everywhere');
    assert.deepEqual(a.model.posts, b.model.posts);
    await waitFor(() => Object.keys(a.model.present).length === 2, 'A sees two views');
    assert.deepEqual(a.model.present, b.model.present);
  } finally {
    await a.leave();
    await b.leave();
  }
});

test('view-join and view-exit counts stay exact through joins, leaves and churn', async () => {
  const name = uniqueName('presence');
  const a = await joinChat(server.url, name);
  const others: TestClient[] = [];
  const gone = new Set<string>();
  try {
    const b = await joinChat(server.url, name);
    const c = await joinChat(server.url, name);
    await waitFor(() => Object.keys(a.model.present).length === 3, 'three views present');
    const bId = b.viewId;
    gone.add(bId);
    await b.leave();
    await waitFor(() => !(bId in a.model.present), 'B exits');

    // Churn: six clients join at once, three of them leave again right away.
    const burst = await Promise.all(Array.from({ length: 6 }, () => joinChat(server.url, name)));
    others.push(c, ...burst);
    for (const x of burst.slice(0, 3)) gone.add(x.viewId);
    const ids = new Map([a, ...others].map((x) => [x, x.viewId]));
    await Promise.all(burst.slice(0, 3).map((x) => x.leave()));

    const expected = [a, c, ...burst.slice(3)].map((x) => ids.get(x)!).sort();
    for (const x of [a, c, ...burst.slice(3)]) {
      await waitFor(() => JSON.stringify(Object.keys(x.model.present).sort()) === JSON.stringify(expected), 'present views settle');
    }
    // Every view joined exactly once; exactly the departed ones exited, once.
    const events = a.model.events;
    for (const id of new Set([...ids.values(), ...gone])) {
      assert.equal(events.filter((e) => e === `join:${id}`).length, 1, `one join for ${id}`);
      assert.equal(events.filter((e) => e === `exit:${id}`).length, gone.has(id) ? 1 : 0, `exits for ${id}`);
    }
    for (const x of [c, ...burst.slice(3)]) assert.deepEqual(x.model.events, events);
    assert.ok(Object.values(a.model.present).every((n) => n === 1));
  } finally {
    await a.leave();
    await Promise.all(others.map((x) => x.leave()));
  }
});

test('a late joiner after thousands of messages syncs from a snapshot under another host name', async () => {
  const COUNT = 3000;
  const name = uniqueName('late');
  const a = await joinChat(server.url, name);
  const raw = await RawClient.session(server.url, a.session.id);
  try {
    a.view.post('message 0');
    await waitFor(() => storedLog(server.dataDir, a.session.id).some((l) => JSON.parse(l)[3] !== undefined), 'stored post');
    // Replay A's encrypted post through a raw socket: valid ciphertext, so every replica runs it.
    const post = JSON.parse(storedLog(server.dataDir, a.session.id).find((l) => JSON.parse(l)[3] !== undefined)!);
    raw.join(); // no user: a silent observer
    await raw.waitFrame('SYNC');
    for (let i = 1; i < COUNT; i++) raw.send({ id: a.session.id, action: 'SEND', args: [0, 0, post[2], 0] });
    await waitFor(() => a.model.posts.length === COUNT, `${COUNT} posts at A`, 20_000);
    raw.close();

    // A spends 5 ms of simulated CPU per message, so it polls for a snapshot once VM time passes 5 s.
    const metaFile = path.join(server.dataDir, 'sessions', a.session.id, 'meta.json');
    const meta = await waitFor(() => {
      const m = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
      return m.snapshot ? m : undefined;
    }, 'a snapshot', 20_000);
    assert.match(meta.snapshot.url, /^\/files\/snapshots\//, 'own snapshot stored as a path');

    // What a joiner under "localhost" gets: the snapshot URL on that host, then only later messages.
    const otherHost = server.url.replace('127.0.0.1', 'localhost');
    const probe = await RawClient.session(otherHost, a.session.id);
    probe.join();
    const sync = await probe.waitFrame('SYNC');
    probe.close();
    assert.ok(sync.args.url.startsWith(`${otherHost}files/snapshots/`), sync.args.url);
    assert.equal(sync.args.snapshotSeq, meta.snapshot.seq);
    assert.ok(sync.args.messages.length < COUNT);
    for (const m of sync.args.messages) assert.ok(((m[1] - sync.args.snapshotSeq) | 0) > 0, 'only messages after the snapshot');

    // Croquet keeps the first join's box for the whole realm, so this joiner runs in a worker.
    const worker = new Worker(new URL('./fixtures/join-worker.js', import.meta.url), {
      workerData: { box: otherHost, name, expectPosts: a.model.posts.length },
    });
    const result = await new Promise<{ posts: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    assert.deepEqual(result.posts, a.model.posts, 'the joiner under localhost has the same posts');
  } finally {
    raw.close();
    await a.leave();
  }
});

test('a joiner into a chat with a long log gets the room a snapshot, so the next joiner replays only what came after', async () => {
  const name = uniqueName('joinsnap');
  const a = await joinChat(server.url, name);
  let b: TestClient | undefined;
  const metaFile = path.join(server.dataDir, 'sessions', a.session.id, 'meta.json');
  const snapshotOf = () => JSON.parse(fs.readFileSync(metaFile, 'utf8')).snapshot;
  try {
    for (let i = 0; i < REQU_ON_JOIN_MESSAGES; i++) a.view.post(`message ${i}`);
    await waitFor(() => a.model.posts.length === REQU_ON_JOIN_MESSAGES, 'the posts at A');
    // The server asks for no poll the client's VM would refuse: wait for the session time that allows one.
    await waitFor(() => a.controller.reflectorTime >= CLIENT_POLL_GAP_MS, 'session time past the first poll gap', 20_000);
    assert.equal(snapshotOf() ?? null, null, 'A alone takes no snapshot of so short a log (its own rule waits for 5 s of CPU)');
    b = await joinChat(server.url, name);
    b.view.post('B is here'); // a chat view speaks as it joins (the widget identifies itself)
    const snapshot = await waitFor(snapshotOf, 'a snapshot after B joined', 20_000);
    const probe = await RawClient.session(server.url, a.session.id);
    probe.join();
    const sync = await probe.waitFrame('SYNC');
    probe.close();
    assert.equal(sync.args.snapshotSeq, snapshot.seq);
    assert.ok(sync.args.messages.length < 10, `the next joiner replays ${sync.args.messages.length} messages, not ${REQU_ON_JOIN_MESSAGES}+`);
    b.view.post('after the snapshot');
    await waitFor(() => a.model.posts.length === REQU_ON_JOIN_MESSAGES + 2 && b!.model.posts.length === REQU_ON_JOIN_MESSAGES + 2, 'the posts at both');
    assert.deepEqual(b.model.posts, a.model.posts);
  } finally {
    await a.leave();
    await b?.leave();
  }
});

test('a dropped socket rejoins seamlessly', async () => {
  const name = uniqueName('drop');
  const a = await joinChat(server.url, name);
  const b = await joinChat(server.url, name);
  // A raw member of the room: it sees the users message that finally removes A's old socket.
  const watcher = await RawClient.session(server.url, a.session.id);
  try {
    watcher.join({ user: 'watcher', leaveDelay: 1250 });
    a.view.post('before');
    await waitFor(() => b.model.posts.length === 1 && a.model.present.watcher === 1, 'first post and the watcher at B');
    const viewBefore = a.session.view;
    a.dropSocket();
    await waitFor(() => a.controller.connection.connected === false, 'A notices the drop');
    await waitFor(() => a.controller.connection.connected === true && a.controller.synced, 'A reconnected');
    a.view.post('after');
    await waitFor(() => b.model.posts.length === 2 && a.model.posts.length === 2, 'post after rejoin');
    assert.equal(a.session.view, viewBefore, 'same view object: no reload');
    // Once the old connection's departure has gone out (after leaveDelay), a marker follows it: by
    // then its exit would have shown.
    await watcher.waitFrame('RECV', 20_000, (f) => f.args[2]?.what === 'users' && f.args[2].left?.includes(a.viewId));
    await postMarker(b, [a, b]);
    assert.deepEqual(a.model.events.filter((e) => e.startsWith('exit:')), []);
    assert.equal(a.model.present[a.viewId], 1);
  } finally {
    watcher.close();
    await a.leave();
    await b.leave();
  }
});

test('a wrong password is rejected by the client', async () => {
  const name = uniqueName('pw');
  const a = await joinChat(server.url, name, { password: 'right' });
  try {
    a.view.post('secret');
    await waitFor(() => a.model.posts.length === 1, 'post');
    // The client checks SYNC's tove (the first joiner's), closes with 4200 and gives up for good:
    // Session.join() never resolves, and the controller is marked as leaving.
    let settled = false;
    void joinChat(server.url, name, { password: 'wrong' }).then(
      (c) => ((settled = true), c.leave()),
      () => (settled = true),
    );
    const intruder = await waitFor(() => (lastController !== a.controller ? lastController : undefined), 'second controller');
    await waitFor(() => intruder.leaving && !intruder.connection.connected, 'client gives up');
    assert.ok(!intruder.vm, 'no model was built');
    assert.equal(settled, false, 'join did not complete');
    a.view.post('still fine');
    await waitFor(() => a.model.posts.length === 2, 'A carries on');
  } finally {
    await a.leave();
  }
});

test('persisted data reaches a new session of the same app (SAVE, then a persisted SYNC)', async () => {
  const name = uniqueName('persist');
  const persistDir = path.join(server.dataDir, 'persist');
  const savesBefore = fs.readdirSync(persistDir).length;
  // Other options give another session id but keep the persistentId, as a new app version would.
  const v1 = await joinChat(server.url, name, { model: SavedChatModel, options: { version: 1 } });
  try {
    // The client only polls for persistence once it counts itself synced (a few ticks after joining).
    await waitFor(() => v1.controller.synced === true, 'v1 synced');
    v1.view.post('kept across versions');
    await waitFor(() => fs.readdirSync(persistDir).length > savesBefore, 'SAVE recorded');
  } finally {
    await v1.leave();
  }
  const v2 = await joinChat(server.url, name, { model: SavedChatModel, options: { version: 2 } });
  try {
    assert.notEqual(v2.session.id, v1.session.id);
    assert.deepEqual(v2.model.posts, ['kept across versions']);
  } finally {
    await v2.leave();
  }
});
