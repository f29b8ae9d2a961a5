/**
 * How the room words and folds its entries, as pure functions of plain data: the model's notices,
 * "A joined" / "A left" lines, the room's wall-clock estimate and its rules. Part of the model (every
 * replica must compute the same), so it is covered by the model fingerprint. No Croquet, no DOM.
 */
import { isSiteKey } from './site-token.js';
import { readPacing } from './flood-control.js';
import { NO_REACTIONS } from './reactions.js';
import { INACTIVITY_TIMEOUT_MS, MAX_MODERATORS, MAX_PERSON_ID_LENGTH, MAX_PRESENCE_LINES, PRESENCE_COALESCE_MS, WALL_CLOCK_TOLERANCE_MS, readHistoryLimit } from './limits.js';
import type { ChatEntry, ChatModelOptions, ChatNotice } from '../types.js';

/** English wording of a notice, stored as the entry's `text` (readers' elements word it from `notice`). */
export function noticeText(notice: ChatNotice): string {
  switch (notice.type) {
    case 'reset':
      return `Chat reset ${{ user: 'at user request', newcomer: 'for new participants', inactivity: 'due to inactivity', moderator: 'by a moderator' }[notice.reason]}`;
    case 'rename':
      return `${notice.from} is now ${notice.to}`;
    default:
      return `${notice.names.join(', ')} ${notice.type}`;
  }
}

/** No one mentioned: one frozen list, shared. */
export const NO_MENTIONS: readonly string[] = Object.freeze([]);

/** What a fresh entry is besides its content: not edited, not removed, not vouched for, no reply, reactions, mentions or image. */
export const UNTOUCHED = Object.freeze({ edited: false, deleted: false, moderated: false, verified: false, replyTo: 0, reactions: NO_REACTIONS, mentions: NO_MENTIONS, image: null });

/** A system entry (a reset, a rename) with the fields a post would have left empty. */
export function systemEntry(notice: ChatNotice, id: number, time: number, wallTime: number): ChatEntry {
  return { id, kind: 'system', viewId: '', personId: '', nickname: '', text: noticeText(notice), time, wallTime, clientId: '', notice, ...UNTOUCHED };
}

/** What happened, for {@link addPresenceLine}. */
export interface PresenceChange {
  type: 'joined' | 'left';
  name: string;
  /** Model time now. */
  time: number;
  wallTime: number;
  /** Model time of the newest history entry (-1 if none): a line said before it is not folded into. */
  latestHistoryTime: number;
  /** Id for a new line (presence ids count down from -1). */
  id: number;
}

/**
 * The presence lines after `change`: folded into the latest line when nothing was said since and it is
 * recent (so a burst of churn is one line), "A left" then "A joined" cancelling out (a reload), and at
 * most {@link MAX_PRESENCE_LINES}. Returns whether the new id was used.
 */
export function addPresenceLine(lines: ChatEntry[], change: PresenceChange): boolean {
  const last = lines.at(-1);
  const notice = last?.notice;
  const foldable = last !== undefined && notice !== null && notice !== undefined && 'names' in notice &&
    change.time - last.time < PRESENCE_COALESCE_MS && change.latestHistoryTime <= last.time;
  if (foldable) {
    const others = notice.names.filter((name) => name !== change.name);
    if (notice.type === change.type) {
      lines[lines.length - 1] = presenceLine(last, change.type, [...others, change.name]);
      return false;
    }
    if (change.type === 'joined' && others.length < notice.names.length) {
      if (others.length) lines[lines.length - 1] = presenceLine(last, notice.type, others);
      else lines.pop();
      return false;
    }
  }
  const fresh: ChatNotice = { type: change.type, names: [change.name] };
  lines.push({ id: change.id, kind: 'presence', viewId: '', personId: '', nickname: '', text: noticeText(fresh), time: change.time, wallTime: change.wallTime, clientId: '', notice: fresh, ...UNTOUCHED });
  if (lines.length > MAX_PRESENCE_LINES) lines.splice(0, lines.length - MAX_PRESENCE_LINES);
  return true;
}

function presenceLine(last: ChatEntry, type: 'joined' | 'left', names: string[]): ChatEntry {
  const notice: ChatNotice = { type, names };
  return { ...last, notice, text: noticeText(notice) };
}

/**
 * The room's estimate of wall-clock time: the latest trusted sender clock and the model time it came at,
 * and the first one (the anchor), which bounds how far members' clocks can move the estimate in total.
 */
export interface WallClock {
  wall: number;
  model: number;
  anchorWall: number;
  anchorModel: number;
}

/** The wall time at model time `now` by `clock` (0 before anyone told the room the time). */
export function wallTimeAt(clock: WallClock | null, now: number): number {
  return clock ? clock.wall + (now - clock.model) : 0;
}

/**
 * The clock after a sender said it is `sent`. The first word sets it (the anchor); after that the room
 * takes a sender's clock only between its own estimate and the anchor's time plus the tolerance. So it
 * never goes back (site tokens expire by this clock: nobody may wind it back to revive an expired one),
 * and no number of senders can push it further ahead than the tolerance in total.
 */
export function nextWallClock(clock: WallClock | null, sent: unknown, now: number): WallClock | null {
  if (typeof sent !== 'number' || !Number.isFinite(sent) || sent <= 0) return clock;
  if (!clock) return { wall: sent, model: now, anchorWall: sent, anchorModel: now };
  const anchored = clock.anchorWall + (now - clock.anchorModel);
  if (sent < wallTimeAt(clock, now) || sent > anchored + WALL_CLOCK_TOLERANCE_MS) return clock;
  return { ...clock, wall: sent, model: now };
}

/** The room's rules from the session options, defaults as in the tutorial. */
export function readRules(options: ChatModelOptions | undefined): Required<ChatModelOptions> {
  const timeout = options?.inactivityTimeout;
  const { siteKey, moderators } = options ?? {};
  return {
    inactivityTimeout: typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 0 ? Math.round(timeout) : INACTIVITY_TIMEOUT_MS,
    newcomerReset: options?.newcomerReset !== false,
    reset: options?.reset === 'none' || options?.reset === 'moderators' ? options.reset : 'anyone',
    ...readPacing(options),
    historyLimit: readHistoryLimit(options?.historyLimit),
    siteKey: isSiteKey(siteKey) ? siteKey : '',
    verifiedOnly: isSiteKey(siteKey) && options?.verifiedOnly === true,
    moderators: Array.isArray(moderators)
      ? [...new Set(moderators.filter((id): id is string => typeof id === 'string' && id !== '' && id.length <= MAX_PERSON_ID_LENGTH))].slice(0, MAX_MODERATORS)
      : [],
  };
}
