/**
 * Reactions on posts: the row of reactions under a post (one button per emoji with its count, pressed
 * where this person reacted, named with who did), the quick picker the post actions menu's "React" opens,
 * and the names it says (the room's current names for person ids).
 *
 * The picker is a horizontal menu (WAI-ARIA menu pattern, items are `menuitemcheckbox`, checked where this
 * person already reacted): it opens with focus on its first emoji; ArrowLeft/ArrowRight (in the reading
 * direction) and ArrowUp/ArrowDown move and wrap, Home/End go to the ends, Enter, Space or a click toggles the
 * emoji and closes, Escape closes; either way focus goes back to the post's actions button. Tab, a click
 * outside or focus leaving close it too.
 */
import { ChangeCounter } from './row-redraw.js';
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatMessage, ChatUser } from '../types.js';
import { handleMenuKey } from './menu-keys.js';

/** The emoji the quick picker offers, in its order. */
export const QUICK_REACTIONS: readonly string[] = Object.freeze(['👍', '❤️', '😂', '😮', '😢', '🎉']);

/** Person id → the name the room knows them by now. */
export type PersonNames = ReadonlyMap<string, string>;

const namesCache = new WeakMap<readonly ChatMessage[], { users: readonly ChatUser[]; names: PersonNames }>();

/**
 * The current name of everyone the room knows of: the people here (`users`), and for those who left, the
 * name on their latest post. Cached per history and people list (both are new arrays after each change).
 */
export function personNames(users: readonly ChatUser[], messages: readonly ChatMessage[]): PersonNames {
  const cached = namesCache.get(messages);
  if (cached?.users === users) return cached.names;
  const fresh = new Map<string, string>();
  for (const message of messages) if (message.kind === 'post' && message.personId && message.nickname) fresh.set(message.personId, message.nickname);
  for (const user of users) fresh.set(user.personId, user.nickname);
  // The same names as last time (a new post by someone known): the same map, so the log's rows need not be drawn again.
  const names = lastNames && sameNames(lastNames, fresh) ? lastNames : fresh;
  lastNames = names;
  namesCache.set(messages, { users, names });
  return names;
}

let lastNames: PersonNames | undefined;

function sameNames(a: PersonNames, b: PersonNames): boolean {
  if (a.size !== b.size) return false;
  for (const [id, name] of b) if (a.get(id) !== name) return false;
  return true;
}

/** What a reactions row needs to know besides the post. */
export interface ReactionsContext {
  readonly names: PersonNames;
  /** This person's id in the room ('' before it is known). */
  readonly selfId: string;
  /** Whether reacting can work now (online). */
  readonly online: boolean;
  readonly strings: ChatStrings;
  readonly lang: string | undefined;
}

/** The accessible name and tooltip of one reaction: "👍 2: Alice and you". People the room no longer knows count as "someone". */
export function reactionLabel(emoji: string, people: readonly string[], context: Pick<ReactionsContext, 'names' | 'selfId' | 'strings'>): string {
  const { names, selfId, strings } = context;
  const known = people.flatMap((id) => (id === selfId && selfId ? [strings.reactionYou] : names.has(id) ? [names.get(id)!] : []));
  return strings.reactedBy(emoji, people.length, known);
}

/** The emoji that have reactions on `message`, in the order of their first reaction (the object keeps insertion order). */
function reactionsOf(message: ChatMessage): [string, readonly string[]][] {
  return Object.entries(message.reactions ?? {}).filter(([, people]) => people.length > 0);
}

/** The row of reactions under a post (nothing when it has none): each toggles this person's reaction. */
export function renderReactions(message: ChatMessage, context: ReactionsContext, react: (id: number, emoji: string) => void): TemplateResult | typeof nothing {
  const reactions = message.deleted ? [] : reactionsOf(message);
  if (reactions.length === 0) return nothing;
  const { selfId, strings, lang, online } = context;
  // No whitespace between the buttons: compact log lines keep their white space (pre-wrap).
  return html`<div part="reactions" class="reactions" role="group" aria-label=${strings.reactions}
    >${reactions.map(([emoji, people]) => {
      const own = selfId !== '' && people.includes(selfId);
      const label = reactionLabel(emoji, people, context);
      return html`<button type="button" part=${own ? 'reaction reaction-own' : 'reaction'} class=${own ? 'reaction own-reaction' : 'reaction'}
        aria-pressed=${own ? 'true' : 'false'} aria-label=${label} title=${label} ?disabled=${!online}
        @click=${() => react(message.id, emoji)}
        ><span class="reaction-emoji" aria-hidden="true">${emoji}</span><span class="reaction-count" aria-hidden="true">${people.length.toLocaleString(lang)}</span></button
      >`;
    })}</div
  >`;
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** The picker's id (one is open at a time). */
const PICKER_ID = 'reaction-picker';

/** The quick reaction picker of the post whose actions opened it (one at a time). */
export class ReactionPickerController implements ReactiveController {
  /** The id of the post whose picker is open, or null. */
  private openId: number | null = null;
  /** Where focus goes when the picker closes (the post's actions button). */
  private returnFocus: (() => void) | null = null;
  private focusOnOpen = false;

  /** A press anywhere outside the picker closes it (focus stays where the press put it). */
  private readonly onPointerDown = (event: PointerEvent): void => {
    const picker = this.picker();
    if (!picker || !event.composedPath().includes(picker)) this.close(false);
  };

  /** Changes to what this controller draws in the log's rows (row-redraw.ts). */
  readonly drawn = new ChangeCounter(() => this.host.requestUpdate());

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  /** Whether the picker of post `id` is open. */
  isOpen(id: number): boolean {
    return this.openId === id;
  }

  /** Opens the picker of post `id` with focus on its first emoji; `returnFocus` puts focus back where it came from when it closes. */
  open(id: number, returnFocus: () => void): void {
    if (this.openId === null) this.host.ownerDocument.addEventListener('pointerdown', this.onPointerDown, true);
    this.openId = id;
    this.returnFocus = returnFocus;
    this.focusOnOpen = true;
    this.drawn.changed();
  }

  /** Closes the picker; with `returnFocus`, focus goes back to the post's actions button. */
  close(returnFocus = true): void {
    if (this.openId === null) return;
    const back = returnFocus ? this.returnFocus : null;
    this.forget();
    this.drawn.changed();
    if (back) void this.host.updateComplete.then(back);
  }

  hostUpdated(): void {
    if (this.openId === null) return;
    // The post went away (removed, out of the history) or lost its actions (offline): so did the picker.
    const picker = this.picker();
    if (!picker) {
      this.forget();
      return;
    }
    if (!this.focusOnOpen) return;
    this.focusOnOpen = false;
    this.items()[0]?.focus();
  }

  hostDisconnected(): void {
    this.forget();
  }

  /** The picker of `message` while it is open; `react` toggles this person's reaction with an emoji. */
  render(message: ChatMessage, context: Pick<ReactionsContext, 'selfId' | 'strings'>, react: (emoji: string) => void): TemplateResult | typeof nothing {
    if (this.openId !== message.id) return nothing;
    const { selfId, strings } = context;
    const pick = (emoji: string) => {
      this.close();
      react(emoji);
    };
    return html`<div part="reaction-picker" class="reaction-picker" role="menu" id=${PICKER_ID} aria-label=${strings.addReaction} aria-orientation="horizontal"
      @keydown=${this.handleKeydown} @focusout=${this.handleFocusout}
      >${QUICK_REACTIONS.map((emoji) => {
        const checked = selfId !== '' && (message.reactions?.[emoji] ?? []).includes(selfId);
        return html`<button type="button" part="reaction-choice" class="reaction-choice" role="menuitemcheckbox" tabindex="-1"
          aria-checked=${checked ? 'true' : 'false'} @click=${() => pick(emoji)}>${emoji}</button>`;
      })}</div
    >`;
  }

  private forget(): void {
    this.openId = null;
    this.returnFocus = null;
    this.focusOnOpen = false;
    this.host.ownerDocument.removeEventListener('pointerdown', this.onPointerDown, true);
  }

  private readonly handleKeydown = (event: KeyboardEvent): void => {
    const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
    handleMenuKey(event, this.items(), () => this.close(), { forward: rtl ? 'ArrowLeft' : 'ArrowRight', backward: rtl ? 'ArrowRight' : 'ArrowLeft' });
  };

  /** Focus left the picker (Tab, a click elsewhere): it closes and focus stays where it went. */
  private readonly handleFocusout = (event: FocusEvent): void => {
    const to = event.relatedTarget;
    const picker = this.picker();
    if (to instanceof Node && picker && !picker.contains(to)) this.close(false);
  };

  private picker(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(`#${PICKER_ID}`);
  }

  private items(): HTMLElement[] {
    return [...(this.picker()?.querySelectorAll<HTMLElement>('[role="menuitemcheckbox"]') ?? [])];
  }
}
