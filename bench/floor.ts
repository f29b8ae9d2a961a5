// The platform floor: our server next to the bare ws relay (bare-relay.ts), in alternating rounds of
// the same minute, driven by the same raw WebSocket clients. Both relay every frame to every socket;
// only ours also validates, stamps and logs to disk (its ticks are slowed to one a minute here, so
// both send the same frames). It shows how much of a figure is the server and how much is this
// machine's Node, ws and loopback.

import { performance } from 'node:perf_hooks';
import type { RawClient } from '../server/test/helpers.js';
import { startBareRelay, startOurServer, warmUp, type Relay } from './relays.js';
import { medianOfRuns, percentile, sleep } from './stats.js';
import { runWhenMain } from './main.js';

/** Alternating bare/ours rounds; each figure is the median over rounds. */
const ROUNDS = 3;
/** Relay latency A→B: messages and spacing (ms). */
const LATENCY_MESSAGES = 300;
const LATENCY_SPACING_MS = 20;
/** CPU: clients, posts per client per second, duration (ms); as the Croquet fan-out at 2/s. */
const FANOUT_CLIENTS = 20;
const FANOUT_RATE = 2;
const FANOUT_MS = 12_000;

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
    await warmUp(relay);
    const latencies = await relayLatency(relay);
    const cpu = await relayCpu(relay);
    return { latencyP50Ms: percentile(latencies, 50), latencyP99Ms: percentile(latencies, 99), ...cpu };
  } finally {
    await relay.stop();
  }
}

export async function runFloorBench(): Promise<object> {
  const bare: RoundFigures[] = [];
  const ours: RoundFigures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measure(startBareRelay));
    ours.push(await measure(startOurServer));
  }
  return {
    method: `raw ws clients, each relay warmed up first; latency: ${LATENCY_MESSAGES} messages one at a time; CPU: ${FANOUT_CLIENTS} clients at ${FANOUT_RATE}/s for ${FANOUT_MS / 1000} s; median of ${ROUNDS} alternating rounds`,
    bareWsRelay: medianOfRuns(bare),
    ourServer: medianOfRuns(ours),
  };
}

await runWhenMain(import.meta.url, runFloorBench);
