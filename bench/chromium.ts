/**
 * Debian's Chromium for the browser benches, launched with the flags the tests use (tools/chromium.json),
 * the few puppeteer calls the benches make, typed loosely (page-side code goes in as strings, since
 * bench/ is compiled for Node, without DOM types), and the static root their pages are served from.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench/ → repository root
const chromium = JSON.parse(fs.readFileSync(`${root}tools/chromium.json`, 'utf8')) as { defaultPath: string; flags: string[] };

export interface BenchPage {
  goto(url: string, options?: { waitUntil?: string }): Promise<unknown>;
  evaluate<T = unknown>(code: string): Promise<T>;
  waitForFunction(code: string, options?: { timeout?: number; polling?: number | string }): Promise<unknown>;
  metrics(): Promise<Record<string, number>>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
  browserContext(): BenchContext;
  on(event: 'console', handler: (message: { type(): string; text(): string }) => void): void;
}
export interface BenchContext {
  newPage(): Promise<BenchPage>;
  close(): Promise<void>;
}
export interface BenchBrowser {
  createBrowserContext(): Promise<BenchContext>;
  close(): Promise<void>;
}

/** Chromium (CHROME_PATH, else Debian's), headless, as the tests run it. */
export async function launchChromium(): Promise<BenchBrowser> {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || chromium.defaultPath, headless: true, args: chromium.flags });
  return browser as unknown as BenchBrowser;
}

/**
 * A temporary static root for the server (its `staticDir`): the real dist/, and `pages` (file name →
 * contents) under demo/. The caller removes it.
 */
export function benchStaticRoot(name: string, pages: Record<string, string> = {}): string {
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), `croquet-chat-${name}-`));
  fs.mkdirSync(path.join(staticDir, 'demo'));
  for (const [file, contents] of Object.entries(pages)) fs.writeFileSync(path.join(staticDir, 'demo', file), contents);
  fs.symlinkSync(path.join(root, 'dist'), path.join(staticDir, 'dist'));
  return staticDir;
}
