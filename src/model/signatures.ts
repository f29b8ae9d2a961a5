/**
 * What a person's signature covers, and its check. Every event that acts for a person carries an
 * Ed25519 signature by that person's key (the person id), over the bytes topics.ts makes for it; the
 * model checks it with {@link verifySignature} before the event changes anything.
 *
 * Part of the model: the check must give the same answer on every replica, so it is synchronous, pure
 * and deterministic (`@noble/curves` and `@noble/hashes`, no WebCrypto, whose answers are asynchronous
 * and may differ by browser on odd encodings). The noble versions are pinned exactly in package.json
 * for the same reason, and the model's fingerprint covers them.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { fromBase64url } from './base64url.js';

/** Bytes of an Ed25519 public key (a person id decodes to this many). */
export const PUBLIC_KEY_BYTES = 32;
/** Bytes of an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** Characters of a person id: base64url of {@link PUBLIC_KEY_BYTES} bytes. */
export const PERSON_ID_LENGTH = 43;

type EdPoint = ReturnType<typeof ed25519.Point.fromBytes>;
interface DecodedKey {
  bytes: Uint8Array;
  point: EdPoint;
  /** Signatures checked with this key since it was decoded. */
  uses: number;
}

/** Public keys decoded once: most recent last. */
const keys = new Map<string, DecodedKey | null>();
/** Keys kept decoded: the people of a busy room. A key that drops out is decoded again when it next signs. */
const KEYS_KEPT = 64;
/**
 * From its this-many-th signature on, a key gets a table of its multiples (window 4, about 36 KB) and
 * the base point's table is used too. Building a key's table costs about what three untabled checks
 * cost, and a joiner replays many keys that signed once (people who came and went), so one-off keys
 * are checked without tables, and the few people who talk get them.
 */
const TABLED_FROM_USE = 3;
const TABLE_WINDOW = 4;

/**
 * Whether `signature` (base64url) is `personId`'s signature of `message`. False for anything malformed.
 *
 * Strict RFC 8032 (§5.1.7), not ZIP 215: canonical encodings only, S below the group order, and no
 * small-order key (for which a trivial signature verifies for any message). The check is the cofactored
 * equation [8][S]B = [8]R + [8][k]A with k = SHA-512(R ‖ A ‖ message) mod L, written here rather than
 * through `ed25519.verify` so that each key's point is decoded once and tabled when it signs often.
 * The decoded keys and their tables are a cache of pure results: both ways of computing [S]B − [k]A
 * give the same point and refuse the same scalars (S ≥ L throws in both), so replicas that joined at
 * different times (and so hold different caches) still agree on every answer.
 */
export function verifySignature(personId: string, signature: unknown, message: Uint8Array): boolean {
  if (typeof signature === 'string' && takeOwnSignature(personId, signature, message)) return true;
  const key = decodedKey(personId);
  const bytes = fromBase64url(signature, SIGNATURE_BYTES);
  if (!key || !bytes) return false;
  const r = bytes.subarray(0, 32);
  try {
    const R = ed25519.Point.fromBytes(r, false);
    const s = littleEndian(bytes.subarray(32));
    const k = ed25519.Point.Fn.create(littleEndian(sha512(concat(r, key.bytes, message))));
    key.uses++;
    if (key.uses === TABLED_FROM_USE) key.point.precompute(TABLE_WINDOW, true); // built at its first multiplication
    const sBminusKA =
      key.uses >= TABLED_FROM_USE
        ? ed25519.Point.BASE.multiplyUnsafe(s).subtract(key.point.multiplyUnsafe(k)) // throws unless s < L
        : mulAddUnsafe(ed25519.Point, [ed25519.Point.BASE, key.point.negate()], [s, k]); // one shared doubling chain; throws unless s < L
    return sBminusKA.subtract(R).clearCofactor().is0();
  } catch {
    return false; // R is not a point on the curve, or S is not below the group order
  }
}

/**
 * Signatures this page made itself, by key and signature: the bytes each signed. The check of one of
 * these gives true on every replica (a key's holder signing per RFC 8032, as WebCrypto and noble do,
 * makes a signature the strict check takes), so this replica skips it, once. It matters for the first
 * checks in a fresh page, which run noble's code unoptimized (10-25 ms each): a joiner's own identify is
 * often the first, and the room's echo of it is what brings the joiner online. Only this page's own
 * code adds to it ({@link noteOwnSignature}); nothing that arrives from the room can.
 */
const ownSignatures = new Map<string, Uint8Array>();
/** Own signatures kept unchecked: a post the room never took (a lost connection) must not stay forever. */
const OWN_SIGNATURES_KEPT = 256;

/** Notes that this page signed `message` with `personId`'s key, giving `signature` (base64url). */
export function noteOwnSignature(personId: string, signature: string, message: Uint8Array): void {
  if (ownSignatures.size >= OWN_SIGNATURES_KEPT) ownSignatures.delete(ownSignatures.keys().next().value!);
  ownSignatures.set(`${personId} ${signature}`, message.slice());
}

/** Whether this page made `signature` over exactly `message` with `personId`'s key (then forgets it). */
function takeOwnSignature(personId: string, signature: string, message: Uint8Array): boolean {
  const id = `${personId} ${signature}`;
  const signed = ownSignatures.get(id);
  if (!signed) return false;
  ownSignatures.delete(id);
  return signed.length === message.length && signed.every((byte, i) => byte === message[i]);
}

function decodedKey(personId: string): DecodedKey | null {
  let key = keys.get(personId);
  if (key === undefined) {
    const bytes = fromBase64url(personId, PUBLIC_KEY_BYTES);
    const point = bytes && usablePoint(bytes);
    key = bytes && point ? { bytes, point, uses: 0 } : null;
    if (keys.size >= KEYS_KEPT) keys.delete(keys.keys().next().value!);
  } else {
    keys.delete(personId); // kept as the most recent
  }
  keys.set(personId, key);
  return key;
}

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Whether `bytes` encode a point that strict RFC 8032 verification takes as a public key (not a small-order one). */
export function isUsableKey(bytes: Uint8Array): boolean {
  return usablePoint(bytes) !== null;
}

function usablePoint(bytes: Uint8Array): EdPoint | null {
  try {
    const point = ed25519.Point.fromBytes(bytes, false);
    return point.isSmallOrder() ? null : point;
  } catch {
    return null;
  }
}

/** Whether `value` is spelled like a person id (a base64url Ed25519 public key). */
export function isPersonId(value: unknown): value is string {
  return typeof value === 'string' && fromBase64url(value, PUBLIC_KEY_BYTES) !== null;
}
