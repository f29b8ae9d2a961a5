// Abuse limits with real sockets: each refusal gets its documented code (an HTTP status at the
// upgrade, or a close code) and a metric, while two official Croquet clients keep chatting.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RunningServer } from '../server.js';
import { CloseCode } from '../protocol.js';
import { joinChat, RawClient, rawSessionId, uniqueName, waitFor, type TestClient } from './helpers.js';
import { metric, upgradeStatus } from './http.js';

const JOIN_TIMEOUT_MS = 300;
const PER_ADDRESS = 3;
const PER_SESSION = 3;
const ALLOWED = 'https://chat.example';
let server: RunningServer;
let a: TestClient;
let b: TestClient;
let wsBase: string;

before(async () => {
  server = await createServer({
    host: '127.0.0.1',
    port: 0,
    quiet: true,
    trustProxy: true, // raw sockets below pose as other addresses with X-Forwarded-For
    allowedOrigins: [ALLOWED],
    limits: { joinTimeoutMs: JOIN_TIMEOUT_MS, maxConnectionsPerAddress: PER_ADDRESS, maxClientsPerSession: PER_SESSION },
  });
  wsBase = `${server.url.replace(/^http/, 'ws')}reflector/`;
  const name = uniqueName('limits');
  a = await joinChat(server.url, name);
  b = await joinChat(server.url, name);
});
after(async () => {
  await a.leave();
  await b.leave();
  await server.close();
});

/** The two official clients still chat: a post from A reaches B. */
async function stillChatting(): Promise<void> {
  const text = `still here ${Math.random()}`;
  a.view.post(text);
  await waitFor(() => b.model.posts.includes(text), 'a post from A at B');
}

let nextAddress = 1;
const freshAddress = (): Record<string, string> => ({ 'X-Forwarded-For': `203.0.113.${nextAddress++}` });

test('a socket that never sends JOIN is closed with 4121 after the join timeout; one that joins stays', async () => {
  const before = await metric(server.url, 'croquet_refusals_total', '{reason="join_timeout"}');
  // The joined socket opens first: its join timer, had JOIN not stopped it, would fire before the silent one's.
  const joined = await RawClient.session(server.url, rawSessionId(), freshAddress());
  joined.join({ user: 'prompt' });
  await joined.waitFrame('SYNC');
  const silent = await RawClient.session(server.url, rawSessionId(), freshAddress());
  assert.equal(await silent.waitClose(), CloseCode.JoinTimeout);
  assert.equal(silent.closeReason, 'client never joined');
  // A PING answered after that: the joined socket's own timer is past too, and it is still open.
  joined.send({ action: 'PING', args: 'still open?' });
  await joined.waitFrame('PONG', undefined, (f) => f.args === 'still open?');
  assert.equal(joined.closeCode, undefined, 'the joined socket is still open');
  assert.equal(await metric(server.url, 'croquet_refusals_total', '{reason="join_timeout"}'), before + 1);
  assert.ok((await metric(server.url, 'croquet_closes_total', '{code="4121"}')) >= 1);
  joined.close();
  await stillChatting();
});

test('before JOIN, anything but JOIN or PING closes the socket with 4122 (session actions with 4000)', async () => {
  for (const action of ['FOO', 'RECV', 'SYNC', 'TICK', 'join', '__proto__', 'constructor', 'PULSE', 'LOG', 'PONG']) {
    const raw = await RawClient.session(server.url, rawSessionId(), freshAddress());
    raw.send({ action, args: [] });
    // 4122 and its reason, not the join timeout's 4121: closed for the frame, not by the timer.
    assert.equal(await raw.waitClose(), CloseCode.JoinExpected, action);
    assert.equal(raw.closeReason, 'JOIN expected');
  }
  const early = await RawClient.session(server.url, rawSessionId(), freshAddress());
  early.send({ action: 'SEND', args: [0, 0, 'x', 0] });
  assert.equal(await early.waitClose(), CloseCode.UnknownSession);
  // PING is fine before JOIN, and JOIN still works after it.
  const pinger = await RawClient.session(server.url, rawSessionId(), freshAddress());
  pinger.send({ action: 'PING', args: 7 });
  assert.equal((await pinger.waitFrame('PONG')).args, 7);
  pinger.join({ user: 'pinger' });
  await pinger.waitFrame('SYNC');
  assert.equal(pinger.closeCode, undefined);
  pinger.close();
  assert.ok((await metric(server.url, 'croquet_refusals_total', '{reason="join_expected"}')) >= 10);
  await stillChatting();
});

test('connections per address: the one over the limit gets HTTP 429; another address still gets in', async () => {
  const address = freshAddress();
  const open = await Promise.all(Array.from({ length: PER_ADDRESS }, () => RawClient.session(server.url, rawSessionId(), address)));
  for (const raw of open) raw.join({ user: `u${Math.random()}` });
  assert.equal(await upgradeStatus(`${wsBase}${rawSessionId()}`, address), 429);
  assert.equal(await upgradeStatus(`${wsBase}${rawSessionId()}`, freshAddress()), 101);
  // A slot frees up when a socket closes.
  open[0].close();
  await waitFor(async () => (await upgradeStatus(`${wsBase}${rawSessionId()}`, address)) === 101, 'a free slot');
  for (const raw of open) raw.close();
  assert.ok((await metric(server.url, 'croquet_refusals_total', '{reason="address_limit"}')) >= 1);
  await stillChatting();
});

test('clients per session: the one over the limit gets HTTP 503; the others keep chatting', async () => {
  const id = rawSessionId();
  const members = await Promise.all(Array.from({ length: PER_SESSION }, () => RawClient.session(server.url, id, freshAddress())));
  members.forEach((m, i) => m.join({ user: `member${i}` }));
  await Promise.all(members.map((m) => m.waitFrame('SYNC')));
  assert.equal(await upgradeStatus(`${wsBase}${id}`, freshAddress()), 503);
  members[0].send({ id, action: 'SEND', args: [0, 0, 'members only', 0] });
  await members[2].waitFrame('RECV', undefined, (f) => f.args[2] === 'members only');
  assert.ok(members.every((m) => m.closeCode === undefined));
  for (const m of members) m.close();
  assert.ok((await metric(server.url, 'croquet_refusals_total', '{reason="client_limit"}')) >= 1);
  await stillChatting();
});

test('origins: a listed site and this server’s own pages get in, others get HTTP 403 at the upgrade and on /files', async () => {
  const url = `${wsBase}${rawSessionId()}`;
  assert.equal(await upgradeStatus(url, { Origin: 'https://evil.example', ...freshAddress() }), 403);
  assert.equal(await upgradeStatus(url, { Origin: 'null', ...freshAddress() }), 403);
  assert.equal(await upgradeStatus(url, { Origin: ALLOWED, ...freshAddress() }), 101);
  assert.equal(await upgradeStatus(url, { Origin: server.url.slice(0, -1), ...freshAddress() }), 101, 'same host');
  assert.equal(await upgradeStatus(url, freshAddress()), 101, 'no Origin: not a browser');
  const evil = await fetch(`${server.url}files/snapshots/x/y.snap`, { headers: { Origin: 'https://evil.example' } });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
  const pre = await fetch(`${server.url}files/snapshots/x/y.snap`, {
    method: 'OPTIONS',
    headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'PUT' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), ALLOWED);
  assert.equal(pre.headers.get('vary'), 'Origin');
  assert.ok((await metric(server.url, 'croquet_refusals_total', '{reason="origin"}')) >= 2);
  assert.ok((await metric(server.url, 'croquet_refusals_total', '{reason="files_403"}')) >= 1);
  await stillChatting();
});

test('sessions per server: a new session over the limit gets HTTP 503, existing ones still admit joiners', async () => {
  const small = await createServer({ host: '127.0.0.1', port: 0, quiet: true, limits: { maxSessions: 2 } });
  const base = `${small.url.replace(/^http/, 'ws')}reflector/`;
  const [s1, s2] = [rawSessionId(), rawSessionId()];
  const one = await RawClient.session(small.url, s1);
  const two = await RawClient.session(small.url, s2); // not joined yet: still counts, so JOINs cannot race past the limit
  try {
    one.join({ user: 'one' });
    await one.waitFrame('SYNC');
    assert.equal(await upgradeStatus(`${base}${rawSessionId()}`), 503);
    assert.equal(await upgradeStatus(`${base}${s1}`), 101, 'a session in use still admits');
    two.join({ user: 'two' });
    await two.waitFrame('SYNC');
    one.send({ id: s1, action: 'SEND', args: [0, 0, 'fine', 0] });
    await one.waitFrame('RECV', undefined, (f) => f.args[2] === 'fine');
    assert.equal(await metric(small.url, 'croquet_refusals_total', '{reason="session_limit"}'), 1);
  } finally {
    one.close();
    two.close();
    await small.close();
  }
  await stillChatting();
});
