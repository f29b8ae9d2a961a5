/**
 * What this browser remembers about "me" besides my key (person-key.ts): the name I chose, per app id,
 * in localStorage, or for the life of the page when storage is unavailable (private modes, sandboxed
 * frames). And the random ids the outbox gives posts.
 */

/** Values for this page when localStorage cannot be used. */
const pageMemory = new Map<string, string>();

function storageKey(appId: string, what: 'name'): string {
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

/** The name this browser chose in `appId`'s rooms ('' if none). */
export function rememberedName(appId: string): string {
  return read(storageKey(appId, 'name')) ?? '';
}

/** Remembers the name the user chose, for the next page load. */
export function rememberName(appId: string, name: string): void {
  write(storageKey(appId, 'name'), name);
}
