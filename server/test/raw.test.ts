// Raw sockets: every kind of bad input gets its close code, while another session keeps working.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createServer, type RunningServer } from '../server.js';
import { CloseCode, INITIAL_SEQ } from '../protocol.js';
import { CLIENT_POLL_GAP_MS, REQU_MESSAGES, REQU_ON_JOIN_MESSAGES } from '../island.js';
import { RawClient, rawSessionId, waitFor } from './helpers.js';

let server: RunningServer;
let control: RawClient; // a healthy client in another session, checked after every case
let controlSession: string;

before(async () => {
  server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, heartbeatMs: 200 });
  controlSession = rawSessionId();
  control = await RawClient.session(server.url, controlSession);
  control.join({ user: 'control-user' });
  await control.waitFrame('SYNC');
  await control.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'users');
});
after(async () => {
  control.close();
  await server.close();
});

/** The control session still reflects a message. */
async function controlStillWorks(): Promise<void> {
  const marker = `ping-${Math.random()}`;
  control.send({ id: controlSession, action: 'SEND', args: [0, 0, marker, 0] });
  await control.waitFrame('RECV', undefined, (f) => f.args[2] === marker);
}

async function expectClose(frames: Array<string | object>, code: number, opts: { join?: boolean } = {}): Promise<RawClient> {
  const raw = await RawClient.session(server.url, rawSessionId());
  if (opts.join) {
    raw.join({ user: 'joined-user' });
    await raw.waitFrame('SYNC');
  }
  for (const f of frames) raw.send(f);
  assert.equal(await raw.waitClose(), code, `close code for ${JSON.stringify(frames).slice(0, 80)} (${raw.closeReason})`);
  await controlStillWorks();
  return raw;
}

const join = (args: unknown) => ({ action: 'JOIN', args });
const goodJoinArgs = { version: 1, apiKey: 'none', ticks: { tick: 50, delay: 0 }, user: 'u1', tove: 't' };

test('invalid JSON → 4102', async () => {
  await expectClose(['{not json'], CloseCode.Malformed);
});
test('non-object frames → 4102', async () => {
  await expectClose(['[1,2,3]'], CloseCode.Malformed);
  await expectClose(['42'], CloseCode.Malformed);
  await expectClose(['null'], CloseCode.Malformed);
  await expectClose([{ args: 1 }], CloseCode.Malformed);
});
test('binary frame → 4102', async () => {
  const raw = await RawClient.session(server.url, rawSessionId());
  raw.ws.send(Buffer.from([1, 2, 3]));
  assert.equal(await raw.waitClose(), CloseCode.Malformed);
});
test('after JOIN an unknown action is ignored, socket stays open', async () => {
  const raw = await RawClient.session(server.url, rawSessionId());
  raw.join({ user: 'curious' });
  await raw.waitFrame('SYNC');
  raw.send({ action: 'FROBNICATE', args: 1 });
  raw.send({ action: 'PING', args: { a: 1 } });
  const pong = await raw.waitFrame('PONG');
  assert.deepEqual(pong.args, { a: 1 });
  assert.equal(pong.id, undefined, 'PONG carries no id');
  assert.equal(raw.closeCode, undefined);
  raw.close();
});
test('JOIN with bad args → 4100 / 4103 / 4102', async () => {
  await expectClose([join(null)], CloseCode.OutdatedProtocol);
  await expectClose([join(5)], CloseCode.OutdatedProtocol);
  await expectClose([join({ ...goodJoinArgs, version: undefined })], CloseCode.OutdatedProtocol);
  await expectClose([join({ ...goodJoinArgs, ticks: undefined })], CloseCode.OutdatedProtocol);
  await expectClose([join({ ...goodJoinArgs, apiKey: undefined })], CloseCode.BadApiKey);
  await expectClose([join({ ...goodJoinArgs, user: 42 })], CloseCode.Malformed);
  await expectClose([join({ ...goodJoinArgs, leaveDelay: 'soon' })], CloseCode.Malformed);
  await expectClose([join(goodJoinArgs), join(goodJoinArgs)], CloseCode.Malformed);
});
test('wrong argument types → 4102', async () => {
  await expectClose([{ action: 'SEND', args: null }], CloseCode.Malformed, { join: true });
  await expectClose([{ action: 'SEND', args: 'x' }], CloseCode.Malformed, { join: true });
  await expectClose([{ action: 'SEND', args: ['t', 0, 'p'] }], CloseCode.Malformed, { join: true });
  await expectClose([{ action: 'SEND', args: [0, 0, 'p'], tags: { debounce: 'x' } }], CloseCode.Malformed, { join: true });
  await expectClose([{ action: 'TUTTI', args: [0, 0, 1] }], CloseCode.Malformed, { join: true });
  await expectClose([{ action: 'SNAP', args: { time: 1, seq: -1, url: 'x' } }], CloseCode.Malformed, { join: true });
});
test('SEND / SNAP / TUTTI before JOIN → 4000', async () => {
  await expectClose([{ action: 'SEND', args: [0, 0, 'p', 0] }], CloseCode.UnknownSession);
  await expectClose([{ action: 'SNAP', args: { time: 1, seq: 1, url: 'x', dissident: null } }], CloseCode.UnknownSession);
  await expectClose([{ action: 'TUTTI', args: [0, 0, 'v', null, true, null, 'k'] }], CloseCode.UnknownSession);
});
test('SNAP for a seq the log never had → 4104', async () => {
  const future = (INITIAL_SEQ + 1000) >>> 0;
  await expectClose([{ action: 'SNAP', args: { time: 10, seq: future, url: 'http://x/files/a', dissident: null } }], CloseCode.BadSnapshot, { join: true });
  await expectClose([{ action: 'SNAP', args: { time: 10, seq: INITIAL_SEQ - 5, url: 'http://x/files/a', dissident: null } }], CloseCode.BadSnapshot, { join: true });
});
test('SAVE without appId → 4101', async () => {
  await expectClose([{ action: 'SAVE', args: { url: 'http://x/files/s', dissident: null } }], CloseCode.BadAppId, { join: true });
});
test('oversize frames → 4105, and 1009 above the ws limit', async () => {
  await expectClose([JSON.stringify({ action: 'LOG', args: 'x'.repeat(1_100_000) })], CloseCode.FrameTooLarge);
  await expectClose([JSON.stringify({ action: 'LOG', args: 'x'.repeat(5_000_000) })], 1009);
});
test('a flood from one socket → 4004', async () => {
  const raw = await expectClose(
    Array.from({ length: 2000 }, () => ({ action: 'PULSE' })),
    CloseCode.RateLimited,
    { join: true },
  );
  assert.match(raw.closeReason, /rate/);
});
test('no session id in the URL → 4100; other paths are not upgraded', async () => {
  const raw = await RawClient.connect(`${server.url.replace('http', 'ws')}reflector/`);
  assert.equal(await raw.waitClose(), CloseCode.OutdatedProtocol);
  await assert.rejects(RawClient.connect(`${server.url.replace('http', 'ws')}elsewhere/abc`));
});
test('a socket that stops answering pings is dropped and announced as left', async () => {
  const id = rawSessionId();
  const watcher = await RawClient.session(server.url, id);
  watcher.join({ user: 'watcher', leaveDelay: 0 });
  await watcher.waitFrame('SYNC');
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}reflector/${id}`, { autoPong: false });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify(join({ ...goodJoinArgs, user: 'silent', leaveDelay: 0 })));
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  assert.equal(await closed, 1006, 'terminated without a close frame');
  await watcher.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'users' && f.args[2].left?.includes('silent'));
  watcher.close();
});
test('the reflector core: SYNC fields, users, RECV to all including the sender, ticks, debounce', async () => {
  const id = rawSessionId();
  const a = await RawClient.session(server.url, id);
  a.join({ user: 'ua', tove: 'first-tove', leaveDelay: 1250 });
  const syncA = await a.waitFrame('SYNC');
  assert.equal(syncA.id, id);
  assert.deepEqual(
    { url: syncA.args.url, messages: syncA.args.messages, seq: syncA.args.seq, tove: syncA.args.tove },
    { url: '', messages: [], seq: INITIAL_SEQ, tove: 'first-tove' },
  );
  assert.ok(syncA.args.timeline);
  const b = await RawClient.session(server.url, id);
  b.join({ user: 'ub', tove: 'second-tove' });
  const syncB = await b.waitFrame('SYNC');
  assert.equal(syncB.args.tove, 'first-tove', 'the first joiner tove is echoed');
  assert.equal(syncB.args.timeline, syncA.args.timeline);
  const users = await a.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'users' && f.args[2].joined?.includes('ub'));
  assert.equal(users.args[2].active, 2);
  a.send({ id, action: 'SEND', args: [0, 0, 'hello', 7, 'extra'] });
  const got = await b.waitFrame('RECV', undefined, (f) => f.args[2] === 'hello');
  const echo = await a.waitFrame('RECV', undefined, (f) => f.args[2] === 'hello');
  assert.deepEqual(got.args, echo.args);
  assert.equal(got.args[1], (users.args[1] + 1) >>> 0, 'gapless seq');
  assert.deepEqual(got.args.slice(2), ['hello', 7, 'extra'], 'extra elements kept');
  // Debounce: the second tagged SEND within the window is dropped.
  a.send({ id, action: 'SEND', args: [0, 0, 'poll-1', 0], tags: { debounce: 5000, msgID: 'poll' } });
  a.send({ id, action: 'SEND', args: [0, 0, 'poll-2', 0], tags: { debounce: 5000, msgID: 'poll' } });
  a.send({ id, action: 'SEND', args: [0, 0, 'after', 0] });
  await b.waitFrame('RECV', undefined, (f) => f.args[2] === 'after');
  assert.equal(b.frames.filter((f) => f.action === 'RECV' && f.args[2] === 'poll-2').length, 0);
  await waitFor(() => b.of('TICK').length >= 2, 'ticks');
  const ticks = b.of('TICK').map((f) => f.args as number);
  assert.ok(ticks.every((t, i) => i === 0 || t >= ticks[i - 1]), 'time never decreases');
  // TUTTI: two votes, one payload, wantsVote → one tally with both votes.
  a.send({ id, action: 'TUTTI', args: [got.args[0], 0, 'vote', null, true, ['target'], 'key-1'] });
  b.send({ id, action: 'TUTTI', args: [got.args[0], 0, 'vote', null, true, ['target'], 'key-1'] });
  const tally = await a.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'tally');
  assert.deepEqual(tally.args[2].tally, { vote: 2 });
  assert.equal(tally.args[2].missingClients, 0);
  a.close();
  b.close();
});
test('a long log asks for a snapshot (REQU) once clients accept polls, and again while the session is quiet', async () => {
  const roomy = await createServer({ host: '127.0.0.1', port: 0, quiet: true, rateLimit: { burstFrames: 10_000, framesPerSecond: 10_000 } });
  const id = rawSessionId();
  const a = await RawClient.session(roomy.url, id);
  try {
    a.join({ user: 'ua' });
    await a.waitFrame('SYNC');
    for (let i = 0; i < REQU_MESSAGES; i++) a.send({ id, action: 'SEND', args: [0, 0, `m${i}`, 0] });
    await a.waitFrame('RECV', undefined, (f) => f.args[2] === `m${REQU_MESSAGES - 1}`);
    // Nobody posts after the burst: the REQU comes with the ticks, once the session time allows a poll.
    await a.waitFrame('REQU', 30_000);
    const before = a.frames.slice(0, a.frames.findIndex((f) => f.action === 'REQU'));
    const timeAtRequ = before.filter((f) => f.action === 'TICK' || f.action === 'RECV').at(-1)!;
    assert.ok(Number(timeAtRequ.action === 'TICK' ? timeAtRequ.args : timeAtRequ.args[0]) >= CLIENT_POLL_GAP_MS);
    // No snapshot came: it asks again.
    await waitFor(() => a.of('REQU').length >= 2, 'a second REQU', 30_000);
  } finally {
    a.close();
    await roomy.close();
  }
});
test(`a joiner into a log of ${REQU_ON_JOIN_MESSAGES}+ messages is asked for a snapshot right after its first message`, async () => {
  const roomy = await createServer({ host: '127.0.0.1', port: 0, quiet: true, rateLimit: { burstFrames: 10_000, framesPerSecond: 10_000 } });
  const id = rawSessionId();
  const a = await RawClient.session(roomy.url, id);
  const joiners: RawClient[] = [];
  /** Joins as `user` and sends one message; resolves once a later frame shows whatever came with it has arrived. */
  const joinAndSay = async (user: string): Promise<RawClient> => {
    const c = await RawClient.session(roomy.url, id);
    joiners.push(c);
    c.join({ user });
    await c.waitFrame('SYNC');
    c.send({ id, action: 'SEND', args: [0, 0, `hello from ${user}`, 0] });
    c.send({ id, action: 'SEND', args: [0, 0, `more from ${user}`, 0] });
    await c.waitFrame('RECV', undefined, (f) => f.args[2] === `more from ${user}`);
    const tag = `after-${user}`;
    c.send({ action: 'PING', args: tag }); // the server handles one socket's frames in order
    await c.waitFrame('PONG', undefined, (f) => f.args === tag);
    return c;
  };
  const actions = (c: RawClient) => c.frames.map((f) => (f.action === 'RECV' && typeof f.args[2] === 'string' ? f.args[2] : f.action)).filter((action) => action !== 'TICK');
  try {
    a.join({ user: 'ua' });
    await a.waitFrame('SYNC');
    const post = (count: number) => {
      for (let i = 0; i < count; i++) a.send({ id, action: 'SEND', args: [0, 0, `m${i}`, 0] });
    };
    post(REQU_ON_JOIN_MESSAGES - 10);
    // No REQU before the session time at which clients take a poll: wait for a tick that says it has come.
    await a.waitFrame('TICK', 20_000, (f) => Number(f.args) >= CLIENT_POLL_GAP_MS);
    const early = await joinAndSay('early'); // into a short log: not asked
    assert.equal(early.of('REQU').length, 0, 'no REQU into a short log');
    post(10);
    await a.waitFrame('RECV', undefined, (f) => f.args[2] === 'm9');
    const late = await joinAndSay('late');
    const seen = actions(late);
    assert.equal(seen.indexOf('REQU'), seen.indexOf('hello from late') + 1, `REQU right after its first message: ${seen.join(' ')}`);
    const actionsWithTicks = late.frames.map((f) => f.action);
    assert.equal(actionsWithTicks[actionsWithTicks.indexOf('REQU') + 1], 'TICK', 'with a TICK, so a client that steps only on arrivals acts on it');
    assert.equal(late.of('REQU').length, 1, 'once, not after its second message');
    assert.equal(a.of('REQU').length + early.of('REQU').length, 0, 'only the joiner is asked (the log is below the REQU for everyone)');
  } finally {
    a.close();
    for (const c of joiners) c.close();
    await roomy.close();
  }
});
test('a frame over 1,000,000 characters reaches clients as _CHUNK frames', async () => {
  const id = rawSessionId();
  const a = await RawClient.session(server.url, id);
  a.join({ user: 'big' });
  await a.waitFrame('SYNC');
  a.send({ id, action: 'SEND', args: [0, 0, 'y'.repeat(600_000), 0] });
  a.send({ id, action: 'SEND', args: [0, 0, 'x'.repeat(600_000), 0] });
  a.send({ id, action: 'SEND', args: [0, 0, 'z'.repeat(100), 0] });
  await a.waitFrame('RECV', undefined, (f) => f.args[2] === 'z'.repeat(100));
  const b = await RawClient.session(server.url, id);
  b.join({});
  await waitFor(() => b.of('_CHUNK').length === 2, 'SYNC in two chunks');
  a.close();
  b.close();
});
