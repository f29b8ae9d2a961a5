// One connected socket of the reflector, and the rate limit every socket is held to. A socket
// reports its frames and its close to a SocketHandler (the reflector), and knows nothing else of it.

import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { JoinUser } from './protocol.js';

export interface RateLimit {
  /** Frames a socket may send at once, and refilled per second. */
  burstFrames: number;
  framesPerSecond: number;
  /** Bytes a socket may send at once, and refilled per second. */
  burstBytes: number;
  bytesPerSecond: number;
}

/** Generous for Croquet's own traffic (at most 60 bundled SENDs/s of ≤ ~25 KB), tight for a flood. */
export const DEFAULT_RATE_LIMIT: RateLimit = {
  burstFrames: 500,
  framesPerSecond: 200,
  burstBytes: 16 * 1024 * 1024,
  bytesPerSecond: 4 * 1024 * 1024,
};

/** Frames and bytes a socket may still send: a burst allowance refilled at a steady rate. */
export class TokenBucket {
  private frames: number;
  private bytes: number;
  private last = performance.now();
  constructor(private readonly limit: RateLimit) {
    this.frames = limit.burstFrames;
    this.bytes = limit.burstBytes;
  }
  take(bytes: number): boolean {
    const now = performance.now();
    const dt = (now - this.last) / 1000;
    this.last = now;
    this.frames = Math.min(this.limit.burstFrames, this.frames + dt * this.limit.framesPerSecond) - 1;
    this.bytes = Math.min(this.limit.burstBytes, this.bytes + dt * this.limit.bytesPerSecond) - bytes;
    return this.frames >= 0 && this.bytes >= 0;
  }
}

/** What a socket reports its events to (the reflector implements it). */
export interface SocketHandler {
  /** A frame arrived. */
  onMessage(client: Client, data: Buffer, isBinary: boolean): void;
  /** The socket closed; `code` is the close frame's, 1006 when none came. */
  leave(client: Client, code: number): void;
}

/**
 * The ws socket class our WebSocketServer creates (its `WebSocket` option). It knows its client and
 * handler, so one listener function per event serves every socket: four closures and their
 * context per socket were ~0.3 KB of an idle room's heap (bench/idle-rooms.ts).
 */
export class ClientSocket extends WebSocket {
  declare client: Client;
  declare handler: SocketHandler;

  /** Routes this socket's frames, pongs and close to `handler`, on behalf of `client`. */
  attach(client: Client, handler: SocketHandler): void {
    this.client = client;
    this.handler = handler;
    this.on('message', onSocketMessage);
    this.on('pong', onSocketPong);
    this.on('error', onSocketError);
    this.on('close', onSocketClose);
  }
}

// The listeners every ClientSocket shares. ws types `this` as its base class.
function onSocketMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  const ws = this as ClientSocket;
  ws.handler.onMessage(ws.client, data, isBinary);
}
function onSocketPong(this: WebSocket): void {
  (this as ClientSocket).client.alive = true;
}
function onSocketError(): void {
  // 'close' follows and goes through the handler's leave()
}
function onSocketClose(this: WebSocket, code: number): void {
  const ws = this as ClientSocket;
  ws.handler.leave(ws.client, code);
}

/** One socket (or, after a restart, a ghost of a socket that was connected when the server stopped). */
export class Client {
  user: JoinUser | undefined;
  /** Synced and gave a user: receives RECV/TICK/REQU and counts in `active`. */
  active = false;
  /** The socket is gone; the client may still linger in its island for leaveDelay. */
  closed = false;
  /** We sent the close frame: the code the client echoes back is ours, not a departure of its own. */
  closedByServer = false;
  alive = true;
  leaveTimer: NodeJS.Timeout | undefined;
  /** The TCP socket under `ws`, for prebuilt broadcast frames (see Reflector.sendPrebuilt). */
  socket: Socket | null = null;
  /** The IP address the connection limit counts it under. */
  address = '';
  /** Closes the socket if no JOIN comes in time. */
  joinTimer: NodeJS.Timeout | undefined;
  constructor(
    readonly ws: WebSocket | null,
    readonly sessionId: string,
    /** Origin the client reached us by, e.g. "http://127.0.0.1:8888": snapshot URLs are rebuilt on it. */
    readonly origin: string,
    readonly bucket: TokenBucket | null,
  ) {}
  /** The JOIN came, or the socket closed: no timer, and no cleared Timeout kept (~0.25 KB a client). */
  stopJoinTimer(): void {
    clearTimeout(this.joinTimer);
    this.joinTimer = undefined;
  }
  get open(): boolean {
    return !this.closed && this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }
}
