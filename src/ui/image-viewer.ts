/**
 * The image viewer: a modal `<dialog>` (showModal) with a post's image as large as the window allows, its
 * alt text under it, a close button and, for the image's author, "Edit alt text": a small form that asks
 * the room to change it (the room checks again that they wrote the post). Escape or the close button
 * closes the viewer (Escape in the form closes only the form), and so does a click on the backdrop; focus
 * returns to the thumbnail that opened it. It follows the post: a new alt text shows at once, and the
 * viewer closes when the post is removed.
 */
import { html, nothing, svg } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { MAX_ALT_LENGTH } from '../model/limits.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatImage, ChatMessage, ChatStatus } from '../types.js';
import type { PostImagesController } from './post-image.js';

/** What changing an alt text needs of the chat session (`ChatSessionController` has it). */
export interface AltAccess {
  readonly status: ChatStatus;
  /** Whether the room takes this person's posts now (not muted or banned). */
  readonly maySend: boolean;
  readonly state: { readonly messages: readonly ChatMessage[] };
  readonly view: { setAlt(id: number, alt: string): void } | undefined;
}

/** Whether this person may change the alt text of the image in `message` now: their own post, while online and allowed to post. */
export function mayEditAlt(message: ChatMessage | undefined, room: AltAccess): boolean {
  return !!message?.image && message.self && !message.deleted && room.status === 'online' && room.maySend && room.view !== undefined;
}

/** Asks the room to change the alt text of the image in this person's post `id`; returns whether it was allowed and sent. */
export function setImageAlt(room: AltAccess, id: number, alt: string): boolean {
  const message = room.state.messages.find((entry) => entry.id === id);
  if (typeof alt !== 'string' || !mayEditAlt(message, room)) return false;
  room.view!.setAlt(id, alt);
  return true;
}

const closeIcon = svg`<path d="M5 5l10 10M15 5 5 15" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />`;

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** The image on show: a post's (`id`), or a pending post's (`id` null: it has no id yet). */
interface Shown {
  readonly image: ChatImage;
  readonly id: number | null;
  /** The thumbnail that opened it, where focus returns. */
  readonly opener: HTMLElement;
}

export class ImageViewerController implements ReactiveController {
  private shown: Shown | null = null;
  /** Whether the dialog of `shown` was opened already (it is shown once, when first drawn). */
  private modal = false;
  private editing = false;
  /** What takes focus once the next render is done. */
  private focusNext: 'alt-input' | 'edit-alt' | null = null;

  constructor(
    private readonly host: Host,
    private readonly images: PostImagesController,
    private readonly room: AltAccess,
    /** Where focus goes when the thumbnail that opened the viewer is gone. */
    private readonly focusFallback: () => void,
  ) {
    host.addController(this);
  }

  /** Shows `image` (of post `id`, null for a pending post); focus returns to `opener` when it closes. */
  open(image: ChatImage, id: number | null, opener: HTMLElement): void {
    this.shown = { image, id, opener };
    this.modal = false;
    this.editing = false;
    this.host.requestUpdate();
  }

  /** Whether the viewer is showing an image. */
  get isOpen(): boolean {
    return this.shown !== null;
  }

  hostUpdated(): void {
    const dialog = this.dialog();
    if (this.shown && !dialog) {
      this.forget(); // the post went away while it was on show
      return;
    }
    if (dialog && !this.modal) {
      this.modal = true;
      dialog.showModal();
    }
    if (this.focusNext) {
      const target = this.host.renderRoot.querySelector<HTMLElement>(`[part~="${this.focusNext}"]`);
      this.focusNext = null;
      target?.focus();
      if (target instanceof HTMLInputElement) target.select();
    }
  }

  hostDisconnected(): void {
    this.shown = null;
    this.editing = false;
  }

  /** The dialog while an image is on show (nothing once its post is gone). */
  render(byId: ReadonlyMap<number, ChatMessage>, strings: ChatStrings): TemplateResult | typeof nothing {
    const shown = this.shown;
    if (!shown) return nothing;
    const message = shown.id === null ? undefined : byId.get(shown.id);
    const image = shown.id === null ? shown.image : message?.image;
    if (!image) return nothing;
    const view = this.images.view(image);
    const editable = message !== undefined && mayEditAlt(message, this.room);
    const label = strings.imageLabel(image.alt);
    // The click is the pointer's way to close on the backdrop; keys have Escape (the dialog's own) and the close button.
    // eslint-disable-next-line lit-a11y/click-events-have-key-events
    return html`<dialog part="image-viewer" class="image-viewer" aria-label=${label} @close=${this.handleClose} @click=${this.handleBackdropClick}>
      <div class="viewer-bar">
        ${editable && !this.editing
          ? html`<button part="edit-alt" class="viewer-button" type="button" @click=${() => this.startEditing()}>${strings.editAlt}</button>`
          : nothing}
        <button part="image-viewer-close" class="viewer-close" type="button" aria-label=${strings.closeImage} @click=${() => this.close()}>
          <svg viewBox="0 0 20 20" aria-hidden="true">${closeIcon}</svg>
        </button>
      </div>
      <div class="viewer-image">
        ${typeof view === 'object'
          ? html`<img part="full-image" src=${view.url} alt=${image.alt} width=${image.width} height=${image.height} />`
          : html`<p class="image-note">${view === 'unavailable' ? strings.imageUnavailable : image.alt || label}</p>`}
      </div>
      ${this.editing && editable && message
        ? this.renderAltForm(message.id, image.alt, strings)
        : image.alt && typeof view === 'object'
          ? html`<p class="viewer-alt" dir="auto" aria-hidden="true">${image.alt}</p>`
          : nothing}
    </dialog>`;
  }

  /** The small form that changes the alt text: Enter saves, Escape or Cancel gives up. */
  private renderAltForm(id: number, alt: string, strings: ChatStrings): TemplateResult {
    const save = (event: SubmitEvent) => {
      event.preventDefault();
      const input = (event.target as HTMLFormElement).elements.namedItem('alt') as HTMLInputElement;
      if (setImageAlt(this.room, id, input.value)) this.stopEditing();
    };
    const keydown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault(); // closes the form, not the viewer
      event.stopPropagation();
      this.stopEditing();
    };
    return html`<form part="alt-form" class="alt-form" @submit=${save} @keydown=${keydown}>
      <label class="alt-label" for="alt-input">${strings.altLabel}</label>
      <input part="alt-input" class="alt-input" id="alt-input" name="alt" dir="auto" autocomplete="off" maxlength=${MAX_ALT_LENGTH}
        aria-describedby="alt-hint" .value=${alt} />
      <span class="alt-hint" id="alt-hint">${strings.altHint}</span>
      <span class="alt-buttons"
        ><button part="alt-save" class="viewer-button" type="submit">${strings.save}</button
        ><button part="alt-cancel" class="viewer-button" type="button" @click=${() => this.stopEditing()}>${strings.cancel}</button></span
      >
    </form>`;
  }

  private startEditing(): void {
    this.editing = true;
    this.focusNext = 'alt-input';
    this.host.requestUpdate();
  }

  private stopEditing(): void {
    this.editing = false;
    this.focusNext = 'edit-alt';
    this.host.requestUpdate();
  }

  /** Closes the viewer, focus back on its thumbnail. */
  close(): void {
    this.dialog()?.close();
    if (this.shown) this.forget();
  }

  /** The dialog closed by itself (Escape): forget it and put focus back on its thumbnail. */
  private readonly handleClose = (): void => {
    if (this.shown) this.forget();
  };

  /** A click on the backdrop (the dialog element itself, outside its content) closes the viewer. */
  private readonly handleBackdropClick = (event: MouseEvent): void => {
    if (event.target === event.currentTarget) this.close();
  };

  private forget(): void {
    const opener = this.shown?.opener;
    this.shown = null;
    this.editing = false;
    this.focusNext = null;
    this.host.requestUpdate();
    if (opener?.isConnected) opener.focus();
    else this.focusFallback();
  }

  private dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.image-viewer');
  }
}
