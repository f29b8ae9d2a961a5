// /files (PUT/GET/HEAD/OPTIONS, traversal, size, methods, CORS) and the other HTTP routes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createServer, type RunningServer } from '../server.js';

const LIMIT = 64 * 1024;
let server: RunningServer;
before(async () => {
  server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, maxUploadBytes: LIMIT });
});
after(async () => {
  await server.close();
});

/** A raw request: the path goes out exactly as written (no URL normalization). */
function request(method: string, rawPath: string, body?: Buffer | null, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body ?? undefined);
  });
}

test('PUT then GET and HEAD round-trip, nested directories created', async () => {
  const body = Buffer.from('CRQ1 opaque bytes \u0000\u0001');
  const put = await request('PUT', '/files/snapshots/abc/0000000001_1-h.snap', body, { 'Content-Type': 'application/octet-stream' });
  assert.equal(put.status, 201);
  const get = await request('GET', '/files/snapshots/abc/0000000001_1-h.snap');
  assert.equal(get.status, 200);
  assert.deepEqual(get.body, body);
  assert.equal(get.headers['access-control-allow-origin'], '*');
  const head = await request('HEAD', '/files/snapshots/abc/0000000001_1-h.snap');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(body.length));
  assert.equal((await request('GET', '/files/snapshots/abc/missing.snap')).status, 404);
  assert.equal((await request('GET', '/files/snapshots/abc')).status, 404, 'no directory listing');
});

test('path traversal is refused in every form and nothing lands outside the store', async () => {
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
});

test('bodies over the limit get 413, with and without Content-Length', async () => {
  const big = Buffer.alloc(LIMIT + 1, 1);
  assert.equal((await request('PUT', '/files/big/declared', big)).status, 413);
  // Chunked upload: the limit is enforced while streaming.
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method: 'PUT', path: '/files/big/chunked' }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    for (let i = 0; i < 4; i++) req.write(Buffer.alloc(LIMIT / 2, 2));
    req.end();
  });
  assert.equal(chunked, 413);
  assert.equal((await request('GET', '/files/big/chunked')).status, 404, 'no partial file left');
  assert.equal((await request('PUT', '/files/big/exact', Buffer.alloc(LIMIT, 3))).status, 201);
});

test('other methods get 405; CORS preflight is answered', async () => {
  for (const method of ['DELETE', 'POST', 'PATCH']) {
    const res = await request(method, '/files/a/b');
    assert.equal(res.status, 405, method);
    assert.match(String(res.headers.allow), /PUT/);
  }
  const pre = await request('OPTIONS', '/files/snapshots/x/y.snap', null, {
    Origin: 'http://elsewhere.example',
    'Access-Control-Request-Method': 'PUT',
    'Access-Control-Request-Headers': 'content-type',
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], '*');
  assert.match(String(pre.headers['access-control-allow-methods']), /PUT/);
  assert.match(String(pre.headers['access-control-allow-headers']), /Content-Type/i);
});

test('healthz, metrics, redirect and static pages', async () => {
  assert.equal((await request('GET', '/healthz')).status, 200);
  const metrics = await request('GET', '/metrics');
  assert.equal(metrics.status, 200);
  for (const name of ['croquet_sessions', 'croquet_connections', 'croquet_messages_in_total', 'croquet_messages_out_total', 'croquet_bytes_in_total', 'croquet_bytes_out_total']) {
    assert.match(metrics.body.toString(), new RegExp(`^${name} \\d+$`, 'm'));
  }
  const root = await request('GET', '/');
  assert.equal(root.status, 302);
  assert.equal(root.headers.location, '/demo/');
  assert.equal((await request('GET', '/nope')).status, 404);
  // The compiled server itself sits under dist/, so /dist/ always has something to serve.
  const js = await request('GET', '/dist/server/protocol.js');
  assert.equal(js.status, 200);
  assert.match(String(js.headers['content-type']), /^text\/javascript/);
});
