/**
 * Croquet event names shared by `ChatModel` and `ChatView`, so the two cannot drift apart.
 *
 * Croquet's view-side pub/sub is global to the page: two sessions in one page only stay apart
 * if their scopes differ. Every scope is therefore prefixed with the session id
 * (`model.sessionId`).
 */

/** View → model: a new post. Data: `{viewId, text}`. */
export const POST = 'post';
/** View → model: reset the history. Data: `{viewId, reason}` (a {@link ResetReason}). */
export const RESET = 'reset';
/** Model → view: the history changed (no data; views read the model). */
export const HISTORY_CHANGED = 'history-changed';
/** Model → view: the set of participants changed (no data; views read the model). */
export const USERS_CHANGED = 'users-changed';

/** Why a view asks for a reset. The model maps these to the sentence in the system entry. */
export type ResetReason = 'user' | 'newcomer';

/** Payload of {@link POST}. */
export interface PostPayload {
  viewId: string;
  text: string;
}

/** Payload of {@link RESET}. */
export interface ResetPayload {
  viewId: string;
  reason: ResetReason;
}

/** Scope for input events (view → model) of one session. */
export function inputScope(sessionId: string): string {
  return `${sessionId}/chat-input`;
}

/** Scope for change notifications (model → views) of one session. */
export function outputScope(sessionId: string): string {
  return `${sessionId}/chat`;
}
