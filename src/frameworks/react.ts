/**
 * `croquet-chat/react`: `<croquet-chat>` as a React component, made with `@lit/react`.
 *
 *   import { CroquetChat } from 'croquet-chat/react';
 *   <CroquetChat session="lobby" box="/" onMessage={(event) => console.log(event.detail.message)} />
 *
 * Every `croquet-chat-*` event is an `on*` prop (`croquet-chat-message` → `onMessage`), typed with its
 * event; properties such as `modelOptions` are set as properties. Importing this module defines the tag.
 */
import React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import { CroquetChat as CroquetChatElement } from '../croquet-chat.component.js';
import type { CroquetChatEventMap } from '../events.js';
import '../croquet-chat.js';

/** `read-receipt` → `ReadReceipt`. */
type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${PascalCase<Tail>}` : Capitalize<S>;
/** `croquet-chat-message` → `onMessage`. */
export type ReactEventProp<E extends string> = E extends `croquet-chat-${infer Name}` ? `on${PascalCase<Name>}` : never;

/** The React prop for each of the element's events, typed with its event. */
export type CroquetChatReactEvents = {
  [E in keyof CroquetChatEventMap as ReactEventProp<E>]: EventName<CroquetChatEventMap[E]>;
};

/**
 * Lists every event of `CroquetChatEventMap` under its prop. The type makes the list complete: an event added
 * to the map does not compile until it is here too (and a misspelt one never does).
 */
const events = {
  onMessage: 'croquet-chat-message',
  onPresence: 'croquet-chat-presence',
  onStatus: 'croquet-chat-status',
  onError: 'croquet-chat-error',
  onSend: 'croquet-chat-send',
  onUnread: 'croquet-chat-unread',
  onIdentity: 'croquet-chat-identity',
  onModeration: 'croquet-chat-moderation',
  onOpen: 'croquet-chat-open',
  onInvite: 'croquet-chat-invite',
  onMention: 'croquet-chat-mention',
} satisfies { [E in keyof CroquetChatEventMap as ReactEventProp<E>]: E };

/** `<croquet-chat>` for React. A `ref` gets the element itself (its `send()`, `status`, `messages`…). */
export const CroquetChat = createComponent({
  react: React,
  tagName: 'croquet-chat',
  elementClass: CroquetChatElement,
  events: events as CroquetChatReactEvents,
  displayName: 'CroquetChat',
});

export type { CroquetChatElement };
export type * from '../events.js';
