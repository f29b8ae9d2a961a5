/**
 * The numbers that decide the room's behaviour. They are part of the model: every replica must use the
 * same values, so changing one changes the model's fingerprint (see tools/model-fingerprint.mjs) and
 * needs a new MODEL_VERSION.
 */

/** Posts and system notices a room keeps unless its `historyLimit` rule says otherwise; older ones are dropped (the tutorial keeps 100). */
export const MAX_HISTORY = 100;
/** The most entries a room's `historyLimit` rule may keep. */
export const MAX_HISTORY_LIMIT = 1_000;
/** "A joined" / "A left" lines kept beside the history; they never count against {@link MAX_HISTORY}. */
export const MAX_PRESENCE_LINES = 20;
/** A presence line this recent (model ms) absorbs the next arrival or departure of the same kind. */
export const PRESENCE_COALESCE_MS = 60_000;
/** Longest post the model accepts, in characters (code points); longer posts are cut. */
export const MAX_TEXT_LENGTH = 2000;
/** Longest name, in characters (code points). */
export const MAX_NAME_LENGTH = 32;
/** Default inactivity timeout: 20 minutes, as in the Croquet chat tutorial. */
export const INACTIVITY_TIMEOUT_MS = 20 * 60 * 1000;
/** People (person id → name) the room remembers, so a returning person keeps their name; oldest forgotten first. */
export const MAX_REMEMBERED_PEOPLE = 1000;
/** Client message ids remembered to drop a post that arrives twice (an outbox resend after a lost reply). */
export const MAX_REMEMBERED_CLIENT_IDS = 500;
/** A typing notice lasts this long in model time unless renewed. */
export const TYPING_EXPIRY_MS = 6_000;
/** A sender's wall clock is trusted within this distance of the room's own estimate (ms). */
export const WALL_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;
/** Longest person id accepted from a join, in characters. */
export const MAX_PERSON_ID_LENGTH = 128;
/** Longest client message id accepted with a post, in characters. */
export const MAX_CLIENT_ID_LENGTH = 64;
/** Posts a person may make at once before the room's pace applies (flood control; see flood-control.ts). */
export const POST_BURST = 5;
/** After the burst, one post per this many ms of model time (a room's `slowMode` asks for more). */
export const POST_INTERVAL_MS = 1_000;
/** Moderators a room's rules may name. */
export const MAX_MODERATORS = 100;
/** Longest mute a moderator may give, in minutes (a week); 0 mutes until unmuted. */
export const MAX_MUTE_MINUTES = 7 * 24 * 60;
/** Largest burst a room may allow (its `postBurst` rule). */
export const MAX_POST_BURST = 1_000;
/** Longest slow mode a room may set, in seconds. */
export const MAX_SLOW_MODE_SECONDS = 3_600;
/**
 * An identify must be signed at most this long before its view's join (model ms): a signed identify
 * cannot be replayed for a later join of the same view id. (A replay within the window is caught by
 * its binding, which the room remembers for as long.)
 */
export const IDENTIFY_WINDOW_MS = 30_000;
/** Characters of a binding: base64url of 16 random bytes a view picks when it identifies itself. */
export const BINDING_LENGTH = 22;
/** Longest reaction emoji, in UTF-16 units (a family or a subdivision flag fits; see reactions.ts). */
export const MAX_EMOJI_LENGTH = 32;
/** Different emoji one post may carry; a new one beyond them is refused (someone may still add theirs to one of them). */
export const MAX_REACTION_EMOJI = 20;
/** Reactions (a person and an emoji) one post may carry in all, so a room's size stays bounded. */
export const MAX_REACTIONS_PER_POST = 200;

/**
 * A room's `historyLimit` rule as the room applies it: a whole number within 1..{@link MAX_HISTORY_LIMIT},
 * {@link MAX_HISTORY} when it is not a number. (The element's options read it too, without the rest of the rules.)
 */
export function readHistoryLimit(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return MAX_HISTORY;
  return Math.min(MAX_HISTORY_LIMIT, Math.max(1, Math.floor(value)));
}
/** People one post may mention (its `mentions`). */
export const MAX_MENTIONS = 20;
/** Longest side of an image a post may carry, in pixels: the sender's widget scales larger ones down. */
export const MAX_IMAGE_SIDE = 1_600;
/** Longest alt text of an image, in characters (code points). */
export const MAX_ALT_LENGTH = 300;
/** Longest Croquet Data handle id a post may carry, in characters (it holds the key and the file's address). */
export const MAX_IMAGE_HANDLE_LENGTH = 1_000;
