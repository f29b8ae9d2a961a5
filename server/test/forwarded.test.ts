// Behind a reverse proxy: X-Forwarded-For counts toward the per-address limit only when the server
// is told to trust a proxy (and then only the entry the proxy added, the last); X-Forwarded-Proto
// and X-Forwarded-Host build the snapshot URL a joiner is handed, so a page behind TLS loads it over
// https from the public host.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RunningServer } from '../server.js';
import { RawClient, rawSessionId } from './helpers.js';
import { crq1, httpRequest, metric, snapshotPath, upgradeStatus } from './http.js';

const PER_ADDRESS = 2;

/** Runs `body` on a server of its own with a per-address limit of two sockets. */
async function withServer(trustProxy: boolean, body: (server: RunningServer, open: RawClient[]) => Promise<void>): Promise<void> {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, trustProxy, limits: { maxConnectionsPerAddress: PER_ADDRESS } });
  const open: RawClient[] = [];
  try {
    await body(server, open);
  } finally {
    for (const c of open) c.close();
    await server.close();
  }
}

const reflectorUrl = (server: RunningServer): string => `${server.url.replace(/^http/, 'ws')}reflector/${rawSessionId()}`;

test('without trustProxy, X-Forwarded-For is ignored: a client cannot dodge the per-address limit with it', () =>
  withServer(false, async (server, open) => {
    for (let i = 1; i <= PER_ADDRESS; i++) open.push(await RawClient.session(server.url, rawSessionId(), { 'X-Forwarded-For': `203.0.113.${i}` }));
    // Every socket comes from 127.0.0.1, whatever the header says.
    assert.equal(await upgradeStatus(reflectorUrl(server), { 'X-Forwarded-For': '203.0.113.99' }), 429);
    assert.equal(await upgradeStatus(reflectorUrl(server)), 429);
    assert.equal(await metric(server.url, 'croquet_refusals_total', '{reason="address_limit"}'), 2);
  }));

test('with trustProxy, the last X-Forwarded-For entry (the proxy’s) counts; entries a client put before it do not', () =>
  withServer(true, async (server, open) => {
    const viaProxy = (claimed: string): Record<string, string> => ({ 'X-Forwarded-For': `${claimed}, 198.51.100.7` });
    for (let i = 1; i <= PER_ADDRESS; i++) open.push(await RawClient.session(server.url, rawSessionId(), viaProxy(`192.0.2.${i}`)));
    assert.equal(await upgradeStatus(reflectorUrl(server), viaProxy('192.0.2.99')), 429, 'same address behind the proxy');
    assert.equal(await upgradeStatus(reflectorUrl(server), { 'X-Forwarded-For': '198.51.100.7, 198.51.100.8' }), 101, 'another address');
    assert.equal(await upgradeStatus(reflectorUrl(server)), 101, 'no header: the socket address counts');
  }));

test('X-Forwarded-Proto and X-Forwarded-Host build the snapshot URL a joiner is handed; an unsafe host is not used', async () => {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  const id = rawSessionId();
  const owner = await RawClient.session(server.url, id);
  try {
    owner.join({ user: 'owner' });
    await owner.waitFrame('SYNC');
    owner.send({ id, action: 'SEND', args: [0, 0, 'before the snapshot', 0] });
    const last = await owner.waitFrame('RECV', undefined, (f) => f.args[2] === 'before the snapshot');
    const file = snapshotPath(id, 100, last.args[1]);
    assert.equal((await httpRequest(server.url, 'PUT', file, crq1())).status, 201);
    owner.send({ id, action: 'SNAP', args: { time: 100, seq: last.args[1], hash: 'h', url: `${server.url}${file.slice(1)}`, dissident: null } });
    owner.send({ action: 'PING', args: 'snapped' });
    await owner.waitFrame('PONG', undefined, (f) => f.args === 'snapped');

    const urlFor = async (headers: Record<string, string>): Promise<string> => {
      const joiner = await RawClient.session(server.url, id, headers);
      joiner.join();
      const sync = await joiner.waitFrame('SYNC');
      joiner.close();
      return String(sync.args.url);
    };
    const direct = server.url.slice(0, -1);
    assert.equal(await urlFor({}), `${direct}${file}`);
    assert.equal(await urlFor({ 'X-Forwarded-Proto': 'https' }), `${direct.replace('http:', 'https:')}${file}`);
    assert.equal(await urlFor({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'chat.example.com' }), `https://chat.example.com${file}`);
    assert.equal(await urlFor({ 'X-Forwarded-Host': 'chat.example.com, proxy.internal' }), `http://chat.example.com${file}`, 'the first host');
    assert.equal(await urlFor({ 'X-Forwarded-Proto': 'gopher' }), `${direct}${file}`, 'only https is taken');
    // A host that would make the URL point elsewhere (path, credentials) gives the server's own address.
    assert.equal(await urlFor({ 'X-Forwarded-Host': 'evil.example/x?' }), `${direct}${file}`);
    assert.equal(await urlFor({ 'X-Forwarded-Host': 'user@evil.example' }), `${direct}${file}`);
    // The URL leads to the snapshot through the public host (here, the server itself).
    assert.equal((await httpRequest(server.url, 'GET', new URL(await urlFor({ 'X-Forwarded-Host': 'chat.example.com' })).pathname)).status, 200);
  } finally {
    owner.close();
    await server.close();
  }
});
