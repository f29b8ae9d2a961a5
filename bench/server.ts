// Server benchmark with the official Croquet client in Node (stepping every 5 ms) against our server,
// which runs in a child process so its CPU and RSS are measured apart from the clients'. Latency and
// fan-out are repeated (identical runs on the 2-core VM differ by 15-25%): each figure is the median over
// the runs, and every run is listed.
// Run: node dist/bench/server.js   (prints JSON)   or import { runServerBench }.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { joinChat, RawClient, startServerProcess, storedLog, uniqueName, waitFor, type TestClient } from '../server/test/helpers.js';
import { ourServerRelay, readMetrics, warmUp } from './relays.js';
import { medianOfRuns, percentile, sleep } from './stats.js';
import { runWhenMain } from './main.js';

/** Joins measured per case. */
const JOIN_RUNS = 7;
/** History sizes for the late-join case. */
const HISTORY_SIZES = [0, 1000, 5000];
/** Runs of the latency and of each fan-out case. */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/**
 * A→B latency at the default 20 ticks/s: messages, and their spacing (ms), a little over Croquet's
 * default send limit of 20 a second (closer sends are held back and bundled by the client).
 */
const LATENCY_MESSAGES = 500;
const LATENCY_SPACING_MS = 60;
/** Fan-out: clients, posting rates (per client per second) and duration (ms). */
const FANOUT_CLIENTS = 20;
const FANOUT_RATES = process.env.BENCH_FANOUT_RATES ? process.env.BENCH_FANOUT_RATES.split(',').map(Number) : [2, 10];
/** BENCH_ONLY=fanout skips the join and latency parts (for profiling). */
const ONLY = process.env.BENCH_ONLY ?? '';
const FANOUT_MS = 20_000;
/** Raw sockets used to replay history (each stays within the per-socket burst allowance). */
const REPLAY_SOCKETS = 12;


interface Child {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

async function startServer(): Promise<Child> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-bench-'));
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const { child, url } = await startServerProcess(dataDir, 0, nodeArgs);
  return { child, url, dataDir };
}

async function serverStats(url: string): Promise<{ cpuMs: number; userCpuMs: number; rssMb: number; framesOut: number; framesIn: number }> {
  const num = await readMetrics(url);
  return {
    cpuMs: num('process_cpu_seconds_total') * 1000,
    userCpuMs: num('process_cpu_user_seconds_total') * 1000,
    rssMb: Math.round(num('process_resident_memory_bytes') / 1e5) / 10,
    framesOut: num('croquet_messages_out_total'),
    framesIn: num('croquet_messages_in_total'),
  };
}

/** Arrival bookkeeping: each client reports posts it has not seen yet after every step. */
function tracker(sentAt: Map<string, number>, latencies: number[]) {
  const seen = new WeakMap<TestClient, number>();
  return (c: TestClient): void => {
    const posts = c.session.model ? c.model.posts : undefined;
    if (!posts) return;
    const now = performance.now();
    for (let i = seen.get(c) ?? 0; i < posts.length; i++) {
      const t = sentAt.get(posts[i]);
      if (t !== undefined) latencies.push(now - t);
    }
    seen.set(c, posts.length);
  };
}

/** Fills a session's log with `count` copies of one real encrypted post, through raw sockets. */
async function replayHistory(server: Child, sessionId: string, count: number): Promise<void> {
  const line = storedLog(server.dataDir, sessionId).find((l) => (JSON.parse(l) as unknown[])[3] !== undefined)!;
  const payload = (JSON.parse(line) as unknown[])[2];
  const sockets = await Promise.all(Array.from({ length: REPLAY_SOCKETS }, () => RawClient.session(server.url, sessionId)));
  for (const s of sockets) s.join();
  await Promise.all(sockets.map((s) => s.waitFrame('SYNC')));
  const target = storedLog(server.dataDir, sessionId).length + count;
  for (let i = 0; i < count; i++) sockets[i % REPLAY_SOCKETS].send({ id: sessionId, action: 'SEND', args: [0, 0, payload, 0] });
  await waitFor(() => storedLog(server.dataDir, sessionId).length >= target, 'replayed history', 60_000);
  for (const s of sockets) s.close();
}

interface LatencyRun {
  messages: number;
  p50Ms: number;
  p99Ms: number;
  /** The same deliveries in three legs: A's client (post → A's socket: encryption, send limit). */
  clientSendP50Ms: number;
  clientSendP99Ms: number;
  /** A's socket → B's socket event (after Croquet's own handler): both ws stacks, loopback twice, our server. */
  relayP50Ms: number;
  relayP99Ms: number;
  /** B's socket → the step of B's that applies the message (B steps every 5 ms). */
  stepWaitP50Ms: number;
  stepWaitP99Ms: number;
}

/** A posts LATENCY_MESSAGES, one at a time; B notes when each reaches its socket and its model. */
async function latencyRun(server: Child): Promise<LatencyRun> {
  const posted: number[] = [];
  const sent: number[] = [];
  const arrived: number[] = [];
  const applied: number[] = [];
  const name = uniqueName('bench-latency');
  const a = await joinChat(server.url, name);
  const b = await joinChat(server.url, name, {
    onStep: (c) => {
      const now = performance.now();
      for (let i = applied.length; i < (c.session.model ? c.model.posts.length : 0); i++) applied.push(now);
    },
  });
  // Croquet's own sockets (ws in Node): A's SEND frames and B's RECV frames, in order.
  const aSocket = a.controller.connection.socket;
  const send = aSocket.send.bind(aSocket);
  aSocket.send = (data: unknown, ...rest: unknown[]) => {
    if (String(data).includes('"SEND"')) sent.push(performance.now());
    return send(data, ...rest);
  };
  b.controller.connection.socket.addEventListener('message', (event: { data: unknown }) => {
    if (String(event.data).includes('"RECV"')) arrived.push(performance.now());
  });
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    posted.push(performance.now());
    a.view.post(`lat:${i}`);
    await sleep(LATENCY_SPACING_MS);
  }
  await waitFor(() => applied.length >= LATENCY_MESSAGES, 'all latency posts', 10_000);
  await a.leave();
  await b.leave();
  // One SEND and one RECV per post, unless the client bundled some: then the legs cannot be told apart.
  const legs = sent.length === LATENCY_MESSAGES && arrived.length === LATENCY_MESSAGES;
  const leg = (from: number[], to: number[]): number[] => (legs ? posted.map((_, i) => to[i] - from[i]) : []);
  const total = posted.map((t, i) => applied[i] - t);
  return {
    messages: total.length,
    p50Ms: percentile(total, 50),
    p99Ms: percentile(total, 99),
    clientSendP50Ms: percentile(leg(posted, sent), 50),
    clientSendP99Ms: percentile(leg(posted, sent), 99),
    relayP50Ms: percentile(leg(sent, arrived), 50),
    relayP99Ms: percentile(leg(sent, arrived), 99),
    stepWaitP50Ms: percentile(leg(arrived, applied), 50),
    stepWaitP99Ms: percentile(leg(arrived, applied), 99),
  };
}

interface FanoutRun {
  clients: number;
  posts: number;
  deliveries: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  serverCpuMsPer1000Deliveries: number;
  serverUserCpuShare: number;
  serverRssMb: number;
  serverFramesOut: number;
  serverFramesIn: number;
  serverCpuUsPerFrameOut: number;
}

/** FANOUT_CLIENTS clients in one room, each posting `rate` times a second for FANOUT_MS. */
async function fanoutRun(server: Child, rate: number): Promise<FanoutRun> {
  const lat: number[] = [];
  const sent = new Map<string, number>();
  const onStep = tracker(sent, lat);
  const room = uniqueName(`bench-fanout-${rate}`);
  const clients: TestClient[] = [];
  for (let i = 0; i < FANOUT_CLIENTS; i++) clients.push(await joinChat(server.url, room, { onStep }));
  await sleep(500);
  const before = await serverStats(server.url);
  const end = performance.now() + FANOUT_MS;
  let posts = 0;
  await Promise.all(
    clients.map(async (c, ci) => {
      await sleep(Math.random() * (1000 / rate)); // spread the clients over the period
      for (let k = 0; performance.now() < end; k++) {
        const text = `f${rate}:${ci}:${k}`;
        sent.set(text, performance.now());
        c.view.post(text);
        posts++;
        await sleep(1000 / rate);
      }
    }),
  );
  await waitFor(() => clients.every((c) => c.model.posts.length >= posts), 'fan-out delivered', 20_000);
  const after = await serverStats(server.url);
  for (const c of clients) await c.leave();
  const deliveries = posts * FANOUT_CLIENTS;
  const cpuMs = after.cpuMs - before.cpuMs;
  const framesOut = after.framesOut - before.framesOut;
  return {
    clients: FANOUT_CLIENTS,
    posts,
    deliveries,
    deliveryP50Ms: percentile(lat, 50),
    deliveryP99Ms: percentile(lat, 99),
    serverCpuMsPer1000Deliveries: Math.round((cpuMs / deliveries) * 1000 * 100) / 100,
    serverUserCpuShare: Math.round(((after.userCpuMs - before.userCpuMs) / cpuMs) * 100) / 100,
    serverRssMb: after.rssMb,
    serverFramesOut: framesOut,
    serverFramesIn: after.framesIn - before.framesIn,
    serverCpuUsPerFrameOut: Math.round((cpuMs / framesOut) * 1000 * 10) / 10,
  };
}

export async function runServerBench(): Promise<object> {
  // Croquet logs to stdout (version banner, snapshot notes); keep stdout clean for the JSON.
  const { log, info, warn } = console;
  console.log = console.info = console.warn = () => {};
  const server = await startServer();
  const started = performance.now();
  try {
    // --- join times
    const fresh: number[] = [];
    for (let i = 0; i < (ONLY ? 0 : JOIN_RUNS); i++) {
      const c = await joinChat(server.url, uniqueName('bench-fresh'));
      fresh.push(c.joinMs);
      await c.leave();
    }
    const lateJoin: Record<string, { p50: number; runs: number[] }> = {};
    const lateJoinReplay: Record<string, { p50: number; runs: number[] }> = {};
    for (const size of ONLY ? [] : HISTORY_SIZES) {
      const name = uniqueName(`bench-late-${size}`);
      const seed = await joinChat(server.url, name);
      if (size > 0) {
        seed.view.post('history');
        await waitFor(() => storedLog(server.dataDir, seed.session.id).length >= 2, 'seed post stored');
        await replayHistory(server, seed.session.id, size - 1);
        await waitFor(() => seed.model.posts.length >= size, 'seed caught up', 60_000);
      }
      const measure = async (): Promise<number[]> => {
        const runs: number[] = [];
        for (let i = 0; i < JOIN_RUNS; i++) {
          const c = await joinChat(server.url, name);
          if (c.model.posts.length < size) throw new Error(`late joiner saw ${c.model.posts.length} of ${size} posts`);
          runs.push(c.joinMs);
          await c.leave();
        }
        return runs;
      };
      // Right after the history was written the log holds all of it (no snapshot possible before
      // session time 5 s): the joiner replays every message. Then the clients snapshot (by
      // themselves and on REQU) and a joiner loads the snapshot plus the few messages after it.
      const replayRuns = await measure();
      lateJoinReplay[String(size)] = { p50: percentile(replayRuns, 50), runs: replayRuns.map((r) => Math.round(r)) };
      if (size > 0) {
        const metaFile = path.join(server.dataDir, 'sessions', seed.session.id, 'meta.json');
        await waitFor(() => JSON.parse(fs.readFileSync(metaFile, 'utf8')).snapshot, 'snapshot', 30_000);
      }
      const runs = await measure();
      await seed.leave();
      lateJoin[String(size)] = { p50: percentile(runs, 50), runs: runs.map((r) => Math.round(r)) };
    }

    // --- A→B latency at the default 20 ticks/s, and fan-out, on a warmed-up server (see warmUp)
    await warmUp(ourServerRelay(server.url));
    const latencyRuns: LatencyRun[] = [];
    for (let i = 0; i < (ONLY ? 0 : REPEATS); i++) latencyRuns.push(await latencyRun(server));
    const fanout: Record<string, object> = {};
    for (const rate of FANOUT_RATES) {
      const runs: FanoutRun[] = [];
      for (let i = 0; i < REPEATS; i++) runs.push(await fanoutRun(server, rate));
      fanout[`${rate}/s`] = medianOfRuns(runs);
    }

    return {
      node: process.version,
      cpus: os.cpus().length,
      joinFreshP50Ms: percentile(fresh, 50),
      joinFreshRunsMs: fresh.map((r) => Math.round(r)),
      lateJoinP50Ms: Object.fromEntries(Object.entries(lateJoin).map(([k, v]) => [k, v.p50])),
      lateJoinRunsMs: Object.fromEntries(Object.entries(lateJoin).map(([k, v]) => [k, v.runs])),
      lateJoinBeforeFirstSnapshotP50Ms: Object.fromEntries(Object.entries(lateJoinReplay).map(([k, v]) => [k, v.p50])),
      latency: medianOfRuns(latencyRuns),
      fanout,
      serverRssMbAtEnd: (await serverStats(server.url)).rssMb,
      benchSeconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    server.child.kill('SIGTERM');
    Object.assign(console, { log, info, warn });
  }
}

await runWhenMain(import.meta.url, runServerBench);
