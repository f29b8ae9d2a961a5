import { expect } from '@open-wc/testing';
import { formatDateTime, formatDay, formatTime, localDay } from '../src/i18n/format-time.js';
import { de } from '../src/i18n/locales.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';

// Local-time constructors keep these tests true in any time zone the machine is in.
const at = (year: number, month: number, day: number, hour = 12, minute = 0) => new Date(year, month - 1, day, hour, minute).getTime();

describe('format-time', () => {
  it('formats the time of day in the reader\'s locale', () => {
    const time = at(2024, 3, 5, 14, 7);
    expect(formatTime(time, 'en-US')).to.match(/^2:07\sPM$/);
    expect(formatTime(time, 'de')).to.equal('14:07');
    expect(formatTime(time, 'ar-EG')).to.contain('٢:٠٧');
  });

  it('falls back to the browser locale for a missing or invalid lang', () => {
    const time = at(2024, 3, 5, 14, 7);
    const browser = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(time);
    expect(formatTime(time)).to.equal(browser);
    expect(formatTime(time, '')).to.equal(browser);
    expect(formatTime(time, 'en_US')).to.equal(browser);
  });

  it('gives a full date and time for tooltips', () => {
    expect(formatDateTime(at(2024, 3, 5, 14, 7), 'en-US')).to.match(/^Tuesday, March 5, 2024 at 2:07\sPM$/);
  });

  it('counts calendar days, not 24-hour spans', () => {
    expect(localDay(at(2024, 3, 5, 23, 59)) - localDay(at(2024, 3, 5, 0, 1))).to.equal(0);
    expect(localDay(at(2024, 3, 6, 0, 1)) - localDay(at(2024, 3, 5, 23, 59))).to.equal(1);
    // Across a month, a year and (in zones that have one) a daylight-saving change.
    expect(localDay(at(2024, 4, 1)) - localDay(at(2024, 3, 1))).to.equal(31);
    expect(localDay(at(2025, 1, 1)) - localDay(at(2024, 12, 31))).to.equal(1);
    expect(localDay(at(2024, 11, 1)) - localDay(at(2024, 10, 1))).to.equal(31);
  });

  it('labels day separators Today, Yesterday, or a date', () => {
    const now = at(2024, 3, 5, 0, 30);
    expect(formatDay(at(2024, 3, 5, 0, 5), DEFAULT_STRINGS, 'en-US', now)).to.equal('Today');
    expect(formatDay(at(2024, 3, 4, 23, 50), DEFAULT_STRINGS, 'en-US', now)).to.equal('Yesterday');
    expect(formatDay(at(2024, 3, 3, 23, 50), DEFAULT_STRINGS, 'en-US', now)).to.equal('Sunday, March 3');
    expect(formatDay(at(2023, 12, 31), DEFAULT_STRINGS, 'en-US', now)).to.equal('December 31, 2023');
  });

  it('takes Today and Yesterday from the strings table and dates from lang', () => {
    const now = at(2024, 3, 5);
    expect(formatDay(now, de, 'de', now)).to.equal('Heute');
    expect(formatDay(at(2024, 3, 4), de, 'de', now)).to.equal('Gestern');
    expect(formatDay(at(2024, 3, 3), de, 'de', now)).to.equal('Sonntag, 3. März');
  });

  it('uses the real clock by default', () => {
    expect(formatDay(Date.now(), DEFAULT_STRINGS)).to.equal('Today');
  });
});
