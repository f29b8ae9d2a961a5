// Who may open a reflector socket: connections per address, sessions in use, sockets per session.
// Refused at the HTTP upgrade (429/503), before a socket exists, because the official client backs
// off (up to 30 s) only when a connection fails to open: a socket it opened and then lost resets
// its backoff and it would retry at once, in a loop. A limit of 0 turns that limit off.

import type { IncomingMessage } from 'node:http';

export interface Limits {
  /** Open reflector sockets from one IP address. */
  maxConnectionsPerAddress: number;
  /** Sessions in use: in memory, or with a socket open to them. */
  maxSessions: number;
  /** Open sockets to one session. */
  maxClientsPerSession: number;
  /** A socket that has not sent JOIN this long after opening is closed (ms). */
  joinTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxConnectionsPerAddress: 500,
  maxSessions: 10_000,
  maxClientsPerSession: 1_000,
  joinTimeoutMs: 10_000,
};

export interface Refusal {
  status: 429 | 503;
  /** Label of the refusals metric. */
  reason: 'address_limit' | 'session_limit' | 'client_limit';
  message: string;
}

const over = (limit: number, count: number): boolean => limit > 0 && count >= limit;

export class Admission {
  private readonly perAddress = new Map<string, number>();
  private readonly perSession = new Map<string, number>();
  /** Session ids in memory or with an open socket. */
  private readonly inUse = new Set<string>();

  constructor(private readonly limits: Limits) {}

  get sessionsInUse(): number {
    return this.inUse.size;
  }

  /** Why a new socket from `address` to `sessionId` must be refused, if it must. */
  check(address: string, sessionId: string): Refusal | null {
    if (over(this.limits.maxConnectionsPerAddress, this.perAddress.get(address) ?? 0)) {
      return { status: 429, reason: 'address_limit', message: 'too many connections from this address' };
    }
    if (!this.inUse.has(sessionId) && over(this.limits.maxSessions, this.inUse.size)) {
      return { status: 503, reason: 'session_limit', message: 'too many sessions on this server' };
    }
    if (over(this.limits.maxClientsPerSession, this.perSession.get(sessionId) ?? 0)) {
      return { status: 503, reason: 'client_limit', message: 'this session is full' };
    }
    return null;
  }

  opened(address: string, sessionId: string): void {
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    this.perSession.set(sessionId, (this.perSession.get(sessionId) ?? 0) + 1);
    this.inUse.add(sessionId);
  }

  /** A socket closed. `live`: its session is still in memory (it then stays in use). */
  closed(address: string, sessionId: string, live: boolean): void {
    decrement(this.perAddress, address);
    if (decrement(this.perSession, sessionId) === 0 && !live) this.inUse.delete(sessionId);
  }

  /** A session left memory; it stops counting once no socket is open to it. */
  evicted(sessionId: string): void {
    if (!this.perSession.has(sessionId)) this.inUse.delete(sessionId);
  }
}

function decrement(map: Map<string, number>, key: string): number {
  const left = (map.get(key) ?? 0) - 1;
  if (left > 0) map.set(key, left);
  else map.delete(key);
  return Math.max(0, left);
}

/**
 * The client's IP address. Behind a reverse proxy every socket comes from the proxy, so with
 * `trustProxy` the last X-Forwarded-For entry (the one the proxy added) is taken instead.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)!.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
