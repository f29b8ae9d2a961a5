/**
 * What a person the room does not let post is told: a bar above the composer while a moderator muted
 * or banned them ("You are muted until 14:05"), and the reason under the disabled composer. Template
 * and wording functions of plain data; the room's state decides, and a mute that ends re-renders
 * through it (no countdown).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { formatDateTime, formatTime, localDay } from '../i18n/format-time.js';
import type { ChatStrings } from '../i18n/strings.js';

/** This person's standing in the room (see `ChatState`). */
export interface Standing {
  /** Muted until this time (ms since the epoch), until unmuted (null), or not muted (undefined). */
  readonly mutedUntil?: number | null;
  readonly banned: boolean;
}

/** "You are muted until 14:05" (a date too when the mute ends on another day), or the banned sentence; '' when neither. */
export function mutedSentence({ mutedUntil, banned }: Standing, strings: ChatStrings, lang: string | undefined, now = Date.now()): string {
  if (banned) return strings.banned;
  if (mutedUntil === undefined) return '';
  if (mutedUntil === null) return strings.mutedIndefinitely;
  return strings.mutedUntil(localDay(mutedUntil) === localDay(now) ? formatTime(mutedUntil, lang) : formatDateTime(mutedUntil, lang));
}

export function renderMutedBar(standing: Standing, strings: ChatStrings, lang: string | undefined): TemplateResult | typeof nothing {
  const sentence = mutedSentence(standing, strings, lang);
  return sentence ? html`<p part="muted-bar" class="muted-bar" role="status">${sentence}</p>` : nothing;
}

/** Why the composer cannot send though the chat may be online: banned, muted, or not vouched for where only vouched people post. */
export function blockedReason(standing: Standing, maySend: boolean, strings: ChatStrings): string {
  if (maySend) return '';
  if (standing.banned) return strings.composerBanned;
  return standing.mutedUntil !== undefined ? strings.composerMuted : strings.composerUnverified;
}
