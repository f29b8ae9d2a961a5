/**
 * Every word the widget shows or announces, in one typed table. English is the default; a host page
 * overrides any subset through the element's `strings` property (see {@link mergeStrings}).
 * Entries that need numbers or names are functions, so each language can order words and pick plural
 * forms its own way. Plain strings only: the widget renders them as text, never as HTML.
 */
import type { ChatErrorCode, ChatStatus, ResetReason } from '../types.js';

/** The states in which the composer cannot send, each with a visible reason. */
export type ComposerDisabledState = Exclude<ChatStatus, 'online'>;

export interface ChatStrings {
  /** Accessible name of the whole chat region. */
  readonly chat: string;
  /** Header: who this participant is. */
  readonly youAre: (name: string) => string;
  /** Accessible name of the button that starts renaming yourself. */
  readonly rename: string;
  /** Label of the name input while renaming. */
  readonly nameLabel: string;
  readonly save: string;
  readonly cancel: string;
  /** On a post the room refused (this person was muted or banned while it waited). */
  readonly notSent: string;
  /** The button that sends a refused post again. */
  readonly sendAgain: string;
  /** The button that forgets a refused post. */
  readonly discard: string;
  /** The rename form, when another person in the room has the name. */
  readonly nameTaken: string;
  /** The rename form, when nothing usable is left of the name. */
  readonly nameEmpty: string;
  /** Header: the participant count (also the participant-list toggle). */
  readonly peopleHere: (count: number) => string;
  /** Accessible name of the participant list. */
  readonly participantList: string;
  /** Marks your own entry in the participant list. */
  readonly you: string;
  /** Connection status words. */
  readonly status: Readonly<Record<ChatStatus, string>>;
  /** Accessible name of the message log. */
  readonly messages: string;
  /** Shown while the history is empty. */
  readonly empty: string;
  /** Label of the message textarea. */
  readonly messageLabel: string;
  readonly placeholder: string;
  readonly send: string;
  readonly sending: string;
  /** Characters left before the length limit (shown near the limit only). */
  readonly charactersLeft: (count: number) => string;
  /** How many characters to cut before the draft can be sent (shown over the length limit). */
  readonly charactersOver: (count: number) => string;
  /** Heading of the composer's command list (shown after `/help`). */
  readonly helpTitle: string;
  /** Accessible name of the button that closes the command list. */
  readonly helpClose: string;
  /** The word in `/me <action>` that stands for what the person does. */
  readonly helpMeArgument: string;
  /** What `/me <action>` does. */
  readonly helpMe: string;
  /** What `/reset` does (listed only where this person may reset the room). */
  readonly helpReset: string;
  /** What `/help` does. */
  readonly helpHelp: string;
  /** The offline bar: the next try is due in `seconds`. */
  readonly offlineRetryIn: (seconds: number) => string;
  /** The offline bar while a try is under way. */
  readonly offlineTrying: string;
  /** The offline bar's button. */
  readonly retryNow: string;
  /** Under the log while a post waits for its turn (the room's flood control): the next goes in `seconds`. */
  readonly nextPostIn: (seconds: number) => string;
  /** The same in a room with slow mode. */
  readonly slowModeNextPost: (seconds: number) => string;
  /** Why the composer cannot send right now. */
  readonly composerDisabled: Readonly<Record<ComposerDisabledState, string>>;
  /** Presence lines; several names arrive together when the model coalesces a burst. */
  readonly joined: (names: readonly string[]) => string;
  readonly left: (names: readonly string[]) => string;
  readonly renamed: (from: string, to: string) => string;
  /** Typing indicator: one, two, or three and more typists (see typing-line.ts). */
  readonly typingOne: (name: string) => string;
  readonly typingTwo: (first: string, second: string) => string;
  readonly typingMany: string;
  /** The button that jumps to the newest message after the reader scrolled up. */
  readonly newMessages: (count: number) => string;
  /** Launcher mode: accessible name of the launcher button while the panel is closed, with the unread count (0: none). */
  readonly openChat: (unread: number) => string;
  /** Launcher mode: accessible name of the panel's close button (and of the launcher button while the panel is open). */
  readonly closeChat: string;
  /** The button (with `notify` set) that asks the browser for permission to show desktop notifications. */
  readonly turnOnNotifications: string;
  /** The notice the room adds when its history is cleared, by reason (see `ChatNotice`). */
  readonly reset: Readonly<Record<ResetReason, string>>;
  readonly clearChat: string;
  readonly clearConfirm: string;
  /** Day separators; older days use a localized date (format-time.ts). */
  readonly today: string;
  readonly yesterday: string;
  /** One sentence per error code, for people. */
  readonly errors: Readonly<Record<ChatErrorCode, string>>;
  /** After the text of a post its author changed. */
  readonly edited: string;
  /** In place of a post its author removed. */
  readonly messageDeleted: string;
  /** In place of a post a moderator removed. */
  readonly removedByModerator: string;
  /** Accessible text of the check after the name of someone the site vouches for. */
  readonly verified: string;
  /** Participant list: marks a moderator. */
  readonly moderatorBadge: string;
  /** Participant list: marks a muted person. */
  readonly mutedMark: string;
  /** Accessible name of the actions button of a post by `name`. */
  readonly messageActions: (name: string) => string;
  /** The post actions menu: answer the post (a bar above the composer says to whom). */
  readonly reply: string;
  /** The post actions menu: opens the quick reaction picker. */
  readonly react: string;
  /** The bar above the composer while the next post answers `name`'s post. */
  readonly replyingTo: (name: string) => string;
  /** Accessible name of the reply bar's button that stops replying. */
  readonly cancelReply: string;
  /** Accessible name of the quote above a reply: the original's author and the start of its text (the button jumps to it). */
  readonly replyQuote: (name: string, text: string) => string;
  /** The quote above a reply whose original was removed. */
  readonly replyRemoved: string;
  /** The quote above a reply whose original is no longer in the history. */
  readonly replyUnavailable: string;
  /** Accessible name of the reaction picker. */
  readonly addReaction: string;
  /** Accessible name of the row of reactions under a post. */
  readonly reactions: string;
  /**
   * A reaction's accessible name and tooltip: the emoji, how many reacted, and who (`names`: the people the
   * room knows, in the order they reacted, with `reactionYou` for this person; the rest of `count` are unknown).
   */
  readonly reactedBy: (emoji: string, count: number, names: readonly string[]) => string;
  /** This person, among the names of `reactedBy`. */
  readonly reactionYou: string;
  /** Accessible name (and tooltip) of the composer's button that picks an image to send. */
  readonly attachImage: string;
  /** Over the widget while a file is dragged over it. */
  readonly dropImage: string;
  /** Above the composer while an image is prepared and stored (followed by its name). */
  readonly sendingImage: string;
  /** Why an image was not sent: not PNG, JPEG, WebP or GIF; over 5 MB; not decodable; the file server would not store it. */
  readonly imageWrongType: string;
  readonly imageTooLarge: string;
  readonly imageUnreadable: string;
  readonly imageUploadFailed: string;
  /** Accessible name of the button that hides why an image was not sent. */
  readonly dismissImageProblem: string;
  /** Accessible name of an image in a post (its thumbnail button, the viewer): its alt text, '' for none. */
  readonly imageLabel: (alt: string) => string;
  /** In place of an image that could not be loaded (activating it tries again). */
  readonly imageUnavailable: string;
  /** Accessible name of the image viewer's close button. */
  readonly closeImage: string;
  /** The image viewer's button, for the image's author, that edits its alt text. */
  readonly editAlt: string;
  /** Label of the alt text input, and the hint under it. */
  readonly altLabel: string;
  readonly altHint: string;
  /** Accessible name of the actions button of the person `name` in the participant list. */
  readonly personActions: (name: string) => string;
  /** Actions on your own posts, and a moderator's on anyone's. */
  readonly edit: string;
  readonly delete: string;
  readonly remove: string;
  /** Label of the text box that edits a post. */
  readonly editLabel: string;
  /** Moderators' actions on a person. */
  readonly muteFor: (minutes: number) => string;
  readonly muteUntilUnmuted: string;
  readonly unmute: string;
  readonly ban: string;
  /** Above the composer while you are muted until `time` (a time of day, or a date and time when not today). */
  readonly mutedUntil: (time: string) => string;
  /** The same while muted until a moderator lifts it. */
  readonly mutedIndefinitely: string;
  /** The same when banned. */
  readonly banned: string;
  /** Why the composer cannot send: muted, banned, or not vouched for in a room for verified people only. */
  readonly composerMuted: string;
  readonly composerBanned: string;
  readonly composerUnverified: string;
  /** The participant list's action that makes a private room and shows its invite link (also the invite panel's title). */
  readonly privateRoom: string;
  /** Accessible name of the invite panel's read-only input with the link. */
  readonly inviteLink: string;
  /** The invite panel's button that copies the link. */
  readonly copyInvite: string;
  /** The copy button once the link is on the clipboard (and said to screen readers). */
  readonly inviteCopied: string;
  /** Under the invite panel's title: where the person is now, and who can get in. */
  readonly inviteNote: string;
  /** Accessible name of the invite panel's close button. */
  readonly closeInvite: string;
  /** Accessible name of the list of people that typing "@" in the composer offers. */
  readonly mentionList: string;
  /** Said (not shown) after a name in that list: the person is in the room now, or only remembered. */
  readonly mentionHere: string;
  readonly mentionAway: string;
  /** Said to screen readers while that list is open: how many people it offers, and the keys that pick one. */
  readonly mentionSuggestions: (count: number) => string;
}

/** The nested tables a partial override may fill in part. */
type NestedKey = 'status' | 'composerDisabled' | 'reset' | 'errors';

/** Any subset of {@link ChatStrings}; the nested tables may be partial too. */
export type ChatStringsOverride = {
  readonly [K in keyof ChatStrings]?: K extends NestedKey ? Partial<ChatStrings[K]> : ChatStrings[K];
};

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Picks the plural form of `count` for `lang` (Intl.PluralRules, cached per language). Languages with more
 * forms than English (Arabic has six) fill in more keys; a missing form falls back to `other`.
 */
export function plural(lang: string, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return forms[rules.select(count)] ?? forms.other;
}

const listFormats = new Map<string, Intl.ListFormat>();

/** Lists names as `lang` does ("A, B and C"); past `max` names, the rest become "N others" via `others`. */
export function listNames(lang: string, names: readonly string[], others: (count: number) => string, max = 3): string {
  let format = listFormats.get(lang);
  if (!format) listFormats.set(lang, (format = new Intl.ListFormat(lang, { type: 'conjunction' })));
  const shown = names.length > max ? [...names.slice(0, max - 1), others(names.length - max + 1)] : names;
  return format.format(shown);
}

const othersEn = (count: number) => plural('en', count, { one: '1 other', other: `${count} others` });
const someoneEn = (count: number) => plural('en', count, { one: 'someone', other: `${count} people` });

/**
 * Who reacted, as `lang` lists people: the first `max` known `names`, then the rest of `count` (more names,
 * and people the room no longer knows) as "N others", or as `someone(N)` ("someone") when no name is known.
 */
export function listReactors(
  lang: string,
  count: number,
  names: readonly string[],
  others: (count: number) => string,
  someone: (count: number) => string,
  max = 6,
): string {
  const shown = names.slice(0, max);
  const rest = count - shown.length;
  return listNames(lang, rest > 0 ? [...shown, shown.length ? others(rest) : someone(rest)] : shown, others, Infinity);
}

export const DEFAULT_STRINGS: ChatStrings = Object.freeze({
  chat: 'Chat',
  youAre: (name: string) => `You are ${name}`,
  rename: 'Rename',
  nameLabel: 'Your name',
  save: 'Save',
  cancel: 'Cancel',
  notSent: 'Not sent',
  sendAgain: 'Send again',
  discard: 'Discard',
  nameTaken: 'Someone in this room already has that name.',
  nameEmpty: 'Type a name first.',
  peopleHere: (count: number) => plural('en', count, { one: '1 person here', other: `${count} people here` }),
  participantList: 'People in this room',
  you: '(you)',
  status: Object.freeze({
    connecting: 'Connecting…',
    online: 'Online',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    error: 'Error',
  }),
  messages: 'Messages',
  empty: 'No messages yet.',
  messageLabel: 'Message',
  placeholder: 'Type a message',
  send: 'Send',
  sending: 'Sending…',
  charactersLeft: (count: number) => `${count} left`,
  charactersOver: (count: number) => plural('en', count, { one: '1 character too long', other: `${count} characters too long` }),
  helpTitle: 'Commands',
  helpClose: 'Close the command list',
  helpMeArgument: 'action',
  helpMe: 'Posts an action line, e.g. “* Alice waves”',
  helpReset: 'Clears the chat for everyone',
  helpHelp: 'Shows this list',
  offlineRetryIn: (seconds: number) => `Offline. Retrying in ${seconds} s`,
  offlineTrying: 'Offline. Trying to reconnect…',
  retryNow: 'Retry now',
  nextPostIn: (seconds: number) => `Next post in ${seconds} s`,
  slowModeNextPost: (seconds: number) => `Slow mode: next post in ${seconds} s`,
  composerDisabled: Object.freeze({
    connecting: 'Connecting… You can write once the chat is online.',
    reconnecting: 'Reconnecting… Your draft is kept.',
    offline: 'The chat is offline.',
    error: 'The chat is unavailable.',
  }),
  joined: (names: readonly string[]) => `${listNames('en', names, othersEn)} joined`,
  left: (names: readonly string[]) => `${listNames('en', names, othersEn)} left`,
  renamed: (from: string, to: string) => `${from} is now ${to}`,
  typingOne: (name: string) => `${name} is typing…`,
  typingTwo: (first: string, second: string) => `${first} and ${second} are typing…`,
  typingMany: 'Several people are typing…',
  newMessages: (count: number) => plural('en', count, { one: '1 new message', other: `${count} new messages` }),
  openChat: (unread: number) => (unread > 0 ? `Open chat, ${unread} unread` : 'Open chat'),
  closeChat: 'Close chat',
  turnOnNotifications: 'Turn on notifications',
  reset: Object.freeze({
    user: 'Chat reset at user request',
    newcomer: 'Chat reset for new participants',
    inactivity: 'Chat reset due to inactivity',
    moderator: 'Chat cleared by a moderator',
  }),
  clearChat: 'Clear chat',
  clearConfirm: 'Clear the chat for everyone?',
  today: 'Today',
  yesterday: 'Yesterday',
  errors: Object.freeze({
    config: 'The chat is not set up correctly.',
    unreachable: 'Cannot reach the chat server.',
    password: 'The password does not match the room’s password.',
    timeout: 'The chat server did not let us in in time.',
    connection: 'Lost the connection to the chat server.',
    conflict: 'This room or server is already used by another chat on this page.',
    unknown: 'Something went wrong with the chat.',
  }),
  edited: 'edited',
  messageDeleted: 'Message deleted',
  removedByModerator: 'Removed by a moderator',
  verified: 'verified',
  moderatorBadge: 'Moderator',
  mutedMark: 'muted',
  messageActions: (name: string) => `Actions for ${name}’s message`,
  reply: 'Reply',
  react: 'React',
  replyingTo: (name: string) => `Replying to ${name}`,
  cancelReply: 'Cancel reply',
  replyQuote: (name: string, text: string) => `In reply to ${name}: ${text}`,
  replyRemoved: 'Original message removed',
  replyUnavailable: 'Original message not available',
  addReaction: 'Add reaction',
  reactions: 'Reactions',
  reactedBy: (emoji: string, count: number, names: readonly string[]) => `${emoji} ${count}: ${listReactors('en', count, names, othersEn, someoneEn)}`,
  reactionYou: 'you',
  attachImage: 'Attach an image',
  dropImage: 'Drop an image to send it',
  sendingImage: 'Sending image…',
  imageWrongType: 'Only PNG, JPEG, WebP and GIF images can be sent.',
  imageTooLarge: 'That image is too large: the limit is 5 MB.',
  imageUnreadable: 'That image could not be read.',
  imageUploadFailed: 'The image could not be stored. Try again later.',
  dismissImageProblem: 'Dismiss',
  imageLabel: (alt: string) => (alt ? `Image: ${alt}` : 'Image'),
  imageUnavailable: 'Image unavailable',
  closeImage: 'Close image',
  editAlt: 'Edit alt text',
  altLabel: 'Alt text',
  altHint: 'Describe the image for people who cannot see it.',
  personActions: (name: string) => `Actions for ${name}`,
  edit: 'Edit',
  delete: 'Delete',
  remove: 'Remove',
  editLabel: 'Edit message',
  muteFor: (minutes: number) => plural('en', minutes, { one: 'Mute for 1 minute', other: `Mute for ${minutes} minutes` }),
  muteUntilUnmuted: 'Mute until unmuted',
  unmute: 'Unmute',
  ban: 'Ban',
  mutedUntil: (time: string) => `You are muted until ${time}`,
  mutedIndefinitely: 'You are muted until a moderator unmutes you',
  banned: 'You were banned from this room',
  composerMuted: 'You cannot post while you are muted.',
  composerBanned: 'You cannot post in this room.',
  composerUnverified: 'Only people the site vouches for can post here.',
  privateRoom: 'Private room',
  inviteLink: 'Invite link',
  copyInvite: 'Copy link',
  inviteCopied: 'Copied',
  inviteNote: 'You are now in a new private room. Anyone with this link can join it and read along.',
  closeInvite: 'Close the invite',
  mentionList: 'People to mention',
  mentionHere: 'here',
  mentionAway: 'away',
  mentionSuggestions: (count: number) =>
    plural('en', count, {
      one: '1 person to mention: up and down arrows to choose, Enter to insert',
      other: `${count} people to mention: up and down arrows to choose, Enter to insert`,
    }),
});

/**
 * The full table with `override` laid over `base` (the defaults unless given). Unknown keys and values of
 * the wrong type are ignored, so a host page's typo cannot blank the widget; nested tables merge per key.
 */
export function mergeStrings(override: ChatStringsOverride | null | undefined, base: ChatStrings = DEFAULT_STRINGS): ChatStrings {
  if (!override || typeof override !== 'object') return base;
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(base) as (keyof ChatStrings)[]) {
    const value: unknown = override[key];
    const fallback: unknown = base[key];
    if (value === undefined || value === null) continue;
    if (typeof fallback === 'object' && fallback !== null) {
      if (typeof value === 'object') merged[key] = Object.freeze({ ...fallback, ...pickStrings(value, fallback) });
    } else if (typeof value === typeof fallback) {
      merged[key] = value;
    }
  }
  return Object.freeze(merged) as unknown as ChatStrings;
}

/** The string entries of `value` whose keys exist in `known`. */
function pickStrings(value: object, known: object): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key in known && typeof entry === 'string') picked[key] = entry;
  }
  return picked;
}
