/**
 * The image of a post in the log: a thumbnail button at most {@link THUMBNAIL_SIDE} CSS px a side, sized
 * from the image's width and height before a byte has loaded (no layout shift when it arrives). The bytes
 * come through the room's Data API (loadImage: fetched and decrypted once per page); until then the
 * thumbnail shows the alt text, and "Image unavailable" if the load failed. The controller keeps what it
 * loaded per handle, so a render of the log only looks up a map: rows whose image did not change get the
 * same values and Lit leaves their DOM alone.
 *
 * A failed load is tried again on a later render once the room's Data API is another one (after a
 * reconnect) or {@link RETRY_MS} went by, and at once when the reader activates it.
 */
import { ChangeCounter } from './row-redraw.js';
import { html, nothing } from 'lit';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { loadImage, type SessionData } from '../session/image-data.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatImage } from '../types.js';

/** Longest side of a thumbnail in the log, in CSS px. */
export const THUMBNAIL_SIDE = 240;
/** A failed load is not tried again sooner than this on its own (ms). */
const RETRY_MS = 5_000;

/** The size a thumbnail of `image` takes: the image's own, scaled down to fit {@link THUMBNAIL_SIDE}. */
export function thumbnailSize(image: { readonly width: number; readonly height: number }): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_SIDE / image.width, THUMBNAIL_SIDE / image.height);
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };
}

/** Where the image of one handle stands in this element. */
interface LoadState {
  /** Its object URL once loaded. */
  url?: string;
  /** The last failure: with which Data API and when. */
  failed?: { readonly data: SessionData | undefined; readonly at: number };
  /** A load is under way. */
  loading?: boolean;
}

/** What a thumbnail shows now. */
export type ImageView = { readonly url: string } | 'loading' | 'unavailable';

export class PostImagesController {
  private readonly states = new Map<string, LoadState>();

  /** Changes to what this controller draws in the log's rows (row-redraw.ts). */
  readonly drawn = new ChangeCounter(() => this.host.requestUpdate());

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The room's Data API while online, else undefined. */
    private readonly data: () => SessionData | undefined,
  ) {}

  /** What `image` shows now; starts (or retries) its load where it may. */
  view(image: ChatImage): ImageView {
    const state = this.states.get(image.handle) ?? {};
    if (state.url) return { url: state.url };
    if (!state.loading) {
      const data = this.data();
      const due = !state.failed || state.failed.data !== data || Date.now() - state.failed.at >= RETRY_MS;
      if (data && due) this.load(image, data, state);
    }
    return state.failed ? 'unavailable' : 'loading';
  }

  /** Tries to load `image` again now (the reader activated "Image unavailable"). */
  retry(image: ChatImage): void {
    const state = this.states.get(image.handle);
    if (state?.failed && !state.loading) this.states.set(image.handle, { failed: { data: undefined, at: 0 } });
    this.drawn.changed();
  }

  /** The thumbnail of `image`: a button that calls `open` with itself (or tries an unavailable image again). */
  render(image: ChatImage, strings: ChatStrings, open: (opener: HTMLElement) => void): TemplateResult {
    const view = this.view(image);
    const size = thumbnailSize(image);
    // The box is sized before the bytes arrive: the width (never past the bubble) and the image's aspect ratio.
    const box = styleMap({ '--_thumb-width': `${size.width}px`, 'aspect-ratio': `${image.width} / ${image.height}` });
    const click = (event: Event) => {
      if (view === 'unavailable') this.retry(image);
      else open(event.currentTarget as HTMLElement);
    };
    // One button whatever the state, so the viewer's opener stays the same element when the image arrives.
    const label = strings.imageLabel(image.alt);
    return html`<button part="image" class=${typeof view === 'object' ? 'post-image' : `post-image ${view}`} type="button" style=${box}
      aria-label=${view === 'unavailable' ? nothing : label} @click=${click}
      >${typeof view === 'object'
        ? html`<img src=${view.url} alt=${image.alt} width=${size.width} height=${size.height} @error=${() => this.broken(image)} />`
        : view === 'unavailable'
          ? html`<span class="image-note">${strings.imageUnavailable}</span><span class="image-alt" dir="auto">${image.alt}</span>`
          : html`<span class="image-alt" dir="auto">${image.alt || label}</span>`}</button
    >`;
  }

  private load(image: ChatImage, data: SessionData, state: LoadState): void {
    const { handle } = image;
    this.states.set(handle, { ...state, loading: true });
    // Through a promise: a handle the Data API cannot read throws at once, and a render must not.
    Promise.resolve().then(() => loadImage(data, image)).then(
      (url) => {
        this.states.set(handle, { url });
        this.drawn.changed();
      },
      () => {
        const wasShown = this.states.get(handle)?.failed !== undefined;
        this.states.set(handle, { failed: { data, at: Date.now() } });
        if (!wasShown) this.drawn.changed();
      },
    );
  }

  /** The browser could not show a loaded URL (bytes it cannot decode, a URL revoked meanwhile): unavailable. */
  private broken(image: ChatImage): void {
    this.states.set(image.handle, { failed: { data: this.data(), at: Date.now() } });
    this.drawn.changed();
  }
}
