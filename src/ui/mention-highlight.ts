/**
 * Mentions as the log shows them: a post's text split into text, links and mentions, the mentions found
 * with the room's own rule (model/mentions.ts) among the people the post's `mentions` lists, by the names
 * they have now. Someone who renamed since stays in `mentions` but is no longer highlighted (the text
 * says their old name). Data, not markup: the log renders every piece as text.
 */
import { mentionSpans } from '../model/mentions.js';
import type { MentionablePerson } from '../session/chat-view.js';
import type { ChatMessage, ChatUser } from '../types.js';
import { linkify, type Segment } from './linkify.js';
import type { PersonNames } from './reactions.js';

/** A mention in a post's text: "@" and the name, and whom it names. */
export type MentionSegment = { readonly kind: 'mention'; readonly text: string; readonly personId: string };

/** A piece of a post's text: text, a link or a mention. */
export type TextPiece = Segment | MentionSegment;

/** Whether `message` is a post that mentions the person `personId` (never their own: a post does not list its author). */
export function mentionsPerson(message: ChatMessage, personId: string): boolean {
  return personId !== '' && message.kind === 'post' && !message.deleted && message.mentions.includes(personId);
}

const namesCache = new WeakMap<readonly MentionablePerson[], { users: readonly ChatUser[]; names: PersonNames }>();

/**
 * The current name of everyone a post may mention: those the room remembers, and those here (this person
 * included). Cached per pair of lists (the view hands out a new list only when it changed).
 */
export function mentionNames(users: readonly ChatUser[], mentionable: readonly MentionablePerson[]): PersonNames {
  const cached = namesCache.get(mentionable);
  if (cached?.users === users) return cached.names;
  const names = new Map<string, string>();
  for (const person of mentionable) names.set(person.personId, person.nickname);
  for (const user of users) names.set(user.personId, user.nickname);
  namesCache.set(mentionable, { users, names });
  return names;
}

/** The last split of each post: the log renders every row again on each update, most of them unchanged. */
const piecesCache = new WeakMap<ChatMessage, { text: string; names: PersonNames; pieces: readonly TextPiece[] }>();

/** `text` (the post's, or a `/me` post's action) as text, links and the mentions `message` lists, named by `names`. */
export function textPieces(message: ChatMessage, text: string, names: PersonNames): readonly TextPiece[] {
  const segments = linkify(text);
  if (message.mentions.length === 0) return segments;
  const cached = piecesCache.get(message);
  if (cached?.text === text && cached.names === names) return cached.pieces;
  const mentioned = new Map<string, string>();
  for (const personId of message.mentions) {
    const name = names.get(personId);
    if (name) mentioned.set(personId, name);
  }
  const pieces = Object.freeze(splitMentions(segments, mentionSpans(text, mentioned)));
  piecesCache.set(message, { text, names, pieces });
  return pieces;
}

/** Cuts the text segments at the mentions; a mention inside a link stays part of the link. */
function splitMentions(segments: readonly Segment[], spans: ReturnType<typeof mentionSpans>): TextPiece[] {
  if (spans.length === 0) return [...segments];
  const pieces: TextPiece[] = [];
  let offset = 0;
  for (const segment of segments) {
    const end = offset + segment.text.length;
    if (segment.kind === 'link') {
      pieces.push(segment);
    } else {
      let at = offset;
      for (const span of spans) {
        if (span.start < at || span.end > end) continue;
        if (span.start > at) pieces.push({ kind: 'text', text: segment.text.slice(at - offset, span.start - offset) });
        pieces.push({ kind: 'mention', text: segment.text.slice(span.start - offset, span.end - offset), personId: span.personId });
        at = span.end;
      }
      if (at < end) pieces.push({ kind: 'text', text: segment.text.slice(at - offset) });
    }
    offset = end;
  }
  return pieces;
}
