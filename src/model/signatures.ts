/**
 * What a person's signature covers, and its check. Every event that acts for a person carries an
 * Ed25519 signature by that person's key (the person id), over the bytes topics.ts makes for it; the
 * model checks it with {@link verifySignature} before the event changes anything.
 *
 * Part of the model: the check must give the same answer on every replica, so it is synchronous, pure
 * and deterministic (`@noble/curves`, no WebCrypto, whose answers are asynchronous and may differ by
 * browser on odd encodings). The noble version is pinned exactly in package.json for the same reason.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64url } from './base64url.js';

/** Bytes of an Ed25519 public key (a person id decodes to this many). */
export const PUBLIC_KEY_BYTES = 32;
/** Bytes of an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** Characters of a person id: base64url of {@link PUBLIC_KEY_BYTES} bytes. */
export const PERSON_ID_LENGTH = 43;

/** Whether `signature` (base64url) is `personId`'s signature of `message`. False for anything malformed. */
export function verifySignature(personId: string, signature: unknown, message: Uint8Array): boolean {
  const key = fromBase64url(personId, PUBLIC_KEY_BYTES);
  const bytes = fromBase64url(signature, SIGNATURE_BYTES);
  if (!key || !bytes) return false;
  try {
    // Strict RFC 8032, not ZIP 215: ZIP 215 takes small-order keys (the all-zero id among them), for which
    // a trivial signature verifies for any message, and more than one spelling of a key.
    return ed25519.verify(bytes, message, key, { zip215: false });
  } catch {
    return false; // not a point on the curve, or a malformed signature
  }
}

/** Whether `bytes` encode a point that strict RFC 8032 verification takes as a public key (not a small-order one). */
export function isUsableKey(bytes: Uint8Array): boolean {
  try {
    const point = ed25519.Point.fromBytes(bytes, false);
    return !point.isSmallOrder();
  } catch {
    return false;
  }
}

/** Whether `value` is spelled like a person id (a base64url Ed25519 public key). */
export function isPersonId(value: unknown): value is string {
  return typeof value === 'string' && fromBase64url(value, PUBLIC_KEY_BYTES) !== null;
}
