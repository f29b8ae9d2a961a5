import { expect } from '@open-wc/testing';
import { toBase64url } from '../src/model/base64url.js';
import { MAX_NAME_LENGTH } from '../src/model/limits.js';
import { MAX_SUBJECT_LENGTH, MAX_TOKEN_LENGTH, isSiteKey, readSiteToken } from '../src/model/site-token.js';

// The tokens a site gives its signed-in people (src/model/site-token.ts): compact JWTs signed with the
// site's Ed25519 key, whose public half is the room's `siteKey` rule. Real keys throughout: each site
// here is a WebCrypto Ed25519 pair, and each token is made exactly as a site's server makes one.
//
// A site's server on Node makes the same bytes with node:crypto (or any JWT library's EdDSA), since a
// compact JWT (RFC 7515 §7.1, RFC 8037) is base64url(header) "." base64url(claims) "." base64url(signature
// of the ASCII of the first two parts):
//
//   import { generateKeyPairSync, sign } from 'node:crypto';
//   const { publicKey, privateKey } = generateKeyPairSync('ed25519');
//   const siteKey = publicKey.export({ format: 'jwk' }).x; // base64url of the raw 32 bytes: the room's site-key
//   const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url'); // no padding
//   const unsigned = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ sub, name, key: personId, role, exp })}`;
//   const token = `${unsigned}.${sign(null, Buffer.from(unsigned), privateKey).toString('base64url')}`;
//
// Node's 'base64url' is toBase64url's alphabet without padding, JSON.stringify gives the same text here,
// and Ed25519 signatures are deterministic (RFC 8032), so that token and signToken's below are the same
// bytes for the same key and claims. Node cannot run in this browser suite, so this is said, not run.

const WALL = 1_700_000_000_000; // the room's wall clock in these tests (ms since the epoch)
const HOUR = 3600; // exp counts seconds
const encoder = new TextEncoder();

/** The person a token vouches for: their Ed25519 key, base64url, as the room knows them. */
const PERSON = toBase64url(new Uint8Array(32).fill(5));
const OTHER_PERSON = toBase64url(new Uint8Array(32).fill(6));

interface Site {
  /** The room's `siteKey` rule: the site's public key, base64url of its 32 raw bytes. */
  key: string;
  /** A compact JWT of `claims` (and `header`), signed by this site. */
  token(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** Signs `header.payload` as given (for parts that are not JSON, or not UTF-8). */
  signParts(header: string, payload: string): Promise<string>;
}

async function makeSite(): Promise<Site> {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const key = toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const signParts = async (header: string, payload: string): Promise<string> => {
    const signature = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, encoder.encode(`${header}.${payload}`));
    return `${header}.${payload}.${toBase64url(new Uint8Array(signature))}`;
  };
  return {
    key,
    token: (claims, header = { alg: 'EdDSA', typ: 'JWT' }) => signParts(part(header), part(claims)),
    signParts,
  };
}

/** base64url of the UTF-8 of `value` as JSON: one part of a compact JWT. */
function part(value: unknown): string {
  return toBase64url(encoder.encode(JSON.stringify(value)));
}

/** Claims of a token for PERSON valid for an hour after WALL, with `changes`. */
function claims(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'user-42', name: 'Ada Lovelace', key: PERSON, exp: WALL / 1000 + HOUR, ...changes };
}

let site: Site;
let otherSite: Site;

before(async () => {
  [site, otherSite] = await Promise.all([makeSite(), makeSite()]);
});

describe('readSiteToken(), tokens it takes', () => {
  it('gives the claims of a token the site signed for this person: sub, name, not a moderator', async () => {
    expect(isSiteKey(site.key), 'the site key is a room rule value').to.equal(true);
    const token = await site.token(claims());
    expect(token.split('.').map((piece) => piece.length > 0)).to.deep.equal([true, true, true]);
    expect(readSiteToken(token, site.key, PERSON, WALL)).to.deep.equal({ sub: 'user-42', name: 'Ada Lovelace', moderator: false });
  });

  it('makes a moderator only of role "moderator", spelled exactly', async () => {
    expect(readSiteToken(await site.token(claims({ role: 'moderator' })), site.key, PERSON, WALL)).to.deep.equal({ sub: 'user-42', name: 'Ada Lovelace', moderator: true });
    for (const role of ['Moderator', 'admin', true, ['moderator'], { moderator: true }, null]) {
      expect(readSiteToken(await site.token(claims({ role })), site.key, PERSON, WALL)?.moderator, JSON.stringify(role)).to.equal(false);
    }
  });

  it('passes the name through the room\'s name rules, and gives no name when the token has none usable', async () => {
    const nameOf = async (name: unknown) => readSiteToken(await site.token(claims({ name })), site.key, PERSON, WALL)?.name;
    expect(await nameOf('  Ada\u0007   Lovelace \u202Eeve ')).to.equal('Ada Lovelace eve');
    expect(await nameOf('Zoë 🍐')).to.equal('Zoë 🍐');
    expect(await nameOf('n'.repeat(MAX_NAME_LENGTH + 8)), `cut to ${MAX_NAME_LENGTH} characters`).to.equal('n'.repeat(MAX_NAME_LENGTH));
    expect(await nameOf('n'.repeat(MAX_NAME_LENGTH * 4)), 'as long as the room reads').to.equal('n'.repeat(MAX_NAME_LENGTH));
    // Longer than that, the token still vouches for the person, without a name (the room picks one).
    expect(await nameOf('n'.repeat(MAX_NAME_LENGTH * 4 + 1))).to.equal('');
    for (const name of [undefined, 42, null, ['Ada'], '\u202E\u0000 ']) {
      expect(await nameOf(name), JSON.stringify(name) ?? 'no name').to.equal('');
    }
  });

  it('takes a sub of up to the longest kept, and the same sub on two keys (one person, two devices)', async () => {
    const longest = 's'.repeat(MAX_SUBJECT_LENGTH);
    expect(readSiteToken(await site.token(claims({ sub: longest })), site.key, PERSON, WALL)?.sub).to.equal(longest);
    const laptop = await site.token(claims());
    const phone = await site.token(claims({ key: OTHER_PERSON }));
    expect(readSiteToken(laptop, site.key, PERSON, WALL)?.sub).to.equal('user-42');
    expect(readSiteToken(phone, site.key, OTHER_PERSON, WALL)?.sub).to.equal('user-42');
  });

  it('is valid until the second of its exp, not at it', async () => {
    const exp = WALL / 1000 + 60;
    const token = await site.token(claims({ exp }));
    expect(readSiteToken(token, site.key, PERSON, exp * 1000 - 1)).to.not.equal(null);
    expect(readSiteToken(token, site.key, PERSON, exp * 1000), 'at exp').to.equal(null);
    expect(readSiteToken(token, site.key, PERSON, exp * 1000 + 1), 'after exp').to.equal(null);
    expect(readSiteToken(token, site.key, PERSON, WALL + 24 * HOUR * 1000), 'a day later').to.equal(null);
  });

  it('reads the algorithm from the header and ignores its other fields, as JWT allows', async () => {
    for (const header of [{ alg: 'EdDSA' }, { alg: 'EdDSA', typ: 'jwt' }, { typ: 'JWT', alg: 'EdDSA', kid: 'site-2026' }]) {
      expect(readSiteToken(await site.token(claims(), header), site.key, PERSON, WALL), JSON.stringify(header)).to.not.equal(null);
    }
  });
});

describe('readSiteToken(), tokens it refuses (null)', () => {
  it('refuses an expired token', async () => {
    const token = await site.token(claims({ exp: WALL / 1000 - 1 }));
    expect(readSiteToken(token, site.key, PERSON, WALL)).to.equal(null);
  });

  it('refuses a token signed by another site\'s key', async () => {
    const token = await otherSite.token(claims());
    expect(readSiteToken(token, otherSite.key, PERSON, WALL), 'under its own site\'s key').to.not.equal(null);
    expect(readSiteToken(token, site.key, PERSON, WALL)).to.equal(null);
  });

  it('refuses a token the site gave another person (its key claim names someone else)', async () => {
    const token = await site.token(claims());
    expect(readSiteToken(token, site.key, OTHER_PERSON, WALL)).to.equal(null);
    for (const key of [undefined, '', OTHER_PERSON, [PERSON], `${PERSON} `]) {
      expect(readSiteToken(await site.token(claims({ key })), site.key, PERSON, WALL), JSON.stringify(key) ?? 'no key').to.equal(null);
    }
  });

  it('refuses any algorithm but EdDSA, "none" with an empty signature among them', async () => {
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`;
    expect(readSiteToken(unsigned, site.key, PERSON, WALL), 'alg none, no signature').to.equal(null);
    // Even with a good Ed25519 signature: the header must say EdDSA.
    for (const header of [{ alg: 'none' }, { alg: 'HS256' }, { alg: 'ES256' }, { alg: 'eddsa' }, { alg: 'Ed25519' }, { typ: 'JWT' }, { alg: ['EdDSA'] }]) {
      expect(readSiteToken(await site.token(claims(), header), site.key, PERSON, WALL), JSON.stringify(header)).to.equal(null);
    }
    for (const header of ['', 'not json', '[]', '"EdDSA"', 'null']) {
      const token = await site.signParts(toBase64url(encoder.encode(header)), part(claims()));
      expect(readSiteToken(token, site.key, PERSON, WALL), `header ${JSON.stringify(header)}`).to.equal(null);
    }
  });

  it('refuses a token changed after signing: its claims, its header or its signature', async () => {
    const token = await site.token(claims());
    const [header, payload, signature] = token.split('.');
    const promoted = part(claims({ role: 'moderator' }));
    expect(readSiteToken(`${header}.${promoted}.${signature}`, site.key, PERSON, WALL), 'claims').to.equal(null);
    const later = part(claims({ exp: WALL / 1000 + 365 * 24 * HOUR }));
    expect(readSiteToken(`${header}.${later}.${signature}`, site.key, PERSON, WALL), 'exp').to.equal(null);
    expect(readSiteToken(`${part({ alg: 'EdDSA' })}.${payload}.${signature}`, site.key, PERSON, WALL), 'header').to.equal(null);
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(readSiteToken(`${header}.${payload}.${flipped}`, site.key, PERSON, WALL), 'signature').to.equal(null);
    expect(readSiteToken(`${header}.${payload}.${signature.slice(0, -1)}`, site.key, PERSON, WALL), 'signature cut short').to.equal(null);
    expect(readSiteToken(token, site.key, PERSON, WALL), 'as signed').to.not.equal(null);
  });

  it('refuses a token without a usable sub: missing, empty, not a string, or too long', async () => {
    for (const sub of [undefined, '', 42, null, ['user-42'], 's'.repeat(MAX_SUBJECT_LENGTH + 1)]) {
      expect(readSiteToken(await site.token(claims({ sub })), site.key, PERSON, WALL), JSON.stringify(sub) ?? 'no sub').to.equal(null);
    }
  });

  it('refuses a token without an exp in seconds: missing, or not a number', async () => {
    for (const exp of [undefined, null, String(WALL / 1000 + HOUR), [WALL / 1000 + HOUR], { seconds: WALL / 1000 + HOUR }]) {
      expect(readSiteToken(await site.token(claims({ exp })), site.key, PERSON, WALL), JSON.stringify(exp) ?? 'no exp').to.equal(null);
    }
  });

  it('refuses anything but three parts', async () => {
    const token = await site.token(claims());
    const [header, payload, signature] = token.split('.');
    expect(readSiteToken(`${header}.${payload}`, site.key, PERSON, WALL), '2 parts').to.equal(null);
    expect(readSiteToken(`${header}.${payload}.${signature}.${signature}`, site.key, PERSON, WALL), '4 parts').to.equal(null);
    expect(readSiteToken(`${token}.`, site.key, PERSON, WALL), '4 parts, the last empty').to.equal(null);
    expect(readSiteToken(signature, site.key, PERSON, WALL), '1 part').to.equal(null);
    expect(readSiteToken('', site.key, PERSON, WALL), 'empty').to.equal(null);
  });

  it('refuses claims that are not a JSON object, even when signed', async () => {
    const header = part({ alg: 'EdDSA', typ: 'JWT' });
    for (const payload of ['', 'not json', '{"sub": "user-42",', '[{"sub":"user-42"}]', '"user-42"', '42', 'null', 'true']) {
      const token = await site.signParts(header, toBase64url(encoder.encode(payload)));
      expect(readSiteToken(token, site.key, PERSON, WALL), JSON.stringify(payload)).to.equal(null);
    }
  });

  it('refuses claims that are not UTF-8, even when signed', async () => {
    const text = JSON.stringify(claims({ name: 'Zoë' }));
    const latin1 = Uint8Array.from(text, (char) => char.charCodeAt(0)); // ë as the single byte 0xEB: not UTF-8
    const header = part({ alg: 'EdDSA', typ: 'JWT' });
    expect(readSiteToken(await site.signParts(header, toBase64url(encoder.encode(text))), site.key, PERSON, WALL)?.name, 'the same claims in UTF-8').to.equal('Zoë');
    expect(readSiteToken(await site.signParts(header, toBase64url(latin1)), site.key, PERSON, WALL)).to.equal(null);
  });

  it('refuses parts spelled other than canonical base64url, even when signed: padding, +, /, unused bits set', async () => {
    const header = part({ alg: 'EdDSA', typ: 'JWT' });
    // Claims whose base64 has padding (their length is not a multiple of 3) and a '/' ('???' encodes as 'Pz8/').
    let payloadText = JSON.stringify(claims({ name: 'Ada ?????' }));
    if (payloadText.length % 3 === 0) payloadText = JSON.stringify(claims({ name: 'Ada ?????', pad: 'p' }));
    const base64 = btoa(payloadText);
    expect(base64).to.match(/\//).and.to.match(/=$/);
    const padded = base64.replace(/\+/g, '-').replace(/\//g, '_'); // base64url, but with its padding
    for (const payload of [padded, base64, base64.replace(/=+$/, '')]) {
      expect(readSiteToken(await site.signParts(header, payload), site.key, PERSON, WALL), payload).to.equal(null);
    }
    // The last character of a part whose length is not a multiple of 4 has unused bits: set, it is another spelling.
    const canonical = toBase64url(encoder.encode(payloadText));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const loose = `${canonical.slice(0, -1)}${alphabet[alphabet.indexOf(canonical.at(-1)!) + 1]}`;
    expect(readSiteToken(await site.signParts(header, canonical), site.key, PERSON, WALL), 'canonical').to.not.equal(null);
    expect(readSiteToken(await site.signParts(header, loose), site.key, PERSON, WALL), 'unused bits set').to.equal(null);
  });

  it(`refuses a token longer than ${MAX_TOKEN_LENGTH} characters, and takes one that long`, async () => {
    const padded = (pad: number) => claims({ pad: 'p'.repeat(pad) });
    const header = part({ alg: 'EdDSA', typ: 'JWT' });
    const SIGNATURE_CHARACTERS = 86; // base64url of 64 bytes
    let pad = 0;
    while (`${header}.${part(padded(pad))}.`.length + SIGNATURE_CHARACTERS < MAX_TOKEN_LENGTH) pad++;
    const longest = await site.token(padded(pad));
    const tooLong = await site.token(padded(pad + 1));
    expect(longest).to.have.length(MAX_TOKEN_LENGTH);
    expect(tooLong.length).to.be.greaterThan(MAX_TOKEN_LENGTH);
    expect(readSiteToken(longest, site.key, PERSON, WALL)).to.not.equal(null);
    expect(readSiteToken(tooLong, site.key, PERSON, WALL)).to.equal(null);
  });

  it('refuses every token in a room without a site key, and anything that is not a string', async () => {
    const token = await site.token(claims());
    expect(readSiteToken(token, '', PERSON, WALL)).to.equal(null);
    for (const notToken of [undefined, null, 42, { token }, [token], new String(token)]) {
      expect(readSiteToken(notToken, site.key, PERSON, WALL), JSON.stringify(notToken) ?? 'undefined').to.equal(null);
    }
  });
});
