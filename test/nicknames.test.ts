import { expect } from '@open-wc/testing';
import { MAX_NAME_LENGTH } from '../src/model/limits.js';
import { nameKey, normalizeName } from '../src/model/names.js';
import { NICKNAMES, normalizeText, pickNickname } from '../src/model/nicknames.js';

// Random food nicknames (src/model/nicknames.ts). The model passes its own deterministic random number,
// so every replica of a room picks the same name for a newcomer.

const NONE = new Set<string>();

describe('NICKNAMES', () => {
  it('are valid names, distinct regardless of case, that no page can change (every replica picks from them)', () => {
    expect(NICKNAMES.length).to.be.above(100);
    for (const name of NICKNAMES) expect(normalizeName(name), name).to.equal(name);
    expect(new Set(NICKNAMES.map(nameKey)).size).to.equal(NICKNAMES.length);
    expect(Object.isFrozen(NICKNAMES)).to.equal(true);
  });
});

describe('pickNickname()', () => {
  it('picks the same name for the same number and the same taken names', () => {
    for (const random of [0, 0.123456, 0.5, 0.999]) {
      const takenKeys = new Set(['apple', 'fig']);
      expect(pickNickname(random, takenKeys)).to.equal(pickNickname(random, new Set(takenKeys)));
    }
  });

  it('spreads the numbers from 0 to 1 over the whole list, in order', () => {
    expect(pickNickname(0, NONE)).to.equal(NICKNAMES[0]);
    expect(pickNickname(0.999999, NONE)).to.equal(NICKNAMES.at(-1));
    const picks = Array.from({ length: NICKNAMES.length }, (_, i) => pickNickname((i + 0.5) / NICKNAMES.length, NONE));
    expect(picks).to.deep.equal([...NICKNAMES]);
  });

  it('treats numbers outside [0, 1) as the nearest end', () => {
    expect(pickNickname(-3, NONE)).to.equal(NICKNAMES[0]);
    expect(pickNickname(1, NONE)).to.equal(NICKNAMES.at(-1));
    expect(pickNickname(7, NONE)).to.equal(NICKNAMES.at(-1));
  });

  it('never picks a name someone present has, whatever its case, and chooses among the free ones only', () => {
    const takenKeys = new Set(NICKNAMES.slice(0, -2).map(nameKey));
    const free = NICKNAMES.slice(-2);
    for (let i = 0; i < 20; i++) expect(free).to.include(pickNickname(i / 20, takenKeys));
    expect(pickNickname(0, takenKeys)).to.equal(free[0]);
    expect(pickNickname(0.99, takenKeys)).to.equal(free[1]);
    // Taking the first name of the list moves every pick over by one free name.
    expect(pickNickname(0, new Set([nameKey(NICKNAMES[0])]))).to.equal(NICKNAMES[1]);
  });

  it('numbers a name when every food name is taken, so names stay unique', () => {
    const takenKeys = new Set(NICKNAMES.map(nameKey));
    expect(pickNickname(0, takenKeys)).to.equal(`${NICKNAMES[0]} 2`);
    takenKeys.add(nameKey(`${NICKNAMES[0]} 2`));
    expect(pickNickname(0, takenKeys)).to.equal(`${NICKNAMES[0]} 3`);
    expect(pickNickname(0.999, takenKeys)).to.equal(`${NICKNAMES.at(-1)} 2`);
  });

  it('draws from another list when given one', () => {
    const names = ['Rock', 'Paper', 'Scissors'];
    expect(pickNickname(0.5, NONE, names)).to.equal('Paper');
    expect(pickNickname(0.5, new Set(['paper']), names)).to.equal('Scissors');
    expect(pickNickname(0.5, new Set(['rock', 'paper', 'scissors']), names)).to.equal('Paper 2');
  });
});

describe('normalizeText()', () => {
  it('trims a post and keeps its inner spacing and lines', () => {
    expect(normalizeText('  hello\n  world \t', 100)).to.equal('hello\n  world');
  });

  it('gives nothing for blank text or something that is not a string', () => {
    for (const text of ['', ' \n\t ', undefined, null, 7, ['hi'], { text: 'hi' }]) expect(normalizeText(text, 100), JSON.stringify(text)).to.equal('');
  });

  it('cuts long text to the limit in characters, never halving an emoji, and never ends on a space', () => {
    expect(normalizeText('abcdef', 4)).to.equal('abcd');
    expect(normalizeText('🍐🍐🍐', 2)).to.equal('🍐🍐');
    expect(normalizeText('🍐'.repeat(MAX_NAME_LENGTH), MAX_NAME_LENGTH)).to.equal('🍐'.repeat(MAX_NAME_LENGTH));
    expect(normalizeText('abc def', 4)).to.equal('abc');
  });
});
