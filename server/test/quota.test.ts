// /files quotas: per session (or room) and for the whole store. Over a quota → 507, and nothing of
// the refused upload is left, whether its size was declared or streamed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createServer, type RunningServer } from '../server.js';
import { RawClient, rawSessionId } from './helpers.js';
import { crq1, fakeHash, fakePersistentId, httpRequest, metric, snapshotPath } from './http.js';

const BLOCK = 16;
const FILE = 52 + 64 * BLOCK; // one upload: 1,076 bytes
const APP = 'io.croquetchat.quotatest';

/** A server with room for two files per session and five in the whole store, for one test. */
async function withServer(body: (server: RunningServer, liveSession: () => Promise<{ id: string; room: string }>) => Promise<void>): Promise<void> {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, sessionQuotaBytes: 2 * FILE + 10, storeQuotaBytes: 5 * FILE + 10 });
  const clients: RawClient[] = [];
  /** A session in progress (uploads need one), with a room. */
  const liveSession = async (): Promise<{ id: string; room: string }> => {
    const id = rawSessionId();
    const room = fakePersistentId();
    const raw = await RawClient.session(server.url, id);
    clients.push(raw);
    raw.join({ user: 'uploader', appId: APP, persistentId: room });
    await raw.waitFrame('SYNC');
    return { id, room };
  };
  try {
    await body(server, liveSession);
  } finally {
    for (const c of clients) c.close();
    await server.close();
  }
}

const put = async (server: RunningServer, p: string, body: Buffer): Promise<number> => (await httpRequest(server.url, 'PUT', p, body)).status;
const leftovers = (server: RunningServer): string[] =>
  fs.readdirSync(path.join(server.dataDir, 'files'), { recursive: true }).map(String).filter((n) => n.endsWith('.part'));

/** A PUT without Content-Length: the quota has to be enforced while the body streams in. */
function putChunked(server: RunningServer, p: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method: 'PUT', path: p }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    for (let at = 0; at < body.length; at += 256) req.write(body.subarray(at, at + 256));
    req.end();
  });
}

test('a session over its quota gets 507 and keeps what it had; other sessions are not affected', () =>
  withServer(async (server, liveSession) => {
    const s = await liveSession();
    const first = crq1(64);
    assert.equal(first.length, FILE);
    assert.equal(await put(server, snapshotPath(s.id, 1, 1), first), 201);
    assert.equal(await put(server, snapshotPath(s.id, 2, 2), crq1(64)), 201);
    const refused = snapshotPath(s.id, 3, 3);
    assert.equal(await put(server, refused, crq1(64)), 507, 'declared size over the quota');
    assert.equal(await putChunked(server, snapshotPath(s.id, 4, 4), crq1(64)), 507, 'streamed size over the quota');
    assert.equal((await httpRequest(server.url, 'GET', refused)).status, 404, 'nothing partial');
    assert.deepEqual(leftovers(server), []);
    // The room's persisted data is a bucket of its own.
    assert.equal(await put(server, `/files/apps/${APP}/${s.room}/save/${fakeHash()}`, crq1(64)), 201);
    const other = await liveSession();
    assert.equal(await put(server, snapshotPath(other.id, 1, 1), crq1(64)), 201);
    assert.equal(await metric(server.url, 'croquet_store_bytes'), 4 * FILE);
    assert.equal(await metric(server.url, 'croquet_refusals_total', '{reason="files_507"}'), 2);
  }));

test('the whole store over its quota gets 507 for everyone, and nothing partial is left', () =>
  withServer(async (server, liveSession) => {
    // Five files in five sessions (within each session's quota) fill the store.
    for (let i = 0; i < 5; i++) assert.equal(await put(server, snapshotPath((await liveSession()).id, 1, 1), crq1(64)), 201);
    const late = await liveSession();
    assert.equal(await put(server, snapshotPath(late.id, 1, 1), crq1(64)), 507);
    assert.equal(await putChunked(server, snapshotPath(late.id, 2, 2), crq1(64)), 507);
    assert.deepEqual(leftovers(server), []);
    const dir = path.join(server.dataDir, 'files', 'snapshots', late.id);
    assert.equal(fs.existsSync(dir) ? fs.readdirSync(dir).length : 0, 0, 'nothing stored for the late session');
    assert.equal(await metric(server.url, 'croquet_store_bytes'), 5 * FILE);
  }));
