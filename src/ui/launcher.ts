/**
 * Launcher mode (`mode="launcher"`): a round button in the inline-end bottom corner of the viewport, with
 * the unread count, that opens the chat as a panel above it (the whole screen on phones). This controller
 * owns the open state's memory (sessionStorage, per app and room, so it survives a reload of the tab),
 * Escape and the close button, and where focus goes; the element only wraps its chat in `render()`.
 *
 * On first load an `open` the page set (the attribute in its markup, or the property before the first
 * render) wins over the remembered state; without it the tab's remembered state decides. Switching rooms
 * keeps the panel as it is. Restoring never moves focus: only opening and closing afterwards do.
 */
import { html, svg } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { emit } from '../events.js';
import type { ChatStrings } from '../i18n/strings.js';

/** How the element sits in the page: in its flow, or behind a launcher button in the corner. */
export type ChatMode = 'inline' | 'launcher';

/** What the controller needs of `<croquet-chat>`. */
export interface LauncherHost extends ReactiveControllerHost, HTMLElement {
  mode: ChatMode;
  open: boolean;
  appId: string;
  session: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The id that ties the launcher button (aria-controls) to its panel. */
const PANEL_ID = 'launcher-panel';

/** The badge shows at most this number, then "99+". */
const BADGE_MAX = 99;

/** The storage key of a room's open state (beside its draft, see drafts.ts). */
export function openStateKey(appId: string, session: string): string {
  return `croquet-chat:${appId}:${session}:open`;
}

function readOpenState(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === 'open';
  } catch {
    return false;
  }
}

/** Remembers an open panel; a closed one is forgotten (closed is what a tab without memory shows). */
function writeOpenState(key: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(key, 'open');
    else sessionStorage.removeItem(key);
  } catch {
    // No session storage: the panel's state lives as long as the page.
  }
}

const chatIcon = svg`<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16h-.5A2.5 2.5 0 0 1 2 13.5z" transform="translate(1 1)" fill="currentColor"/>`;
const closeIcon = svg`<path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none"/>`;

export class LauncherController implements ReactiveController {
  /** Whether the remembered state was read (once, on the first render in launcher mode with a room). */
  private restored = false;
  /** The storage key and value last written or read, so each change is written once. */
  private stored: { key: string; open: boolean } | undefined;
  /** Whether the panel showed at the last render (undefined before the first). */
  private shown: boolean | undefined;
  private concealed = false;
  /** Where focus goes once the render that opened or closed the panel is in the page. */
  private focusAfterRender: 'composer' | 'launcher' | null = null;

  constructor(
    private readonly host: LauncherHost,
    /** The chat went out of sight (a closed panel) or came back: what arrives meanwhile is unread. */
    private readonly concealedChanged: (concealed: boolean) => void,
  ) {
    host.addController(this);
  }

  private get launcherMode(): boolean {
    return this.host.mode === 'launcher';
  }

  hostUpdate(): void {
    const { host } = this;
    const key = openStateKey(host.appId, host.session);
    let restoring = false;
    if (this.launcherMode && !this.restored && host.session) {
      this.restored = restoring = true;
      // An `open` the page asked for wins; otherwise the tab remembers.
      if (!host.open) host.open = readOpenState(key);
      this.stored = { key, open: host.open };
    }
    const shown = this.launcherMode && host.open;
    if (shown !== this.shown) {
      if (this.shown !== undefined && !restoring) this.focusAfterRender = shown ? 'composer' : this.focusInPanel() ? 'launcher' : null;
      this.shown = shown;
    }
    const concealed = this.launcherMode && !host.open;
    if (concealed !== this.concealed) {
      this.concealed = concealed;
      this.concealedChanged(concealed);
    }
    if (this.restored && this.launcherMode && (this.stored?.key !== key || this.stored.open !== host.open)) {
      this.stored = { key, open: host.open };
      writeOpenState(key, host.open);
    }
  }

  hostUpdated(): void {
    const target = this.focusAfterRender;
    this.focusAfterRender = null;
    if (target === 'composer') this.part<HTMLElement>('croquet-chat-composer')?.focus();
    else if (target === 'launcher') this.part<HTMLElement>('[part~="launcher"]')?.focus();
  }

  /**
   * The element's chat (`base`) as the page sees it: as it is inline, or in launcher mode behind the
   * launcher button, in a panel with a close button. `unread` shows on the badge, formatted for `lang`.
   */
  render(base: TemplateResult, unread: number, strings: ChatStrings, lang: string | undefined): TemplateResult {
    if (!this.launcherMode) return base;
    const { open } = this.host;
    return html`
      <button
        part="launcher"
        class="launcher"
        type="button"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${PANEL_ID}
        aria-label=${open ? strings.closeChat : strings.openChat(unread)}
        @click=${() => this.setOpenByPerson(!this.host.open)}
      >
        <svg class="launcher-icon" viewBox="0 0 24 24" aria-hidden="true">${chatIcon}</svg>
        <span part="launcher-badge" class="launcher-badge" aria-hidden="true" ?hidden=${unread === 0}>${badgeText(unread, lang)}</span>
      </button>
      <div id=${PANEL_ID} part="launcher-panel" class="launcher-panel" ?hidden=${!open} @keydown=${this.handlePanelKeydown}>
        <button part="launcher-close" class="launcher-close" type="button" aria-label=${strings.closeChat} @click=${() => this.setOpenByPerson(false)}>
          <svg viewBox="0 0 24 24" aria-hidden="true">${closeIcon}</svg>
        </button>
        ${base}
      </div>
    `;
  }

  /** Escape closes the panel, unless something inside (a menu, the rename or an edit form) already took it. */
  private readonly handlePanelKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    event.preventDefault();
    this.setOpenByPerson(false);
  };

  private setOpenByPerson(open: boolean): void {
    if (this.host.open === open) return;
    this.host.open = open;
    emit(this.host, 'croquet-chat-open', { open });
  }

  /** Whether focus is in the panel now (before a render hides it and focus falls to the page). */
  private focusInPanel(): boolean {
    const active = (this.host.renderRoot as ShadowRoot).activeElement ?? null;
    return active !== null && this.part(`#${PANEL_ID}`)?.contains(active) === true;
  }

  private part<T extends Element>(selector: string): T | null {
    return this.host.renderRoot.querySelector<T>(selector);
  }
}

function badgeText(unread: number, lang: string | undefined): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(lang);
  } catch {
    format = new Intl.NumberFormat();
  }
  return unread > BADGE_MAX ? `${format.format(BADGE_MAX)}+` : format.format(unread);
}
