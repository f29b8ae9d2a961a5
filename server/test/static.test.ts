// Static pages on the wire: compressed when the browser accepts it, validators for revalidation, a year
// of caching only for the drop-in's content-hashed files. Real HTTP against a server on port 0 whose
// static root is a temporary folder laid out like the package (demo/, dist/, dist/drop-in/).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createServer } from '../server.js';
import { pickEncoding } from '../static.js';
import { httpRequest } from './http.js';

/** Text that compresses well, larger than the size under which files go out as they are. */
const SHELL = `export const shell = ${JSON.stringify('lit and the element '.repeat(400))};\n`;
const RUNTIME = `export const runtime = ${JSON.stringify('croquet, the model and the view '.repeat(400))};\n`;
const RUNTIME_PATH = '/dist/drop-in/runtime-Ab12_-Cd.js';

async function withServer(run: (box: string, root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'croquet-chat-static-'));
  mkdirSync(path.join(root, 'dist', 'drop-in'), { recursive: true });
  mkdirSync(path.join(root, 'demo'));
  writeFileSync(path.join(root, 'dist', 'croquet-chat.bundle.js'), SHELL);
  writeFileSync(path.join(root, RUNTIME_PATH), RUNTIME);
  writeFileSync(path.join(root, 'demo', 'index.html'), `<!doctype html><title>demo</title>${'<p>two tabs, one room</p>'.repeat(100)}`);
  writeFileSync(path.join(root, 'demo', 'tiny.txt'), 'hi');
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir: root, dataDir: path.join(root, '.data') });
  try {
    await run(server.url, root);
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

test('text goes out as brotli when accepted, else gzip, else as it is; the body is the file either way', async () => {
  await withServer(async (box) => {
    const br = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.ok(br.body.length < SHELL.length / 4, `brotli sent ${br.body.length} of ${SHELL.length} bytes`);
    assert.equal(brotliDecompressSync(br.body).toString(), SHELL);

    const gz = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), SHELL);

    const plain = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), SHELL);

    const refused = await httpRequest(box, 'GET', '/demo/', null, { 'Accept-Encoding': 'br;q=0, gzip' });
    assert.equal(refused.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(refused.body).toString(), /two tabs, one room/);

    const tiny = await httpRequest(box, 'GET', '/demo/tiny.txt', null, { 'Accept-Encoding': 'br' });
    assert.equal(tiny.headers['content-encoding'], undefined, 'a file of a few bytes is not worth compressing');
    assert.equal(tiny.body.toString(), 'hi');
  });
});

test('the hashed runtime is cached for a year; the shell and the demo are revalidated, and answer 304 while current', async () => {
  await withServer(async (box) => {
    const runtime = await httpRequest(box, 'GET', RUNTIME_PATH, null, { 'Accept-Encoding': 'br' });
    assert.equal(runtime.headers['cache-control'], 'public, max-age=31536000, immutable');
    for (const page of ['/dist/croquet-chat.bundle.js', '/demo/']) {
      const first = await httpRequest(box, 'GET', page, null, { 'Accept-Encoding': 'br' });
      assert.equal(first.headers['cache-control'], 'no-cache', page);
      const etag = String(first.headers.etag);
      const again = await httpRequest(box, 'GET', page, null, { 'Accept-Encoding': 'br', 'If-None-Match': etag });
      assert.equal(again.status, 304, page);
      assert.equal(again.body.length, 0);
      // The plain representation has a validator of its own: a br validator does not match it.
      const plain = await httpRequest(box, 'GET', page, null, { 'If-None-Match': etag });
      assert.equal(plain.status, 200, page);
      const since = await httpRequest(box, 'GET', page, null, { 'If-Modified-Since': String(first.headers['last-modified']) });
      assert.equal(since.status, 304, page);
    }
  });
});

test('a copy the build compressed is sent while it is current, never once the file is newer', async () => {
  await withServer(async (box, root) => {
    const shell = path.join(root, 'dist', 'croquet-chat.bundle.js');
    const prebuilt = `export const shell = 'from the build';\n`;
    writeFileSync(`${shell}.br`, brotliCompressSync(prebuilt));
    const current = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'br' });
    assert.equal(brotliDecompressSync(current.body).toString(), prebuilt);

    const past = new Date(Date.now() - 60_000);
    utimesSync(`${shell}.br`, past, past); // the file was rebuilt after its copy
    const stale = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'br' });
    assert.equal(brotliDecompressSync(stale.body).toString(), SHELL);
  });
});

test('Accept-Encoding is read as browsers and proxies write it', () => {
  assert.equal(pickEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(pickEncoding('gzip'), 'gzip');
  assert.equal(pickEncoding('GZIP;q=0.5'), 'gzip');
  assert.equal(pickEncoding('br;q=0, gzip;q=0'), null);
  assert.equal(pickEncoding('*'), 'br');
  assert.equal(pickEncoding('*;q=0, gzip'), 'gzip');
  assert.equal(pickEncoding('identity'), null);
  assert.equal(pickEncoding(''), null);
  assert.equal(pickEncoding(undefined), null);
});
