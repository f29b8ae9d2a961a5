/**
 * What a reader may do with a post, and the inline form that edits one. Every post offers Reply and React
 * (while you may post); your own posts also offer Edit (while you may post) and Delete; a moderator's menu
 * on anyone else's offers Remove; tombstones, notices and posts still in the outbox offer nothing, and
 * nothing is offered while not online. Reply hands the post to the reply bar (reply.ts); React opens the
 * quick reaction picker (reactions.ts) under the post's actions button.
 *
 * The edit form replaces the post's text in place: Enter saves, Shift+Enter breaks the line, Escape
 * (or Cancel) gives up, and focus returns to the post's actions button either way.
 */
import { ChangeCounter } from './row-redraw.js';
import { html, nothing } from 'lit';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';
import { MAX_TEXT_LENGTH } from '../types.js';
import type { ChatMessage } from '../types.js';
import type { ActionsMenuController, MenuItem } from './actions-menu.js';
import type { ReactionPickerController } from './reactions.js';

/** The part of the chat session the post actions use (`RoomActions` has it). */
export interface MessageActionsChat {
  readonly status: string;
  /** Whether the room stores this person's posts now (not muted, not banned). */
  readonly maySend: boolean;
  readonly state: { readonly moderator: boolean; readonly personId: string };
  editMessage(id: number, text: string): boolean;
  deleteMessage(id: number): boolean;
  /** Toggles this person's reaction `emoji` on post `id`. Returns whether it was allowed and sent. */
  react(id: number, emoji: string): boolean;
}

/** Where the post actions hand over: the reply bar and the reaction picker. */
export interface MessageActionsPeers {
  readonly picker: ReactionPickerController;
  /** The next post answers post `id`. */
  reply(id: number): void;
}

/** The actions `message` offers this reader (none: no button). */
export function messageActionItems(message: ChatMessage, reader: { moderator: boolean; maySend: boolean }, strings: ChatStrings): MenuItem[] {
  if (message.kind !== 'post' || message.deleted || message.pending) return [];
  const answer: MenuItem[] = reader.maySend ? [{ id: 'reply', label: strings.reply }, { id: 'react', label: strings.react }] : [];
  if (message.self) {
    const edit: MenuItem[] = reader.maySend ? [{ id: 'edit', label: strings.edit }] : [];
    return [...answer, ...edit, { id: 'delete', label: strings.delete }];
  }
  return reader.moderator ? [...answer, { id: 'remove', label: strings.remove }] : answer;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

export class MessageActionsController {
  /** The id of the post being edited, or null. */
  private editing: number | null = null;

  /** Changes to what this controller draws in the log's rows (row-redraw.ts). */
  readonly drawn = new ChangeCounter(() => this.host.requestUpdate());

  constructor(
    private readonly host: Host,
    private readonly menus: ActionsMenuController,
    private readonly chat: MessageActionsChat,
    /** Where focus goes once a post is removed (its button goes with it). */
    private readonly log: () => HTMLElement | null | undefined,
    private readonly peers: MessageActionsPeers,
  ) {}

  /** The actions button of `message` (with its menu, or its reaction picker, while open), where the reader may do anything with it. */
  renderActions(message: ChatMessage, strings: ChatStrings): TemplateResult | typeof nothing {
    if (this.chat.status !== 'online' || this.editing === message.id) return nothing;
    const items = messageActionItems(message, { moderator: this.chat.state.moderator, maySend: this.chat.maySend }, strings);
    // No whitespace between the button and the picker: log lines keep their white space (pre-wrap).
    return html`${this.menus.render({
      key: menuKey(message.id),
      label: strings.messageActions(message.nickname),
      part: 'message-actions',
      items,
      select: (id) => this.select(message, id),
    })}${items.length ? this.peers.picker.render(message, { selfId: this.chat.state.personId, strings }, (emoji) => this.chat.react(message.id, emoji)) : nothing}`;
  }

  /** The edit form in place of the text of `message`, while it is being edited; else null. */
  renderEditor(message: ChatMessage, strings: ChatStrings): TemplateResult | null {
    if (this.editing !== message.id || message.deleted || !message.self) return null;
    const save = (event: Event) => {
      event.preventDefault();
      const form = (event.target as HTMLElement).closest('form')!;
      void this.save(message, (form.elements.namedItem('text') as HTMLTextAreaElement).value);
    };
    const keydown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        void this.finish(message.id);
      } else if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.isComposing && event.keyCode !== 229) {
        save(event);
      }
    };
    // No whitespace between the pieces: log lines keep their white space (pre-wrap).
    return html`<form part="edit-form" class="edit-form" @submit=${save} @keydown=${keydown}
      ><textarea part="edit-input" class="edit-input" name="text" rows="2" dir="auto" aria-label=${strings.editLabel}
        maxlength=${MAX_TEXT_LENGTH} .value=${message.text}></textarea
      ><span class="edit-buttons"
        ><button part="edit-save" type="submit">${strings.save}</button
        ><button part="edit-cancel" type="button" @click=${() => void this.finish(message.id)}>${strings.cancel}</button></span
      ></form
    >`;
  }

  private select(message: ChatMessage, id: string): void {
    if (id === 'reply') this.peers.reply(message.id);
    else if (id === 'react') this.peers.picker.open(message.id, () => this.focusButton(message.id));
    else if (id === 'edit') void this.startEditing(message.id);
    else if ((id === 'delete' || id === 'remove') && this.chat.deleteMessage(message.id)) this.log()?.focus();
  }

  /** Opens the edit form with focus in it, the caret after the text. */
  private async startEditing(id: number): Promise<void> {
    this.editing = id;
    this.drawn.changed();
    await this.host.updateComplete;
    const input = this.host.renderRoot.querySelector<HTMLTextAreaElement>('[part~="edit-input"]');
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
  }

  /** Blank text is not saved (Delete removes a post); unchanged text closes the form without asking the room. */
  private async save(message: ChatMessage, text: string): Promise<void> {
    if (text.trim() === '') return;
    if (text !== message.text && !this.chat.editMessage(message.id, text)) return; // not now (offline, muted): the form keeps the text
    await this.finish(message.id);
  }

  /** Focus on the actions button of post `id`, or on the log when the post has none any more. */
  private focusButton(id: number): void {
    if (!this.menus.focusButton(menuKey(id))) this.log()?.focus();
  }

  /** Closes the edit form, focus back on the post's actions button. */
  private async finish(id: number): Promise<void> {
    if (this.editing !== id) return;
    this.editing = null;
    this.drawn.changed();
    await this.host.updateComplete;
    this.focusButton(id);
  }
}

function menuKey(id: number): string {
  return `message ${id}`;
}
