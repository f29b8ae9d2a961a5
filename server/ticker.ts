// One timer for the ticks of every island: a timing wheel with GRID_MS slots. An island is due
// `period` ms after its last tick or message, and is served at the first grid point at or after
// that, so a tick is at most GRID_MS late while the schedule itself never drifts (due += period).
// Why not a setInterval per island: an interval restarts from when its callback ran, so every late
// wake-up pushes the later ticks back (19.7 instead of 20 a second per room here), and 2,000
// intervals meant 2,000 timer objects re-queued, and as many separate wake-ups, 40,000 times a
// second. Here the islands due in one slot share one wake-up, and serving one costs no comparison.

import { performance } from 'node:perf_hooks';

/** Slot width (ms): the most a tick is served late, and how far apart wake-ups are at least. */
export const GRID_MS = 5;
/** A wake-up up to this much (ms) before a grid point serves it (timers fire to the millisecond). */
const SLACK_MS = 1;

export interface Tickable {
  readonly id: string;
  tick(): void;
}

export interface TickEntry {
  readonly owner: Tickable;
  due: number;
  period: number;
  /** Slot number (due / GRID_MS, rounded up) and position in it; slot -1 when not scheduled. */
  slot: number;
  pos: number;
}

export class Ticker {
  private readonly slots = new Map<number, TickEntry[]>();
  private count = 0;
  /** No slot below this holds entries (Infinity while none does). */
  private cursor = Infinity;
  private timer: NodeJS.Timeout | undefined;
  private timerSlot = Infinity;

  constructor(private readonly onError: (owner: Tickable, err: unknown) => void) {}

  entry(owner: Tickable): TickEntry {
    return { owner, due: 0, period: 0, slot: -1, pos: 0 };
  }

  get size(): number {
    return this.count;
  }

  isScheduled(e: TickEntry): boolean {
    return e.slot >= 0;
  }

  /** (Re)schedules `e` to tick `period` ms from now, and every `period` ms after. */
  start(e: TickEntry, period: number): void {
    this.remove(e);
    e.period = period;
    e.due = performance.now() + period;
    this.add(e);
    if (e.slot < this.timerSlot) this.arm();
  }

  stop(e: TickEntry): void {
    this.remove(e);
    if (this.count === 0) this.disarm();
  }

  /** Stops everything (shutdown). */
  clear(): void {
    for (const list of this.slots.values()) for (const e of list) e.slot = -1;
    this.slots.clear();
    this.count = 0;
    this.disarm();
  }

  private add(e: TickEntry): void {
    const slot = Math.ceil(e.due / GRID_MS);
    let list = this.slots.get(slot);
    if (!list) this.slots.set(slot, (list = []));
    e.slot = slot;
    e.pos = list.length;
    list.push(e);
    this.count++;
    if (slot < this.cursor) this.cursor = slot;
  }

  private remove(e: TickEntry): void {
    if (e.slot < 0) return;
    const list = this.slots.get(e.slot)!;
    const last = list.pop()!;
    if (last !== e) {
      list[e.pos] = last;
      last.pos = e.pos;
    } else if (list.length === 0) this.slots.delete(e.slot);
    e.slot = -1;
    this.count--;
  }

  private run(): void {
    this.timer = undefined;
    this.timerSlot = Infinity;
    const now = performance.now();
    const last = Math.floor((now + SLACK_MS) / GRID_MS);
    for (let slot = this.cursor; slot <= last && this.count > 0; slot++) {
      const list = this.slots.get(slot);
      this.cursor = slot + 1;
      if (!list) continue;
      this.slots.delete(slot);
      for (const e of list) e.slot = -1;
      this.count -= list.length;
      for (const e of list) {
        if (e.slot >= 0) continue; // already rescheduled by its owner
        // Keep the schedule; after a stall (a blocked event loop) skip the missed ticks, no burst.
        e.due += e.period;
        if (e.due <= now) e.due = now + e.period;
        this.add(e); // before tick(), which may stop or restart it
        try {
          e.owner.tick();
        } catch (err) {
          this.onError(e.owner, err);
        }
      }
    }
    this.arm();
  }

  /** Sets the timer for the first non-empty slot. */
  private arm(): void {
    if (this.count === 0) return this.disarm();
    while (!this.slots.has(this.cursor)) this.cursor++;
    if (this.timer && this.timerSlot <= this.cursor) return;
    clearTimeout(this.timer);
    this.timerSlot = this.cursor;
    this.timer = setTimeout(() => this.run(), Math.max(0, this.cursor * GRID_MS - performance.now()));
  }

  private disarm(): void {
    if (this.count === 0) this.cursor = Infinity;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerSlot = Infinity;
  }
}
