/**
 * The room's rules for an image in a post, as pure functions. The bytes never pass through the room: the
 * sender's view stores them, encrypted, with Croquet's Data API, and the post carries the handle's id (it
 * holds the key), the size and the alt text. The room checks their form; whether the bytes load is for
 * each reader's view to find out. No Croquet, no DOM.
 */
import { MAX_ALT_LENGTH, MAX_IMAGE_HANDLE_LENGTH, MAX_IMAGE_SIDE } from './limits.js';
import { UNSAFE_CHARACTERS } from './names.js';
import { normalizeText } from './nicknames.js';
import type { ChatImage } from '../types.js';

/** The image types a post may carry (what browsers decode everywhere). */
export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** A Croquet Data handle id: a version digit, then base64/base64url characters. */
const HANDLE_ID = /^[0-9][A-Za-z0-9+/=_-]+$/;

/** An image as the room stores it, or null when a field is out of the rules (the post is then dropped). */
export function readImage(value: Partial<Record<'handle' | 'width' | 'height' | 'type' | 'alt', unknown>>): ChatImage | null {
  const { handle, width, height, type, alt } = value;
  if (typeof handle !== 'string' || handle.length > MAX_IMAGE_HANDLE_LENGTH || !HANDLE_ID.test(handle)) return null;
  if (!isSide(width) || !isSide(height)) return null;
  if (typeof type !== 'string' || !IMAGE_TYPES.includes(type)) return null;
  return { handle, width, height, type, alt: normalizeAlt(alt) };
}

/** Alt text as the room keeps it: one line of plain text (no controls), at most {@link MAX_ALT_LENGTH} characters. */
export function normalizeAlt(alt: unknown): string {
  return normalizeText(typeof alt === 'string' ? alt.replace(/\s+/gu, ' ').replace(UNSAFE_CHARACTERS, '') : '', MAX_ALT_LENGTH);
}

function isSide(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_IMAGE_SIDE;
}
