// The bytes behind /files: write-once, content-checked, within quotas. Layout: file-names.ts.
//
// An upload streams into a temp file while it is hashed and counted against its bucket's quota and
// the store's; only a complete, valid upload is linked into place (link fails if the name exists,
// so two racing uploads cannot replace each other). Over a quota, too large, or not a Croquet blob:
// the temp file is removed and nothing is left behind. File times come from the injected clock, so
// garbage collection (file-gc.ts) can be tested with a fake one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { bucketOf, CRQ1_MAGIC, isCrq1Length, type FileName } from './file-names.js';

export interface Quotas {
  /** Largest single upload (the reference nginx box allows 100 MB). */
  maxUploadBytes: number;
  /** Bytes one bucket (a session's snapshots, a room's persisted data) may hold. */
  bucketBytes: number;
  /** Bytes the whole store may hold. */
  totalBytes: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  maxUploadBytes: 100 * 1024 * 1024,
  bucketBytes: 256 * 1024 * 1024,
  totalBytes: 10 * 1024 * 1024 * 1024,
};

export type PutResult =
  | { status: 201; bytes: number } // stored
  | { status: 200 } // these exact bytes were already stored: nothing rewritten
  | { status: 400 | 409 | 413 | 500 | 507; reason: string };

export interface StoredFile {
  name: string;
  bytes: number;
  mtimeMs: number;
}

export class FileStore {
  private readonly usage = new Map<string, number>();
  /** Bytes stored plus bytes of uploads in flight. */
  private total = 0;
  private inFlight = new Map<string, number>();

  constructor(
    readonly root: string,
    readonly quotas: Quotas,
    private readonly clock: () => number,
  ) {
    fs.mkdirSync(root, { recursive: true });
    this.scan('');
  }

  get storedBytes(): number {
    let sum = 0;
    for (const n of this.usage.values()) sum += n;
    return sum;
  }

  /** Absolute path of a file in the store. */
  pathOf(relative: string): string {
    return path.join(this.root, ...relative.split('/'));
  }

  /** Streams `body` into `file` (see the header). Resolves once the body is consumed or refused. */
  async put(file: FileName & { relative: string }, body: Readable, declaredBytes: number | undefined): Promise<PutResult> {
    const { maxUploadBytes } = this.quotas;
    if (declaredBytes !== undefined && declaredBytes > maxUploadBytes) return { status: 413, reason: 'payload too large' };
    const quota = this.reserve(file.bucket, declaredBytes ?? 0);
    if (quota) return quota;
    let reserved = declaredBytes ?? 0;
    const target = this.pathOf(file.relative);
    const tmp = `${target}.${randomBytes(6).toString('hex')}.part`;
    const hash = createHash('sha256');
    let received = 0;
    let head = Buffer.alloc(0);
    let refusal: PutResult | undefined;
    /** The first folder this upload created, if any: a refused upload leaves no empty folders behind. */
    let createdDir: string | undefined;
    let stored = false;
    try {
      createdDir = await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const out = fs.createWriteStream(tmp, { flags: 'wx' });
      // Written by hand rather than piped, so a refused chunk is never written after end().
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.once('finish', resolve);
        body.once('aborted', () => reject(new Error('upload aborted')));
        body.once('error', reject);
        body.once('end', () => out.writableEnded || out.end());
        body.on('data', (chunk: Buffer) => {
          if (refusal) return; // drain the rest, so the client reads our answer
          received += chunk.length;
          if (head.length < CRQ1_MAGIC.length) head = Buffer.concat([head, chunk.subarray(0, CRQ1_MAGIC.length)]);
          if (received > maxUploadBytes) refusal = { status: 413, reason: 'payload too large' };
          else if (head.length >= CRQ1_MAGIC.length && !head.subarray(0, CRQ1_MAGIC.length).equals(CRQ1_MAGIC)) refusal = notCroquet;
          else if (received > reserved) {
            refusal = this.reserve(file.bucket, received - reserved);
            if (!refusal) reserved = received;
          }
          if (refusal) return out.end(); // answer now; the rest of the body is read and dropped
          hash.update(chunk);
          if (!out.write(chunk)) {
            body.pause();
            out.once('drain', () => body.resume());
          }
        });
      });
      if (refusal) return refusal;
      if (!isCrq1Length(received)) return notCroquet;
      const digest = hash.digest();
      if (file.kind === 'data' && digest.toString('base64url') !== file.hash) return { status: 400, reason: 'name is not the hash of the bytes' };
      try {
        await fs.promises.link(tmp, target);
        stored = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        return (await sameBytes(target, received, digest)) ? { status: 200 } : { status: 409, reason: 'a different file has this name' };
      }
      const at = this.clock() / 1000;
      await fs.promises.utimes(target, at, at);
      this.release(file.bucket, reserved);
      reserved = 0;
      this.added(file.bucket, received);
      return { status: 201, bytes: received };
    } catch (err) {
      if ((err as Error).message === 'upload aborted') return { status: 400, reason: 'upload aborted' };
      return { status: 500, reason: 'write failed' };
    } finally {
      this.release(file.bucket, reserved);
      await fs.promises.rm(tmp, { force: true });
      if (!stored && createdDir) await removeEmptyFolders(path.dirname(target), createdDir);
    }
  }

  /** Files directly inside a store folder ("snapshots/<id>"), oldest first; temp files left out. */
  list(dir: string): StoredFile[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.pathOf(dir));
    } catch {
      return [];
    }
    const files: StoredFile[] = [];
    for (const name of names) {
      if (name.endsWith('.part')) continue;
      try {
        const st = fs.statSync(this.pathOf(`${dir}/${name}`));
        if (st.isFile()) files.push({ name, bytes: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // deleted meanwhile
      }
    }
    return files.sort((x, y) => x.mtimeMs - y.mtimeMs || (x.name < y.name ? -1 : 1));
  }

  /** Names of the folders directly inside a store folder. */
  folders(dir: string): string[] {
    try {
      return fs.readdirSync(this.pathOf(dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  }

  /** Deletes one stored file and gives its bytes back to the quotas. */
  remove(relative: string, bytes: number): void {
    fs.rmSync(this.pathOf(relative), { force: true });
    this.added(bucketOf(relative), -bytes);
  }

  /** Deletes a whole folder ("snapshots/<id>", "apps/<app>/<room>") and its bytes. */
  removeTree(dir: string): void {
    fs.rmSync(this.pathOf(dir), { recursive: true, force: true });
    for (const bucket of [...this.usage.keys()]) {
      if (bucket === dir || bucket.startsWith(`${dir}/`)) this.added(bucket, -this.usage.get(bucket)!);
    }
  }

  /** Temp files of uploads that a crash interrupted, older than `ms`. */
  removeStaleParts(dir: string, olderThanMs: number): void {
    const full = this.pathOf(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(full, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) this.removeStaleParts(rel, olderThanMs);
      else if (e.name.endsWith('.part') && this.clock() - fs.statSync(this.pathOf(rel)).mtimeMs > olderThanMs) fs.rmSync(this.pathOf(rel), { force: true });
    }
  }

  /** Counts every stored file once at startup. */
  private scan(dir: string): void {
    for (const e of fs.readdirSync(this.pathOf(dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) this.scan(rel);
      else if (e.isFile() && !e.name.endsWith('.part')) this.added(bucketOf(rel), fs.statSync(this.pathOf(rel)).size);
    }
  }

  private added(bucket: string, bytes: number): void {
    const next = (this.usage.get(bucket) ?? 0) + bytes;
    if (next > 0) this.usage.set(bucket, next);
    else this.usage.delete(bucket);
    this.total += bytes;
  }

  /** Reserves room for `bytes` more of an upload, or says which quota it would break. */
  private reserve(bucket: string, bytes: number): PutResult | undefined {
    const pending = this.inFlight.get(bucket) ?? 0;
    if ((this.usage.get(bucket) ?? 0) + pending + bytes > this.quotas.bucketBytes) return { status: 507, reason: 'session quota exceeded' };
    if (this.total + bytes > this.quotas.totalBytes) return { status: 507, reason: 'store quota exceeded' };
    this.inFlight.set(bucket, pending + bytes);
    this.total += bytes;
    return undefined;
  }

  private release(bucket: string, bytes: number): void {
    if (!bytes) return;
    const left = (this.inFlight.get(bucket) ?? 0) - bytes;
    if (left > 0) this.inFlight.set(bucket, left);
    else this.inFlight.delete(bucket);
    this.total -= bytes;
  }
}

const notCroquet: PutResult = { status: 400, reason: 'not a Croquet encrypted file' };

async function sameBytes(file: string, bytes: number, digest: Buffer): Promise<boolean> {
  const st = await fs.promises.stat(file);
  if (st.size !== bytes) return false;
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest().equals(digest);
}

/** Removes `dir` and its parents up to and including `top` while they are empty (another upload may be filling one). */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let current = dir; current.length >= top.length; current = path.dirname(current)) {
    try {
      await fs.promises.rmdir(current);
    } catch {
      return; // not empty, or gone already
    }
    if (current === top) return;
  }
}
