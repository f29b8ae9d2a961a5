import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { DEFAULT_STRINGS } from '../i18n/strings.js';
import type { ChatStrings } from '../i18n/strings.js';
import { MAX_TEXT_LENGTH } from '../types.js';
import styles from './chat-composer.styles.js';

/** `croquet-chat-composer-submit`: the user asked to send `text` (never blank, never while disabled). */
export type CroquetChatComposerSubmitEvent = CustomEvent<{ text: string }>;
/** `croquet-chat-composer-input`: the user changed the draft (typed, pasted, deleted). */
export type CroquetChatComposerInputEvent = CustomEvent<{ text: string }>;

declare global {
  interface HTMLElementEventMap {
    'croquet-chat-composer-submit': CroquetChatComposerSubmitEvent;
    'croquet-chat-composer-input': CroquetChatComposerInputEvent;
  }
}

/** The counter shows once at most this share of the limit is left. */
const COUNTER_SHARE = 0.1;
/** Screen readers hear the counter only when it crosses one of these (and when it first shows): not per key. */
const ANNOUNCE_AT = [100, 50, 20, 10, 0];

/**
 * The message composer of `<croquet-chat>`: a textarea that grows to about five lines, Enter to send,
 * Shift+Enter for a new line, and never a send in the middle of an IME composition.
 *
 * It does not post anything itself: it fires `croquet-chat-composer-submit` and keeps the draft until the
 * owner calls `clear()`, so a post that cannot go out is not lost. While `disabled` the textarea stays
 * editable (a draft survives a reconnect) but nothing is sent, and `reason` says why.
 * Its events bubble but are not composed: they are for the `<croquet-chat>` around it, not the page.
 *
 * @summary The message composer inside `<croquet-chat>`.
 * @tag croquet-chat-composer
 *
 * @fires {CroquetChatComposerSubmitEvent} croquet-chat-composer-submit - Enter or the send button, with non-blank text while enabled. `detail: {text}`.
 * @fires {CroquetChatComposerInputEvent} croquet-chat-composer-input - The draft changed by user input. `detail: {text}`.
 *
 * @csspart form - The composer's form.
 * @csspart input - The textarea.
 * @csspart send-button - The send button.
 * @csspart counter - The characters-left counter (only near the length limit).
 * @csspart reason - Why sending is disabled (only while disabled with a reason).
 */
export class CroquetChatComposer extends LitElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The words to use (a full table; `<croquet-chat>` merges its `strings` override first). */
  @property({ attribute: false }) strings: ChatStrings = DEFAULT_STRINGS;

  /** Placeholder of the textarea; `strings.placeholder` when empty. */
  @property() placeholder = '';

  /** Whether sending is impossible right now. The draft stays editable. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Shown (and read with the textarea) while disabled: why nothing can be sent. */
  @property() reason = '';

  /** Longest draft, in UTF-16 code units as the textarea's `maxlength` counts them. */
  @property({ type: Number, attribute: 'max-length' }) maxLength = MAX_TEXT_LENGTH;

  @state() private draft = '';
  /** The last counter text given to the polite live region, so it speaks at thresholds only. */
  @state() private announcement = '';
  private lastAnnouncedAt = Infinity;
  /** True between compositionstart and compositionend (some browsers do not set `isComposing` on the final key). */
  private composing = false;

  @query('textarea') private textarea?: HTMLTextAreaElement;

  /** The draft. Setting it does not fire `croquet-chat-composer-input` (that is for the user's own input). */
  get value(): string {
    return this.draft;
  }

  set value(text: string) {
    this.draft = String(text ?? '').slice(0, this.maxLength);
  }

  /** Empties the draft, e.g. once its post has gone out. */
  clear(): void {
    this.draft = '';
  }

  /** Puts the caret in the textarea. */
  override focus(options?: FocusOptions): void {
    (this.textarea ?? this).focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('draft') || changed.has('maxLength') || changed.has('strings')) this.updateAnnouncement();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('draft')) this.fitHeight();
  }

  /** Grows the textarea with its content; CSS caps it at about five lines, after which it scrolls. */
  private fitHeight(): void {
    const textarea = this.textarea;
    if (!textarea) return;
    // Empty: rows="1" is the height, no layout to read (the first render and each send stay cheap).
    if (this.draft === '') {
      textarea.style.blockSize = '';
      return;
    }
    textarea.style.blockSize = 'auto';
    const border = textarea.offsetHeight - textarea.clientHeight;
    textarea.style.blockSize = `${textarea.scrollHeight + border}px`;
  }

  private get remaining(): number {
    return this.maxLength - this.draft.length;
  }

  private get showCounter(): boolean {
    return this.remaining <= Math.ceil(this.maxLength * COUNTER_SHARE);
  }

  private updateAnnouncement(): void {
    if (!this.showCounter) {
      this.announcement = '';
      this.lastAnnouncedAt = Infinity;
      return;
    }
    const { remaining } = this;
    const crossed = this.lastAnnouncedAt === Infinity || ANNOUNCE_AT.some((at) => remaining <= at && this.lastAnnouncedAt > at);
    if (crossed) {
      this.announcement = this.strings.charactersLeft(remaining);
      this.lastAnnouncedAt = remaining;
    }
  }

  private handleInput(event: InputEvent): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.dispatchEvent(new CustomEvent('croquet-chat-composer-input', { bubbles: true, detail: { text: this.draft } }));
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // 229 is the key code browsers report for keys the IME handles (Safari sends the committing Enter so).
    if (event.isComposing || this.composing || event.keyCode === 229) return;
    event.preventDefault();
    this.submit();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.submit();
    // A click on the send button moved focus there; the next message is written in the textarea.
    this.textarea?.focus();
  }

  private submit(): void {
    const text = this.textarea?.value ?? this.draft;
    if (this.disabled || text.trim() === '') return;
    this.dispatchEvent(new CustomEvent('croquet-chat-composer-submit', { bubbles: true, detail: { text } }));
  }

  protected override render(): TemplateResult {
    const { strings, remaining } = this;
    const reason = this.disabled && this.reason ? this.reason : '';
    const counter = this.showCounter;
    return html`
      <form part="form" class="form" @submit=${this.handleSubmit}>
        <div class="row">
          <textarea
            part="input"
            class="input"
            rows="1"
            dir="auto"
            enterkeyhint="send"
            autocomplete="off"
            aria-label=${strings.messageLabel}
            aria-describedby=${[reason ? 'reason' : '', counter ? 'counter' : ''].filter(Boolean).join(' ') || nothing}
            placeholder=${this.placeholder || strings.placeholder}
            maxlength=${this.maxLength}
            .value=${live(this.draft)}
            @input=${this.handleInput}
            @keydown=${this.handleKeydown}
            @compositionstart=${() => (this.composing = true)}
            @compositionend=${() => (this.composing = false)}
          ></textarea>
          <button part="send-button" class="send-button" type="submit" ?disabled=${this.disabled || this.draft.trim() === ''}>
            ${strings.send}
          </button>
        </div>
        ${reason || counter
          ? html`<div class="notes">
              ${reason ? html`<span part="reason" class="reason" id="reason">${reason}</span>` : nothing}
              ${counter
                ? html`<span part="counter" class=${remaining <= 0 ? 'counter exhausted' : 'counter'} id="counter" aria-hidden="true"
                    >${strings.charactersLeft(remaining)}</span
                  >`
                : nothing}
            </div>`
          : nothing}
        <span class="visually-hidden" role="status">${this.announcement}</span>
      </form>
    `;
  }
}
