/**
 * Quiet presence: which "A joined" / "A left" lines the log shows. In the default `summary` mode, the
 * comings and goings of the last few minutes become one line per run ("Fig and Kiwi joined · Taco
 * left"); older ones fold away, so a later visitor reads the conversation, not a door log. `all` shows
 * every line as the room keeps them, `none` shows none.
 */
import type { ChatMessage } from '../types.js';

/** How the log shows presence lines (the `presence-lines` attribute). */
export type PresenceLines = 'all' | 'summary' | 'none';

/** Joins and leaves younger than this are summarised; older ones are folded away. */
export const PRESENCE_SUMMARY_WINDOW_MS = 5 * 60 * 1000;

/** One line for a run of consecutive presence changes: who is new, who is gone. */
export interface PresenceSummary {
  /** The id of the run's first line (keys the row, so it stays put while the run grows). */
  readonly id: number;
  readonly kind: 'presence';
  readonly personId: '';
  /** The run's latest change. */
  readonly wallTime: number;
  readonly joined: readonly string[];
  readonly left: readonly string[];
}

export function isPresenceSummary(entry: ChatMessage | PresenceSummary): entry is PresenceSummary {
  return 'joined' in entry;
}

/** Reads the attribute: anything but `all` or `none` is the default, `summary`. */
export function readPresenceLines(value: unknown): PresenceLines {
  return value === 'all' || value === 'none' ? value : 'summary';
}

/**
 * The conversation as the log shows it under `mode`, judged at wall time `now`. Someone who came and went
 * within one run, or left and came back, is not mentioned: nothing changed for the reader.
 */
export function showPresence(conversation: readonly ChatMessage[], mode: PresenceLines, now: number): (ChatMessage | PresenceSummary)[] {
  if (mode === 'all') return [...conversation];
  const shown: (ChatMessage | PresenceSummary)[] = [];
  let run: { id: number; wallTime: number; joined: string[]; left: string[] } | undefined;
  const closeRun = () => {
    if (run && (run.joined.length || run.left.length)) shown.push(Object.freeze({ ...run, kind: 'presence', personId: '', joined: Object.freeze(run.joined), left: Object.freeze(run.left) }));
    run = undefined;
  };
  for (const entry of conversation) {
    if (entry.kind !== 'presence') {
      closeRun();
      shown.push(entry);
      continue;
    }
    if (mode === 'none' || now - entry.wallTime > PRESENCE_SUMMARY_WINDOW_MS || entry.notice?.type === undefined) continue;
    run ??= { id: entry.id, wallTime: entry.wallTime, joined: [], left: [] };
    run.wallTime = entry.wallTime;
    const names = 'names' in entry.notice ? entry.notice.names : [];
    for (const name of names) {
      const [same, other] = entry.notice.type === 'joined' ? [run.joined, run.left] : [run.left, run.joined];
      const back = other.indexOf(name);
      if (back >= 0) other.splice(back, 1);
      else if (!same.includes(name)) same.push(name);
    }
  }
  closeRun();
  return shown;
}
