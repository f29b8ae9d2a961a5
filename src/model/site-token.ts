/**
 * Tokens a site gives its signed-in people, so a room can show whom the site vouches for: a compact
 * JWT (`header.payload.signature`, base64url) with `alg: "EdDSA"`, signed with the site's Ed25519 key,
 * whose public half is the room's `siteKey` rule. Claims: `sub` (the site's user id), `name`, `key`
 * (the person id it vouches for), optional `role` ("moderator") and `exp` (seconds since the epoch).
 *
 * Part of the model: pure and deterministic. The room checks a token when a view identifies itself,
 * against the room's estimate of the wall clock (every replica has the same estimate).
 */
import { fromBase64url } from './base64url.js';
import { MAX_NAME_LENGTH } from './limits.js';
import { normalizeName } from './names.js';
import { PUBLIC_KEY_BYTES, isUsableKey, verifySignature } from './signatures.js';

/** Longest token the room reads, in characters. */
export const MAX_TOKEN_LENGTH = 2048;
/** Longest `sub` claim kept, in characters. */
export const MAX_SUBJECT_LENGTH = 120; // "site:" and this still fit MAX_PERSON_ID_LENGTH

/** What a valid token says. */
export interface SiteClaims {
  /** The site's id for the person: two keys (devices) with one `sub` are one person. */
  readonly sub: string;
  /** The name the site gives the person (passed through the room's name rules). */
  readonly name: string;
  /** Whether the site makes this person a moderator of its rooms. */
  readonly moderator: boolean;
}

/**
 * The claims of `token` when it is the site's (signed by `siteKey`), vouches for `personId`, and has not
 * expired at `wallNow` (ms since the epoch); null otherwise.
 */
export function readSiteToken(token: unknown, siteKey: string, personId: string, wallNow: number): SiteClaims | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !siteKey) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  const headerData = decodeJson(header);
  // `crit` names header fields a reader must understand (RFC 7515): this reader understands none.
  if (headerData?.alg !== 'EdDSA' || 'crit' in headerData) return null;
  if (!verifySignature(siteKey, signature, new TextEncoder().encode(`${header}.${payload}`))) return null;
  const claims = decodeJson(payload);
  if (!claims || claims.key !== personId) return null;
  const { sub, exp, role } = claims;
  if (typeof sub !== 'string' || sub === '' || sub.length > MAX_SUBJECT_LENGTH) return null;
  if (typeof exp !== 'number' || !(exp * 1000 > wallNow)) return null;
  const name = typeof claims.name === 'string' && claims.name.length <= MAX_NAME_LENGTH * 4 ? normalizeName(claims.name) : '';
  return { sub, name, moderator: role === 'moderator' };
}

/** Whether `value` is a site key: base64url of an Ed25519 public key that can verify anything. */
export function isSiteKey(value: unknown): value is string {
  const bytes = fromBase64url(value, PUBLIC_KEY_BYTES);
  return bytes !== null && isUsableKey(bytes);
}

/** A base64url part of a token as a JSON object, or null. */
function decodeJson(part: string): Record<string, unknown> | null {
  // Any length of base64url: the token's parts are not fixed-size like keys and signatures.
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) return null;
  const bytes = fromBase64url(part, Math.floor((part.length * 3) / 4));
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

