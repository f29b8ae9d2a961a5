/**
 * The small marks beside a person's name: verified (the site vouches for them), moderator, muted.
 * Each says its word to screen readers; the check is a glyph for the eye only.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';

/** The check after the name of someone the site vouches for (in the log and the participant list). */
export function verifiedMark(strings: ChatStrings): TemplateResult {
  return html`<span part="verified" class="verified" title=${strings.verified}
    ><span aria-hidden="true">✓</span><span class="visually-hidden">${strings.verified}</span></span
  >`;
}

/** "Moderator", in the participant list. */
export function moderatorBadge(strings: ChatStrings): TemplateResult {
  return html`<span part="moderator-badge" class="badge">${strings.moderatorBadge}</span>`;
}

/** "muted", in the participant list. */
export function mutedMark(strings: ChatStrings): TemplateResult {
  return html`<span part="muted-mark" class="muted-mark">${strings.mutedMark}</span>`;
}
