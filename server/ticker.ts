// One timer for the ticks of every island. Each island is due `period` ms after its last tick or
// message; a binary heap keyed by that time finds the due ones, and a single setTimeout waits for
// the earliest. Why not a setInterval per island: an interval restarts from when its callback ran,
// so every late wake-up pushes all later ticks back (19.7 instead of 20 a second per room here), and
// 2,000 intervals are 2,000 timer objects to re-queue and callbacks to wrap 40,000 times a second.
// Here ticks keep their schedule (due += period), and islands due within the same millisecond share
// one wake-up.

import { performance } from 'node:perf_hooks';

/** Entries due this close (ms) to the wake-up are served by it, so near-equal times share one. */
const SLACK_MS = 1;

export interface TickEntry {
  due: number;
  period: number;
  /** Position in the heap; -1 when not scheduled. */
  index: number;
  readonly fire: () => void;
}

export class Ticker {
  private readonly heap: TickEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** An entry for `fire`, not yet scheduled. */
  entry(fire: () => void): TickEntry {
    return { due: 0, period: 0, index: -1, fire };
  }

  get size(): number {
    return this.heap.length;
  }

  /** (Re)schedules `e` to fire `period` ms from now and every `period` ms after. */
  start(e: TickEntry, period: number, now = performance.now()): void {
    e.period = period;
    e.due = now + period;
    if (e.index < 0) {
      e.index = this.heap.length;
      this.heap.push(e);
      this.up(e.index);
    } else {
      this.fix(e.index);
    }
    this.arm();
  }

  stop(e: TickEntry): void {
    const at = e.index;
    if (at < 0) return;
    e.index = -1;
    const last = this.heap.pop()!;
    if (at < this.heap.length) {
      this.heap[at] = last;
      last.index = at;
      this.fix(at);
    }
  }

  /** Stops everything (shutdown). */
  clear(): void {
    for (const e of this.heap) e.index = -1;
    this.heap.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private run(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    const until = now + SLACK_MS;
    let top: TickEntry | undefined;
    while ((top = this.heap[0]) !== undefined && top.due <= until) {
      // Keep the schedule; after a stall (a blocked event loop), skip the missed ticks instead of bursting.
      top.due += top.period;
      if (top.due <= now) top.due = now + top.period;
      this.down(0);
      top.fire(); // may stop or restart entries, its own included
    }
    this.arm();
  }

  private arm(): void {
    const next = this.heap[0];
    if (!next) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer && this.timerAt <= next.due) return;
    clearTimeout(this.timer);
    this.timerAt = next.due;
    this.timer = setTimeout(() => this.run(), Math.max(0, next.due - performance.now()));
  }

  private fix(at: number): void {
    if (!this.up(at)) this.down(at);
  }

  private up(at: number): boolean {
    const h = this.heap;
    const e = h[at]!;
    let moved = false;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (h[parent]!.due <= e.due) break;
      h[at] = h[parent]!;
      h[at]!.index = at;
      at = parent;
      moved = true;
    }
    h[at] = e;
    e.index = at;
    return moved;
  }

  private down(at: number): void {
    const h = this.heap;
    const n = h.length;
    const e = h[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && h[child + 1]!.due < h[child]!.due) child++;
      if (h[child]!.due >= e.due) break;
      h[at] = h[child]!;
      h[at]!.index = at;
      at = child;
    }
    h[at] = e;
    e.index = at;
  }
}
