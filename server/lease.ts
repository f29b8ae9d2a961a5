// The time lease of every island at once. No session time above a ceiling already on disk is handed
// out, so a restarted session resumes ahead of anything a client has seen. Every island's time runs
// on the same process clock, so one write a second (<data>/leases.json, every live island's ceiling)
// renews them all: with one lease file per island, 2,000 idle rooms cost 2,000 file writes and
// renames a second, which on a busy disk left the ticks seconds behind.

import * as fs from 'node:fs';

/** A ceiling is this far (ms) ahead of the time it was asked at; it is renewed half a lease ahead. */
export const TIME_LEASE_MS = 2000;

/** An island as the lease sees it: its session time is `processClock - origin`. */
export interface LeaseHolder {
  readonly id: string;
  readonly origin: number;
}

/** leases.json: `{"leases": {sessionId: [timeCeiling, wallClockMsOfLastActivity]}}`. */
export class LeaseFile {
  /** Ceilings from the previous process, kept (and rewritten) until their session resumes or is removed. */
  private readonly inherited = new Map<string, [number, number]>();
  private generation = 0;
  private renamed = 0;
  private inFlight: Promise<unknown> = Promise.resolve();

  /** `now`: wall-clock ms stamped on live entries (retention reads it). */
  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {
    try {
      const { leases } = JSON.parse(fs.readFileSync(file, 'utf8')) as { leases: Record<string, [number, number]> };
      for (const [id, entry] of Object.entries(leases)) {
        if (Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[1] === 'number') this.inherited.set(id, [entry[0], entry[1]]);
      }
    } catch {
      // none yet, or unreadable: every session still has meta.timeCeiling
    }
  }

  /** The ceiling the previous process left for `id`, if any. */
  get(id: string): { timeCeiling: number; at: number } | null {
    const entry = this.inherited.get(id);
    return entry ? { timeCeiling: entry[0], at: entry[1] } : null;
  }

  /** The session resumed (its live entry takes over) or was removed. */
  forget(id: string): void {
    this.inherited.delete(id);
  }

  private body(ceilings: Map<string, number>): { gen: number; text: string } {
    const now = this.now();
    const leases: Record<string, [number, number]> = Object.fromEntries(this.inherited);
    for (const [id, ceiling] of ceilings) leases[id] = [Math.max(ceiling, leases[id]?.[0] ?? 0), now];
    return { gen: ++this.generation, text: JSON.stringify({ leases }) };
  }

  /** Writes without blocking; the rename runs on the main thread, so a newer (sync) write is never replaced by an older one. */
  write(ceilings: Map<string, number>): Promise<boolean> {
    const { gen, text } = this.body(ceilings);
    const tmp = `${this.file}.${process.pid}.${gen}.tmp`;
    const done = fs.promises.writeFile(tmp, text).then(() => this.rename(tmp, gen));
    this.inFlight = done.catch(() => {});
    return done;
  }

  /** Resolves once the write in flight (if any) has landed. */
  async flush(): Promise<void> {
    await this.inFlight;
  }

  writeSync(ceilings: Map<string, number>): void {
    const { gen, text } = this.body(ceilings);
    const tmp = `${this.file}.${process.pid}.${gen}.tmp`;
    fs.writeFileSync(tmp, text);
    this.rename(tmp, gen);
  }

  private rename(tmp: string, gen: number): boolean {
    if (gen < this.renamed) {
      fs.rmSync(tmp, { force: true });
      return false;
    }
    fs.renameSync(tmp, this.file);
    this.renamed = gen;
    return true;
  }
}

/** Renews the ceilings of all live islands together, ahead of need, with one write in flight at most. */
export class TimeLease {
  /** Process clock (performance.now) the newest write asked to cover, and the one on disk. */
  private asked = -Infinity;
  private durable = -Infinity;
  /** Writes started; an island created after write N is covered by the file from write N+1 on. */
  private started = 0;
  private completed = 0;
  private writing = false;

  constructor(
    private readonly file: LeaseFile,
    private readonly holders: () => Iterable<LeaseHolder>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The write count an island created now waits for: it is covered once `completed` passes it. */
  get generation(): number {
    return this.started;
  }

  /** The ceiling on disk for a holder created at `generation` (-Infinity while none covers it). */
  ceiling(holder: LeaseHolder, generation: number): number {
    return this.completed > generation ? Math.floor(this.durable - holder.origin) : -Infinity;
  }

  /** Called whenever time is handed out: renews when the clock comes within half a lease of the ask. */
  cover(clock: number): void {
    if (clock + TIME_LEASE_MS / 2 > this.asked && !this.writing) void this.renew(clock);
  }

  /** The async writes fell behind: one synchronous write covers every island. */
  renewSync(clock: number): void {
    const until = clock + TIME_LEASE_MS;
    const gen = ++this.started;
    this.file.writeSync(this.ceilings(until));
    this.asked = Math.max(this.asked, until);
    this.settle(gen, until);
  }

  private async renew(clock: number): Promise<void> {
    const until = clock + TIME_LEASE_MS;
    this.asked = until;
    this.writing = true;
    const gen = ++this.started;
    try {
      if (await this.file.write(this.ceilings(until))) this.settle(gen, until);
    } catch (err) {
      this.onError(err);
    } finally {
      this.writing = false;
    }
  }

  private settle(gen: number, until: number): void {
    this.completed = Math.max(this.completed, gen);
    this.durable = Math.max(this.durable, until);
  }

  private ceilings(until: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const h of this.holders()) out.set(h.id, Math.floor(until - h.origin));
    return out;
  }
}
