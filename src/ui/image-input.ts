/**
 * Sending images from the composer: the attach button (a file picker for the four image types), an image
 * pasted into the message box, and image files dropped anywhere on the widget (a drop target shows while
 * files are dragged over it). Each image goes as a post of its own; the draft stays in the composer. While
 * an image is prepared and stored, "Sending image…" and its name show above the composer; a file the
 * widget will not send says why there instead (wrong type, too large, unreadable, not stored).
 *
 * The sending itself is the session's (ImageSender: checks, scaling, storage, the outbox); this module
 * is the way in and what the person sees of it.
 */
import { html, nothing, svg } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { IMAGE_TYPES } from '../model/images.js';
import { ImageRejected, type ImageProblem } from '../session/image-data.js';
import type { ChatStrings } from '../i18n/strings.js';

/** What the composer's image input needs of the session (`ChatSessionController.images` has it). */
export interface ImageSending {
  /** Alt texts (names) of the images being prepared or stored now. */
  readonly uploading: readonly string[];
  send(file: Blob, options: { alt: string; text?: string; replyTo?: number }): Promise<boolean>;
}

/** `sendImage()`'s options. */
export interface SendImageOptions {
  /** Alt text: the file's name when not given ('' for a Blob without one). */
  readonly alt?: string;
  /** A caption: the post's text. */
  readonly text?: string;
  /** The id of the post it answers. */
  readonly replyTo?: number;
}

/** Why the last image was not sent, and which file it was. */
interface Refusal {
  readonly name: string;
  readonly problem: ImageProblem;
}

/** Each problem in the reader's words. */
const PROBLEM_TEXT: Readonly<Record<ImageProblem, (strings: ChatStrings) => string>> = {
  type: (strings) => strings.imageWrongType,
  size: (strings) => strings.imageTooLarge,
  unreadable: (strings) => strings.imageUnreadable,
  upload: (strings) => strings.imageUploadFailed,
};

// A framed picture (hills and a sun): "attach an image".
const attachIcon = svg`<rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="2" /><path d="M3 16l5-5 4 4 3-3 6 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" /><circle cx="15.5" cy="9.5" r="1.5" fill="currentColor" />`;
const closeIcon = svg`<path d="M5 5l10 10M15 5 5 15" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />`;

/** The name of `file`: a File's name, '' for a plain Blob (from any window: no instanceof). */
function fileName(file: Blob): string {
  const name = (file as Partial<File>).name;
  return typeof name === 'string' ? name : '';
}

/** Whether `value` can be read as a Blob (one made in another window, an iframe's, is not `instanceof Blob` here). */
function isBlob(value: unknown): value is Blob {
  return typeof value === 'object' && value !== null && typeof (value as Blob).arrayBuffer === 'function' && typeof (value as Blob).type === 'string';
}

/** Whether a drag carries files (not text or a link dragged from the page). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class ImageInputController implements ReactiveController {
  private refusal: Refusal | null = null;
  /** dragenter minus dragleave over the widget: the drop target shows while it is above 0. */
  private dragDepth = 0;

  constructor(
    private readonly host: Host,
    private readonly sending: ImageSending,
    /** Whether images may be sent from the composer now (it is enabled). */
    private readonly enabled: () => boolean,
    /** Whether `path` (a drag event's) is over the chat itself (not, say, the closed launcher's button). */
    private readonly overChat: (path: readonly EventTarget[]) => boolean,
    /** The post the composer is answering (0 for none), and the way to stop answering it once the images go. */
    private readonly reply: { readonly replyTo: number; clear(): void },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dragenter', this.handleDragEnter);
    this.host.addEventListener('dragover', this.handleDragOver);
    this.host.addEventListener('dragleave', this.handleDragLeave);
    this.host.addEventListener('drop', this.handleDrop);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragenter', this.handleDragEnter);
    this.host.removeEventListener('dragover', this.handleDragOver);
    this.host.removeEventListener('dragleave', this.handleDragLeave);
    this.host.removeEventListener('drop', this.handleDrop);
    this.dragDepth = 0;
  }

  /**
   * Sends `file` as an image post (`sendImage()`): resolves to whether it was posted. A file the widget
   * will not send resolves to false and says why above the composer; so does one the file server refused.
   */
  async send(file: Blob, options: SendImageOptions = {}): Promise<boolean> {
    if (!isBlob(file)) return this.refuse('', 'type');
    const name = fileName(file);
    const alt = typeof options.alt === 'string' ? options.alt : name;
    this.setRefusal(null);
    try {
      return await this.sending.send(file, { alt, text: options.text, replyTo: options.replyTo });
    } catch (error) {
      return this.refuse(name || alt, error instanceof ImageRejected ? error.problem : 'upload');
    }
  }

  /** Sends each file in turn (picked, pasted or dropped together), as answers to the post the composer is answering. */
  private async sendAll(files: readonly File[]): Promise<void> {
    const { replyTo } = this.reply;
    if (replyTo) this.reply.clear();
    for (const file of files) await this.send(file, { replyTo });
  }

  private refuse(name: string, problem: ImageProblem): false {
    this.setRefusal({ name, problem });
    return false;
  }

  private setRefusal(refusal: Refusal | null): void {
    if (this.refusal === refusal) return;
    this.refusal = refusal;
    this.host.requestUpdate();
  }

  /** The attach button and its file input, slotted into the composer's field. */
  renderAttach(strings: ChatStrings, disabled: boolean): TemplateResult {
    return html`<button slot="attach" part="attach-button" class="attach-button" type="button" aria-label=${strings.attachImage}
        title=${strings.attachImage} ?disabled=${disabled} @click=${this.pick}
        ><svg viewBox="0 0 24 24" aria-hidden="true">${attachIcon}</svg></button
      ><input slot="attach" class="file-input" type="file" accept=${IMAGE_TYPES.join(',')} multiple hidden
        @change=${this.handlePicked} />`;
  }

  /**
   * Above the composer: "Sending image…" with the name of each image on its way, and why the last one was
   * not sent. One polite live region, always there, so screen readers hear what appears in it.
   */
  renderStatus(strings: ChatStrings): TemplateResult {
    const { uploading } = this.sending;
    const refusal = this.refusal;
    return html`<div class="image-status" role="status">
      ${uploading.map(
        (name) => html`<p part="upload-status" class="upload-status"
          ><span class="upload-spinner" aria-hidden="true"></span><span class="upload-text"
            >${strings.sendingImage}${name ? html` <bdi class="file-name">${name}</bdi>` : nothing}</span
          ></p
        >`,
      )}${refusal
        ? html`<p part="upload-problem" class="upload-problem"
            ><span class="upload-text">${refusal.name ? html`<bdi class="file-name">${refusal.name}</bdi>: ` : nothing}${PROBLEM_TEXT[refusal.problem](strings)}</span
            ><button
              part="upload-dismiss" class="upload-dismiss" type="button" aria-label=${strings.dismissImageProblem} @click=${() => this.setRefusal(null)}
              ><svg viewBox="0 0 20 20" aria-hidden="true">${closeIcon}</svg></button
          ></p>`
        : nothing}
    </div>`;
  }

  /** Over the chat while files are dragged over it. */
  renderDropTarget(strings: ChatStrings): TemplateResult | typeof nothing {
    return this.dragDepth > 0 ? html`<div part="drop-target" class="drop-target"><span>${strings.dropImage}</span></div>` : nothing;
  }

  /** A paste into the message box: image files go as images, unless the clipboard has text (that is pasted as usual). */
  readonly handlePaste = (event: ClipboardEvent): void => {
    const data = event.clipboardData;
    if (!data || !this.enabled() || data.types.includes('text/plain')) return;
    const files = [...data.files].filter((file) => file.type.startsWith('image/'));
    if (files.length === 0) return;
    event.preventDefault();
    void this.sendAll(files);
  };

  private readonly pick = (): void => {
    this.host.renderRoot.querySelector<HTMLInputElement>('.file-input')?.click();
  };

  private readonly handlePicked = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = ''; // the same file can be picked again
    void this.sendAll(files);
  };

  private accepts(event: DragEvent): boolean {
    return carriesFiles(event) && this.enabled() && this.overChat(event.composedPath());
  }

  private readonly handleDragEnter = (event: DragEvent): void => {
    if (!this.accepts(event)) return;
    event.preventDefault();
    if (this.dragDepth++ === 0) this.host.requestUpdate();
  };

  /** Without this the browser would not drop here (and would open the file in place of the page). */
  private readonly handleDragOver = (event: DragEvent): void => {
    if (!this.accepts(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
  };

  private readonly handleDragLeave = (event: DragEvent): void => {
    if (this.dragDepth === 0 || !carriesFiles(event)) return;
    if (--this.dragDepth === 0) this.host.requestUpdate();
  };

  private readonly handleDrop = (event: DragEvent): void => {
    const wasOver = this.dragDepth > 0;
    this.dragDepth = 0;
    if (wasOver) this.host.requestUpdate();
    if (!this.accepts(event)) return;
    event.preventDefault();
    void this.sendAll([...event.dataTransfer!.files]);
  };
}
