/**
 * How fast an element hands posts to the room. Two rules, both kept:
 * - the room's own flood control (model/flood-control.ts), a little slower, so an honest outbox (a
 *   paste of many lines, an outage's worth) is never over the allowance when its posts arrive. If a
 *   post is refused anyway (another tab of the same person posted too), the element holds back for as
 *   long as the room says and sends it again;
 * - Croquet's send rate: past about 20 events a second it bundles events and, with too many bundles
 *   waiting, closes the session, so a room with a large burst still gets at most 5 posts a second after
 *   the first 10.
 */
import { takePost, type Allowance, type PostRule } from '../model/flood-control.js';

/** Added to the room's interval between posts: arrival times jitter by a few ticks. */
export const PACING_MARGIN_MS = 200;
/** What Croquet's sending takes without bundling: 10 at once, then one every 200 ms. */
export const SEND_RATE: PostRule = { burst: 10, intervalMs: 200 };

/** This element's copy of its person's allowance, in wall-clock time. */
export class PostAllowance {
  private room: Allowance | undefined;
  private sending: Allowance | undefined;
  private heldUntil = 0;
  private readonly roomRule: PostRule;

  constructor(roomRule: PostRule) {
    this.roomRule = { burst: roomRule.burst, intervalMs: roomRule.intervalMs + PACING_MARGIN_MS };
  }

  /** 0 when a post may go at `now` (and counts it), else the ms to wait before the next may. */
  take(now: number): number {
    if (now < this.heldUntil) return this.heldUntil - now;
    const room = takePost(this.room, now, this.roomRule);
    const sending = takePost(this.sending, now, SEND_RATE);
    const wait = Math.max(room.wait, sending.wait);
    if (wait === 0) [this.room, this.sending] = [room.allowance, sending.allowance];
    return wait;
  }

  /** The room refused a post and would take one in `ms`: nothing goes before then, and then one at a time. */
  holdFor(now: number, ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, now + ms + PACING_MARGIN_MS);
    this.room = { posts: 1, asOf: this.heldUntil };
  }
}
