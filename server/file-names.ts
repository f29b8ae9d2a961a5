// The only file names /files accepts: the ones the official Croquet client writes with `box` or
// `files` (croquet/croquet packages/croquet/teatime/src/controller.js snapshotPath() and
// persistentPath(), data.js Data.store()). Every hash is a 43-character base64url SHA-256.
//
//   snapshots/<sessionId>/<time, 10+ digits>_<seq>-<hash>.snap    hash of the snapshot's plaintext
//   apps/<appId>/<persistentId>/save/<hash>                       hash of the persisted plaintext
//   apps/<appId>/<persistentId>/data/<hash>                       hash of the uploaded bytes themselves
//
// Quotas and garbage collection work per bucket: a session's snapshots, or a room's (appId +
// persistentId) persisted blobs and data.

import { isSessionId } from './store.js';

export type FileName =
  | { kind: 'snapshot'; bucket: string; sessionId: string; name: string }
  | { kind: 'save' | 'data'; bucket: string; appId: string; persistentId: string; name: string; hash: string };

const HASH = /^[A-Za-z0-9_-]{43}$/;
const SNAPSHOT = /^\d{10,16}_\d{1,10}-[A-Za-z0-9_-]{43}\.snap$/;
/** The client's own appId check (session.js), with a length cap. */
const APP_ID = /^[a-z](-?[a-z0-9_])*(\.[a-z0-9_](-?[a-z0-9_])*)+$/i;

/** Parses decoded path segments below /files/, or null when the client would never write there. */
export function parseFileName(segments: readonly string[]): FileName | null {
  const [top, a, b, c, d, ...rest] = segments;
  if (top === 'snapshots' && segments.length === 3 && isSessionId(a) && SNAPSHOT.test(b)) {
    return { kind: 'snapshot', bucket: `snapshots/${a}`, sessionId: a, name: b };
  }
  if (top === 'apps' && rest.length === 0 && d !== undefined && APP_ID.test(a) && a.length <= 128 && HASH.test(b) && HASH.test(d)) {
    if (c === 'save' || c === 'data') return { kind: c, bucket: `apps/${a}/${b}`, appId: a, persistentId: b, name: d, hash: d };
  }
  return null;
}

/** The bucket a stored file counts against (for files that predate the layout rules: their folder). */
export function bucketOf(relative: string): string {
  const parts = relative.split('/');
  return parts[0] === 'apps' ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
}

/**
 * Croquet's encrypted blob (upload.js encrypt()): "CRQ1", a 16-byte IV, a 32-byte HMAC, then AES-CBC
 * ciphertext in 16-byte blocks. Anything else (an HTML page, say) is not something a client uploads.
 */
export const CRQ1_MAGIC = Buffer.from('CRQ1');
export const CRQ1_HEADER_BYTES = 4 + 16 + 32;
export const isCrq1Length = (bytes: number): boolean => bytes >= CRQ1_HEADER_BYTES + 16 && (bytes - CRQ1_HEADER_BYTES) % 16 === 0;
