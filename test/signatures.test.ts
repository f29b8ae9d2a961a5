import { expect } from '@open-wc/testing';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64url } from '../src/model/base64url.js';
import { isPersonId, noteOwnSignature, PERSON_ID_LENGTH, verifySignature } from '../src/model/signatures.js';
import { actMessage, identifyMessage, POST, RENAME, RESET, TYPING, type IdentifyPayload, type PostPayload, type SignedEvent } from '../src/model/topics.js';

// What a person's signature covers (src/model/topics.ts) and the model's check of it
// (src/model/signatures.ts): the model believes an event only when the person's key signed exactly
// these fields. Real keys throughout: noble's, as the fallback signs, and WebCrypto's, as the widget signs.

const SESSION = 'QmVuY2hTZXNzaW9uSWRGb3JTaWduYXR1cmVUZXN0cw';
const BINDING = 'AAECAwQFBgcICQoLDA0ODw'; // 22 characters, as the widget's 16 random bytes give
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const encoder = new TextEncoder();

/** A test label for any value. */
function show(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint' || value === undefined ? String(value) : JSON.stringify(value);
}

/** A person with a noble key: their id, and their signature of any bytes as the wire carries it. */
function person(seed: number): { id: string; sign(message: Uint8Array): string } {
  const secret = new Uint8Array(32).fill(seed);
  return { id: toBase64url(ed25519.getPublicKey(secret)), sign: (message) => toBase64url(ed25519.sign(message, secret)) };
}

const ada = person(1);
const bob = person(2);

function post(changes: Partial<PostPayload> = {}): PostPayload {
  return { viewId: 'view-ada-1', n: 7, text: 'hello, room', clientId: 'c-123', wallTime: 1_700_000_000_000, sig: '', ...changes };
}

function identify(changes: Partial<IdentifyPayload> = {}): Omit<IdentifyPayload, 'sig'> {
  return { viewId: 'view-ada-1', person: ada.id, binding: BINDING, time: 4200, name: 'Ada', wallTime: 1_700_000_000_000, token: '', ...changes };
}

/** `signature` (64 bytes, little-endian S in the second half) with S replaced by S + L, the group order. */
function withSPlusL(signature: Uint8Array): Uint8Array {
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]);
  const out = new Uint8Array(signature);
  for (let i = 32, t = s + L; i < 64; i++, t >>= 8n) out[i] = Number(t & 255n);
  return out;
}

/** The bytes of a post, which actMessage gives for well-formed data. */
function postMessage(payload: PostPayload, sessionId = SESSION, binding = BINDING, event: SignedEvent = POST): Uint8Array {
  const message = actMessage(event, sessionId, binding, payload);
  expect(message, 'a message for well-formed data').to.not.equal(null);
  return message!;
}

describe('verifySignature()', () => {
  it('accepts a post signed by its person', () => {
    const payload = post();
    expect(verifySignature(ada.id, ada.sign(postMessage(payload)), postMessage(payload))).to.equal(true);
  });

  it('gives the same answers once more people have signed than it keeps decoded (it decodes them again)', () => {
    const message = postMessage(post());
    const people = Array.from({ length: 80 }, (_, i) => person(1000 + i));
    const signatures = people.map((someone) => someone.sign(message));
    for (let round = 0; round < 2; round++) {
      people.forEach((someone, i) => {
        expect(verifySignature(someone.id, signatures[i], message), `person ${i}, round ${round}`).to.equal(true);
        expect(verifySignature(someone.id, signatures[(i + 1) % people.length], message), `another's signature, person ${i}`).to.equal(false);
      });
    }
  });

  it('gives the same answers on a key\'s first signatures and on its later ones (checked with tables)', () => {
    // A replica checks a person's first signatures one way and later ones another; a replica that joined
    // later counts that person's signatures from its own start. Either way the answers must match.
    const message = postMessage(post());
    const bytes = ed25519.sign(message, new Uint8Array(32).fill(100)); // a key no other test signs with
    const carol = person(100);
    const highS = withSPlusL(bytes);
    const cases: [string, string, Uint8Array, boolean][] = [
      ['her signature', toBase64url(bytes), message, true],
      ['S + L', toBase64url(highS), message, false],
      ['another message', toBase64url(bytes), postMessage(post({ text: 'hello, room?' })), false],
      ['another\'s signature', ada.sign(message), message, false],
      ['R replaced by her key', toBase64url(Uint8Array.of(...ed25519.getPublicKey(new Uint8Array(32).fill(100)), ...bytes.subarray(32))), message, false],
    ];
    for (let round = 1; round <= 4; round++) {
      for (const [what, signature, signed, expected] of cases) {
        expect(verifySignature(carol.id, signature, signed), `${what}, round ${round}`).to.equal(expected);
      }
    }
  });

  it('accepts an identify signed by its person', () => {
    const request = identify();
    expect(verifySignature(ada.id, ada.sign(identifyMessage(SESSION, request)), identifyMessage(SESSION, request))).to.equal(true);
  });

  it('refuses a post with any covered field changed: text, clientId, wallTime, counter, view, binding, session, event', () => {
    const signed = post();
    const sig = ada.sign(postMessage(signed));
    const changed: [string, Uint8Array | null][] = [
      ['text', actMessage(POST, SESSION, BINDING, post({ text: 'hello, room!' }))],
      ['clientId', actMessage(POST, SESSION, BINDING, post({ clientId: 'c-124' }))],
      ['wallTime', actMessage(POST, SESSION, BINDING, post({ wallTime: 1_700_000_000_001 }))],
      ['n', actMessage(POST, SESSION, BINDING, post({ n: 8 }))],
      ['viewId', actMessage(POST, SESSION, BINDING, post({ viewId: 'view-ada-2' }))],
      ['binding', actMessage(POST, SESSION, 'AAECAwQFBgcICQoLDA0OEA', post())],
      ['session id', actMessage(POST, `${SESSION.slice(0, -1)}x`, BINDING, post())],
      ['event name (typing)', actMessage(TYPING, SESSION, BINDING, post())],
      ['event name (rename)', actMessage(RENAME, SESSION, BINDING, { ...post(), name: 'hello, room', wallTime: 1_700_000_000_000 } as never)],
      ['event name (reset)', actMessage(RESET, SESSION, BINDING, { ...post(), reason: 'hello, room' } as never)],
      ['fields moved between neighbours', actMessage(POST, SESSION, BINDING, post({ text: 'hello, room","c-123', clientId: '' }))],
    ];
    expect(verifySignature(ada.id, sig, postMessage(signed)), 'as signed').to.equal(true);
    for (const [field, message] of changed) {
      expect(message, field).to.not.equal(null);
      expect(verifySignature(ada.id, sig, message!), field).to.equal(false);
    }
  });

  it('tells a number from its digits: each field has its type, and a post with the other is no message at all', () => {
    expect(actMessage(POST, SESSION, BINDING, post({ text: 7 as unknown as string }))).to.equal(null);
    expect(actMessage(POST, SESSION, BINDING, post({ clientId: 123 as unknown as string }))).to.equal(null);
    expect(actMessage(POST, SESSION, BINDING, post({ wallTime: '1700000000000' as unknown as number }))).to.equal(null);
  });

  it('ignores what a signature does not cover: the sig field and any extra field of the payload', () => {
    const sig = ada.sign(postMessage(post()));
    const extra = { ...post({ sig: 'anything' }), name: 'Eve', person: bob.id } as PostPayload;
    expect(verifySignature(ada.id, sig, postMessage(extra))).to.equal(true);
  });

  it('refuses an identify with any field changed: view, person, binding, time, name, wallTime, token, session', () => {
    const sig = ada.sign(identifyMessage(SESSION, identify()));
    const changed: [string, Uint8Array][] = [
      ['viewId', identifyMessage(SESSION, identify({ viewId: 'view-ada-2' }))],
      ['person', identifyMessage(SESSION, identify({ person: bob.id }))],
      ['binding', identifyMessage(SESSION, identify({ binding: 'AAECAwQFBgcICQoLDA0OEA' }))],
      ['time', identifyMessage(SESSION, identify({ time: 4201 }))],
      ['name', identifyMessage(SESSION, identify({ name: 'Ada 2' }))],
      ['wallTime', identifyMessage(SESSION, identify({ wallTime: 1_700_000_000_001 }))],
      ['token', identifyMessage(SESSION, identify({ token: 'a.b.c' }))],
      ['session id', identifyMessage(`${SESSION.slice(0, -1)}x`, identify())],
    ];
    for (const [field, message] of changed) expect(verifySignature(ada.id, sig, message), field).to.equal(false);
  });

  it('keeps identifies and events apart: a signature of one never passes as the other', () => {
    // A typing notice from view "identify" carries the fewest fields: still not an identify's bytes.
    const typing = actMessage(TYPING, SESSION, BINDING, { viewId: 'view-ada-1', n: 1, sig: '' })!;
    const request = identify();
    expect(verifySignature(ada.id, ada.sign(typing), identifyMessage(SESSION, request))).to.equal(false);
    expect(verifySignature(ada.id, ada.sign(identifyMessage(SESSION, request)), typing)).to.equal(false);
    // Neither is a signature of the bare fields: the domain tag is part of every message.
    const bare = encoder.encode(JSON.stringify([TYPING, SESSION, 'view-ada-1', BINDING, 1]));
    expect(verifySignature(ada.id, ada.sign(bare), typing)).to.equal(false);
  });

  it('refuses a signature by another key, and a person id swapped for another\'s', () => {
    const message = postMessage(post());
    expect(verifySignature(ada.id, bob.sign(message), message)).to.equal(false);
    expect(verifySignature(bob.id, ada.sign(message), message)).to.equal(false);
    expect(verifySignature(bob.id, bob.sign(message), message)).to.equal(true);
  });

  it('gives false, and never throws, for malformed person ids', () => {
    const message = postMessage(post());
    const sig = ada.sign(message);
    const notOnCurve = toBase64url(Uint8Array.of(2, ...new Array<number>(31).fill(0))); // y = 2 has no x on Ed25519
    expect(() => ed25519.Point.fromBytes(Uint8Array.of(2, ...new Array<number>(31).fill(0)))).to.throw();
    // The last of 43 characters carries 2 unused bits: setting one spells the same key another way.
    const nonCanonical = ada.id.slice(0, -1) + ALPHABET[ALPHABET.indexOf(ada.id.at(-1)!) | 1];
    const ids: [string, unknown][] = [
      ['one character short', ada.id.slice(0, -1)],
      ['one character long', `${ada.id}A`],
      ['padded', `${ada.id}=`],
      ['standard base64', ada.id.replace(/[A-Za-z0-9]/, '+')],
      ['unused bits set', nonCanonical],
      ['all zeros', 'A'.repeat(PERSON_ID_LENGTH)],
      ['not on the curve', notOnCurve],
      ['empty', ''],
      ['a signature instead of a key', sig],
      ['not a string', 42],
    ];
    for (const [what, id] of ids) {
      expect(() => verifySignature(id as string, sig, message), what).to.not.throw();
      expect(verifySignature(id as string, sig, message), what).to.equal(false);
    }
  });

  it('gives false, and never throws, for malformed signatures', () => {
    const message = postMessage(post());
    const sig = ada.sign(message);
    const bytes = ed25519.sign(message, new Uint8Array(32).fill(1));
    // S at or above the group order L: the same S + L would otherwise be a second valid signature.
    const highS = withSPlusL(bytes);
    const signatures: [string, unknown][] = [
      ['one character short', sig.slice(0, -1)],
      ['one character long', `${sig}A`],
      ['padded', `${sig}==`],
      ['standard base64', sig.replace(/[A-Za-z0-9]/, '/')],
      ['all zeros', 'A'.repeat(86)],
      ['S + L (malleated)', toBase64url(highS)],
      ['a bit flipped', toBase64url(bytes.map((b, i) => (i === 40 ? b ^ 1 : b)))],
      ['empty', ''],
      ['missing', undefined],
      ['null', null],
      ['the raw bytes', bytes],
      ['an object', { sig }],
    ];
    for (const [what, signature] of signatures) {
      expect(() => verifySignature(ada.id, signature, message), what).to.not.throw();
      expect(verifySignature(ada.id, signature, message), what).to.equal(false);
    }
  });

  it('gives false for the all-zero person id with a signature made by a real key', () => {
    const message = postMessage(post());
    expect(verifySignature('A'.repeat(PERSON_ID_LENGTH), ada.sign(message), message)).to.equal(false);
  });

  it('accepts no signature at all for a small-order key (the all-zero id), not even the trivial one', () => {
    // R = the identity point, S = 0. Under ZIP-215's cofactored check ([8][S]B = [8]R + [8][k]A), with A of
    // small order this holds for every message, so anyone could sign as such a "person". RFC 8032 strict
    // verification refuses small-order keys.
    const trivial = toBase64url(Uint8Array.of(1, ...new Array<number>(63).fill(0)));
    const identityKey = toBase64url(Uint8Array.of(1, ...new Array<number>(31).fill(0)));
    for (const id of ['A'.repeat(PERSON_ID_LENGTH), identityKey]) {
      for (const message of [postMessage(post()), identifyMessage(SESSION, identify({ person: id }))]) {
        expect(verifySignature(id, trivial, message), id).to.equal(false);
      }
    }
  });

  it('verifies what WebCrypto\'s Ed25519 signed, as the widget signs and every replica checks', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    const id = toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    expect(isPersonId(id)).to.equal(true);
    const sign = async (message: Uint8Array): Promise<string> =>
      toBase64url(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message.slice())));
    const request = identify({ person: id });
    expect(verifySignature(id, await sign(identifyMessage(SESSION, request)), identifyMessage(SESSION, request)), 'identify').to.equal(true);
    const message = postMessage(post({ text: 'Zoë 🍐 says "hi"\n' }));
    const sig = await sign(message);
    expect(verifySignature(id, sig, message), 'post').to.equal(true);
    expect(verifySignature(id, sig, postMessage(post({ text: 'Zoë 🍐 says "hi"' }))), 'changed post').to.equal(false);
    expect(verifySignature(ada.id, sig, message), 'another person').to.equal(false);
    // And noble's signature of the same bytes verifies in WebCrypto: both are plain RFC 8032 Ed25519.
    const publicKey = await crypto.subtle.importKey('raw', ed25519.getPublicKey(new Uint8Array(32).fill(1)), { name: 'Ed25519' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, ed25519.sign(message, new Uint8Array(32).fill(1)), message.slice())).to.equal(true);
  });

  it('takes a signature this page noted as its own without the check: for exactly the noted bytes, and once', () => {
    // Only the view's signing code notes, with signatures it just made, which the check would take anyway.
    // Bob's signature noted under Ada's key makes the shortcut visible: the full check refuses it.
    const message = postMessage(post({ text: 'my own post' }));
    const notAdas = bob.sign(message);
    expect(verifySignature(ada.id, notAdas, message), 'before the note').to.equal(false);
    noteOwnSignature(ada.id, notAdas, message);
    expect(verifySignature(ada.id, notAdas, postMessage(post({ text: 'another post' }))), 'other bytes').to.equal(false);
    noteOwnSignature(ada.id, notAdas, message);
    expect(verifySignature(ada.id, notAdas, message), 'noted').to.equal(true);
    expect(verifySignature(ada.id, notAdas, message), 'a second time').to.equal(false);
    // An honest note gives the answer the check gives, and so does the check after it.
    const own = ada.sign(message);
    noteOwnSignature(ada.id, own, message);
    expect(verifySignature(ada.id, own, message), 'own, noted').to.equal(true);
    expect(verifySignature(ada.id, own, message), 'own, checked').to.equal(true);
  });
});

describe('isPersonId()', () => {
  it('takes the canonical base64url of 32 bytes only', () => {
    expect(isPersonId(ada.id)).to.equal(true);
    expect(ada.id).to.have.length(PERSON_ID_LENGTH);
    for (const value of [ada.id.slice(1), `${ada.id}A`, `${ada.id.slice(0, -1)}+`, '', 42, null, undefined, { id: ada.id }]) {
      expect(isPersonId(value), show(value)).to.equal(false);
    }
  });
});

describe('actMessage()', () => {
  it('gives null when a covered field is not a string or a finite number, so the event is dropped unread', () => {
    for (const bad of [undefined, null, true, {}, ['hello'], NaN, Infinity, -Infinity, 10n]) {
      for (const field of ['text', 'clientId', 'wallTime'] as const) {
        expect(actMessage(POST, SESSION, BINDING, post({ [field]: bad })), `${field}: ${show(bad)}`).to.equal(null);
      }
      expect(actMessage(RENAME, SESSION, BINDING, { viewId: 'v', n: 1, sig: '', name: bad, wallTime: 1 } as never), `name: ${show(bad)}`).to.equal(null);
      expect(actMessage(RESET, SESSION, BINDING, { viewId: 'v', n: 1, sig: '', reason: 'user', wallTime: bad } as never), `wallTime: ${show(bad)}`).to.equal(null);
    }
    expect(actMessage(RENAME, SESSION, BINDING, { viewId: 'v', n: 1, sig: '' }), 'a missing field').to.equal(null);
  });

  it('gives bytes for strings and finite numbers, and a typing notice needs no data', () => {
    expect(actMessage(POST, SESSION, BINDING, post())).to.be.instanceOf(Uint8Array);
    expect(actMessage(POST, SESSION, BINDING, post({ text: '', clientId: '', wallTime: -0 }))).to.be.instanceOf(Uint8Array);
    expect(actMessage(TYPING, SESSION, BINDING, { viewId: 'v', n: 1, sig: '' })).to.be.instanceOf(Uint8Array);
  });

  it('gives the same bytes for the same event, so every replica checks the same message', () => {
    expect(actMessage(POST, SESSION, BINDING, post())).to.deep.equal(actMessage(POST, SESSION, BINDING, { ...post(), sig: 'x' }));
    const signed: IdentifyPayload = { ...identify(), sig: 'x' };
    expect(identifyMessage(SESSION, identify())).to.deep.equal(identifyMessage(SESSION, signed));
  });
});
