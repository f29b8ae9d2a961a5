/**
 * Croquet event names and payloads shared by `ChatModel` and `ChatView`, so the two cannot drift apart.
 *
 * Croquet's view-side pub/sub is global to the page: two sessions in one page only stay apart
 * if their scopes differ. Every scope is therefore prefixed with the session id
 * (`model.sessionId`).
 *
 * Payloads come from other replicas' views and may be anything, from anyone who knows the room's
 * password: the model validates every field and believes only what a signature proves.
 */
import type { ResetReason } from '../types.js';

/** View → model: who this view is; the first thing each view says. Data: {@link IdentifyPayload}. */
export const IDENTIFY = 'identify';
/** View → model: a new post. Data: {@link PostPayload}. */
export const POST = 'post';
/** View → model: reset the history. Data: {@link ResetPayload}. */
export const RESET = 'reset';
/** View → model: this person wants another name. Data: {@link RenamePayload}. */
export const RENAME = 'rename';
/** View → model: this person is typing (views throttle it). Data: {@link TypingPayload}. */
export const TYPING = 'typing';
/** View → model: the author changes a post's text. Data: {@link EditPayload}. */
export const EDIT = 'edit';
/** View → model: remove a post (its author, or a moderator). Data: {@link DeletePayload}. */
export const DELETE = 'delete';
/** View → model: a person toggles their reaction (an emoji) to a post. Data: {@link ReactPayload}. */
export const REACT = 'react';
/** View → model: the author changes the alt text of their post's image. Data: {@link AltPayload}. */
export const ALT = 'alt';
/** View → model: a moderator mutes a person. Data: {@link MutePayload}. */
export const MUTE = 'mute';
/** View → model: a moderator lifts a person's mute or ban. Data: {@link TargetPayload}. */
export const UNMUTE = 'unmute';
/** View → model: a moderator bans a person from the room. Data: {@link TargetPayload}. */
export const BAN = 'ban';
/** Model → view: a moderation action landed. Data: `ChatModeration` (types.ts). */
export const MODERATION = 'moderation';
/** Model → view: the history changed (no data; views read the model). */
export const HISTORY_CHANGED = 'history-changed';
/** Model → view: who is here, or someone's name, changed (no data; views read the model). */
export const USERS_CHANGED = 'users-changed';
/** Model → view: the set of people typing changed (no data; views read the model). */
export const TYPING_CHANGED = 'typing-changed';
/**
 * Model → view: a signed post was over its person's allowance (flood control) and was not stored, so
 * the sender's outbox sends it again later. Data: {@link PostRefusedPayload}.
 */
export const POST_REFUSED = 'post-refused';

/**
 * Who a view is, sent as its first event (end-to-end encrypted like every message), signed by the
 * person's key: it binds the view to the key for the view's stay in the room.
 *
 * Not Croquet's `viewData`: every member decrypts each joiner's viewData when the join is announced, so a
 * joiner with a wrong password (whose viewData no one can decrypt) breaks the message stream of everyone
 * in the room. A wrong-password client never gets as far as publishing an event.
 */
export interface IdentifyPayload {
  viewId: string;
  /** The person id: their Ed25519 public key, base64url (one person may have several views, or tabs). */
  person: string;
  /**
   * Random, chosen by the view for this stay ({@link BINDING_LENGTH} base64url characters): every later
   * event of the view is signed with it, so no event of an earlier stay passes in this one.
   */
  binding: string;
  /** The model time the view read when it signed: the room refuses an identify older than its join. */
  time: number;
  /** The name this person asks for ('' for a random one). The model may change it. */
  name: string;
  /** The sender's wall clock when joining (ms since the epoch), for the times of presence lines. */
  wallTime: number;
  /** The site's token vouching for `person` (see site-token.ts), or ''. */
  token: string;
  /** base64url Ed25519 signature by `person` of {@link identifyMessage}. */
  sig: string;
}

/**
 * What every event that acts for a person carries besides its data: the view it comes from, a counter
 * that rises with each event of that view (a replayed event is dropped), and the person's signature of
 * {@link actMessage}.
 */
export interface Signed {
  viewId: string;
  n: number;
  sig: string;
}

/** Payload of {@link POST}. */
export interface PostPayload extends Signed {
  text: string;
  /** Unique per post of this person: a post that arrives twice (an outbox resend) is stored once. */
  clientId: string;
  /** The sender's wall clock when posting (ms since the epoch), shown as the post's time. */
  wallTime: number;
  /** The id of the post this one replies to; 0 (or absent) for none. The room keeps it only for a post it still holds. */
  replyTo?: number;
  /** An image: the Croquet Data handle's id of its stored bytes ('' or absent for none; then the rest are ignored). */
  image?: string;
  imageWidth?: number;
  imageHeight?: number;
  imageType?: string;
  /** The image's alt text. */
  alt?: string;
}

/** Payload of {@link ALT}: the author's new alt text for the image of their post `id`. */
export interface AltPayload extends Signed {
  id: number;
  alt: string;
}

/** Payload of {@link REACT}: the post, and the emoji whose reaction by this person is added, or removed if they had it. */
export interface ReactPayload extends Signed {
  id: number;
  emoji: string;
}

/** Payload of {@link RESET}. */
export interface ResetPayload extends Signed {
  /** The reasons a view may ask for; `inactivity` is the model's own. */
  reason: Exclude<ResetReason, 'inactivity'>;
  wallTime: number;
}

/** Payload of {@link RENAME}. */
export interface RenamePayload extends Signed {
  name: string;
  wallTime: number;
}

/** Payload of {@link TYPING}. */
export type TypingPayload = Signed;

/** Payload of {@link EDIT}. */
export interface EditPayload extends Signed {
  id: number;
  text: string;
}

/** Payload of {@link DELETE}. */
export interface DeletePayload extends Signed {
  id: number;
}

/** Payload of {@link UNMUTE} and {@link BAN}: the person acted on. */
export interface TargetPayload extends Signed {
  target: string;
}

/** Payload of {@link MUTE}. */
export interface MutePayload extends TargetPayload {
  /** How long, in minutes (0: until unmuted). */
  minutes: number;
}

/** Payload of {@link POST_REFUSED}. */
export interface PostRefusedPayload {
  /** Whose post it was. */
  personId: string;
  clientId: string;
  /**
   * `pace`: over the allowance, it would be stored in `retryIn` ms. `muted`, `banned`, `unverified`: not
   * while that lasts. `duplicate`: the room has it already (an outbox resend).
   */
  reason: 'pace' | 'muted' | 'banned' | 'unverified' | 'duplicate';
  /** Model ms until this person's next post would be stored (for `pace`). */
  retryIn: number;
}

/**
 * The data fields each signed event's signature covers, in order (after its view, binding and counter),
 * with their types. A third item is the value an absent field stands for: the signature covers that
 * value, and the model reads the field the same way.
 */
const SIGNED_DATA = {
  [POST]: [
    ['text', 'string'], ['clientId', 'string'], ['wallTime', 'number'], ['replyTo', 'number', 0],
    ['image', 'string', ''], ['imageWidth', 'number', 0], ['imageHeight', 'number', 0], ['imageType', 'string', ''], ['alt', 'string', ''],
  ],
  [RESET]: [['reason', 'string'], ['wallTime', 'number']],
  [RENAME]: [['name', 'string'], ['wallTime', 'number']],
  [TYPING]: [],
  [EDIT]: [['id', 'number'], ['text', 'string']],
  [DELETE]: [['id', 'number']],
  [REACT]: [['id', 'number'], ['emoji', 'string']],
  [ALT]: [['id', 'number'], ['alt', 'string']],
  [MUTE]: [['target', 'string'], ['minutes', 'number']],
  [UNMUTE]: [['target', 'string']],
  [BAN]: [['target', 'string']],
} as const satisfies Record<string, readonly (readonly [string, 'string' | 'number', (string | number)?])[]>;

/** The events signed with {@link actMessage}. */
export type SignedEvent = keyof typeof SIGNED_DATA;

/** Tags every signed message, so a signature made for anything else never passes as a chat event. */
const DOMAIN = 'croquet-chat/event/1';

/**
 * The bytes signed for one event: the domain tag, then `fields` (the event's name, the session id, the
 * view and binding it comes from, its counter, and the event's own data, in a fixed order per event).
 * JSON of an array is unambiguous: no field can bleed into the next.
 */
function signedMessage(fields: readonly (string | number | boolean)[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify([DOMAIN, ...fields]));
}

/** The bytes a person signs to bind a view to their key (see {@link IdentifyPayload}). */
export function identifyMessage(sessionId: string, request: Omit<IdentifyPayload, 'sig'>): Uint8Array {
  const { viewId, person, binding, time, name, wallTime, token } = request;
  return signedMessage([IDENTIFY, sessionId, viewId, person, binding, time, name, wallTime, token]);
}

/**
 * The bytes a person signs for `event` from a view bound with `binding`; null when a data field is not
 * of its type (a string, or a finite number): such an event is dropped unread.
 */
export function actMessage(event: SignedEvent, sessionId: string, binding: string, payload: Signed): Uint8Array | null {
  const fields: (string | number)[] = [event, sessionId, payload.viewId, binding, payload.n];
  for (const [name, type, absent] of SIGNED_DATA[event] as readonly (readonly [string, string, (string | number)?])[]) {
    const given: unknown = (payload as unknown as Record<string, unknown>)[name];
    const value = given === undefined ? absent : given;
    if (typeof value !== type || (typeof value === 'number' && !Number.isFinite(value))) return null;
    fields.push(value as string | number);
  }
  return signedMessage(fields);
}

/** Scope for input events (view → model) of one session. */
export function inputScope(sessionId: string): string {
  return `${sessionId}/chat-input`;
}

/** Scope for change notifications (model → views) of one session. */
export function outputScope(sessionId: string): string {
  return `${sessionId}/chat`;
}
