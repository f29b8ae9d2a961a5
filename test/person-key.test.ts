import { expect } from '@open-wc/testing';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64url } from '../src/model/base64url.js';
import { loadPersonKey, personKeyFor, type PersonKey } from '../src/session/person-key.js';
import { uniqueSessionName } from './helpers.js';

type PersonKeyModule = typeof import('../src/session/person-key.js');

// Where person-key.ts keeps keys: what survives a reload, and what another tab of the origin sees.
const DATABASE = 'croquet-chat';
const STORE = 'keys';

let instances = 0;
/** A new instance of the module, as the next page load gets it: nothing in page memory, only what IndexedDB kept. */
async function freshModule(): Promise<PersonKeyModule> {
  instances += 1;
  const url = new URL('../src/session/person-key.ts', import.meta.url);
  url.search = `fresh=${instances}`;
  return (await import(url.href)) as PersonKeyModule;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Runs `use` on the key store as the module sees it (made at version 1 if no page made it yet). */
async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const open = indexedDB.open(DATABASE, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await request(open);
  try {
    return await request(use(db.transaction(STORE, mode).objectStore(STORE)));
  } finally {
    db.close();
  }
}

function storedRecord(appId: string, userId = ''): Promise<unknown> {
  return withStore('readonly', (store) => store.get(`${appId}\n${userId}`));
}

/** Whether `signature` is Ed25519 of `message` by the public key that `personId` spells. */
function verifies(personId: string, message: Uint8Array, signature: Uint8Array): boolean {
  const publicKey = fromBase64url(personId, 32);
  return publicKey !== null && ed25519.verify(signature, message, publicKey);
}

/** Signs a message and checks, as another replica would, that the signature holds for it and only for it. */
async function expectSignsFor(key: PersonKey): Promise<void> {
  const message = new TextEncoder().encode(`hello from ${key.personId}`);
  const signature = await key.sign(message);
  expect(signature).to.have.length(64);
  expect(verifies(key.personId, message, signature), 'the signature verifies').to.equal(true);
  expect(verifies(key.personId, new TextEncoder().encode('hello from someone else'), signature), 'a changed message').to.equal(false);
}

describe('person key', () => {
  it('the person id is a 43-character base64url public key that verifies what sign() signs', async () => {
    const key = await personKeyFor(uniqueSessionName('app'), '');
    expect(key.personId).to.match(/^[A-Za-z0-9_-]{43}$/);
    await expectSignsFor(key);
  });

  it('gives the same key to the same app id within the page, and after a reload from IndexedDB', async () => {
    const appId = uniqueSessionName('app');
    const key = personKeyFor(appId, '');
    expect(personKeyFor(appId, '')).to.equal(key);
    const reloaded = await (await freshModule()).personKeyFor(appId, '');
    expect(reloaded.personId).to.equal((await key).personId);
    await expectSignsFor(reloaded);
  });

  it('gives different app ids and different site user ids keys of their own', async () => {
    const appId = uniqueSessionName('app');
    const ids = await Promise.all(
      [[appId, ''], [appId, 'alice'], [appId, 'bob'], [uniqueSessionName('other-app'), '']].map(async ([app, user]) => (await personKeyFor(app, user)).personId),
    );
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('keeps a private key that the page can sign with but not read out', async () => {
    const appId = uniqueSessionName('app');
    await personKeyFor(appId, '');
    const stored = (await storedRecord(appId)) as CryptoKeyPair;
    expect(stored.privateKey).to.be.instanceOf(CryptoKey);
    expect(stored.privateKey.extractable).to.equal(false);
    let refused: unknown;
    await crypto.subtle.exportKey('pkcs8', stored.privateKey).catch((error: unknown) => (refused = error));
    expect((refused as DOMException | undefined)?.name).to.equal('InvalidAccessError');
  });

  it('ends with one key when several pages open the same app id at once', async () => {
    const appId = uniqueSessionName('app');
    const pages = await Promise.all([freshModule(), freshModule(), freshModule(), freshModule()]);
    const keys = await Promise.all(pages.map((page) => page.personKeyFor(appId, '')));
    expect(new Set(keys.map((key) => key.personId)).size).to.equal(1);
    const later = await (await freshModule()).personKeyFor(appId, '');
    expect(later.personId).to.equal(keys[0].personId);
  });

  it('replaces a stored record it cannot use with a fresh key, kept from then on', async () => {
    const appId = uniqueSessionName('app');
    await withStore('readwrite', (store) => store.put({ publicKey: 'not a key' }, `${appId}\n`));
    const key = await (await freshModule()).personKeyFor(appId, '');
    await expectSignsFor(key);
    expect(await storedRecord(appId)).to.have.property('privateKey').that.is.instanceOf(CryptoKey);
    expect((await (await freshModule()).personKeyFor(appId, '')).personId).to.equal(key.personId);
  });

  it('signs verifiably with @noble/curves where WebCrypto lacks Ed25519, and keeps that key too', async () => {
    const appId = uniqueSessionName('app');
    const key = await loadPersonKey(`${appId}\n`, { noble: true });
    expect(key.personId).to.match(/^[A-Za-z0-9_-]{43}$/);
    await expectSignsFor(key);
    const stored = await storedRecord(appId);
    expect(stored).to.be.instanceOf(Uint8Array).with.length(32);
    // A reload finds the stored secret, even in a browser whose WebCrypto has Ed25519 now.
    const reloaded = await (await freshModule()).personKeyFor(appId, '');
    expect(reloaded.personId).to.equal(key.personId);
    await expectSignsFor(reloaded);
  });

  it('still signs where IndexedDB refuses, with a key for the page only', async () => {
    // A database of a newer version makes the module's open fail (VersionError), as storage does in sandboxed frames.
    const newer = indexedDB.open(DATABASE, 2);
    newer.onupgradeneeded = () => undefined;
    (await request(newer)).close();
    try {
      const appId = uniqueSessionName('app');
      const page = await freshModule();
      const key = await page.personKeyFor(appId, '');
      await expectSignsFor(key);
      expect((await page.personKeyFor(appId, '')).personId).to.equal(key.personId);
      const nextLoad = await (await freshModule()).personKeyFor(appId, '');
      expect(nextLoad.personId, 'a new person after a reload').to.not.equal(key.personId);
    } finally {
      await request(indexedDB.deleteDatabase(DATABASE));
    }
  });
});
