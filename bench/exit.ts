// Exit visible: how long until the others see that someone left, with the official Croquet client in
// Node (stepping every 5 ms), on our server and, side by side, on Croquet's own reflector as a peer:
// - closed page: the leaver calls Session.leave() (close 1000; a browser unloading a page sends 1001);
// - dropped connection: the leaver's socket is cut without a close frame and its network stays down.
// Each figure runs from that moment to the first step of another client whose model has the view-exit.
// Each relay is measured in a child process of its own: Croquet keeps one reflector per process.
// Run: node dist/bench/exit.js (prints JSON). Peer: BENCH_CROQUET_REFLECTOR=ws://127.0.0.1:9090/
// (Croquet's `reflector.js --standalone`, as for idle-rooms.ts); without it the peer is skipped.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { joinChat, startServerProcess, uniqueName, waitFor, type JoinOptions } from '../server/test/helpers.js';
import { cutNetwork, joinObserver } from '../server/test/presence.js';
import { percentile } from './stats.js';

/** Measured leaves per case and relay (after one unmeasured run). */
const EXIT_RUNS = Number(process.env.BENCH_EXIT_RUNS ?? 7);
const CROQUET_REFLECTOR = process.env.BENCH_CROQUET_REFLECTOR;
const THIS_FILE = fileURLToPath(import.meta.url);

type Leave = 'closedPage' | 'droppedConnection';
/** Where the clients of one child process join: a box, or a reflector plus file store. */
interface Target {
  box: string;
  opts: JoinOptions;
}
interface Figures {
  p50Ms: number;
  runsMs: number[];
}

/** One leave in a fresh room: A leaves (as `how` says) while B watches; ms until B's model has the exit. */
async function exitVisibleOnce(target: Target, how: Leave): Promise<number> {
  const name = uniqueName(`bench-exit-${how}`);
  const b = await joinObserver(target.box, name, target.opts);
  const a = await joinChat(target.box, name, target.opts);
  try {
    await waitFor(() => b.model.present[a.viewId] === 1, 'B sees A');
    const aId = a.viewId;
    const started = performance.now();
    if (how === 'closedPage') void a.leave();
    else {
      cutNetwork(a);
      a.dropSocket();
    }
    return (await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees A exit', 30_000)) - started;
  } finally {
    await a.leave();
    await b.leave();
  }
}

/** Child process: every case against one target, reported to the parent. */
async function measure(target: Target): Promise<Record<Leave, Figures>> {
  const result = {} as Record<Leave, Figures>;
  for (const how of ['closedPage', 'droppedConnection'] as const) {
    await exitVisibleOnce(target, how); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < EXIT_RUNS; i++) runs.push(await exitVisibleOnce(target, how));
    result[how] = { p50Ms: percentile(runs, 50), runsMs: runs.map((r) => Math.round(r * 10) / 10) };
  }
  return result;
}

function inChild(target: Target): Promise<Record<Leave, Figures>> {
  // Croquet logs to stdout (banner, "Reconnecting: 1006"): the child reports over IPC instead.
  const child = fork(THIS_FILE, ['--target', JSON.stringify(target)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: Record<Leave, Figures>; error?: string }) =>
      m.result ? resolve(m.result) : reject(new Error(m.error)),
    );
    child.once('exit', (code) => reject(new Error(`exit bench child exited with ${code}`)));
  });
}

/** Whether something accepts WebSocket upgrades at `url` (Croquet's reflector answers a bare GET with 426). */
async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url.replace(/^ws/, 'http'), { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

export async function runExitBench(): Promise<object> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-exit-'));
  const ours = await startServerProcess(dataDir, 0);
  try {
    const result: Record<string, unknown> = {
      leaveDelayMs: 1250, // what the official client asks for: rejoinLimit 1000 + 250
      ours: await inChild({ box: ours.url, opts: {} }),
    };
    if (!CROQUET_REFLECTOR) result.croquet = "skipped: set BENCH_CROQUET_REFLECTOR=ws://127.0.0.1:9090/ to run Croquet's reflector side by side";
    else if (!(await reachable(CROQUET_REFLECTOR))) result.croquet = `skipped: nothing answers at ${CROQUET_REFLECTOR}`;
    else {
      // The peer has no file store; ours serves it (these short sessions never upload a snapshot).
      result.croquetReflector = CROQUET_REFLECTOR;
      result.croquet = await inChild({ box: '', opts: { reflector: CROQUET_REFLECTOR, files: `${ours.url}files/` } });
    }
    return result;
  } finally {
    const exited = new Promise((r) => ours.child.once('exit', r));
    if (ours.child.exitCode === null && ours.child.kill('SIGTERM')) await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const targetArg = process.argv.indexOf('--target');
if (targetArg > 0) {
  console.log = console.info = console.warn = () => {};
  measure(JSON.parse(process.argv[targetArg + 1]) as Target).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (err: unknown) => process.send!({ error: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
  );
} else if (process.argv[1] && THIS_FILE === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await runExitBench(), null, 2));
  process.exit(0);
}
