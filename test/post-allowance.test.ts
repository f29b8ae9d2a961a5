import { expect } from '@open-wc/testing';
import { postRule, takePost, type Allowance, type PostRule } from '../src/model/flood-control.js';
import { readRules } from '../src/model/room-entries.js';
import { PACING_MARGIN_MS, PostAllowance, SEND_RATE } from '../src/session/post-allowance.js';

// How fast an element hands posts to the room (src/session/post-allowance.ts): the room's own flood
// control plus a margin, so an honest outbox is never refused, and never faster than Croquet sends
// without bundling. Wall-clock ms, given by the test.

/**
 * When an outbox that sends as soon as it may hands over `count` posts, all queued at `start`:
 * it asks, waits what it is told, and asks again (as chat-session.ts's flush does).
 */
function sendTimes(allowance: PostAllowance, count: number, start = 0): number[] {
  const times: number[] = [];
  let now = start;
  while (times.length < count) {
    const wait = allowance.take(now);
    if (wait === 0) times.push(now);
    else now += wait;
  }
  return times;
}

/** Gaps between consecutive times. */
function gaps(times: number[]): number[] {
  return times.slice(1).map((time, i) => time - times[i]);
}

/** Whether the room, with `rule`, stores every post arriving at `arrivals` (model ms, in order). */
function roomStoresAll(rule: PostRule, arrivals: number[]): boolean {
  let allowance: Allowance | undefined;
  for (const at of arrivals) {
    const taken = takePost(allowance, at, rule);
    if (taken.wait > 0) return false;
    allowance = taken.allowance;
  }
  return true;
}

/** A repeatable spread of delays in [0, max): the jitter of arrival times. */
function jitter(count: number, max: number): number[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31) * max;
  });
}

describe('PostAllowance', () => {
  it('sends the room\'s burst at once, then one post per room interval plus the margin', () => {
    const rule = postRule(readRules(undefined)); // 5, then one a second
    const times = sendTimes(new PostAllowance(rule), 12);
    expect(times.slice(0, 5)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(gaps(times.slice(4))).to.deep.equal(new Array(7).fill(rule.intervalMs + PACING_MARGIN_MS));
    expect(PACING_MARGIN_MS).to.equal(200);
  });

  it('says how long to wait, and a refused ask changes nothing', () => {
    const allowance = new PostAllowance(postRule(readRules(undefined)));
    for (let i = 0; i < 5; i++) expect(allowance.take(0)).to.equal(0);
    expect(allowance.take(500)).to.equal(700);
    expect(allowance.take(500)).to.equal(700);
    expect(allowance.take(1199)).to.be.within(1, 2); // 1 ms, rounded up from floating point (0.99916… posts)
    expect(allowance.take(1200)).to.equal(0);
    expect(allowance.take(1200)).to.equal(1200);
  });

  it('refills while nothing is sent, up to the room\'s burst', () => {
    const allowance = new PostAllowance(postRule(readRules(undefined)));
    sendTimes(allowance, 5);
    expect(sendTimes(allowance, 6, 60_000)).to.deep.equal([60_000, 60_000, 60_000, 60_000, 60_000, 61_200]);
  });

  it('in slow mode, sends one post, then one per slowMode seconds plus the margin', () => {
    const times = sendTimes(new PostAllowance(postRule(readRules({ slowMode: 10 }))), 4, 1000);
    expect(times).to.deep.equal([1000, 11_200, 21_400, 31_600]);
  });

  it('paces so that the room stores every post even when arrivals jitter by up to the margin', () => {
    for (const options of [undefined, { slowMode: 3 }, { postBurst: 2 }]) {
      const rule = postRule(readRules(options));
      const what = JSON.stringify(options ?? {});
      const times = sendTimes(new PostAllowance(rule), 40);
      const delays = jitter(times.length, PACING_MARGIN_MS);
      // Each post arrives late by any amount under the margin, in the order sent.
      const arrivals = times.map((time, i) => time + delays[i]).map((at, i, all) => Math.max(at, ...all.slice(0, i)));
      expect(roomStoresAll(rule, arrivals), what).to.equal(true);
      // The worst case: the first burst arrives as late as it can, the next post right on time.
      const firstLate = (sent: number[]): number[] => sent.map((time, i) => (i < rule.burst ? time + PACING_MARGIN_MS - 1 : time));
      expect(roomStoresAll(rule, firstLate(times)), `${what}, first burst late`).to.equal(true);
      // Paced at exactly the room's own interval (no margin), that case is refused.
      const bare = sendTimes(new PostAllowance({ burst: rule.burst, intervalMs: rule.intervalMs - PACING_MARGIN_MS }), 40);
      expect(gaps(bare.slice(rule.burst - 1))[0], what).to.equal(rule.intervalMs);
      expect(roomStoresAll(rule, firstLate(bare)), `${what}, no margin`).to.equal(false);
    }
  });

  it('never sends faster than Croquet\'s send rate, however large the room\'s burst', () => {
    expect(SEND_RATE).to.deep.equal({ burst: 10, intervalMs: 200 });
    const times = sendTimes(new PostAllowance(postRule(readRules({ postBurst: 1000 }))), 60);
    expect(times.slice(0, 10)).to.deep.equal(new Array(10).fill(0));
    expect(gaps(times.slice(9))).to.deep.equal(new Array(50).fill(200));
    // In any window, at most the send burst plus one post per 200 ms.
    for (const [i, start] of times.entries()) {
      for (const width of [0, 199, 200, 1000, 5000]) {
        const inWindow = times.slice(i).filter((time) => time <= start + width).length;
        expect(inWindow, `${width} ms from ${start}`).to.be.at.most(SEND_RATE.burst + Math.floor(width / SEND_RATE.intervalMs));
      }
    }
    // And at most 5 a second once the first 10 went.
    expect(times.filter((time) => time > 0 && time <= 1000)).to.have.length(5);
  });

  it('keeps the slower of the two rules after a quiet spell', () => {
    const allowance = new PostAllowance(postRule(readRules({ postBurst: 20 })));
    const first = sendTimes(allowance, 20);
    expect(first.filter((time) => time === 0)).to.have.length(10);
    // 20 room posts refill in 24 s; the sending burst refilled long before.
    const later = sendTimes(allowance, 20, 100_000);
    expect(later.filter((time) => time === 100_000)).to.have.length(10);
    expect(gaps(later.slice(9)).every((gap) => gap === 200)).to.equal(true);
  });

  it('holdFor() holds everything back as long as the room said, plus the margin, then lets one through', () => {
    const allowance = new PostAllowance(postRule(readRules({ postBurst: 50 })));
    expect(allowance.take(0)).to.equal(0);
    allowance.holdFor(100, 3000);
    // A large burst left, yet nothing goes before the hold ends.
    expect(allowance.take(100)).to.equal(3200);
    expect(allowance.take(3299)).to.equal(1);
    expect(allowance.take(3300)).to.equal(0);
    // Then one at a time, at the room's pace plus the margin (not a burst).
    expect(allowance.take(3300)).to.equal(1200);
    expect(allowance.take(4500)).to.equal(0);
    expect(allowance.take(4500)).to.equal(1200);
  });

  it('holdFor() never shortens a longer hold already in place', () => {
    const allowance = new PostAllowance(postRule(readRules(undefined)));
    allowance.holdFor(0, 5000);
    allowance.holdFor(1000, 1000);
    expect(allowance.take(2200)).to.equal(3000);
    expect(allowance.take(5200)).to.equal(0);
  });

  it('holdFor() in slow mode: the post let through is the only one for a full interval', () => {
    const allowance = new PostAllowance(postRule(readRules({ slowMode: 30 })));
    expect(allowance.take(0)).to.equal(0);
    allowance.holdFor(10_000, 20_000);
    expect(sendTimes(allowance, 3, 10_000)).to.deep.equal([30_200, 60_400, 90_600]);
  });
});
