// The shared tick schedule (ticker.ts), the tick periods a session may ask for, and the shared time
// lease (lease.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GRID_MS, Ticker, type Tickable } from '../ticker.js';
import { LeaseFile } from '../lease.js';
import { MAX_TICK_MS, MIN_TICK_MS } from '../island.js';
import { createServer, type RunningServer } from '../server.js';
import { killServer, RawClient, rawSessionId, startServerProcess, waitFor, type RawFrame } from './helpers.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-ticks-'));

/**
 * performance.now, setTimeout and clearTimeout on a clock the test moves, so the schedule is checked
 * exactly and never against a busy machine. Install, drive and uninstall within one synchronous
 * stretch: nothing else runs meanwhile, so no other timer is caught.
 */
class FakeClock {
  now = 1002; // off the 5 ms grid, as real start times are
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  private saved: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; now?: PropertyDescriptor } | undefined;

  install(): void {
    this.saved = { setTimeout, clearTimeout, now: Object.getOwnPropertyDescriptor(performance, 'now') };
    Object.defineProperty(performance, 'now', { value: () => this.now, configurable: true, writable: true });
    globalThis.setTimeout = ((fn: () => void, ms = 0) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.now + Math.max(0, ms), fn });
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = (id: unknown) => void this.timers.delete(id as number);
  }

  uninstall(): void {
    const saved = this.saved!;
    globalThis.setTimeout = saved.setTimeout;
    globalThis.clearTimeout = saved.clearTimeout;
    if (saved.now) Object.defineProperty(performance, 'now', saved.now);
    else delete (performance as { now?: unknown }).now;
  }

  /** Moves the clock on by `ms`, running each timer at its own time (earliest first, then in order of creation). */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.now = Math.max(this.now, next[1].at);
      next[1].fn();
    }
    this.now = end;
  }

  /** The event loop was blocked for `ms`: time passes, no timer runs until the next advance(). */
  stall(ms: number): void {
    this.now += ms;
  }

  /** Runs `body` with the fake clock installed. */
  static run(body: (clock: FakeClock) => void): void {
    const clock = new FakeClock();
    clock.install();
    try {
      body(clock);
    } finally {
      clock.uninstall();
    }
  }
}

function recorder(id: string, onTick: (times: number[]) => void = () => {}): Tickable & { times: number[] } {
  const times: number[] = [];
  return {
    id,
    times,
    tick() {
      times.push(performance.now());
      onTick(times);
    },
  };
}

/** Ticks `period` apart from `started`: each at or after its due time and within one grid slot of it. */
function assertOnSchedule(times: number[], started: number, period: number, what: string): void {
  times.forEach((t, i) => {
    const due = started + (i + 1) * period;
    assert.ok(t >= due && t < due + GRID_MS, `${what} tick ${i} at ${t}, due ${due}`);
  });
}

test('ticker: each entry keeps its own period, never early, and a stop inside a tick is the last tick', () => {
  const errors: unknown[] = [];
  FakeClock.run((clock) => {
    const ticker = new Ticker((_owner, err) => errors.push(err));
    const fast = recorder('fast');
    const slow = recorder('slow');
    const once = recorder('once', () => ticker.stop(onceEntry));
    const failing: Tickable = {
      id: 'failing',
      tick() {
        throw new Error('boom');
      },
    };
    const started = clock.now;
    const fastEntry = ticker.entry(fast);
    const slowEntry = ticker.entry(slow);
    const onceEntry = ticker.entry(once);
    const failingEntry = ticker.entry(failing);
    ticker.start(fastEntry, 10);
    ticker.start(slowEntry, 40);
    ticker.start(onceEntry, 10);
    ticker.start(failingEntry, 10);
    for (let i = 0; i < 400; i++) clock.advance(1);
    ticker.clear();
    assert.equal(ticker.size, 0);
    // 400 ms: every due tick but the last, whose grid slot lies beyond.
    assert.equal(fast.times.length, 39);
    assert.equal(slow.times.length, 9);
    assertOnSchedule(fast.times, started, 10, 'fast');
    assertOnSchedule(slow.times, started, 40, 'slow');
    assert.equal(once.times.length, 1, 'stopped in its first tick');
  });
  assert.equal(errors.length, 39, 'a throwing tick is reported every time, and the others go on');
  assert.ok(errors.every((e) => (e as Error).message === 'boom'));
});

test('ticker: a restart (a message) puts the next tick a full period later; after a stall, missed ticks are skipped', () => {
  FakeClock.run((clock) => {
    const ticker = new Ticker(() => {});
    const r = recorder('r');
    const e = ticker.entry(r);
    ticker.start(e, 30);
    while (r.times.length < 1) clock.advance(1);
    clock.advance(7);
    const restarted = clock.now;
    ticker.start(e, 30);
    while (r.times.length < 3) clock.advance(1);
    assertOnSchedule(r.times.slice(1), restarted, 30, 'after the restart');

    // A blocked event loop: ten periods pass with no timer run. One tick, no burst, then on schedule.
    clock.stall(300);
    clock.advance(0);
    assert.equal(r.times.length, 4, 'one tick for the whole stall');
    const resumed = clock.now;
    while (r.times.length < 6) clock.advance(1);
    assertOnSchedule(r.times.slice(4), resumed, 30, 'after the stall');
    ticker.clear();
  });
});

/**
 * Two sessions on a server of its own: one asks for `tick` in its JOIN, the other joins with the
 * usual 50 ms and then asks for `tick` with TICKS. Gives each one's frames from the moment its
 * period applied (a PONG marks it for the TICKS one: frames of a socket are handled in order).
 */
async function askForTick(
  tick: number,
  body: (sessions: Array<{ what: string; frames: () => RawFrame[]; since: number }>) => Promise<void>,
): Promise<void> {
  const server: RunningServer = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  const [joinId, ticksId] = [rawSessionId(), rawSessionId()];
  const viaJoin = await RawClient.session(server.url, joinId);
  const viaTicks = await RawClient.session(server.url, ticksId);
  try {
    viaJoin.join({ user: 'u', ticks: { tick, delay: 0 } });
    const sync = await viaJoin.waitFrame('SYNC');
    viaTicks.join({ user: 'u' });
    await viaTicks.waitFrame('TICK');
    viaTicks.send({ id: ticksId, action: 'TICKS', args: { tick } });
    viaTicks.send({ action: 'PING', args: 'applied' });
    const pong = await viaTicks.waitFrame('PONG');
    const ticksBefore = viaTicks.frames.slice(0, viaTicks.frames.indexOf(pong)).filter((f) => f.action === 'TICK');
    await body([
      { what: 'JOIN', frames: () => viaJoin.frames, since: sync.args.time },
      { what: 'TICKS', frames: () => viaTicks.frames.slice(viaTicks.frames.indexOf(pong) + 1), since: ticksBefore.at(-1)!.args },
    ]);
  } finally {
    viaJoin.close();
    viaTicks.close();
    await server.close();
  }
}

const tickTimes = (frames: RawFrame[]): number[] => frames.filter((f) => f.action === 'TICK').map((f) => f.args as number);

test(`a tick period under ${MIN_TICK_MS} ms, asked in JOIN or TICKS, is raised to it: ticks keep coming, never closer on the session clock`, () =>
  askForTick(0.001, async (sessions) => {
    for (const { what, frames } of sessions) {
      await waitFor(() => tickTimes(frames()).length >= 40, `40 ticks (${what})`);
      const times = tickTimes(frames());
      // n ticks of one schedule span at least (n - 2) periods, less a millisecond of timer slack and
      // one of rounding to the session's whole milliseconds.
      const span = times.at(-1)! - times[0];
      assert.ok(times.length <= (span + 2) / MIN_TICK_MS + 2, `${what}: ${times.length} ticks in ${span} ms of session time`);
    }
  }));

test(`a tick period over ${MAX_TICK_MS / 1000} s, asked in JOIN or TICKS, is cut to it: the next tick comes that much session time later`, () =>
  askForTick(1e12, async (sessions) => {
    await Promise.all(
      sessions.map(async ({ what, frames, since }) => {
        await waitFor(() => tickTimes(frames()).length >= 1, `a tick (${what})`, MAX_TICK_MS + 30_000);
        const first = tickTimes(frames())[0];
        assert.ok(first >= since + MAX_TICK_MS - 2, `${what}: first tick at ${first}, period applied at ${since}`);
      }),
    );
  }));

test('lease file: a newer synchronous write is never replaced by an older async one', async () => {
  const dir = tmp();
  const file = new LeaseFile(path.join(dir, 'leases.json'));
  const older = file.write(new Map([['a', 1000]]));
  file.writeSync(new Map([['a', 3000]]));
  assert.equal(await older, false, 'the older write was dropped');
  const reread = new LeaseFile(path.join(dir, 'leases.json'));
  assert.equal(reread.get('a')?.timeCeiling, 3000);
  assert.deepEqual(fs.readdirSync(dir), ['leases.json'], 'no temp file left behind');
});

test('lease file: ceilings of sessions not resumed yet are carried over until they resume', async () => {
  const dir = tmp();
  const first = new LeaseFile(path.join(dir, 'leases.json'));
  first.writeSync(new Map([['a', 5000], ['b', 7000]]));
  const second = new LeaseFile(path.join(dir, 'leases.json')); // the next process
  second.forget('a'); // resumed: its live entry takes over
  await second.write(new Map([['a', 100]]));
  const third = new LeaseFile(path.join(dir, 'leases.json'));
  assert.equal(third.get('a')?.timeCeiling, 100);
  assert.equal(third.get('b')?.timeCeiling, 7000, 'b was never resumed: its ceiling is kept');
});

test('kill -9 with many rooms: every room resumes at or after the last time it handed out', async () => {
  const dataDir = tmp();
  let server = await startServerProcess(dataDir, 0);
  const rooms = Array.from({ length: 8 }, () => rawSessionId());
  const clients = await Promise.all(rooms.map((id) => RawClient.session(server.url, id)));
  try {
    for (const c of clients) c.join({ user: 'u' });
    // Long enough for the shared lease to be renewed a few times (every second).
    await waitFor(() => clients.every((c) => c.of('TICK').length >= 60), 'three seconds of ticks', 20_000);
    await killServer(server);
    const seen = clients.map((c) => Math.max(...c.of('TICK').map((f) => f.args as number)));
    assert.ok(!fs.readdirSync(path.join(dataDir, 'sessions', rooms[0])).includes('lease.json'), 'no lease file per room');
    server = await startServerProcess(dataDir, 0);
    for (const [i, id] of rooms.entries()) {
      const again = await RawClient.session(server.url, id);
      again.join({ user: 'v' });
      const sync = await again.waitFrame('SYNC');
      assert.ok((sync.args.time as number) >= seen[i], `room ${i} resumed at ${sync.args.time}, had handed out ${seen[i]}`);
      again.close();
    }
  } finally {
    for (const c of clients) c.close();
    await killServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
