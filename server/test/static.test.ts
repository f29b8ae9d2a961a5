// Static pages (/demo/, /dist/) as a page embedding the drop-in loads them: the shell
// (dist/croquet-chat.bundle.js) and the demo are sent with Cache-Control: no-cache and validators, so a
// reload after a release picks up the new files and an unchanged one costs a 304; the hashed runtime
// is cached for a year; text is compressed when the browser accepts it. A static root of the test's
// own stands in for the build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createServer, type RunningServer } from '../server.js';
import { pickEncoding } from '../static.js';
import { httpRequest } from './http.js';

const RUNTIME = 'runtime-Ab12_cD3.js';
/** Text that compresses well, larger than the size under which files go out as they are. */
const BIG_SHELL = `export const shell = ${JSON.stringify('lit and the element '.repeat(400))};\n`;
const BIG_DEMO = `<!doctype html><title>demo</title>${'<p>two tabs, one room</p>'.repeat(100)}`;

/** The static root with files large enough to be compressed. */
function writeBigFiles(root: string): void {
  fs.writeFileSync(path.join(root, 'dist', 'croquet-chat.bundle.js'), BIG_SHELL);
  fs.writeFileSync(path.join(root, 'demo', 'index.html'), BIG_DEMO);
  fs.writeFileSync(path.join(root, 'demo', 'tiny.txt'), 'hi');
}

async function withStaticRoot(body: (server: RunningServer, root: string) => Promise<void>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-static-'));
  fs.mkdirSync(path.join(root, 'dist', 'drop-in'), { recursive: true });
  fs.mkdirSync(path.join(root, 'demo'));
  fs.writeFileSync(path.join(root, 'dist', 'croquet-chat.bundle.js'), 'export const release = 1;\n');
  fs.writeFileSync(path.join(root, 'dist', 'drop-in', RUNTIME), 'export const runtime = 1;\n');
  fs.writeFileSync(path.join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>\n');
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir: root });
  try {
    await body(server, root);
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

test('the drop-in shell and the demo page are sent for revalidation, so a reload after a release gets the new files', () =>
  withStaticRoot(async (server, root) => {
    const shell = await httpRequest(server.url, 'GET', '/dist/croquet-chat.bundle.js');
    assert.equal(shell.status, 200);
    assert.match(String(shell.headers['content-type']), /^text\/javascript/);
    assert.equal(shell.headers['cache-control'], 'no-cache');
    assert.equal(shell.body.toString(), 'export const release = 1;\n');

    const demo = await httpRequest(server.url, 'GET', '/demo/');
    assert.equal(demo.status, 200);
    assert.match(String(demo.headers['content-type']), /^text\/html/);
    assert.equal(demo.headers['cache-control'], 'no-cache');

    // A new release replaces the shell: the next load gets it.
    fs.writeFileSync(path.join(root, 'dist', 'croquet-chat.bundle.js'), 'export const release = 2;\n');
    assert.equal((await httpRequest(server.url, 'GET', '/dist/croquet-chat.bundle.js')).body.toString(), 'export const release = 2;\n');
  }));

test('the hashed runtime is served as JavaScript; HEAD gives the headers only; folders redirect to their slash', () =>
  withStaticRoot(async (server) => {
    const runtime = await httpRequest(server.url, 'GET', `/dist/drop-in/${RUNTIME}`);
    assert.equal(runtime.status, 200);
    assert.match(String(runtime.headers['content-type']), /^text\/javascript/);
    assert.equal(runtime.body.toString(), 'export const runtime = 1;\n');
    const head = await httpRequest(server.url, 'HEAD', '/dist/croquet-chat.bundle.js');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String('export const release = 1;\n'.length));
    assert.equal(head.body.length, 0);
    const folder = await httpRequest(server.url, 'GET', '/dist/drop-in');
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.location, '/dist/drop-in/');
    assert.equal((await httpRequest(server.url, 'GET', '/dist/drop-in/runtime-gone.js')).status, 404, 'an old runtime after a release');
    assert.equal((await httpRequest(server.url, 'POST', '/dist/croquet-chat.bundle.js')).status, 405);
  }));

test('text goes out as brotli when accepted, else gzip, else as it is; the body is the file either way', async () => {
  await withStaticRoot(async ({ url: box }, root) => {
    writeBigFiles(root);
    const br = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.ok(br.body.length < BIG_SHELL.length / 4, `brotli sent ${br.body.length} of ${BIG_SHELL.length} bytes`);
    assert.equal(brotliDecompressSync(br.body).toString(), BIG_SHELL);

    const gz = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), BIG_SHELL);

    const plain = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), BIG_SHELL);

    const refused = await httpRequest(box, 'GET', '/demo/', null, { 'Accept-Encoding': 'br;q=0, gzip' });
    assert.equal(refused.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(refused.body).toString(), /two tabs, one room/);

    const tiny = await httpRequest(box, 'GET', '/demo/tiny.txt', null, { 'Accept-Encoding': 'br' });
    assert.equal(tiny.headers['content-encoding'], undefined, 'a file of a few bytes is not worth compressing');
    assert.equal(tiny.body.toString(), 'hi');
  });
});

test('the hashed runtime is cached for a year; the shell and the demo are revalidated, and answer 304 while current', async () => {
  await withStaticRoot(async ({ url: box }, root) => {
    writeBigFiles(root);
    const runtime = await httpRequest(box, 'GET', `/dist/drop-in/${RUNTIME}`, null, { 'Accept-Encoding': 'br' });
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
  await withStaticRoot(async ({ url: box }, root) => {
    writeBigFiles(root);
    const shell = path.join(root, 'dist', 'croquet-chat.bundle.js');
    const prebuilt = `export const shell = 'from the build';\n`;
    fs.writeFileSync(`${shell}.br`, brotliCompressSync(prebuilt));
    const current = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'br' });
    assert.equal(brotliDecompressSync(current.body).toString(), prebuilt);

    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(`${shell}.br`, past, past); // the file was rebuilt after its copy
    const stale = await httpRequest(box, 'GET', '/dist/croquet-chat.bundle.js', null, { 'Accept-Encoding': 'br' });
    assert.equal(brotliDecompressSync(stale.body).toString(), BIG_SHELL);
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
