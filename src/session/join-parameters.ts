/**
 * How one `<croquet-chat>` room maps onto Croquet's `Session.join`: which server keys, which model and
 * view, which options. Kept apart from the session controller, which decides when to join, not how.
 */
import type { ChatConnectionOptions, Server } from './chat-server-options.js';
import type { ChatViewOptions } from './chat-view.js';
import type { Runtime } from './page-rooms.js';

export type JoinParameters = Parameters<Runtime['Session']['join']>[0];

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
    // -1: SYNC failed, and Croquet will not retry.
    progressReporter: (progress: number) => {
      if (progress === -1) onSyncFailed();
    },
  } as JoinParameters;
}
