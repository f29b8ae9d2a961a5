/**
 * Reactions to posts: which strings count as one emoji, and a post's reactions after someone toggles
 * one. A post's reactions map each emoji to the person ids who reacted with it, in the order they did.
 *
 * Part of the model: every replica must give the same answer, whatever its browser. So the emoji check
 * reads no Unicode data of the JavaScript engine (`\p{Extended_Pictographic}` and `Intl.Segmenter`
 * change with the engine's Unicode version: a newer browser would take an emoji an older one refuses,
 * and the replicas would part ways). It carries its own copy of the property instead, as Unicode 17.0
 * defines it, and the grammar of UTS #51 emoji sequences. Pure functions, no Croquet.
 */
import { MAX_EMOJI_LENGTH, MAX_REACTION_EMOJI, MAX_REACTIONS_PER_POST } from './limits.js';
import { isPersonId } from './signatures.js';
import { MAX_SUBJECT_LENGTH } from './site-token.js';

/** A post's reactions: emoji → person ids, in the order they reacted. */
export type Reactions = Readonly<Record<string, readonly string[]>>;

/** No reactions (shared: reactions are replaced, never changed in place). */
export const NO_REACTIONS: Reactions = Object.freeze({});

/** Extended_Pictographic (Unicode 17.0, emoji-data.txt) as hex code point ranges; fixed here, see above. */
const PICTOGRAPHIC = parseRanges(
  'a9 ae 203c 2049 2122 2139 2194-2199 21a9-21aa 231a-231b 2328 23cf 23e9-23f3 23f8-23fa 24c2 25aa-25ab ' +
  '25b6 25c0 25fb-25fe 2600-2604 260e 2611 2614-2615 2618 261d 2620 2622-2623 2626 262a 262e-262f ' +
  '2638-263a 2640 2642 2648-2653 265f-2660 2663 2665-2666 2668 267b 267e-267f 2692-2697 2699 269b-269c ' +
  '26a0-26a1 26a7 26aa-26ab 26b0-26b1 26bd-26be 26c4-26c5 26c8 26ce-26cf 26d1 26d3-26d4 26e9-26ea ' +
  '26f0-26f5 26f7-26fa 26fd 2702 2705 2708-270d 270f 2712 2714 2716 271d 2721 2728 2733-2734 2744 2747 ' +
  '274c 274e 2753-2755 2757 2763-2764 2795-2797 27a1 27b0 27bf 2934-2935 2b05-2b07 2b1b-2b1c 2b50 2b55 ' +
  '3030 303d 3297 3299 1f004 1f02c-1f02f 1f094-1f09f 1f0af-1f0b0 1f0c0 1f0cf-1f0d0 1f0f6-1f0ff ' +
  '1f170-1f171 1f17e-1f17f 1f18e 1f191-1f19a 1f1ae-1f1e5 1f201-1f20f 1f21a 1f22f 1f232-1f23a ' +
  '1f23c-1f23f 1f249-1f25f 1f266-1f321 1f324-1f393 1f396-1f397 1f399-1f39b 1f39e-1f3f0 1f3f3-1f3f5 ' +
  '1f3f7-1f3fa 1f400-1f4fd 1f4ff-1f53d 1f549-1f54e 1f550-1f567 1f56f-1f570 1f573-1f57a 1f587 ' +
  '1f58a-1f58d 1f590 1f595-1f596 1f5a4-1f5a5 1f5a8 1f5b1-1f5b2 1f5bc 1f5c2-1f5c4 1f5d1-1f5d3 ' +
  '1f5dc-1f5de 1f5e1 1f5e3 1f5e8 1f5ef 1f5f3 1f5fa-1f64f 1f680-1f6c5 1f6cb-1f6d2 1f6d5-1f6e5 1f6e9 ' +
  '1f6eb-1f6f0 1f6f3-1f6ff 1f7da-1f7ff 1f80c-1f80f 1f848-1f84f 1f85a-1f85f 1f888-1f88f 1f8ae-1f8af ' +
  '1f8bc-1f8bf 1f8c2-1f8cf 1f8d9-1f8ff 1f90c-1f93a 1f93c-1f945 1f947-1f9ff 1fa58-1fa5f 1fa6e-1faff ' +
  '1fc00-1fffd',
);

const ZWJ = 0x200d;
/** VARIATION SELECTOR-16: "show as emoji". (Its text twin, VS-15, asks for a look that is not an emoji.) */
const EMOJI_PRESENTATION = 0xfe0f;
const KEYCAP = 0x20e3;
const TAG_END = 0xe007f;

const isSkinTone = (c: number) => c >= 0x1f3fb && c <= 0x1f3ff;
const isRegionalIndicator = (c: number) => c >= 0x1f1e6 && c <= 0x1f1ff;
const isTag = (c: number) => c >= 0xe0020 && c <= 0xe007e;
const isKeycapBase = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x23 || c === 0x2a;

/**
 * Whether `value` is one emoji: a flag (two regional indicators), a keycap (`1️⃣`, `#️⃣`), or pictographs
 * joined by ZWJ, each optionally followed by VS-16, a skin tone (then VS-16), or a tag sequence (🏴 flags
 * of subdivisions). At most {@link MAX_EMOJI_LENGTH} UTF-16 units. Nothing else: no letters, digits
 * alone, spaces, controls, lone surrogates, or two emoji side by side.
 */
export function isReactionEmoji(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_EMOJI_LENGTH) return false;
  const points = Array.from(value, (char) => char.codePointAt(0)!);
  if (isRegionalIndicator(points[0])) return points.length === 2 && isRegionalIndicator(points[1]);
  if (isKeycapBase(points[0])) {
    const rest = points.slice(points[1] === EMOJI_PRESENTATION ? 2 : 1);
    return rest.length === 1 && rest[0] === KEYCAP;
  }
  let at = 0;
  for (;;) {
    at = pictographEnd(points, at);
    if (at < 0) return false;
    if (at === points.length) return true;
    if (points[at] !== ZWJ) return false;
    at += 1;
  }
}

/** Where the pictograph starting at `at` (and what may follow it) ends; -1 when there is none there. */
function pictographEnd(points: readonly number[], at: number): number {
  if (at >= points.length || !inRanges(PICTOGRAPHIC, points[at])) return -1;
  at += 1;
  if (points[at] === EMOJI_PRESENTATION) return at + 1;
  if (isSkinTone(points[at])) return points[at + 1] === EMOJI_PRESENTATION ? at + 2 : at + 1;
  if (isTag(points[at])) {
    while (isTag(points[at])) at += 1;
    return points[at] === TAG_END ? at + 1 : -1;
  }
  return at;
}

/** Whether `value` is spelled like a person id the room gives: a key, or `site:<sub>` for someone a site vouches for. */
export function isReactorId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return value.startsWith('site:') ? value.length > 5 && value.length <= 5 + MAX_SUBJECT_LENGTH : isPersonId(value);
}

/** How many reactions (a person and an emoji) `reactions` holds in all. */
export function reactionCount(reactions: Reactions): number {
  return Object.values(reactions).reduce((sum, people) => sum + people.length, 0);
}

/**
 * The reactions after `person` toggles `emoji` (a checked emoji): their reaction is removed if they had
 * it, else added at the end. Null when adding it would pass {@link MAX_REACTION_EMOJI} different emoji or
 * {@link MAX_REACTIONS_PER_POST} reactions. A new object: the one given is never changed.
 */
export function toggleReaction(reactions: Reactions, emoji: string, person: string): Reactions | null {
  const people = Object.hasOwn(reactions, emoji) ? reactions[emoji] : undefined;
  if (people?.includes(person)) {
    const left = people.filter((id) => id !== person);
    const next: Record<string, readonly string[]> = {};
    for (const [key, ids] of Object.entries(reactions)) {
      if (key !== emoji) next[key] = ids;
      else if (left.length) next[key] = left;
    }
    return next;
  }
  if (!people && Object.keys(reactions).length >= MAX_REACTION_EMOJI) return null;
  if (reactionCount(reactions) >= MAX_REACTIONS_PER_POST) return null;
  return { ...reactions, [emoji]: [...(people ?? []), person] };
}

/**
 * Reactions read from data a member's browser kept (a persisted room): only emoji that pass
 * {@link isReactionEmoji}, person ids spelled like the room's, each once per emoji, no emoji without
 * people, and the limits applied (the first ones kept). Anything else is dropped.
 */
export function readReactions(value: unknown): Reactions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return NO_REACTIONS;
  const read: Record<string, readonly string[]> = {};
  let count = 0;
  let kinds = 0;
  for (const [emoji, people] of Object.entries(value as Record<string, unknown>)) {
    if (kinds >= MAX_REACTION_EMOJI || count >= MAX_REACTIONS_PER_POST) break;
    if (!isReactionEmoji(emoji) || !Array.isArray(people)) continue;
    const ids = [...new Set(people.filter(isReactorId))].slice(0, MAX_REACTIONS_PER_POST - count);
    if (ids.length === 0) continue;
    read[emoji] = ids;
    count += ids.length;
    kinds += 1;
  }
  return kinds ? read : NO_REACTIONS;
}

/** "a9 2194-2199 …" as sorted [first, last] pairs. */
function parseRanges(spec: string): readonly (readonly [number, number])[] {
  return spec.split(' ').map((item) => {
    const [first, last = first] = item.split('-').map((hex) => parseInt(hex, 16));
    return [first, last] as const;
  });
}

/** Binary search of sorted ranges. */
function inRanges(ranges: readonly (readonly [number, number])[], point: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = ranges[middle];
    if (point < first) high = middle - 1;
    else if (point > last) low = middle + 1;
    else return true;
  }
  return false;
}
