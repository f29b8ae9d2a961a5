// Static pages: the demo (/demo/) and the built widget (/dist/), read from the package root.
//
// Text goes out compressed when the browser accepts it (brotli, else gzip): from the `.br`/`.gz` file
// the build wrote beside it (tools/precompress.mjs), else compressed here once per file version on the
// thread pool and kept in memory (the demo, a dist/ built without the step). Every answer carries a
// validator; content-hashed files (dist/drop-in/runtime-<hash>.js) are cached for a year, everything else
// (the drop-in's shell, whose name stays the same across releases) is revalidated on each load.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveInside } from './paths.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};
/** Types worth compressing (images other than SVG are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.ts']);
/** Files smaller than this (bytes) go out as they are: the headers would cost more than the saving. */
const MIN_COMPRESS_BYTES = 1024;
/** The drop-in's content-hashed files (rollup's `[hash]`, rollup.config.mjs): they never change, so they are cached for good. */
const HASHED_PATH = /^\/dist\/drop-in\/[^/]+-[A-Za-z0-9_-]{8}\.js$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** Compressed copies made here, at most this many bytes in all (the drop-in is ~140 KB compressed). */
const MEMORY_CACHE_BYTES = 32 * 1024 * 1024;

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The encoding to send for `accept` (an Accept-Encoding header), or null for none. q=0 refuses. */
export function pickEncoding(accept: string | undefined): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const wants = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return wants('br') ? 'br' : wants('gzip') ? 'gzip' : null;
}

/** Compressed bodies made here, by file, version and encoding; the oldest go first when full. */
class CompressedCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  get(key: string): Buffer | undefined {
    return this.entries.get(key);
  }

  set(key: string, body: Buffer): void {
    if (body.length > MEMORY_CACHE_BYTES) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= MEMORY_CACHE_BYTES) break;
      this.entries.delete(oldKey);
      this.bytes -= old.length;
    }
  }
}
const compressedCache = new CompressedCache();

function compress(data: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
    : gzip(data, { level: 9 });
}

/** The compressed body of `file` (as of `stat`): the build's copy if it is current, else one made here. */
async function compressedBody(file: string, stat: fs.Stats, encoding: Encoding): Promise<Buffer> {
  const built = `${file}${SUFFIX[encoding]}`;
  try {
    const builtStat = await fs.promises.stat(built);
    if (builtStat.isFile() && builtStat.mtimeMs >= stat.mtimeMs) return await fs.promises.readFile(built);
  } catch {
    // No copy from the build: make one.
  }
  const key = `${file}\n${stat.size}\n${stat.mtimeMs}\n${encoding}`;
  let body = compressedCache.get(key);
  if (!body) {
    body = await compress(await fs.promises.readFile(file), encoding);
    compressedCache.set(key, body);
  }
  return body;
}

/**
 * Serves `urlPath` (percent-encoded, starting with `prefix`) from `root`. Returns false if the path
 * is unsafe (see resolveInside) so the caller can answer 400.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, urlPath: string, prefix: string, root: string): boolean {
  const resolved = resolveInside(root, urlPath.slice(prefix.length), true);
  if (resolved === null) return false;
  void answer(req, res, urlPath, resolved).catch(() => {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('could not read the file\n');
    else res.destroy();
  });
  return true;
}

async function answer(req: IncomingMessage, res: ServerResponse, urlPath: string, resolved: string): Promise<void> {
  let file = resolved;
  let stat = await fs.promises.stat(file).catch(() => null);
  if (stat?.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      res.writeHead(301, { Location: urlPath + '/' }).end();
      return;
    }
    file = path.join(file, 'index.html');
    stat = await fs.promises.stat(file).catch(() => null);
  }
  if (!stat?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const extension = path.extname(file).toLowerCase();
  const compressible = COMPRESSIBLE.has(extension) && stat.size >= MIN_COMPRESS_BYTES;
  const encoding = compressible ? pickEncoding(req.headers['accept-encoding']) : null;
  // One validator per file version; the encoded and plain bodies are different representations.
  const version = `${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}`;
  const etag = `"${version}${encoding ? `-${encoding}` : ''}"`;
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Cache-Control': HASHED_PATH.test(urlPath) ? IMMUTABLE : REVALIDATE,
    'Last-Modified': stat.mtime.toUTCString(),
    ETag: etag,
  };
  if (compressible) headers.Vary = 'Accept-Encoding';
  if (notModified(req, etag, stat)) {
    res.writeHead(304, headers).end();
    return;
  }
  if (encoding) {
    const body = await compressedBody(file, stat, encoding);
    res.writeHead(200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(stat.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** A conditional GET whose copy is current: If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2). */
function notModified(req: IncomingMessage, etag: string, stat: fs.Stats): boolean {
  const match = req.headers['if-none-match'];
  if (match !== undefined) return match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(stat.mtimeMs / 1000) * 1000 <= since;
}
