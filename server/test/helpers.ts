// Shared test helpers: the official Croquet client in Node, a raw socket client, polling waits.

import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { WebSocket } from 'ws';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CroquetSession } from '@croquet/croquet';

/** Default upper bound for waitFor (ms). */
export const WAIT_MS = 10_000;
/** How often Node clients run their simulation (ms); browsers step at ~16 ms. */
export const STEP_MS = 5;

// box resolution reads window.location, which Node lacks.
(globalThis as { window?: unknown }).window ??= { location: new URL('http://localhost/') };

// Croquet starts a worker thread and a global 100 ms interval at load; unref both so test processes
// can exit once their own sockets and timers are closed.
const workerThreads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
const RealWorker = workerThreads.Worker;
workerThreads.Worker = class extends RealWorker {
  constructor(...args: ConstructorParameters<typeof RealWorker>) {
    super(...args);
    this.unref();
  }
};
// Each join also leaves a MessageChannel port listening forever (its fast-forward loop).
globalThis.MessageChannel = class extends MessageChannel {
  constructor() {
    super();
    queueMicrotask(() => {
      this.port1.unref();
      this.port2.unref();
    });
  }
};
const realSetInterval = globalThis.setInterval;
globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
  const timer = realSetInterval(...args);
  timer.unref();
  return timer;
});
// The devtools hook hands out each session's controller (its socket, snapshot trigger).
const controllers = new WeakMap<object, any>();
/** The controller of the most recent Session.join() call, even one that never completes. */
export let lastController: any;
(globalThis as { __CROQUET_DEVTOOLS__?: unknown }).__CROQUET_DEVTOOLS__ = {
  dispatchEvent(event: { type: string; detail?: { session?: object; controller?: unknown } }) {
    if (event.type === 'session' && event.detail?.session) {
      controllers.set(event.detail.session, event.detail.controller);
      lastController = event.detail.controller;
    }
  },
};
export const Croquet = await import('@croquet/croquet');
globalThis.setInterval = realSetInterval;

/** The replicated test model: posts plus a log of view-join/view-exit events. */
export class ChatModel extends Croquet.Model {
  declare posts: string[];
  declare present: Record<string, number>;
  declare events: string[];
  /** Joins, exits and posts in the one order the reflector gave them: ordering barriers read it. */
  declare journal: string[];
  override init(): void {
    this.posts = [];
    this.present = {};
    this.events = [];
    this.journal = [];
    this.subscribe(this.sessionId, 'view-join', this.viewJoin);
    this.subscribe(this.sessionId, 'view-exit', this.viewExit);
    this.subscribe('chat', 'post', this.post);
  }
  viewJoin(viewId: string): void {
    this.present[viewId] = (this.present[viewId] ?? 0) + 1;
    this.events.push(`join:${viewId}`);
    this.journal.push(`join:${viewId}`);
  }
  viewExit(viewId: string): void {
    this.present[viewId] = (this.present[viewId] ?? 0) - 1;
    if (this.present[viewId] === 0) delete this.present[viewId];
    this.events.push(`exit:${viewId}`);
    this.journal.push(`exit:${viewId}`);
  }
  post(text: string): void {
    this.posts.push(text);
    this.journal.push(`post:${text}`);
  }
}
ChatModel.register('ServerTestChatModel');

/**
 * ChatModel that keeps its posts with persistSession() and starts from the persisted ones. Registered
 * here, not in a test file: Croquet hashes every registered model class into the session id, so all
 * realms (test files, worker fixtures) must register the same classes to meet in one session.
 */
export class SavedChatModel extends ChatModel {
  override init(_options?: unknown, persisted?: { posts: string[] }): void {
    super.init();
    if (persisted) this.posts = [...persisted.posts];
  }
  override post(text: string): void {
    super.post(text);
    this.persistSession(() => ({ posts: this.posts }));
  }
}
SavedChatModel.register('SavedChatModel');

export class ChatView extends Croquet.View {
  post(text: string): void {
    this.publish('chat', 'post', text);
  }
}

export interface TestClient {
  session: CroquetSession<ChatView> & { model?: ChatModel };
  readonly model: ChatModel;
  readonly view: ChatView;
  readonly viewId: string;
  /** Croquet's internal session controller (connection, snapshot trigger). */
  readonly controller: any;
  /** Cuts the socket without a close handshake, like a network drop. */
  dropSocket(): void;
  leave(): Promise<void>;
}

export interface JoinOptions {
  password?: string;
  rejoinLimit?: number;
  tps?: number;
  appId?: string;
  /** A ChatModel subclass to run instead of ChatModel. */
  model?: typeof ChatModel;
  /** Session options: they change the session id, but not the persistentId. */
  options?: Record<string, unknown>;
  /** Called after every simulation step (benchmarks timestamp arrivals here). */
  onStep?: (client: TestClient) => void;
  /** Seconds hidden before the client goes dormant (Croquet's autoSleep); default 0, never. */
  autoSleep?: number;
  /** Another reflector (WebSocket URL) and file store instead of `box` (e.g. Croquet's own reflector). */
  reflector?: string;
  files?: string;
}

/** Joins with the official client (manual stepping every STEP_MS) and reports the join time. */
export async function joinChat(box: string, name: string, opts: JoinOptions = {}): Promise<TestClient & { joinMs: number }> {
  const started = performance.now();
  const session = (await Croquet.Session.join({
    appId: opts.appId ?? 'io.croquetchat.servertest',
    name,
    password: opts.password ?? 'test-password',
    ...(opts.reflector ? { reflector: opts.reflector, files: opts.files } : { box }),
    model: opts.model ?? ChatModel,
    view: ChatView,
    ...(opts.options ? { options: opts.options } : {}),
    step: 'manual',
    autoSleep: opts.autoSleep ?? 0,
    ...(opts.rejoinLimit !== undefined ? { rejoinLimit: opts.rejoinLimit } : {}),
    ...(opts.tps !== undefined ? { tps: opts.tps } : {}),
  })) as TestClient['session'];
  const joinMs = performance.now() - started;
  let left = false;
  const client: TestClient & { joinMs: number } = {
    session,
    joinMs,
    get model() {
      return session.model as ChatModel;
    },
    get view() {
      return session.view;
    },
    get viewId() {
      return session.view.viewId;
    },
    get controller() {
      return controllers.get(session);
    },
    dropSocket() {
      controllers.get(session).connection.socket.terminate();
    },
    async leave() {
      if (left) return;
      left = true;
      // Session.leave() picks the FIRST controller with this session id, which is another client
      // when several share a process; do what it does on our own controller instead.
      const controller = controllers.get(session);
      clearTimeout(controller.reconnectTimeout);
      const done = new Promise<void>((resolve) => (controller.leaving = resolve));
      if (controller.connection.connected) {
        controller.connection.closeConnection(1000);
        // Bounded: a server that never completes the close must not hold the test up.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 2000)))]);
        clearTimeout(timer);
      } else {
        controller.leaving = () => {}; // stop reconnect attempts
      }
      clearInterval(stepper);
    },
  };
  const stepper = setInterval(() => {
    session.step(performance.now());
    opts.onStep?.(client);
  }, STEP_MS);
  return client;
}

/** Polls `check` until it returns a truthy value (returned) or throws after `ms`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, ms = WAIT_MS): Promise<NonNullable<T>> {
  const deadline = performance.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

// ---------------------------------------------------------------- raw sockets

export interface RawFrame {
  id?: string;
  action: string;
  args?: any;
}

/** A bare WebSocket speaking the wire protocol, recording every frame and the close code. */
export class RawClient {
  readonly frames: RawFrame[] = [];
  closeCode: number | undefined;
  closeReason = '';
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text.startsWith('_CHUNK') ? { action: '_CHUNK', args: text.length } : (JSON.parse(text) as RawFrame));
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    ws.on('error', () => {});
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens the reflector socket for `sessionId` on a box URL. */
  static session(box: string, sessionId: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return RawClient.connect(`${box.replace(/^http/, 'ws')}reflector/${sessionId}`, headers);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  join(extra: Record<string, unknown> = {}): void {
    this.send({ action: 'JOIN', args: { version: 1, apiKey: 'none', ticks: { tick: 50, delay: 0 }, tove: 'raw-tove', ...extra } });
  }

  of(action: string): RawFrame[] {
    return this.frames.filter((f) => f.action === action);
  }

  waitFrame(action: string, ms = WAIT_MS, pred: (f: RawFrame) => boolean = () => true): Promise<RawFrame> {
    return waitFor(() => this.frames.find((f) => f.action === action && pred(f)), `${action} frame`, ms);
  }

  waitClose(ms = WAIT_MS): Promise<number> {
    return waitFor(() => this.closeCode, 'socket close', ms);
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** A session id that satisfies the server's charset (43 base64url characters, like Croquet's). */
export const rawSessionId = (): string => (uniqueName('raw') + '_'.repeat(43)).slice(0, 43).replace(/[^A-Za-z0-9_-]/g, '_');

/** The stored log lines of a session (as the server wrote them). */
export function storedLog(dataDir: string, sessionId: string): string[] {
  const file = path.join(dataDir, 'sessions', sessionId, 'log.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

const MAIN_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.js');

export interface CliServer {
  child: ChildProcess;
  url: string;
  port: number;
  dataDir: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with its exit code (null if a signal ended it) once it has exited. */
  exited: Promise<number | null>;
}

/**
 * Runs the server CLI (dist/server/main.js) with exactly `args`; resolves once it printed its ready
 * line (so port 0 is fine), rejects with its output if it exits first.
 */
export function startCli(
  args: string[],
  opts: { env?: Record<string, string>; nodeArgs?: string[]; echoStderr?: boolean } = {},
): Promise<CliServer> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN_JS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Keep reading both pipes for the whole run: a full pipe would block the server's logging.
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    if (opts.echoStderr) process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const line = out.split('\n').find((l) => l.includes('"ready"'));
      if (!line) return;
      child.stdout.off('data', onData);
      const ready = JSON.parse(line) as { url: string; port: number; dataDir: string };
      resolve({ child, url: ready.url, port: ready.port, dataDir: ready.dataDir, output: () => out, exited });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

/** Starts the server CLI on `dataDir` for tests and benchmarks (loopback, no per-address limit, quiet). */
export function startServerProcess(dataDir: string, port: number, nodeArgs: string[] = []): Promise<CliServer> {
  // No per-address limit: benchmarks open thousands of sockets from loopback.
  return startCli(['--host', '127.0.0.1', '--port', String(port), '--data', dataDir, '--max-connections-per-address', '0', '--quiet'], {
    nodeArgs,
    echoStderr: true,
  });
}

/** Kills a server process (SIGKILL: like a crash) and waits until it is gone. */
export async function killServer(server: CliServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

/**
 * A stable address in front of a server that may restart on another port: Croquet keeps the first
 * join's box for the whole process, so its clients can only follow a restart to the same address,
 * and a test must not hope to get a closed port number back. Plain TCP: bytes pass unchanged.
 */
export class TcpRelay {
  /** Port of the server behind the relay; while unset, connections are refused (closed at once). */
  target: number | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** Each relayed connection as [from the client, to the server], oldest first. */
  private readonly pairs: [net.Socket, net.Socket][] = [];
  private constructor(private readonly server: net.Server) {
    server.on('connection', (socket) => this.relay(socket));
  }

  static async start(target?: number): Promise<TcpRelay> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = new TcpRelay(server);
    relay.target = target;
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Box URL of the relay. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  private relay(socket: net.Socket): void {
    if (this.target === undefined) return void socket.destroy();
    const upstream = net.connect(this.target, '127.0.0.1');
    for (const s of [socket, upstream]) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.sockets.delete(s);
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream);
    upstream.pipe(socket);
    this.pairs.push([socket, upstream]);
  }

  /**
   * The newest connection goes silent both ways, as when a network vanishes: nothing more is passed on
   * and nothing is closed, so neither end learns of it from TCP.
   */
  freezeNewest(): void {
    const pair = this.pairs.at(-1);
    if (!pair) throw new Error('no connection to freeze');
    const [client, server] = pair;
    client.unpipe(server);
    server.unpipe(client);
    client.pause();
    server.pause();
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
