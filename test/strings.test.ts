import { expect } from '@open-wc/testing';
import { DEFAULT_STRINGS, listNames, mergeStrings, plural } from '../src/i18n/strings.js';
import type { ChatStrings, ChatStringsOverride } from '../src/i18n/strings.js';

describe('strings', () => {
  it('says the English defaults with plurals from Intl.PluralRules', () => {
    expect(DEFAULT_STRINGS.youAre('Fig')).to.equal('You are Fig');
    expect(DEFAULT_STRINGS.peopleHere(1)).to.equal('1 person here');
    expect(DEFAULT_STRINGS.peopleHere(0)).to.equal('0 people here');
    expect(DEFAULT_STRINGS.peopleHere(2)).to.equal('2 people here');
    expect(DEFAULT_STRINGS.newMessages(1)).to.equal('1 new message');
    expect(DEFAULT_STRINGS.newMessages(7)).to.equal('7 new messages');
    expect(DEFAULT_STRINGS.status.reconnecting).to.equal('Reconnecting…');
    expect(DEFAULT_STRINGS.charactersLeft(12)).to.equal('12 left');
    expect(DEFAULT_STRINGS.renamed('Fig', 'Ada')).to.equal('Fig is now Ada');
  });

  it('coalesces presence lines into one sentence and caps long lists', () => {
    expect(DEFAULT_STRINGS.joined(['Fig'])).to.equal('Fig joined');
    expect(DEFAULT_STRINGS.joined(['Fig', 'Kiwi'])).to.equal('Fig and Kiwi joined');
    expect(DEFAULT_STRINGS.left(['Fig', 'Kiwi', 'Oat'])).to.equal('Fig, Kiwi, and Oat left');
    expect(DEFAULT_STRINGS.joined(['A', 'B', 'C', 'D', 'E'])).to.equal('A, B, and 3 others joined');
    expect(DEFAULT_STRINGS.joined(['A', 'B', 'C', 'D'])).to.equal('A, B, and 2 others joined');
  });

  it('is frozen, so one element cannot change another one\'s words', () => {
    expect(Object.isFrozen(DEFAULT_STRINGS)).to.equal(true);
    expect(Object.isFrozen(DEFAULT_STRINGS.status)).to.equal(true);
  });

  it('merges a partial override, nested tables per key', () => {
    const merged = mergeStrings({ send: 'Go', status: { online: 'Live' }, peopleHere: (n) => `${n} here` });
    expect(merged.send).to.equal('Go');
    expect(merged.peopleHere(3)).to.equal('3 here');
    expect(merged.status.online).to.equal('Live');
    expect(merged.status.offline).to.equal('Offline');
    expect(merged.empty).to.equal(DEFAULT_STRINGS.empty);
    expect(DEFAULT_STRINGS.send, 'defaults untouched').to.equal('Send');
    expect(Object.isFrozen(merged) && Object.isFrozen(merged.status)).to.equal(true);
  });

  it('ignores unknown keys and values of the wrong type', () => {
    const bad = { send: 42, youAre: 'not a function', status: { online: null, bogus: 'x' }, extra: 'y' } as unknown as ChatStringsOverride;
    const merged = mergeStrings(bad);
    expect(merged.send).to.equal('Send');
    expect(merged.youAre('Fig')).to.equal('You are Fig');
    expect(merged.status.online).to.equal('Online');
    expect(merged.status).not.to.have.property('bogus');
    expect(merged).not.to.have.property('extra');
    expect(mergeStrings(null)).to.equal(DEFAULT_STRINGS);
    expect(mergeStrings(undefined)).to.equal(DEFAULT_STRINGS);
  });

  it('merges over another base table', () => {
    const base: ChatStrings = mergeStrings({ send: 'Senden' });
    expect(mergeStrings({ cancel: 'Abbrechen' }, base).send).to.equal('Senden');
  });

  it('picks plural forms a language has and falls back to other', () => {
    const forms = { zero: 'z', one: 'o', two: 't', few: 'f', many: 'm', other: 'x' };
    expect([0, 1, 2, 3, 11, 100].map((n) => plural('ar', n, forms))).to.deep.equal(['z', 'o', 't', 'f', 'm', 'x']);
    expect(plural('en', 2, { one: 'o', other: 'x' })).to.equal('x');
    expect(plural('ar', 2, { one: 'o', other: 'x' })).to.equal('x');
  });

  it('lists names in the language\'s own way', () => {
    const others = (n: number) => `+${n}`;
    expect(listNames('de', ['A', 'B', 'C'], others)).to.equal('A, B und C');
    expect(listNames('en', ['A', 'B', 'C', 'D'], others, 2)).to.equal('A and +3');
  });
});
