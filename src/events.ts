import type { ChatErrorCode, ChatMessage, ChatModeration, ChatStatus, ChatUser } from './types.js';

/** `croquet-chat-message`: an entry entered the shared history while online (from anyone, including this element; not the history already there on joining). */
export type CroquetChatMessageEvent = CustomEvent<{ message: ChatMessage }>;
/** `croquet-chat-presence`: the participants changed (someone joined, left, or this element joined). */
export type CroquetChatPresenceEvent = CustomEvent<{ participants: number; users: readonly ChatUser[] }>;
/** `croquet-chat-status`: the connection status changed. */
export type CroquetChatStatusEvent = CustomEvent<{ status: ChatStatus; previous: ChatStatus }>;
/** `croquet-chat-error`: the element entered the error state; `message` is a sentence for people. */
export type CroquetChatErrorEvent = CustomEvent<{ code: ChatErrorCode; message: string }>;
/**
 * `croquet-chat-send`: the user submitted text; `replyTo` is the id of the post it answers (0 for none).
 * Cancelable: `preventDefault()` keeps it from being posted.
 */
export type CroquetChatSendEvent = CustomEvent<{ text: string; replyTo: number }>;

/** `croquet-chat-unread`: the count of unread messages from others changed (for a host page's badge). */
export type CroquetChatUnreadEvent = CustomEvent<{ unread: number }>;

/**
 * `croquet-chat-identity`: this element's person id is known (the public key that signs everything this
 * person does in the room, base64url, 43 characters). Once per configuration, before the room is joined.
 */
export type CroquetChatIdentityEvent = CustomEvent<{ personId: string }>;

/** `croquet-chat-moderation`: a moderation action landed in the room (every page hears it). */
export type CroquetChatModerationEvent = CustomEvent<{ action: ChatModeration }>;

/** `croquet-chat-open`: in launcher mode, the person opened or closed the chat's panel (not when the page sets `open`). */
export type CroquetChatOpenEvent = CustomEvent<{ open: boolean }>;

/**
 * `croquet-chat-invite`: the element made a private room and moved there (`createInvite()` or the
 * "Private room" action). `link` carries the room's password in its fragment: share it only with people
 * who may read along.
 */
export type CroquetChatInviteEvent = CustomEvent<{ link: string; session: string }>;

/**
 * `croquet-chat-mention`: a new post by someone else mentions this person (`message.mentions` lists their
 * person id). Only on the named person's elements; not for the history already there on joining.
 */
export type CroquetChatMentionEvent = CustomEvent<{ message: ChatMessage }>;

/** Every event `<croquet-chat>` dispatches, by name. */
export interface CroquetChatEventMap {
  'croquet-chat-message': CroquetChatMessageEvent;
  'croquet-chat-presence': CroquetChatPresenceEvent;
  'croquet-chat-status': CroquetChatStatusEvent;
  'croquet-chat-error': CroquetChatErrorEvent;
  'croquet-chat-send': CroquetChatSendEvent;
  'croquet-chat-unread': CroquetChatUnreadEvent;
  'croquet-chat-identity': CroquetChatIdentityEvent;
  'croquet-chat-moderation': CroquetChatModerationEvent;
  'croquet-chat-open': CroquetChatOpenEvent;
  'croquet-chat-invite': CroquetChatInviteEvent;
  'croquet-chat-mention': CroquetChatMentionEvent;
}

// Declaration merging needs interfaces, even empty ones.
/* eslint-disable @typescript-eslint/no-empty-object-type */
declare global {
  interface GlobalEventHandlersEventMap extends CroquetChatEventMap {}
  interface HTMLElementEventMap extends CroquetChatEventMap {}
}
/* eslint-enable @typescript-eslint/no-empty-object-type */

type DetailOf<K extends keyof CroquetChatEventMap> = CroquetChatEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Dispatches one of our events from `target`: bubbling and composed (so listeners outside any shadow
 * root hear it). Returns false if a cancelable event was prevented.
 */
export function emit<K extends keyof CroquetChatEventMap>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail }),
  );
}
