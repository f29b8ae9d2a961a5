import { View } from './croquet.js';
import type { ChatModel } from './chat-model.js';
import { HISTORY_CHANGED, POST, RESET, USERS_CHANGED, inputScope, outputScope } from './topics.js';
import type { PostPayload, ResetPayload } from './topics.js';
import type { ChatMessage, ChatUser } from './types.js';

export { ChatModel } from './chat-model.js';
export { App, Session } from './croquet.js';

/** Everything the element renders, rebuilt from the model after each change. */
export interface ChatState {
  /** This view's own nickname. */
  readonly nickname: string;
  readonly participants: number;
  readonly users: readonly ChatUser[];
  /** The history; unchanged entries keep their object identity from one state to the next. */
  readonly messages: readonly ChatMessage[];
}

/** The narrow interface a `ChatView` talks to; implemented by `ChatSessionController`. */
export interface ChatSink {
  /** A view for the session is up: after joining, and again after each reconnect. */
  attached(view: ChatView): void;
  /** The state changed (also called once right after `attached`). */
  update(view: ChatView, state: ChatState): void;
  /** Croquet took the view down: a lost connection (it may come back), a fatal error, or leaving. */
  detached(view: ChatView): void;
  /**
   * Nothing came from the reflector for {@link STALL_MS} (true), or it is back (false). Croquet keeps the
   * view while it reconnects, and while it is disconnected it publishes nothing to views, so the view
   * watches the reflector's clock itself.
   */
  stalled(view: ChatView, stalled: boolean): void;
}

/** Milliseconds without any message or tick from the reflector (it ticks 20 times a second) before the view reports a stall. */
export const STALL_MS = 3_000;
/** How often the view checks for a stall, in ms. */
const STALL_CHECK_MS = 1_000;

/** What `Session.join({viewOptions})` passes to the root view. Not serialized: it stays in this page. */
export interface ChatViewOptions {
  sink: ChatSink;
}

/**
 * The Croquet root view: the only code that sees both the model and the element's side.
 *
 * It rebuilds the whole state from the model when constructed, re-reads the model whenever the model
 * says something changed, and publishes user input as events. It never writes to the model.
 * Change notifications carry no data and reading is idempotent, so an event that reaches this view
 * twice (Croquet's view pub/sub is page-global) costs a re-read, nothing more.
 */
export class ChatView extends View {
  private readonly model: ChatModel;
  private sink: ChatSink | null;
  /** Copies of history entries by id, so unchanged entries keep their identity (and their DOM). */
  private readonly copies = new Map<number, ChatMessage>();
  private state: ChatState | null = null;
  private stallTimer: ReturnType<typeof setInterval> | undefined;
  private isStalled = false;

  constructor(model: ChatModel, options: ChatViewOptions) {
    super(model);
    this.model = model;
    this.sink = options.sink;
    const scope = outputScope(model.sessionId);
    this.subscribe(scope, { event: HISTORY_CHANGED, handling: 'oncePerFrame' }, () => this.refresh());
    this.subscribe(scope, { event: USERS_CHANGED, handling: 'oncePerFrame' }, () => this.refresh());
    this.sink.attached(this);
    this.refresh();
    this.stallTimer = setInterval(() => this.checkStall(), STALL_CHECK_MS);
    // The tutorial's rule: a newcomer who is alone with a history it had no part in resets it.
    // (The model re-checks the condition when the event arrives.)
    if (model.participants === 1 && !model.history.some((entry) => entry.viewId === this.viewId)) {
      this.publish<ResetPayload>(inputScope(model.sessionId), RESET, { viewId: this.viewId, reason: 'newcomer' });
    }
  }

  /** Posts `text`; the exact text `/reset` resets the room instead, as in the tutorial. */
  post(text: string): void {
    if (this.sink === null) return;
    if (text.trim() === '/reset') {
      this.reset();
      return;
    }
    this.publish<PostPayload>(inputScope(this.model.sessionId), POST, { viewId: this.viewId, text });
  }

  /** Asks the model to reset the history "at user request". */
  reset(): void {
    if (this.sink === null) return;
    this.publish<ResetPayload>(inputScope(this.model.sessionId), RESET, { viewId: this.viewId, reason: 'user' });
  }

  /** Stops reporting to the sink (before the controller leaves the session on purpose). */
  release(): void {
    this.sink = null;
    clearInterval(this.stallTimer);
  }

  override detach(): void {
    const sink = this.sink;
    this.release();
    super.detach();
    sink?.detached(this);
  }

  /** Time since the reflector last said anything: extrapolated time keeps running, external time stops. */
  private checkStall(): void {
    if (this.sink === null) return; // release() and detach() also stop this timer
    const stalled = this.extrapolatedNow() - this.externalNow() > STALL_MS;
    if (stalled === this.isStalled) return;
    this.isStalled = stalled;
    this.sink.stalled(this, stalled);
  }

  private refresh(): void {
    if (this.sink === null) return;
    const model = this.model;
    const previous = this.state;
    // Model time → this browser's clock, for display only.
    const offset = Date.now() - this.extrapolatedNow();
    let changed = previous === null || previous.messages.length !== model.history.length;
    const messages = model.history.map((entry, index) => {
      let copy = this.copies.get(entry.id);
      if (copy === undefined) {
        copy = Object.freeze({
          id: entry.id,
          kind: entry.kind,
          viewId: entry.viewId,
          nickname: entry.nickname,
          text: entry.text,
          time: entry.time,
          localTime: Math.round(entry.time + offset),
          own: entry.kind === 'post' && entry.viewId === this.viewId,
        });
        this.copies.set(entry.id, copy);
      }
      if (!changed && previous!.messages[index] !== copy) changed = true;
      return copy;
    });
    if (this.copies.size > messages.length) {
      const current = new Set(messages.map((message) => message.id));
      for (const id of this.copies.keys()) if (!current.has(id)) this.copies.delete(id);
    }
    const users = [...model.views].map(([viewId, nickname]) => Object.freeze({ viewId, nickname }));
    const nickname = model.views.get(this.viewId) ?? model.nicknameOf(this.viewId) ?? '';
    const sameUsers =
      previous !== null &&
      previous.users.length === users.length &&
      previous.users.every((user, i) => user.viewId === users[i].viewId && user.nickname === users[i].nickname);
    if (!changed && sameUsers && previous!.nickname === nickname && previous!.participants === model.participants) return;
    this.state = Object.freeze({
      nickname,
      participants: model.participants,
      users: sameUsers ? previous!.users : Object.freeze(users),
      messages: changed ? Object.freeze(messages) : previous!.messages,
    });
    this.sink.update(this, this.state);
  }
}
