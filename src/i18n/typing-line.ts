/**
 * The wording of the typing indicator. Past two typists, names stop helping (and a long line would wrap
 * over the composer), so three or more read "Several people are typing…".
 */
import type { ChatStrings } from './strings.js';

/** The indicator line for the people typing now (others only, in the order given); '' when nobody is. */
export function typingLine(names: readonly string[], strings: Pick<ChatStrings, 'typingOne' | 'typingTwo' | 'typingMany'>): string {
  if (names.length === 0) return '';
  if (names.length === 1) return strings.typingOne(names[0]);
  if (names.length === 2) return strings.typingTwo(names[0], names[1]);
  return strings.typingMany;
}
