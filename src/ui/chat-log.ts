/**
 * The conversation region of `<croquet-chat>`: day separators, grouped posts with links, system and
 * presence lines, pending posts, edited marks and tombstones, the typing line and the "N new messages"
 * button. Template functions of plain data; the element owns the state (a post's actions button and edit
 * form come from its handlers: message-actions.ts). User text is only ever interpolated as text or as an
 * `<a href>` built from a checked http(s) URL (linkify.ts).
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatDateTime, formatDay, formatTime } from '../i18n/format-time.js';
import type { RenderRow } from './group-messages.js';
import { linkify } from './linkify.js';
import { verifiedMark } from './marks.js';
import { noticeLine } from '../i18n/notice-line.js';
import type { PendingPost } from '../session/outbox.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatMessage } from '../types.js';

/** What the log shows. */
export interface LogContent {
  readonly rows: readonly RenderRow<ChatMessage>[];
  readonly pending: readonly PendingPost[];
  /** This person's name, shown on pending posts. */
  readonly nickname: string;
  /** The typing line ('' when nobody else is typing). */
  readonly typing: string;
  /** Messages from others that arrived while the reader was scrolled up (0 hides the button). */
  readonly newMessages: number;
  readonly online: boolean;
  readonly strings: ChatStrings;
  readonly lang: string | undefined;
}

export interface LogHandlers {
  scroll(): void;
  jumpToNewest(): void;
  /** The actions button of a post (and its menu while open), where the reader may act on it. */
  actions(message: ChatMessage): TemplateResult | typeof nothing;
  /** The edit form in place of a post's text while it is being edited, else null. */
  editor(message: ChatMessage): TemplateResult | null;
}

/** Post text as text and links; nothing else ever becomes markup. */
function postText(text: string): TemplateResult {
  return html`${linkify(text).map((segment) =>
    segment.kind === 'link'
      ? html`<a part="link" href=${segment.href} target="_blank" rel="noopener noreferrer nofollow ugc">${segment.text}</a>`
      : segment.text,
  )}`;
}

function time(wallTime: number, lang: string | undefined): TemplateResult | typeof nothing {
  if (!(wallTime > 0)) return nothing;
  return html`<time part="time" class="time" datetime=${new Date(wallTime).toISOString()} title=${formatDateTime(wallTime, lang)}>${formatTime(wallTime, lang)}</time>`;
}

/** A post's words: its text and "edited", or the tombstone of a removed post. */
function body(message: ChatMessage, strings: ChatStrings): TemplateResult {
  if (message.deleted) {
    return html`<span part="removed" class="removed">${message.moderated ? strings.removedByModerator : strings.messageDeleted}</span>`;
  }
  return html`<span part="text" class="text">${postText(message.text)}</span
    >${message.edited ? html`<span part="edited" class="edited">${strings.edited}</span>` : nothing}`;
}

function renderRow(row: RenderRow<ChatMessage>, content: LogContent, handlers: LogHandlers): TemplateResult {
  const { strings, lang } = content;
  if (row.kind === 'day') {
    return html`<li part="day" class="day"><span>${formatDay(row.wallTime, strings, lang)}</span></li>`;
  }
  const { message, groupStart } = row;
  if (message.kind !== 'post') {
    const part = message.kind === 'presence' ? 'presence-message' : 'message system-message';
    return html`<li part=${part} class="message system"
      ><span part="text" class="text">${message.notice ? noticeLine(message.notice, strings) : message.text}</span>${time(message.wallTime, lang)}</li
    >`;
  }
  return html`<li part=${message.self ? 'message own-message' : 'message'} class=${`message${message.self ? ' own' : ''}${groupStart ? '' : ' continued'}`}
    >${groupStart ? html`<span part="author" class="author">${message.nickname}${message.verified ? verifiedMark(strings) : nothing}</span>` : nothing}${
      handlers.editor(message) ?? body(message, strings)
    }${time(message.wallTime, lang)}${handlers.actions(message)}</li
  >`;
}

/** A post or a notice: "A joined" lines (your own arrival included) and day separators alone leave the room empty. */
function isEntry(row: RenderRow<ChatMessage>): boolean {
  return row.kind === 'message' && row.message.kind !== 'presence';
}

export function renderLog(content: LogContent, handlers: LogHandlers): TemplateResult {
  const { rows, pending, strings } = content;
  return html`
    <div part="log" class="log" role="log" aria-live="off" aria-label=${strings.messages} tabindex="0" @scroll=${handlers.scroll}>
      ${pending.length === 0 && !rows.some(isEntry) ? html`<p part="empty" class="empty">${content.online ? strings.empty : ''}</p>` : nothing}
      <ol class="messages">
        ${repeat(rows, (row) => row.key, (row) => renderRow(row, content, handlers))}
        ${repeat(pending, (post) => post.clientId, (post) => html`<li part="pending-message" class="message own pending"
          ><span part="author" class="author">${content.nickname}</span><span part="text" class="text">${post.text}</span
          ><span part="pending-status" class="time">${strings.sending}</span></li
        >`)}
      </ol>
    </div>
    <p part="typing" class="typing" aria-live="polite">${content.typing}</p>
    ${content.newMessages > 0
      ? html`<button part="new-messages" class="new-messages" type="button" @click=${handlers.jumpToNewest}>${strings.newMessages(content.newMessages)}</button>`
      : nothing}
  `;
}
