// Test helpers for HTTP: upgrade statuses, raw requests, /metrics, and names and bytes shaped like
// the files the Croquet client uploads.

import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
/** The HTTP status an upgrade to `url` gets (101 when the socket opens; it is closed again at once). */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await upgradeAnswer(url, headers)).status;
}

/** Status and headers of the answer to an upgrade request (101 when the socket opens; it is closed again at once). */
export function upgradeAnswer(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    ws.once('upgrade', (res) => resolve({ status: 101, headers: res.headers }));
    ws.once('open', () => ws.terminate());
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      ws.terminate();
    });
    ws.once('error', (err) => (err.message.startsWith('Unexpected server response') ? undefined : reject(err)));
  });
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request to a box URL: the path goes out exactly as written (no URL normalization). */
export function httpRequest(box: string, method: string, rawPath: string, body?: Buffer | null, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const { hostname, port } = new URL(box);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body ?? undefined);
  });
}

/** Bytes shaped like Croquet's encrypted files: "CRQ1", IV, HMAC, `blocks` AES blocks. */
export const crq1 = (blocks = 1): Buffer => Buffer.concat([Buffer.from('CRQ1'), randomBytes(16 + 32 + 16 * blocks)]);
/** A 43-character base64url hash, like every hash in Croquet's file names. */
export const fakeHash = (): string => randomBytes(32).toString('base64url');
/** Where the client puts a snapshot of `sessionId` taken at `time` after message `seq`. */
export const snapshotPath = (sessionId: string, time: number, seq: number, hash = fakeHash()): string =>
  `/files/snapshots/${sessionId}/${String(time).padStart(10, '0')}_${seq}-${hash}.snap`;
/** A 43-character persistentId (a hash, like the client's). */
export const fakePersistentId = fakeHash;

/** Reads one metric from /metrics (labels as written in the text, e.g. '{code="4121"}'); 0 if absent. */
export async function metric(box: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${box}metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
