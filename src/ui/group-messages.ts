/**
 * The render plan of the conversation: the history as a flat list of rows (day separators and entries),
 * each entry marked with where its group of consecutive posts by one person starts and ends.
 *
 * Flat on purpose: with Lit's `repeat()` keyed by `key`, an incoming message adds one row and at most
 * flips the `groupEnd` flag of the row before it, so the DOM work per message stays constant however
 * long the history is. Keys come from message ids, which never change and never repeat.
 */
import { localDay } from '../i18n/format-time.js';

/** The fields the plan needs; the element's messages have more. */
export interface GroupableMessage {
  readonly id: number;
  readonly kind: 'post' | 'system' | 'presence';
  /** Who wrote it; posts by the same person group together. */
  readonly personId: string;
  /** Wall-clock time in ms since the epoch, as the author's clock saw it. */
  readonly wallTime: number;
}

/** Consecutive posts by one person group while they stay within this long of the group's first post. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

export interface DayRow {
  readonly kind: 'day';
  readonly key: string;
  /** The wall time of the first entry of the day: format it with `formatDay`. */
  readonly wallTime: number;
}

export interface MessageRow<M extends GroupableMessage> {
  readonly kind: 'message';
  readonly key: string;
  readonly message: M;
  /** The first post of its group (show the author's name), or a system/presence line (always alone). */
  readonly groupStart: boolean;
  /** The last post of its group. */
  readonly groupEnd: boolean;
}

export type RenderRow<M extends GroupableMessage> = DayRow | MessageRow<M>;

export interface GroupOptions {
  /** Default {@link GROUP_WINDOW_MS}. */
  readonly groupWindowMs?: number;
  /** The reader's calendar day of a wall time; default {@link localDay} (the browser's time zone). */
  readonly dayOf?: (wallTime: number) => number;
}

/** Builds the render plan of `messages` (oldest first) in one pass. */
export function groupMessages<M extends GroupableMessage>(messages: readonly M[], options: GroupOptions = {}): RenderRow<M>[] {
  const window = options.groupWindowMs ?? GROUP_WINDOW_MS;
  const dayOf = options.dayOf ?? localDay;
  const rows: RenderRow<M>[] = [];
  let previousDay: number | undefined;
  let group: { personId: string; startTime: number; last: number } | undefined; // `last` indexes `rows`

  for (const message of messages) {
    const day = dayOf(message.wallTime);
    if (day !== previousDay) {
      // Authors' clocks differ, so a day can come back; keyed by the entry it heads, the key stays unique.
      rows.push({ kind: 'day', key: `day:${message.id}`, wallTime: message.wallTime });
      previousDay = day;
      group = undefined;
    }
    const joins =
      message.kind === 'post' &&
      group !== undefined &&
      group.personId === message.personId &&
      Math.abs(message.wallTime - group.startTime) <= window;
    if (joins && group) {
      rows[group.last] = { ...(rows[group.last] as MessageRow<M>), groupEnd: false };
      group.last = rows.length;
    } else {
      group = message.kind === 'post' ? { personId: message.personId, startTime: message.wallTime, last: rows.length } : undefined;
    }
    rows.push({ kind: 'message', key: `message:${message.id}`, message, groupStart: !joins, groupEnd: true });
  }
  return rows;
}
