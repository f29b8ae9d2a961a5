// Exit visible: how long until the others see that someone left, with the official Croquet client in
// Node (stepping every 5 ms), on our server and, side by side, on Croquet's own reflector as a peer:
// - closed page: the leaver calls Session.leave() (close 1000; a browser unloading a page sends 1001);
// - dropped connection: the leaver's socket is cut without a close frame and its network stays down;
// - silent drop: the leaver's connection goes silent both ways with no close at all (a vanished
//   network: a TCP relay stops passing bytes), so only a heartbeat can tell (fewer runs: it is slow).
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
import { TcpRelay, joinChat, startServerProcess, uniqueName, waitFor, type JoinOptions } from '../server/test/helpers.js';
import { cutNetwork, joinObserver } from '../server/test/presence.js';
import { percentile } from './stats.js';

/** Measured leaves per case and relay (after one unmeasured run). */
const EXIT_RUNS = Number(process.env.BENCH_EXIT_RUNS ?? 7);
/** Measured silent drops per relay: each waits for a heartbeat (ours: 5-10 s; Croquet's: about a minute). */
const SILENT_RUNS = Number(process.env.BENCH_SILENT_RUNS ?? 3);
const CROQUET_REFLECTOR = process.env.BENCH_CROQUET_REFLECTOR;
const THIS_FILE = fileURLToPath(import.meta.url);

type Leave = 'closedPage' | 'droppedConnection' | 'silentDrop';
/** Where the clients of one child process join: a box, or a reflector plus file store; `relayed`: through a TcpRelay it makes. */
interface Target {
  box: string;
  opts: JoinOptions;
  cases: Leave[];
  relayed?: boolean;
}
interface Figures {
  p50Ms: number;
  runsMs: number[];
}

/** One leave in a fresh room: A leaves (as `how` says) while B watches; ms until B's model has the exit. */
async function exitVisibleOnce(target: Target, how: Leave, relay?: TcpRelay): Promise<number> {
  const name = uniqueName(`bench-exit-${how}`);
  const b = await joinObserver(target.box, name, target.opts);
  const a = await joinChat(target.box, name, target.opts);
  try {
    await waitFor(() => b.model.present[a.viewId] === 1, 'B sees A');
    const aId = a.viewId;
    const started = performance.now();
    if (how === 'closedPage') void a.leave();
    else if (how === 'silentDrop') {
      cutNetwork(a);
      relay!.freezeNewest(); // A joined last
    } else {
      cutNetwork(a);
      a.dropSocket();
    }
    return (await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees A exit', 120_000)) - started;
  } finally {
    await a.leave();
    await b.leave();
  }
}

/** Child process: every case against one target, reported to the parent. */
async function measure(target: Target): Promise<Partial<Record<Leave, Figures>>> {
  const result: Partial<Record<Leave, Figures>> = {};
  let relay: TcpRelay | undefined;
  if (target.relayed) {
    // Every client of this process goes through the relay (Croquet keeps one reflector per process).
    const address = new URL(target.box || target.opts.reflector!);
    relay = await TcpRelay.start(Number(address.port));
    if (target.box) target = { ...target, box: relay.url };
    else target = { ...target, opts: { ...target.opts, reflector: `ws://127.0.0.1:${relay.port}${address.pathname}` } };
  }
  try {
    for (const how of target.cases) {
      const count = how === 'silentDrop' ? SILENT_RUNS : EXIT_RUNS;
      if (how !== 'silentDrop') await exitVisibleOnce(target, how, relay); // warm-up
      const runs: number[] = [];
      for (let i = 0; i < count; i++) runs.push(await exitVisibleOnce(target, how, relay));
      result[how] = { p50Ms: percentile(runs, 50), runsMs: runs.map((r) => Math.round(r * 10) / 10) };
    }
  } finally {
    await relay?.close();
  }
  return result;
}

/** The cases against one relay: the first two directly, the silent drop (when `silent`) through a TCP relay. */
async function allCases(box: string, opts: JoinOptions, silent: boolean): Promise<object> {
  return {
    ...(await inChild({ box, opts, cases: ['closedPage', 'droppedConnection'] })),
    ...(silent ? await inChild({ box, opts, cases: ['silentDrop'], relayed: true }) : {}),
  };
}

function inChild(target: Target): Promise<Partial<Record<Leave, Figures>>> {
  // Croquet logs to stdout (banner, "Reconnecting: 1006"): the child reports over IPC instead.
  const child = fork(THIS_FILE, ['--target', JSON.stringify(target)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: Partial<Record<Leave, Figures>>; error?: string }) =>
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
      ours: await allCases(ours.url, {}, true),
    };
    if (!CROQUET_REFLECTOR) result.croquet = "skipped: set BENCH_CROQUET_REFLECTOR=ws://127.0.0.1:9090/ to run Croquet's reflector side by side";
    else if (!(await reachable(CROQUET_REFLECTOR))) result.croquet = `skipped: nothing answers at ${CROQUET_REFLECTOR}`;
    else {
      // The peer has no file store; ours serves it (these short sessions never upload a snapshot).
      result.croquetReflector = CROQUET_REFLECTOR;
      // Its standalone mode on localhost never disconnects unresponsive clients (DISCONNECT_UNRESPONSIVE_CLIENTS
      // is off when it runs locally), so a silent drop there is never seen: that case is left out.
      result.croquet = await allCases('', { reflector: CROQUET_REFLECTOR, files: `${ours.url}files/` }, false);
      result.croquetSilentDrop = 'not measured: a local standalone Croquet reflector never disconnects unresponsive clients';
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
