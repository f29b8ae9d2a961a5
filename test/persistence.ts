// Test helpers for rooms that carry themselves into a new session: watching Croquet's SAVE frames,
// asking the test server what it has stored.
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChatEntry } from '../src/types.js';

/** A SAVE frame a page sent: Croquet uploaded the room's persisted data and told the reflector where. */
export interface SentSave {
  /** Model time at which the uploaded data was collected. */
  readonly persistTime: number;
  /** Path of the upload on the file server. */
  readonly path: string;
}

/** What the test server records per room: its last SAVE (see tools/local-server-plugin.mjs). */
interface PersistedRecord {
  appId: string;
  persistentId: string;
  url: string;
  writtenAt: number;
}

/** What a window's Croquet told the reflector about persistence. */
export interface PersistenceLog {
  /** The SAVEs it sent (uploads done), oldest first. */
  readonly saves: SentSave[];
  /** Model times of its persistence votes (TUTTI "persist@…"), which precede a SAVE: tells a lost vote from a lost SAVE. */
  readonly votes: number[];
}

const watched = new WeakMap<object, PersistenceLog>();

/**
 * Records the persistence frames that `win` sends (the page's Croquet talks to the reflector through
 * `win.WebSocket`). Safe to call once the chat in `win` started joining: sends go through the prototype.
 */
export function watchSaves(win: Window & typeof globalThis): PersistenceLog {
  const proto = win.WebSocket.prototype;
  const known = watched.get(proto);
  if (known) return known;
  const log: PersistenceLog = { saves: [], votes: [] };
  watched.set(proto, log);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the socket as `this`
  const send = proto.send;
  proto.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data === 'string' && (data.includes('"SAVE"') || data.includes('"persist@'))) {
      const frame = JSON.parse(data) as { action?: string; args?: unknown };
      if (frame.action === 'SAVE') {
        const args = frame.args as { persistTime: number; url: string; dissident: unknown };
        if (!args.dissident) log.saves.push({ persistTime: args.persistTime, path: new URL(args.url).pathname });
      } else if (frame.action === 'TUTTI' && Array.isArray(frame.args)) {
        log.votes.push(Number(frame.args[0]));
      }
    }
    return send.call(this, data);
  };
  return log;
}

/** An app id no other test uses: its own localStorage person, and its own persisted records on the server. */
export function uniqueAppId(prefix = 'upgrade'): string {
  return `test.${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Waits until the server holds a persisted copy of `appId`'s room collected at model time `since` or
 * later (the SAVEs its pages sent, see {@link watchSaves}, say which upload that is); returns its path.
 */
export async function persistedOnServer(appId: string, since: number, logs: readonly PersistenceLog[], timeout = 60_000): Promise<string> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const saves = logs.flatMap((log) => log.saves);
    const current = saves.filter((save) => save.persistTime >= since).map((save) => save.path);
    if (current.length) {
      const records = await executeServerCommand<PersistedRecord[], { appId: string }>('croquet-chat-persisted', { appId });
      const record = records.find((r) => current.includes(r.url));
      if (record) return record.url;
    }
    if (performance.now() > deadline) {
      const votes = logs.flatMap((log) => log.votes);
      throw new Error(
        `the server never stored a persisted copy of ${appId} from model time ${since} on ` +
          `(these pages sent SAVEs ${JSON.stringify(saves.map((save) => [save.persistTime, save.path]))} and persistence votes at model times ${JSON.stringify(votes)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The entry as the model stores it (the element's copies add fields for this reader). */
export function asEntry(message: ChatEntry): ChatEntry {
  const { id, kind, viewId, personId, nickname, text, time, wallTime, clientId, notice, edited, deleted, moderated, verified, replyTo, reactions, mentions, image } = message;
  return { id, kind, viewId, personId, nickname, text, time, wallTime, clientId, notice, edited, deleted, moderated, verified, replyTo, reactions, mentions, image };
}
