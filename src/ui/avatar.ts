/**
 * A person's avatar: the initials of their name on a colour derived from their person id, so it stays
 * the same on every page, in every room and after a rename. The hue comes from the id; lightness and
 * chroma are fixed in OKLCH (see the styles), which keeps the initials at AA contrast for every hue, in
 * light and in dark.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

/** Number of distinct hues avatars use: far enough apart to tell two people apart at a glance. */
export const AVATAR_HUES = 24;

/** The hue (degrees) of a person's avatar: FNV-1a of the id, so every page derives the same one. */
export function avatarHue(personId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < personId.length; i++) {
    hash ^= personId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % AVATAR_HUES) * (360 / AVATAR_HUES);
}

/**
 * Made on first need. A page's first Intl object sets up ICU (about 30 ms on a cold page on this project's
 * machine); made while the shell evaluated, this one put that before the widget's first paint.
 */
let segmenter: Intl.Segmenter | null | undefined;

/**
 * A letter or digit that is a grapheme on its own: not one that joins what follows (a prepended letter,
 * Hangul jamo), and followed by nothing that joins it (a mark, a joiner or other format character, an
 * emoji skin tone, a halfwidth sound mark, a jamo). Most names start so, and need no segmenter.
 */
const LONE_LETTER =
  /^(?![\u0D4E\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}])[\p{L}\p{N}](?![\p{M}\p{Cf}\u{1F3FB}-\u{1F3FF}\uFF9E\uFF9F\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF])/u;

/** The first user-perceived character of `word` (an emoji or a letter with its marks, not half of one). */
function firstGrapheme(word: string): string {
  const lone = LONE_LETTER.exec(word);
  if (lone) return lone[0];
  segmenter ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (segmenter) {
    for (const { segment } of segmenter.segment(word)) return segment;
    return '';
  }
  return Array.from(word)[0] ?? '';
}

/** Up to two initials: of the first and the last word ("Ada Lovelace" → "AL", "mango" → "M"). */
export function initials(name: string): string {
  const words = name.trim().split(/[\s_.-]+/u).filter((word) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(word));
  if (words.length === 0) return '?';
  const first = firstGrapheme(words[0].replace(/^[^\p{L}\p{N}\p{Extended_Pictographic}]+/u, ''));
  const last = words.length > 1 ? firstGrapheme(words[words.length - 1].replace(/^[^\p{L}\p{N}\p{Extended_Pictographic}]+/u, '')) : '';
  return (first + last).toLocaleUpperCase();
}

/**
 * The avatar of a person: decorative (the name is always beside it), so hidden from screen readers. The hue
 * is set through the CSSOM (styleMap), which pages with a strict style-src policy allow.
 */
export function renderAvatar(personId: string, name: string): TemplateResult {
  return html`<span part="avatar" class="avatar" aria-hidden="true" style=${styleMap({ '--_hue': String(avatarHue(personId)) })}>${initials(name)}</span>`;
}
