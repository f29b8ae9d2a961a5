/**
 * How one `<croquet-chat>` room maps onto Croquet's `Session.join`: which server keys, which model and
 * view, which options. Kept apart from the session controller, which decides when to join, not how.
 */
import type { ChatConnectionOptions, Server } from './chat-server-options.js';
import type { ChatViewOptions } from './chat-view.js';
import type { Runtime } from './page-rooms.js';

export type JoinParameters = Parameters<Runtime['Session']['join']>[0];

/**
 * Reflector ticks per second a chat asks for (Croquet's default is 20). Posts travel as messages, which
 * the reflector sends at once and Croquet simulates on arrival, so ticks only move the room's clock
 * between messages: the typing line's expiry (6 s) and the inactivity reset (minutes) may fire up to a
 * second late, and the view's stall check (STALL_MS, 3 s) still sees three ticks missing before it
 * calls the connection stalled. Each tick is a write on the server and a wake-up on every device in
 * the room, so one a second instead of twenty costs both a twentieth.
 */
export const TICKS_PER_SECOND = 1;

export interface RoomToJoin {
  readonly runtime: Runtime;
  readonly server: Server;
  readonly options: ChatConnectionOptions;
  readonly viewOptions: ChatViewOptions;
  /** Croquet could not read the room (SYNC failed): before the first online, a password mismatch. */
  readonly onSyncFailed: () => void;
}

/** The `Session.join` parameters for a room on `server`. */
export function joinParameters({ runtime, server, options, viewOptions, onSyncFailed }: RoomToJoin): JoinParameters {
  return {
    appId: options.appId,
    // Always explicit: without name and password Croquet rewrites the host page's URL.
    name: options.session,
    password: options.password,
    ...(server.kind === 'box' ? { box: server.box } : {}),
    ...(server.kind === 'reflector' ? { reflector: server.reflector, files: server.files } : {}),
    ...(server.kind === 'hosted' ? { apiKey: server.apiKey } : {}),
    model: runtime.ChatModel,
    view: runtime.ChatView,
    viewOptions,
    // The room's rules: Croquet hashes them into the session id, so other rules are another session.
    options: { ...options.modelOptions },
    // A chat in a background tab keeps receiving messages and stays in the participant list.
    autoSleep: false,
    tps: TICKS_PER_SECOND,
    // No stepping on every animation frame: Croquet then simulates when a message or tick arrives, as it
    // does in a hidden tab. The chat view refreshes after each model change, never per frame, so an idle
    // page does no work between ticks.
    step: 'manual',
    // -1: SYNC failed, and Croquet will not retry.
    progressReporter: (progress: number) => {
      if (progress === -1) onSyncFailed();
    },
  } as JoinParameters;
}
