/**
 * Posts this element accepted but the room has not confirmed yet, in order. They are shown at once as
 * pending, (re)sent whenever the element is online, and dropped when the room's history holds them:
 * each carries a client id, so a post that got through before a connection drop is not stored twice
 * (the model drops the resend). Kept in sessionStorage per room, so a reload does not lose them.
 */
import { readImage } from '../model/images.js';
import { randomId } from './identity.js';
import type { ChatImage } from '../types.js';

export interface PendingPost {
  readonly clientId: string;
  readonly text: string;
  /** When the user sent it (ms since the epoch). */
  readonly wallTime: number;
  /** The id of the post it replies to, or 0 for none. */
  readonly replyTo: number;
  /** Its image, stored already (the post carries the handle), or null. */
  readonly image: ChatImage | null;
}

/** A page can queue this many posts while offline; beyond it `add()` refuses (nobody types 200 lines offline). */
export const MAX_PENDING = 200;

export class Outbox {
  private items: readonly PendingPost[];

  constructor(private readonly storageKey: string) {
    this.items = Object.freeze(load(storageKey));
  }

  /** The pending posts, oldest first (a new array after each change). */
  get pending(): readonly PendingPost[] {
    return this.items;
  }

  /** Queues `text` (a reply to post `replyTo`, 0 for none; with a stored image); returns the pending post, or null when the outbox is full. */
  add(text: string, wallTime = Date.now(), replyTo = 0, image: ChatImage | null = null): PendingPost | null {
    if (this.items.length >= MAX_PENDING) return null;
    const post = Object.freeze({ clientId: randomId(), text, wallTime, replyTo, image: image && Object.freeze({ ...image }) });
    this.set([...this.items, post]);
    return post;
  }

  /** Drops the posts whose client ids the room has confirmed; returns whether anything changed. */
  confirm(confirmedIds: ReadonlySet<string>): boolean {
    const left = this.items.filter((post) => !confirmedIds.has(post.clientId));
    if (left.length === this.items.length) return false;
    this.set(left);
    return true;
  }

  private set(items: PendingPost[]): void {
    this.items = Object.freeze(items);
    try {
      if (items.length) sessionStorage.setItem(this.storageKey, JSON.stringify(items));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      // No session storage: the outbox still lives as long as the element.
    }
  }
}

/** Whether `value` can be a post's id (entries count up from 1). */
export function isPostId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function load(key: string): PendingPost[] {
  try {
    const data: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
    if (!Array.isArray(data)) return [];
    return (data as Partial<Record<keyof PendingPost, unknown>>[])
      .filter((item): item is PendingPost => typeof item?.clientId === 'string' && typeof item.text === 'string' && Number.isFinite(item.wallTime))
      .slice(0, MAX_PENDING)
      // A reply's id as a post id can be, else none (the text still goes, as a post of its own).
      .map((item) => Object.freeze({
        clientId: item.clientId, text: item.text, wallTime: item.wallTime, replyTo: isPostId(item.replyTo) ? item.replyTo : 0,
        image: typeof item.image === 'object' && item.image !== null ? readImage(item.image) : null,
      }));
  } catch {
    return [];
  }
}
