import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CroquetSession } from './croquet.js';
import { loadChatRuntime } from './chat-runtime.js';
import type { ChatSink, ChatState, ChatView } from './chat-view.js';
import type { ChatErrorCode, ChatMessage, ChatModelOptions, ChatStatus, ChatUser } from './types.js';

/** The password used when none is given: fine for public rooms, where anyone may read along. */
export const DEFAULT_PASSWORD = 'croquet-chat-public';
/** The Croquet app id used when none is given. Rooms are named within an app id. */
export const DEFAULT_APP_ID = 'croquet-chat.widget';

/** How long joining may take (connect, SYNC, catching up) before the element gives up, in ms. */
export const JOIN_TIMEOUT_MS = 20_000;
/** How long the server may stay unreachable after a lost connection before the element reports an error, in ms. */
export const RECONNECT_TIMEOUT_MS = 30_000;
/** How long the reachability check of a self-hosted server may take, in ms. */
const PROBE_TIMEOUT_MS = 8_000;

/** Croquet's rule for app ids (from `Session.join`). */
const APP_ID_PATTERN = /^[a-z](-?[a-z0-9_])*(\.[a-z0-9_](-?[a-z0-9_])*)+$/i;

/** What the element knows about where and how to connect. */
export interface ChatConnectionOptions {
  session: string;
  password: string;
  appId: string;
  apiKey: string;
  box: string;
  reflector: string;
  files: string;
  modelOptions?: ChatModelOptions;
}

/** Why the element is in the error state: a code for programs and a sentence for people. */
export interface ChatErrorInfo {
  readonly code: ChatErrorCode;
  readonly message: string;
}

/** What the controller tells its host besides `requestUpdate()`; the element turns these into DOM events. */
export interface ChatSessionCallbacks {
  status(status: ChatStatus, previous: ChatStatus): void;
  messages(added: readonly ChatMessage[]): void;
  presence(participants: number, users: readonly ChatUser[]): void;
  error(error: ChatErrorInfo): void;
}

type Runtime = typeof import('./chat-view.js');

let runtimePromise: Promise<Runtime> | undefined;
/** Loads the runtime once (see chat-runtime.ts for why it is lazy) and keeps Croquet's overlays off the page. */
function loadRuntime(): Promise<Runtime> {
  runtimePromise ??= loadChatRuntime().then((runtime) => {
    // No spinner overlay, toasts, badge or QR code on the host page (they would need App.root).
    // A page that uses Croquet itself and wants those can set App.root before the first chat connects.
    const app = runtime.App as { root: unknown };
    if (app.root === null || app.root === undefined) app.root = false;
    return runtime;
  });
  runtimePromise.catch(() => (runtimePromise = undefined));
  return runtimePromise;
}

/**
 * Croquet 2.0 keeps the first session's server for the whole page (it copies `box`/`reflector`/`files`
 * into a page-global options object once). Remember it, so a widget asking for another server gets a
 * clear error instead of silently talking to the wrong one.
 */
let pageServer: string | undefined;
/** Rooms open on this page: joining one Croquet session twice in a page doubles events and breaks leave(). */
const openRooms = new Set<string>();

type Server =
  | { kind: 'box'; box: string; probe: string; label: string }
  | { kind: 'reflector'; reflector: string; files: string; probe: string; label: string }
  | { kind: 'hosted'; apiKey: string; label: string };

const EMPTY_STATE: ChatState = Object.freeze({ nickname: '', participants: 0, users: Object.freeze([]), messages: Object.freeze([]) });

/** One connection attempt; async steps belonging to an older attempt notice it and back out. */
interface Attempt {
  readonly key: string;
  readonly server?: Server;
  room?: string;
  session?: CroquetSession<ChatView>;
  view?: ChatView;
  joinTimer?: ReturnType<typeof setTimeout>;
  lostTimer?: ReturnType<typeof setTimeout>;
  ended: boolean;
}

/**
 * Owns the Croquet session of one `<croquet-chat>`: joins when the element is connected (and configured),
 * leaves when it is removed, switches rooms when the configuration changes, and keeps `status`,
 * `error` and the chat state for the element to render.
 */
export class ChatSessionController implements ReactiveController {
  status: ChatStatus = 'offline';
  error: ChatErrorInfo | null = null;
  state: ChatState = EMPTY_STATE;

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: () => ChatConnectionOptions;
  private readonly callbacks: ChatSessionCallbacks;
  private attempt: Attempt | null = null;
  private hostIsConnected = false;
  private startQueued = false;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    options: () => ChatConnectionOptions,
    callbacks: ChatSessionCallbacks,
  ) {
    this.host = host;
    this.options = options;
    this.callbacks = callbacks;
    host.addController(this);
  }

  hostConnected(): void {
    this.hostIsConnected = true;
    this.configurationChanged();
  }

  hostDisconnected(): void {
    this.hostIsConnected = false;
    // Leave after the current task, so moving the element within the page does not rejoin.
    queueMicrotask(() => {
      if (!this.hostIsConnected) this.end('offline');
    });
  }

  /** Call when a connection property changed: (re)connects once the current microtask is done. */
  configurationChanged(): void {
    if (this.startQueued) return;
    this.startQueued = true;
    queueMicrotask(() => {
      this.startQueued = false;
      if (this.hostIsConnected) void this.start();
    });
  }

  /** Posts a message (or `/reset`). Returns false when not online or the text is blank. */
  post(text: string): boolean {
    const view = this.attempt?.view;
    if (this.status !== 'online' || !view || typeof text !== 'string' || text.trim() === '') return false;
    view.post(text);
    return true;
  }

  /** Resets the room's history for everyone. Returns false when not online. */
  reset(): boolean {
    const view = this.attempt?.view;
    if (this.status !== 'online' || !view) return false;
    view.reset();
    return true;
  }

  private async start(): Promise<void> {
    const options = this.options();
    const key = JSON.stringify(options);
    if (this.attempt && !this.attempt.ended && this.attempt.key === key) return; // nothing changed
    this.end(null);

    const checked = checkOptions(options, this.host.ownerDocument?.baseURI ?? globalThis.location?.href);
    if ('error' in checked) {
      this.attempt = { key, ended: false };
      this.fail(this.attempt, 'config', checked.error);
      return;
    }
    const { server } = checked;
    const attempt: Attempt = { key, server, ended: false };
    this.attempt = attempt;
    this.setStatus('connecting');

    let runtime: Runtime;
    try {
      runtime = await loadRuntime();
    } catch (error) {
      this.fail(attempt, 'unknown', `Could not load the Croquet library (${describe(error)}).`);
      return;
    }
    if (attempt.ended) return;

    if (server.kind !== 'hosted' && !(await reachable(server.probe))) {
      this.fail(attempt, 'unreachable', `Cannot reach the chat server at ${server.label}. Check the address and that the server is running.`);
      return;
    }
    if (attempt.ended) return;

    const serverKey = server.kind === 'box' ? `box ${server.box}` : server.kind === 'reflector' ? `reflector ${server.reflector} ${server.files}` : 'hosted';
    if (pageServer !== undefined && pageServer !== serverKey) {
      this.fail(attempt, 'conflict', `This page already uses another chat server (${pageServer.replace(/^\w+ /, '')}); Croquet allows only one server per page.`);
      return;
    }
    const room = `${serverKey} ${options.appId} ${options.session}`;
    if (openRooms.has(room)) {
      this.fail(attempt, 'conflict', `The room "${options.session}" is already open in another chat on this page.`);
      return;
    }
    openRooms.add(room);
    attempt.room = room;
    pageServer = serverKey;

    const sink = this.sinkFor(attempt);
    attempt.joinTimer = setTimeout(() => {
      if (this.attempt === attempt && this.status === 'connecting') {
        this.fail(attempt, 'timeout', `The chat server at ${server.label} did not let us into the room within ${JOIN_TIMEOUT_MS / 1000} seconds.`);
      }
    }, JOIN_TIMEOUT_MS);

    let session: CroquetSession<ChatView>;
    try {
      session = (await runtime.Session.join({
        appId: options.appId,
        name: options.session,
        password: options.password,
        ...(server.kind === 'box' ? { box: server.box } : {}),
        ...(server.kind === 'reflector' ? { reflector: server.reflector, files: server.files } : {}),
        ...(server.kind === 'hosted' ? { apiKey: server.apiKey } : {}),
        model: runtime.ChatModel,
        view: runtime.ChatView,
        viewOptions: { sink },
        options: { ...options.modelOptions },
        // A chat in a background tab keeps receiving messages and stays in the participant list.
        autoSleep: false,
        progressReporter: (progress: number) => {
          // -1: SYNC failed. Before we were ever online that means the password check (or reading the
          // room's encrypted state) failed, and Croquet will not retry.
          if (progress === -1 && this.attempt === attempt && this.status === 'connecting') {
            this.fail(attempt, 'password', 'Could not open the room: the password does not match the room\'s password.');
          }
        },
      } as Parameters<Runtime['Session']['join']>[0])) as CroquetSession<ChatView>;
    } catch (error) {
      this.fail(attempt, 'unknown', `Croquet could not join the room: ${describe(error)}`);
      return;
    }
    attempt.session = session;
    if (attempt.ended) void leave(session); // removed (or reconfigured) while joining
  }

  private sinkFor(attempt: Attempt): ChatSink {
    return {
      attached: (view) => {
        if (attempt.ended) {
          view.release();
          return;
        }
        attempt.view = view;
        clearTimeout(attempt.joinTimer);
        clearTimeout(attempt.lostTimer);
        this.error = null;
        this.setStatus('online');
      },
      update: (view, state) => {
        if (attempt.ended || attempt.view !== view) return;
        this.applyState(state);
      },
      detached: (view) => {
        if (attempt.ended || attempt.view !== view) return;
        attempt.view = undefined;
        this.connectionLost(attempt);
      },
      stalled: (view, stalled) => {
        if (attempt.ended || attempt.view !== view) return;
        if (stalled) {
          this.connectionLost(attempt);
        } else if (this.status === 'reconnecting' || this.error?.code === 'connection') {
          clearTimeout(attempt.lostTimer);
          this.error = null;
          this.setStatus('online');
        }
      },
    };
  }

  /** The view is gone or the reflector went quiet: Croquet is reconnecting on its own; give it a while. */
  private connectionLost(attempt: Attempt): void {
    if (this.status !== 'online') return;
    this.setStatus('reconnecting');
    clearTimeout(attempt.lostTimer);
    attempt.lostTimer = setTimeout(() => {
      if (this.attempt === attempt && this.status === 'reconnecting') {
        this.fail(attempt, 'connection', 'Lost the connection to the chat server.');
      }
    }, RECONNECT_TIMEOUT_MS);
  }

  private applyState(state: ChatState): void {
    const previous = this.state;
    this.state = state;
    if (state.messages !== previous.messages) {
      const lastId = previous.messages.length ? previous.messages[previous.messages.length - 1].id : 0;
      const added = state.messages.filter((message) => message.id > lastId);
      // The first state after joining shows existing history: that is not news.
      if (added.length && previous !== EMPTY_STATE) this.callbacks.messages(added);
    }
    if (state.users !== previous.users || state.participants !== previous.participants) {
      this.callbacks.presence(state.participants, state.users);
    }
    this.host.requestUpdate();
  }

  private setStatus(status: ChatStatus): void {
    const previous = this.status;
    if (previous === status) return;
    this.status = status;
    if (status !== 'error') this.error = null;
    this.host.requestUpdate();
    this.callbacks.status(status, previous);
  }

  private fail(attempt: Attempt, code: ChatErrorCode, message: string): void {
    if (this.attempt !== attempt || attempt.ended) return;
    clearTimeout(attempt.joinTimer);
    clearTimeout(attempt.lostTimer);
    this.error = Object.freeze({ code, message });
    this.setStatus('error');
    this.host.requestUpdate();
    this.callbacks.error(this.error);
  }

  /** Ends the current attempt: leaves its session, stops its timers, forgets its state. */
  private end(status: ChatStatus | null): void {
    const attempt = this.attempt;
    if (attempt && !attempt.ended) {
      attempt.ended = true;
      clearTimeout(attempt.joinTimer);
      clearTimeout(attempt.lostTimer);
      attempt.view?.release();
      attempt.view = undefined;
      if (attempt.room) openRooms.delete(attempt.room);
      if (attempt.session) void leave(attempt.session);
    }
    this.attempt = null;
    if (this.state !== EMPTY_STATE) {
      this.state = EMPTY_STATE;
      this.host.requestUpdate();
    }
    if (status) this.setStatus(status);
  }
}

async function leave(session: CroquetSession<ChatView>): Promise<void> {
  try {
    await session.leave();
  } catch {
    // Leaving a session that already failed is not an error worth reporting.
  }
}

/** Any HTTP answer (even 404, even opaque) means the server is there; a network error means it is not. */
async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

function checkOptions(options: ChatConnectionOptions, base: string | undefined): { server: Server } | { error: string } {
  if (!options.session.trim()) return { error: 'No room name: set the session attribute (for example session="lobby").' };
  if (options.session.length > 100) return { error: 'The room name (session attribute) is too long: at most 100 characters.' };
  if (!options.password) return { error: 'The password attribute is empty: remove it to use the public default, or give a password.' };
  if (!APP_ID_PATTERN.test(options.appId) || options.appId.length > 128) {
    return { error: `"${options.appId}" is not a valid app-id: use dot-separated words such as "com.example.chat".` };
  }
  const resolve = (value: string, attribute: string): URL | string => {
    try {
      return new URL(value, base);
    } catch {
      return `"${value}" is not a valid URL for the ${attribute} attribute.`;
    }
  };
  if (options.box) {
    const url = resolve(options.box, 'box');
    if (typeof url === 'string') return { error: url };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `The box attribute must be an http(s) address, not "${options.box}".` };
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    url.search = url.hash = '';
    return { server: { kind: 'box', box: url.href, probe: url.href, label: url.href } };
  }
  if (options.reflector || options.files) {
    if (!options.reflector || !options.files) return { error: 'The reflector and files attributes must be set together (or use box instead).' };
    const reflector = resolve(options.reflector, 'reflector');
    if (typeof reflector === 'string') return { error: reflector };
    const files = resolve(options.files, 'files');
    if (typeof files === 'string') return { error: files };
    return { server: { kind: 'reflector', reflector: reflector.href, files: files.href, probe: files.href, label: reflector.href } };
  }
  if (options.apiKey) return { server: { kind: 'hosted', apiKey: options.apiKey, label: "Croquet's network" } };
  return { error: 'No chat server configured: set the box attribute (your own croquet-chat server) or api-key (Croquet\'s hosted network).' };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
