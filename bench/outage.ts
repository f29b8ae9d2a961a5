/**
 * An outage as a visitor lives it, in real Chromium: two pages chat, the server stops for a minute
 * (BENCH_OUTAGE_SECONDS) and starts again on the same port with the same data. Figures: how long until
 * each page is online again after the server is back (by its own retries, nobody clicking), the statuses
 * each page went through, and every console line each page printed from the stop until it was online.
 *
 * Run alone: node dist/bench/outage.js (prints JSON; about 100 s).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchStaticRoot, launchChromium, type BenchPage } from './chromium.js';
import { dropInPage } from './online.js';
import { runWhenMain } from './main.js';

const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 60);

/** Records the element's statuses and when it came online (ms since the epoch, the page's clock). */
const INSTRUMENT = `
window.__statuses = [];
document.addEventListener('croquet-chat-status', (event) => {
  window.__statuses.push(event.detail.status);
  if (event.detail.status === 'online') window.__onlineAt = Date.now();
});
`;

export interface OutageBenchResult {
  outageSeconds: number;
  pages: { backOnlineMs: number; statuses: string[]; consoleLines: string[] }[];
}

type Server = { url: string; port: number; close(): Promise<void> };

export async function runOutageBench(): Promise<OutageBenchResult> {
  const staticDir = benchStaticRoot('outage', { 'outage.html': dropInPage('outage', INSTRUMENT) });
  const dataDir = path.join(staticDir, '.data');
  const { createServer } = (await import('../server/server.js')) as { createServer: (o: object) => Promise<Server> };
  let server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir, dataDir });
  const port = server.port;
  const browser = await launchChromium();
  try {
    const url = `${server.url}demo/outage.html?room=outage-${Date.now().toString(36)}`;
    const pages: { page: BenchPage; console: string[] }[] = [];
    for (let i = 0; i < 2; i++) {
      // A window each, so both stay visible.
      const page = await (await browser.createBrowserContext()).newPage();
      const lines: string[] = [];
      page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
      await page.goto(url);
      await page.waitForFunction('document.querySelector("croquet-chat")?.status === "online"', { timeout: 30_000 });
      pages.push({ page, console: lines });
    }
    for (const { page, console: lines } of pages) {
      lines.length = 0;
      await page.evaluate('window.__statuses = []; window.__onlineAt = 0');
    }
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_SECONDS * 1000));
    server = await createServer({ host: '127.0.0.1', port, quiet: true, staticDir, dataDir });
    const back = Date.now();
    const result: OutageBenchResult['pages'] = [];
    for (const { page, console: lines } of pages) {
      await page.waitForFunction('window.__onlineAt > 0', { timeout: 60_000, polling: 50 });
      const onlineAt = await page.evaluate<number>('window.__onlineAt');
      result.push({ backOnlineMs: onlineAt - back, statuses: await page.evaluate<string[]>('window.__statuses'), consoleLines: [...lines] });
    }
    return { outageSeconds: OUTAGE_SECONDS, pages: result };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

await runWhenMain(import.meta.url, runOutageBench);
