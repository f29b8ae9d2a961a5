// The shared tick schedule (ticker.ts) and the shared time lease (lease.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GRID_MS, Ticker, type Tickable } from '../ticker.js';
import { LeaseFile } from '../lease.js';
import { RawClient, rawSessionId, startServerProcess, waitFor } from './helpers.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-ticks-'));

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

test('ticker: each entry keeps its own period, never early, and a stop inside a tick is the last tick', async () => {
  const errors: unknown[] = [];
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
  const started = performance.now();
  const fastEntry = ticker.entry(fast);
  const slowEntry = ticker.entry(slow);
  const onceEntry = ticker.entry(once);
  const failingEntry = ticker.entry(failing);
  ticker.start(fastEntry, 10);
  ticker.start(slowEntry, 40);
  ticker.start(onceEntry, 10);
  ticker.start(failingEntry, 10);
  await waitFor(() => slow.times.length >= 3 && fast.times.length >= 12, 'ticks');
  ticker.clear();
  assert.equal(ticker.size, 0);
  // The n-th tick of a schedule started at t0 comes no earlier than t0 + n × period (schedule kept).
  fast.times.forEach((t, i) => assert.ok(t - started >= (i + 1) * 10 - 1, `fast tick ${i} at ${t - started} ms`));
  slow.times.forEach((t, i) => assert.ok(t - started >= (i + 1) * 40 - 1, `slow tick ${i} at ${t - started} ms`));
  assert.equal(once.times.length, 1, 'stopped in its first tick');
  assert.ok(errors.length >= 1 && errors.every((e) => (e as Error).message === 'boom'), 'a throwing tick is reported and the others go on');
});

test('ticker: a restart (a message) puts the next tick a full period later', async () => {
  const ticker = new Ticker(() => {});
  const r = recorder('r');
  const e = ticker.entry(r);
  ticker.start(e, 30);
  await waitFor(() => r.times.length >= 1, 'first tick');
  const restartedAt = performance.now();
  ticker.start(e, 30);
  await waitFor(() => r.times.length >= 2, 'second tick');
  ticker.clear();
  assert.ok(r.times[1] - restartedAt >= 30 - 1, `next tick ${r.times[1] - restartedAt} ms after the restart`);
  assert.ok(GRID_MS <= 5, 'ticks are at most a few ms late by design');
});

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
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
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
    server.child.kill('SIGKILL');
  }
});
