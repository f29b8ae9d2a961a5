/**
 * The "Private room" action and its invite panel. While the participant list is open, a bar under it
 * offers the action; the action makes a private room (the element's `createInvite()`), moves the chat
 * there and shows the invite link in a small panel under the header: the link in a read-only input, a
 * Copy button and a sentence saying that anyone with the link can join and read along. Escape or the
 * close button closes the panel. The element renders this right after the participant list, inside
 * its `.top` region (so the list's light dismiss leaves the bar alone).
 */
import { html, nothing, svg } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';

/** What the controller needs of `<croquet-chat>`. */
export interface InvitePanelHost extends ReactiveControllerHost, HTMLElement {
  readonly session: string;
  readonly password: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface InvitePanelHandlers {
  /** Whether the participant list shows now (the bar goes under it). */
  listShown(): boolean;
  /** Closes the participant list and makes the private room; returns the invite link. */
  createInvite(): string;
  /** Escape on the bar: closes the participant list, as Escape in the list does. */
  closeList(): void;
  /** Where focus goes when the panel closes. */
  returnFocus(): void;
}

/** The panel's state: the link, and the room it leads to (the panel closes once the element leaves it). */
interface ShownInvite {
  readonly link: string;
  readonly session: string;
  readonly password: string;
}

const BAR_SELECTOR = '.invite-bar';
const LIST_SELECTOR = '[part~="participant-list"]';
const LINK_SELECTOR = '[part~="invite-link"]';

const lockIcon = svg`<path d="M7 10V7a5 5 0 0 1 10 0v3M5.5 10h13a1.5 1.5 0 0 1 1.5 1.5v8a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 19.5v-8A1.5 1.5 0 0 1 5.5 10z" stroke="currentColor" stroke-width="2" stroke-linejoin="round" fill="none"/>`;
const closeIcon = svg`<path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none"/>`;

export class InvitePanelController implements ReactiveController {
  private shown: ShownInvite | null = null;
  private copied = false;
  private focusLinkAfterRender = false;
  /** Keeps the bar under the list as the list grows, shrinks or the element resizes. */
  private listObserver?: ResizeObserver;
  private observedList: Element | null = null;

  constructor(
    private readonly host: InvitePanelHost,
    private readonly handlers: InvitePanelHandlers,
  ) {
    host.addController(this);
  }

  /** Whether the invite panel is open. */
  get open(): boolean {
    return this.shown !== null;
  }

  hostUpdate(): void {
    const { shown, host } = this;
    // The panel belongs to the room it made: it goes when the element moves on, or when the list opens in its place.
    if (shown && (shown.session !== host.session || shown.password !== host.password || this.handlers.listShown())) this.forget();
  }

  hostUpdated(): void {
    this.placeBar();
    if (!this.focusLinkAfterRender) return;
    this.focusLinkAfterRender = false;
    const input = this.host.renderRoot.querySelector<HTMLInputElement>(LINK_SELECTOR);
    input?.focus();
    input?.select();
  }

  hostDisconnected(): void {
    this.observe(null);
  }

  /** The bar under the participant list (while it shows) and the panel (while open). */
  render(strings: ChatStrings): TemplateResult {
    return html`${this.handlers.listShown() ? this.renderBar(strings) : nothing}${this.shown ? this.renderPanel(this.shown, strings) : nothing}`;
  }

  private renderBar(strings: ChatStrings): TemplateResult {
    return html`<div class="invite-bar" @keydown=${this.handleBarKeydown}>
      <button part="private-room" class="private-room" type="button" @click=${this.openPrivateRoom}>
        <svg viewBox="0 0 24 24" aria-hidden="true">${lockIcon}</svg>${strings.privateRoom}
      </button>
    </div>`;
  }

  private renderPanel(shown: ShownInvite, strings: ChatStrings): TemplateResult {
    return html`<div part="invite-panel" class="invite-panel" role="dialog" aria-labelledby="invite-title" aria-describedby="invite-note"
      @keydown=${this.handlePanelKeydown}>
      <div class="invite-head">
        <span id="invite-title" class="invite-title">${strings.privateRoom}</span>
        <button part="invite-close" class="invite-close" type="button" aria-label=${strings.closeInvite} @click=${this.close}>
          <svg viewBox="0 0 24 24" aria-hidden="true">${closeIcon}</svg>
        </button>
      </div>
      <p id="invite-note" class="invite-note">${strings.inviteNote}</p>
      <div class="invite-row">
        <input part="invite-link" class="invite-link" type="text" readonly spellcheck="false" dir="ltr" aria-label=${strings.inviteLink}
          .value=${shown.link} @focus=${selectAll} />
        <button part="copy-invite" class="copy-invite" type="button" @click=${this.copy}>${this.copied ? strings.inviteCopied : strings.copyInvite}</button>
      </div>
      <span class="visually-hidden" role="status">${this.copied ? strings.inviteCopied : ''}</span>
    </div>`;
  }

  private readonly openPrivateRoom = (): void => {
    const link = this.handlers.createInvite();
    const { session, password } = this.host;
    this.shown = { link, session, password };
    this.copied = false;
    this.focusLinkAfterRender = true;
    this.host.requestUpdate();
  };

  private readonly copy = async (): Promise<void> => {
    const shown = this.shown;
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.link);
    } catch {
      // No clipboard here (permission, an insecure page): the link is selected for the person to copy.
      this.focusLinkAfterRender = true;
      this.host.requestUpdate();
      return;
    }
    if (this.shown !== shown) return;
    this.copied = true;
    this.host.requestUpdate();
  };

  private readonly close = (): void => {
    this.forget();
    this.host.requestUpdate();
    this.handlers.returnFocus();
  };

  private forget(): void {
    this.shown = null;
    this.copied = false;
  }

  private readonly handlePanelKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    event.preventDefault(); // this panel's Escape: not the launcher panel's too
    this.close();
  };

  private readonly handleBarKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    event.preventDefault();
    this.handlers.closeList();
  };

  /** Puts the bar right under the participant list, as wide as it (the list is a popover of its own size). */
  private placeBar(): void {
    const root = this.host.renderRoot;
    const list = root.querySelector<HTMLElement>(LIST_SELECTOR);
    const bar = root.querySelector<HTMLElement>(BAR_SELECTOR);
    this.observe(list && bar ? list : null);
    if (!list || !bar) return;
    bar.style.insetBlockStart = `${list.offsetTop + list.offsetHeight - 1}px`;
    bar.style.inlineSize = `${list.offsetWidth}px`;
  }

  private observe(list: Element | null): void {
    if (list === this.observedList) return;
    this.listObserver?.disconnect();
    this.observedList = list;
    if (!list) return;
    this.listObserver ??= new ResizeObserver(() => this.placeBar());
    this.listObserver.observe(list);
  }
}

function selectAll(event: FocusEvent): void {
  (event.target as HTMLInputElement).select();
}
