// The /files store: encrypted snapshots and persistence blobs the clients PUT and GET (opaque bytes).
// Layout under <data>/files mirrors the URL path, e.g. snapshots/<sessionId>/<time>_<seq>-<hash>.snap.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveInside } from './paths.js';

/** Default upload limit (the reference nginx box allows 100 MB). */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** URL prefix of the store. */
export const FILES_PREFIX = '/files/';

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, PUT, OPTIONS',
  'Access-Control-Allow-Headers':
    'Content-Type, Content-Encoding, X-Croquet-App, X-Croquet-Id, X-Croquet-Session, X-Croquet-Version, X-Croquet-Path',
  'Access-Control-Max-Age': '86400',
};

/** Maps a URL path ("/files/a/b.snap", still percent-encoded) to a file under `root`, or null if unsafe. */
export function resolveFilePath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith(FILES_PREFIX) || urlPath.length === FILES_PREFIX.length) return null;
  return resolveInside(root, urlPath.slice(FILES_PREFIX.length), false);
}

export interface FilesOptions {
  root: string;
  maxUploadBytes: number;
  onUpload?: (bytes: number) => void;
}

function reply(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** Handles one request under /files. */
export function handleFiles(req: IncomingMessage, res: ServerResponse, urlPath: string, opts: FilesOptions): void {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
    reply(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD, PUT, OPTIONS' });
    return;
  }
  const file = resolveFilePath(opts.root, urlPath);
  if (!file) {
    reply(res, 400, 'bad path\n');
    return;
  }
  if (method === 'PUT') put(req, res, file, opts);
  else get(req, res, file, method === 'HEAD');
}

function get(req: IncomingMessage, res: ServerResponse, file: string, headOnly: boolean): void {
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) {
      reply(res, 404, 'not found\n');
      return;
    }
    res.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(stat.size),
      // Files are content-addressed (hash in the name) and never rewritten in place.
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
    if (headOnly) {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    req.on('close', () => stream.destroy());
    stream.pipe(res);
  });
}

/** Streams the body to a temp file and renames it into place, so readers never see a partial file. */
function put(req: IncomingMessage, res: ServerResponse, file: string, opts: FilesOptions): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxUploadBytes) {
    reply(res, 413, 'payload too large\n', { Connection: 'close' });
    req.resume();
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.part`;
  const out = fs.createWriteStream(tmp, { flags: 'wx' });
  let received = 0;
  let failed = false;
  const abort = (status: number, body: string): void => {
    if (failed) return;
    failed = true;
    req.unpipe(out);
    out.destroy();
    fs.rm(tmp, { force: true }, () => {});
    if (!res.headersSent) reply(res, status, body, status === 413 ? { Connection: 'close' } : {});
    req.resume();
  };
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > opts.maxUploadBytes) abort(413, 'payload too large\n');
  });
  req.on('aborted', () => abort(400, 'upload aborted\n'));
  out.on('error', () => abort(500, 'write failed\n'));
  out.on('finish', () => {
    if (failed) return;
    fs.rename(tmp, file, (err) => {
      if (err) {
        fs.rm(tmp, { force: true }, () => {});
        reply(res, 500, 'write failed\n');
        return;
      }
      opts.onUpload?.(received);
      reply(res, 201, 'created\n');
    });
  });
  req.pipe(out);
}
