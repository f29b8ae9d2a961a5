/**
 * What checking signed events costs a replica (src/model/signatures.ts, @noble/curves in the model):
 * - verify rate: `verifySignature` on a real signed post message, in Node, as events per second (median
 *   of {@link VERIFY_RUNS} runs of {@link VERIFY_COUNT} checks); and the same for signatures by as many
 *   people who each sign once (what a joiner replays of people who came and went: each key is new);
 * - a forged flood, on real replicas: the model (`ChatModel`, from the build) runs in the official Croquet
 *   client in Node (stepping every 5 ms) on the project's own server. The receiving replica is a child
 *   process of its own, whose view identifies with its key. The flooder (this process) identifies with
 *   another key and publishes {@link FLOOD} posts for the receiver's view signed by the flooder's key (so
 *   every replica runs the full check and refuses them), then one valid post of its own as the end marker.
 *   The figure is the receiver's process CPU (`process.cpuUsage`, all its threads) from the flood's start
 *   to the step that stores the marker, minus an idle window of the same length just after. The same for
 *   {@link FLOOD} unsigned posts (refused before the curve is touched), for comparison.
 *
 * Run alone: node dist/bench/signatures.js (prints JSON; a summary on stderr). BENCH_SIGNATURE_RUNS sets
 * the flood runs per kind (3).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ed25519 } from '@noble/curves/ed25519.js';
import { joinChat, startServerProcess, uniqueName, waitFor, type JoinOptions, type TestClient } from '../server/test/helpers.js';
import { percentile, sleep } from './stats.js';

/** Checks per verify-rate run, and runs. */
const VERIFY_COUNT = 500;
const VERIFY_RUNS = 5;
/** Posts per flood, and flood runs per kind (forged, unsigned), alternating. */
const FLOOD = 300;
const FLOOD_RUNS = Number(process.env.BENCH_SIGNATURE_RUNS ?? 3);
/**
 * The flood is published in chunks of this many posts, one chunk per Croquet send slot (50 ms at its
 * default 20 sends a second): each chunk leaves as one bundle, and the client's send buffer (20 bundles,
 * then it disconnects) never fills. 300 posts take about 1.5 s.
 */
const CHUNK = 10;
const CHUNK_MS = 50;
/** Quiet time after a flood's marker before its idle window starts. */
const SETTLE_MS = 1000;
/** How long the flooder waits for an answer of the receiver before the bench fails (rather than hangs). */
const ANSWER_TIMEOUT_MS = 120_000;
const THIS_FILE = fileURLToPath(import.meta.url);

// The model as the build made it (dist/model/), like persisted-room.ts's limits: src/ is compiled for
// browsers, apart from the benches. Typed here by what this file uses.
interface Signed {
  viewId: string;
  n: number;
  sig?: string;
}
interface Topics {
  POST: 'post';
  IDENTIFY: string;
  actMessage(event: 'post', sessionId: string, binding: string, payload: Signed & Record<string, unknown>): Uint8Array | null;
  identifyMessage(sessionId: string, request: Record<string, unknown>): Uint8Array;
  inputScope(sessionId: string): string;
}
interface ChatModelLike {
  sessionId: string;
  views: Map<string, { person: string; binding: string; counter: number }>;
  history: { text: string; kind: string }[];
  personOf(viewId: unknown): string | undefined;
}
const built = (file: string): string => new URL(`../model/${file}`, import.meta.url).href;
const topics = (await import(built('topics.js'))) as Topics;
const { verifySignature } = (await import(built('signatures.js'))) as { verifySignature(personId: string, signature: unknown, message: Uint8Array): boolean };
const { toBase64url } = (await import(built('base64url.js'))) as { toBase64url(bytes: Uint8Array): string };

/** A person: their id and a signature of any bytes, base64url (noble, as the widget's fallback signs). */
interface Person {
  id: string;
  sign(message: Uint8Array): string;
}
function newPerson(): Person {
  const secret = ed25519.utils.randomSecretKey();
  return { id: toBase64url(ed25519.getPublicKey(secret)), sign: (message) => toBase64url(ed25519.sign(message, secret)) };
}

/** Joins `name` running the real ChatModel, and identifies the view as `person` (as ChatView does). */
async function joinAs(
  box: string,
  name: string,
  person: Person,
  onStep?: () => void,
): Promise<{ client: TestClient; model: ChatModelLike; binding: string; counter: { n: number } }> {
  // Registers croquet-chat/ChatModel; both processes load the same classes, so they meet in one session.
  const { ChatModel } = (await import(built('chat-model.js'))) as { ChatModel: JoinOptions['model'] };
  const client = await joinChat(box, name, { model: ChatModel, onStep });
  const chat = client.model as unknown as ChatModelLike;
  const binding = toBase64url(randomBytes(16));
  const request = { viewId: client.viewId, person: person.id, binding, time: client.view.now(), name: 'bench', wallTime: Date.now(), token: '' };
  client.view.publish(topics.inputScope(chat.sessionId), topics.IDENTIFY, { ...request, sig: person.sign(topics.identifyMessage(chat.sessionId, request)) });
  await waitFor(() => chat.personOf(client.viewId) === person.id, 'identified');
  return { client, model: chat, binding, counter: { n: 0 } };
}

// ---------------------------------------------------------------- the receiving replica (child process)

type ToReceiver = { start: { marker: string } } | { leave: true };
type FromReceiver = { ready: { viewId: string } } | { started: true } | { window: FloodWindow } | { error: string };

/** One flood as the receiver saw it. */
interface FloodWindow {
  /** From the flood's start to the step that stored the marker. */
  ms: number;
  cpuMs: number;
  /** CPU of the idle window of the same length after it. */
  idleCpuMs: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function receiver(box: string, name: string): Promise<void> {
  const send = (message: FromReceiver) => process.send!(message);
  let watching: { marker: string; done: (end: { t: number; c: number }) => void } | undefined;
  // After every step: did this step store the marker? (Not only as the last entry: a notice may follow it in the same step.)
  const me = await joinAs(box, name, newPerson(), () => {
    if (watching && me.model.history.some((entry) => entry.text === watching?.marker)) {
      watching.done({ t: performance.now(), c: cpuMs() });
      watching = undefined;
    }
  });
  process.on('message', (message: ToReceiver) => {
    if ('leave' in message) {
      void me.client.leave().then(() => process.exit(0));
      return;
    }
    const { marker } = message.start;
    const t0 = performance.now();
    const c0 = cpuMs();
    new Promise<{ t: number; c: number }>((done) => (watching = { marker, done }))
      .then(async (end) => {
        await sleep(SETTLE_MS);
        const idle0 = cpuMs();
        await sleep(end.t - t0);
        send({ window: { ms: end.t - t0, cpuMs: end.c - c0, idleCpuMs: cpuMs() - idle0 } });
      })
      .catch((error: unknown) => send({ error: String(error) }));
    send({ started: true });
  });
  send({ ready: { viewId: me.client.viewId } });
}

// ---------------------------------------------------------------- the flooder (this process)

function startReceiver(box: string, name: string): { child: ChildProcess; next(): Promise<FromReceiver>; post(message: ToReceiver): void } {
  // Croquet logs to stdout: the child reports over IPC instead.
  const child = fork(THIS_FILE, ['--receiver', box, name], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const inbox: FromReceiver[] = [];
  const waiting: { resolve: (message: FromReceiver) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (message: FromReceiver) => {
    const take = waiting.shift();
    if (take) take.resolve(message);
    else inbox.push(message);
  });
  child.once('exit', (code) => {
    for (const { reject } of waiting.splice(0)) reject(new Error(`receiver exited with ${code}`));
  });
  return {
    child,
    next: () =>
      new Promise((resolve, reject) => {
        const message = inbox.shift();
        if (message) return resolve(message);
        const timer = setTimeout(() => {
          const at = waiting.indexOf(waiter);
          if (at >= 0) waiting.splice(at, 1);
          reject(new Error(`the receiving replica did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`));
        }, ANSWER_TIMEOUT_MS);
        const waiter = {
          resolve: (answer: FromReceiver) => (clearTimeout(timer), resolve(answer)),
          reject: (error: Error) => (clearTimeout(timer), reject(error)),
        };
        waiting.push(waiter);
      }),
    post: (message) => child.send(message),
  };
}

/** One run of checks by people who each sign once: checks per second. Every run brings new people. */
function verifyOnceRun(message: Uint8Array): number {
  const signed = Array.from({ length: VERIFY_COUNT }, () => {
    const person = newPerson();
    return { person, sig: person.sign(message) };
  });
  const started = performance.now();
  for (const { person, sig } of signed) if (!verifySignature(person.id, sig, message)) throw new Error('a valid signature failed');
  return VERIFY_COUNT / ((performance.now() - started) / 1000);
}

/** One verify-rate run: checks per second of one real signed post. */
function verifyRun(person: Person, message: Uint8Array, sig: string): number {
  const started = performance.now();
  for (let i = 0; i < VERIFY_COUNT; i++) if (!verifySignature(person.id, sig, message)) throw new Error('a valid signature failed');
  return VERIFY_COUNT / ((performance.now() - started) / 1000);
}

type Kind = 'forged' | 'unsigned';

export interface FloodFigures {
  posts: number;
  /** Receiver CPU over the flood, minus the idle window of the same length (median over runs, ms). */
  extraCpuMs: number;
  /** The same per refused post (µs). */
  cpuUsPerPost: number;
  /** How long the flood took to reach the receiver's model (ms). */
  floodMs: number;
  runs: { ms: number; cpuMs: number; idleCpuMs: number }[];
}

export interface SignaturesBenchResult {
  node: string;
  cpus: number;
  verify: { eventsPerSecond: number; usPerEvent: number; runs: number[] };
  /** The same for signatures by people who each sign once (each key new to the replica). */
  verifyOnce: { eventsPerSecond: number; usPerEvent: number; runs: number[] };
  /** Bytes of one forged post's payload as JSON (what the flooder publishes, before Croquet's framing). */
  postPayloadBytes: number;
  forged: FloodFigures;
  unsigned: FloodFigures;
  loadAverage: { before: number; after: number };
}

const round = (value: number, places = 1): number => Math.round(value * 10 ** places) / 10 ** places;

function figures(runs: FloodWindow[]): FloodFigures {
  const extra = percentile(runs.map((r) => r.cpuMs - r.idleCpuMs), 50);
  return {
    posts: FLOOD,
    extraCpuMs: round(extra),
    cpuUsPerPost: round((extra / FLOOD) * 1000),
    floodMs: round(percentile(runs.map((r) => r.ms), 50)),
    runs: runs.map((r) => ({ ms: round(r.ms), cpuMs: round(r.cpuMs), idleCpuMs: round(r.idleCpuMs) })),
  };
}

export async function runSignaturesBench(): Promise<SignaturesBenchResult> {
  const loadBefore = os.loadavg()[0];
  // Verify rate, before any client runs.
  const signer = newPerson();
  const sessionId = 'QmVuY2hTZXNzaW9uSWRGb3JTaWduYXR1cmVUZXN0cw';
  const payload = { viewId: 'view-1', n: 1, text: 'hello, room: a post of everyday length', clientId: 'c-0123456789', wallTime: Date.now() };
  const message = topics.actMessage(topics.POST, sessionId, toBase64url(randomBytes(16)), payload)!;
  const sig = signer.sign(message);
  verifyRun(signer, message, sig); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < VERIFY_RUNS; i++) rates.push(verifyRun(signer, message, sig));
  const eventsPerSecond = percentile(rates, 50);
  const onceRates: number[] = [];
  for (let i = 0; i < VERIFY_RUNS; i++) onceRates.push(verifyOnceRun(message));
  const onceEventsPerSecond = percentile(onceRates, 50);

  // Croquet logs to stdout (version banner, session notes); keep stdout clean for the JSON.
  const { log, info, warn } = console;
  console.log = console.info = console.warn = () => {};
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-signatures-'));
  const server = await startServerProcess(dataDir, 0);
  const name = uniqueName('bench-signatures');
  const receiving = startReceiver(server.url, name);
  let payloadBytes = 0;
  try {
    const ready = await receiving.next();
    if (!('ready' in ready)) throw new Error(`receiver: ${JSON.stringify(ready)}`);
    const target = ready.ready.viewId;
    const flooder = newPerson();
    const me = await joinAs(server.url, name, flooder);
    const scope = topics.inputScope(me.model.sessionId);
    const targetBinding = await waitFor(() => me.model.views.get(target)?.binding, "the receiver's identify");
    const windows: Record<Kind, FloodWindow[]> = { forged: [], unsigned: [] };
    for (let run = 0; run < FLOOD_RUNS; run++) {
      for (const kind of ['forged', 'unsigned'] as Kind[]) {
        // The posts, made before the window: for the receiver's view, the counter rising past anything it sent.
        const posts = Array.from({ length: FLOOD }, (_, i) => {
          const post = { viewId: target, n: 1000 + run * FLOOD + i, text: `${kind} post ${run}/${i}`, clientId: `${kind}-${run}-${i}`, wallTime: Date.now() };
          return kind === 'unsigned' ? post : { ...post, sig: flooder.sign(topics.actMessage(topics.POST, me.model.sessionId, targetBinding, post)!) };
        });
        payloadBytes = Math.max(payloadBytes, ...posts.map((post) => Buffer.byteLength(JSON.stringify(post))));
        const marker = `end of ${kind} flood ${run}`;
        const own = { viewId: me.client.viewId, n: ++me.counter.n, text: marker, clientId: `marker-${kind}-${run}`, wallTime: Date.now() };
        const markerPost = { ...own, sig: flooder.sign(topics.actMessage(topics.POST, me.model.sessionId, me.binding, own)!) };
        await sleep(500);
        receiving.post({ start: { marker } });
        const started = await receiving.next();
        if (!('started' in started)) throw new Error(`receiver: ${JSON.stringify(started)}`);
        for (let i = 0; i < FLOOD; i += CHUNK) {
          for (const post of posts.slice(i, i + CHUNK)) me.client.view.publish(scope, topics.POST, post);
          await sleep(CHUNK_MS);
        }
        me.client.view.publish(scope, topics.POST, markerPost);
        const result = await receiving.next();
        if (!('window' in result)) throw new Error(`receiver: ${JSON.stringify(result)}`);
        windows[kind].push(result.window);
        // The flood changed nothing: no post of it stored, and the receiver's view still counts only its own events.
        if (me.model.history.some((entry) => entry.text.startsWith(`${kind} post`)) || me.model.views.get(target)?.counter !== 0) {
          throw new Error(`a ${kind} post was taken as the receiver's`);
        }
      }
    }
    receiving.post({ leave: true });
    // A leave that never finishes (the receiver's session stuck) must not hold up the bench: it is killed below.
    await Promise.race([new Promise((resolve) => receiving.child.once('exit', resolve)), sleep(10_000)]);
    await me.client.leave();
    return {
      node: process.version,
      cpus: os.cpus().length,
      verify: { eventsPerSecond: Math.round(eventsPerSecond), usPerEvent: round(1e6 / eventsPerSecond), runs: rates.map((r) => Math.round(r)) },
      verifyOnce: { eventsPerSecond: Math.round(onceEventsPerSecond), usPerEvent: round(1e6 / onceEventsPerSecond), runs: onceRates.map((r) => Math.round(r)) },
      postPayloadBytes: payloadBytes,
      forged: figures(windows.forged),
      unsigned: figures(windows.unsigned),
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    if (receiving.child.exitCode === null) receiving.child.kill('SIGTERM');
    const exited = new Promise((r) => server.child.once('exit', r));
    if (server.child.exitCode === null && server.child.kill('SIGTERM')) await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    Object.assign(console, { log, info, warn });
  }
}

export function formatSignaturesBench(result: SignaturesBenchResult): string {
  const flood = (kind: string, f: FloodFigures) =>
    `${f.posts} ${kind} posts cost the receiving replica ${f.extraCpuMs} ms of CPU over idle (${f.cpuUsPerPost} µs a post; ` +
    `median of ${f.runs.length}, reached its model in ${f.floodMs} ms)`;
  return [
    `signature checks (verifySignature, Node ${result.node}): ${result.verify.eventsPerSecond} events/s, ${result.verify.usPerEvent} µs each (median of ${result.verify.runs.length})`,
    `signature checks by people who each sign once (a new key each): ${result.verifyOnce.eventsPerSecond} events/s, ${result.verifyOnce.usPerEvent} µs each (median of ${result.verifyOnce.runs.length})`,
    flood('forged (wrong key)', result.forged),
    flood('unsigned', result.unsigned),
    `load average (1 min) ${result.loadAverage.before.toFixed(2)} before, ${result.loadAverage.after.toFixed(2)} after (${result.cpus} shared cores)`,
  ].join('\n');
}

const receiverArg = process.argv.indexOf('--receiver');
if (receiverArg > 0) {
  console.log = console.info = console.warn = () => {};
  receiver(process.argv[receiverArg + 1], process.argv[receiverArg + 2]).catch((error: unknown) => {
    process.send!({ error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
  });
} else if (process.argv[1] && THIS_FILE === path.resolve(process.argv[1])) {
  const result = await runSignaturesBench();
  console.error(formatSignaturesBench(result));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
