/**
 * What an open chat costs its browser while nobody posts: main-thread task time per second (Chromium's
 * performance metrics, `TaskDuration`) over a window of idle seconds, for a visible page and for the
 * same page hidden behind another tab, in real Chromium against the project's own server.
 *
 * The peer, in the same run: Croquet's own sample chat (its apps/chat, on the same Croquet 2.0.4 and
 * this server) when BENCH_CROQUET_APPS_CHAT names a folder with its chat.html and chat.js (e.g. a copy
 * of croquet/croquet's apps/chat outside this repository). Its chat.js is bundled here with Croquet's
 * ES module build, and its page is opened with Croquet's `?box=` URL option.
 *
 * Run alone: node dist/bench/idle-page.js (prints JSON). BENCH_IDLE_PAGE_SECONDS sets the window (15).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APPS_CHAT_READY, APPS_CHAT_SKIPPED, CROQUET_APPS_CHAT, appsChatUrl, buildCroquetAppsChat } from './croquet-apps-chat.js';
import { benchStaticRoot, launchChromium, type BenchBrowser, type BenchPage } from './chromium.js';
import { dropInPage } from './online.js';
import { runWhenMain } from './main.js';

const WINDOW_SECONDS = Number(process.env.BENCH_IDLE_PAGE_SECONDS ?? 15);

export interface IdleCost {
  /** Main-thread task time per second of the window, in ms. */
  visibleMsPerSecond: number;
  hiddenMsPerSecond: number;
}

export interface IdlePageBenchResult {
  windowSeconds: number;
  ours: IdleCost;
  croquetAppsChat: IdleCost | string;
  loadAverage: { before: number; after: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Task time per second while the page sits for the window. */
async function taskMsPerSecond(page: BenchPage): Promise<number> {
  const before = await page.metrics();
  const start = Date.now();
  await sleep(WINDOW_SECONDS * 1000);
  const after = await page.metrics();
  const taskMs = (after.TaskDuration - before.TaskDuration) * 1000; // TaskDuration is in seconds
  return Math.round((taskMs / ((Date.now() - start) / 1000)) * 10) / 10;
}

/** Opens `url` in a window of its own, waits for `ready`, then measures it visible and hidden. */
async function idleCost(browser: BenchBrowser, url: string, ready: string): Promise<IdleCost> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(ready, { timeout: 30_000 });
    await sleep(2_000); // past joining and the first render
    const visibleMsPerSecond = await taskMsPerSecond(page);
    const cover = await page.browserContext().newPage(); // another tab in front: the page is hidden
    await cover.bringToFront();
    await page.waitForFunction('document.visibilityState === "hidden"', { timeout: 5_000 });
    const hiddenMsPerSecond = await taskMsPerSecond(page);
    await cover.close();
    return { visibleMsPerSecond, hiddenMsPerSecond };
  } finally {
    await context.close();
  }
}

export async function runIdlePageBench(): Promise<IdlePageBenchResult> {
  const staticDir = benchStaticRoot('idle-page', { 'idle.html': dropInPage('idle page', '') });
  if (CROQUET_APPS_CHAT) await buildCroquetAppsChat(path.join(staticDir, 'demo'));
  const { createServer } = await import('../server/server.js');
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir });
  const browser = await launchChromium();
  const loadBefore = os.loadavg()[0];
  try {
    const ours = await idleCost(browser, `${server.url}demo/idle.html?room=idle-${Date.now().toString(36)}`, 'document.querySelector("croquet-chat")?.status === "online"');
    const croquetAppsChat = CROQUET_APPS_CHAT
      ? await idleCost(browser, appsChatUrl(server.url, `idle-${Date.now().toString(36)}`), APPS_CHAT_READY)
      : APPS_CHAT_SKIPPED;
    return { windowSeconds: WINDOW_SECONDS, ours, croquetAppsChat, loadAverage: { before: loadBefore, after: os.loadavg()[0] } };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

await runWhenMain(import.meta.url, runIdlePageBench);
