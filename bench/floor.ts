// The platform floor: our server next to the bare ws relay (bare-relay.ts), in alternating rounds of
// the same minute, driven by the same raw WebSocket clients. Both relay every frame to every socket;
// only ours also validates, stamps, logs to disk and ticks. It shows how much of a figure is the
// server and how much is this machine's Node, ws and loopback, which no Node reflector can go under.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { RawClient, rawSessionId, startServerProcess } from '../server/test/helpers.js';
import { median, percentile, sleep } from './stats.js';

/** Alternating bare/ours rounds; each figure is the median over rounds. */
const ROUNDS = 3;
/** Relay latency A→B: messages and spacing (ms). */
const LATENCY_MESSAGES = 300;
const LATENCY_SPACING_MS = 20;
/** CPU: clients, posts per client per second, duration (ms); as the Croquet fan-out at 2/s. */
const FANOUT_CLIENTS = 20;
const FANOUT_RATE = 2;
const FANOUT_MS = 12_000;
/** Stands in for an encrypted chat post (a short post encrypts to about this many characters). */
const PAYLOAD = 'p'.repeat(400);

interface Relay {
  connect(user: string): Promise<RawClient>;
  /** The frame a client sends to post `marker`; every client receives a frame containing it. */
  post(marker: string): string;
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Stops a child process and resolves once it has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

const BARE_RELAY_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-relay.js');

async function startBareRelay(): Promise<Relay> {
  const child: ChildProcess = spawn(process.execPath, [BARE_RELAY_JS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare relay exited early (${code})`)));
  });
  return {
    connect: () => RawClient.connect(`ws://127.0.0.1:${port}/`),
    post: (marker) => JSON.stringify({ action: 'SEND', args: [0, 0, PAYLOAD + marker] }),
    cpuMs: async () => ((await (await fetch(`http://127.0.0.1:${port}/cpu`)).json()) as { cpuMs: number }).cpuMs,
    stop: () => stopChild(child),
  };
}

async function startOurServer(): Promise<Relay> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-floor-'));
  const { child, url } = await startServerProcess(dataDir, 0);
  const sessionId = rawSessionId();
  return {
    async connect(user) {
      const client = await RawClient.session(url, sessionId);
      client.join({ user });
      await client.waitFrame('SYNC');
      return client;
    },
    post: (marker) => JSON.stringify({ id: sessionId, action: 'SEND', args: [0, 0, PAYLOAD + marker] }),
    async cpuMs() {
      const text = await (await fetch(`${url}metrics`)).text();
      return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1]) * 1000;
    },
    async stop() {
      await stopChild(child); // it flushes its sessions on SIGTERM: remove the directory after that
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A→B through the relay: from A's send to B's 'message' event (ms), one message at a time. */
async function relayLatency(relay: Relay): Promise<number[]> {
  const a = await relay.connect('a');
  const b = await relay.connect('b');
  const latencies: number[] = [];
  let expect = '';
  let arrived: (() => void) | undefined;
  b.ws.on('message', (data: Buffer) => {
    if (expect && data.includes(expect)) {
      expect = '';
      arrived?.();
    }
  });
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    await sleep(LATENCY_SPACING_MS);
    expect = `#lat${i}#`;
    const got = new Promise<void>((r) => (arrived = r));
    const sent = performance.now();
    a.ws.send(relay.post(expect));
    await got;
    latencies.push(performance.now() - sent);
  }
  a.close();
  b.close();
  return latencies;
}

/** 20 clients posting 2/s: the relay's CPU per 1,000 deliveries and per frame it sent. */
async function relayCpu(relay: Relay): Promise<{ cpuMsPer1000Deliveries: number; cpuUsPerFrameOut: number }> {
  const clients: RawClient[] = [];
  for (let i = 0; i < FANOUT_CLIENTS; i++) clients.push(await relay.connect(`u${i}`));
  let framesOut = 0;
  for (const c of clients) c.ws.on('message', () => framesOut++);
  await sleep(500);
  const cpuBefore = await relay.cpuMs();
  const framesBefore = framesOut;
  const end = performance.now() + FANOUT_MS;
  let posts = 0;
  await Promise.all(
    clients.map(async (c, ci) => {
      await sleep(Math.random() * (1000 / FANOUT_RATE));
      for (let k = 0; performance.now() < end; k++) {
        c.ws.send(relay.post(`#${ci}:${k}#`));
        posts++;
        await sleep(1000 / FANOUT_RATE);
      }
    }),
  );
  await sleep(200); // let the last frames land
  const cpu = (await relay.cpuMs()) - cpuBefore;
  const frames = framesOut - framesBefore;
  for (const c of clients) c.close();
  return {
    cpuMsPer1000Deliveries: Math.round((cpu / (posts * FANOUT_CLIENTS)) * 1000 * 100) / 100,
    cpuUsPerFrameOut: Math.round((cpu / frames) * 1000 * 10) / 10,
  };
}

interface RoundFigures {
  latencyP50Ms: number;
  latencyP99Ms: number;
  cpuMsPer1000Deliveries: number;
  cpuUsPerFrameOut: number;
}

async function measure(start: () => Promise<Relay>): Promise<RoundFigures> {
  const relay = await start();
  try {
    const latencies = await relayLatency(relay);
    const cpu = await relayCpu(relay);
    return { latencyP50Ms: percentile(latencies, 50), latencyP99Ms: percentile(latencies, 99), ...cpu };
  } finally {
    await relay.stop();
  }
}

function summarize(rounds: RoundFigures[]): RoundFigures & { rounds: RoundFigures[] } {
  const pick = (k: keyof RoundFigures) => median(rounds.map((r) => r[k]));
  return {
    latencyP50Ms: pick('latencyP50Ms'),
    latencyP99Ms: pick('latencyP99Ms'),
    cpuMsPer1000Deliveries: pick('cpuMsPer1000Deliveries'),
    cpuUsPerFrameOut: pick('cpuUsPerFrameOut'),
    rounds,
  };
}

export async function runFloorBench(): Promise<object> {
  const bare: RoundFigures[] = [];
  const ours: RoundFigures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measure(startBareRelay));
    ours.push(await measure(startOurServer));
  }
  return {
    method: `raw ws clients; latency: ${LATENCY_MESSAGES} messages one at a time; CPU: ${FANOUT_CLIENTS} clients at ${FANOUT_RATE}/s for ${FANOUT_MS / 1000} s; median of ${ROUNDS} alternating rounds`,
    bareWsRelay: summarize(bare),
    ourServer: summarize(ours),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await runFloorBench(), null, 2));
  process.exit(0);
}
