import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { AVATAR_HUES, avatarHue, initials, renderAvatar } from '../src/ui/avatar.js';
import styles from '../src/ui/avatar.styles.js';

/** sRGB bytes of a CSS colour as the browser paints it (oklch included). */
function paintedRgb(color: string): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(paintedRgb(a)), luminance(paintedRgb(b))].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

/** A shadow root with the avatars' styles (the element's and the composer's) and one avatar per hue. */
async function avatarsOfEveryHue(): Promise<HTMLElement[]> {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [styles.styleSheet!];
  const { render } = await import('lit');
  const ids: string[] = [];
  for (let i = 0; ids.length < AVATAR_HUES * 8 && i < 10_000; i++) ids.push(`person-${i}`);
  const byHue = new Map<number, string>();
  for (const id of ids) if (!byHue.has(avatarHue(id))) byHue.set(avatarHue(id), id);
  expect(byHue.size, 'every hue is used by some id').to.equal(AVATAR_HUES);
  render(html`${[...byHue.values()].map((id) => renderAvatar(id, 'Ada Lovelace'))}`, root);
  return [...root.querySelectorAll<HTMLElement>('[part~="avatar"]')];
}

describe('avatars', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('take up to two initials, of the first and the last word, whole letters and emoji', () => {
    expect(['Ada Lovelace', 'mango', 'Grace Brewster Hopper', '  kiwi  fruit ', 'élan vital', '🍕 party', 'علي حسن', '_', ''].map(initials))
      .to.deep.equal(['AL', 'M', 'GH', 'KF', 'ÉV', '🍕P', 'عح', '?', '?']);
  });

  it('never split a letter from its marks, joiners, skin tone or jamo, in any script', () => {
    // Names whose first character combines with what follows (or is a combining one itself): the
    // initial is the whole grapheme, as the browser's own segmentation tells it.
    const names = [
      'e\u0301mile Zola', // e + combining acute
      'N\u0303andu', // N + combining tilde
      '\u1112\u1161\u11ab Kim', // decomposed Hangul syllable (jamo L V T)
      '\ud55c\u11a8 Park', // precomposed LV syllable + a trailing jamo T
      'क्षत्रिय', // Devanagari: consonant + virama + consonant
      'ｶﾞｰﾙ', // halfwidth katakana + halfwidth voiced sound mark
      '👩🏽‍💻 dev', // emoji with skin tone and zero-width joiner
      '🇩🇪 Fan', // regional indicator pair
      'a\u200dx', // letter + zero-width joiner
      'ബ\u0d4eരി', // Malayalam, with a prepended dot reph after the first letter
      '\u0d4eക', // a name that starts with the prepended dot reph
      '1\ufe0f\u20e3 One', // keycap sequence
    ];
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const first = (word: string) => [...segmenter.segment(word.replace(/^[^\p{L}\p{N}\p{Extended_Pictographic}]+/u, ''))][0]?.segment ?? '';
    for (const name of names) {
      const words = name.trim().split(/[\s_.-]+/u);
      const expected = (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '')).toLocaleUpperCase();
      expect(initials(name), name).to.equal(expected);
    }
  });

  it('derive the same hue from the same person id everywhere, and spread ids over the hues', () => {
    expect(avatarHue('Abc')).to.equal(avatarHue('Abc'));
    const hues = new Set(Array.from({ length: 200 }, (_, i) => avatarHue(`someone-${i}`)));
    expect(hues.size).to.be.greaterThan(AVATAR_HUES * 0.75);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`keep their initials at WCAG AA contrast (4.5:1) on every hue, ${scheme}`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const avatars = await avatarsOfEveryHue();
      const ratios = avatars.map((avatar) => {
        const style = getComputedStyle(avatar);
        return contrast(style.color, style.backgroundColor);
      });
      expect(Math.min(...ratios)).to.be.at.least(4.5);
      // And the hues differ as painted: two people rarely look alike.
      expect(new Set(avatars.map((avatar) => paintedRgb(getComputedStyle(avatar).backgroundColor).join())).size).to.equal(AVATAR_HUES);
    });
  }
});
