import { expect } from '@open-wc/testing';
import { ar } from '../src/i18n/locales.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import { typingLine } from '../src/i18n/typing-line.js';

describe('typingLine()', () => {
  it('is empty when nobody types', () => {
    expect(typingLine([], DEFAULT_STRINGS)).to.equal('');
  });

  it('names one or two typists and summarizes more', () => {
    expect(typingLine(['Fig'], DEFAULT_STRINGS)).to.equal('Fig is typing…');
    expect(typingLine(['Fig', 'Kiwi'], DEFAULT_STRINGS)).to.equal('Fig and Kiwi are typing…');
    expect(typingLine(['Fig', 'Kiwi', 'Oat'], DEFAULT_STRINGS)).to.equal('Several people are typing…');
    expect(typingLine(['A', 'B', 'C', 'D', 'E'], DEFAULT_STRINGS)).to.equal('Several people are typing…');
  });

  it('speaks the language of the table it is given', () => {
    expect(typingLine(['Fig'], ar)).to.equal('Fig يكتب…');
    expect(typingLine(['Fig'], { ...DEFAULT_STRINGS, typingOne: (name) => `${name} tippt…` })).to.equal('Fig tippt…');
  });
});
