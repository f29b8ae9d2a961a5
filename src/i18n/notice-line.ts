/**
 * The reader's wording of a room notice. The model stores an English `text` for old pages and tools, and
 * the `notice` data beside it, so each reader can say "Fig joined" or "Fig ist da" in their own language.
 */
import type { ChatStrings } from './strings.js';
import type { ChatNotice } from '../types.js';

/** The line to show for `notice`, from `strings`. */
export function noticeLine(notice: ChatNotice, strings: Pick<ChatStrings, 'reset' | 'renamed' | 'joined' | 'left'>): string {
  switch (notice.type) {
    case 'reset':
      return strings.reset[notice.reason];
    case 'rename':
      return strings.renamed(notice.from, notice.to);
    case 'joined':
      return strings.joined(notice.names);
    case 'left':
      return strings.left(notice.names);
  }
}
