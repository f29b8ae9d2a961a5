/**
 * What this browser remembers about "me" besides my key (person-key.ts): my name, per app id and
 * `user-id` (the same pair the key is kept for: two accounts on one browser are two people), in
 * localStorage, or for the life of the page when storage is unavailable (private modes, sandboxed
 * frames). And the random ids the outbox gives posts.
 */

/** Values for this page when localStorage cannot be used. */
const pageMemory = new Map<string, string>();

/**
 * Where the name of `appId`'s person `userId` is kept. Without a user id it is the key names had before
 * user ids counted, so a name chosen then is still found.
 */
export function nameStorageKey(appId: string, userId: string): string {
  return userId ? `croquet-chat:${appId}:name:${userId}` : `croquet-chat:${appId}:name`;
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

/** The name this browser keeps for `userId` ('' for none) in `appId`'s rooms; '' if none. */
export function rememberedName(appId: string, userId: string): string {
  return read(nameStorageKey(appId, userId)) ?? '';
}

/** Keeps `name` for `userId` in `appId`'s rooms, for this page's other rooms and the next visits. */
export function rememberName(appId: string, userId: string, name: string): void {
  write(nameStorageKey(appId, userId), name);
}
