// Which persisted data each room (appId + persistentId) saved last: one record per room under
// <data>/persist/<hash>.json, holding the url of its latest SAVE and when it came. A new session of
// the room starts from that url (SYNC `persisted: true`); the file GC keeps that blob.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { writeAtomic } from './atomic-write.js';

export interface PersistRecord {
  appId: string;
  persistentId: string;
  url: string;
  /** Wall-clock ms of the SAVE. */
  at: number;
}

export class PersistRecords {
  /** `now`: wall-clock ms stamped on each record (retention reads it). */
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Last SAVE url for (appId, persistentId), if any. */
  read(appId: string, persistentId: string): string | undefined {
    return this.readRecord(this.recordPath(appId, persistentId))?.url;
  }

  write(appId: string, persistentId: string, url: string): void {
    writeAtomic(this.recordPath(appId, persistentId), JSON.stringify({ appId, persistentId, url, at: this.now() }), true);
  }

  /** Every SAVE record: the room it belongs to, its url and when it was written. */
  all(): PersistRecord[] {
    const out: PersistRecord[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const record = name.endsWith('.json') ? this.readRecord(path.join(this.dir, name)) : undefined;
      if (record) out.push(record);
    }
    return out;
  }

  remove(appId: string, persistentId: string): void {
    fs.rmSync(this.recordPath(appId, persistentId), { force: true });
  }

  private readRecord(file: string): PersistRecord | undefined {
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as PersistRecord;
      return typeof r.url === 'string' ? { ...r, at: typeof r.at === 'number' ? r.at : fs.statSync(file).mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  /** appId and persistentId are client-chosen strings: hashed, they make a safe file name. */
  private recordPath(appId: string, persistentId: string): string {
    const key = createHash('sha256').update(`${appId}\n${persistentId}`).digest('base64url');
    return path.join(this.dir, `${key}.json`);
  }
}
