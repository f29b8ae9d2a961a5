/**
 * Plain, serializable data shared by the model, the view and the element.
 * Nothing here imports Croquet or Lit.
 */

/** Connection state of a `<croquet-chat>` element. */
export type ChatStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'error';

/** `post`: a participant's message. `system`: a note from the room itself (e.g. a reset). */
export type ChatEntryKind = 'post' | 'system';

/** One entry of the shared history, exactly as the model stores it. */
export interface ChatEntry {
  /** Stable id, unique within the room (a counter kept by the model). */
  readonly id: number;
  readonly kind: ChatEntryKind;
  /** The posting view's id; empty for system entries. */
  readonly viewId: string;
  /** The author's nickname at the time of posting; empty for system entries. */
  readonly nickname: string;
  /** Plain text (trimmed, at most {@link MAX_TEXT_LENGTH} characters). Never HTML. */
  readonly text: string;
  /** Model (session) time in milliseconds when the entry was added: the same number on every replica. */
  readonly time: number;
}

/** A history entry as the element exposes it: the model's data plus a local wall-clock estimate for display. */
export interface ChatMessage extends ChatEntry {
  /** This browser's estimate of the wall-clock time of the entry, in ms since the epoch (display only). */
  readonly localTime: number;
  /** True when the entry was posted from this element's own view. */
  readonly own: boolean;
}

/** A participant currently in the room. */
export interface ChatUser {
  readonly viewId: string;
  readonly nickname: string;
}

/** Why the element is in the `error` state. */
export type ChatErrorCode = 'config' | 'unreachable' | 'password' | 'timeout' | 'connection' | 'conflict' | 'unknown';

/** Options the root model's `init()` takes. Part of the session identity (Croquet hashes them). */
export interface ChatModelOptions {
  /** Milliseconds of model time without posts after which the history resets (default 20 minutes). */
  inactivityTimeout?: number;
}

/** History entries kept by the model; older ones are dropped. */
export const MAX_HISTORY = 100;
/** Longest post the model accepts, in characters (code points); longer posts are cut. */
export const MAX_TEXT_LENGTH = 2000;
/** Default inactivity timeout: 20 minutes, as in the Croquet chat tutorial. */
export const INACTIVITY_TIMEOUT_MS = 20 * 60 * 1000;
