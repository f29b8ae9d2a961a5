/**
 * The header region of `<croquet-chat>`: your name (a button that starts an inline rename), the
 * participant count (a toggle for the participant list), the status; and the list itself, with each
 * person's marks and, for moderators, their actions button (person-actions.ts).
 * Template functions of plain data; the element owns the state.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { MAX_NAME_LENGTH } from '../model/limits.js';
import { moderatorBadge, mutedMark, verifiedMark } from './marks.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatStatus, ChatUser } from '../types.js';

export interface HeaderContent {
  readonly nickname: string;
  readonly participants: number;
  readonly users: readonly ChatUser[];
  readonly status: ChatStatus;
  readonly renaming: boolean;
  readonly listOpen: boolean;
  readonly strings: ChatStrings;
}

export interface HeaderHandlers {
  startRename(): void;
  /** The user pressed Enter or Save in the name input. */
  saveRename(name: string): void;
  /** Escape or Cancel. */
  cancelRename(): void;
  toggleList(): void;
  /** A moderator's actions button for a person in the list (and its menu while open), where allowed. */
  personActions(user: ChatUser): TemplateResult | typeof nothing;
}

/** The id the participant toggle points at with aria-controls. */
export const PARTICIPANT_LIST_ID = 'participant-list';

function renderName(content: HeaderContent, handlers: HeaderHandlers): TemplateResult | typeof nothing {
  const { nickname, strings } = content;
  if (content.renaming) {
    const save = (event: Event) => {
      event.preventDefault();
      const form = (event.target as HTMLElement).closest('form')!;
      handlers.saveRename((form.elements.namedItem('name') as HTMLInputElement).value);
    };
    const keydown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        handlers.cancelRename();
      }
    };
    return html`<form part="rename-form" class="rename" @submit=${save} @keydown=${keydown}>
      <input part="name-input" class="name-input" name="name" aria-label=${strings.nameLabel} maxlength=${MAX_NAME_LENGTH * 2}
        autocomplete="nickname" .value=${live(nickname)} />
      <button part="rename-save" type="submit">${strings.save}</button>
      <button part="rename-cancel" type="button" @click=${handlers.cancelRename}>${strings.cancel}</button>
    </form>`;
  }
  if (!nickname) return html`<span part="nickname" class="nickname"></span>`;
  return html`<button part="nickname" class="nickname" type="button" title=${strings.rename} @click=${handlers.startRename}>${strings.youAre(nickname)}</button>`;
}

export function renderHeader(content: HeaderContent, handlers: HeaderHandlers): TemplateResult {
  const { strings, status } = content;
  const online = status === 'online';
  return html`<header part="header" class="header">
    ${renderName(content, handlers)}
    ${online
      ? html`<button part="participants" class="participants" type="button" aria-expanded=${content.listOpen ? 'true' : 'false'}
          aria-controls=${PARTICIPANT_LIST_ID} @click=${handlers.toggleList}>${strings.peopleHere(content.users.length)}</button>`
      : html`<span part="participants" class="participants"></span>`}
    <span part="status" class="status" role="status">${strings.status[status]}</span>
  </header>`;
}

/** The participant list panel: present people with their marks (verified, moderator, muted), your own entry marked. */
export function renderParticipantList(content: HeaderContent, handlers: Pick<HeaderHandlers, 'personActions'>): TemplateResult | typeof nothing {
  if (!content.listOpen || content.status !== 'online') return nothing;
  const { strings } = content;
  return html`<ul part="participant-list" class="participant-list" id=${PARTICIPANT_LIST_ID} aria-label=${strings.participantList}>
    ${repeat(content.users, (user) => user.personId, (user) => html`<li part=${user.self ? 'participant participant-self' : 'participant'}
      ><span class="person-name">${user.nickname}</span>${user.verified ? verifiedMark(strings) : nothing}${user.self ? html` <span class="you">${strings.you}</span>` : nothing}${
        user.moderator ? moderatorBadge(strings) : nothing}${user.muted ? mutedMark(strings) : nothing}${handlers.personActions(user)}</li>`)}
  </ul>`;
}
