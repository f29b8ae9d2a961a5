import { expect } from '@open-wc/testing';
import { MAX_NAME_LENGTH } from '../src/model/limits.js';
import { nameKey, normalizeName, uniqueName } from '../src/model/names.js';

// The room's rules for names (src/model/names.ts): what a name becomes when someone asks for it, and
// what another person gets when the name is taken. Every replica applies them, so they are pure.

/** The keys of `names`, as the model collects them from the people present. */
function taken(...names: string[]): Set<string> {
  return new Set(names.map(nameKey));
}

describe('normalizeName()', () => {
  it('keeps an ordinary name as typed', () => {
    expect(normalizeName('Ada Lovelace')).to.equal('Ada Lovelace');
    expect(normalizeName('Zoë 🍐')).to.equal('Zoë 🍐');
  });

  it('trims the name and collapses runs of spaces into one', () => {
    expect(normalizeName('   Ada    Lovelace  ')).to.equal('Ada Lovelace');
    expect(normalizeName('Ada\u00a0\u2003\u3000Lovelace')).to.equal('Ada Lovelace');
  });

  it('removes control characters and the bidi controls that could reorder a line', () => {
    expect(normalizeName('Ada\u0000\u0007\u009f')).to.equal('Ada');
    expect(normalizeName('\u202eadA')).to.equal('adA');
    for (const control of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(normalizeName(`A${control}da`), `U+${control.codePointAt(0)!.toString(16)}`).to.equal('Ada');
    }
  });

  it('gives nothing for a name with nothing usable, or for something that is not a string', () => {
    for (const name of ['', '   ', '\u202e\u2066 \u0000', undefined, null, 42, ['Ada'], { name: 'Ada' }]) {
      expect(normalizeName(name), JSON.stringify(name)).to.equal('');
    }
  });

  it(`cuts long names to ${MAX_NAME_LENGTH} characters, counting an emoji as one, and never ends on a space`, () => {
    const long = 'x'.repeat(MAX_NAME_LENGTH + 10);
    expect(normalizeName(long)).to.equal('x'.repeat(MAX_NAME_LENGTH));
    const emoji = '🍐'.repeat(MAX_NAME_LENGTH + 1); // two UTF-16 units each
    expect(Array.from(normalizeName(emoji))).to.have.length(MAX_NAME_LENGTH);
    expect(normalizeName('🍐'.repeat(MAX_NAME_LENGTH))).to.equal('🍐'.repeat(MAX_NAME_LENGTH));
    // The cut falls just after a space: the space goes too.
    expect(normalizeName(`${'x'.repeat(MAX_NAME_LENGTH - 1)} tail`)).to.equal('x'.repeat(MAX_NAME_LENGTH - 1));
  });
});

describe('nameKey()', () => {
  it('makes names that differ only in case collide', () => {
    expect(nameKey('ADA')).to.equal(nameKey('ada'));
    expect(nameKey('Ada')).to.equal(nameKey('aDA'));
    expect(nameKey('Ada')).to.not.equal(nameKey('Ada 2'));
  });
});

describe('uniqueName()', () => {
  it('gives a free name as asked', () => {
    expect(uniqueName('Ada', taken())).to.equal('Ada');
    expect(uniqueName('Ada', taken('Bob', 'Ada 2'))).to.equal('Ada');
  });

  it('numbers a taken name from 2, whatever the case of the holder, and keeps the asker\'s case', () => {
    expect(uniqueName('Ada', taken('Ada'))).to.equal('Ada 2');
    expect(uniqueName('ADA', taken('ada'))).to.equal('ADA 2');
    expect(uniqueName('Ada', taken('ADA', 'ada 2', 'Ada 3'))).to.equal('Ada 4');
  });

  it('takes the first free number, not the one after the highest', () => {
    expect(uniqueName('Ada', taken('Ada', 'Ada 3'))).to.equal('Ada 2');
  });

  it(`shortens a long name so the number still fits in ${MAX_NAME_LENGTH} characters`, () => {
    const full = 'x'.repeat(MAX_NAME_LENGTH);
    const second = uniqueName(full, taken(full));
    expect(second).to.equal(`${'x'.repeat(MAX_NAME_LENGTH - 2)} 2`);
    const holders = [full, ...Array.from({ length: 8 }, (_, i) => `${'x'.repeat(MAX_NAME_LENGTH - 2)} ${i + 2}`)];
    expect(uniqueName(full, taken(...holders))).to.equal(`${'x'.repeat(MAX_NAME_LENGTH - 3)} 10`);
    // Counted in characters: emoji are not cut in half.
    const pears = '🍐'.repeat(MAX_NAME_LENGTH);
    expect(uniqueName(pears, taken(pears))).to.equal(`${'🍐'.repeat(MAX_NAME_LENGTH - 2)} 2`);
  });

  it('does not put a double space before the number when the cut ends on a space', () => {
    const name = `${'x'.repeat(MAX_NAME_LENGTH - 3)} yy`; // the cut keeps MAX - 2 characters: "x… "
    expect(uniqueName(name, taken(name))).to.equal(`${'x'.repeat(MAX_NAME_LENGTH - 3)} 2`);
  });

  it('gives every one of many people asking for one name a name of their own', () => {
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) names.add(uniqueName('Ada', new Set([...names].map(nameKey))));
    expect(names.size).to.equal(50);
    for (const name of names) expect(normalizeName(name), 'a valid name').to.equal(name);
  });
});
