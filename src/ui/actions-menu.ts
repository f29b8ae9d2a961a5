/**
 * Actions menus: a small button that opens a menu of actions, as the WAI-ARIA "menu button" pattern
 * describes it. Used per post (edit, delete, remove) and per person in the participant list (mute, ban).
 *
 * - The button has `aria-haspopup="menu"` and `aria-expanded`; Enter, Space or a click opens the menu
 *   with focus on its first item, ArrowDown too, ArrowUp on its last.
 * - In the menu, ArrowDown/ArrowUp move (and wrap), Home/End go to the ends, Enter or Space runs the
 *   item, Escape closes and returns focus to the button; Tab, a click outside or focus leaving close it.
 *
 * One menu is open at a time, so one controller serves every button of its host: `render()` draws a
 * button (and its menu while open) from plain data, and the controller keeps which one is open and
 * where focus goes. The menu is drawn in the flow right after its button, so no scrolling region clips it.
 */
import { ChangeCounter } from './row-redraw.js';
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { handleMenuKey } from './menu-keys.js';

/** One action of a menu. */
export interface MenuItem {
  /** What the item does, handed back to `select` (e.g. `edit`). */
  readonly id: string;
  /** Its words. */
  readonly label: string;
}

/** One menu button and what its menu offers. */
export interface ActionsMenu {
  /** Names this menu among its host's menus (e.g. `message 12`). */
  readonly key: string;
  /** The accessible name of the button (and of its menu), e.g. "Actions for Fig's message". */
  readonly label: string;
  /** The button's part name. */
  readonly part: string;
  readonly items: readonly MenuItem[];
  /** Runs an item once the menu has closed and focus is back on the button (the action may move it on). */
  select(id: string): void;
}

/** The open menu's id, which its button's `aria-controls` names (one menu is open at a time). */
export const ACTIONS_MENU_ID = 'actions-menu';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class ActionsMenuController implements ReactiveController {
  /** The key of the open menu, or null. */
  private openKey: string | null = null;
  /** Which item takes focus once the open menu is drawn. */
  private focusOnOpen: 'first' | 'last' | null = null;

  /** A press anywhere outside the open menu and its button closes the menu (focus stays where the press put it). */
  private readonly onPointerDown = (event: PointerEvent): void => {
    const path = event.composedPath();
    const button = this.openKey === null ? null : this.button(this.openKey);
    const menu = this.menu();
    if ((button && path.includes(button)) || (menu && path.includes(menu))) return;
    this.close(false);
  };

  /** Changes to what this controller draws in the log's rows (row-redraw.ts). */
  readonly drawn = new ChangeCounter(() => this.host.requestUpdate());

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  /** Whether the menu `key` is open. */
  isOpen(key: string): boolean {
    return this.openKey === key;
  }

  hostUpdated(): void {
    if (this.openKey === null) return;
    // The button went away with its entry (removed by someone else, a person who left): so did the menu.
    if (!this.button(this.openKey)) {
      this.forget();
      return;
    }
    if (this.focusOnOpen === null) return;
    const items = this.items();
    (this.focusOnOpen === 'first' ? items[0] : items.at(-1))?.focus();
    this.focusOnOpen = null;
  }

  hostDisconnected(): void {
    this.forget();
  }

  /** The button of `menu`, and the menu itself while it is open. Draws nothing without items. */
  render(menu: ActionsMenu): TemplateResult | typeof nothing {
    if (menu.items.length === 0) return nothing;
    const open = this.openKey === menu.key;
    // No whitespace between the button and the menu: log lines keep their white space (pre-wrap).
    return html`<button type="button" part=${menu.part} class="actions-button" data-menu-key=${menu.key} aria-label=${menu.label}
      aria-haspopup="menu" aria-expanded=${open ? 'true' : 'false'} aria-controls=${open ? ACTIONS_MENU_ID : nothing}
      @click=${() => this.toggle(menu.key)} @keydown=${(event: KeyboardEvent) => this.handleButtonKeydown(event, menu.key)}
      ><span aria-hidden="true">⋯</span></button
    >${open ? this.renderMenu(menu) : nothing}`;
  }

  private renderMenu(menu: ActionsMenu): TemplateResult {
    return html`<div part="actions-menu" class="actions-menu" role="menu" id=${ACTIONS_MENU_ID} aria-label=${menu.label}
      @keydown=${this.handleMenuKeydown} @focusout=${this.handleMenuFocusout}>
      ${menu.items.map((item) => html`<button type="button" part="action" class="action" role="menuitem" tabindex="-1"
        @click=${() => void this.activate(menu, item.id)}>${item.label}</button>`)}
    </div>`;
  }

  /** Opens the menu `key` with focus on its first or last item. */
  open(key: string, focus: 'first' | 'last' = 'first'): void {
    if (this.openKey === null) this.host.ownerDocument.addEventListener('pointerdown', this.onPointerDown, true);
    this.openKey = key;
    this.focusOnOpen = focus;
    this.drawn.changed();
  }

  /** Closes the open menu; with `returnFocus`, focus goes back to its button. */
  close(returnFocus = true): void {
    if (this.openKey === null) return;
    const button = returnFocus ? this.button(this.openKey) : null;
    this.forget();
    this.drawn.changed();
    button?.focus();
  }

  /** Puts focus on the button of menu `key`; returns whether there is one. */
  focusButton(key: string): boolean {
    const button = this.button(key);
    button?.focus();
    return button !== null;
  }

  private forget(): void {
    this.openKey = null;
    this.focusOnOpen = null;
    this.host.ownerDocument.removeEventListener('pointerdown', this.onPointerDown, true);
  }

  private toggle(key: string): void {
    if (this.openKey === key) this.close();
    else this.open(key);
  }

  private async activate(menu: ActionsMenu, id: string): Promise<void> {
    this.close();
    await this.host.updateComplete;
    menu.select(id);
  }

  private handleButtonKeydown(event: KeyboardEvent, key: string): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    this.open(key, event.key === 'ArrowDown' ? 'first' : 'last');
  }

  private readonly handleMenuKeydown = (event: KeyboardEvent): void => {
    handleMenuKey(event, this.items(), () => this.close());
  };

  /** Focus left the menu (Tab, Shift+Tab, a click elsewhere): the menu closes and focus stays where it went. */
  private readonly handleMenuFocusout = (event: FocusEvent): void => {
    const to = event.relatedTarget;
    const menu = this.menu();
    if (to instanceof Node && menu && !menu.contains(to)) this.close(false);
  };

  private button(key: string): HTMLElement | null {
    const buttons = this.host.renderRoot.querySelectorAll<HTMLElement>('[data-menu-key]');
    return [...buttons].find((button) => button.dataset.menuKey === key) ?? null;
  }

  private menu(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(`#${ACTIONS_MENU_ID}`);
  }

  private items(): HTMLElement[] {
    return [...(this.menu()?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  }
}
