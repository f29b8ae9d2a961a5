/**
 * Who a post mentions, as pure functions: "@" and a name the room holds (present or remembered), in any
 * case, where the "@" starts a word (at the start, after a space or an opening bracket or quote: an
 * e-mail address or a link such as example.com/@kiwi mentions nobody) and the name is not followed by a
 * letter or digit. The longest name wins ("@Ann Lee" over "@Ann"). Part of the model: every
 * replica finds the same people. No Croquet, no DOM.
 */
import { MAX_MENTIONS } from './limits.js';
import { nameKey } from './names.js';

/** One mention in a text: where it is (UTF-16 offsets, the "@" included) and whom it names. */
export interface MentionSpan {
  readonly start: number;
  readonly end: number;
  readonly personId: string;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
/** What may stand before the "@" of a mention: a space, or an opening bracket or quote. */
const BEFORE_MENTION = /[\s([{"'«“‘‹„]/u;

/** The mentions in `text` of the people in `names` (person id → name), in the order they appear. */
export function mentionSpans(text: string, names: ReadonlyMap<string, string>): MentionSpan[] {
  const spans: MentionSpan[] = [];
  if (!text.includes('@') || names.size === 0) return spans;
  const byKey = [...names].map(([personId, name]) => ({ personId, name, key: nameKey(name) })).filter((n) => n.name !== '');
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && !BEFORE_MENTION.test(text[at - 1])) continue;
    let best: { personId: string; end: number } | null = null;
    for (const { personId, name, key } of byKey) {
      const end = at + 1 + name.length;
      if (best !== null && end <= best.end) continue;
      if (nameKey(text.slice(at + 1, end)) !== key) continue;
      if (end < text.length && LETTER_OR_DIGIT.test(text[end])) continue;
      best = { personId, end };
    }
    if (best !== null) {
      spans.push({ start: at, end: best.end, personId: best.personId });
      at = best.end - 1;
    }
  }
  return spans;
}

/** The people `text` mentions, each once, in order, the author left out; at most {@link MAX_MENTIONS}. */
export function findMentions(text: string, names: ReadonlyMap<string, string>, author: string): string[] {
  const people = new Set<string>();
  for (const { personId } of mentionSpans(text, names)) if (personId !== author) people.add(personId);
  return [...people].slice(0, MAX_MENTIONS);
}
