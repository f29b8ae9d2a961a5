/**
 * What a room carries into its next session (a new MODEL_VERSION, or other room rules): the shape
 * `ChatModel` hands to Croquet's `persistSession()`, and the reading of every shape ever persisted.
 *
 * Persisted data comes from a member's browser, so it is checked field by field: a bad entry is
 * dropped, never trusted, and names pass the room's rules again (since MODEL_VERSION 2). Pure
 * functions, no Croquet.
 *
 * To change the shape: add the next `PersistedRoomVn`, make `readPersistedRoom` read it (and keep reading
 * every older shape, with what the newer fields are for it), and test the old shapes' restore in
 * test/persisted-room.test.ts. Never edit a shape that has shipped.
 */
import { MAX_CLIENT_ID_LENGTH, MAX_HISTORY, MAX_HISTORY_LIMIT, MAX_MENTIONS, MAX_NAME_LENGTH, MAX_PERSON_ID_LENGTH, MAX_REMEMBERED_PEOPLE, MAX_TEXT_LENGTH } from './limits.js';
import { normalizeName } from './names.js';
import { NO_REACTIONS, readReactions } from './reactions.js';
import { readImage } from './images.js';
import { NO_MENTIONS, systemEntry } from './room-entries.js';
import type { ChatEntry, ChatNotice } from '../types.js';

/** The persisted shapes this code reads. */
type Shape = 1 | 2 | 3 | 4;

/** Shape 1 (MODEL_VERSION 1 to 3: version 2 reads it more strictly). */
export interface PersistedRoomV1 {
  format: 1;
  /** Id the next entry gets, so ids stay unique across the move. */
  nextEntryId: number;
  /** Posts and system notices, oldest first (presence lines and typing are not carried over). */
  history: ChatEntry[];
  /** Remembered people, oldest first: [person id, name]. */
  people: [string, string][];
}

/**
 * Shape 2 (MODEL_VERSION 4): people are keys (or `site:<sub>`), entries say whether they were edited,
 * removed (by a moderator?) or vouched for, and the room's mutes and bans carry over.
 */
export interface PersistedRoomV2 extends Omit<PersistedRoomV1, 'format'> {
  format: 2;
  /** Muted people: [person id, ms of the mute left, or -1 until unmuted]. */
  mutes: [string, number][];
  /** Banned person ids. */
  bans: string[];
}

/**
 * Shape 3 (MODEL_VERSION 5): posts say which post they reply to (`replyTo`, 0 for none) and carry their
 * reactions (emoji → person ids), and a room may keep up to {@link MAX_HISTORY_LIMIT} entries (its
 * `historyLimit` rule).
 */
export interface PersistedRoomV3 extends Omit<PersistedRoomV2, 'format'> {
  format: 3;
}

/** Shape 4 (MODEL_VERSION 6): posts carry the people they mention (`mentions`) and an image (`image`, or null). */
export interface PersistedRoomV4 extends Omit<PersistedRoomV2, 'format'> {
  format: 4;
}

/** The shape this code writes. */
export type PersistedRoom = PersistedRoomV4;

/** The room as the model restores it from any persisted shape. */
export interface RestoredRoom {
  nextEntryId: number;
  history: ChatEntry[];
  people: Map<string, string>;
  mutes: Map<string, number>;
  bans: Set<string>;
}

/** Reads persisted data of any known shape; null when there is none or it is unusable. */
export function readPersistedRoom(data: unknown): RestoredRoom | null {
  if (!isObject(data)) return null;
  if (data.format === 1) return { ...readV1(data, 1), mutes: new Map(), bans: new Set() };
  if (data.format === 2 || data.format === 3 || data.format === 4) return readV2(data, data.format);
  return null; // a shape from a newer version, or not ours: start empty rather than guess
}

/** Shape 2's fields (shape 3 has them too). */
function readV2(data: Record<string, unknown>, shape: 2 | 3 | 4): RestoredRoom {
  const mutes = new Map<string, number>();
  for (const pair of Array.isArray(data.mutes) ? data.mutes.slice(-MAX_REMEMBERED_PEOPLE) : []) {
    if (!Array.isArray(pair)) continue;
    const [id, left] = pair as unknown[];
    if (isShortString(id, MAX_PERSON_ID_LENGTH) && id !== '' && typeof left === 'number' && (left === -1 || (Number.isSafeInteger(left) && left >= 0))) mutes.set(id, left);
  }
  const bans = new Set((Array.isArray(data.bans) ? data.bans.slice(-MAX_REMEMBERED_PEOPLE) : []).filter((id): id is string => isShortString(id, MAX_PERSON_ID_LENGTH) && id !== ''));
  return { ...readV1(data, shape), mutes, bans };
}

/** Shape 1's fields (later shapes have them too, and entries with more fields, which readEntry reads by shape). */
function readV1(data: Record<string, unknown>, shape: Shape): Omit<RestoredRoom, 'mutes' | 'bans'> {
  const seen = new Set<number>();
  // Shapes 1 and 2 come from versions that kept 100 entries; shape 3 from rooms that may keep more.
  const kept = shape >= 3 ? MAX_HISTORY_LIMIT : MAX_HISTORY;
  const history = (Array.isArray(data.history) ? data.history : [])
    .map((entry) => readEntry(entry, shape))
    .filter((entry) => entry !== null && !seen.has(entry.id) && seen.add(entry.id)) as ChatEntry[]; // ids key the view's rows
  history.splice(0, Math.max(0, history.length - kept));
  const people = new Map<string, string>();
  for (const pair of Array.isArray(data.people) ? data.people.slice(-MAX_REMEMBERED_PEOPLE) : []) {
    if (!Array.isArray(pair)) continue;
    const [id, storedName] = pair as unknown[];
    const name = isShortString(storedName, MAX_NAME_LENGTH * 2) ? normalizeName(storedName) : '';
    if (name !== '' && isShortString(id, MAX_PERSON_ID_LENGTH) && id !== '') people.set(id, name);
  }
  const highestId = history.reduce((max, entry) => Math.max(max, entry.id), 0);
  const next = typeof data.nextEntryId === 'number' && Number.isSafeInteger(data.nextEntryId) ? data.nextEntryId : 1;
  return { nextEntryId: Math.max(next, highestId + 1), history, people };
}

/**
 * One entry, with the fields its shape has: the edited/removed/vouched marks since shape 2, the reply and
 * reactions since shape 3, mentions and the image since shape 4; false, 0 and none before.
 */
function readEntry(value: unknown, shape: Shape): ChatEntry | null {
  if (!isObject(value)) return null;
  const { id, kind, viewId, personId, nickname, text, time, wallTime, clientId, notice, edited, deleted, moderated, verified, replyTo, reactions, mentions, image } = value;
  const marked = shape >= 2;
  if (!(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) return null;
  if (kind !== 'post' && kind !== 'system') return null;
  if (!isShortString(viewId, 256) || !isShortString(personId, MAX_PERSON_ID_LENGTH) || !isShortString(nickname, MAX_NAME_LENGTH * 2)) return null;
  if (!isShortString(text, MAX_TEXT_LENGTH * 2) || !isShortString(clientId, MAX_CLIENT_ID_LENGTH)) return null;
  if (!Number.isFinite(time) || !Number.isFinite(wallTime)) return null;
  const checkedNotice = kind === 'system' ? readNotice(notice) : null;
  if (kind === 'system' && checkedNotice === null) return null;
  if (checkedNotice) {
    // Made again the model's way: its own wording of the notice, whatever the data said.
    return systemEntry(checkedNotice, id, time as number, wallTime as number);
  }
  // A post has an author and words (unless it was removed), as the model stores them.
  const author = normalizeName(nickname);
  const removed = marked && deleted === true;
  const picture = shape >= 4 && !removed && isObject(image) ? readImage(image) : null;
  if (author === '' || (removed ? text !== '' : text.trim() === '' && picture === null)) return null;
  const marks = { edited: marked && edited === true && !removed, deleted: removed, moderated: removed && moderated === true, verified: marked && verified === true };
  // A reply names an earlier post (the model checked it was there when the reply came); a removed post's reactions went with its words.
  const thread = {
    replyTo: shape >= 3 && typeof replyTo === 'number' && Number.isSafeInteger(replyTo) && replyTo > 0 && replyTo < id ? replyTo : 0,
    reactions: shape >= 3 && !removed ? readReactions(reactions) : NO_REACTIONS,
    mentions: shape >= 4 && !removed ? readMentions(mentions) : NO_MENTIONS,
    image: picture,
  };
  return { id, kind, viewId, personId, nickname: author, text, time: time as number, wallTime: wallTime as number, clientId, notice: null, ...marks, ...thread };
}

/** A post's mentions: person ids, each once, at most {@link MAX_MENTIONS}. */
function readMentions(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return NO_MENTIONS;
  const people = new Set(value.filter((id): id is string => isShortString(id, MAX_PERSON_ID_LENGTH) && id !== ''));
  return people.size === 0 ? NO_MENTIONS : [...people].slice(0, MAX_MENTIONS);
}

function readNotice(value: unknown): ChatNotice | null {
  if (!isObject(value)) return null;
  if (value.type === 'reset' && (value.reason === 'user' || value.reason === 'newcomer' || value.reason === 'inactivity' || value.reason === 'moderator')) {
    return { type: 'reset', reason: value.reason };
  }
  if (value.type === 'rename' && isShortString(value.from, MAX_NAME_LENGTH * 2) && isShortString(value.to, MAX_NAME_LENGTH * 2)) {
    const [from, to] = [normalizeName(value.from), normalizeName(value.to)];
    return from && to ? { type: 'rename', from, to } : null;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}
