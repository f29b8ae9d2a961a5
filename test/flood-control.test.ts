import { expect } from '@open-wc/testing';
import { postRule, takePost, type Allowance, type PostRule } from '../src/model/flood-control.js';
import { MAX_POST_BURST, MAX_SLOW_MODE_SECONDS, POST_BURST, POST_INTERVAL_MS } from '../src/model/limits.js';
import { readRules } from '../src/model/room-entries.js';

// Flood control (src/model/flood-control.ts): how many posts the room stores for one person, in model
// time, so every replica agrees. A burst, refilled one post per interval; slow mode is a burst of one.

/** Tries a post at each of `times` (model ms), in order; the wait each one got (0: stored). */
function waits(rule: PostRule, times: number[], start?: Allowance): number[] {
  let allowance = start;
  return times.map((now) => {
    const taken = takePost(allowance, now, rule);
    allowance = taken.allowance;
    return taken.wait;
  });
}

/**
 * A wait as the model says it: whole ms, rounded up, so `exact` or (where the fraction of a post is not
 * exact in floating point, e.g. 0.999 posts) one ms more, never less.
 */
function expectWait(wait: number, exact: number, what?: string): void {
  expect(Number.isInteger(wait), what).to.equal(true);
  expect(wait, what).to.be.within(exact, exact + 1);
}

describe('postRule()', () => {
  it('gives a room the burst of its rules and one post a second', () => {
    expect(postRule({ slowMode: 0, postBurst: POST_BURST })).to.deep.equal({ burst: POST_BURST, intervalMs: POST_INTERVAL_MS });
    expect(postRule({ slowMode: 0, postBurst: 50 })).to.deep.equal({ burst: 50, intervalMs: POST_INTERVAL_MS });
  });

  it('gives a room in slow mode a burst of one and one post per slowMode seconds, whatever its postBurst', () => {
    expect(postRule({ slowMode: 30, postBurst: POST_BURST })).to.deep.equal({ burst: 1, intervalMs: 30_000 });
    expect(postRule({ slowMode: 1, postBurst: 50 })).to.deep.equal({ burst: 1, intervalMs: 1000 });
  });

  it('is what the defaults of readRules() make: a burst of 5, then one post a second', () => {
    expect(postRule(readRules(undefined))).to.deep.equal({ burst: 5, intervalMs: 1000 });
    expect(postRule(readRules({}))).to.deep.equal({ burst: 5, intervalMs: 1000 });
  });
});

describe('takePost()', () => {
  const rule = postRule(readRules(undefined));

  it('lets a newcomer post a full burst at once, then refuses', () => {
    expect(waits(rule, [0, 0, 0, 0, 0, 0])).to.deep.equal([0, 0, 0, 0, 0, 1000]);
    // A person first seen late is as new as one seen at 0.
    expect(waits(rule, [5e6, 5e6, 5e6, 5e6, 5e6, 5e6])).to.deep.equal([0, 0, 0, 0, 0, 1000]);
  });

  it('after the burst, stores one post per interval', () => {
    const burst = [0, 0, 0, 0, 0];
    expect(waits(rule, [...burst, 1000, 2000, 3000, 4000])).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(waits(rule, [...burst, 1000, 1000])).to.deep.equal([0, 0, 0, 0, 0, 0, 1000]);
    expectWait(waits(rule, [...burst, 999])[5], 1);
  });

  it('refills the burst over time, but never above it', () => {
    expect(waits(rule, [0, 0, 0, 0, 0, 3000, 3000, 3000, 3000])).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 1000]);
    // An hour of silence still buys only the burst.
    expect(waits(rule, [0, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000])).to.deep.equal([0, 0, 0, 0, 0, 0, 1000]);
  });

  it('leaves the allowance as it was when it refuses, and says how long until the next post would be stored', () => {
    let allowance: Allowance | undefined;
    for (let i = 0; i < POST_BURST; i++) allowance = takePost(allowance, 0, rule).allowance;
    const before = { ...allowance! };
    const refused = takePost(allowance, 400, rule);
    expectWait(refused.wait, 600);
    expect(refused.allowance).to.equal(allowance);
    expect(refused.allowance).to.deep.equal(before);
    // Refusals do not push the next post back: it is stored when the first refusal said.
    expectWait(takePost(refused.allowance, 700, rule).wait, 300);
    expect(takePost(refused.allowance, 400 + refused.wait, rule).wait).to.equal(0);
  });

  it('stores a post that waited as long as it was told, at any moment and any pace', () => {
    for (const current of [rule, postRule(readRules({ slowMode: 7 })), postRule(readRules({ postBurst: 3 }))]) {
      let allowance: Allowance | undefined;
      let now = 0;
      for (let i = 0; i < 500; i++) {
        now += (i * 7919) % 1300; // a spread of gaps, some shorter than the interval
        let taken = takePost(allowance, now, current);
        if (taken.wait > 0) {
          expect(taken.allowance).to.equal(allowance);
          now += taken.wait;
          taken = takePost(allowance, now, current);
          expect(taken.wait, `post ${i} at ${now} after waiting`).to.equal(0);
        }
        allowance = taken.allowance;
      }
    }
  });

  it('counts a stored post: the allowance has one post less, as of now', () => {
    const taken = takePost({ posts: 2.5, asOf: 1000 }, 1500, rule);
    expect(taken).to.deep.equal({ allowance: { posts: 2, asOf: 1500 }, wait: 0 });
  });

  it('in slow mode, stores one post and then one per slowMode seconds', () => {
    const slow = postRule(readRules({ slowMode: 10 }));
    const [first, ...rest] = waits(slow, [0, 0, 5000, 9999, 10_000, 10_001, 25_000, 30_000]);
    expect(first).to.equal(0);
    [10_000, 5000, 1, 0, 9999, 0, 5000].forEach((exact, i) => expectWait(rest[i], exact, `attempt ${i + 2}`));
    expect(rest.filter((wait) => wait === 0)).to.have.length(2);
  });

  it('with a room\'s postBurst, stores that many at once before the pace applies', () => {
    const burst = postRule(readRules({ postBurst: 20 }));
    const atOnce = waits(burst, Array.from({ length: 21 }, () => 0));
    expect(atOnce.slice(0, 20)).to.deep.equal(Array.from({ length: 20 }, () => 0));
    expect(atOnce[20]).to.equal(1000);
  });
});

describe('readRules() for flood control', () => {
  it('takes slowMode in whole seconds (rounded up), at most the limit; anything else is no slow mode', () => {
    expect(readRules({ slowMode: 30 }).slowMode).to.equal(30);
    expect(readRules({ slowMode: 0.2 }).slowMode).to.equal(1);
    expect(readRules({ slowMode: 2.5 }).slowMode).to.equal(3);
    expect(readRules({ slowMode: MAX_SLOW_MODE_SECONDS + 1 }).slowMode).to.equal(MAX_SLOW_MODE_SECONDS);
    expect(readRules({ slowMode: Infinity }).slowMode).to.equal(MAX_SLOW_MODE_SECONDS);
    for (const slowMode of [0, -5, -Infinity, NaN, '30', null, true]) {
      expect(readRules({ slowMode } as never).slowMode, String(slowMode)).to.equal(0);
    }
  });

  it('takes postBurst in whole posts (rounded down), at most the limit; anything below one is the default', () => {
    expect(readRules({ postBurst: 20 }).postBurst).to.equal(20);
    expect(readRules({ postBurst: 1 }).postBurst).to.equal(1);
    expect(readRules({ postBurst: 2.9 }).postBurst).to.equal(2);
    expect(readRules({ postBurst: MAX_POST_BURST + 1 }).postBurst).to.equal(MAX_POST_BURST);
    expect(readRules({ postBurst: Infinity }).postBurst).to.equal(MAX_POST_BURST);
    for (const postBurst of [0, 0.5, -3, NaN, '20', null, undefined]) {
      expect(readRules({ postBurst } as never).postBurst, String(postBurst)).to.equal(POST_BURST);
    }
  });

  it('never gives a rule that would store nothing or refill never', () => {
    for (const options of [{ slowMode: 1e-9 }, { slowMode: 1e12 }, { postBurst: 1e-9 }, { postBurst: 1e12 }, { slowMode: -1, postBurst: -1 }]) {
      const rule = postRule(readRules(options));
      expect(rule.burst, JSON.stringify(options)).to.be.within(1, MAX_POST_BURST);
      expect(rule.intervalMs, JSON.stringify(options)).to.be.within(POST_INTERVAL_MS, MAX_SLOW_MODE_SECONDS * 1000);
      expect(takePost(undefined, 0, rule).wait, JSON.stringify(options)).to.equal(0);
    }
  });
});
