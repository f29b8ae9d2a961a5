/**
 * The composer's "@" suggestions: typing "@" (at the start or after a space) and the start of a name
 * lists up to eight matching people the room knows, those here first; ArrowUp/ArrowDown move, Enter or
 * Tab puts "@Name " in place of what was typed, Escape closes (and does nothing else), a click picks.
 *
 * For screen readers the textarea keeps its textbox role and points at the list: `aria-autocomplete`,
 * `aria-controls` and `aria-activedescendant` (the ARIA in HTML rules allow a textarea no combobox role and
 * a textbox no `aria-expanded`); a status line says how many people the list offers and which keys pick one.
 *
 * Pure functions find the query and the matches (and are tested alone); the controller holds the open
 * list for the composer and renders it. Names are only ever rendered as text.
 */
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { MAX_NAME_LENGTH } from '../model/limits.js';
import { nameKey } from '../model/names.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { MentionablePerson } from '../session/chat-view.js';
import { renderAvatar } from './avatar.js';

/** At most this many people are offered at once. */
export const MAX_SUGGESTIONS = 8;

/** The "@name" being typed: the "@" at `start`, the caret at `end`, and what lies between. */
export interface MentionQuery {
  readonly start: number;
  readonly end: number;
  readonly query: string;
}

// "@" at the start or after whitespace, then at least one character that is neither whitespace nor "@",
// up to the caret (so "a@b", an e-mail address, never asks).
const QUERY_BEFORE_CARET = new RegExp(`(?:^|\\s)@([^\\s@]{1,${MAX_NAME_LENGTH}})$`, 'u');

/** The mention being typed just before `caret` in `text`, or null. */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const match = QUERY_BEFORE_CARET.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1];
  return { start: caret - query.length - 1, end: caret, query };
}

/**
 * The people `query` may mean, at most `limit`: those here before those remembered, and in each group the
 * names that start with it (in any case) before those that merely contain it; otherwise in `people`'s order.
 */
export function matchPeople(people: readonly MentionablePerson[], query: string, limit = MAX_SUGGESTIONS): MentionablePerson[] {
  const key = nameKey(query);
  if (!key) return [];
  const rank = (person: MentionablePerson): number => {
    const name = nameKey(person.nickname);
    const fit = name.startsWith(key) ? 0 : name.includes(key) ? 1 : -1;
    return fit < 0 ? -1 : (person.present ? 0 : 2) + fit;
  };
  return people
    .map((person, index) => ({ person, index, rank: rank(person) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map(({ person }) => person);
}

/** `text` with `query` replaced by "@name " (no second space where one follows), and the caret after it. */
export function insertMention(text: string, query: MentionQuery, name: string): { text: string; caret: number } {
  const rest = text.slice(query.end);
  const mention = /^\s/u.test(rest) ? `@${name}` : `@${name} `;
  const caret = query.start + mention.length + (mention.endsWith(' ') ? 0 : 1);
  return { text: text.slice(0, query.start) + mention + rest, caret };
}

/** What the suggestions need of the composer. */
export interface MentionHost extends ReactiveControllerHost, EventTarget {
  /** The draft as the composer holds it. */
  readonly value: string;
  /** The people a post may mention (`ChatState.mentionable`). */
  readonly mentionable: readonly MentionablePerson[];
}

/** Ids inside the composer's shadow root. */
const LIST_ID = 'mention-list';
const optionId = (index: number) => `mention-option-${index}`;

export class MentionSuggestController implements ReactiveController {
  private query: MentionQuery | null = null;
  private matches: readonly MentionablePerson[] = [];
  private active = 0;
  /** The draft the query was read from: any other change of it (sent, restored, cleared) closes the list. */
  private queriedText = '';
  /** The people the matches came from. */
  private matchedFrom: readonly MentionablePerson[] = [];
  /** Where the "@" of a list closed with Escape stands: typing on in that word does not reopen it. */
  private dismissedAt = -1;

  constructor(
    private readonly host: MentionHost,
    private readonly textarea: () => HTMLTextAreaElement | undefined,
  ) {
    host.addController(this);
  }

  /** Whether the list is showing. */
  get open(): boolean {
    return this.matches.length > 0;
  }

  /** The textarea's `aria-controls` while the list shows. */
  get controls(): string | undefined {
    return this.open ? LIST_ID : undefined;
  }

  /** The textarea's `aria-activedescendant`: the option Enter would pick. */
  get activeDescendant(): string | undefined {
    return this.open ? optionId(this.active) : undefined;
  }

  hostConnected(): void {
    // Focus leaving the composer closes the list (a press on an option keeps focus in the textarea).
    this.host.addEventListener('focusout', this.close);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('focusout', this.close);
    this.close();
  }

  hostUpdate(): void {
    if (!this.open) return;
    if (this.host.value !== this.queriedText) this.reset();
    else if (this.host.mentionable !== this.matchedFrom) this.match(); // someone came, left or was renamed
  }

  hostUpdated(): void {
    // Keeps the active option in view: the list scrolls past about five people.
    const list = this.textarea()?.getRootNode() as ShadowRoot | undefined;
    const option = list?.getElementById?.(optionId(this.active));
    const box = option?.parentElement;
    if (!option || !box) return;
    if (option.offsetTop < box.scrollTop) box.scrollTop = option.offsetTop;
    else if (option.offsetTop + option.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = option.offsetTop + option.offsetHeight - box.clientHeight;
  }

  /** The person changed the draft to `text` with the caret at `caret`: opens, narrows or closes the list. */
  input(text: string, caret: number): void {
    this.queriedText = text;
    const query = mentionQuery(text, caret);
    if (!query || query.start === this.dismissedAt) {
      if (!query) this.dismissedAt = -1;
      this.close();
      return;
    }
    if (query.query !== this.query?.query) this.active = 0;
    this.query = query;
    this.match();
    this.host.requestUpdate();
  }

  /** The list's keys, while it shows; returns whether the key was used (it then does nothing else). */
  keydown(event: KeyboardEvent): boolean {
    // 229: a key the IME handles (its Enter commits the composition, it does not pick a person).
    if (!this.open || event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) return false;
    switch (event.key) {
      case 'ArrowDown':
        this.active = (this.active + 1) % this.matches.length;
        break;
      case 'ArrowUp':
        this.active = (this.active - 1 + this.matches.length) % this.matches.length;
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        this.pick(this.active);
        break;
      case 'Escape':
        this.dismissedAt = this.query?.start ?? -1;
        this.close();
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End':
        // The caret leaves the word: so does the list (the key still moves the caret).
        this.close();
        return false;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    this.host.requestUpdate();
    return true;
  }

  /** Closes the list without picking anyone. */
  readonly close = (): void => {
    if (!this.open && this.query === null) return;
    this.reset();
    this.host.requestUpdate();
  };

  private reset(): void {
    this.query = null;
    this.matches = [];
    this.active = 0;
  }

  private match(): void {
    this.matchedFrom = this.host.mentionable;
    this.matches = this.query ? matchPeople(this.matchedFrom, this.query.query) : [];
    this.active = Math.min(this.active, Math.max(0, this.matches.length - 1));
  }

  /** Puts "@Name " in place of the typed query, as typed input (the draft is saved and typing announced). */
  private pick(index: number): void {
    const textarea = this.textarea();
    const person = this.matches[index];
    if (!textarea || !person || !this.query) return;
    const next = insertMention(textarea.value, this.query, person.nickname);
    textarea.value = next.text;
    textarea.setSelectionRange(next.caret, next.caret);
    textarea.focus();
    this.reset();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /** The list of people (while it shows), and the status line that says so. */
  render(strings: ChatStrings): TemplateResult {
    const { matches, active } = this;
    // A press on an option must not take focus from the textarea (where typing goes on).
    const keepFocus = (event: Event) => event.preventDefault();
    const list = this.open
      ? html`<ul part="mention-list" class="mention-list" id=${LIST_ID} role="listbox" aria-label=${strings.mentionList}>
          ${matches.map(
            (person, index) =>
              // Keys pick from the textarea, where focus stays (aria-activedescendant): a click is the pointer's way.
              // eslint-disable-next-line lit-a11y/click-events-have-key-events
              html`<li
                part="mention-option"
                class=${index === active ? 'mention-option active' : 'mention-option'}
                id=${optionId(index)}
                role="option"
                aria-selected=${index === active ? 'true' : 'false'}
                @mousedown=${keepFocus}
                @click=${() => {
                  this.pick(index);
                }}
              >
                ${renderAvatar(person.personId, person.nickname)}<span class="mention-name" dir="auto">${person.nickname}</span
                ><span class=${person.present ? 'presence-dot' : 'presence-dot away'} aria-hidden="true"></span
                ><span class="visually-hidden"> ${person.present ? strings.mentionHere : strings.mentionAway}</span>
              </li>`,
          )}
        </ul>`
      : nothing;
    // A polite live region of its own (not role="status": that one is the composer's counter).
    return html`${list}<span class="visually-hidden" aria-live="polite">${this.open ? strings.mentionSuggestions(matches.length) : ''}</span>`;
  }
}
