/**
 * The conversation region of `<croquet-chat>`: day separators, grouped posts with avatars and links,
 * `/me` action lines, system lines and the presence summary, pending posts, edited marks and tombstones,
 * the typing line and the "N new messages" button, in the default look or `density="compact"`. Template functions of plain data; the element owns the state (a post's actions button and edit
 * form come from its handlers: message-actions.ts). A reply shows a quote of its original above its text
 * (reply.ts), a post's reactions show under it (reactions.ts). User text is only ever interpolated as text or as an
 * `<a href>` built from a checked http(s) URL (linkify.ts); mentions are text in a `<span part="mention">`
 * (mention-highlight.ts).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatDateTime, formatDay, formatTime } from '../i18n/format-time.js';
import type { MessageRow, RenderRow } from './group-messages.js';
import { renderAvatar } from './avatar.js';
import { isPresenceSummary, type PresenceSummary } from './presence-summary.js';
import { mentionsPerson, textPieces } from './mention-highlight.js';
import { verifiedMark } from './marks.js';
import { noticeLine } from '../i18n/notice-line.js';
import { renderReactions, type PersonNames } from './reactions.js';
import { renderQuote } from './reply.js';
import type { PendingPost } from '../session/outbox.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatImage, ChatMessage } from '../types.js';

/** A row of the log: an entry of the conversation, or the summary of recent comings and goings. */
export type LogEntry = ChatMessage | PresenceSummary;

/** `comfortable`: avatars, bubbles, your own posts at the inline end. `compact`: one line per post. */
export type LogDensity = 'comfortable' | 'compact';

/** What the log shows. */
export interface LogContent {
  readonly rows: readonly RenderRow<LogEntry>[];
  readonly density: LogDensity;
  readonly pending: readonly PendingPost[];
  /** Posts the room refused (muted or banned while they waited): not sent, with a retry. */
  readonly failed: readonly PendingPost[];
  /** This person's name, shown on pending posts. */
  readonly nickname: string;
  /** The typing line ('' when nobody else is typing). */
  readonly typing: string;
  /** Messages from others that arrived while the reader was scrolled up (0 hides the button). */
  readonly newMessages: number;
  readonly online: boolean;
  readonly strings: ChatStrings;
  readonly lang: string | undefined;
  /** The history's entries by id (the originals of replies). */
  readonly byId: ReadonlyMap<number, ChatMessage>;
  /** The room's current names of person ids (authors of originals, people who reacted). */
  readonly names: PersonNames;
  /** This person's id in the room ('' before it is known). */
  readonly selfId: string;
  /** The current names of the people posts may mention (mention-highlight.ts `mentionNames`). */
  readonly mentionNames: PersonNames;
  /**
   * What every row is drawn from besides its entry, as one token (row-redraw.ts): while it is the same
   * object, a row whose entry (and original, for a reply) did not change is not drawn again.
   */
  readonly rowInputs: object;
}

export interface LogHandlers {
  scroll(): void;
  jumpToNewest(): void;
  /** The actions button of a post (and its menu while open), where the reader may act on it. */
  actions(message: ChatMessage): TemplateResult | typeof nothing;
  /** Send a refused post again. */
  sendAgain(clientId: string): void;
  /** Forget a refused post. */
  discard(clientId: string): void;
  /** The edit form in place of a post's text while it is being edited, else null. */
  editor(message: ChatMessage): TemplateResult | null;
  /** Takes the reader to post `id` (a reply's quote was activated). */
  jumpTo(id: number): void;
  /** Toggles this person's reaction `emoji` on post `id`. */
  react(id: number, emoji: string): void;
  /** Whether post `id` is highlighted (just jumped to). */
  isHighlighted(id: number): boolean;
  /** Whether post `id` takes focus from script (tabindex="-1"): the one last jumped to. */
  isJumpTarget(id: number): boolean;
  /** The thumbnail of a post's image (`id` null for a post still in the outbox), or nothing for none (post-image.ts). */
  image(image: ChatImage | null, id: number | null): TemplateResult | typeof nothing;
}

/** A post's part names: `message`, plus `own-message`, `mentioned` (of this reader), `highlighted` and `extra` where they apply. */
function postParts(message: ChatMessage, content: LogContent, handlers: LogHandlers, extra = ''): string {
  const mentioned = mentionsPerson(message, content.selfId) ? 'mentioned' : '';
  return ['message', message.self ? 'own-message' : '', mentioned, extra, handlers.isHighlighted(message.id) ? 'highlighted' : ''].filter(Boolean).join(' ');
}

/** A post's classes: `message`, `own` and `highlighted` where they apply, and `extra`. */
function postClasses(message: ChatMessage, handlers: LogHandlers, extra: string): string {
  return ['message', extra, message.self ? 'own' : '', handlers.isHighlighted(message.id) ? 'highlighted' : ''].filter(Boolean).join(' ');
}

/** The quote of the original above a reply (nothing for a removed post, or one that answers none). */
function quote(message: ChatMessage, content: LogContent, handlers: LogHandlers): TemplateResult | typeof nothing {
  return message.deleted ? nothing : renderQuote(message.replyTo, content, handlers.jumpTo);
}

function reactions(message: ChatMessage, content: LogContent, handlers: LogHandlers): TemplateResult | typeof nothing {
  return renderReactions(message, content, handlers.react);
}

/**
 * Post text (`text`: the post's, or a `/me` post's action) as text, links and mentions; nothing else ever
 * becomes markup. A mention of this reader is `mention mention-self`.
 */
function postText(message: ChatMessage, text: string, content: LogContent): TemplateResult {
  return html`${textPieces(message, text, content.mentionNames).map((piece) =>
    piece.kind === 'link'
      ? html`<a part="link" href=${piece.href} target="_blank" rel="noopener noreferrer nofollow ugc">${piece.text}</a>`
      : piece.kind === 'mention'
        ? piece.personId === content.selfId
          ? html`<span part="mention mention-self" class="mention self">${piece.text}</span>`
          : html`<span part="mention" class="mention">${piece.text}</span>`
        : piece.text,
  )}`;
}

function time(wallTime: number, lang: string | undefined): TemplateResult | typeof nothing {
  if (!(wallTime > 0)) return nothing;
  return html`<time part="time" class="time" datetime=${new Date(wallTime).toISOString()} title=${formatDateTime(wallTime, lang)}>${formatTime(wallTime, lang)}</time>`;
}

/** The action of a `/me` post ("waves" of "/me waves"), or null for any other post. */
export function meAction(text: string): string | null {
  const match = /^\/me\s+(\S[\s\S]*)$/u.exec(text);
  return match ? match[1] : null;
}

/** A post's words: its text and "edited", or the tombstone of a removed post. Each text is its own bidi island (`dir="auto"`). */
function body(message: ChatMessage, content: LogContent): TemplateResult {
  const { strings } = content;
  if (message.deleted) {
    return html`<span part="removed" class="removed">${message.moderated ? strings.removedByModerator : strings.messageDeleted}</span>`;
  }
  return html`<span part="text" class="text" dir="auto">${postText(message, message.text, content)}</span
    >${message.edited ? html`<span part="edited" class="edited">${strings.edited}</span>` : nothing}`;
}

function author(message: ChatMessage, strings: ChatStrings): TemplateResult {
  return html`<span part="author" class="author"><span dir="auto">${message.nickname}</span>${message.verified ? verifiedMark(strings) : nothing}</span>`;
}

/** "* Alice waves": a `/me` post, as one line in the author's voice. */
function renderMeAction(message: ChatMessage, action: string, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings, lang } = content;
  return html`<li part=${postParts(message, content, handlers, 'me-action')} class=${postClasses(message, handlers, 'me')} data-message-id=${message.id}
    tabindex=${handlers.isJumpTarget(message.id) ? '-1' : nothing}
    >${quote(message, content, handlers)}<span class="me-line"><span aria-hidden="true">* </span>${author(message, strings)} <span part="text" class="text" dir="auto">${postText(message, action, content)}</span>${
      message.edited ? html`<span part="edited" class="edited">${strings.edited}</span>` : nothing
    }</span>${time(message.wallTime, lang)}${handlers.actions(message)}${handlers.image(message.image, message.id)}${reactions(message, content, handlers)}</li
  >`;
}

function renderSummary(summary: PresenceSummary, content: LogContent): TemplateResult {
  const { strings, lang } = content;
  const said = [summary.joined.length ? strings.joined(summary.joined) : '', summary.left.length ? strings.left(summary.left) : ''].filter(Boolean);
  return html`<li part="presence-message" class="message system presence"><span part="text" class="text">${said.join(' · ')}</span>${time(summary.wallTime, lang)}</li>`;
}

/** `density="compact"`: the log as it always was, one line per post ("Alice: hi 14:02"), no avatars. */
function renderCompactPost(message: ChatMessage, groupStart: boolean, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings, lang } = content;
  const editor = handlers.editor(message);
  return html`<li part=${postParts(message, content, handlers)} class=${postClasses(message, handlers, groupStart ? '' : 'continued')} data-message-id=${message.id}
    tabindex=${handlers.isJumpTarget(message.id) ? '-1' : nothing}
    >${editor ? nothing : quote(message, content, handlers)}${groupStart ? author(message, strings) : nothing}${editor ?? body(message, content)}${time(message.wallTime, lang)}${handlers.actions(message)}${handlers.image(message.image, message.id)}${reactions(message, content, handlers)}</li
  >`;
}

/**
 * The default look: others' posts at the inline start under their avatar and name, your own at the inline
 * end; the group's first post shows the name and time, each later one its own time on hover and focus.
 */
function renderPost(row: MessageRow<LogEntry>, message: ChatMessage, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings, lang } = content;
  // No class for a group's end: the next post's arrival would have to change this row (CSS asks :has()).
  const { groupStart } = row;
  const editor = handlers.editor(message);
  return html`<li part=${postParts(message, content, handlers)} class=${postClasses(message, handlers, `post ${groupStart ? 'start' : 'continued'}`)} data-message-id=${message.id}
    tabindex=${handlers.isJumpTarget(message.id) ? '-1' : nothing}
    >${message.self ? nothing : groupStart ? renderAvatar(message.personId, message.nickname) : html`<span class="avatar-gap"></span>`}<div class="post-body"
      >${groupStart ? html`<div class="meta">${author(message, strings)}${time(message.wallTime, lang)}</div>` : nothing}<div class="line"
        ><div class="bubble">${editor ? nothing : quote(message, content, handlers)}${handlers.image(message.image, message.id)}${editor ?? body(message, content)}</div
        >${groupStart ? nothing : time(message.wallTime, lang)}${handlers.actions(message)}</div
      >${reactions(message, content, handlers)}</div
    ></li
  >`;
}

function renderRow(row: RenderRow<LogEntry>, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings, lang } = content;
  if (row.kind === 'day') {
    return html`<li part="day" class="day"><span>${formatDay(row.wallTime, strings, lang)}</span></li>`;
  }
  const { message } = row;
  if (isPresenceSummary(message)) return renderSummary(message, content);
  if (message.kind !== 'post') {
    const part = message.kind === 'presence' ? 'presence-message' : 'message system-message';
    return html`<li part=${part} class="message system"
      ><span part="text" class="text">${message.notice ? noticeLine(message.notice, strings) : message.text}</span>${time(message.wallTime, lang)}</li
    >`;
  }
  const action = message.deleted ? null : meAction(message.text);
  if (action !== null && handlers.editor(message) === null) return renderMeAction(message, action, content, handlers);
  return content.density === 'compact' ? renderCompactPost(message, row.groupStart, content, handlers) : renderPost(row, message, content, handlers);
}

/** A post waiting in the outbox: dimmed, with a clock, where the post will stand (a reply with its quote). */
function renderPending(post: PendingPost, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings } = content;
  const status = html`<span part="pending-status" class="pending-status"><span class="clock" aria-hidden="true"></span>${strings.sending}</span>`;
  const quote = renderQuote(post.replyTo, content, handlers.jumpTo);
  const image = handlers.image(post.image, null);
  if (content.density === 'compact') {
    return html`<li part="pending-message" class="message own pending"
      >${quote}<span part="author" class="author" dir="auto">${content.nickname}</span><span part="text" class="text" dir="auto">${post.text}</span>${status}${image}</li
    >`;
  }
  return html`<li part="pending-message" class="message post own pending start"
    ><div class="post-body"><div class="meta"><span part="author" class="author" dir="auto">${content.nickname}</span></div><div class="line"
      ><div class="bubble">${quote}${image}<span part="text" class="text" dir="auto">${post.text}</span></div>${status}</div></div
  ></li>`;
}

/** A post the room refused: marked "Not sent", with buttons to send it again or let it go. */
function renderFailed(post: PendingPost, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings } = content;
  const quote = renderQuote(post.replyTo, content, handlers.jumpTo);
  const image = handlers.image(post.image, null);
  const status = html`<span part="failed-status" class="failed-status">${strings.notSent}</span
    ><button part="send-again" class="retry" type="button" @click=${() => handlers.sendAgain(post.clientId)}>${strings.sendAgain}</button
    ><button part="discard" class="retry" type="button" @click=${() => handlers.discard(post.clientId)}>${strings.discard}</button>`;
  if (content.density === 'compact') {
    return html`<li part="failed-message" class="message own failed"
      >${quote}<span part="author" class="author" dir="auto">${content.nickname}</span><span part="text" class="text" dir="auto">${post.text}</span>${status}${image}</li
    >`;
  }
  return html`<li part="failed-message" class="message post own failed start"
    ><div class="post-body"><div class="line"><div class="bubble">${quote}${image}<span part="text" class="text" dir="auto">${post.text}</span></div></div
      ><div class="failed-actions">${status}</div></div
  ></li>`;
}

/** What a row is drawn from: its entry, its place in a group, a reply's original, and what all rows share. */
function rowDependencies(row: RenderRow<LogEntry>, content: LogContent): unknown[] {
  if (row.kind === 'day') return [row.wallTime, content.rowInputs];
  const { message } = row;
  const original = 'replyTo' in message && message.replyTo ? content.byId.get(message.replyTo) : undefined;
  return [message, row.groupStart, original, content.rowInputs];
}

/** A post or a notice: "A joined" lines (your own arrival included) and day separators alone leave the room empty. */
function isEntry(row: RenderRow<LogEntry>): boolean {
  return row.kind === 'message' && row.message.kind !== 'presence';
}

export function renderLog(content: LogContent, handlers: LogHandlers): TemplateResult {
  const { rows, pending, strings } = content;
  // The empty state comes after the list, centred in the space the day line and your own arrival leave.
  return html`
    <div part="log" class="log" role="log" aria-live="off" aria-label=${strings.messages} tabindex="0" @scroll=${handlers.scroll}>
      <ol class="messages">
        ${repeat(rows, (row) => row.key, (row) => guard(rowDependencies(row, content), () => renderRow(row, content, handlers)))}
        ${repeat(content.failed, (post) => post.clientId, (post) => renderFailed(post, content, handlers))}
        ${repeat(pending, (post) => post.clientId, (post) => renderPending(post, content, handlers))}
      </ol>
      ${pending.length === 0 && content.failed.length === 0 && !rows.some(isEntry) ? html`<p part="empty" class="empty">${content.online ? strings.empty : ''}</p>` : nothing}
    </div>
    <p part="typing" class="typing" aria-live="polite">${content.typing}</p>
    ${content.newMessages > 0
      ? html`<button part="new-messages" class="new-messages" type="button" @click=${handlers.jumpToNewest}>${strings.newMessages(content.newMessages)}</button>`
      : nothing}
  `;
}
