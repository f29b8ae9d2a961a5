import { View } from '../croquet.js';
import { toBase64url } from '../model/base64url.js';
import type { ChatModel } from '../model/chat-model.js';
import { nameKey } from '../model/names.js';
import { noteOwnSignature } from '../model/signatures.js';
import { ALT, BAN, DELETE, EDIT, HISTORY_CHANGED, IDENTIFY, MODERATION, MUTE, POST, POST_REFUSED, REACT, RENAME, RESET, TYPING, TYPING_CHANGED, UNMUTE, USERS_CHANGED } from '../model/topics.js';
import { actMessage, identifyMessage, inputScope, outputScope } from '../model/topics.js';
import type { AltPayload, DeletePayload, EditPayload, IdentifyPayload, MutePayload, PostPayload, PostRefusedPayload, ReactPayload, RenamePayload, ResetPayload } from '../model/topics.js';
import type { Signed, SignedEvent, TargetPayload } from '../model/topics.js';
import type { PersonKey } from './person-key.js';
import type { ChatEntry, ChatImage, ChatMessage, ChatModeration, ChatUser } from '../types.js';

/** An image stored with Croquet's Data API, as a post carries it. */
export type PostedImage = ChatImage;

export { ChatModel } from '../model/chat-model.js';
export { App, Session } from '../croquet.js';
/** The signer of browsers without Ed25519 in WebCrypto (person-key.ts): the copy of noble the model verifies with. */
export { ed25519 } from '@noble/curves/ed25519.js';

/** Everything the element renders, rebuilt from the model after each change. */
export interface ChatState {
  /** This person's name in the room. */
  readonly nickname: string;
  /** Number of views (tabs) in the room. */
  readonly participants: number;
  /** The people in the room, in order of arrival. */
  readonly users: readonly ChatUser[];
  /** The history; unchanged entries keep their object identity from one state to the next. */
  readonly messages: readonly ChatMessage[];
  /** "A joined" / "A left" lines. */
  readonly presence: readonly ChatMessage[];
  /** `messages` and `presence` merged in the order they happened: what the log shows. */
  readonly conversation: readonly ChatMessage[];
  /**
   * The people a post may mention, for the composer's "@" suggestions: those here first (in order of
   * arrival), then those the room remembers, most recently seen first. Never this person or the banned.
   */
  readonly mentionable: readonly MentionablePerson[];
  /** Names of the other people typing now. */
  readonly typing: readonly string[];
  /** Whether the room knows who this view is yet (its identify event arrived). */
  readonly identified: boolean;
  /** This person's id in the room: their key, or `site:<sub>` when the site vouches for them. */
  readonly personId: string;
  /** The site vouches for this person. */
  readonly verified: boolean;
  /** This person may moderate the room. */
  readonly moderator: boolean;
  /** While this person is muted: when it ends (ms since the epoch), or null until a moderator unmutes. Undefined when not muted. */
  readonly mutedUntil?: number | null;
  /** A moderator banned this person from the room. */
  readonly banned: boolean;
  /** The room lets only people the site vouches for post (its checked `verifiedOnly` rule). */
  readonly verifiedOnly: boolean;
}

/** Someone a post may mention. */
export interface MentionablePerson {
  readonly personId: string;
  readonly nickname: string;
  /** In the room now (else remembered from an earlier visit). */
  readonly present: boolean;
}

/** The most remembered people offered for mentions (the room remembers up to a thousand). */
const MAX_MENTIONABLE = 200;

/** The narrow interface a `ChatView` talks to; implemented by `ChatSessionController`. */
export interface ChatSink {
  /** A view for the session is up: after joining, and again after each reconnect. */
  attached(view: ChatView): void;
  /** The state changed (also called once soon after `attached`, as soon as the view has introduced itself to the room). */
  update(view: ChatView, state: ChatState): void;
  /** Croquet took the view down: a lost connection (it may come back), a fatal error, or leaving. */
  detached(view: ChatView): void;
  /**
   * Nothing came from the reflector for {@link STALL_MS} (true), or it is back (false). Croquet keeps the
   * view while it reconnects, and while it is disconnected it publishes nothing to views, so the view
   * watches the reflector's clock itself.
   */
  stalled(view: ChatView, stalled: boolean): void;
  /** Another key holds this view's place in the room: nothing from this view will count. */
  claimed(view: ChatView): void;
  /** The room did not store this person's post `clientId`: over their allowance (it would in `retryIn` ms), or they may not post now. */
  refused(view: ChatView, clientId: string, reason: PostRefusedPayload['reason'], retryIn: number): void;
  /** A moderation action landed in the room. */
  moderation(view: ChatView, action: ChatModeration): void;
}

/** Milliseconds without any message or tick from the reflector (it ticks once a second: TICKS_PER_SECOND) before the view reports a stall. */
export const STALL_MS = 3_000;
/** How often the view checks for a stall, in ms. */
const STALL_CHECK_MS = 1_000;

/** What `Session.join({viewOptions})` passes to the root view. Not serialized: it stays in this page. */
export interface ChatViewOptions {
  sink: ChatSink;
  /** Who this view belongs to: the key that signs its events (the person id is its public key). */
  key: PersonKey;
  /** The name this person asks for ('' for a random one), read when the view introduces itself (a view comes back after an outage). */
  name: () => string;
  /** The site's token vouching for this person (`user-token`), or ''. */
  token: string;
}

/** The part of Croquet 2.0.4's internals that cancelReconnection() reaches (not in its typings). */
interface CroquetViewInternals {
  realm?: { controller?: { connection?: { reconnectTimeout?: ReturnType<typeof setTimeout> } } };
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
  private readonly personId: string;
  private readonly key: PersonKey;
  /** Random per view: the identify binds it to the key, and every later event is signed with it. */
  private readonly binding = toBase64url(crypto.getRandomValues(new Uint8Array(16)));
  /** Counts this view's signed events, so the room can drop a replayed one. */
  private counter = 0;
  /** Signatures come back asynchronously; events go out in the order they were made. */
  private signing: Promise<void> = Promise.resolve();
  private sink: ChatSink | null;
  /**
   * Copies of history entries by id, with the model's entry, the reader and the author's name they were
   * made from, so unchanged entries keep their identity (and their DOM).
   */
  private readonly copies = new Map<number, { source: ChatEntry; me: string; author: string; copy: ChatMessage }>();
  private state: ChatState | null = null;
  /** Whether this view's identify has gone out (see the constructor); no state reaches the sink before. */
  private introduced = false;
  private stallTimer: ReturnType<typeof setInterval> | undefined;
  private isStalled = false;

  constructor(model: ChatModel, options: ChatViewOptions) {
    super(model);
    this.model = model;
    this.sink = options.sink;
    this.key = options.key;
    this.personId = options.key.personId;
    const scope = outputScope(model.sessionId);
    // Not `handling: 'oncePerFrame'`: Croquet runs those handlers only in animation frames, which a hidden
    // tab or an iframe out of sight never gets, so a background chat would stop updating. Instead every
    // change asks for one refresh after the current task (a catch-up burst of events is still one refresh).
    for (const event of [HISTORY_CHANGED, USERS_CHANGED, TYPING_CHANGED]) this.subscribe(scope, event, () => this.scheduleRefresh());
    this.subscribe(scope, POST_REFUSED, (refusal: PostRefusedPayload) => {
      if (refusal.personId === this.person()) this.sink?.refused(this, refusal.clientId, refusal.reason, refusal.retryIn);
    });
    this.subscribe(scope, MODERATION, (action: ChatModeration) => this.sink?.moderation(this, Object.freeze({ ...action })));
    const identify: Omit<IdentifyPayload, 'sig'> = {
      viewId: this.viewId, person: this.personId, binding: this.binding, time: this.now(), name: options.name(), wallTime: Date.now(), token: options.token,
    };
    this.publishSigned(IDENTIFY, identify, identifyMessage(model.sessionId, identify));
    this.sink.attached(this);
    // The first state waits until the identify is on its way (signing takes a few ms): the history's
    // first render then runs while the room echoes it, and the echo is what brings this view online.
    void this.signing.then(() => {
      this.introduced = true;
      this.refresh();
    });
    this.stallTimer = setInterval(() => this.checkStall(), STALL_CHECK_MS);
    // The tutorial's rule: a newcomer who is alone with a history they had no part in resets it.
    // (The model re-checks the condition, and whether the room's rules want it, when the event arrives.)
    const ownPost = model.history.some((entry) => entry.personId === this.person());
    if (model.rules.newcomerReset && model.participants === 1 && !ownPost) this.act<ResetPayload>(RESET, { reason: 'newcomer', wallTime: Date.now() });
  }

  /**
   * Posts `text` as this person; `clientId` (unique per post) lets the model drop a resend. `replyTo`: the
   * id of the post it answers (0 for none; the room keeps it only for a post it still has).
   */
  post(text: string, clientId: string, wallTime = Date.now(), replyTo = 0, image?: PostedImage): void {
    const picture = image ? { image: image.handle, imageWidth: image.width, imageHeight: image.height, imageType: image.type, alt: image.alt } : {};
    this.act<PostPayload>(POST, { text, clientId, wallTime, replyTo, ...picture });
  }

  /** Asks the room to change the alt text of the image in this person's post `id`. */
  setAlt(id: number, alt: string): void {
    this.act<AltPayload>(ALT, { id, alt });
  }

  /** Asks the room to add this person's reaction `emoji` to post `id`, or to take it back if they had it. */
  react(id: number, emoji: string): void {
    this.act<ReactPayload>(REACT, { id, emoji });
  }

  /** Asks the model to reset the history "at user request" (the room's rules decide). */
  reset(): void {
    this.act<ResetPayload>(RESET, { reason: 'user', wallTime: Date.now() });
  }

  /** Asks the model for another name; it may adjust it (or refuse a blank one). */
  rename(name: string): void {
    this.act<RenamePayload>(RENAME, { name, wallTime: Date.now() });
  }

  /** Tells the room this person is typing (the caller throttles). */
  typing(): void {
    this.act(TYPING, {});
  }

  /** Asks the room to replace the text of this person's post `id`. */
  edit(id: number, text: string): void {
    this.act<EditPayload>(EDIT, { id, text });
  }

  /** Asks the room to remove post `id` (this person's, or anyone's when they moderate). */
  remove(id: number): void {
    this.act<DeletePayload>(DELETE, { id });
  }

  /** Asks the room to mute `target` for `minutes` (0: until unmuted). */
  mute(target: string, minutes: number): void {
    this.act<MutePayload>(MUTE, { target, minutes });
  }

  /** Asks the room to lift `target`'s mute or ban. */
  unmute(target: string): void {
    this.act<TargetPayload>(UNMUTE, { target });
  }

  /** Asks the room to ban `target`. */
  ban(target: string): void {
    this.act<TargetPayload>(BAN, { target });
  }

  /** Whether a person other than this one holds `name` in the room, present or remembered from an earlier visit (in any case, as the room compares names). */
  isNameHeldByAnother(name: string): boolean {
    const key = nameKey(name);
    const me = this.person();
    for (const [person, held] of this.model.people) if (person !== me && nameKey(held) === key) return true;
    return false;
  }

  /** This person's id in the room: the key, or `site:<sub>` once the room took the site's token. */
  private person(): string {
    return this.isBound() ? this.model.personOf(this.viewId)! : this.personId;
  }

  /** Whether the room bound this view to this key with this view's own binding (its identify, not anyone else's). */
  private isBound(): boolean {
    const present = this.model.views.get(this.viewId);
    return present !== undefined && present.key === this.personId && present.binding === this.binding;
  }

  /** Sends an event that acts for this person: numbered, bound to this view's stay, signed. */
  private act<T extends Signed>(event: SignedEvent, data: Omit<T, keyof Signed>): void {
    const payload = { ...data, viewId: this.viewId, n: ++this.counter, sig: '' } as Signed;
    this.publishSigned(event, payload, actMessage(event, this.model.sessionId, this.binding, payload)!);
  }

  private publishSigned(event: string, payload: object, message: Uint8Array): void {
    const signature = this.key.sign(message);
    this.signing = this.signing
      .then(async () => {
        const sig = toBase64url(await signature);
        if (this.sink === null) return;
        noteOwnSignature(this.personId, sig, message); // this replica need not check it again when it comes back
        this.publish(inputScope(this.model.sessionId), event, { ...payload, sig });
      })
      .catch((error: unknown) => console.warn('<croquet-chat> could not sign an event:', error)); // the outbox sends posts again
  }

  /** Stops reporting to the sink (before the controller leaves the session on purpose). */
  release(): void {
    this.sink = null;
    clearInterval(this.stallTimer);
  }

  /**
   * Cancels the reconnection Croquet may have scheduled for this view's session; call it when leaving on
   * purpose. Croquet's `Session.leave()` clears a timer on its controller, but a disconnected session's
   * next try is a timer on the controller's connection. Left running, it reconnects the session after
   * the leave: the page is in the room twice, once with no one behind it. The view keeps its controller
   * after Croquet took the view down (a controller lasts across reconnections), so this works then too.
   */
  cancelReconnection(): void {
    const connection = (this as unknown as CroquetViewInternals).realm?.controller?.connection;
    if (connection?.reconnectTimeout === undefined) return;
    clearTimeout(connection.reconnectTimeout);
    delete connection.reconnectTimeout;
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

  private refreshQueued = false;

  private scheduleRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.refresh();
    });
  }

  private refresh(): void {
    if (this.sink === null || !this.introduced) return;
    const model = this.model;
    const previous = this.state;
    const me = this.person();
    const messages = sameItems(previous?.messages, model.history.map((entry) => this.copyOf(entry, me)));
    const presence = sameItems(previous?.presence, model.presence.map((entry) => this.copyOf(entry, me)));
    if (this.copies.size > messages.length + presence.length) {
      const current = new Set([...model.history, ...model.presence].map((entry) => entry.id));
      for (const id of this.copies.keys()) if (!current.has(id)) this.copies.delete(id);
    }
    const now = this.now();
    const present = model.presentPeople();
    const firstView = new Map<string, string>();
    for (const [viewId, { person }] of model.views) if (!firstView.has(person)) firstView.set(person, viewId);
    const moderating = model.isModerator(me);
    const users = [...present]
      // The banned are out of the list, but see themselves, and moderators see them (to lift the ban).
      .filter(([personId]) => !model.bans.has(personId) || personId === me || moderating)
      .map(([personId, views]): ChatUser => Object.freeze({
        personId, viewId: firstView.get(personId)!, nickname: model.nameOf(personId) ?? '', views, self: personId === me,
        verified: model.vouched.has(personId), moderator: model.isModerator(personId), muted: model.isMuted(personId, now), banned: model.bans.has(personId),
      }));
    const mentionable: MentionablePerson[] = [];
    for (const [personId] of present) {
      if (personId !== me && !model.bans.has(personId)) mentionable.push(Object.freeze({ personId, nickname: model.nameOf(personId) ?? '', present: true }));
    }
    const remembered = [...model.people].reverse().filter(([personId]) => !present.has(personId) && personId !== me && !model.bans.has(personId));
    for (const [personId, nickname] of remembered.slice(0, MAX_MENTIONABLE)) mentionable.push(Object.freeze({ personId, nickname, present: false }));
    const typing = [...model.typing.keys()].filter((person) => person !== me).map((person) => model.nameOf(person) ?? '');
    const muteEnd = model.mutes.get(me);
    const next: ChatState = {
      personId: me,
      verified: model.vouched.has(me),
      moderator: model.isModerator(me),
      banned: model.bans.has(me),
      verifiedOnly: model.rules.verifiedOnly,
      // A mute's end in this page's clock: model time runs with the reflector's, so the time left carries over.
      mutedUntil: !model.isMuted(me, now) || model.bans.has(me) ? undefined : muteEnd === undefined || muteEnd < 0 ? null : Date.now() + (muteEnd - now),
      nickname: model.nameOf(me) ?? '',
      participants: model.participants,
      users: sameItems(previous?.users, users, sameUser),
      messages,
      presence,
      typing: sameItems(previous?.typing, typing),
      mentionable: sameItems(previous?.mentionable, mentionable, (a, b) => a.personId === b.personId && a.nickname === b.nickname && a.present === b.present),
      conversation: previous && messages === previous.messages && presence === previous.presence ? previous.conversation : Object.freeze(mergeByTime(messages, presence)),
      identified: this.isBound(),
    };
    // Another key identified this view first (its id is public, and Croquet keeps it across a short
    // outage): the room will take nothing from it, so the session joins again, with a new view id.
    const claimed = model.views.get(this.viewId);
    if (claimed?.person && claimed.key !== this.personId) this.sink.claimed(this);
    if (previous && (Object.keys(next) as (keyof ChatState)[]).every((key) => next[key] === previous[key] || (key === 'mutedUntil' && sameMinute(next.mutedUntil, previous.mutedUntil)))) return;
    this.state = Object.freeze(next);
    this.sink.update(this, this.state);
  }

  /**
   * A frozen copy of a model entry, made once per entry, and again when the model replaced the entry (an
   * edit, a removal) or its author took another name: a post shows who wrote it by their name now.
   */
  private copyOf(entry: ChatEntry, me: string): ChatMessage {
    const author = this.authorName(entry);
    const cached = this.copies.get(entry.id);
    if (cached && cached.source === entry && cached.me === me && cached.author === author) return cached.copy;
    const self = entry.kind === 'post' && entry.personId === me;
    // The notice and the reactions are copied too: nothing a page does to a message may reach the model's own objects.
    const notice = entry.notice && Object.freeze('names' in entry.notice ? { ...entry.notice, names: Object.freeze([...entry.notice.names]) } : { ...entry.notice });
    const thread = { reactions: copyReactions(entry.reactions), mentions: entry.mentions.length ? Object.freeze([...entry.mentions]) : NO_MENTIONS, image: entry.image && Object.freeze({ ...entry.image }) };
    const copy: ChatMessage = Object.freeze({ ...entry, nickname: author, notice, ...thread, localTime: entry.wallTime, self, own: self, pending: false });
    this.copies.set(entry.id, { source: entry, me, author, copy });
    return copy;
  }

  /** A post's author by the name the room knows them by now (as posted, when the room forgot them); other entries keep theirs. */
  private authorName(entry: ChatEntry): string {
    if (entry.kind !== 'post' || !entry.personId) return entry.nickname;
    return this.model.nameOf(entry.personId) ?? entry.nickname;
  }
}

const NO_REACTIONS: ChatMessage['reactions'] = Object.freeze({});
const NO_MENTIONS: ChatMessage['mentions'] = Object.freeze([]);

/** A frozen copy of a post's reactions, its lists of people too. */
function copyReactions(reactions: ChatEntry['reactions']): ChatMessage['reactions'] {
  const emoji = Object.keys(reactions);
  if (emoji.length === 0) return NO_REACTIONS;
  const copy: Record<string, readonly string[]> = {};
  for (const key of emoji) copy[key] = Object.freeze([...reactions[key]]);
  return Object.freeze(copy);
}

function sameUser(a: ChatUser, b: ChatUser): boolean {
  return a.personId === b.personId && a.nickname === b.nickname && a.views === b.views && a.viewId === b.viewId && a.verified === b.verified && a.moderator === b.moderator && a.muted === b.muted && a.banned === b.banned;
}

/** Two mute ends as the page would show them (a refresh recomputes the end from the clock; a few ms do not count). */
function sameMinute(a: number | null | undefined, b: number | null | undefined): boolean {
  return typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1000 : a === b;
}

/** Both lists are in model-time order; on a tie the presence line goes first ("A joined", then A's post). */
function mergeByTime(messages: readonly ChatMessage[], presence: readonly ChatMessage[]): ChatMessage[] {
  if (presence.length === 0) return [...messages];
  const merged: ChatMessage[] = [];
  let p = 0;
  for (const message of messages) {
    while (p < presence.length && presence[p].time <= message.time) merged.push(presence[p++]);
    merged.push(message);
  }
  while (p < presence.length) merged.push(presence[p++]);
  return merged;
}

/** `next`, or `previous` when it holds the same items: unchanged lists keep their identity (and Lit skips them). */
function sameItems<T>(previous: readonly T[] | undefined, next: T[], same: (a: T, b: T) => boolean = Object.is): readonly T[] {
  if (previous && previous.length === next.length && previous.every((item, i) => same(item, next[i]))) return previous;
  return Object.freeze(next);
}
