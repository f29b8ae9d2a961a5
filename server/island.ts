// One session (an island): its time, seq, message log, users, tallies and ticks. It stamps every
// message with the session time and the next uint32 seq, stores it, and sends the same serialized
// RECV to every active client, so all replicas run the same message sequence. Everything it needs
// from the server around it (sockets, disk, the shared ticker and lease) comes through IslandHost.
// Protocol notes: docs/croquet-protocol.md. Frame shapes: protocol.ts.

import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import {
  INITIAL_SEQ,
  chunkFrame,
  infoFrame,
  recvFrame,
  requFrame,
  seqDiff,
  syncFrame,
  tickFramePrefix,
  type JoinArgs,
  type JoinUser,
  type SaveArgs,
  type SendArgs,
  type SendTags,
  type SnapArgs,
  type SyncArgs,
  type TuttiArgs,
} from './protocol.js';
import type { LoadedSession, SessionMeta, Store } from './store.js';
import type { PersistRecords } from './persist-records.js';
import { Client } from './client.js';
import { wsTextFrame } from './ws-frame.js';
import { TIME_LEASE_MS, type LeaseHolder, type TimeLease } from './lease.js';
import type { Ticker, Tickable, TickEntry } from './ticker.js';

/** Users changes are batched this long (ms); joins skip the wait (fast join, see queueJoin). */
export const USERS_BATCH_MS = 200;
/** A tally closes this long (ms) after its first vote even if votes are missing. */
export const TALLY_TIMEOUT_MS = 1000;
/** Completed tally keys are remembered this long (ms), at most COMPLETED_TALLIES of them. */
export const COMPLETED_TALLY_MS = 60_000;
export const COMPLETED_TALLIES = 20;
/** Votes sent longer ago than this (session ms) are stale. */
export const TUTTI_MAX_AGE_MS = 60_000;
/**
 * From this many messages since the last snapshot on, ask clients for a snapshot (REQU), at most every
 * REQU_INTERVAL_MS. A short log keeps late joins fast: a joiner replays every message after the
 * snapshot, and a chat joiner checks the signature of each post in it (0.5-2 ms each on this project's
 * 2-core machine), while a snapshot costs each client one summary hash and one of them an upload.
 * Clients also snapshot on their own (5 ms of accounted CPU per message, 5 s threshold), which a cheap
 * model reaches only after 1,000 messages. A synced client acts on these REQUs only once it falls
 * behind (see REQU_ON_JOIN_MESSAGES), so they are a backstop; the joiners' polls do most of the work.
 */
export const REQU_MESSAGES = 300;
export const REQU_INTERVAL_MS = 5000;
/**
 * From this many messages since the last snapshot on, a joining client is asked for a snapshot: a REQU
 * to it alone, right after its first message. Croquet's client acts on a REQU only in the moments
 * between finishing its join and calling itself in step with the room (or while lagging): a synced
 * client keeps to its own CPU-time rule and leaves the request pending, and a poll made during the
 * join's replay waits in a buffer that a fresh join never sends. So the REQUs above rarely lead to a
 * snapshot in a quiet chat. A joiner's first message comes just after its join (a chat view identifies
 * itself at once): the REQU goes back with a TICK, since a client that steps only when something arrives
 * (as the widget does, at one tick a second) would otherwise see it only after calling itself in step.
 * Its poll goes out, the present clients vote and one of them uploads, and the next joiner replays
 * only what came after. The cost is a summary hash per present client and one upload, at most once
 * per joiner. Why 20: a fresh page replays a signed chat message in a few ms (decrypting it and checking
 * its signature with code not yet optimized), and in profiles of the online bench's room (20 posts)
 * the replay took two to three times as long as loading the room's snapshot.
 */
export const REQU_ON_JOIN_MESSAGES = 20;
/**
 * The client's VM ignores a snapshot poll within this much session time (ms) of the previous one,
 * counting from 0. A REQU sooner only gets polls refused, and a refused poll still uses up the
 * poll's 5 s debounce here, which can hold back the next client's good poll.
 */
export const CLIENT_POLL_GAP_MS = 5000;
/** Hard cap on stored messages: further SENDs are dropped until a snapshot trims the log. */
export const MAX_LOG_MESSAGES = 100_000;
/** Tick period (ms) bounds accepted from JOIN/TICKS. */
export const MIN_TICK_MS = 5;
export const MAX_TICK_MS = 60_000;
/** leaveDelay (ms) accepted from JOIN is clamped to this. */
export const MAX_LEAVE_DELAY_MS = 60_000;

const randomId = (): string => randomBytes(8).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10) || 'timeline';
const userKey = (user: JoinUser): string => (typeof user === 'string' ? user : JSON.stringify(user));

/** The session records an island reads and writes: its meta and log, and its room's SAVE record. */
export type IslandStore = Pick<Store, 'now' | 'writeMeta' | 'append' | 'rewriteLog' | 'closeLog'> & {
  readonly persist: Pick<PersistRecords, 'read' | 'write'>;
};

/**
 * What an island needs from the server that holds it. The reflector implements it; island.test.ts
 * has a fake that records what would go out and what would be stored.
 */
export interface IslandHost {
  /** Reported to joiners in SYNC.reflector. */
  readonly name: string;
  readonly store: IslandStore;
  /** The tick schedule every island shares (ticker.ts). */
  readonly ticker: Pick<Ticker, 'entry' | 'isScheduled' | 'start' | 'stop'>;
  /** The time lease every island shares (lease.ts). */
  readonly lease: Pick<TimeLease, 'generation' | 'cover' | 'ceiling' | 'renewSync'>;
  /** Sends one text frame to one client. */
  sendRaw(client: Client, frame: string): void;
  /** Writes a complete WebSocket frame from wsTextFrame() to one client (broadcasts and ticks build it once). */
  sendPrebuilt(client: Client, frame: Buffer): void;
  /** A message was stamped and stored (for /metrics). */
  countMessage(): void;
  /** The island's last client is gone: the host decides when to write it out and drop it. */
  idle(island: Island): void;
  /** A URL of this server's own /files becomes its path (any host name can then load it); others stay. */
  localUrl(url: string): string;
  /** A SNAP made `current` the session's snapshot: older ones may be collected. */
  pruneSnapshots(sessionId: string, current: string): void;
  /** A timer callback failed: logged, never fatal for the process. */
  logError(session: string, what: string, err: unknown): void;
}

interface Tally {
  key: string;
  sendTime: number;
  tallyTarget: unknown;
  wantsVote: boolean;
  expected: number;
  received: number;
  votes: Map<string, number>;
  timer: NodeJS.Timeout;
}

/** Per-session state. */
export class Island implements LeaseHolder, Tickable {
  readonly clients = new Set<Client>();
  readonly origin: number; // performance.now() at session time 0
  private lastTime: number;
  /** The shared lease's write count at creation: later writes include this island (see TimeLease). */
  private readonly leaseGeneration: number;
  private seq: number;
  /** This island's place in the shared tick schedule (host.ticker). */
  private readonly ticks: TickEntry;
  /** `{"id":…,"action":"TICK","args":` — a tick frame is this, the time and `}`. */
  private readonly tickPrefix: string;
  private pendingJoined: JoinUser[] = [];
  private pendingLeft: JoinUser[] = [];
  private usersTimer: NodeJS.Timeout | undefined;
  private usersImmediate: NodeJS.Immediate | undefined;
  /** Clients that joined a long log and have not sent yet: asked for a snapshot right after their first message. */
  private joinersToAsk = new Set<Client>();
  // Created on first use: most rooms never see a TUTTI or a debounced SEND, and an empty Map costs
  // ~0.2 KB, about a thirtieth of an idle room's heap (bench/idle-rooms.ts).
  private tallies: Map<string, Tally> | undefined;
  private completedTallies: Map<string, number> | undefined;
  private debounced: Map<string, number> | undefined;
  /** performance.now() of the last REQU; none yet, so a young process may ask at once. */
  private lastRequ = -Infinity;
  evictTimer: NodeJS.Timeout | undefined;
  /** Persisted data url (SAVE of an earlier session) handed to joiners until the first snapshot. */
  get persistedUrl(): string | undefined {
    return typeof this.meta.persisted === 'string' ? this.meta.persisted : undefined;
  }

  constructor(
    readonly meta: SessionMeta,
    private readonly messages: string[],
    lastSeq: number,
    resumeTime: number,
    private readonly host: IslandHost,
  ) {
    this.seq = lastSeq;
    this.lastTime = resumeTime;
    this.origin = performance.now() - resumeTime;
    this.leaseGeneration = host.lease.generation;
    this.ticks = host.ticker.entry(this);
    this.tickPrefix = tickFramePrefix(meta.id);
  }

  get id(): string {
    return this.meta.id;
  }
  get size(): number {
    return this.messages.length;
  }

  static create(host: IslandHost, id: string, args: JoinArgs): Island {
    const meta: SessionMeta = {
      version: 1,
      id,
      timeline: randomId(),
      tove: args.tove,
      tick: clamp(args.ticks.tick, MIN_TICK_MS, MAX_TICK_MS),
      delay: args.ticks.delay,
      leaveDelay: 0,
      timeCeiling: TIME_LEASE_MS, // covers the island until the shared lease includes it
      seqBase: INITIAL_SEQ,
      snapshot: null,
      users: [],
      appId: args.appId,
      persistentId: args.persistentId,
      name: typeof args.name === 'string' ? args.name.slice(0, 256) : undefined,
      lastActive: host.store.now(),
    };
    const island = new Island(meta, [], INITIAL_SEQ, 0, host);
    // Kept in the meta: after a restart, joiners before the first snapshot must start from the same data.
    if (meta.appId && meta.persistentId) meta.persisted = host.store.persist.read(meta.appId, meta.persistentId);
    // No fsync (the store's rule for all but snapshot trims and shutdown): the rename keeps the file
    // whole through a process crash, and an fsync per new room made joining 2,000 rooms take minutes
    // on a busy disk.
    island.saveMeta();
    return island;
  }

  /** Resumes a stored session; clients that were connected when it stopped come back as ghosts. */
  static resume(host: IslandHost, loaded: LoadedSession): Island {
    const { meta } = loaded;
    const resumeTime = Math.max(meta.timeCeiling, loaded.lastTime);
    const island = new Island(meta, loaded.messages, loaded.lastSeq, resumeTime, host);
    meta.timeCeiling = resumeTime + TIME_LEASE_MS; // as in create()
    island.saveMeta();
    for (const user of meta.users) {
      const ghost = new Client(null, meta.id, '', null);
      ghost.user = user;
      ghost.active = true;
      ghost.closed = true;
      island.clients.add(ghost);
      ghost.leaveTimer = setTimeout(() => island.guard('leave', () => island.remove(ghost)), meta.leaveDelay);
    }
    return island;
  }

  /**
   * Session time: monotonic, and never beyond a ceiling already on disk (meta.timeCeiling, or the
   * shared lease, which is renewed half a lease ahead, asynchronously; only if that write falls
   * behind do we block on a synchronous one).
   */
  now(): number {
    const clock = performance.now();
    const t = Math.max(this.lastTime, Math.floor(clock - this.origin));
    this.lastTime = t;
    this.host.lease.cover(clock);
    if (t > this.meta.timeCeiling && t > this.host.lease.ceiling(this, this.leaseGeneration)) this.host.lease.renewSync(clock);
    return t;
  }

  /** Timer callbacks run here: an I/O error (disk full) is logged, never fatal for the process. */
  guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.host.logError(this.id, what, err);
    }
  }

  saveMeta(durable = false): void {
    this.meta.lastActive = this.host.store.now();
    this.host.store.writeMeta(this.meta, durable);
  }

  // ------------------------------------------------------------ join / leave

  join(client: Client, args: JoinArgs): void {
    if (this.evictTimer) clearTimeout(this.evictTimer);
    this.evictTimer = undefined;
    // Island-wide values follow the latest JOIN (as the official reflector does).
    this.meta.leaveDelay = clamp(args.leaveDelay ?? 0, 0, MAX_LEAVE_DELAY_MS);
    this.meta.appId ??= args.appId;
    this.meta.persistentId ??= args.persistentId;

    client.user = args.user ?? undefined;
    this.sendTo(client, this.syncFor(client));
    // Same step as the SYNC: every later message reaches this client, with no gap and no duplicate.
    this.clients.add(client);
    if (client.user !== undefined) {
      client.active = true;
      this.queueJoin(client.user);
      if (this.messages.length >= REQU_ON_JOIN_MESSAGES) this.joinersToAsk.add(client);
    }
    this.startTicker();
  }

  private syncFor(client: Client): string {
    const args: SyncArgs = {
      url: '',
      time: this.now(),
      seq: this.seq,
      reflector: this.host.name,
      timeline: this.meta.timeline,
      flags: {},
    };
    if (this.meta.tove !== undefined) args.tove = this.meta.tove;
    if (this.meta.snapshot) {
      args.url = publicUrl(this.meta.snapshot.url, client);
      args.snapshotTime = this.meta.snapshot.time;
      args.snapshotSeq = this.meta.snapshot.seq;
    } else if (this.persistedUrl) {
      args.url = publicUrl(this.persistedUrl, client);
      args.persisted = true;
    }
    return syncFrame(this.id, args, this.messages);
  }

  /**
   * The client's socket closed. After a departure (the client said it is going: leave, page unload,
   * dormant) everyone sees its exit at once, and sockets of the same user still lingering from an
   * earlier drop go with it. Any other close keeps its place for leaveDelay, so a quick rejoin after
   * a network blip is seamless.
   */
  disconnect(client: Client, departed: boolean): void {
    if (departed) {
      const lingering = [...this.clients].filter((c) => c !== client && c.closed && sameUser(c, client));
      for (const c of [client, ...lingering]) {
        clearTimeout(c.leaveTimer);
        this.remove(c, true);
      }
    } else if (client.active) client.leaveTimer = setTimeout(() => this.guard('leave', () => this.remove(client)), this.meta.leaveDelay);
    else this.remove(client);
  }

  /** Removes a client; its exit goes out with the next users batch, or right away when `now`. */
  remove(client: Client, now = false): void {
    if (!this.clients.delete(client)) return;
    this.joinersToAsk.delete(client);
    if (client.active && client.user !== undefined) this.queueLeft(client.user, now);
    if (this.clients.size === 0) this.host.idle(this);
  }

  // ------------------------------------------------------------ users batching

  /** A join is announced right after its SYNC (next turn), not after the 200 ms batch: fast joins. */
  private queueJoin(user: JoinUser): void {
    const at = indexOfUser(this.pendingLeft, user);
    if (at >= 0) this.pendingLeft.splice(at, 1);
    else this.pendingJoined.push(user);
    this.flushUsersSoon();
  }

  /** A departure goes out next turn (instant leave); a timed-out socket waits for the 200 ms batch. */
  private queueLeft(user: JoinUser, now: boolean): void {
    const at = indexOfUser(this.pendingJoined, user);
    if (at >= 0) this.pendingJoined.splice(at, 1);
    else this.pendingLeft.push(user);
    if (now) this.flushUsersSoon();
    else this.usersTimer ??= setTimeout(() => this.guard('users', () => this.flushUsers()), USERS_BATCH_MS);
  }

  /** Next turn, so the joins and departures of one burst of socket events share a users message. */
  private flushUsersSoon(): void {
    this.usersImmediate ??= setImmediate(() => this.guard('users', () => this.flushUsers()));
  }

  private flushUsers(): void {
    clearTimeout(this.usersTimer);
    if (this.usersImmediate) clearImmediate(this.usersImmediate);
    this.usersTimer = this.usersImmediate = undefined;
    const joined = this.pendingJoined;
    const left = this.pendingLeft;
    this.pendingJoined = [];
    this.pendingLeft = [];
    let active = 0;
    for (const c of this.clients) if (c.active) active++;
    if ((joined.length || left.length) && active > 0) {
      const payload: Record<string, unknown> = { what: 'users', active, total: this.clients.size };
      if (joined.length) payload.joined = joined;
      if (left.length) payload.left = left;
      this.commitPayload(payload);
    }
    // Remember who is connected, so a restart can announce the ones that do not come back.
    this.meta.users = this.activeUsers();
    this.saveMeta();
  }

  /** The users the replicated model counts as present. */
  private activeUsers(): JoinUser[] {
    return [...this.clients].filter((c) => c.active && c.user !== undefined).map((c) => c.user!);
  }

  // ------------------------------------------------------------ messages

  /** A message from `from` (undefined for the island's own). */
  send(args: SendArgs, tags: SendTags | undefined, from?: Client): void {
    if (tags?.msgID && tags.debounce) {
      const wall = performance.now();
      const last = this.debounced?.get(tags.msgID);
      if (last !== undefined && wall - last < tags.debounce) return;
      (this.debounced ??= new Map()).set(tags.msgID, wall);
    }
    if (this.messages.length >= MAX_LOG_MESSAGES) {
      this.broadcast(requFrame(this.id));
      this.broadcast(infoFrame(this.id, 'SNAPSHOT_NEEDED', 'message log full, waiting for a snapshot', 'error'));
      return;
    }
    this.commit(args);
    if (from && this.joinersToAsk.delete(from) && this.messages.length >= REQU_ON_JOIN_MESSAGES && this.pollAccepted()) {
      this.sendTo(from, requFrame(this.id));
      this.sendTo(from, `${this.tickPrefix}${this.now()}}`); // a client that steps only on arrivals acts on the REQU now, not a tick later
    }
  }

  /** A reflector-generated message (users, tally): commit() stamps it and adds `_size`. */
  private commitPayload(payload: Record<string, unknown>): void {
    this.commit([0, 0, payload]);
  }

  /** Stamp, store (before anyone sees it), broadcast one identical frame, restart the ticker. */
  private commit(args: SendArgs): void {
    const seq = (this.seq + 1) >>> 0;
    args[0] = this.now();
    args[1] = seq;
    const payload = args[2];
    if (typeof payload === 'object' && payload !== null && payload._size === undefined) {
      payload._size = JSON.stringify(payload).length;
    }
    const json = JSON.stringify(args);
    this.host.store.append(this.id, json);
    this.seq = seq;
    this.messages.push(json);
    this.host.countMessage();
    this.broadcast(recvFrame(this.id, json));
    if (this.host.ticker.isScheduled(this.ticks)) this.host.ticker.start(this.ticks, this.meta.tick); // the next tick is a period after this message
    this.requestSnapshotIfDue();
  }

  /** Sends to every active open client. Closed-but-lingering clients are skipped. */
  private broadcast(frame: string): void {
    // Build the complete WebSocket frames once and write the same bytes to every socket.
    const parts = chunkFrame(frame).map(wsTextFrame);
    for (const c of this.clients) {
      if (!c.active || !c.open) continue;
      for (const part of parts) this.host.sendPrebuilt(c, part);
    }
  }

  sendTo(client: Client, frame: string): void {
    for (const part of chunkFrame(frame)) this.host.sendRaw(client, part);
  }

  // ------------------------------------------------------------ ticks

  private startTicker(): void {
    if (!this.host.ticker.isScheduled(this.ticks)) this.host.ticker.start(this.ticks, this.meta.tick);
  }

  stopTicker(): void {
    this.host.ticker.stop(this.ticks);
  }

  setTick(tick: number): void {
    this.meta.tick = clamp(tick, MIN_TICK_MS, MAX_TICK_MS);
    if (this.host.ticker.isScheduled(this.ticks)) this.host.ticker.start(this.ticks, this.meta.tick);
  }

  /** Called by the shared ticker (errors are logged there). */
  tick(): void {
    let open = false;
    let frame: Buffer | undefined;
    for (const c of this.clients) {
      if (!c.open) continue;
      open = true;
      // Backpressure: a client whose socket has not drained its last frames skips this tick.
      // (Compression is off, so ws's own sender never holds bytes back: the socket has them all.)
      if (!c.active || c.socket!.writableLength !== 0) continue;
      frame ??= wsTextFrame(`${this.tickPrefix}${this.now()}}`);
      this.host.sendPrebuilt(c, frame);
    }
    if (!open) return this.stopTicker();
    this.requestSnapshotIfDue(); // a quiet session with a long log keeps asking
  }

  /** Whether clients would take a snapshot poll now: the session is far enough past its last snapshot. */
  private pollAccepted(): boolean {
    return this.lastTime - (this.meta.snapshot?.time ?? 0) >= CLIENT_POLL_GAP_MS;
  }

  /**
   * REQU while the log is long, every REQU_INTERVAL_MS until a snapshot trims it: a poll that was
   * refused or lost, or an uploader that left, is retried even when nobody posts.
   */
  private requestSnapshotIfDue(): void {
    if (this.messages.length < REQU_MESSAGES || !this.pollAccepted()) return;
    const wall = performance.now();
    if (wall - this.lastRequ <= REQU_INTERVAL_MS) return;
    this.lastRequ = wall;
    this.broadcast(requFrame(this.id));
  }

  // ------------------------------------------------------------ TUTTI / SNAP / SAVE

  tutti(args: TuttiArgs): void {
    let tally = this.tallies?.get(args.tuttiKey);
    if (!tally) {
      this.pruneCompletedTallies();
      if (args.sendTime < this.now() - TUTTI_MAX_AGE_MS || this.completedTallies?.has(args.tuttiKey)) return;
      if (args.firstMsg) this.send(args.firstMsg, undefined);
      let expected = 0;
      for (const c of this.clients) if (c.open) expected++;
      const t: Tally = {
        key: args.tuttiKey,
        sendTime: args.sendTime,
        tallyTarget: args.tallyTarget,
        wantsVote: args.wantsVote,
        expected,
        received: 0,
        votes: new Map(),
        timer: setTimeout(() => this.guard('tally', () => this.finishTally(t)), TALLY_TIMEOUT_MS),
      };
      tally = t;
      (this.tallies ??= new Map()).set(t.key, t);
    }
    tally.votes.set(args.payload, (tally.votes.get(args.payload) ?? 0) + 1);
    tally.received++;
    if (tally.received >= tally.expected) this.finishTally(tally);
  }

  private finishTally(t: Tally): void {
    clearTimeout(t.timer);
    if (this.tallies?.get(t.key) !== t) return;
    this.tallies.delete(t.key);
    (this.completedTallies ??= new Map()).set(t.key, performance.now());
    if (t.wantsVote || t.votes.size > 1) {
      this.commitPayload({
        what: 'tally',
        sendTime: t.sendTime,
        tally: Object.fromEntries(t.votes),
        tallyTarget: t.tallyTarget,
        tuttiKey: t.key,
        missingClients: Math.max(0, t.expected - t.received),
      });
    }
  }

  private pruneCompletedTallies(): void {
    if (!this.completedTallies) return;
    const now = performance.now();
    for (const [key, at] of this.completedTallies) {
      if (now - at > COMPLETED_TALLY_MS || this.completedTallies.size > COMPLETED_TALLIES) this.completedTallies.delete(key);
    }
  }

  /** Returns false if the SNAP names a seq this log never had. */
  snap(args: SnapArgs): boolean {
    if (args.dissident !== null && args.dissident !== undefined) return true;
    if (this.meta.snapshot && args.time <= this.meta.snapshot.time) return true; // an older, late upload
    if (seqDiff(args.seq, this.meta.seqBase) < 0 || seqDiff(args.seq, this.seq) > 0) return false;
    const drop = seqDiff(args.seq, this.meta.seqBase);
    this.messages.splice(0, drop);
    this.meta.seqBase = args.seq;
    this.meta.snapshot = { time: args.time, seq: args.seq, url: this.host.localUrl(args.url) };
    delete this.meta.persisted;
    // Meta first: if we crash before the log rewrite, load() skips lines the snapshot covers.
    this.saveMeta(true);
    this.host.store.rewriteLog(this.id, this.messages);
    this.host.pruneSnapshots(this.id, this.meta.snapshot.url);
    return true;
  }

  save(args: SaveArgs): boolean {
    if (!this.meta.appId || !this.meta.persistentId) return false;
    if (args.dissident !== null && args.dissident !== undefined) return true;
    this.host.store.persist.write(this.meta.appId, this.meta.persistentId, this.host.localUrl(args.url));
    return true;
  }

  /** Stops timers and writes the final state (shutdown or eviction). */
  stop(): void {
    this.stopTicker();
    clearTimeout(this.usersTimer);
    if (this.usersImmediate) clearImmediate(this.usersImmediate);
    clearTimeout(this.evictTimer);
    for (const t of this.tallies?.values() ?? []) clearTimeout(t.timer);
    for (const c of this.clients) clearTimeout(c.leaveTimer);
    this.meta.users = this.activeUsers();
    this.meta.timeCeiling = Math.max(this.lastTime, this.meta.timeCeiling, this.host.lease.ceiling(this, this.leaseGeneration));
    this.saveMeta(true);
    this.host.store.closeLog(this.id);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function sameUser(a: Client, b: Client): boolean {
  return a.user !== undefined && b.user !== undefined && userKey(a.user) === userKey(b.user);
}

function indexOfUser(list: JoinUser[], user: JoinUser): number {
  const key = userKey(user);
  return list.findIndex((u) => userKey(u) === key);
}

function publicUrl(stored: string, client: Client): string {
  return stored.startsWith('/') ? client.origin + stored : stored;
}
