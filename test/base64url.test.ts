import { expect } from '@open-wc/testing';
import { fromBase64url, toBase64url } from '../src/model/base64url.js';

// Base64url without padding (src/model/base64url.ts): how person ids and signatures travel. The model
// decodes what other views sent, so it takes only the one canonical spelling of each byte string.

/** The reference: the browser's own base64, made URL-safe and stripped of its padding. */
function reference(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `length` bytes that differ from one length to the next and cover every byte value over the run. */
function sampleBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31 + 7) & 255);
}

describe('toBase64url() and fromBase64url()', () => {
  it('encode as the browser does (URL-safe, no padding) and decode back, for every length from 0 to 70 bytes', () => {
    for (let length = 0; length <= 70; length++) {
      for (const bytes of [sampleBytes(length), new Uint8Array(length).fill(255), new Uint8Array(length)]) {
        const text = toBase64url(bytes);
        expect(text, `${length} bytes`).to.equal(reference(bytes));
        expect(text, `${length} bytes`).to.have.length(Math.ceil((length * 4) / 3));
        expect(fromBase64url(text, length), `${length} bytes`).to.deep.equal(bytes);
      }
    }
  });

  it('uses - and _ where base64 has + and /', () => {
    expect(toBase64url(Uint8Array.of(0xfb, 0xff))).to.equal('-_8');
    expect(fromBase64url('-_8', 2)).to.deep.equal(Uint8Array.of(0xfb, 0xff));
  });

  it('refuses text of another length than the bytes asked for', () => {
    const text = toBase64url(sampleBytes(32)); // 43 characters
    expect(fromBase64url(text, 32)).to.not.equal(null);
    expect(fromBase64url(text, 31)).to.equal(null);
    expect(fromBase64url(text, 33)).to.equal(null);
    expect(fromBase64url(text.slice(0, -1), 32)).to.equal(null);
    expect(fromBase64url(`${text}A`, 32)).to.equal(null);
    expect(fromBase64url('', 1)).to.equal(null);
  });

  it('refuses padding, even where the length would then fit', () => {
    expect(fromBase64url('AA==', 1)).to.equal(null);
    expect(fromBase64url('AAA=', 2)).to.equal(null);
    expect(fromBase64url('AA=', 2)).to.equal(null); // three characters, as two bytes need, one of them '='
    expect(fromBase64url(`${toBase64url(sampleBytes(32))}=`, 32)).to.equal(null);
  });

  it('refuses characters outside the base64url alphabet (standard base64 ones included)', () => {
    const text = toBase64url(sampleBytes(32));
    for (const foreign of ['+', '/', ' ', '.', '\n', '\0', 'é', '\u00a0']) {
      const spoilt = `${text.slice(0, 10)}${foreign}${text.slice(11)}`;
      expect(spoilt).to.have.length(text.length);
      expect(fromBase64url(spoilt, 32), JSON.stringify(foreign)).to.equal(null);
    }
    // A character outside the BMP has the length of two characters.
    expect(fromBase64url('🍐', 1)).to.equal(null);
    expect(fromBase64url('A🍐', 2)).to.equal(null);
  });

  it('refuses non-canonical spellings: unused bits set', () => {
    // One byte takes 2 characters (12 bits, 4 unused); two bytes take 3 (18 bits, 2 unused).
    expect(fromBase64url('AA', 1)).to.deep.equal(Uint8Array.of(0));
    expect(fromBase64url('AB', 1)).to.equal(null);
    expect(fromBase64url('AP', 1)).to.equal(null);
    expect(fromBase64url('AQ', 1)).to.deep.equal(Uint8Array.of(1));
    expect(fromBase64url('AAA', 2)).to.deep.equal(Uint8Array.of(0, 0));
    expect(fromBase64url('AAB', 2)).to.equal(null);
    expect(fromBase64url('AAD', 2)).to.equal(null);
    expect(fromBase64url('AAE', 2)).to.deep.equal(Uint8Array.of(0, 1));
    // So every byte string has exactly one spelling: of all 64 last characters of a 32-byte key, one decodes.
    const key = toBase64url(sampleBytes(32));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const decoding = [...alphabet].filter((last) => fromBase64url(key.slice(0, -1) + last, 32) !== null);
    expect(decoding).to.have.length(16); // 43 characters carry 258 bits: the last one's 2 low bits are unused
    expect(decoding.map((last) => toBase64url(fromBase64url(key.slice(0, -1) + last, 32)!))).to.deep.equal(decoding.map((last) => key.slice(0, -1) + last));
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, ['AA'], { length: 2 }, new Uint8Array(2)]) {
      expect(fromBase64url(value, 1), value === undefined ? 'undefined' : JSON.stringify(value)).to.equal(null);
    }
  });
});
