/**
 * croquet-chat without side effects: the element class, its events and data types.
 * Importing this module defines no tag and does not load Croquet (that happens when an element connects).
 * For the tag, import `croquet-chat/croquet-chat.js`.
 */
export { CroquetChat } from './croquet-chat.component.js';
export { ChatSessionController, DEFAULT_APP_ID, DEFAULT_PASSWORD, JOIN_TIMEOUT_MS, RECONNECT_TIMEOUT_MS } from './session/chat-session.js';
export type { ChatConnectionOptions, ChatErrorInfo, ChatSessionCallbacks } from './session/chat-session.js';
export { emit } from './events.js';
export type {
  CroquetChatErrorEvent,
  CroquetChatEventMap,
  CroquetChatMessageEvent,
  CroquetChatPresenceEvent,
  CroquetChatSendEvent,
  CroquetChatStatusEvent,
  CroquetChatUnreadEvent,
  CroquetChatIdentityEvent,
  CroquetChatModerationEvent,
  CroquetChatOpenEvent,
  CroquetChatInviteEvent,
  CroquetChatMentionEvent,
} from './events.js';
export type { ChatMode } from './ui/launcher.js';
export type { LogDensity } from './ui/chat-log.js';
export type { PresenceLines } from './ui/presence-summary.js';
export type { SendImageOptions } from './ui/image-input.js';
export type { ChatImage } from './types.js';
export { NICKNAMES, normalizeText, pickNickname } from './model/nicknames.js';
export * as topics from './model/topics.js';
export { INACTIVITY_TIMEOUT_MS, MAX_HISTORY, MAX_TEXT_LENGTH } from './types.js';
export type { ChatEntry, ChatEntryKind, ChatErrorCode, ChatMessage, ChatModelOptions, ChatModeration, ChatNotice, ChatStatus, ChatUser, ResetReason } from './types.js';
// ChatModel and ChatView extend Croquet classes, so loading them evaluates Croquet (which reads the page
// URL, touches localStorage and starts an interval): here they are types only. At run time:
//   const { ChatModel, ChatView, Session } = await loadChatRuntime();
export { loadChatRuntime } from './session/chat-runtime.js';
export type { ChatModel } from './model/chat-model.js';
export type { ChatSink, ChatState, ChatView, ChatViewOptions } from './session/chat-view.js';
