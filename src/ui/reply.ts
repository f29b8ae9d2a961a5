/**
 * Replies: the quote above a post that answers another (the original's author by their current name and
 * the start of its text, or why it is not there), the reply bar above the composer while the next post
 * answers one, and the controller that keeps which post that is and takes the reader to an original.
 *
 * Activating a quote scrolls the original into view, highlights it for a moment (part `highlighted`, about
 * two seconds; no smooth scrolling or fading under `prefers-reduced-motion`) and moves focus to it (the
 * post becomes focusable with tabindex="-1" for that).
 */
import { ChangeCounter } from './row-redraw.js';
import { html, nothing, svg } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatMessage } from '../types.js';
import type { PersonNames } from './reactions.js';

/** How long a post the reader jumped to stays highlighted. */
export const HIGHLIGHT_MS = 2000;

/** A quote shows at most this many characters of the original (CSS ends the visible line sooner, with an ellipsis). */
const QUOTE_LENGTH = 100;

const byIdCache = new WeakMap<readonly ChatMessage[], ReadonlyMap<number, ChatMessage>>();

/** The history's entries by id (cached per history: it is a new array after each change). */
export function messagesById(messages: readonly ChatMessage[]): ReadonlyMap<number, ChatMessage> {
  let byId = byIdCache.get(messages);
  if (!byId) byIdCache.set(messages, (byId = new Map(messages.map((message) => [message.id, message]))));
  return byId;
}

/** The start of a post's text on one line: `/me` posts as their action, runs of white space as one space. */
export function quoteText(message: ChatMessage, strings: ChatStrings): string {
  if (message.text === '' && message.image) return strings.imageLabel(message.image.alt);
  const action = /^\/me\s+(\S[\s\S]*)$/u.exec(message.text)?.[1];
  const line = (action ?? message.text).replace(/\s+/gu, ' ').trim();
  const chars = Array.from(line);
  return chars.length > QUOTE_LENGTH ? `${chars.slice(0, QUOTE_LENGTH).join('')}…` : line;
}

/** What the quote and the reply bar need to know. */
export interface ReplyContext {
  readonly byId: ReadonlyMap<number, ChatMessage>;
  readonly names: PersonNames;
  readonly strings: ChatStrings;
}

/** The name the room knows the author of `message` by now (their name at the time of posting if it knows no other). */
function authorName(message: ChatMessage, names: PersonNames): string {
  return names.get(message.personId) || message.nickname;
}

/**
 * The quote above a reply to post `replyTo`: a button that takes the reader to the original, or a note when
 * the original was removed or is no longer in the history (nothing for 0: a post that answers none).
 */
export function renderQuote(replyTo: number, context: ReplyContext, jumpTo: (id: number) => void): TemplateResult | typeof nothing {
  if (!replyTo) return nothing;
  const { byId, names, strings } = context;
  const original = byId.get(replyTo);
  if (!original || original.kind !== 'post') {
    return html`<span part="reply-quote" class="reply-quote missing"><span class="quote-text">${strings.replyUnavailable}</span></span>`;
  }
  if (original.deleted) {
    return html`<button part="reply-quote" class="reply-quote missing" type="button" @click=${() => jumpTo(original.id)}
      ><span class="quote-text">${strings.replyRemoved}</span></button
    >`;
  }
  const name = authorName(original, names);
  const text = quoteText(original, strings);
  // No whitespace around the pieces but the one between them: compact log lines keep their white space (pre-wrap).
  return html`<button part="reply-quote" class="reply-quote" type="button" aria-label=${strings.replyQuote(name, text)} @click=${() => jumpTo(original.id)}
    ><span class="quote-author" dir="auto">${name}</span> <span class="quote-text" dir="auto">${text}</span></button
  >`;
}

const closeIcon = svg`<path d="M5 5l10 10M15 5 5 15" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />`;

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** Which post the next post answers, and the jumps from a quote to its original. */
export class ReplyController implements ReactiveController {
  private replyingTo = 0;
  /** The post the reader last jumped to (focusable while it is), and whether it is still highlighted. */
  private landed = 0;
  private highlighted = false;
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

  /** Changes to what this controller draws in the log's rows (row-redraw.ts). */
  readonly drawn = new ChangeCounter(() => this.host.requestUpdate());

  constructor(
    private readonly host: Host,
    /** Puts the caret in the composer. */
    private readonly focusComposer: () => void,
  ) {
    host.addController(this);
  }

  /** The id of the post the next post answers (0: none). */
  get replyTo(): number {
    return this.replyingTo;
  }

  /** The next post answers post `id`: the reply bar shows, and the caret goes to the composer. */
  start(id: number): void {
    this.replyingTo = id;
    this.drawn.changed();
    void this.host.updateComplete.then(this.focusComposer);
  }

  /** The next post answers nothing (the reply went out, or the reader changed their mind). */
  clear(): void {
    if (this.replyingTo === 0) return;
    this.replyingTo = 0;
    this.drawn.changed();
  }

  /** Escape in the composer while replying: stops replying. Returns whether it did (the key is used up then). */
  cancelFromKey(event: KeyboardEvent): boolean {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing || this.replyingTo === 0) return false;
    event.preventDefault();
    this.clear();
    return true;
  }

  /** The reply bar's cancel button: stops replying, the caret back in the composer. */
  private readonly cancel = (): void => {
    this.clear();
    void this.host.updateComplete.then(this.focusComposer);
  };

  /** Whether post `id` is highlighted (for a moment after a jump to it). */
  isHighlighted(id: number): boolean {
    return this.highlighted && this.landed === id;
  }

  /** Whether post `id` takes focus (tabindex="-1"): the one the reader last jumped to. */
  isJumpTarget(id: number): boolean {
    return this.landed === id;
  }

  /** Scrolls post `id` into view, highlights it for a moment and moves focus to it. */
  readonly jumpTo = async (id: number): Promise<void> => {
    clearTimeout(this.highlightTimer);
    this.landed = id;
    this.highlighted = true;
    this.drawn.changed();
    await this.host.updateComplete;
    const target = this.host.renderRoot.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
    if (!target) return;
    const calm = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    target.scrollIntoView({ block: 'center', behavior: calm ? 'auto' : 'smooth' });
    target.focus({ preventScroll: true });
    this.highlightTimer = setTimeout(() => {
      this.highlighted = false;
      this.drawn.changed();
    }, HIGHLIGHT_MS);
  };

  /** The conversation started over (another room): nothing to answer or to come back to. */
  reset(): void {
    clearTimeout(this.highlightTimer);
    this.replyingTo = 0;
    this.landed = 0;
    this.highlighted = false;
    this.drawn.changed();
  }

  hostDisconnected(): void {
    clearTimeout(this.highlightTimer);
    this.highlighted = false;
  }

  /** The bar above the composer while the next post answers one: to whom, the start of the text, and a way out. */
  renderBar(context: ReplyContext): TemplateResult | typeof nothing {
    if (this.replyingTo === 0) return nothing;
    const { byId, names, strings } = context;
    const original = byId.get(this.replyingTo);
    const quote = !original ? strings.replyUnavailable : original.deleted ? strings.replyRemoved : quoteText(original, strings);
    const to = original ? strings.replyingTo(authorName(original, names)) : '';
    return html`<div part="reply-preview" class="reply-preview">
      <span class="reply-preview-line">${to ? html`<span class="reply-preview-to">${to}</span> ` : nothing}<span class="reply-preview-text" dir="auto">${quote}</span></span>
      <button part="reply-cancel" class="reply-cancel" type="button" aria-label=${strings.cancelReply} title=${strings.cancelReply} @click=${this.cancel}>
        <svg viewBox="0 0 20 20" aria-hidden="true">${closeIcon}</svg>
      </button>
    </div>`;
  }
}
