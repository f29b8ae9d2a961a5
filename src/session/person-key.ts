/**
 * The key a browser signs a person's events with: one Ed25519 pair per app id (and site user id), whose
 * public key is the person id rooms know. It is kept in IndexedDB so a reload stays the same person,
 * with a private key the page can use but not read out (a non-extractable WebCrypto key). Browsers
 * without Ed25519 in WebCrypto get @noble/curves instead: the runtime's copy, which the model verifies
 * with, so the drop-in's shell does not carry a second one. Where IndexedDB cannot be
 * used (sandboxed frames, some private modes) the key lasts for the page: a new person per page load.
 */

import { toBase64url } from '../model/base64url.js';
import { loadChatRuntime } from './chat-runtime.js';

/** Signs for one person: their id (the public key) and a signature of any bytes. */
export interface PersonKey {
  /** The public key, base64url of its 32 raw bytes (43 characters): the person id rooms know. */
  readonly personId: string;
  /** An Ed25519 signature (64 bytes) of `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** What IndexedDB keeps per app id and user: a WebCrypto pair, or noble's 32 secret bytes. */
type StoredKey = CryptoKeyPair | Uint8Array;

const DATABASE = 'croquet-chat';
const STORE = 'keys';

/** Each app id and user's key for this page, also where IndexedDB is missing. */
const pageKeys = new Map<string, Promise<PersonKey>>();

/** The key of this browser for `appId` (and `userId`, '' for none): loaded, or made and kept on first use. Same promise for the same pair within the page. */
export function personKeyFor(appId: string, userId: string): Promise<PersonKey> {
  const recordKey = `${appId}\n${userId}`;
  let key = pageKeys.get(recordKey);
  if (!key) {
    key = loadPersonKey(recordKey);
    pageKeys.set(recordKey, key);
    // Only storage trouble is absorbed; a failed import of the fallback (the network) may work next time.
    key.catch(() => pageKeys.delete(recordKey));
  }
  return key;
}

/**
 * Reads the key stored under `recordKey`, or makes and stores one; never throws for storage trouble.
 * Exported for tests, which bypass the page's memory with it and force the noble path with `noble`.
 */
export async function loadPersonKey(recordKey: string, { noble = false } = {}): Promise<PersonKey> {
  const db = await openDatabase().catch(() => null);
  try {
    const stored = db ? await readRecord(db, recordKey).catch(() => undefined) : undefined;
    if (isUsable(stored)) return await toPersonKey(stored);
    const fresh = await makeKey(noble);
    const kept = db ? await keepFirst(db, recordKey, fresh).catch(() => fresh) : fresh;
    return await toPersonKey(kept);
  } finally {
    db?.close();
  }
}

async function makeKey(noble: boolean): Promise<StoredKey> {
  if (!noble) {
    try {
      return await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    } catch {
      // No Ed25519 in this browser's WebCrypto (NotSupportedError): noble below does the same.
    }
  }
  const { ed25519 } = await loadChatRuntime();
  return ed25519.utils.randomSecretKey();
}

async function toPersonKey(stored: StoredKey): Promise<PersonKey> {
  if (stored instanceof Uint8Array) {
    const { ed25519 } = await loadChatRuntime();
    return {
      personId: toBase64url(ed25519.getPublicKey(stored)),
      sign: (message) => Promise.resolve(ed25519.sign(message, stored)),
    };
  }
  // Public keys stay exportable when the pair is not.
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', stored.publicKey));
  return {
    personId: toBase64url(publicKey),
    // The copy is what WebCrypto accepts (no shared buffers), and callers may reuse theirs meanwhile.
    sign: async (message) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, stored.privateKey, message.slice())),
  };
}

/** Whether a record is a key this module made; anything else (older or foreign data) is replaced. */
function isUsable(value: unknown): value is StoredKey {
  if (value instanceof Uint8Array) return value.length === 32;
  const pair = value as Partial<CryptoKeyPair> | undefined;
  return pair?.publicKey instanceof CryptoKey && pair.privateKey instanceof CryptoKey && pair.privateKey.algorithm.name === 'Ed25519';
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // open() itself throws where storage is denied (opaque origins): the promise then rejects.
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused'));
  });
}

function readRecord(db: IDBDatabase, recordKey: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(recordKey);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
  });
}

/**
 * Stores `fresh` unless a usable key got there first, and returns the one stored. Check and write share
 * one readwrite transaction, which IndexedDB runs one at a time across tabs: two tabs opening at once
 * both end up with the first one's key (and an unusable record is overwritten by exactly one of them).
 */
function keepFirst(db: IDBDatabase, recordKey: string, fresh: StoredKey): Promise<StoredKey> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    let kept = fresh;
    const existing = store.get(recordKey);
    existing.onsuccess = () => {
      if (isUsable(existing.result)) kept = existing.result;
      else store.put(fresh, recordKey);
    };
    transaction.oncomplete = () => resolve(kept);
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
  });
}
