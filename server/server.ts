// One HTTP server, croquet-in-a-box layout, so the official client needs only `box: "http://host:port/"`:
//   /reflector/<sessionId>  WebSocket reflector (reflector.ts; sessions in island.ts)
//   /files/...              snapshot and persistence store (files.ts)
//   /demo/, /dist/          static pages (static.ts); "/" redirects to /demo/
//   /healthz, /metrics      liveness and Prometheus text metrics

import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { MAX_PAYLOAD_BYTES } from './protocol.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './client.js';
import { Reflector } from './reflector.js';
import { Store } from './store.js';
import { DEFAULT_MAX_UPLOAD_BYTES, FILES_PREFIX, handleFiles } from './files.js';
import { serveStatic } from './static.js';
import { createLogger } from './log.js';

/** Sessions nobody joined for this long are deleted (with their snapshots). */
export const DEFAULT_RETENTION_DAYS = 7;
/** How often expired sessions are swept (ms). */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** An island without clients is written out and dropped from memory after this long (ms). */
export const DEFAULT_IDLE_EVICT_MS = 60_000;
/** ws ping interval (ms); a socket that misses one pong is terminated. */
export const DEFAULT_HEARTBEAT_MS = 30_000;

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
  retentionDays?: number;
  maxUploadBytes?: number;
  heartbeatMs?: number;
  idleEvictMs?: number;
  rateLimit?: Partial<RateLimit>;
}

export interface RunningServer {
  /** Box URL with trailing slash, e.g. "http://127.0.0.1:8888/". */
  url: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = path.resolve(options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-')));
  const staticRoot = path.resolve(options.staticDir ?? PACKAGE_ROOT);
  const retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 24 * 60 * 60 * 1000;
  const log = createLogger(!!options.quiet);
  const store = new Store(dataDir);
  const reflector = new Reflector({
    store,
    log,
    name: 'croquet-chat',
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
    idleEvictMs: options.idleEvictMs ?? DEFAULT_IDLE_EVICT_MS,
  });
  const filesOpts = {
    root: store.filesDir,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    onUpload: (bytes: number) => log('files', 'put', { bytes }),
  };

  const sweep = (): void => {
    for (const id of store.expired(retentionMs)) {
      if (reflector.islands.has(id)) continue;
      store.remove(id);
      log('store', 'expire', { session: id });
    }
  };
  sweep();

  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (urlPath === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok\n');
    } else if (urlPath === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(metricsText(reflector));
    } else if (urlPath === '/files' || urlPath.startsWith(FILES_PREFIX)) {
      handleFiles(req, res, urlPath, filesOpts);
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
    } else if (urlPath === '/' || urlPath === '/demo') {
      res.writeHead(302, { Location: '/demo/' });
      res.end();
    } else if (STATIC_PATH.test(urlPath)) {
      const dir = STATIC_PATH.exec(urlPath)![1]!;
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false });
  let closing: Promise<void> | undefined;
  server.on('upgrade', (req, socket, head) => {
    if (closing) {
      // Refuse rather than accept-and-close: the client then backs off instead of retrying at once.
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (!urlPath.startsWith('/reflector/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // The session id is the last path segment (an empty one is closed with 4100 by the reflector).
    const sessionId = urlPath.slice(urlPath.lastIndexOf('/') + 1);
    wss.handleUpgrade(req, socket, head, (ws) => reflector.connect(ws, req, sessionId));
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
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
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

  return { url, port, dataDir, close };
}

function metricsText(r: Reflector): string {
  const m = r.metrics;
  const cpu = process.cpuUsage();
  const metrics: [name: string, type: 'gauge' | 'counter', help: string, value: number][] = [
    ['croquet_sessions', 'gauge', 'Sessions held in memory.', r.islands.size],
    ['croquet_connections', 'gauge', 'Open reflector sockets.', m.connections],
    ['croquet_messages_in_total', 'counter', 'Frames received from clients.', m.framesIn],
    ['croquet_messages_out_total', 'counter', 'Frames sent to clients.', m.framesOut],
    ['croquet_bytes_in_total', 'counter', 'Payload bytes received from clients.', m.bytesIn],
    ['croquet_bytes_out_total', 'counter', 'Payload bytes sent to clients.', m.bytesOut],
    ['croquet_reflected_messages_total', 'counter', 'Messages stamped and stored.', m.messages],
    ['process_cpu_seconds_total', 'counter', 'User and system CPU time of the server process.', (cpu.user + cpu.system) / 1e6],
    ['process_cpu_user_seconds_total', 'counter', 'User CPU time of the server process.', cpu.user / 1e6],
    ['process_resident_memory_bytes', 'gauge', 'Resident set size.', process.memoryUsage.rss()],
  ];
  const lines = metrics.flatMap(([name, type, help, value]) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`]);
  lines.push(
    '# HELP croquet_closes_total Sockets closed by the server, by close code.',
    '# TYPE croquet_closes_total counter',
    ...Object.entries(m.closes).map(([code, n]) => `croquet_closes_total{code="${code}"} ${n}`),
  );
  return lines.join('\n') + '\n';
}
