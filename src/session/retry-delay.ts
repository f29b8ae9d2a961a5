/**
 * How long an offline chat waits before its next try to reach the server: doubling from
 * {@link RETRY_BASE_MS} up to {@link RETRY_CAP_MS}, each delay scaled by a random factor between 0.5
 * and 1, so the widgets of everyone who lost one server do not all come back in the same instant.
 */

/** The wait before the first try after the server went away, in ms (before jitter). */
export const RETRY_BASE_MS = 1_000;
/** The longest wait between two tries, in ms: a chat never waits longer than this to notice the server is back. */
export const RETRY_CAP_MS = 30_000;

/** The wait before try number `tries + 1` (0 for the first try after an outage began), given a random number in [0, 1). */
export function retryDelay(tries: number, random: number): number {
  const unjittered = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, Math.min(tries, 16)));
  return Math.round(unjittered * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}
