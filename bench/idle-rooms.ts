// Idle rooms: many rooms of one client each, nobody posting, so all a server does is keep time (at the
// widget's 1 and the official client's default 20 ticks a second per room). Our server and, when its address is given, Croquet's own reflector as a
// peer, in alternating rounds of the same run: join-all time, CPU, RSS per room and the tick rate
// each room receives. The servers' CPU and RSS come from /proc, the clients run in a child process
// of their own (idle-load.ts).
// Run: node dist/bench/idle-rooms.js   (prints JSON)   or import { runIdleRoomsBench }.
// Peer: BENCH_CROQUET_REFLECTOR=ws://127.0.0.1:9090/ (a local process: its CPU is read from /proc);
// BENCH_CROQUET_INSPECT=127.0.0.1:9229 when it runs with --inspect there, for its heap after GC.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from '../server/test/helpers.js';
import { pidListeningOn, processCpuMs, processRssBytes } from './proc.js';
import { freePort, heapAfterGc, type HeapFigures } from './inspect-heap.js';
import { medianOfRuns, percentile, sleep } from './stats.js';
import { runWhenMain } from './main.js';

const ROOMS = Number(process.env.BENCH_IDLE_ROOMS ?? 2000);
const ROUNDS = Number(process.env.BENCH_IDLE_ROUNDS ?? 3);
/** Ticks are counted over this window (ms), which starts SETTLE_MS after the last join. */
const WINDOW_MS = Number(process.env.BENCH_IDLE_WINDOW_MS ?? 10_000);
const SETTLE_MS = 3000;
/** Joins in flight at once. */
const CONCURRENCY = 50;
/**
 * The tick rates measured: the widget's (TICKS_PER_SECOND in src/session/join-parameters.ts) and the
 * official client's default. BENCH_IDLE_TPS=20 (or 1) runs one of them.
 */
const TICK_RATES = (process.env.BENCH_IDLE_TPS ?? '1,20').split(',').map(Number);
/** After a round, Croquet's reflector keeps the rooms 1.25 s (leaveDelay) + 10 s (deletion debounce). */
const PEER_DRAIN_MS = 12_000;
const PEER = process.env.BENCH_CROQUET_REFLECTOR;
const PEER_INSPECT = process.env.BENCH_CROQUET_INSPECT;
/** Extra node flags for our server, e.g. "--cpu-prof" (for profiling). */
const NODE_ARGS = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];

const LOAD_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'idle-load.js');

interface Target {
  /** Socket URL a session id is appended to. */
  base: string;
  pid: number;
  /** Inspector address ("host:port"), for the heap after GC; without it those figures are left out. */
  inspect?: string;
  stop(): Promise<void>;
}

interface IdleRun {
  rooms: number;
  failedJoins: number;
  joinAllMs: number;
  syncAllMs: number;
  cpuPercent: number;
  /** Of that CPU, the share spent in the kernel (socket writes, loopback delivery). */
  kernelCpuShare: number;
  /** CPU per tick delivered (µs): what a tick costs even when a busy machine starves the server. */
  cpuUsPerTick: number;
  rssKbPerRoom: number;
  rssMb: number;
  /** Growth of the live JS heap (after forced full GCs) / rooms: what a room keeps on the V8 heap. */
  heapKbPerRoom?: number;
  /** Growth of external memory (Buffers, ArrayBuffers) after GC / rooms. */
  externalKbPerRoom?: number;
  /** RSS right after those GCs (which may give young-generation pages back), growth / rooms. */
  rssAfterGcKbPerRoom?: number;
  ticksPerSecondMean: number;
  ticksPerSecondP1: number;
  ticksPerSecondMin: number;
  roomsBelow19_5: number;
  loadGeneratorCpuPercent: number;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function ourServer(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-idle-'));
  // All the clients come from 127.0.0.1: lift the per-address connection limit for this server only.
  const saved = process.env.MAX_CONNECTIONS_PER_ADDRESS;
  process.env.MAX_CONNECTIONS_PER_ADDRESS = '0';
  // The inspector stays idle (no session) except for the two heap readings around a run.
  const inspect = `127.0.0.1:${await freePort()}`;
  const started = startServerProcess(dataDir, 0, [...NODE_ARGS, `--inspect=${inspect}`]);
  if (saved === undefined) delete process.env.MAX_CONNECTIONS_PER_ADDRESS;
  else process.env.MAX_CONNECTIONS_PER_ADDRESS = saved;
  const { child, url } = await started;
  return {
    base: `${url.replace(/^http/, 'ws')}reflector/`,
    pid: child.pid!,
    inspect,
    async stop() {
      // SIGKILL: a graceful stop would fsync 2,000 sessions, and the bench keeps no data.
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function croquetPeer(address: string): Target {
  const url = new URL(address);
  const pid = pidListeningOn(Number(url.port || 80));
  if (pid === undefined) throw new Error(`no local process listens on ${address}`);
  return { base: url.href.endsWith('/') ? url.href : `${url.href}/`, pid, inspect: PEER_INSPECT, stop: () => sleep(PEER_DRAIN_MS) };
}

/** Asks the load process for one reply. */
function ask<T>(load: ChildProcess, msg: object): Promise<T> {
  return new Promise((resolve, reject) => {
    load.once('message', (reply) => resolve(reply as T));
    load.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
    load.send(msg);
  });
}

async function idleRun(target: Target, ticksPerSecond: number): Promise<IdleRun> {
  const heapBefore = target.inspect ? await heapAfterGc(target.inspect) : undefined;
  const rssBefore = processRssBytes(target.pid);
  const load = fork(LOAD_JS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const joined = await ask<{ joined: number; failed: number; joinAllMs: number; syncAllMs: number }>(load, {
      cmd: 'join',
      base: target.base,
      rooms: ROOMS,
      concurrency: CONCURRENCY,
      tickMs: 1000 / ticksPerSecond,
    });
    await sleep(SETTLE_MS);
    load.send({ cmd: 'count' });
    const cpuStart = processCpuMs(target.pid);
    await sleep(WINDOW_MS);
    const cpuEnd = processCpuMs(target.pid);
    const cpuMs = cpuEnd.user + cpuEnd.system - cpuStart.user - cpuStart.system;
    const counted = await ask<{ ticks: number[]; windowMs: number; loadCpuMs: number }>(load, { cmd: 'report' });
    const rss = processRssBytes(target.pid);
    const heapAfter = target.inspect ? await heapAfterGc(target.inspect) : undefined;
    const perRoomKb = (after: number, before: number): number => Math.round(((after - before) / 1024 / joined.joined) * 10) / 10;
    const heap = (before: HeapFigures, after: HeapFigures): Partial<IdleRun> => ({
      heapKbPerRoom: perRoomKb(after.heapUsed, before.heapUsed),
      externalKbPerRoom: perRoomKb(after.external, before.external),
      rssAfterGcKbPerRoom: perRoomKb(after.rss, rssBefore),
    });
    const rates = counted.ticks.map((t) => t / (counted.windowMs / 1000));
    return {
      rooms: joined.joined,
      failedJoins: joined.failed,
      joinAllMs: Math.round(joined.joinAllMs),
      syncAllMs: Math.round(joined.syncAllMs),
      cpuPercent: Math.round((cpuMs / WINDOW_MS) * 1000) / 10,
      kernelCpuShare: Math.round(((cpuEnd.system - cpuStart.system) / cpuMs) * 100) / 100,
      cpuUsPerTick: Math.round(((cpuMs * 1000) / counted.ticks.reduce((a, b) => a + b, 0)) * 10) / 10,
      rssKbPerRoom: perRoomKb(rss, rssBefore),
      rssMb: Math.round(rss / 1e5) / 10,
      ...(heapBefore && heapAfter ? heap(heapBefore, heapAfter) : {}),
      ticksPerSecondMean: Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 100) / 100,
      ticksPerSecondP1: percentile(rates, 1),
      ticksPerSecondMin: percentile(rates, 0),
      roomsBelow19_5: rates.filter((r) => r < 19.5).length,
      loadGeneratorCpuPercent: Math.round((counted.loadCpuMs / counted.windowMs) * 1000) / 10,
    };
  } finally {
    const done = exited(load);
    load.kill('SIGTERM');
    await done;
  }
}

export async function runIdleRoomsBench(): Promise<object> {
  const byRate: Record<string, object> = {};
  for (const rate of TICK_RATES) byRate[`${rate}tps`] = await idleRoomsAt(rate);
  return byRate;
}

async function idleRoomsAt(ticksPerSecond: number): Promise<object> {
  const ours: IdleRun[] = [];
  const croquet: IdleRun[] = [];
  let peerNote = '';
  for (let round = 0; round < ROUNDS; round++) {
    const server = await ourServer();
    try {
      ours.push(await idleRun(server, ticksPerSecond));
    } finally {
      await server.stop();
    }
    if (!PEER || peerNote) continue;
    let peer: Target;
    try {
      peer = croquetPeer(PEER);
    } catch (err) {
      peerNote = `Croquet reflector peer skipped: ${(err as Error).message}`;
      continue;
    }
    croquet.push(await idleRun(peer, ticksPerSecond));
    await peer.stop();
  }
  const result: Record<string, unknown> = {
    method:
      `${ROOMS} rooms of one client each, ${ticksPerSecond} ticks/s asked, nobody posting; raw protocol clients ` +
      `(JOIN with the official client's fields; joined = its users message arrived, as Session.join waits for), ` +
      `${CONCURRENCY} joins in flight, in a separate process; server CPU and RSS from /proc; ticks counted over ` +
      `${WINDOW_MS / 1000} s starting ${SETTLE_MS / 1000} s after the last join; RSS per room = growth from before ` +
      `the joins / rooms (ours: a fresh process each round; the peer: one long-running process, so from its second round ` +
      `on its heap has already grown); heap and external per room = growth of heapUsed and external after forced full ` +
      `GCs (inspector; the peer only with BENCH_CROQUET_INSPECT), and RSS right after them; median of ${ROUNDS} rounds`,
    ours: medianOfRuns(ours),
  };
  if (croquet.length) {
    const o = result.ours as Record<string, number>;
    const c = medianOfRuns(croquet) as Record<string, number>;
    result.croquetReflector = c;
    result.oursOverCroquet = {
      cpu: Math.round((o.cpuPercent / c.cpuPercent) * 100) / 100,
      cpuPerTick: Math.round((o.cpuUsPerTick / c.cpuUsPerTick) * 100) / 100,
      joinAll: Math.round((o.joinAllMs / c.joinAllMs) * 100) / 100,
      rssPerRoom: Math.round((o.rssKbPerRoom / c.rssKbPerRoom) * 100) / 100,
      ...(c.heapKbPerRoom ? { heapPerRoom: Math.round((o.heapKbPerRoom / c.heapKbPerRoom) * 100) / 100 } : {}),
    };
  } else {
    result.croquetReflector = peerNote || 'skipped: set BENCH_CROQUET_REFLECTOR=ws://127.0.0.1:9090/ to run Croquet\'s reflector side by side';
  }
  return result;
}

await runWhenMain(import.meta.url, runIdleRoomsBench);
