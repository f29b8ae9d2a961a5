import { fixture, html, waitUntil } from '@open-wc/testing';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { ChatView } from '../src/session/chat-view.js';
import type { ChatMessage, ChatModelOptions, ChatStatus } from '../src/types.js';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs: the `box` URL of the server the test runner started. */
    CROQUET_CHAT_TEST_BOX?: string;
  }
}

/** The local server's box URL (e.g. "http://127.0.0.1:PORT/"). */
export function testBox(): string {
  const box = window.CROQUET_CHAT_TEST_BOX;
  if (!box) throw new Error('window.CROQUET_CHAT_TEST_BOX is not set: run the tests through web-test-runner.config.mjs');
  return box;
}

let counter = 0;
/** A room name no other test (or earlier run) uses. */
export function uniqueSessionName(prefix = 'test'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${counter}`;
}

/** Waits until `el.status` is `status`; fails at once with the element's own sentence if it errs instead. */
export async function waitForStatus(el: CroquetChat, status: ChatStatus, timeout = 15_000): Promise<void> {
  let failure = '';
  await waitUntil(
    () => {
      if (el.status === status) return true;
      // Waiting to get online (or connecting) should not sit out a timeout once the element has given up.
      if (el.status === 'error' && (status === 'online' || status === 'connecting' || status === 'reconnecting')) {
        failure = el.errorMessage;
        return true;
      }
      return false;
    },
    `status never became ${status} (it is ${el.status})`,
    { timeout, interval: 20 },
  );
  if (failure) throw new Error(`expected status ${status}, got error: ${failure}`);
}

/** Waits for `predicate` with a readable failure message and a generous timeout. */
export function eventually(predicate: () => boolean, message: string, timeout = 10_000): Promise<void> {
  return waitUntil(predicate, message, { timeout, interval: 20 });
}

/**
 * A person id no other test uses. Pages of one test run share an origin, hence localStorage, hence the
 * remembered person id: participants who should be different people get their own `user-id`.
 */
export function uniquePerson(): string {
  return uniqueSessionName('person');
}

/**
 * Room rules for tests that post many lines at once from one person, about something other than flood
 * control (scrolling, history limits, the outbox): a burst that covers them. Croquet's send rate still
 * paces them (session/post-allowance.ts).
 */
export const BUSY_ROOM: ChatModelOptions = Object.freeze({ postBurst: 200 });

/** A `<croquet-chat>` joined to a fresh room (with the room rules `rules`) on the local test server, as a person of its own. */
export async function onlineChat(session = uniqueSessionName(), extra: Partial<CroquetChat> = {}, userId = uniquePerson(), rules?: ChatModelOptions): Promise<CroquetChat> {
  const el = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${userId} .modelOptions=${rules}></croquet-chat>`);
  Object.assign(el, extra);
  await waitForStatus(el, 'online');
  return el;
}

/** Shadow-DOM helpers. */
/** The parts of `el`, including those its composer exports (the page sees both through `::part()`). */
export function parts(el: Element, name: string): HTMLElement[] {
  return shadowRoots(el).flatMap((root) => [...root.querySelectorAll<HTMLElement>(`[part~="${name}"]`)]);
}
export function part(el: Element, name: string): HTMLElement | null {
  return parts(el, name)[0] ?? null;
}
/** The texts of the rendered log, oldest first. */
export function renderedTexts(el: Element): string[] {
  return parts(el, 'message').map((message) => message.querySelector('[part~="text"]')?.textContent ?? '');
}

/** The log line of `el` whose text is `text` (a post). */
export function lineWith(el: CroquetChat, text: string): HTMLElement {
  const line = parts(el, 'message').find((message) => message.querySelector('[part~="text"]')?.textContent === text);
  if (!line) throw new Error(`no line "${text}" (the log has ${JSON.stringify(renderedTexts(el))})`);
  return line;
}

/** Waits until every chat of `chats` shows the post `text`; returns their lines, in the same order. */
export async function linesEverywhere(text: string, ...chats: CroquetChat[]): Promise<HTMLElement[]> {
  await eventually(() => chats.every((el) => renderedTexts(el).includes(text)), `"${text}" never reached every page`);
  await Promise.all(chats.map((el) => el.updateComplete));
  return chats.map((el) => lineWith(el, text));
}

/** Types `text` into the input and submits the form as a user would (Enter). */
export function typeAndSubmit(el: CroquetChat, text: string): void {
  const input = part(el, 'input') as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  (part(el, 'form') as HTMLFormElement).requestSubmit();
}

/** A second participant in its own browsing context (an iframe), so Croquet's page-global view events stay apart. */
export interface Peer {
  readonly el: CroquetChat;
  readonly frame: HTMLIFrameElement;
  close(): void;
}

/**
 * Opens test/fixtures/peer.html (or another fixture `page` that defines the element) in an iframe `height` px
 * high and puts a `<croquet-chat>` with `attributes` into it (a person of its own unless `user-id` is given).
 */
export async function openPeer(attributes: Record<string, string>, page = 'peer.html', height = 300, rules?: ChatModelOptions): Promise<Peer> {
  attributes = { 'user-id': uniquePerson(), ...attributes };
  const frame = document.createElement('iframe');
  frame.title = 'second participant';
  frame.style.cssText = `width: 400px; height: ${height}px; border: 0;`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = new URL(`./fixtures/${page}`, import.meta.url).href;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  await win.customElements.whenDefined('croquet-chat');
  const el = win.document.createElement('croquet-chat');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (rules) el.modelOptions = rules;
  win.document.body.append(el);
  return { el, frame, close: () => frame.remove() };
}

/**
 * The element's Croquet view, as a modified client would use it: it signs and sends requests without the
 * element's own checks (whether this person may), so a test can show that the room checks them itself.
 */
export function viewOf(el: CroquetChat): ChatView {
  const view = (el as unknown as { chat: { attempt: { view?: ChatView } | null } }).chat.attempt?.view;
  if (!view) throw new Error('the element has no view (is it online?)');
  return view;
}

let markers = 0;

/**
 * An ordering barrier, for checks that something did not happen. `from` posts a marker no one else
 * posts, and this waits until every chat of `from` and `others` renders it. Croquet delivers every event
 * to every replica in the same order, and a page's own events in the order the page sent them: whatever
 * `from` sent before the marker, and whatever the room did before it, has reached all of them by then.
 * Returns the marker text, which is in their histories now (a post like any other).
 */
export async function barrier(from: CroquetChat, ...others: CroquetChat[]): Promise<string> {
  markers += 1;
  const marker = `marker ${markers} ${Math.random().toString(36).slice(2, 8)}`;
  if (!from.send(marker)) throw new Error(`the barrier marker was refused (status ${from.status})`);
  const chats = [from, ...others];
  await eventually(() => chats.every((el) => renderedTexts(el).includes(marker)), `the barrier marker "${marker}" never reached every page`);
  return marker;
}

/** The room as a chat found it when its view arrived, before anything that came after. */
export interface Arrival {
  /** Views present, its own included once the room has its join. */
  readonly participants: number;
  /** The history it found. */
  readonly messages: readonly ChatMessage[];
}

/**
 * Resolves with the room as `el` found it when its view arrived: the view's first state, which it
 * announces with its first `croquet-chat-presence` (before it is online, and before any later event).
 * Call it before `el` starts joining.
 */
export function arrival(el: CroquetChat): Promise<Arrival> {
  return new Promise((resolve) => {
    el.addEventListener('croquet-chat-presence', (event) => resolve({ participants: event.detail.participants, messages: el.messages }), { once: true });
  });
}

/** The part names of the element that has focus inside `el` (through nested shadow roots), or null. */
export function focusedPart(el: Element): string | null {
  let active = el.shadowRoot?.activeElement ?? null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active?.getAttribute('part') ?? null;
}

/** What polite live regions inside `el` say now (screen readers read these out without moving focus). */
export function politeAnnouncements(el: Element): string[] {
  return shadowRoots(el).flatMap((root) =>
    [...root.querySelectorAll<HTMLElement>('[aria-live="polite"], [role="status"]')].map((region) => region.textContent?.trim() ?? ''),
  ).filter(Boolean);
}

/** The element's shadow root and its composer's: what the page reaches through `::part()`. */
function shadowRoots(el: Element): ShadowRoot[] {
  return [el.shadowRoot!, ...[...el.shadowRoot!.querySelectorAll('croquet-chat-composer')].map((child) => child.shadowRoot!)];
}
