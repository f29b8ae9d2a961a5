import { LitElement, html, nothing, svg } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { DEFAULT_STRINGS } from '../i18n/strings.js';
import type { ChatStrings } from '../i18n/strings.js';
import { MAX_TEXT_LENGTH } from '../types.js';
import type { MentionablePerson } from '../session/chat-view.js';
import avatarStyles from './avatar.styles.js';
import styles from './chat-composer.styles.js';
import { MentionSuggestController } from './mention-suggest.js';

/** `croquet-chat-composer-submit`: the user asked to send `text` (never blank, never too long, never while disabled). */
export type CroquetChatComposerSubmitEvent = CustomEvent<{ text: string }>;
/** `croquet-chat-composer-input`: the user changed the draft (typed, pasted, deleted, or `/help` cleared it). */
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
 * The length of `text` as the room counts it: the model trims a post and keeps at most MAX_TEXT_LENGTH
 * code points of it (normalizeText in model/nicknames.ts), so an emoji is one character, not two.
 */
export function roomLength(text: string): number {
  return Array.from(text.trim()).length;
}

/** Whether `text` asks for the command list rather than being a post. */
function isHelpCommand(text: string): boolean {
  return text.trim().toLowerCase() === '/help';
}

const sendIcon = svg`<path d="M3.5 4.2 20.5 12 3.5 19.8 5.6 12zM5.6 12h7.4" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round" />`;
const closeIcon = svg`<path d="M5 5l10 10M15 5 5 15" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />`;

/**
 * The message composer of `<croquet-chat>`: a textarea that grows to about five lines, Enter to send,
 * Shift+Enter for a new line, and never a send in the middle of an IME composition.
 *
 * It does not post anything itself: it fires `croquet-chat-composer-submit` and keeps the draft until the
 * owner calls `clear()`, so a post that cannot go out is not lost. While `disabled` the textarea stays
 * editable (a draft survives a reconnect) but nothing is sent, and `reason` says why. A draft longer than
 * the room takes is kept whole: the counter says how much to cut, and nothing is sent until it fits.
 * `/help` is not sent either: it opens the list of commands.
 * Its events bubble but are not composed: they are for the `<croquet-chat>` around it, not the page.
 *
 * @summary The message composer inside `<croquet-chat>`.
 * @tag croquet-chat-composer
 *
 * @fires {CroquetChatComposerSubmitEvent} croquet-chat-composer-submit - Enter or the send button, with non-blank text within the limit while enabled. `detail: {text}`.
 * @fires {CroquetChatComposerInputEvent} croquet-chat-composer-input - The draft changed by user input. `detail: {text}`.
 *
 * @csspart form - The composer's form.
 * @csspart input - The textarea.
 * @csspart send-button - The send button.
 * @csspart counter - The characters-left counter near the length limit; over it, how many characters are too many.
 * @csspart reason - Why sending is disabled (only while disabled with a reason).
 * @csspart help - The command list `/help` opens.
 * @csspart help-close - The button that closes the command list.
 *
 * @slot attach - Controls at the start of the message field, beside the textarea (`<croquet-chat>` puts its attach-image button there).
 * @csspart mention-list - The people "@" and the start of a name offer (mention-suggest.ts).
 * @csspart mention-option - One person in that list.
 */
export class CroquetChatComposer extends LitElement {
  static override styles = [avatarStyles, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The words to use (a full table; `<croquet-chat>` merges its `strings` override first). */
  @property({ attribute: false }) strings: ChatStrings = DEFAULT_STRINGS;

  /** Placeholder of the textarea; `strings.placeholder` when empty. */
  @property() placeholder = '';

  /** Whether sending is impossible right now. The draft stays editable. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Shown (and read with the textarea) while disabled: why nothing can be sent. */
  @property() reason = '';

  /**
   * Longest draft that can be sent, in characters as the room counts them (code points of the trimmed
   * text). A longer draft is kept, not cut: the counter says how much is too much.
   */
  @property({ type: Number, attribute: 'max-length' }) maxLength = MAX_TEXT_LENGTH;

  /** Whether `/help` lists `/reset` (the owner knows whether this person may clear the room). */
  @property({ type: Boolean, attribute: 'reset-command' }) resetCommand = false;

  /** The people "@" offers (those here first, then those the room remembers). */
  @property({ attribute: false }) mentionable: readonly MentionablePerson[] = [];

  @state() private draft = '';
  /** Whether the command list is open. */
  @state() private helpOpen = false;
  /** The last counter text given to the polite live region, so it speaks at thresholds only. */
  @state() private announcement = '';
  private lastAnnouncedAt = Infinity;
  /** True between compositionstart and compositionend (some browsers do not set `isComposing` on the final key). */
  private composing = false;

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('.help') private helpPanel?: HTMLElement;

  private readonly mentions = new MentionSuggestController(this, () => this.textarea);

  /** The draft. Setting it does not fire `croquet-chat-composer-input` (that is for the user's own input). */
  get value(): string {
    return this.draft;
  }

  set value(text: string) {
    this.draft = String(text ?? '');
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

  /** Characters left before the limit; negative when the draft is too long. */
  private get remaining(): number {
    return this.maxLength - roomLength(this.draft);
  }

  private get showCounter(): boolean {
    return this.remaining <= Math.ceil(this.maxLength * COUNTER_SHARE);
  }

  private counterText(remaining: number): string {
    return remaining < 0 ? this.strings.charactersOver(-remaining) : this.strings.charactersLeft(remaining);
  }

  /** Speaks when the counter first shows, at the thresholds, and once each time the draft crosses the limit. */
  private updateAnnouncement(): void {
    if (!this.showCounter) {
      this.announcement = '';
      this.lastAnnouncedAt = Infinity;
      return;
    }
    const { remaining, lastAnnouncedAt: last } = this;
    const crossed =
      remaining < 0 ? last >= 0 : last < 0 || last === Infinity || ANNOUNCE_AT.some((at) => remaining <= at && last > at);
    if (crossed) {
      this.announcement = this.counterText(remaining);
      this.lastAnnouncedAt = remaining;
    }
  }

  private handleInput(event: InputEvent): void {
    const textarea = event.target as HTMLTextAreaElement;
    this.draft = textarea.value;
    this.mentions.input(this.draft, textarea.selectionStart);
    this.dispatchEvent(new CustomEvent('croquet-chat-composer-input', { bubbles: true, detail: { text: this.draft } }));
  }

  private handleKeydown(event: KeyboardEvent): void {
    // While the "@" list shows, Enter, Tab, the arrows and Escape are its own.
    if (this.mentions.keydown(event)) return;
    if (event.key === 'Escape' && this.helpOpen) {
      event.preventDefault();
      void this.closeHelp();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // 229 is the key code browsers report for keys the IME handles (Safari sends the committing Enter so).
    if (event.isComposing || this.composing || event.keyCode === 229) return;
    // Also when nothing can be sent (too long, disabled): Enter never breaks the line, Shift+Enter does.
    event.preventDefault();
    this.submit();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.submit();
    // A click on the send button moved focus there; the next message is written in the textarea.
    if (!this.helpOpen) this.textarea?.focus();
  }

  private submit(): void {
    const text = this.textarea?.value ?? this.draft;
    if (isHelpCommand(text)) {
      void this.openHelp();
      return;
    }
    if (this.disabled || text.trim() === '' || roomLength(text) > this.maxLength) return;
    this.helpOpen = false;
    this.dispatchEvent(new CustomEvent('croquet-chat-composer-submit', { bubbles: true, detail: { text } }));
  }

  /** Shows the command list instead of posting `/help`, and moves focus to it so screen readers read it. */
  private async openHelp(): Promise<void> {
    this.draft = '';
    this.dispatchEvent(new CustomEvent('croquet-chat-composer-input', { bubbles: true, detail: { text: '' } }));
    this.helpOpen = true;
    await this.updateComplete;
    this.helpPanel?.focus();
  }

  private async closeHelp(): Promise<void> {
    this.helpOpen = false;
    await this.updateComplete;
    this.textarea?.focus();
  }

  private readonly handleHelpKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    void this.closeHelp();
  };

  /** A region named by its heading (a section with a name is one). */
  private renderHelp(strings: ChatStrings): TemplateResult {
    // Commands are typed left to right in every language; dir keeps "/me <action>" whole in RTL.
    const command = (name: string, what: string) => html`<dt><code dir="ltr">${name}</code></dt><dd>${what}</dd>`;
    return html`
      <section part="help" class="help" aria-labelledby="help-title" tabindex="-1" @keydown=${this.handleHelpKeydown}>
        <div class="help-head">
          <h2 class="help-title" id="help-title">${strings.helpTitle}</h2>
          <button part="help-close" class="help-close" type="button" aria-label=${strings.helpClose} @click=${() => void this.closeHelp()}>
            <svg viewBox="0 0 20 20" aria-hidden="true">${closeIcon}</svg>
          </button>
        </div>
        <dl class="commands">
          ${command(`/me <${strings.helpMeArgument}>`, strings.helpMe)}
          ${this.resetCommand ? command('/reset', strings.helpReset) : nothing} ${command('/help', strings.helpHelp)}
        </dl>
      </section>
    `;
  }

  protected override render(): TemplateResult {
    const { strings, remaining } = this;
    const reason = this.disabled && this.reason ? this.reason : '';
    const counter = this.showCounter;
    const tooLong = remaining < 0;
    return html`
      <form part="form" class="form" @submit=${this.handleSubmit}>
        ${this.helpOpen ? this.renderHelp(strings) : nothing} ${this.mentions.render(strings)}
        <div class=${tooLong ? 'field too-long' : 'field'}>
          <slot name="attach"></slot>
          <textarea
            part="input"
            class="input"
            rows="1"
            dir="auto"
            enterkeyhint="send"
            autocomplete="off"
            aria-label=${strings.messageLabel}
            aria-describedby=${[reason ? 'reason' : '', counter ? 'counter' : ''].filter(Boolean).join(' ') || nothing}
            aria-invalid=${tooLong ? 'true' : nothing}
            aria-autocomplete="list"
            aria-controls=${this.mentions.controls ?? nothing}
            aria-activedescendant=${this.mentions.activeDescendant ?? nothing}
            placeholder=${this.placeholder || strings.placeholder}
            .value=${live(this.draft)}
            @input=${this.handleInput}
            @keydown=${this.handleKeydown}
            @compositionstart=${() => (this.composing = true)}
            @compositionend=${() => (this.composing = false)}
          ></textarea>
          <button part="send-button" class="send-button" type="submit" ?disabled=${this.disabled || tooLong}>
            <svg class="send-icon" viewBox="0 0 24 24" aria-hidden="true">${sendIcon}</svg>
            <span>${strings.send}</span>
          </button>
        </div>
        ${reason || counter
          ? html`<div class="notes">
              ${reason ? html`<span part="reason" class="reason" id="reason">${reason}</span>` : nothing}
              ${counter
                ? html`<span part="counter" class=${remaining <= 0 ? 'counter exhausted' : 'counter'} id="counter" aria-hidden="true"
                    >${this.counterText(remaining)}</span
                  >`
                : nothing}
            </div>`
          : nothing}
        <span class="visually-hidden" role="status">${this.announcement}</span>
      </form>
    `;
  }
}
