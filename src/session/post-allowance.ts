/**
 * How fast an element hands posts to the room: in bursts of at most POST_BURST, then POSTS_PER_SECOND.
 * A long outbox (a paste of many lines, an outage's worth) then stays under Croquet's send rate (20
 * events a second), past which it bundles events and, with too many bundles waiting, closes the
 * session. People typing never wait.
 */
export const POST_BURST = 10;
export const POSTS_PER_SECOND = 5;

/** The posts that may go at once, refilled POSTS_PER_SECOND up to POST_BURST. */
export class PostAllowance {
  private posts = POST_BURST;
  private asOf = 0;

  /** 0 when a post may go at `now` (and counts it), else the ms to wait before the next may. */
  take(now: number): number {
    this.posts = Math.min(POST_BURST, this.posts + ((now - this.asOf) * POSTS_PER_SECOND) / 1000);
    this.asOf = now;
    if (this.posts < 1) return Math.ceil(((1 - this.posts) * 1000) / POSTS_PER_SECOND);
    this.posts -= 1;
    return 0;
  }
}
