// Static pages (/demo/, /dist/) as a page embedding the drop-in loads them: the shell
// (dist/croquet-chat.bundle.js) and the demo are sent with Cache-Control: no-cache, so a reload after
// a release picks up the new files; the hashed runtime is served as JavaScript. A static root of
// the test's own stands in for the build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer, type RunningServer } from '../server.js';
import { httpRequest } from './http.js';

const RUNTIME = 'runtime-Ab12_cD3.js';

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
