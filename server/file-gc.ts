// Retention and garbage collection of stored sessions and files.
//
// - A session keeps its current snapshot (the one SYNC hands out) and its newest few; an older one
//   is deleted once it has been superseded for the grace period (a joiner may still be loading it).
// - A room (appId + persistentId) keeps the blob of its last SAVE (what SYNC hands a new session)
//   and its newest upload; others go after the grace period. Data API blobs stay with their room.
// - Sessions nobody joined within the retention time are deleted with their snapshots; rooms with
//   no session, upload or SAVE within it, with everything they stored.
// Nothing in memory (a live island) is ever touched. Time comes from the injected clock.

import type { FileStore, StoredFile } from './file-store.js';
import type { SessionMeta, Store } from './store.js';
import type { Logger } from './log.js';
import { FILES_PREFIX } from './files.js';

export interface Retention {
  /** Sessions and rooms unused this long are deleted (ms). */
  retentionMs: number;
  /** A superseded file stays this long before it is deleted (ms). */
  graceMs: number;
  /** Newest snapshots kept per session, whatever their age. */
  keepSnapshots: number;
}

export const DEFAULT_GRACE_MS = 10 * 60 * 1000;
/** Temp files of uploads are deleted this long after their last write (an upload in progress keeps writing). */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;
export const DEFAULT_KEEP_SNAPSHOTS = 3;

/** What the collector needs from the reflector: the sessions in memory and what their SYNC hands out. */
export interface LiveSessions {
  readonly islands: ReadonlyMap<string, { readonly meta: SessionMeta; readonly persistedUrl: string | undefined }>;
}

export interface SweepReport {
  sessions: number;
  rooms: number;
  files: number;
}

/**
 * The files of one bucket (oldest first) that may go: not `current` (what a SYNC hands out), not one
 * of the `keep` newest, and superseded for `graceMs`: a file older than the newest current one was
 * superseded when that arrived; one newer, when it was uploaded and then never announced.
 */
export function deletable(files: readonly StoredFile[], current: ReadonlySet<string>, keep: number, graceMs: number, now: number): StoredFile[] {
  const newest = new Set(files.slice(files.length - Math.min(keep, files.length)).map((f) => f.name));
  const since = Math.max(0, ...files.filter((f) => current.has(f.name)).map((f) => f.mtimeMs));
  return files.filter((f) => !current.has(f.name) && !newest.has(f.name) && Math.max(f.mtimeMs, since) + graceMs <= now);
}

export class Collector {
  constructor(
    private readonly files: FileStore,
    private readonly store: Store,
    private readonly live: LiveSessions,
    private readonly retention: Retention,
    private readonly log: Logger,
    private readonly onCollected: (files: number) => void = () => {},
  ) {}

  private get now(): number {
    return this.store.now();
  }

  /** Old snapshots of one session (also called after each SNAP). Returns how many were deleted. */
  collectSession(sessionId: string, current: string | undefined): number {
    const dir = `snapshots/${sessionId}`;
    return this.drop(dir, deletable(this.files.list(dir), namesIn(dir, [current]), this.retention.keepSnapshots, this.retention.graceMs, this.now));
  }

  /**
   * Old persisted blobs of one room (also called after each SAVE). `current` is the last SAVE; a
   * session that has not snapshotted yet (in memory or stored) still hands out the blob it started from.
   */
  collectRoom(appId: string, persistentId: string, current: string | undefined): number {
    const dir = `apps/${appId}/${persistentId}/save`;
    const inUse = [current, ...this.store.startsOf(appId, persistentId)];
    for (const island of this.live.islands.values()) {
      if (island.meta.appId === appId && island.meta.persistentId === persistentId) inUse.push(island.persistedUrl);
    }
    return this.drop(dir, deletable(this.files.list(dir), namesIn(dir, inUse), 1, this.retention.graceMs, this.now));
  }

  /** The whole store: expired sessions and rooms, then old files everywhere. */
  sweep(): SweepReport {
    const report: SweepReport = { sessions: 0, rooms: 0, files: 0 };
    const now = this.now;
    const stored = this.store.sessions();
    const roomUse = new Map<string, number>(); // "appId/persistentId" → last use
    const use = (meta: SessionMeta | null, at: number): void => {
      if (meta?.appId && meta.persistentId) roomUse.set(`${meta.appId}/${meta.persistentId}`, Math.max(roomUse.get(`${meta.appId}/${meta.persistentId}`) ?? 0, at));
    };
    for (const [id, island] of this.live.islands) {
      use(island.meta, now);
      report.files += this.collectSession(id, island.meta.snapshot?.url);
    }
    for (const [id, meta] of stored) {
      if (this.live.islands.has(id)) continue;
      if (meta && now - meta.lastActive <= this.retention.retentionMs) {
        use(meta, meta.lastActive);
        report.files += this.collectSession(id, meta.snapshot?.url);
        continue;
      }
      this.store.remove(id);
      this.files.removeTree(`snapshots/${id}`);
      report.sessions++;
      this.log('store', 'expire', { session: id });
    }
    // Snapshot folders whose session is gone (left by a crash mid-removal).
    for (const dir of this.files.folders('snapshots')) {
      if (!stored.has(dir) && !this.live.islands.has(dir)) this.files.removeTree(`snapshots/${dir}`);
    }
    const records = new Map(this.store.persist.all().map((r) => [`${r.appId}/${r.persistentId}`, r]));
    const rooms = new Set([...records.keys(), ...this.files.folders('apps').flatMap((app) => this.files.folders(`apps/${app}`).map((p) => `${app}/${p}`))]);
    for (const room of rooms) {
      const [appId, persistentId] = room.split('/') as [string, string];
      const record = records.get(room);
      const newestFile = Math.max(0, ...['save', 'data'].flatMap((k) => this.files.list(`apps/${room}/${k}`).map((f) => f.mtimeMs)));
      const lastUse = Math.max(roomUse.get(room) ?? 0, record?.at ?? 0, newestFile);
      if (now - lastUse > this.retention.retentionMs) {
        this.files.removeTree(`apps/${room}`);
        this.store.persist.remove(appId, persistentId);
        report.rooms++;
        this.log('store', 'expire-room', { appId, persistentId });
      } else report.files += this.collectRoom(appId, persistentId, record?.url);
    }
    this.files.removeStaleParts('', STALE_UPLOAD_MS);
    return report;
  }

  private drop(dir: string, files: StoredFile[]): number {
    for (const f of files) this.files.remove(`${dir}/${f.name}`, f.bytes);
    if (files.length) {
      this.log('store', 'collect', { dir, files: files.length });
      this.onCollected(files.length);
    }
    return files.length;
  }
}

/** The names of the files of `dir` on this server that these stored urls point at. */
function namesIn(dir: string, urls: ReadonlyArray<string | undefined>): Set<string> {
  const names = new Set<string>();
  const prefix = `${FILES_PREFIX}${dir}/`;
  for (const url of urls) {
    try {
      const pathname = url ? new URL(url, 'http://local').pathname : '';
      if (pathname.startsWith(prefix)) names.add(decodeURIComponent(pathname.slice(prefix.length)));
    } catch {
      // not a url: nothing of ours
    }
  }
  return names;
}
