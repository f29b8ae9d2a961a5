/**
 * The header region of `<croquet-chat>`: one line from 280 px up, with your avatar and name (a button
 * that starts an inline rename, which says when a name is taken or empty), the participant count (a
 * toggle for the participant list) and the status (a dot with its word, only the dot where space is
 * short); and the list itself, a popover of people with avatars and marks and, for moderators, their
 * actions button (person-actions.ts).
 * Template functions of plain data; the element owns the state.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { MAX_NAME_LENGTH } from '../model/limits.js';
import { renderAvatar } from './avatar.js';
import { moderatorBadge, mutedMark, verifiedMark } from './marks.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatStatus, ChatUser } from '../types.js';

export interface HeaderContent {
  readonly nickname: string;
  readonly participants: number;
  readonly users: readonly ChatUser[];
  readonly status: ChatStatus;
  /** This person's id, for the avatar ('' until known). */
  readonly personId: string;
  readonly renaming: boolean;
  /** Why the name just submitted was not taken (the rename form stays open and says so), or null. */
  readonly renameProblem: 'empty' | 'taken' | null;
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
  /** Escape in the list: close it, focus back on the toggle. */
  closeList(): void;
  /** A moderator's actions button for a person in the list (and its menu while open), where allowed. */
  personActions(user: ChatUser): TemplateResult | typeof nothing;
}

/** The id the participant toggle points at with aria-controls. */
export const PARTICIPANT_LIST_ID = 'participant-list';
/** The id of the rename form's problem sentence (the input's description). */
const NAME_PROBLEM_ID = 'name-problem';

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
    const problem = content.renameProblem === null ? '' : content.renameProblem === 'taken' ? strings.nameTaken : strings.nameEmpty;
    return html`<form part="rename-form" class="rename" @submit=${save} @keydown=${keydown}>
      <input part="name-input" class="name-input" name="name" aria-label=${strings.nameLabel} maxlength=${MAX_NAME_LENGTH * 2}
        autocomplete="nickname" dir="auto" .value=${live(nickname)} aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? NAME_PROBLEM_ID : nothing} />
      <button part="rename-save" class="button primary" type="submit">${strings.save}</button>
      <button part="rename-cancel" class="button" type="button" @click=${handlers.cancelRename}>${strings.cancel}</button>
      ${problem ? html`<p part="name-problem" class="name-problem" id=${NAME_PROBLEM_ID} role="alert">${problem}</p>` : nothing}
    </form>`;
  }
  if (!nickname) return html`<span part="nickname" class="nickname"></span>`;
  return html`${content.personId ? renderAvatar(content.personId, nickname) : nothing}<button part="nickname" class="nickname" type="button"
    title=${strings.rename} @click=${handlers.startRename}>${strings.youAre(nickname)}</button>`;
}

export function renderHeader(content: HeaderContent, handlers: HeaderHandlers): TemplateResult {
  const { strings, status } = content;
  const online = status === 'online';
  return html`<header part="header" class=${content.renaming ? 'header renaming' : 'header'}>
    ${renderName(content, handlers)}
    ${online
      ? html`<button part="participants" class="participants" type="button" aria-expanded=${content.listOpen ? 'true' : 'false'}
          aria-controls=${PARTICIPANT_LIST_ID} @click=${handlers.toggleList}>${strings.peopleHere(content.users.length)}</button>`
      : html`<span part="participants" class="participants"></span>`}
    <span part="status" class="status" role="status" title=${strings.status[status]}><span class="status-text">${strings.status[status]}</span></span>
  </header>`;
}

/** The participant list, a popover under the header: present people with avatars and marks, your own entry marked. */
export function renderParticipantList(content: HeaderContent, handlers: Pick<HeaderHandlers, 'personActions' | 'closeList'>): TemplateResult | typeof nothing {
  if (!content.listOpen || content.status !== 'online') return nothing;
  const { strings } = content;
  const keydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    handlers.closeList();
  };
  return html`<ul part="participant-list" class="participant-list" id=${PARTICIPANT_LIST_ID} aria-label=${strings.participantList} @keydown=${keydown}>
    ${repeat(content.users, (user) => user.personId, (user) => html`<li part=${user.self ? 'participant participant-self' : 'participant'}
      >${renderAvatar(user.personId, user.nickname)}<span class="person-name" dir="auto">${user.nickname}</span>${user.verified ? verifiedMark(strings) : nothing}${
        user.self ? html`<span class="you">${strings.you}</span>` : nothing}${user.moderator ? moderatorBadge(strings) : nothing}${
        user.muted ? mutedMark(strings) : nothing}${handlers.personActions(user)}</li>`)}
  </ul>`;
}
