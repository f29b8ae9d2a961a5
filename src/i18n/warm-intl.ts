/**
 * Setting up ICU off the main thread. A page's first Intl formatter loads ICU's locale data: 35–65 ms of
 * main thread on a cold page in headless Chromium here, which the widget paid inside its first render of
 * the history (times of day, "A and B joined"). ICU keeps that data per process, not per thread, so a
 * throwaway worker that makes the same formatters first leaves the main thread's ones at under 1 ms.
 */

import { FORMAT_OPTIONS } from './format-time.js';

/** Languages already warmed (or being warmed) in this page. */
const warmed = new Set<string>();

/**
 * Makes, in a short-lived worker, the formatters a first render needs for `lang` (dates and times; the
 * browser's locale when '') and for English (the default strings). Best effort: where the page's
 * content security policy forbids blob: workers, the formatters are simply made on first use.
 */
export function warmIntlOffThread(lang: string): void {
  if (warmed.has(lang) || typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return;
  warmed.add(lang);
  const source = `
    const lang = ${JSON.stringify(lang)} || undefined;
    try {
      for (const options of ${JSON.stringify(Object.values(FORMAT_OPTIONS))}) {
        new Intl.DateTimeFormat(lang, options).format(0);
      }
      for (const language of ['en', lang]) {
        new Intl.ListFormat(language, { type: 'conjunction' }).format(['a', 'b']);
        new Intl.PluralRules(language).select(2);
      }
    } catch {}
    postMessage('done');
    close();
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const done = () => URL.revokeObjectURL(url);
  try {
    const worker = new Worker(url);
    worker.addEventListener('message', done);
    worker.addEventListener('error', (event) => {
      event.preventDefault(); // no "uncaught error" line for a warm-up (a blocked worker's CSP report is the browser's own)
      done();
    });
  } catch {
    done(); // blocked outright (Trusted Types): the formatters are made on the main thread when needed
  }
}
