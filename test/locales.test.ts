import { expect } from '@open-wc/testing';
import { ar, de } from '../src/i18n/locales.js';
import { DEFAULT_STRINGS, mergeStrings } from '../src/i18n/strings.js';
import type { ChatStrings } from '../src/i18n/strings.js';

type FunctionKey = { [K in keyof ChatStrings]: ChatStrings[K] extends (...args: never[]) => string ? K : never }[keyof ChatStrings];

/** Sample arguments for every entry that is a function (the compiler insists on one per function). */
const SAMPLES: { [K in FunctionKey]: Parameters<ChatStrings[K]> } = {
  youAre: ['Fig'],
  peopleHere: [3],
  charactersLeft: [20],
  charactersOver: [312],
  openChat: [3],
  offlineRetryIn: [12],
  nextPostIn: [4],
  slowModeNextPost: [4],
  joined: [['Fig', 'Kiwi', 'Oat', 'Pea']],
  left: [['Fig']],
  renamed: ['Fig', 'Kiwi'],
  typingOne: ['Fig'],
  typingTwo: ['Fig', 'Kiwi'],
  newMessages: [2],
  messageActions: ['Fig'],
  replyingTo: ['Fig'],
  replyQuote: ['Fig', 'see you at noon'],
  reactedBy: ['👍', 3, ['Fig', 'you']],
  imageLabel: ['cat.png'],
  personActions: ['Fig'],
  muteFor: [10],
  mutedUntil: ['14:05'],
  mentionSuggestions: [3],
};

/** Every entry of `strings` as text, functions called with the samples. */
function allText(strings: ChatStrings): string[] {
  return (Object.keys(strings) as (keyof ChatStrings)[]).flatMap((key) => {
    const entry = strings[key];
    if (typeof entry === 'string') return [entry];
    if (typeof entry === 'function') return [(entry as (...args: unknown[]) => string)(...SAMPLES[key as FunctionKey])];
    return Object.values(entry);
  });
}

describe('locales', () => {
  for (const [name, table] of Object.entries({ de, ar })) {
    it(`${name} translates every entry of the default table`, () => {
      expect(Object.keys(table).sort()).to.deep.equal(Object.keys(DEFAULT_STRINGS).sort());
      for (const key of ['status', 'composerDisabled', 'reset', 'errors'] as const) {
        expect(Object.keys(table[key]).sort(), key).to.deep.equal(Object.keys(DEFAULT_STRINGS[key]).sort());
      }
      for (const text of allText(table)) expect(text).to.be.a('string').and.not.equal('');
      expect(table.send).not.to.equal(DEFAULT_STRINGS.send);
    });

    it(`${name} is accepted whole by mergeStrings`, () => {
      const merged = mergeStrings(table);
      expect(merged.send).to.equal(table.send);
      expect(merged.status.online).to.equal(table.status.online);
    });
  }

  it('de uses German plurals and word order', () => {
    expect(de.peopleHere(1)).to.equal('1 Person hier');
    expect(de.peopleHere(4)).to.equal('4 Personen hier');
    expect(de.joined(['Fig'])).to.equal('Fig ist da');
    expect(de.joined(['Fig', 'Kiwi'])).to.equal('Fig und Kiwi sind da');
    expect(de.typingTwo('Fig', 'Kiwi')).to.equal('Fig und Kiwi schreiben…');
    expect(de.muteFor(1)).to.equal('1 Minute stummschalten');
    expect(de.muteFor(10)).to.equal('10 Minuten stummschalten');
  });

  it('ar uses the Arabic plural forms and digits', () => {
    expect(ar.peopleHere(1)).to.equal('شخص واحد هنا');
    expect(ar.peopleHere(2)).to.equal('شخصان هنا');
    expect(ar.peopleHere(3)).to.equal('٣ أشخاص هنا');
    expect(ar.peopleHere(11)).to.equal('١١ شخصًا هنا');
    expect(ar.peopleHere(100)).to.equal('١٠٠ شخص هنا');
    expect(ar.charactersLeft(20)).to.contain('٢٠');
    expect(ar.muteFor(2)).to.equal('كتم لمدة دقيقتين');
    expect(ar.muteFor(10)).to.contain('١٠');
  });
});
