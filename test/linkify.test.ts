import { expect } from '@open-wc/testing';
import { linkify } from '../src/ui/linkify.js';
import type { Segment } from '../src/ui/linkify.js';

const links = (text: string) => linkify(text).filter((s) => s.kind === 'link').map((s) => (s.kind === 'link' ? s.href : ''));
const texts = (text: string) => linkify(text).map((s: Segment) => s.text);

describe('linkify()', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('hello <b>world</b>')).to.deep.equal([{ kind: 'text', text: 'hello <b>world</b>' }]);
    expect(linkify('')).to.deep.equal([{ kind: 'text', text: '' }]);
  });

  it('splits out http and https links, in order, losing no character', () => {
    const text = 'see https://example.com/a?b=1#c and http://test.example:8080/x, thanks';
    expect(linkify(text)).to.deep.equal([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://test.example:8080/x', href: 'http://test.example:8080/x' },
      { kind: 'text', text: ', thanks' },
    ]);
    expect(texts(text).join('')).to.equal(text);
    expect(linkify('https://a.example')).to.deep.equal([{ kind: 'link', text: 'https://a.example', href: 'https://a.example/' }]);
  });

  it('never links other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'javascript://example.com/%0Aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:someone@example.com',
      'ftp://example.com/file',
      'file:///etc/passwd',
      'vbscript:msgbox',
      '//example.com/protocol-relative',
      'www.example.com',
    ]) {
      expect(links(text), text).to.deep.equal([]);
      expect(texts(text).join(''), text).to.equal(text);
    }
  });

  it('does not start a link inside a word', () => {
    expect(links('xhttps://example.com')).to.deep.equal([]);
    expect(links('javascript:https://example.com')).to.deep.equal(['https://example.com/']);
  });

  it('leaves trailing punctuation out of the link', () => {
    expect(links('Go to https://example.com/page.')).to.deep.equal(['https://example.com/page']);
    expect(links('https://example.com/a, https://example.com/b; https://example.com/c!?')).to.deep.equal([
      'https://example.com/a',
      'https://example.com/b',
      'https://example.com/c',
    ]);
    expect(links('"https://example.com/q"')).to.deep.equal(['https://example.com/q']);
    expect(links('‘https://example.com/q’…')).to.deep.equal(['https://example.com/q']);
  });

  it('leaves out closing brackets the URL did not open, keeps those it did', () => {
    expect(linkify('(see https://example.com/a)')).to.deep.equal([
      { kind: 'text', text: '(see ' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: ')' },
    ]);
    expect(links('https://en.wikipedia.org/wiki/Lit_(software)')).to.deep.equal(['https://en.wikipedia.org/wiki/Lit_(software)']);
    expect(links('(https://en.wikipedia.org/wiki/Lit_(software)).')).to.deep.equal(['https://en.wikipedia.org/wiki/Lit_(software)']);
    expect(links('[https://example.com/x]')).to.deep.equal(['https://example.com/x']);
  });

  it('stops at characters a typed URL cannot hold', () => {
    expect(links('https://example.com/a<script>')).to.deep.equal(['https://example.com/a']);
    expect(links('https://example.com/"onmouseover="x')).to.deep.equal(['https://example.com/']);
    expect(links('a\nhttps://example.com/b\tc')).to.deep.equal(['https://example.com/b']);
  });

  it('lets the URL parser judge, and refuses hosts hidden behind credentials', () => {
    expect(links('https://')).to.deep.equal([]);
    expect(links('http://.')).to.deep.equal([]);
    expect(links('https://exa%mple.com')).to.deep.equal([]);
    expect(links('https://bank.example@evil.example/login')).to.deep.equal([]);
    expect(links('https://user:pw@example.com/')).to.deep.equal([]);
    expect(links('HTTPS://EXAMPLE.COM/Path')).to.deep.equal(['https://example.com/Path']);
    expect(links('https://bücher.example/')).to.deep.equal(['https://xn--bcher-kva.example/']);
  });

  it('returns frozen segments and the same answer for the same text', () => {
    const first = linkify('cached https://example.com');
    expect(Object.isFrozen(first) && first.every(Object.isFrozen)).to.equal(true);
    expect(linkify('cached https://example.com')).to.equal(first);
  });
});
