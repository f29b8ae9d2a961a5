// HTTP for /files: the encrypted snapshots and persisted data the Croquet client PUTs and GETs.
// Only the client's own layout (file-names.ts), only while its session is in memory, write-once,
// within quotas (file-store.ts). Reads are served as inert bytes that no browser will render.

import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveInside } from './paths.js';
import { parseFileName, type FileName } from './file-names.js';
import type { FileStore } from './file-store.js';
import type { OriginPolicy } from './origins.js';

/** URL prefix of the store. */
export const FILES_PREFIX = '/files/';

const ALLOW = 'GET, HEAD, PUT, OPTIONS';
const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': ALLOW,
  'Access-Control-Allow-Headers':
    'Content-Type, Content-Encoding, X-Croquet-App, X-Croquet-Id, X-Croquet-Session, X-Croquet-Version, X-Croquet-Path',
  'Access-Control-Max-Age': '86400',
};
/** Stored bytes are never a page: no sniffing, no rendering, no scripts, download if opened. */
const INERT_HEADERS = {
  'Content-Type': 'application/octet-stream',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'Content-Disposition': 'attachment',
  // Pages that isolate themselves (COEP) may still load snapshots from this server.
  'Cross-Origin-Resource-Policy': 'cross-origin',
  // Names are content hashes and files are write-once.
  'Cache-Control': 'public, max-age=31536000, immutable',
};

/** Maps a URL path ("/files/a/b.snap", still percent-encoded) to a file under `root`, or null if unsafe. */
export function resolveFilePath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith(FILES_PREFIX) || urlPath.length === FILES_PREFIX.length) return null;
  return resolveInside(root, urlPath.slice(FILES_PREFIX.length), false);
}

/** Which sessions and rooms may upload: only those in memory, i.e. with a client joined. */
export interface UploadGate {
  hasSession(sessionId: string): boolean;
  hasRoom(appId: string, persistentId: string): boolean;
}

export interface FilesContext {
  store: FileStore;
  origins: OriginPolicy;
  gate: UploadGate;
  /** Every answer other than 2xx and 304, for the refusals metric. */
  onRefusal(status: number): void;
  onUpload(file: FileName, bytes: number): void;
}

/** Handles one request under /files. */
export function handleFiles(req: IncomingMessage, res: ServerResponse, urlPath: string, ctx: FilesContext): void {
  const allowed = ctx.origins.allows(req);
  const cors = allowed ? ctx.origins.corsHeaders(req) : {};
  const reply = (status: number, body: string, headers: Record<string, string> = {}): void => {
    if (status >= 400) ctx.onRefusal(status);
    res.writeHead(status, { ...cors, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body + '\n');
  };
  // A PUT refused before its body was read: answer, close the connection, drop the rest.
  const refusePut = (status: number, body: string): void => {
    reply(status, body, { Connection: 'close' });
    req.resume();
  };
  const method = req.method ?? 'GET';
  if (!allowed) return method === 'PUT' ? refusePut(403, 'origin not allowed') : reply(403, 'origin not allowed');
  if (method === 'OPTIONS') {
    res.writeHead(204, { ...cors, ...PREFLIGHT_HEADERS });
    res.end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') return reply(405, 'method not allowed', { Allow: ALLOW });
  const resolved = resolveFilePath(ctx.store.root, urlPath);
  if (!resolved) return method === 'PUT' ? refusePut(400, 'bad path') : reply(400, 'bad path');
  const relative = urlPath
    .slice(FILES_PREFIX.length)
    .split('/')
    .map((s) => decodeURIComponent(s)); // safe: resolveFilePath decoded every segment already
  const file = parseFileName(relative);
  if (method !== 'PUT') return file ? get(req, res, resolved, method === 'HEAD', cors, reply) : reply(404, 'not found');
  if (!file) return refusePut(403, 'not a file the Croquet client writes');
  const live = file.kind === 'snapshot' ? ctx.gate.hasSession(file.sessionId) : ctx.gate.hasRoom(file.appId, file.persistentId);
  if (!live) return refusePut(403, 'no such session in progress');
  const length = Number(req.headers['content-length']);
  void ctx.store.put({ ...file, relative: relative.join('/') }, req, Number.isFinite(length) ? length : undefined).then((result) => {
    if (result.status === 201) {
      ctx.onUpload(file, result.bytes);
      reply(201, 'created');
    } else if (result.status === 200) reply(200, 'already stored');
    else if (result.reason === 'upload aborted') res.destroy();
    else refusePut(result.status, result.reason);
  });
}

function get(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headOnly: boolean,
  cors: Record<string, string>,
  reply: (status: number, body: string) => void,
): void {
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return reply(404, 'not found');
    res.writeHead(200, { ...cors, ...INERT_HEADERS, 'Content-Length': String(stat.size) });
    if (headOnly) return void res.end();
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    req.on('close', () => stream.destroy());
    stream.pipe(res);
  });
}
