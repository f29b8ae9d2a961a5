/**
 * Croquet event names and payloads shared by `ChatModel` and `ChatView`, so the two cannot drift apart.
 *
 * Croquet's view-side pub/sub is global to the page: two sessions in one page only stay apart
 * if their scopes differ. Every scope is therefore prefixed with the session id
 * (`model.sessionId`).
 *
 * Payloads come from other replicas' views and may be anything: the model validates every field.
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
/** Model → view: the history changed (no data; views read the model). */
export const HISTORY_CHANGED = 'history-changed';
/** Model → view: who is here, or someone's name, changed (no data; views read the model). */
export const USERS_CHANGED = 'users-changed';
/** Model → view: the set of people typing changed (no data; views read the model). */
export const TYPING_CHANGED = 'typing-changed';

/**
 * Who a view is, sent as its first event (end-to-end encrypted like every message).
 *
 * Not Croquet's `viewData`: every member decrypts each joiner's viewData when the join is announced, so a
 * joiner with a wrong password (whose viewData no one can decrypt) breaks the message stream of everyone
 * in the room. A wrong-password client never gets as far as publishing an event.
 */
export interface IdentifyPayload {
  viewId: string;
  /** Who this view belongs to: one person may have several views (tabs). */
  person: string;
  /** The name this person asks for ('' for a random one). The model may change it. */
  name: string;
  /** The sender's wall clock when joining (ms since the epoch), for the times of presence lines. */
  wallTime: number;
}

/** Payload of {@link POST}. */
export interface PostPayload {
  viewId: string;
  text: string;
  /** Unique per post of this person: a post that arrives twice (an outbox resend) is stored once. */
  clientId: string;
  /** The sender's wall clock when posting (ms since the epoch), shown as the post's time. */
  wallTime: number;
}

/** Payload of {@link RESET}. */
export interface ResetPayload {
  viewId: string;
  /** The reasons a view may ask for; `inactivity` is the model's own. */
  reason: Exclude<ResetReason, 'inactivity'>;
  wallTime: number;
}

/** Payload of {@link RENAME}. */
export interface RenamePayload {
  viewId: string;
  name: string;
  wallTime: number;
}

/** Payload of {@link TYPING}. */
export interface TypingPayload {
  viewId: string;
}

/** Scope for input events (view → model) of one session. */
export function inputScope(sessionId: string): string {
  return `${sessionId}/chat-input`;
}

/** Scope for change notifications (model → views) of one session. */
export function outputScope(sessionId: string): string {
  return `${sessionId}/chat`;
}
