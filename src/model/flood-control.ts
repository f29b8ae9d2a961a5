/**
 * Flood control: how many posts a person may make, in model time, so every replica agrees which posts
 * are stored. A person has a burst of posts (5, or the room's `postBurst`) that refills one post a
 * second. A room in slow mode (`slowMode` seconds) has a burst of one and an interval of that many seconds.
 *
 * The same rule paces the sender's outbox (session/post-allowance.ts), so an honest person who pastes
 * ten lines waits instead of losing the ones over the allowance. Pure functions, no Croquet.
 */
import { MAX_POST_BURST, MAX_SLOW_MODE_SECONDS, POST_BURST, POST_INTERVAL_MS } from './limits.js';
import type { ChatModelOptions } from '../types.js';

/** How fast one person may post. */
export interface PostRule {
  readonly burst: number;
  readonly intervalMs: number;
}

/** What is left of one person's allowance: posts available as of a moment (model ms). */
export interface Allowance {
  readonly posts: number;
  readonly asOf: number;
}

/**
 * A room's pacing rules from its options, checked: `slowMode` in whole seconds (0: off), `postBurst`
 * within 1..MAX_POST_BURST. (The element's outbox reads them too, without the rest of the room's rules.)
 */
export function readPacing(options: ChatModelOptions | undefined): { slowMode: number; postBurst: number } {
  const { slowMode, postBurst } = options ?? {};
  return {
    slowMode: typeof slowMode === 'number' && slowMode > 0 ? Math.min(MAX_SLOW_MODE_SECONDS, Math.ceil(slowMode)) : 0,
    postBurst: typeof postBurst === 'number' && postBurst >= 1 ? Math.min(MAX_POST_BURST, Math.floor(postBurst)) : POST_BURST,
  };
}

/** The rule for a room (its rules as `readRules` made them): its burst and one post a second, or slow mode's one post per `slowMode` seconds. */
export function postRule(rules: Required<Pick<ChatModelOptions, 'slowMode' | 'postBurst'>>): PostRule {
  return rules.slowMode > 0 ? { burst: 1, intervalMs: rules.slowMode * 1000 } : { burst: rules.postBurst, intervalMs: POST_INTERVAL_MS };
}

/**
 * One post at `now`: `wait` is 0 when it is allowed (and `allowance` counts it), else the ms until it
 * would be (and `allowance` is unchanged). A person never seen before has a full burst.
 */
export function takePost(previous: Allowance | undefined, now: number, rule: PostRule): { allowance: Allowance; wait: number } {
  const refilled = previous ? Math.min(rule.burst, previous.posts + (now - previous.asOf) / rule.intervalMs) : rule.burst;
  if (refilled < 1) return { allowance: previous!, wait: Math.ceil((1 - refilled) * rule.intervalMs) };
  return { allowance: { posts: refilled - 1, asOf: now }, wait: 0 };
}
