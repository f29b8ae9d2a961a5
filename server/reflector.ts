// The reflector: sockets in, one Island per session id (island.ts), one Client per socket
// (client.ts). It validates every frame, routes it to its island, and closes a misbehaving socket
// with a documented code while every other socket carries on. It is the host of its islands
// (IslandHost) and the handler of its sockets (SocketHandler); neither side imports this file.
// Protocol notes: docs/croquet-protocol.md. Frame shapes: protocol.ts.

import * as fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { CloseCode, isDepartureClose, parseClientFrame, pongFrame, type JoinArgs } from './protocol.js';
import { isSessionId, Store } from './store.js';
import { resolveFilePath, type UploadGate } from './files.js';
import type { Logger } from './log.js';
import { Client, TokenBucket, type ClientSocket, type RateLimit, type SocketHandler } from './client.js';
import { Island, type IslandHost } from './island.js';
import { wsHeaderLength } from './ws-frame.js';
import { Admission, type Limits } from './admission.js';
import type { Collector, LiveSessions } from './file-gc.js';
import { TimeLease } from './lease.js';
import { Ticker } from './ticker.js';

/** Before JOIN these get 4000 (as from the official reflector: the client reconnects); others get 4122. */
const SESSION_ACTIONS: ReadonlySet<string> = new Set(['SEND', 'TUTTI', 'SNAP', 'SAVE', 'TICKS']);

export interface ReflectorOptions {
  store: Store;
  log: Logger;
  rateLimit: RateLimit;
  /** An island without clients stays in memory this long (ms) before it is written out and dropped. */
  idleEvictMs: number;
  /** Name reported in SYNC.reflector. */
  name: string;
  limits: Limits;
}

export interface Metrics {
  connections: number;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  messages: number;
  closes: Record<string, number>;
  /** Refusals by reason: at upgrade, before JOIN, and /files answers (`files_<status>`). */
  refusals: Record<string, number>;
}

/** ws send options: always a text frame (Buffers included), never compressed. */
const TEXT_FRAME = { binary: false, compress: false, fin: true } as const;
const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

/** The whole reflector: sockets, islands, heartbeat. */
export class Reflector implements IslandHost, SocketHandler, UploadGate, LiveSessions {
  readonly islands = new Map<string, Island>();
  /** Every open socket's client, and the island it joined (null before its JOIN). */
  readonly clients = new Map<Client, Island | null>();
  readonly metrics: Metrics = { connections: 0, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, messages: 0, closes: {}, refusals: {} };
  readonly admission: Admission;
  /** Garbage collection of superseded snapshots and persisted blobs (it needs the reflector, so it comes after). */
  collector: Collector | undefined;
  readonly store: Store;
  readonly name: string;
  readonly lease: TimeLease;
  /** One timer for the ticks of every island. */
  readonly ticker = new Ticker((island, err) => this.logError(island.id, 'tick', err));
  private readonly log: Logger;
  private stopping = false;

  constructor(private readonly opts: ReflectorOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.name = opts.name;
    this.admission = new Admission(opts.limits);
    this.lease = new TimeLease(this.store.leases, () => this.islands.values(), (err) => this.logError('*', 'lease', err));
  }

  /** Counts a refusal for /metrics. */
  refused(reason: string): void {
    this.metrics.refusals[reason] = (this.metrics.refusals[reason] ?? 0) + 1;
  }

  /** True while the session is in memory: only then may its clients upload files. */
  hasSession(sessionId: string): boolean {
    return this.islands.has(sessionId);
  }

  hasRoom(appId: string, persistentId: string): boolean {
    for (const island of this.islands.values()) if (island.meta.appId === appId && island.meta.persistentId === persistentId) return true;
    return false;
  }

  /** Takes over an upgraded socket for session `sessionId` (the last URL path segment), let in by `admission`. */
  connect(ws: ClientSocket, req: IncomingMessage, sessionId: string, address: string): void {
    const client = new Client(ws, sessionId, requestOrigin(req), new TokenBucket(this.opts.rateLimit));
    client.socket = req.socket; // the upgraded socket, which ws now reads and writes
    client.address = address;
    this.admission.opened(address, sessionId);
    this.clients.set(client, null);
    this.metrics.connections++;
    if (this.opts.limits.joinTimeoutMs > 0) {
      client.joinTimer = setTimeout(() => this.refuse(client, CloseCode.JoinTimeout, 'client never joined', 'join_timeout'), this.opts.limits.joinTimeoutMs);
    }
    ws.attach(client, this);
    if (this.stopping) return this.close(client, CloseCode.PleaseReconnect, 'server shutting down');
    if (!isSessionId(sessionId)) this.close(client, CloseCode.OutdatedProtocol, 'outdated protocol: no session id');
  }

  /**
   * The single exit path for a socket: close, error, heartbeat timeout, shutdown. `code` is the close
   * frame's code, 1006 when none came (terminated, network drop): only a departure the client
   * announced itself is final at once; anything else keeps its place for leaveDelay.
   */
  leave(client: Client, code: number): void {
    if (client.closed) return;
    client.closed = true;
    client.stopJoinTimer();
    const island = this.clients.get(client);
    this.clients.delete(client);
    this.metrics.connections--;
    this.admission.closed(client.address, client.sessionId, this.islands.has(client.sessionId));
    if (this.stopping) return;
    island?.disconnect(client, !client.closedByServer && isDepartureClose(code));
  }

  close(client: Client, code: number, reason: string): void {
    if (client.closed || !client.ws || client.ws.readyState !== WebSocket.OPEN) return;
    this.metrics.closes[code] = (this.metrics.closes[code] ?? 0) + 1;
    if (code !== CloseCode.PleaseReconnect) this.log('reflector', 'close', { session: client.sessionId, code, reason });
    client.closedByServer = true;
    client.ws.close(code, reason);
  }

  /** Closes a socket that broke a limit or the JOIN-first rule, and counts the refusal. */
  private refuse(client: Client, code: number, reason: string, metric: string): void {
    this.refused(metric);
    this.close(client, code, reason);
  }

  /** Sends one text frame (a string, or its UTF-8 bytes when the same frame goes to many sockets). */
  sendRaw(client: Client, data: string | Buffer): void {
    this.metrics.framesOut++;
    this.metrics.bytesOut += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    client.ws!.send(data, TEXT_FRAME);
  }

  /**
   * Writes a complete frame from wsTextFrame() straight to the client's TCP socket (broadcasts, ticks).
   * Why: the reflector's CPU goes mostly into these per-socket writes (profile: JS logic per message is
   * small next to 20 socket writes), and ws.send rebuilds the header and goes through cork/writev for
   * every socket. Measured on the 2-core bench VM: a bare 20-socket broadcast ~35 → ~25 µs CPU per frame;
   * ticks to 20 Croquet clients 50–57 → 40–42 µs per frame. Safe because compression is off, so ws's sender never
   * holds frames back (its pings and close frame stay in order with ours); we write only while the
   * socket is OPEN; and ws.bufferedAmount still sees these bytes (it reads the socket's write buffer).
   */
  sendPrebuilt(client: Client, frame: Buffer): void {
    this.metrics.framesOut++;
    this.metrics.bytesOut += frame.length - wsHeaderLength(frame);
    client.socket!.write(frame); // every open client has its socket (only resumed ghosts have none, and they are never open)
  }

  /** A frame from a client's socket (see onSocketMessage). */
  onMessage(client: Client, data: Buffer, isBinary: boolean): void {
    client.alive = true;
    if (client.closed || client.ws!.readyState !== WebSocket.OPEN) return;
    this.metrics.framesIn++;
    this.metrics.bytesIn += data.length;
    if (!client.bucket!.take(data.length)) return this.close(client, CloseCode.RateLimited, 'rate limit exceeded');
    if (isBinary) return this.close(client, CloseCode.Malformed, 'malformed message: binary frame');
    const parsed = parseClientFrame(data.toString('utf8'));
    if (!parsed.ok) return this.close(client, parsed.code, parsed.reason);
    const frame = parsed.frame;
    const island = this.clients.get(client);
    if (!island && frame.action !== 'JOIN' && frame.action !== 'PING') {
      if (SESSION_ACTIONS.has(frame.action)) return this.close(client, CloseCode.UnknownSession, 'unknown session');
      return this.refuse(client, CloseCode.JoinExpected, 'JOIN expected', 'join_expected');
    }
    try {
      switch (frame.action) {
        case 'JOIN':
          if (island) return this.close(client, CloseCode.Malformed, 'malformed message: second JOIN');
          return this.join(client, frame.args);
        case 'PING':
          return this.sendRaw(client, pongFrame(frame.args));
        case 'PULSE':
          return;
        case 'LOG':
          return this.log('client', 'log', { session: client.sessionId, args: String(JSON.stringify(frame.args)).slice(0, 500) });
        case 'UNKNOWN':
          return this.log('reflector', 'unknown-action', { session: client.sessionId, action: frame.name });
      }
      if (!island) return; // only JOIN and PING get here before JOIN, and both returned above
      switch (frame.action) {
        case 'SEND':
          return island.send(frame.args, frame.tags, client);
        case 'TUTTI':
          return island.tutti(frame.args);
        case 'SNAP':
          if (!island.snap(frame.args)) this.close(client, CloseCode.BadSnapshot, 'bad snapshot: unknown seq');
          return;
        case 'SAVE':
          if (!island.save(frame.args)) return this.close(client, CloseCode.BadAppId, 'bad appId');
          if (island.meta.appId && island.meta.persistentId) {
            const { appId, persistentId } = island.meta;
            this.collect(island.id, (c) => c.collectRoom(appId, persistentId, this.store.persist.read(appId, persistentId)));
          }
          return;
        case 'TICKS':
          if (typeof frame.args.tick === 'number') island.setTick(frame.args.tick);
          return;
      }
    } catch (err) {
      this.log('reflector', 'error', { session: client.sessionId, action: frame.action, error: String((err as Error)?.stack ?? err) });
      this.close(client, CloseCode.InternalError, 'internal error');
    }
  }

  private join(client: Client, args: JoinArgs): void {
    client.stopJoinTimer();
    let island = this.islands.get(client.sessionId);
    if (!island) {
      const loaded = this.store.load(client.sessionId);
      island = loaded ? Island.resume(this, loaded) : Island.create(this, client.sessionId, args);
      this.islands.set(island.id, island);
      this.log('reflector', loaded ? 'resume' : 'create', { session: island.id, name: island.meta.name, messages: island.size });
    }
    this.clients.set(client, island);
    island.join(client, args);
  }

  countMessage(): void {
    this.metrics.messages++;
  }

  logError(session: string, what: string, err: unknown): void {
    this.log('reflector', 'error', { session, what, error: String((err as Error)?.stack ?? err) });
  }

  /** An island lost its last client: keep it in memory for a while, then write it out. */
  idle(island: Island): void {
    clearTimeout(island.evictTimer);
    island.evictTimer = setTimeout(() => {
      if (island.clients.size > 0 || this.islands.get(island.id) !== island) return;
      this.islands.delete(island.id);
      this.admission.evicted(island.id);
      island.guard('evict', () => island.stop());
      this.log('reflector', 'evict', { session: island.id });
    }, this.opts.idleEvictMs);
  }

  /** A snapshot URL that points at our own /files is stored as its path, so any host name can load it. */
  localUrl(url: string): string {
    try {
      const parsed = new URL(url);
      const file = resolveFilePath(this.store.filesDir, parsed.pathname);
      if (file && fs.existsSync(file)) return parsed.pathname;
    } catch {
      // not a URL: keep as is
    }
    return url;
  }

  /** A new snapshot was announced: older ones past their grace period can go (file-gc.ts). */
  pruneSnapshots(sessionId: string, current: string): void {
    this.collect(sessionId, (c) => c.collectSession(sessionId, current));
  }

  /** Garbage collection after a SNAP or SAVE: a disk error is logged, never the client's problem. */
  private collect(sessionId: string, fn: (c: Collector) => void): void {
    try {
      if (this.collector) fn(this.collector);
    } catch (err) {
      this.logError(sessionId, 'collect', err);
    }
  }

  /** Sends a ws ping to everyone; sockets that did not answer the previous one are terminated. */
  heartbeat(): void {
    for (const c of this.clients.keys()) {
      if (!c.ws) continue;
      if (!c.alive) {
        this.log('reflector', 'heartbeat-timeout', { session: c.sessionId });
        c.ws.terminate(); // 'close' fires and goes through leave()
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  /** Writes every island out and asks every client to reconnect (to the next server process). */
  shutdown(): void {
    this.stopping = true;
    for (const island of this.islands.values()) island.guard('shutdown', () => island.stop());
    this.islands.clear();
    this.ticker.clear();
    for (const c of [...this.clients.keys()]) this.close(c, CloseCode.PleaseReconnect, 'server restarting');
    this.store.closeAll();
  }
}

/** "http://host:port" as the client addressed us (Host header), for absolute snapshot URLs. */
function requestOrigin(req: IncomingMessage): string {
  const fwdHost = req.headers['x-forwarded-host'];
  const host = (typeof fwdHost === 'string' ? fwdHost.split(',')[0].trim() : '') || req.headers.host || '';
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  if (SAFE_HOST.test(host)) return `${proto}://${host}`;
  const addr = req.socket.localAddress ?? '127.0.0.1';
  return `${proto}://${addr.includes(':') ? `[${addr}]` : addr}:${req.socket.localPort}`;
}
