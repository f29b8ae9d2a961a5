// One HTTP server, croquet-in-a-box layout, so the official client needs only `box: "http://host:port/"`:
//   /reflector/<sessionId>  WebSocket reflector (reflector.ts; sessions in island.ts)
//   /files/...              snapshot and persistence store (files.ts, file-store.ts, file-gc.ts)
//   /demo/, /dist/          static pages (static.ts); "/" redirects to /demo/
//   /healthz, /metrics      liveness and Prometheus metrics (metrics.ts)
// Upgrades are checked against the allowed origins (origins.ts) and the limits (admission.ts).

import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_PAYLOAD_BYTES } from './protocol.js';
import { ClientSocket, DEFAULT_RATE_LIMIT, type RateLimit } from './client.js';
import { Reflector } from './reflector.js';
import { Store } from './store.js';
import { FILES_PREFIX, handleFiles } from './files.js';
import { DEFAULT_QUOTAS, FileStore } from './file-store.js';
import { Collector, DEFAULT_GRACE_MS, DEFAULT_KEEP_SNAPSHOTS, type SweepReport } from './file-gc.js';
import { OriginPolicy } from './origins.js';
import { clientAddress, DEFAULT_LIMITS, type Limits } from './admission.js';
import { ServerMetrics } from './metrics.js';
import { serveStatic } from './static.js';
import { createLogger } from './log.js';

/** Sessions nobody joined for this long are deleted (with their snapshots). */
export const DEFAULT_RETENTION_DAYS = 7;
/** How often expired sessions, rooms and superseded files are swept (ms). */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** An island without clients is written out and dropped from memory after this long (ms). */
export const DEFAULT_IDLE_EVICT_MS = 60_000;
/**
 * ws ping interval (ms); a socket that misses one pong is terminated. 5 s sees a silently dropped
 * client (no close frame: a lost network) within 5-10 s, so the others see it leave within ~11 s.
 */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** The static folders served under their own names: /demo/ and /dist/. */
const STATIC_PATH = /^\/(demo|dist)\//;
/** dist/server/server.js → package root (two levels up), independent of the cwd. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerOptions {
  host?: string;
  /** 0 picks a free port. Default 8888. */
  port?: number;
  /** Durable state and files. Default: a fresh temp directory, deleted by close() (the CLI passes ./.data). */
  dataDir?: string;
  quiet?: boolean;
  /** Root holding demo/ and dist/. Default: the package root. */
  staticDir?: string;
  /** Sessions and rooms nobody used for this long are deleted, with their files. Default 7. */
  retentionDays?: number;
  heartbeatMs?: number;
  idleEvictMs?: number;
  rateLimit?: Partial<RateLimit>;
  /** Sites whose pages may use this server (WebSocket Origin, /files CORS). Default: any. */
  allowedOrigins?: readonly string[];
  /** Behind a reverse proxy: count connections by the X-Forwarded-For address it adds. */
  trustProxy?: boolean;
  /** Per-address, per-server and per-session socket limits and the JOIN timeout (0 turns one off). */
  limits?: Partial<Limits>;
  /** Largest upload. Default 100 MB. */
  maxUploadBytes?: number;
  /** Bytes one session's snapshots (or one room's persisted data) may take. Default 256 MiB. */
  sessionQuotaBytes?: number;
  /** Bytes the whole /files store may take. Default 10 GiB. */
  storeQuotaBytes?: number;
  /** How long a superseded snapshot or persisted blob is kept (ms). Default 10 minutes. */
  fileGraceMs?: number;
  /** Wall clock (ms) for retention and file ages; tests pass a fake one. Default Date.now. */
  clock?: () => number;
}

export interface RunningServer {
  /** Box URL with trailing slash, e.g. "http://127.0.0.1:8888/". */
  url: string;
  port: number;
  dataDir: string;
  /** Runs retention and garbage collection now (it also runs at start and every SWEEP_INTERVAL_MS). */
  sweep(): SweepReport;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = path.resolve(options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-')));
  const staticRoot = path.resolve(options.staticDir ?? PACKAGE_ROOT);
  const retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 24 * 60 * 60 * 1000;
  const log = createLogger(!!options.quiet);
  const clock = options.clock ?? Date.now;
  const store = new Store(dataDir, clock);
  const files = new FileStore(
    store.filesDir,
    {
      maxUploadBytes: options.maxUploadBytes ?? DEFAULT_QUOTAS.maxUploadBytes,
      bucketBytes: options.sessionQuotaBytes ?? DEFAULT_QUOTAS.bucketBytes,
      totalBytes: options.storeQuotaBytes ?? DEFAULT_QUOTAS.totalBytes,
    },
    clock,
  );
  const reflector = new Reflector({
    store,
    log,
    name: 'croquet-chat',
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
    idleEvictMs: options.idleEvictMs ?? DEFAULT_IDLE_EVICT_MS,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  });
  const metrics = new ServerMetrics(reflector, files);
  const retention = { retentionMs, graceMs: options.fileGraceMs ?? DEFAULT_GRACE_MS, keepSnapshots: DEFAULT_KEEP_SNAPSHOTS };
  const collector = new Collector(files, store, reflector, retention, log, (n) => metrics.collectedFiles(n));
  reflector.collector = collector;
  const origins = new OriginPolicy(options.allowedOrigins);
  const filesContext = {
    store: files,
    origins,
    gate: reflector,
    onRefusal: (status: number) => reflector.refused(`files_${status}`),
    onUpload: (file: { bucket: string }, bytes: number) => {
      metrics.uploaded(bytes);
      log('files', 'put', { bucket: file.bucket, bytes });
    },
  };

  const sweep = (): SweepReport => collector.sweep();
  sweep();

  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0];
    if (urlPath === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok\n');
    } else if (urlPath === '/metrics') {
      metrics.text().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': metrics.contentType });
          res.end(text);
        },
        (err: unknown) => {
          log('server', 'metrics-error', { error: String(err) });
          res.writeHead(500).end();
        },
      );
    } else if (urlPath === '/files' || urlPath.startsWith(FILES_PREFIX)) {
      handleFiles(req, res, urlPath, filesContext);
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
    } else if (urlPath === '/' || urlPath === '/demo') {
      res.writeHead(302, { Location: '/demo/' });
      res.end();
    } else if (STATIC_PATH.test(urlPath)) {
      const dir = STATIC_PATH.exec(urlPath)![1];
      if (!serveStatic(req, res, urlPath, `/${dir}/`, path.join(staticRoot, dir))) {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('bad path\n');
      }
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    }
  });

  // No permessage-deflate: the official reflector does not negotiate it, and it costs CPU per frame.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false, WebSocket: ClientSocket });
  let closing: Promise<void> | undefined;
  // Refusals answer the upgrade request itself, before a socket exists: the client then backs off
  // instead of retrying at once (see admission.ts).
  const refuseUpgrade = (socket: Duplex, status: number, reason: string, message: string): void => {
    reflector.refused(reason);
    const retry = status === 429 || status === 503 ? 'Retry-After: 30\r\n' : '';
    const body = `${message}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n${retry}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
  server.on('upgrade', (req, socket, head) => {
    if (closing) return refuseUpgrade(socket, 503, 'shutting_down', 'server shutting down');
    const urlPath = (req.url ?? '/').split('?')[0];
    if (!urlPath.startsWith('/reflector/')) return refuseUpgrade(socket, 404, 'not_found', 'not found');
    if (!origins.allows(req)) return refuseUpgrade(socket, 403, 'origin', 'origin not allowed');
    // The session id is the last path segment (an empty one is closed with 4100 by the reflector).
    const sessionId = urlPath.slice(urlPath.lastIndexOf('/') + 1);
    const address = clientAddress(req, !!options.trustProxy);
    const refusal = reflector.admission.check(address, sessionId);
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason, refusal.message);
    wss.handleUpgrade(req, socket, head, (ws) => reflector.connect(ws, req, sessionId, address));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8888, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}/`;

  const heartbeat = setInterval(() => reflector.heartbeat(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  const sweeper = setInterval(() => {
    try {
      sweep();
    } catch (err) {
      log('store', 'sweep-error', { error: String((err as Error)?.stack ?? err) }); // a disk problem must not stop the server
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  log('server', 'listening', { url, dataDir });

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      clearInterval(sweeper);
      reflector.shutdown();
      // Give the close frames a moment, then cut whatever is left.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          resolve();
        }, 500);
        const check = (): void => {
          if (wss.clients.size === 0) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 10);
        };
        check();
      });
      wss.close();
      await store.flushLeases();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A temp directory we made ourselves (no dataDir given) goes away with the server.
      if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
      log('server', 'closed', {});
    })());

  return { url, port, dataDir, sweep, close };
}
