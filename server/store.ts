// Durable session state under the data directory: each session's meta and message log. The Store is
// also the one object the server hands around for everything under <data>: it owns the rooms' SAVE
// records (persist-records.ts) and the shared time lease file (lease.ts).
//
//   <data>/sessions/<sessionId>/meta.json   everything but the log; replaced atomically (write tmp, rename)
//   <data>/sessions/<sessionId>/log.jsonl   one stored message `[time,seq,payload,...]` per line, append-only
//   <data>/persist/<hash>.json              last SAVE url per (appId, persistentId), and when it came
//   <data>/leases.json                      time lease of every live session (lease.ts)
//   <data>/files/...                        the /files store (see files.ts)
//
// Durability choice: every message is written to log.jsonl with a synchronous write() BEFORE it is
// broadcast, so a process crash (kill -9) loses nothing any client has seen. We do not fsync per
// message (that costs ~1-10 ms per message on real disks and would dominate delivery latency); the
// OS page cache survives a process crash, and we fsync on graceful shutdown and before each atomic
// rename. A power loss may therefore lose the last few seconds. Time is covered by a lease: meta
// holds `timeCeiling`, leases.json renews the ceilings of all live sessions at once (lease.ts), and
// no time beyond them is handed out, so a restarted session resumes at a time no client has seen yet
// (monotonic, at most TIME_LEASE_MS ahead). Sessions written by older versions may have a lease.json.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { seqDiff, type JoinUser } from './protocol.js';
import { LeaseFile } from './lease.js';
import { PersistRecords } from './persist-records.js';
import { writeAtomic } from './atomic-write.js';

export interface SnapshotRef {
  time: number;
  seq: number;
  /** Either a path on this server ("/files/...") or an absolute foreign URL. */
  url: string;
}

export interface SessionMeta {
  version: 1;
  id: string;
  timeline: string;
  tove?: string;
  tick: number;
  delay: number;
  leaveDelay: number;
  /** No time handed out to a client is above this (the time lease). */
  timeCeiling: number;
  /** Seq of the message right before the first line of log.jsonl. */
  seqBase: number;
  snapshot: SnapshotRef | null;
  /** The persisted data (an earlier session's SAVE) this session started from, until its first snapshot. */
  persisted?: string;
  /** Users the replicated model believes present, so a restart can announce their departure. */
  users: JoinUser[];
  appId?: string;
  persistentId?: string;
  name?: string;
  /** Wall-clock ms of the last activity, for retention. */
  lastActive: number;
}

export interface LoadedSession {
  meta: SessionMeta;
  /** Stored messages after the snapshot, each serialized. */
  messages: string[];
  /** Seq and time of the last stored message (or seqBase and 0). */
  lastSeq: number;
  lastTime: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const isSessionId = (id: string): boolean => SESSION_ID.test(id);

const roomKey = (appId: string, persistentId: string): string => `${appId}/${persistentId}`;

export class Store {
  /** Room → session id → the persisted url that session started from (see startsOf). */
  private readonly starts = new Map<string, Map<string, string>>();
  /** Session id → its room in `starts`. */
  private readonly startRoom = new Map<string, string>();
  readonly sessionsDir: string;
  readonly filesDir: string;
  /** The rooms' SAVE records, under <data>/persist. */
  readonly persist: PersistRecords;
  readonly leases: LeaseFile;
  private readonly logs = new Map<string, number>(); // sessionId → open append fd

  /** `now`: wall-clock ms for lastActive and leases (tests pass a fake clock for retention). */
  constructor(
    readonly dataDir: string,
    readonly now: () => number = Date.now,
  ) {
    this.sessionsDir = path.join(dataDir, 'sessions');
    this.filesDir = path.join(dataDir, 'files');
    for (const dir of [this.sessionsDir, this.filesDir]) fs.mkdirSync(dir, { recursive: true });
    this.persist = new PersistRecords(path.join(dataDir, 'persist'), now);
    this.leases = new LeaseFile(path.join(dataDir, 'leases.json'), now);
  }

  private dir(id: string): string {
    if (!isSessionId(id)) throw new Error(`bad session id ${id}`);
    return path.join(this.sessionsDir, id);
  }

  /** Reads a stored session, repairing a torn last log line left by a crash. */
  load(id: string): LoadedSession | null {
    const dir = this.dir(id);
    let meta: SessionMeta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as SessionMeta;
    } catch {
      return null;
    }
    let text = '';
    try {
      text = fs.readFileSync(path.join(dir, 'log.jsonl'), 'utf8');
    } catch {
      // no log yet
    }
    const messages: string[] = [];
    let lastSeq = meta.seqBase;
    let lastTime = 0;
    let clean = true;
    for (const line of text.split('\n')) {
      if (!line) continue;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        clean = false; // torn write at a crash: it was never broadcast
        break;
      }
      if (!Array.isArray(msg) || typeof msg[0] !== 'number' || typeof msg[1] !== 'number') {
        clean = false;
        break;
      }
      const gap = seqDiff(msg[1], lastSeq);
      if (gap <= 0) {
        clean = false; // already covered by the snapshot (crash between meta and log rename)
        continue;
      }
      if (gap !== 1) {
        clean = false;
        break;
      }
      messages.push(line);
      lastSeq = msg[1];
      lastTime = msg[0];
    }
    if (!clean || (text.length > 0 && !text.endsWith('\n'))) this.rewriteLog(id, messages);
    const lease = this.readLease(id);
    if (lease) {
      meta.timeCeiling = Math.max(meta.timeCeiling, lease.timeCeiling);
      meta.lastActive = Math.max(meta.lastActive, lease.at);
    }
    this.leases.forget(id); // the live session's own entry takes over
    return { meta, messages, lastSeq, lastTime };
  }

  /**
   * Atomically replaces meta.json. `durable` adds an fsync (snapshot trims, shutdown); the frequent
   * time-lease renewals skip it, since rename alone is safe against a process crash.
   */
  writeMeta(meta: SessionMeta, durable = false): void {
    this.noteStart(meta.id, meta);
    const dir = this.dir(meta.id);
    fs.mkdirSync(dir, { recursive: true });
    writeAtomic(path.join(dir, 'meta.json'), JSON.stringify(meta), durable);
  }

  /** Waits for the lease write in flight (shutdown). */
  flushLeases(): Promise<void> {
    return this.leases.flush();
  }

  /** The larger of the session's entry in leases.json and a lease.json an older version wrote. */
  private readLease(id: string): { timeCeiling: number; at: number } | null {
    let own: { timeCeiling: number; at: number } | null = null;
    try {
      const lease = JSON.parse(fs.readFileSync(path.join(this.dir(id), 'lease.json'), 'utf8')) as { timeCeiling: number; at: number };
      if (typeof lease.timeCeiling === 'number' && typeof lease.at === 'number') own = lease;
    } catch {
      // none
    }
    const shared = this.leases.get(id);
    if (!own || !shared) return own ?? shared;
    return { timeCeiling: Math.max(own.timeCeiling, shared.timeCeiling), at: Math.max(own.at, shared.at) };
  }

  /** Appends one message; returns once the bytes are in the OS (see durability note above). */
  append(id: string, messageJson: string): void {
    let fd = this.logs.get(id);
    if (fd === undefined) {
      fd = fs.openSync(path.join(this.dir(id), 'log.jsonl'), 'a');
      this.logs.set(id, fd);
    }
    fs.writeSync(fd, messageJson + '\n');
  }

  /** Replaces the log with `messages` (after a snapshot trimmed it). */
  rewriteLog(id: string, messages: readonly string[]): void {
    this.closeLog(id);
    const body = messages.length ? messages.join('\n') + '\n' : '';
    writeAtomic(path.join(this.dir(id), 'log.jsonl'), body, true);
  }

  /** Flushes and closes the append handle (graceful shutdown, eviction). */
  closeLog(id: string): void {
    const fd = this.logs.get(id);
    if (fd === undefined) return;
    this.logs.delete(id);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Deletes a session's state (its snapshot files are the file store's: see file-gc.ts). */
  remove(id: string): void {
    this.noteStart(id, undefined);
    this.closeLog(id);
    this.leases.forget(id);
    fs.rmSync(this.dir(id), { recursive: true, force: true });
  }

  /** Every stored session's meta (null when unreadable: nothing to resume from), lastActive including its lease. */
  sessions(): Map<string, SessionMeta | null> {
    const out = new Map<string, SessionMeta | null>();
    for (const id of fs.readdirSync(this.sessionsDir)) {
      if (!isSessionId(id)) continue;
      try {
        const meta = JSON.parse(fs.readFileSync(path.join(this.sessionsDir, id, 'meta.json'), 'utf8')) as SessionMeta;
        meta.lastActive = Math.max(meta.lastActive, this.readLease(id)?.at ?? 0);
        this.noteStart(id, meta);
        out.set(id, meta);
      } catch {
        out.set(id, null);
      }
    }
    return out;
  }

  /**
   * The persisted urls stored sessions of a room started from and still hand out (no snapshot yet), in
   * memory or not: the file GC must keep them. Complete once sessions() has run (the first sweep, at start).
   */
  startsOf(appId: string, persistentId: string): string[] {
    return [...(this.starts.get(roomKey(appId, persistentId))?.values() ?? [])];
  }

  private noteStart(id: string, meta: SessionMeta | undefined): void {
    const before = this.startRoom.get(id);
    if (before !== undefined) {
      this.starts.get(before)?.delete(id);
      if (this.starts.get(before)?.size === 0) this.starts.delete(before);
      this.startRoom.delete(id);
    }
    if (!meta?.appId || !meta.persistentId || typeof meta.persisted !== 'string') return;
    const key = roomKey(meta.appId, meta.persistentId);
    let room = this.starts.get(key);
    if (!room) this.starts.set(key, (room = new Map<string, string>()));
    room.set(id, meta.persisted);
    this.startRoom.set(id, key);
  }

  closeAll(): void {
    for (const id of [...this.logs.keys()]) this.closeLog(id);
  }
}
