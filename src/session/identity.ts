/**
 * Who "I" am in a room, decided once where the session joins: a person id that outlives page loads
 * (so a reload keeps your name and your posts), and the name you chose. Both are kept per app id in
 * localStorage, or for the life of the page when storage is unavailable (private modes, sandboxed frames).
 *
 * The id is a convenience, not authentication: anyone who knows a room's password can claim any id.
 */

import { MAX_PERSON_ID_LENGTH } from '../model/limits.js';

/** Marks a person id the site gave (`user-id`), apart from this browser's random ones. */
const USER_PREFIX = 'user:';
/**
 * Ids that sites pass in `user-id` are used up to this length: with the prefix it is the longest person
 * id the model keeps (a longer one would be cut there, so the room would not know the id as ours).
 */
const MAX_USER_ID_LENGTH = MAX_PERSON_ID_LENGTH - USER_PREFIX.length;

/** Values for this page when localStorage cannot be used. */
const pageMemory = new Map<string, string>();

function storageKey(appId: string, what: 'person' | 'name'): string {
  return `croquet-chat:${appId}:${what}`;
}

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? pageMemory.get(key) ?? null;
  } catch {
    return pageMemory.get(key) ?? null;
  }
}

function write(key: string, value: string): void {
  pageMemory.set(key, value);
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage full or refused: the page memory keeps it for this page.
  }
}

/** A random id with 128 bits from the platform's CSPRNG. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The person id for `appId`: the site's own `userId` when given, else this browser's remembered one. */
export function personIdFor(appId: string, userId: string): string {
  const given = userId.trim().slice(0, MAX_USER_ID_LENGTH);
  if (given) return `${USER_PREFIX}${given}`;
  const key = storageKey(appId, 'person');
  let id = read(key);
  if (!id || !/^[0-9a-f]{32}$/.test(id)) {
    id = randomId();
    write(key, id);
  }
  return id;
}

/** The name this browser chose in `appId`'s rooms ('' if none). */
export function rememberedName(appId: string): string {
  return read(storageKey(appId, 'name')) ?? '';
}

/** Remembers the name the user chose, for the next page load. */
export function rememberName(appId: string, name: string): void {
  write(storageKey(appId, 'name'), name);
}
