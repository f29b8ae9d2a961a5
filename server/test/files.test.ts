// /files: the client's layout only, write-once, inert answers, traversal, size, methods, CORS,
// and the other HTTP routes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { createServer, type RunningServer } from '../server.js';
import { RawClient, rawSessionId } from './helpers.js';
import { crq1, fakeHash, fakePersistentId, httpRequest, snapshotPath, type HttpAnswer } from './http.js';

const LIMIT = 52 + 16 * 4096; // a whole number of AES blocks after Croquet's 52-byte header
const APP = 'io.croquetchat.filestest';

interface Fixture {
  server: RunningServer;
  /** A session in progress, and its room: only then may it upload. */
  session: string;
  room: string;
  request(method: string, rawPath: string, body?: Buffer | null, headers?: Record<string, string>): Promise<HttpAnswer>;
}

/** Runs `body` on a server of its own, with a raw client joined to a session of a room. */
async function withServer(body: (f: Fixture) => Promise<void>): Promise<void> {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, maxUploadBytes: LIMIT });
  const session = rawSessionId();
  const room = fakePersistentId();
  const owner = await RawClient.session(server.url, session);
  try {
    owner.join({ user: 'owner', appId: APP, persistentId: room });
    await owner.waitFrame('SYNC');
    await body({ server, session, room, request: (method, rawPath, b, headers = {}) => httpRequest(server.url, method, rawPath, b, headers) });
  } finally {
    owner.close();
    await server.close();
  }
}

/** Files (not folders) under `dir`. */
const storedFiles = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => fs.statSync(path.join(dir, n)).isFile()) : [];

test('a snapshot round-trips through PUT, GET and HEAD, served as inert bytes', () =>
  withServer(async ({ session, request }) => {
    const body = crq1(3);
    const file = snapshotPath(session, 1234, 4294967281);
    const put = await request('PUT', file, body, { 'Content-Type': 'application/octet-stream' });
    assert.equal(put.status, 201);
    const get = await request('GET', file);
    assert.equal(get.status, 200);
    assert.deepEqual(get.body, body);
    assert.equal(get.headers['content-type'], 'application/octet-stream');
    assert.equal(get.headers['x-content-type-options'], 'nosniff');
    assert.equal(get.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(get.headers['content-disposition'], 'attachment');
    assert.equal(get.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(get.headers['access-control-allow-origin'], '*');
    const head = await request('HEAD', file);
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(body.length));
    assert.equal((await request('GET', snapshotPath(session, 1, 1))).status, 404);
    assert.equal((await request('GET', `/files/snapshots/${session}`)).status, 404, 'no directory listing');
  }));

test('persisted blobs and Data API blobs go under their room; a data name must be the hash of its bytes', () =>
  withServer(async ({ room, request }) => {
    const saved = crq1(2);
    assert.equal((await request('PUT', `/files/apps/${APP}/${room}/save/${fakeHash()}`, saved)).status, 201);
    const data = crq1(5);
    const hash = createHash('sha256').update(data).digest('base64url');
    assert.equal((await request('PUT', `/files/apps/${APP}/${room}/data/${fakeHash()}`, data)).status, 400, 'name is not its hash');
    assert.equal((await request('PUT', `/files/apps/${APP}/${room}/data/${hash}`, data)).status, 201);
    assert.deepEqual((await request('GET', `/files/apps/${APP}/${room}/data/${hash}`)).body, data);
  }));

test('anything outside the layout, or not shaped like an encrypted Croquet file, is refused and not stored', () =>
  withServer(async ({ server, session, room, request }) => {
    const before = storedFiles(path.join(server.dataDir, 'files')).length;
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    for (const p of [
      '/files/evil.html',
      `/files/snapshots/${session}/evil.html`,
      `/files/snapshots/${session}/0000000001_1-short.snap`,
      `/files/snapshots/${session}/1_1-${fakeHash()}.snap`,
      `/files/snapshots/${session}/sub/0000000001_1-${fakeHash()}.snap`,
      `/files/snapshots/bad%20id/0000000001_1-${fakeHash()}.snap`,
      `/files/apps/${APP}/${room}/other/${fakeHash()}`,
      `/files/apps/not%20an%20app/${room}/save/${fakeHash()}`,
      `/files/apps/${APP}/short/save/${fakeHash()}`,
      `/files/apps/${APP}/${room}/save/${fakeHash()}/extra`,
    ]) {
      assert.equal((await request('PUT', p, crq1())).status, 403, `PUT ${p}`);
      assert.equal((await request('GET', p)).status, 404, `GET ${p}`);
    }
    assert.equal((await request('PUT', snapshotPath(rawSessionId(), 1, 1), crq1())).status, 403, 'a session not in progress');
    assert.equal((await request('PUT', `/files/apps/${APP}/${fakePersistentId()}/save/${fakeHash()}`, crq1())).status, 403, 'a room not in progress');
    assert.equal((await request('PUT', snapshotPath(session, 2, 2), html)).status, 400, 'an HTML page');
    assert.equal((await request('PUT', snapshotPath(session, 3, 3), crq1(2).subarray(0, 70))).status, 400, 'not whole AES blocks');
    assert.equal((await request('PUT', snapshotPath(session, 4, 4), Buffer.from('CRQ1'))).status, 400, 'no ciphertext');
    assert.equal(storedFiles(path.join(server.dataDir, 'files')).length, before, 'nothing was stored');
    assert.equal(fs.existsSync(path.join(server.dataDir, 'files', 'snapshots', session)), false, 'no empty folder is left for the refused uploads');
  }));

test('write-once: other bytes under a stored name get 409 and change nothing; the same bytes are accepted, not rewritten', () =>
  withServer(async ({ server, session, request }) => {
    const file = snapshotPath(session, 5000, 4294967290);
    const original = crq1(2);
    assert.equal((await request('PUT', file, original)).status, 201);
    const onDisk = path.join(server.dataDir, file.slice(1));
    const stat = fs.statSync(onDisk);
    const conflict = await request('PUT', file, crq1(2));
    assert.equal(conflict.status, 409);
    assert.deepEqual((await request('GET', file)).body, original);
    const again = await request('PUT', file, original);
    assert.equal(again.status, 200);
    const after = fs.statSync(onDisk);
    assert.equal(after.ino, stat.ino, 'same file');
    assert.equal(after.mtimeMs, stat.mtimeMs, 'not rewritten');
    assert.deepEqual(
      storedFiles(path.dirname(onDisk)).filter((n) => n.endsWith('.part')),
      [],
      'no temp files left',
    );
  }));

test('path traversal is refused in every form and nothing lands outside the store', () =>
  withServer(async ({ server, request }) => {
    const outside = path.join(server.dataDir, 'escaped');
    for (const p of [
      '/files/../escaped',
      '/files/a/../../escaped',
      '/files/%2e%2e/escaped',
      '/files/%2E%2E/escaped',
      '/files/a/%2e%2e%2f%2e%2e%2fescaped',
      '/files/..%2fescaped',
      '/files/..%5cescaped',
      '/files//etc/passwd',
      '/files/%2fetc%2fpasswd',
      '/files/a%00b',
      '/files/%zz',
      '/files/./x',
    ]) {
      const put = await request('PUT', p, Buffer.from('x'));
      assert.equal(put.status, 400, `PUT ${p}`);
      const get = await request('GET', p);
      assert.equal(get.status, 400, `GET ${p}`);
    }
    assert.equal(fs.existsSync(outside), false);
    assert.equal((await request('GET', '/files/../sessions')).status, 400);
    assert.equal((await request('GET', '/demo/../package.json')).status, 400, 'static pages too');
    assert.equal((await request('GET', '/dist/%2e%2e/package.json')).status, 400);
  }));

test('bodies over the limit get 413, with and without Content-Length, and leave nothing behind', () =>
  withServer(async ({ server, session, request }) => {
    const big = crq1(4097);
    const declared = snapshotPath(session, 6000, 1);
    assert.equal((await request('PUT', declared, big)).status, 413);
    // Chunked upload: the limit is enforced while streaming.
    const chunkedPath = snapshotPath(session, 6001, 2);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'PUT', path: chunkedPath }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
      req.write(crq1());
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(16 * 2048, 2));
      req.end();
    });
    assert.equal(chunked, 413);
    assert.equal((await request('GET', chunkedPath)).status, 404, 'no partial file');
    assert.deepEqual(
      storedFiles(path.join(server.dataDir, 'files', 'snapshots', session)).filter((n) => n.endsWith('.part')),
      [],
    );
    const exact = crq1(4096);
    assert.equal(exact.length, LIMIT);
    assert.equal((await request('PUT', snapshotPath(session, 6002, 3), exact)).status, 201);
  }));

test('other methods get 405; CORS preflight is answered', () =>
  withServer(async ({ session, request }) => {
    for (const method of ['DELETE', 'POST', 'PATCH']) {
      const res = await request(method, snapshotPath(session, 1, 1));
      assert.equal(res.status, 405, method);
      assert.match(String(res.headers.allow), /PUT/);
    }
    const pre = await request('OPTIONS', snapshotPath(session, 1, 1), null, {
      Origin: 'http://elsewhere.example',
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type',
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.match(String(pre.headers['access-control-allow-methods']), /PUT/);
    assert.match(String(pre.headers['access-control-allow-headers']), /Content-Type/i);
  }));

test('healthz, metrics, redirect and static pages', () =>
  withServer(async ({ session, request }) => {
    assert.equal((await request('GET', '/healthz')).status, 200);
    // One upload and one refused upload, for the counts below.
    assert.equal((await request('PUT', snapshotPath(session, 1, 1), crq1(2))).status, 201);
    assert.equal((await request('PUT', '/files/evil.html', crq1())).status, 403);
    const metrics = await request('GET', '/metrics');
    assert.equal(metrics.status, 200);
    const text = metrics.body.toString();
    for (const name of [
      'croquet_sessions',
      'croquet_connections',
      'croquet_clients',
      'croquet_store_bytes',
      'croquet_messages_in_total',
      'croquet_messages_out_total',
      'croquet_bytes_in_total',
      'croquet_bytes_out_total',
      'croquet_uploads_total',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.match(text, new RegExp(`^${name} [\\d.e+-]+$`, 'm'), name);
    }
    assert.match(text, /^croquet_clients 1$/m, 'the owner is joined');
    assert.match(text, new RegExp(`^croquet_store_bytes ${crq1(2).length}$`, 'm'), 'uploads count in the store size');
    assert.match(text, /^croquet_uploads_total 1$/m);
    assert.match(text, /^croquet_refusals_total\{reason="files_403"\} 1$/m, 'refused uploads are counted');
    const root = await request('GET', '/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.location, '/demo/');
    assert.equal((await request('GET', '/nope')).status, 404);
    // The compiled server itself sits under dist/, so /dist/ always has something to serve.
    const js = await request('GET', '/dist/server/protocol.js');
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
  }));
