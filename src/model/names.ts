/**
 * The room's rules for names, as pure functions: the model is the judge of every name, and each replica
 * must reach the same verdict. No Croquet, no DOM.
 */
import { MAX_NAME_LENGTH } from './limits.js';

/** C0/C1 controls, plus the bidi embedding, override and isolate controls that could reorder a line of text. */
export const UNSAFE_CHARACTERS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A name as the room stores it: unsafe characters removed, whitespace collapsed and trimmed, at most
 * {@link MAX_NAME_LENGTH} code points. '' when nothing usable is left (or `name` is not a string).
 */
export function normalizeName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const cleaned = name.replace(UNSAFE_CHARACTERS, '').replace(/\s+/gu, ' ').trim();
  const points = Array.from(cleaned);
  return points.length <= MAX_NAME_LENGTH ? cleaned : points.slice(0, MAX_NAME_LENGTH).join('').trimEnd();
}

/** The key two names collide on: names are unique in a room regardless of case. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * `name` if no key in `taken` matches it, otherwise the first free "name 2", "name 3", …, shortening
 * the name so the suffix still fits in {@link MAX_NAME_LENGTH}.
 */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(name))) return name;
  const points = Array.from(name);
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const candidate = `${points.slice(0, MAX_NAME_LENGTH - suffix.length).join('').trimEnd()}${suffix}`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}
