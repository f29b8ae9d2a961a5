/**
 * What every `<croquet-chat>` on a page shares, because Croquet keeps it per page: the runtime (loaded
 * once), the one server a page may use, and the rooms already open on it.
 */
import type { CroquetSession } from '../croquet.js';
import { loadChatRuntime } from './chat-runtime.js';
import type { ChatView } from './chat-view.js';

export type Runtime = typeof import('./chat-view.js');

let runtimePromise: Promise<Runtime> | undefined;

/** Loads the runtime once (see chat-runtime.ts for why it is lazy) and keeps Croquet's overlays off the page. */
export function loadRuntime(): Promise<Runtime> {
  runtimePromise ??= loadChatRuntime().then((runtime) => {
    // No spinner overlay, toasts, badge or QR code on the host page (they would need App.root).
    // A page that uses Croquet itself and wants those can set App.root before the first chat connects.
    const app = runtime.App as { root: unknown };
    if (app.root === null || app.root === undefined) app.root = false;
    return runtime;
  });
  runtimePromise.catch(() => (runtimePromise = undefined));
  return runtimePromise;
}

/**
 * Croquet 2.0 keeps the first session's server for the whole page (it copies `box`/`reflector`/`files`
 * into a page-global options object once). Remember it, so a widget asking for another server gets a
 * clear error instead of silently talking to the wrong one.
 */
let pageServer: string | undefined;
/** Rooms open on this page: joining one Croquet session twice in a page doubles events and breaks leave(). */
const openRooms = new Set<string>();

/**
 * Takes `room` on `server` for one element, or says why it cannot: the page already uses another
 * server, or another element has the room open. `server` is a serverKey(), `room` includes it.
 */
export function claimRoom(server: string, room: string, session: string): string | null {
  if (pageServer !== undefined && pageServer !== server) {
    return `This page already uses another chat server (${pageServer.replace(/^\w+ /, '')}); Croquet allows only one server per page.`;
  }
  if (openRooms.has(room)) return `The room "${session}" is already open in another chat on this page.`;
  openRooms.add(room);
  pageServer = server;
  return null;
}

export function releaseRoom(room: string): void {
  openRooms.delete(room);
}

export async function leave(session: CroquetSession<ChatView>): Promise<void> {
  try {
    await session.leave();
  } catch {
    // Leaving a session that already failed is not an error worth reporting.
  }
}
