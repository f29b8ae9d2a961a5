import { expect } from '@open-wc/testing';
import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelay } from '../src/session/retry-delay.js';

describe('retryDelay', () => {
  it('waits about a second before the first try, then doubles', () => {
    expect(retryDelay(0, 1)).to.equal(RETRY_BASE_MS);
    expect(retryDelay(1, 1)).to.equal(2 * RETRY_BASE_MS);
    expect(retryDelay(4, 1)).to.equal(16 * RETRY_BASE_MS);
  });

  it('never waits longer than 30 s between tries, however long the outage', () => {
    for (const tries of [5, 6, 10, 100, 1e9]) expect(retryDelay(tries, 0.999)).to.be.at.most(RETRY_CAP_MS);
    expect(RETRY_CAP_MS).to.equal(30_000);
  });

  it('spreads the widgets of one outage over half to all of each wait, so they do not all return at once', () => {
    expect(retryDelay(5, 0)).to.equal(RETRY_CAP_MS / 2);
    expect(retryDelay(5, 0.5)).to.equal(0.75 * RETRY_CAP_MS);
    const spread = new Set(Array.from({ length: 20 }, (_, i) => retryDelay(3, i / 20)));
    expect(spread.size).to.equal(20);
  });

  it('takes out-of-range input as the nearest sensible value', () => {
    expect(retryDelay(-3, 1)).to.equal(RETRY_BASE_MS);
    expect(retryDelay(0, 7)).to.equal(RETRY_BASE_MS);
    expect(retryDelay(0, -1)).to.equal(RETRY_BASE_MS / 2);
  });
});
