/**
 * Images for posts, in the page: a picked, pasted or dropped file is checked, scaled down to the room's
 * largest side and stored with Croquet's Data API, encrypted with the room's key, in the room's own part
 * of the file server; readers load it back by the handle's id the post carries. The room sees only the
 * id, the size and the alt text (see model/images.ts).
 */
import { IMAGE_TYPES } from '../model/images.js';
import { MAX_IMAGE_SIDE } from '../model/limits.js';
import type { ChatImage } from '../types.js';

/** Largest file the widget takes, before scaling: 5 MB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** How a scaled image is written again: WebP keeps transparency and is small. */
const SCALED_TYPE = 'image/webp';
const SCALED_QUALITY = 0.85;

/** The part of a Croquet session's Data API the widget uses. */
export interface SessionData {
  store(data: ArrayBuffer, options?: { shareable?: boolean; keep?: boolean }): Promise<unknown>;
  fetch(handle: unknown): Promise<ArrayBuffer>;
  toId(handle: unknown): string;
  fromId(id: string): unknown;
}

/** Why an image cannot be sent. */
export type ImageProblem = 'type' | 'size' | 'unreadable' | 'upload';

/** An image ready to store: its bytes as they will go, and what the post says of them. */
export interface PreparedImage {
  readonly bytes: ArrayBuffer;
  readonly width: number;
  readonly height: number;
  readonly type: string;
  readonly alt: string;
}

/** Thrown by {@link prepareImage}: `problem` says which rule the file broke. */
export class ImageRejected extends Error {
  constructor(readonly problem: ImageProblem, message: string) {
    super(message);
  }
}

/**
 * Checks `file` (PNG, JPEG, WebP or GIF, at most {@link MAX_IMAGE_BYTES}) and scales it so neither side
 * exceeds the room's limit. An image already small enough goes as it is (an animated GIF stays animated).
 */
export async function prepareImage(file: Blob, alt: string): Promise<PreparedImage> {
  if (!IMAGE_TYPES.includes(file.type)) throw new ImageRejected('type', `Only PNG, JPEG, WebP and GIF images can be sent, not "${file.type || 'unknown'}".`);
  if (file.size > MAX_IMAGE_BYTES) throw new ImageRejected('size', `The image is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB.`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageRejected('unreadable', 'The image could not be read.');
  }
  try {
    const { width, height } = bitmap;
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
    if (scale === 1) return { bytes: await ownBuffer(file), width, height, type: file.type, alt };
    const scaled = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
    const canvas = new OffscreenCanvas(scaled.width, scaled.height);
    const context = canvas.getContext('2d');
    if (!context) throw new ImageRejected('unreadable', 'The image could not be scaled.');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, scaled.width, scaled.height);
    const blob = await canvas.convertToBlob({ type: SCALED_TYPE, quality: SCALED_QUALITY });
    // A browser without a WebP encoder answers with PNG: say what the bytes are.
    return { bytes: await ownBuffer(blob), ...scaled, type: IMAGE_TYPES.includes(blob.type) ? blob.type : 'image/png', alt };
  } finally {
    bitmap.close();
  }
}

/**
 * The bytes of `blob` in an ArrayBuffer of this window: a file from another window (a parent page's, an
 * iframe's) reads into that window's ArrayBuffer, which Croquet's Data API does not take for one.
 */
async function ownBuffer(blob: Blob): Promise<ArrayBuffer> {
  return new Uint8Array(await blob.arrayBuffer()).slice().buffer;
}

/** Stores a prepared image (encrypted with the room's key) and returns what the post carries. */
export async function storeImage(data: SessionData, image: PreparedImage): Promise<ChatImage> {
  const handle = await data.store(image.bytes);
  return { handle: data.toId(handle), width: image.width, height: image.height, type: image.type, alt: image.alt };
}

/** Object URLs of images loaded in this page, by handle id: each image is fetched and decrypted once. */
const loaded = new Map<string, Promise<string>>();
/** Loaded images kept; the oldest URL is revoked beyond this (a room shows at most a few hundred). */
const MAX_LOADED = 300;

/** An object URL for the image of a post, loaded with the room's Data API (once per page). */
export function loadImage(data: SessionData, image: ChatImage): Promise<string> {
  const known = loaded.get(image.handle);
  if (known) return known;
  const url = data
    .fetch(data.fromId(image.handle))
    .then((bytes) => URL.createObjectURL(new Blob([bytes], { type: image.type })));
  // A failed load is not remembered: the next try (a reconnect, a later render) fetches again.
  url.catch(() => loaded.delete(image.handle));
  loaded.set(image.handle, url);
  if (loaded.size > MAX_LOADED) {
    const [oldest, first] = loaded.entries().next().value!;
    loaded.delete(oldest);
    void first.then((href) => URL.revokeObjectURL(href), () => undefined);
  }
  return url;
}
