// The relays the benchmarks drive with raw WebSocket clients: our server (a child process, or one
// already running) and the bare ws relay (bare-relay.ts), behind one small interface, plus the
// warm-up that every measured server gets first.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RawClient, rawSessionId, startServerProcess, waitFor } from '../server/test/helpers.js';
import { MAX_TICK_MS } from '../server/island.js';

/** Stands in for the encrypted payload of a short chat post (about 140 characters in the bench's logs). */
const PAYLOAD = 'p'.repeat(140);
/** Warm-up: messages, spread over clients, sent in bursts within the server's per-socket allowance. */
const WARMUP_MESSAGES = 5000;
const WARMUP_CLIENTS = 20;

export interface Relay {
  /** A raw client in `room` (our server: one session per room; the bare relay has a single room). */
  connect(user: string, room?: string): Promise<RawClient>;
  /** The frame a client sends to post `marker`; every client in the room receives a frame containing it. */
  post(marker: string, room?: string): string;
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

export async function startBareRelay(): Promise<Relay> {
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

/** Reads our server's /metrics once; the result looks up one value by name (NaN if absent). */
export async function readMetrics(url: string): Promise<(name: string) => number> {
  const text = await (await fetch(`${url}metrics`)).text();
  return (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** Our server at `url` (box URL); `stop` is what stopping it means to the caller. */
export function ourServerRelay(url: string, stop: () => Promise<void> = async () => {}): Relay {
  const sessions = new Map<string, string>();
  const sessionOf = (room: string): string => {
    if (!sessions.has(room)) sessions.set(room, rawSessionId());
    return sessions.get(room)!;
  };
  return {
    async connect(user, room = 'main') {
      const client = await RawClient.session(url, sessionOf(room));
      // Ticks once a minute: the bare relay has none, so both send the same frames. (Croquet clients
      // need 20 ticks/s; the Croquet benchmarks measure them.)
      client.join({ user, ticks: { tick: MAX_TICK_MS, delay: 0 } });
      await client.waitFrame('SYNC');
      return client;
    },
    post: (marker, room = 'main') => JSON.stringify({ id: sessionOf(room), action: 'SEND', args: [0, 0, PAYLOAD + marker] }),
    cpuMs: async () => (await readMetrics(url))('process_cpu_seconds_total') * 1000,
    stop,
  };
}

export async function startOurServer(): Promise<Relay> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-floor-'));
  const { child, url } = await startServerProcess(dataDir, 0);
  return ourServerRelay(url, async () => {
    await stopChild(child); // it flushes its sessions on SIGTERM: remove the directory after that
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

/**
 * Sends WARMUP_MESSAGES through a relay in a room of its own before anything is measured. Why: V8
 * optimizes a server's hot paths only after thousands of calls. On the 2-core VM, six back-to-back
 * 20-second fan-outs on one fresh server cost 43, 37, 35, 32, 30 and 27 ms of CPU per 1,000 deliveries.
 */
export async function warmUp(relay: Relay): Promise<void> {
  const clients: RawClient[] = [];
  for (let i = 0; i < WARMUP_CLIENTS; i++) clients.push(await relay.connect(`warm${i}`, 'warm-up'));
  let received = 0;
  for (const c of clients) c.ws.on('message', (data: Buffer) => data.includes('#warm') && received++);
  for (let k = 0; k < WARMUP_MESSAGES / WARMUP_CLIENTS; k++) {
    clients.forEach((c, i) => c.ws.send(relay.post(`#warm${i}:${k}#`, 'warm-up')));
  }
  await waitFor(() => received >= WARMUP_MESSAGES * WARMUP_CLIENTS, 'warm-up delivered', 60_000);
  for (const c of clients) c.close();
}
