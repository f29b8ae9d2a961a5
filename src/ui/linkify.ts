/**
 * Finds http(s) links in a post. The result is data, not markup: the element renders `text` segments as
 * text and `link` segments as `<a href>` through Lit, so no character a user typed can become HTML.
 * Only http: and https: are ever linked (never javascript:, data:, mailto: …), and every link is checked
 * by the browser's own URL parser; `href` is what that parser made of it.
 */

export type TextSegment = { readonly kind: 'text'; readonly text: string };
export type LinkSegment = { readonly kind: 'link'; readonly text: string; readonly href: string };
export type Segment = TextSegment | LinkSegment;

// A candidate starts at "http://" or "https://" not glued to a preceding letter or digit ("xhttp://" is
// not a link) and runs until whitespace or a character that cannot appear unescaped in a typed URL.
const CANDIDATE = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"`{}|\\^]+/giu;
// Punctuation that ends a sentence rather than a URL: "see https://a.example/x." links without the dot.
const TRAILING = /[.,;:!?'’”…*_~-]+$/u;
const BRACKETS: Record<string, string> = { ')': '(', ']': '[' };

/**
 * Posts are short, but a log renders every post again on each update: remember the answers for a whole
 * history (a room keeps up to 1,000 entries, and an edit adds a text). Fewer, and a render in order would
 * evict each text just before it is needed again.
 */
const CACHE_LIMIT = 2_500;
const cache = new Map<string, readonly Segment[]>();

/** Splits `text` into text and link segments, in order; joined, their `text`s give back `text` exactly. */
export function linkify(text: string): readonly Segment[] {
  const known = cache.get(text);
  if (known) return known;
  const segments = Object.freeze(split(text));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, segments);
  return segments;
}

function split(text: string): Segment[] {
  const segments: Segment[] = [];
  let textStart = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const url = trimEnd(match[0]);
    const href = checkedHref(url);
    if (!href) continue;
    if (start > textStart) segments.push(Object.freeze({ kind: 'text', text: text.slice(textStart, start) }));
    segments.push(Object.freeze({ kind: 'link', text: url, href }));
    textStart = start + url.length;
  }
  if (textStart < text.length || segments.length === 0) segments.push(Object.freeze({ kind: 'text', text: text.slice(textStart) }));
  return segments;
}

/** Drops trailing punctuation, and closing brackets the URL did not open ("(see https://a.example/b)"). */
function trimEnd(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    const last = url.at(-1) ?? '';
    const opening = BRACKETS[last];
    if (opening && count(url, opening) < count(url, last)) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** The parsed href if `url` is an http(s) URL with a host and no embedded credentials; otherwise null. */
function checkedHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  // "https://bank.example@evil.example" shows one host and opens another: leave such text unlinked.
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}
