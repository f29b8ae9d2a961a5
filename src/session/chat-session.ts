import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CroquetSession } from '../croquet.js';
import { afterNextPaint } from './after-paint.js';
import { checkOptions, reachable, serverKey, type ChatConnectionOptions, type Server } from './chat-server-options.js';
import type { ChatSink, ChatState, ChatView } from './chat-view.js';
import type { SessionData } from './image-data.js';
import { ImageSender } from './image-sender.js';
import { joinParameters } from './join-parameters.js';
import { Outbox, isPostId, type PendingPost } from './outbox.js';
import { personKeyFor, type PersonKey } from './person-key.js';
import { PostAllowance } from './post-allowance.js';
// Not room-entries.js's readRules: it checks site keys with noble, which belongs in the runtime, not the shell.
import { postRule, readPacing } from '../model/flood-control.js';
import { retryDelay } from './retry-delay.js';
import { RoomActions } from './room-actions.js';
import { claimRoom, leave, loadRuntime, releaseRoom, type Runtime } from './page-rooms.js';
import { claimSharedName, setSharedName, sharedName, watchSharedName } from './shared-name.js';
import { nameKey, normalizeName } from '../model/names.js';
import type { ChatErrorCode, ChatImage, ChatMessage, ChatModeration, ChatStatus, ChatUser } from '../types.js';

export type { ChatConnectionOptions } from './chat-server-options.js';

/** The password used when none is given: fine for public rooms, where anyone may read along. */
export const DEFAULT_PASSWORD = 'croquet-chat-public';
/** The Croquet app id used when none is given. Rooms are named within an app id. */
export const DEFAULT_APP_ID = 'croquet-chat.widget';

/** How long joining may take (connect, SYNC, catching up) before the element says it is offline, in ms. */
export const JOIN_TIMEOUT_MS = 20_000;
/**
 * How long a lost connection may stay `reconnecting` (Croquet's own seamless rejoin) before the element
 * leaves the session, says it is `offline` and retries on its own schedule, in ms.
 */
export const RECONNECT_TIMEOUT_MS = 5_000;
/** A person's typing notices go out at most this often (ms); the model lets each last a few seconds. */
export const TYPING_THROTTLE_MS = 3_000;

/**
 * Why the element is in the error state, or (while offline or reconnecting) what keeps it from the
 * server: a code for programs and a sentence for developers.
 */
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
  /** This person's id (their public key) is known: once per attempt, before the room is joined. */
  identity(personId: string): void;
  /** A moderation action landed in the room. */
  moderation(action: ChatModeration): void;
}

const NO_PENDING: readonly PendingPost[] = Object.freeze([]);
/** While these last, `post()` accepts text (the outbox keeps it until the room is reachable). */
const ACCEPTING: ReadonlySet<ChatStatus> = new Set(['connecting', 'online', 'reconnecting', 'offline']);

const EMPTY_STATE: ChatState = Object.freeze({
  nickname: '', participants: 0, users: Object.freeze([]), messages: Object.freeze([]), presence: Object.freeze([]), conversation: Object.freeze([]), typing: Object.freeze([]),
  identified: false, personId: '', verified: false, moderator: false, banned: false, verifiedOnly: false, mentionable: Object.freeze([]),
});

/** One connection attempt; async steps belonging to an older attempt notice it and back out. */
interface Attempt {
  readonly key: string;
  server?: Server;
  readonly options: ChatConnectionOptions;
  /** The key that signs for this person (loaded once per attempt, while Croquet loads; see person-key.ts). */
  personKey?: Promise<PersonKey>;
  signingKey?: PersonKey;
  outbox?: Outbox;
  /** Pending posts already handed to the current view while online (resent after a reconnect). */
  readonly sent: Set<string>;
  room?: string;
  session?: CroquetSession<ChatView>;
  view?: ChatView;
  /** The session's latest view, kept after Croquet took it down: leaving cancels Croquet's reconnection through it. */
  lastView?: ChatView;
  joinTimer?: ReturnType<typeof setTimeout>;
  lostTimer?: ReturnType<typeof setTimeout>;
  /** The next paced post (see post-allowance.ts). */
  flushTimer?: ReturnType<typeof setTimeout>;
  readonly allowance: PostAllowance;
  /** While offline: the next try, and when it is due (ms since the epoch). */
  retryTimer?: ReturnType<typeof setTimeout>;
  retryAt?: number;
  /** While a paced post waits for its turn: when it may go (ms since the epoch). */
  nextPostAt?: number;
  /** Stops hearing about this person's shared name (see shared-name.ts). */
  stopWatchingName?: () => void;
  /** Tries since the outage began (the backoff's exponent). */
  tries: number;
  /** A join is under way (Session.join has not returned): the room cannot be left or joined again meanwhile. */
  joining: boolean;
  /** The outage's cause went to the console already (once per outage, not once per try). */
  outageLogged: boolean;
  /** The room was online at least once in this attempt (later troubles are "reconnecting"). */
  wasOnline: boolean;
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
  /** Editing and removing posts, and moderating: see room-actions.ts. */
  readonly actions = new RoomActions(this);
  /** Sending images: see image-sender.ts. */
  readonly images = new ImageSender({
    room: () => JSON.stringify(this.options()),
    data: () => this.imageData,
    whenOnline: () => this.whenOnline(),
    post: (text, options) => this.post(text, options),
    changed: () => this.host.requestUpdate(),
  });
  /** The room's Data API while online (images are stored and loaded with it; see image-data.ts), else undefined. */
  get imageData(): SessionData | undefined {
    return this.status === 'online' ? this.attempt?.session?.data : undefined;
  }

  /** Waiting for the element to be online (image uploads). */
  private onlineWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: () => ChatConnectionOptions;
  private readonly callbacks: ChatSessionCallbacks;
  private attempt: Attempt | null = null;
  /** Posts the room refused for good (muted, banned, not vouched for), oldest first: shown as not sent, with a retry. */
  private failedPosts: readonly PendingPost[] = NO_PENDING;
  private hostIsConnected = false;
  private startQueued = false;
  /** The name the page set on this element (`nickname`), which it keeps whatever the other rooms do; '' to use the shared name. */
  private pinnedName = '';
  private lastTyping = 0;

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
    globalThis.addEventListener?.('online', this.retrySoon);
    globalThis.document?.addEventListener('visibilitychange', this.retrySoon);
    this.configurationChanged();
  }

  hostDisconnected(): void {
    this.hostIsConnected = false;
    globalThis.removeEventListener?.('online', this.retrySoon);
    globalThis.document?.removeEventListener('visibilitychange', this.retrySoon);
    // Leave after the current task, so moving the element within the page does not rejoin.
    queueMicrotask(() => {
      if (!this.hostIsConnected) this.end('offline');
    });
  }

  /** Call when a connection property changed: (re)connects once the current microtask is done. */
  configurationChanged(): void {
    this.failedPosts = NO_PENDING; // they were this room's
    if (this.startQueued) return;
    this.startQueued = true;
    queueMicrotask(() => {
      this.startQueued = false;
      if (this.hostIsConnected) void this.start();
    });
  }

  /**
   * Posts waiting for the room, oldest first: those sent while connecting, reconnecting or offline, and a
   * paste's posts still waiting for their turn (see post-allowance.ts). (A post handed
   * to the room while online is in flight for a tick and not shown here; if the connection drops before
   * the room confirms it, it is pending again and resent.)
   */
  get pending(): readonly PendingPost[] {
    const attempt = this.attempt;
    const all = attempt?.outbox?.pending ?? NO_PENDING;
    return attempt && attempt.sent.size ? all.filter((post) => !attempt.sent.has(post.clientId)) : all;
  }

  /** Posts the room refused for good while they waited (this person was muted or banned meanwhile, or is not vouched for where only vouched people post). */
  get failed(): readonly PendingPost[] {
    return this.failedPosts;
  }

  /** Sends a refused post again (as a new post, at the end); returns false, and keeps it, while the room would still refuse it. */
  retryFailed(clientId: string): boolean {
    const post = this.failedPosts.find((item) => item.clientId === clientId);
    if (!post || !this.post(post.text, { replyTo: post.replyTo, image: post.image ?? undefined })) return false;
    this.discardFailed(clientId);
    return true;
  }

  /** Forgets a refused post. */
  discardFailed(clientId: string): void {
    this.failedPosts = Object.freeze(this.failedPosts.filter((item) => item.clientId !== clientId));
    this.host.requestUpdate();
  }

  /** While offline, when the next try to reach the server is due (ms since the epoch); null while a try is under way or when not offline. */
  get retryAt(): number | null {
    return this.status === 'offline' ? (this.attempt?.retryAt ?? null) : null;
  }

  /** While offline (and no try is under way): tries to reach the server now. Returns whether a try started. */
  retryNow(): boolean {
    const attempt = this.attempt;
    if (!attempt || attempt.ended || this.status !== 'offline' || attempt.joining || attempt.retryAt === undefined) return false;
    clearTimeout(attempt.retryTimer);
    attempt.retryTimer = attempt.retryAt = undefined;
    void this.connect(attempt);
    return true;
  }

  /** The browser is back online, or the page became visible: a good moment to try at once. */
  private readonly retrySoon = (): void => {
    if (globalThis.document?.visibilityState === 'hidden') return;
    this.retryNow();
  };

  /** The name to show: the room's for this person, else (before the room says, and offline) the one they go by in the app's rooms. */
  get displayName(): string {
    return this.state.nickname || this.wantedName(this.options());
  }

  /** This person's id in the room (their public key, base64url), once the key is loaded; '' before. */
  get personId(): string {
    return this.attempt?.signingKey?.personId ?? '';
  }

  /** While a post waits for its turn under the room's flood control: when it may go (ms since the epoch); else null. */
  get nextPostAt(): number | null {
    return this.attempt?.nextPostAt ?? null;
  }

  /** The room's slow mode in seconds (0: the default pace). */
  get slowMode(): number {
    return readPacing(this.options().modelOptions).slowMode;
  }

  /** Whether `reset` may be used in this room (the `reset` attribute is not `none`). */
  get resetAllowed(): boolean {
    const rule = this.options().modelOptions?.reset;
    return rule !== 'none' && (rule !== 'moderators' || this.state.moderator);
  }

  /** Whether the room stores this person's posts now: not while muted or banned, nor unvouched in a verified-only room. */
  get maySend(): boolean {
    const { state } = this;
    return state.mutedUntil === undefined && !state.banned && !(state.verifiedOnly && !state.verified);
  }

  /** The room's view while there is one (RoomActions acts through it while online). */
  get view(): ChatView | undefined {
    return this.attempt?.view;
  }

  /**
   * Sends `text` as this person: at once when online, else kept in the outbox until the room is back.
   * `options.replyTo`: the id of the post it answers (0 or absent for none). `/reset` resets the room
   * instead (when the room allows it). Returns whether the text was accepted (false for a `replyTo` that
   * is not a post id).
   */
  post(text: string, options: { replyTo?: number; image?: ChatImage } = {}): boolean {
    const attempt = this.attempt;
    const replyTo = options?.replyTo ?? 0;
    const image = options?.image ?? null;
    if (typeof text !== 'string' || (text.trim() === '' && image === null) || !attempt?.outbox || !ACCEPTING.has(this.status)) return false;
    // The page just moved the element to another room (or changed its rules): this connection is the old
    // room's, and its outbox would post the text there, on this visit or the next. Not until the new one is open.
    if (attempt.key !== JSON.stringify(this.options())) return false;
    if (replyTo !== 0 && !isPostId(replyTo)) return false;
    if (text.trim() === '/reset' && this.resetAllowed && image === null) return this.reset();
    if (!this.maySend || !attempt.outbox.add(text, Date.now(), replyTo, image)) return false;
    this.flush(attempt);
    this.host.requestUpdate();
    return true;
  }

  /**
   * Toggles this person's reaction `emoji` on post `id` (see room-actions.ts). Returns false when not
   * online, not allowed (muted, banned, over the pace, a removed post) or invalid (not one emoji).
   */
  react(id: number, emoji: string): boolean {
    return this.actions.react(id, emoji);
  }

  /**
   * Whether a reaction may go now under the room's flood control, which counts reactions like posts;
   * counts it when it may. Posts waiting for their turn go first.
   */
  takeReactionTurn(): boolean {
    const attempt = this.attempt;
    if (!attempt || attempt.flushTimer !== undefined) return false;
    return attempt.allowance.take(Date.now()) === 0;
  }

  /** Resets the room's history for everyone. Returns false when not online or the room's rules forbid it. */
  reset(): boolean {
    const view = this.attempt?.view;
    if (this.status !== 'online' || !view || !this.resetAllowed) return false;
    view.reset();
    return true;
  }

  /**
   * The person renames themselves (the header's form): the name becomes theirs in every room of the app
   * id, open here or in other tabs, and on later visits; this element follows that name from now on.
   * The room may adjust it ("Ada 2"); `state.nickname` tells.
   */
  rename(name: string): void {
    const chosen = normalizeName(name);
    if (!chosen) return;
    this.pinnedName = '';
    const { appId, userId } = this.options();
    // Unchanged shared name (the room gave "Ada 2" for it, and "Ada" is free again): only this room asks.
    if (!setSharedName(appId, userId, chosen) && this.attempt) this.askForName(this.attempt);
  }

  /**
   * The page set `nickname`: this element keeps that name whatever the other rooms do ('' follows the
   * shared name again). Set while the element is in a room, it is also a rename, carried to the others.
   */
  pinName(name: string): void {
    this.pinnedName = normalizeName(name);
    const attempt = this.attempt;
    if (!attempt || attempt.ended) return; // before joining: the name it joins with, for this element only
    setSharedName(attempt.options.appId, attempt.options.userId, this.pinnedName);
    this.askForName(attempt);
  }

  /**
   * Why the room would not give this person `name` as it is: `empty` when nothing usable is left after the
   * room's clean-up, `taken` when another person the room knows (here, or remembered from an earlier
   * visit) holds it in any case; null when it would (your own current name included).
   */
  nameProblem(name: string): 'empty' | 'taken' | null {
    const wanted = normalizeName(name);
    if (wanted === '') return 'empty';
    if (wanted === this.state.nickname) return null;
    const view = this.attempt?.view;
    const taken = view
      ? view.isNameHeldByAnother(wanted)
      : this.state.users.some((user) => !user.self && nameKey(user.nickname) === nameKey(wanted));
    return taken ? 'taken' : null;
  }

  /** The name this element asks its room for: the page's, else the one this person uses in every room ('' for a random one). */
  private wantedName(options: ChatConnectionOptions): string {
    return this.pinnedName || sharedName(options.appId, options.userId);
  }

  /** While online: asks the room for the wanted name if this person goes by another one here (not when the site names them). */
  private askForName(attempt: Attempt): void {
    const wanted = this.wantedName(attempt.options);
    const { nickname, verified } = this.state;
    if (this.attempt !== attempt || this.status !== 'online' || verified || !wanted || !nickname || wanted === nickname) return;
    attempt.view?.rename(wanted);
  }

  /** Tells the room this person is typing, at most every {@link TYPING_THROTTLE_MS}. */
  typing(): void {
    const now = Date.now();
    if (this.status !== 'online' || now - this.lastTyping < TYPING_THROTTLE_MS) return;
    this.lastTyping = now;
    this.attempt?.view?.typing();
  }

  /** Hands the current view every pending post it has not had yet, in order, as the allowance permits. */
  private flush(attempt: Attempt): void {
    const view = attempt.view;
    if (this.status !== 'online' || !view || !attempt.outbox || attempt.flushTimer !== undefined) return;
    for (const post of attempt.outbox.pending) {
      if (attempt.sent.has(post.clientId)) continue;
      const wait = attempt.allowance.take(Date.now());
      if (wait > 0) {
        attempt.nextPostAt = Date.now() + wait;
        attempt.flushTimer = setTimeout(() => {
          attempt.flushTimer = attempt.nextPostAt = undefined;
          if (this.attempt === attempt) this.flush(attempt);
        }, wait);
        this.host.requestUpdate();
        return;
      }
      attempt.sent.add(post.clientId);
      view.post(post.text, post.clientId, post.wallTime, post.replyTo, post.image ?? undefined);
      this.host.requestUpdate(); // it is in flight now, no longer shown as waiting
    }
  }

  /** Online (again): everything still pending goes out, to this view; the model drops what it already has. */
  private backOnline(attempt: Attempt): void {
    attempt.sent.clear();
    attempt.tries = 0;
    attempt.outageLogged = false;
    attempt.wasOnline = true;
    this.error = null;
    this.setStatus('online');
    // The first name a room gives this person is theirs in every room, unless they have one. Not a name
    // the page set (that is this element's), nor the site's name for someone it vouches for.
    const { appId, userId } = attempt.options;
    if (!this.pinnedName && !this.state.verified && this.state.nickname) claimSharedName(appId, userId, this.state.nickname);
    this.askForName(attempt);
    this.flush(attempt);
  }

  private async start(): Promise<void> {
    const options = this.options();
    const key = JSON.stringify(options);
    if (this.attempt && !this.attempt.ended && this.attempt.key === key) return; // nothing changed
    this.end(null);

    const checked = checkOptions(options, this.host.ownerDocument?.baseURI ?? globalThis.location?.href);
    const allowance = new PostAllowance(postRule(readPacing(options.modelOptions)));
    const attempt: Attempt = { key, options, sent: new Set(), allowance, tries: 0, joining: false, outageLogged: false, wasOnline: false, ended: false };
    this.attempt = attempt;
    if ('error' in checked) {
      this.fail(attempt, 'config', checked.error);
      return;
    }
    attempt.server = checked.server;
    attempt.stopWatchingName = watchSharedName(options.appId, options.userId, () => {
      if (!this.pinnedName) this.askForName(attempt);
    });
    this.setStatus('connecting');
    // The key's storage (a first visit's database takes tens of ms to create) and the reachability check
    // wait on the browser and the network, not the main thread, so they start now. Before the first paint
    // only the widget's frame: Croquet and the outbox's storage come after it.
    attempt.personKey = personKeyFor(options.appId, options.userId);
    const probe = probeFor(checked.server);
    await afterNextPaint();
    if (attempt.ended) return;
    attempt.outbox = new Outbox(`croquet-chat:${options.appId}:${options.session}:${options.userId}:outbox`);
    if (attempt.outbox.pending.length) this.host.requestUpdate(); // posts a reload left unsent
    await this.connect(attempt, probe); // the first try's check, already under way
  }

  /**
   * One try to get into the room: load Croquet, check the server answers, join. Network trouble on the
   * way makes the element `offline` and schedules the next try; only what no retry can fix is an error.
   * `started` is this try's reachability check when it began earlier (the first try's, before the paint).
   */
  private async connect(attempt: Attempt, started?: Promise<boolean>): Promise<void> {
    const { options, server } = attempt;
    if (!server || !attempt.personKey) return;
    const probe = started ?? probeFor(server);
    if (this.status === 'offline') this.host.requestUpdate(); // the bar says a try is under way
    // The reachability check runs while Croquet loads: one waits on the network, the other mostly on the CPU.
    let runtime: Runtime;
    let key: PersonKey;
    try {
      [runtime, key] = await Promise.all([loadRuntime(), attempt.personKey]);
    } catch (error) {
      // Almost always the network (the runtime is a second file from the same place as the element).
      this.offline(attempt, 'unreachable', `Could not load the Croquet library (${describe(error)}).`);
      return;
    }
    if (attempt.ended) return;
    if (!attempt.signingKey) {
      attempt.signingKey = key;
      this.callbacks.identity(key.personId);
    }

    if (!(await probe)) {
      this.offline(attempt, 'unreachable', `Cannot reach the chat server at ${server.label}.`);
      return;
    }
    if (attempt.ended) return;

    const onServer = serverKey(server);
    const room = `${onServer} ${options.appId} ${options.session} ${JSON.stringify(options.modelOptions ?? {})}`; // other rules, another session
    const conflict = claimRoom(onServer, room, options.session);
    if (conflict) {
      this.fail(attempt, 'conflict', conflict);
      return;
    }
    attempt.room = room;
    if (this.status === 'offline') this.setStatus(attempt.wasOnline ? 'reconnecting' : 'connecting');

    const sink = this.sinkFor(attempt);
    this.armJoinTimer(attempt, server);

    const parameters = joinParameters({
      runtime,
      server,
      options,
      viewOptions: { sink, key, name: () => this.wantedName(options), token: options.userToken },
      onSyncFailed: () => {
        // Before we were ever online a failed SYNC means the password check (or reading the room's
        // encrypted state) failed.
        if (this.attempt === attempt && !attempt.wasOnline) {
          this.fail(attempt, 'password', 'Could not open the room: the password does not match the room\'s password.');
        }
      },
    });
    let session: CroquetSession<ChatView>;
    attempt.joining = true;
    try {
      session = (await runtime.Session.join(parameters)) as CroquetSession<ChatView>;
    } catch (error) {
      this.fail(attempt, 'unknown', `Croquet could not join the room: ${describe(error)}`);
      return;
    } finally {
      attempt.joining = false;
    }
    attempt.session = session;
    if (attempt.ended) {
      void leave(session); // removed (or reconfigured) while joining
    } else if (this.status === 'offline') {
      // The join outlasted JOIN_TIMEOUT_MS, but Croquet got in after all: wait for the room to know us.
      this.setStatus(attempt.wasOnline ? 'reconnecting' : 'connecting');
      this.armJoinTimer(attempt, server);
    }
  }

  /** Goes offline (and retries) unless the room knows this view within {@link JOIN_TIMEOUT_MS}. */
  private armJoinTimer(attempt: Attempt, server: Server): void {
    clearTimeout(attempt.joinTimer);
    attempt.joinTimer = setTimeout(() => {
      if (this.attempt !== attempt || (this.status !== 'connecting' && this.status !== 'reconnecting')) return;
      this.offline(attempt, 'timeout', `The chat server at ${server.label} did not let us into the room within ${JOIN_TIMEOUT_MS / 1000} seconds.`);
    }, JOIN_TIMEOUT_MS);
  }

  private sinkFor(attempt: Attempt): ChatSink {
    return {
      attached: (view) => {
        if (attempt.ended) {
          view.release();
          return;
        }
        attempt.view = attempt.lastView = view; // online once the room knows who this view is (see update)
      },
      update: (view, state) => {
        if (attempt.ended || attempt.view !== view) return;
        this.applyState(attempt, state);
        if (state.identified && this.status !== 'online' && this.status !== 'error') {
          clearTimeout(attempt.joinTimer);
          clearTimeout(attempt.lostTimer);
          this.backOnline(attempt);
        }
      },
      detached: (view) => {
        if (attempt.ended || attempt.view !== view) return;
        attempt.view = undefined;
        this.connectionLost(attempt);
      },
      refused: (view, clientId, reason, retryIn) => {
        if (attempt.ended || attempt.view !== view || !attempt.sent.delete(clientId)) return;
        if (reason !== 'pace') {
          // In the room already (a resend): done with. Refused for as long as this person is muted, banned,
          // or not vouched for in a verified-only room: out of the outbox, shown as not sent, for a retry.
          const refused = attempt.outbox?.pending.find((post) => post.clientId === clientId);
          if (refused && reason !== 'duplicate') this.failedPosts = Object.freeze([...this.failedPosts, refused]);
          attempt.outbox?.confirm(new Set([clientId]));
          this.host.requestUpdate();
          return;
        }
        // Over the room's allowance (another tab of this person posted too): send it again when the room takes it.
        attempt.allowance.holdFor(Date.now(), retryIn);
        clearTimeout(attempt.flushTimer);
        attempt.flushTimer = undefined;
        this.flush(attempt);
      },
      claimed: (view) => {
        if (attempt.ended || attempt.view !== view) return;
        // A fresh join gets a fresh view id, which nobody can have claimed before it exists.
        this.offline(attempt, 'connection', 'Another key claimed this page\'s place in the room; joining it again.');
        this.retryNow();
      },
      moderation: (view, action) => {
        if (!attempt.ended && attempt.view === view) this.callbacks.moderation(action);
      },
      stalled: (view, stalled) => {
        if (attempt.ended || attempt.view !== view) return;
        if (stalled) {
          this.connectionLost(attempt);
        } else if (this.status === 'reconnecting') {
          clearTimeout(attempt.lostTimer);
          this.backOnline(attempt);
        }
      },
    };
  }

  /**
   * The view is gone or the reflector went quiet: Croquet tries to rejoin seamlessly on its own. If that
   * has not worked within {@link RECONNECT_TIMEOUT_MS}, the element goes offline and retries itself.
   */
  private connectionLost(attempt: Attempt): void {
    if (this.status !== 'online') return;
    this.setStatus('reconnecting');
    clearTimeout(attempt.lostTimer);
    attempt.lostTimer = setTimeout(() => {
      if (this.attempt === attempt && this.status === 'reconnecting') this.offline(attempt, 'connection', 'Lost the connection to the chat server.');
    }, RECONNECT_TIMEOUT_MS);
  }

  /**
   * Network trouble: leaves the Croquet session (so Croquet stops its own reconnecting), keeps the last
   * state, the outbox and the draft, says `offline`, and schedules the next try. `code` and `message`
   * say why, for developers (`errorCode`, `errorMessage`, and the console once per outage).
   */
  private offline(attempt: Attempt, code: ChatErrorCode, message: string): void {
    if (this.attempt !== attempt || attempt.ended) return;
    clearTimeout(attempt.joinTimer);
    clearTimeout(attempt.lostTimer);
    clearTimeout(attempt.retryTimer);
    if (!attempt.joining) this.leaveRoom(attempt);
    this.error = Object.freeze({ code, message });
    if (!attempt.outageLogged) {
      attempt.outageLogged = true;
      console.warn(`<croquet-chat> offline, retrying: ${message}`);
    }
    this.setStatus('offline');
    // A join still under way keeps Croquet trying on its own; it ends online, or offline again (connect()).
    if (attempt.joining) {
      attempt.retryAt = undefined;
    } else {
      const delay = retryDelay(attempt.tries++, Math.random());
      attempt.retryAt = Date.now() + delay;
      attempt.retryTimer = setTimeout(() => {
        attempt.retryTimer = attempt.retryAt = undefined;
        if (this.attempt === attempt && this.status === 'offline') void this.connect(attempt);
      }, delay);
    }
    this.host.requestUpdate();
  }

  /** Leaves the attempt's Croquet session, if any, and frees its room for the next try. */
  private leaveRoom(attempt: Attempt): void {
    attempt.view?.release();
    attempt.view = undefined;
    if (attempt.room) releaseRoom(attempt.room);
    attempt.room = undefined;
    if (attempt.session) void leave(attempt.session);
    attempt.lastView?.cancelReconnection(); // after leave() began: from then on Croquet schedules no new try
    attempt.lastView = undefined;
    attempt.session = undefined;
  }

  private applyState(attempt: Attempt, state: ChatState): void {
    const previous = this.state;
    this.state = state;
    if (state.messages !== previous.messages && attempt.outbox?.pending.length) {
      const confirmed = new Set(state.messages.filter((message) => message.self && message.clientId).map((message) => message.clientId));
      attempt.outbox.confirm(confirmed);
    }
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

  /** Resolves once online; rejects on an error retrying cannot fix, or when the element leaves the page. */
  private whenOnline(): Promise<void> {
    if (this.status === 'online') return Promise.resolve();
    if (this.status === 'error' || !this.hostIsConnected) return Promise.reject(new Error('The chat is not in a room.'));
    return new Promise((resolve, reject) => this.onlineWaiters.push({ resolve, reject }));
  }

  private settleOnlineWaiters(online: boolean): void {
    const waiters = this.onlineWaiters;
    this.onlineWaiters = [];
    for (const waiter of waiters) {
      if (online) waiter.resolve();
      else waiter.reject(new Error('The chat is not in a room.'));
    }
  }

  private setStatus(status: ChatStatus): void {
    const previous = this.status;
    if (previous === status) return;
    this.status = status;
    if (status === 'online' || status === 'error') this.settleOnlineWaiters(status === 'online');
    // Offline and reconnecting keep the cause of the trouble (errorCode, errorMessage) until back online.
    if (status === 'online' || status === 'connecting') this.error = null;
    this.host.requestUpdate();
    this.callbacks.status(status, previous);
  }

  /** What no retry can fix (configuration, password, a conflict on the page): the error state. */
  private fail(attempt: Attempt, code: ChatErrorCode, message: string): void {
    if (this.attempt !== attempt || attempt.ended) return;
    clearTimeout(attempt.joinTimer);
    clearTimeout(attempt.lostTimer);
    clearTimeout(attempt.retryTimer);
    attempt.retryAt = undefined;
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
      clearTimeout(attempt.retryTimer);
      clearTimeout(attempt.flushTimer);
      attempt.stopWatchingName?.();
      this.leaveRoom(attempt);
    }
    this.attempt = null;
    this.error = null;
    if (!this.hostIsConnected) this.settleOnlineWaiters(false);
    if (this.state !== EMPTY_STATE) {
      this.state = EMPTY_STATE;
      this.host.requestUpdate();
    }
    if (status) this.setStatus(status);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the chat server answers (a hosted network is taken as reachable: Croquet finds its own way there). */
function probeFor(server: Server): Promise<boolean> {
  return server.kind === 'hosted' ? Promise.resolve(true) : reachable(server.probe);
}
