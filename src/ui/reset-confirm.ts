/**
 * The question `reset="confirm"` asks before clearing the room for everyone: an inline alert dialog
 * whose safe answer (Cancel) gets focus; Escape answers Cancel. A template function; the element owns
 * the state.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';

/** The button that gets focus when the question appears. */
export const SAFE_ANSWER_SELECTOR = '[part~="confirm"] .cancel';

export function renderResetConfirm(strings: ChatStrings, answer: (clear: boolean) => void): TemplateResult {
  return html`<div part="confirm" class="confirm" role="alertdialog" aria-label=${strings.clearConfirm}
    @keydown=${(event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault(); // this question's Escape: not the launcher panel's too
      answer(false);
    }}>
    <span>${strings.clearConfirm}</span>
    <button type="button" @click=${() => answer(true)}>${strings.clearChat}</button>
    <button type="button" class="cancel" @click=${() => answer(false)}>${strings.cancel}</button>
  </div>`;
}
