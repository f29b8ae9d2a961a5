/**
 * Plain, serializable data shared by the model, the view and the element.
 * Nothing here imports Croquet or Lit.
 */

/** Connection state of a `<croquet-chat>` element. */
export type ChatStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'error';

/**
 * `post`: a participant's message. `system`: a note from the room itself (a reset, a rename).
 * `presence`: "A joined" / "A left" lines, kept apart from the history so they never push posts out.
 */
export type ChatEntryKind = 'post' | 'system' | 'presence';

/**
 * Why the history was cleared: `user` (someone typed `/reset`), `newcomer` (a newcomer alone with a
 * history they had no part in), `inactivity` (no posts for the room's inactivity timeout), `moderator`
 * (a moderator cleared it).
 */
export type ResetReason = 'user' | 'newcomer' | 'inactivity' | 'moderator';

/** What a system or presence entry says, as data, so each reader can word it in their own language. */
export type ChatNotice =
  | { readonly type: 'reset'; readonly reason: ResetReason }
  | { readonly type: 'rename'; readonly from: string; readonly to: string }
  | { readonly type: 'joined' | 'left'; readonly names: readonly string[] };

/** One entry of the shared history, exactly as the model stores it. */
export interface ChatEntry {
  /** Stable id, unique within the room: history entries count up from 1, presence lines down from -1. */
  readonly id: number;
  readonly kind: ChatEntryKind;
  /** The posting view's id; empty for system and presence entries. */
  readonly viewId: string;
  /** The posting person's id (see the `user-id` attribute); empty for system and presence entries. */
  readonly personId: string;
  /** The author's nickname at the time of posting; empty for system and presence entries. */
  readonly nickname: string;
  /** Plain text (trimmed, at most {@link MAX_TEXT_LENGTH} characters), or the notice in English. Never HTML. */
  readonly text: string;
  /** Model (session) time in ms when the entry was added, the same on every replica (0 for entries carried over from an earlier session). */
  readonly time: number;
  /** Wall-clock time of the entry (ms since the epoch): the poster's clock, checked by the room. */
  readonly wallTime: number;
  /** The poster's id for this post (dropping duplicates); empty for system and presence entries. */
  readonly clientId: string;
  /** For system and presence entries, what happened; null for posts. */
  readonly notice: ChatNotice | null;
  /** The author changed the text after posting (only the new text is kept). */
  readonly edited: boolean;
  /** The post was removed (its text is gone): by its author, or by a moderator when `moderated`. */
  readonly deleted: boolean;
  /** Removed by a moderator ("Removed by a moderator"). */
  readonly moderated: boolean;
  /** The author was vouched for by the site (the room's `siteKey`) when posting. */
  readonly verified: boolean;
  /** The id of the post this one replies to, or 0 for none (the original may be gone: removed or out of the history). */
  readonly replyTo: number;
  /**
   * Reactions: for each emoji, the person ids who reacted with it, in the order they did (one reaction per
   * person and emoji, however many tabs; at most 20 emoji per post). Empty for no reactions, and on a removed post.
   */
  readonly reactions: Readonly<Record<string, readonly string[]>>;
  /**
   * The people the post mentions ("@" and their name in the room when it was posted or edited), as person
   * ids, each once, in order; never its author. Empty for none.
   */
  readonly mentions: readonly string[];
  /** The image the post carries, or null. */
  readonly image: ChatImage | null;
}

/**
 * An image in a post. Its bytes are stored end-to-end encrypted with Croquet's Data API, apart from the
 * room; `handle` is the Data handle's id (it holds the key), which the element loads the image with.
 */
export interface ChatImage {
  readonly handle: string;
  /** Size in pixels (at most 1,600 a side). */
  readonly width: number;
  readonly height: number;
  /** `image/png`, `image/jpeg`, `image/webp` or `image/gif`. */
  readonly type: string;
  /** Alt text: the file name until the sender edits it (may be empty). */
  readonly alt: string;
}

/** A history entry as the element exposes it: the model's data plus what this reader needs to show it. */
export interface ChatMessage extends ChatEntry {
  /**
   * Same as `wallTime`.
   * @deprecated Since 2026-12-07; removed from 2027-06-01 on. Read `wallTime`.
   */
  readonly localTime: number;
  /** True when this person (any of their tabs) posted the entry. */
  readonly self: boolean;
  /**
   * Same as `self`.
   * @deprecated Since 2026-12-07; removed from 2027-06-01 on. Read `self`.
   */
  readonly own: boolean;
  /** True while the post waits in this element's outbox (not yet in the room). */
  readonly pending: boolean;
}

/** A person currently in the room (with one or more views). */
export interface ChatUser {
  /** The person's first present view. */
  readonly viewId: string;
  readonly personId: string;
  readonly nickname: string;
  /** How many views (tabs) this person has in the room. */
  readonly views: number;
  /** True for this element's own person. */
  readonly self: boolean;
  /** The site vouches for this person (a valid `user-token` under the room's `site-key`). */
  readonly verified: boolean;
  /** This person may moderate the room. */
  readonly moderator: boolean;
  /** A moderator muted this person: their posts are not stored. */
  readonly muted: boolean;
  /** A moderator banned this person (muted for good). Only moderators see banned people in `users`. */
  readonly banned: boolean;
}

/** A moderation action as it landed in the room (`croquet-chat-moderation`). */
export interface ChatModeration {
  readonly action: 'delete' | 'mute' | 'unmute' | 'ban' | 'clear';
  /** The moderator's person id. */
  readonly by: string;
  /** The person acted on (mute, unmute, ban), or the removed post's author (delete); '' for clear. */
  readonly target: string;
  /** The removed post's id (delete); 0 otherwise. */
  readonly messageId: number;
  /** Mute: minutes it lasts (0: until unmuted). */
  readonly minutes: number;
}

/** Why the element is in the `error` state. */
export type ChatErrorCode = 'config' | 'unreachable' | 'password' | 'timeout' | 'connection' | 'conflict' | 'unknown';

/**
 * Who may clear the room with `/reset`: `anyone`, `none`, or only `moderators` (the element's `reset`
 * attribute also has `confirm`, which asks first).
 */
export type ChatResetRule = 'anyone' | 'none' | 'moderators';

/**
 * Options the root model's `init()` takes: the room's rules. Croquet hashes them into the session id,
 * so pages with different rules land in different sessions (and never share a room silently).
 */
export interface ChatModelOptions {
  /** Milliseconds of model time without posts after which the history resets (default 20 minutes; 0 never). */
  inactivityTimeout?: number;
  /** Whether a newcomer alone with a history they had no part in resets it (default true, as in the tutorial). */
  newcomerReset?: boolean;
  /** Who may reset the room (default `anyone`). */
  reset?: ChatResetRule;
  /**
   * Slow mode: each person may post once per this many seconds (default 0: a burst of 5 posts, then one
   * a second). Posts over a person's allowance are not stored; the sender's outbox waits for its turn.
   */
  slowMode?: number;
  /**
   * Posts a person may make at once before the pace applies (default 5, at most 1000; ignored in slow
   * mode). For rooms whose people post in bursts on purpose: tools, tests, scripted rooms.
   */
  postBurst?: number;
  /** The site's Ed25519 public key (base64url, 43 characters): tokens it signed make people verified. '' for none. */
  siteKey?: string;
  /** Only people the site vouches for may post (needs `siteKey`). */
  verifiedOnly?: boolean;
  /** Person ids (keys, or `site:<sub>` for people the site vouches for) that moderate the room. */
  moderators?: string[];
  /** How many entries the history keeps (default {@link MAX_HISTORY}, 100, as in the tutorial; at most 1,000). */
  historyLimit?: number;
}

export { INACTIVITY_TIMEOUT_MS, MAX_HISTORY, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from './model/limits.js';
