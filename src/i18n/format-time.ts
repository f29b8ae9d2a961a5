/**
 * Wall-clock labels for the conversation view, in the reader's locale (the element's `lang`) and time zone.
 * Pure apart from reading the browser's zone; "now" is a parameter so tests and midnight are predictable.
 * Intl formatters are costly to build and a log renders many times, so each is built once per locale.
 */
import type { ChatStrings } from './strings.js';

type FormatKind = 'time' | 'full' | 'date' | 'dateWithYear';

/** Each kind's formatter options (also made ahead of need, off the main thread: warm-intl.ts). */
export const FORMAT_OPTIONS: Readonly<Record<FormatKind, Intl.DateTimeFormatOptions>> = {
  // The locale decides 12- or 24-hour; "2-digit" minutes keep 9:05 from becoming 9:5.
  time: { hour: 'numeric', minute: '2-digit' },
  // For a tooltip or <time title>: the whole moment.
  full: { dateStyle: 'full', timeStyle: 'short' },
  date: { weekday: 'long', month: 'long', day: 'numeric' },
  dateWithYear: { year: 'numeric', month: 'long', day: 'numeric' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter for `lang` (the browser's locale when empty or not a valid language tag). */
function formatter(lang: string | undefined, kind: FormatKind): Intl.DateTimeFormat {
  const key = `${kind} ${lang ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(lang || undefined, FORMAT_OPTIONS[kind]);
    } catch {
      // A host page's `lang="en_US"` (underscore) throws RangeError; the reader still deserves a time.
      format = new Intl.DateTimeFormat(undefined, FORMAT_OPTIONS[kind]);
    }
    formats.set(key, format);
  }
  return format;
}

/** "14:05" / "2:05 PM": the time of day of `wallTime` (ms since the epoch) for a reader of `lang`. */
export function formatTime(wallTime: number, lang?: string): string {
  return formatter(lang, 'time').format(wallTime);
}

/** The full date and time of `wallTime`, e.g. for a `title` on the time of a message. */
export function formatDateTime(wallTime: number, lang?: string): string {
  return formatter(lang, 'full').format(wallTime);
}

/**
 * The calendar day of `wallTime` in the reader's time zone, as a whole number of days. Consecutive days
 * differ by exactly 1, even across daylight-saving changes (which is why this is not `wallTime / 86400000`).
 */
export function localDay(wallTime: number): number {
  const date = new Date(wallTime);
  return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000);
}

/**
 * The label of a day separator: "Today" or "Yesterday" from `strings`, else a localized date
 * (with the year only when it is not the current year).
 */
export function formatDay(wallTime: number, strings: Pick<ChatStrings, 'today' | 'yesterday'>, lang?: string, now: number = Date.now()): string {
  const daysAgo = localDay(now) - localDay(wallTime);
  if (daysAgo === 0) return strings.today;
  if (daysAgo === 1) return strings.yesterday;
  const sameYear = new Date(wallTime).getFullYear() === new Date(now).getFullYear();
  return formatter(lang, sameYear ? 'date' : 'dateWithYear').format(wallTime);
}
