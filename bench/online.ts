/**
 * Time to online, in real Chromium on loopback: how long a visitor waits from navigation until the
 * widget says "Online", split into phases, with the page cold (fresh browser profile: empty HTTP and
 * code caches) and warm (the same page loaded again in that profile).
 *
 * The page is served by the project's own server (same origin as `box="/"`), like the demo. A resident
 * page keeps the room alive with some history, as in a real lobby; otherwise a lone newcomer resets the
 * room and there is no history to render. The page measures itself, without hooks in the widget:
 * a classic script runs before the drop-in and wraps `WebSocket`, traps Croquet's `__CROQUET__` global
 * (set when Croquet is evaluated), and listens for the element's events. Every phase is ms since
 * navigation start, and each figure is the median over the runs.
 *
 * Page-side code is passed as strings: this file is compiled for Node (no DOM types).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { APPS_CHAT_SKIPPED, CROQUET_APPS_CHAT, appsChatUrl, buildCroquetAppsChat } from './croquet-apps-chat.js';
import { benchStaticRoot, launchChromium, type BenchBrowser, type BenchPage } from './chromium.js';
import { loadAverageLine, runWhenMain } from './main.js';
import { percentile } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench/ → repository root
/** Measured navigations per mode (cold, warm). */
const RUNS = Number(process.env.BENCH_ONLINE_RUNS ?? 9);
/** Posts the resident page leaves in the room before the runs. */
const HISTORY = 20;
/**
 * How long each visitor stays once online before it leaves, as people do. Our server asks a joiner into a
 * long log for a snapshot, which Croquet's client takes a moment after joining; a visitor that left at
 * once would never leave one, and every later visitor would replay the whole log.
 */
const STAY_MS = Number(process.env.BENCH_ONLINE_STAY_MS ?? 1000);
const stay = () => new Promise((resolve) => setTimeout(resolve, STAY_MS));

/** The phases, in the order a visitor goes through them. */
export const PHASES = [
  'scriptLoaded', // the drop-in's first file has arrived (resource timing responseEnd)
  'defined', // customElements.whenDefined('croquet-chat') resolved
  'shellPainted', // first contentful paint: the widget's frame with "Connecting…"
  'croquetLoaded', // Croquet evaluated (it sets globalThis.__CROQUET__)
  'socketOpen', // the reflector's WebSocket is open
  'joinSent', // JOIN written to the socket
  'sync', // SYNC arrived
  'usersAnnounced', // the reflector's first "users" message after SYNC (names this client)
  'historyRendered', // the first history entry is in the shadow DOM
  'online', // croquet-chat-status: online
  'presence',
] as const;
export type Phase = (typeof PHASES)[number];
export type Breakdown = Record<Phase, number>;

export interface OnlineBenchResult {
  runs: number;
  historyEntries: number;
  /** Median ms since navigation start for each phase. */
  cold: Breakdown;
  warm: Breakdown;
  /** The floor page (FLOOR_ELEMENT), cold: how soon any lit element paints here. */
  floor: Pick<Breakdown, 'scriptLoaded' | 'defined' | 'shellPainted'>;
  floorRuns: Breakdown[];
  /** Every run, for the spread. */
  coldRuns: Breakdown[];
  warmRuns: Breakdown[];
  /**
   * Croquet's own sample chat on the same Croquet and server, cold, interleaved with ours (its "online":
   * its view has rendered the room's history), and ours over it; or why it was skipped.
   */
  croquetAppsChat: { cold: Partial<Breakdown>; coldRuns: Partial<Breakdown>[]; oursOverCroquetOnline: number; stages: StageGap[] } | string;
  /** 1-minute load average before and after: the 2 cores are shared, so read the figures with it. */
  loadAverage: { before: number; after: number };
}

/** Runs first, before the drop-in: records each phase once, as ms since navigation start. */
const INSTRUMENT = `
window.__phases = {};
const mark = (name, at = performance.now()) => { if (!(name in window.__phases)) window.__phases[name] = at; };
let croquet;
Object.defineProperty(globalThis, '__CROQUET__', { configurable: true, get: () => croquet, set(value) { croquet = value; mark('croquetLoaded'); } });
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') mark('shellPainted', entry.startTime);
}).observe({ type: 'paint', buffered: true });
const NativeWebSocket = WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('open', () => mark('socketOpen'));
    this.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      if (event.data.startsWith('{"id":') && event.data.slice(0, 200).includes('"action":"SYNC"')) mark('sync');
      else if ('sync' in window.__phases && event.data.includes('"what":"users"')) mark('usersAnnounced');
    });
  }
  send(data) {
    if (typeof data === 'string' && data.slice(0, 200).includes('"action":"JOIN"')) mark('joinSent');
    super.send(data);
  }
};
document.addEventListener('croquet-chat-status', (event) => { if (event.detail.status === 'online') mark('online'); });
document.addEventListener('croquet-chat-presence', () => mark('presence'));
customElements.whenDefined('croquet-chat').then(async () => {
  mark('defined');
  const el = document.querySelector('croquet-chat');
  await el.updateComplete;
  const check = () => { if (el.shadowRoot.querySelector('[part~="message"]')) { mark('historyRendered'); return true; } return false; };
  if (!check()) new MutationObserver((_, observer) => { if (check()) observer.disconnect(); }).observe(el.shadowRoot, { childList: true, subtree: true });
});
`;

/**
 * A page with the drop-in on one `<croquet-chat box="/">` in the room named by its `?room=`, after a
 * classic script (`instrument`) that measures the page from the inside.
 */
export function dropInPage(title: string, instrument: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <script>${instrument}</script>
    <script type="module" src="/dist/croquet-chat.bundle.js"></script>
  </head>
  <body>
    <croquet-chat box="/"></croquet-chat>
    <script>document.querySelector('croquet-chat').session = new URLSearchParams(location.search).get('room');</script>
  </body>
</html>
`;
}

const PAGE = dropInPage('time to online', INSTRUMENT);

/** The same phases in Croquet's apps/chat page; its "online" is its view rendering the history. */
const APPS_CHAT_INSTRUMENT = `${INSTRUMENT}
document.addEventListener('DOMContentLoaded', () => {
  const out = document.getElementById('textOut');
  const check = () => { if (out.textContent.includes('Welcome to Croquet Chat')) { mark('online'); return true; } return false; };
  if (!check()) new MutationObserver((_, observer) => { if (check()) observer.disconnect(); }).observe(out, { childList: true, subtree: true });
});
`;
/** The phases both pages have. */
const SHARED_PHASES = ['scriptLoaded', 'croquetLoaded', 'socketOpen', 'joinSent', 'sync', 'online'] as const;

/**
 * The stretches both pages go through, from navigation to online: each run's time in a stretch, so that
 * the medians say where one page spends longer (a difference of two phases' medians would mix runs).
 */
const STAGES = [
  ['navigationStart', 'croquetLoaded'], // our shell, then the runtime; its one script for apps/chat
  ['croquetLoaded', 'joinSent'],
  ['joinSent', 'sync'],
  ['sync', 'online'], // the room's state loaded and shown (and for us, the identify's round trip)
] as const;
/** One stretch: the median ms it took each page, per run. */
export interface StageGap {
  from: string;
  to: string;
  ours: number;
  croquetAppsChat: number;
}

function stageGaps(ours: Breakdown[], theirs: Partial<Breakdown>[]): StageGap[] {
  const at = (run: Partial<Breakdown>, phase: string) => (phase === 'navigationStart' ? 0 : (run[phase as Phase] ?? NaN));
  const median = (runs: Partial<Breakdown>[], from: string, to: string) => percentile(runs.map((run) => at(run, to) - at(run, from)).filter(Number.isFinite), 50);
  return STAGES.map(([from, to]) => ({ from, to, ours: median(ours, from, to), croquetAppsChat: median(theirs, from, to) }));
}

/**
 * The floor for the shell: the smallest lit element that paints a frame like ours (a bordered box saying
 * "Connecting…"), served and measured the same way in the same run. What our shell costs beyond lit
 * and the browser is the difference.
 */
const FLOOR_ELEMENT = `
import { LitElement, css, html } from 'lit';
class Floor extends LitElement {
  static styles = css\`:host { display: block; height: 24rem; border: 1px solid #d1d5db; border-radius: 8px; font: 15px system-ui, sans-serif; padding: 8px; }\`;
  render() { return html\`<header><span>Connecting…</span></header>\`; }
}
customElements.define('croquet-chat', Floor);
`;
const FLOOR_PAGE = PAGE.replace('/dist/croquet-chat.bundle.js', '/demo/floor.js');

/** FLOOR_ELEMENT bundled and minified like the drop-in (lit inlined). */
async function buildFloor(): Promise<string> {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const config = (await import(pathToFileURL(`${root}rollup.config.mjs`).href)) as { minifiers: () => import('rollup').Plugin[] };
  const entry = `${root}floor-element.js`; // a virtual module: resolved from the project, never written
  const bundle = await rollup({
    input: entry,
    plugins: [{ name: 'floor', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? FLOOR_ELEMENT : null) }, nodeResolve({ browser: true }), ...config.minifiers()],
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  return output[0].code;
}

/** Navigates and returns the page's phases once it is online (or throws with the element's error). */
async function measure(page: BenchPage, url: string, until: Phase[] = ['online', 'historyRendered']): Promise<Breakdown> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(
    `(window.__phases && ${JSON.stringify(until)}.every((phase) => phase in window.__phases)) || document.querySelector('croquet-chat')?.status === 'error'`,
    { timeout: 20_000, polling: 'raf' },
  );
  const phases = JSON.parse(
    String(
      await page.evaluate(`(() => {
        const el = document.querySelector('croquet-chat');
        if (el.status === 'error') return JSON.stringify({ error: el.errorMessage });
        const src = document.querySelector('script[type="module"]').src; // the drop-in (or the floor's element)
        const first = performance.getEntriesByType('resource').find((e) => e.name === src);
        return JSON.stringify({ ...window.__phases, scriptLoaded: first ? first.responseEnd : NaN });
      })()`),
    ),
  ) as Breakdown & { error?: string };
  if (phases.error) throw new Error(`time-to-online page failed: ${phases.error}`);
  return Object.fromEntries(PHASES.map((phase) => [phase, Math.round((phases[phase] ?? NaN) * 10) / 10])) as Breakdown;
}

/** A cold navigation of Croquet's apps/chat in a new browser context: the phases it shares with ours. */
async function measureAppsChat(browser: BenchBrowser, url: string): Promise<Partial<Breakdown>> {
  const context = (await browser.createBrowserContext());
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(`window.__phases && 'online' in window.__phases`, { timeout: 20_000, polling: 'raf' });
    const phases = JSON.parse(
      String(
        await page.evaluate(`(() => {
          const src = document.querySelector('script[type="module"]').src;
          const first = performance.getEntriesByType('resource').find((e) => e.name === src);
          return JSON.stringify({ ...window.__phases, scriptLoaded: first ? first.responseEnd : NaN });
        })()`),
      ),
    ) as Breakdown;
    await stay();
    return Object.fromEntries(SHARED_PHASES.map((phase) => [phase, Math.round((phases[phase] ?? NaN) * 10) / 10]));
  } finally {
    await context.close();
  }
}

function medians(runs: Breakdown[]): Breakdown {
  return Object.fromEntries(PHASES.map((phase) => [phase, percentile(runs.map((run) => run[phase]), 50)])) as Breakdown;
}

/** Runs the scenario against a fresh in-process server (needs a finished build). */
export async function runOnlineBench(): Promise<OnlineBenchResult> {
  const staticDir = benchStaticRoot('online', { 'online.html': PAGE, 'floor.html': FLOOR_PAGE, 'floor.js': await buildFloor() });
  if (CROQUET_APPS_CHAT) await buildCroquetAppsChat(path.join(staticDir, 'demo'), APPS_CHAT_INSTRUMENT);
  const { createServer } = (await import(new URL('../server/server.js', import.meta.url).href)) as {
    createServer: (options: { host?: string; port?: number; quiet?: boolean; staticDir?: string }) => Promise<{ url: string; close(): Promise<void> }>;
  };
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir });
  const browser = await launchChromium();
  const loadBefore = os.loadavg()[0];
  try {
    const room = `online-${Date.now().toString(36)}`;
    const url = `${server.url}demo/online.html?room=${room}`;
    // The resident: its own browser context (its own window, so Croquet keeps stepping it), stays in the room.
    const resident = (await browser.createBrowserContext());
    const residentPage = await resident.newPage();
    await measure(residentPage, url, ['online']); // an empty room: no history to render yet
    await residentPage.evaluate(`(() => { const el = document.querySelector('croquet-chat'); for (let i = 1; i <= ${HISTORY}; i++) el.send('history ' + i); })()`);
    await residentPage.waitForFunction(`document.querySelector('croquet-chat').messages.at(-1)?.text === 'history ${HISTORY}'`, { timeout: 20_000 });

    // Croquet's app gets a resident with the same history in a room of its own.
    const appUrl = appsChatUrl(server.url, `${room}-app`);
    if (CROQUET_APPS_CHAT) {
      const appResident = await ((await browser.createBrowserContext())).newPage();
      await appResident.goto(appUrl, { waitUntil: 'load' });
      await appResident.waitForFunction(`document.querySelector('#textOut')?.textContent.includes('Welcome to Croquet Chat')`, { timeout: 20_000 });
      await appResident.evaluate(`(() => { const input = document.getElementById('textIn'); for (let i = 1; i <= ${HISTORY}; i++) { input.value = 'history ' + i; document.getElementById('sendButton').click(); } })()`);
      await appResident.waitForFunction(`document.querySelector('#textOut').textContent.includes('history ${HISTORY}')`, { timeout: 20_000 });
    }
    const coldRuns: Breakdown[] = [];
    const warmRuns: Breakdown[] = [];
    const floorRuns: Breakdown[] = [];
    const appRuns: Partial<Breakdown>[] = [];
    const floorUrl = `${server.url}demo/floor.html`;
    await measureInFreshContext(browser, url); // one unrecorded run: the server's and Chromium's first-time costs
    for (let i = 0; i < RUNS; i++) {
      const { cold, warm } = await measureInFreshContext(browser, url);
      coldRuns.push(cold);
      warmRuns.push(warm);
      floorRuns.push(await measureFloor(browser, floorUrl)); // interleaved, so both see the same machine
      if (CROQUET_APPS_CHAT) appRuns.push(await measureAppsChat(browser, appUrl));
    }
    const ourCold = medians(coldRuns);
    const appCold = Object.fromEntries(SHARED_PHASES.map((phase) => [phase, percentile(appRuns.map((run) => run[phase] ?? NaN), 50)]));
    return {
      runs: RUNS,
      historyEntries: HISTORY,
      cold: ourCold,
      warm: medians(warmRuns),
      floor: pick(medians(floorRuns), ['scriptLoaded', 'defined', 'shellPainted']),
      coldRuns,
      warmRuns,
      floorRuns,
      croquetAppsChat: CROQUET_APPS_CHAT
        ? { cold: appCold, coldRuns: appRuns, oursOverCroquetOnline: Math.round((ourCold.online / appCold.online) * 100) / 100, stages: stageGaps(coldRuns, appRuns) }
        : APPS_CHAT_SKIPPED,
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

/** The floor page, cold, in a new browser context: its phases up to the first paint. */
async function measureFloor(browser: BenchBrowser, url: string): Promise<Breakdown> {
  const context = (await browser.createBrowserContext());
  try {
    return await measure(await context.newPage(), url, ['defined', 'shellPainted']);
  } finally {
    await context.close();
  }
}

function pick<K extends Phase>(breakdown: Breakdown, phases: K[]): Pick<Breakdown, K> {
  return Object.fromEntries(phases.map((phase) => [phase, breakdown[phase]])) as Pick<Breakdown, K>;
}

/** A cold navigation in a new browser context, then a warm one in the same context. */
async function measureInFreshContext(browser: BenchBrowser, url: string): Promise<{ cold: Breakdown; warm: Breakdown }> {
  const context = (await browser.createBrowserContext());
  try {
    const page = await context.newPage();
    const cold = await measure(page, url);
    await stay();
    await page.goto('about:blank');
    const warm = await measure(page, url);
    await stay();
    return { cold, warm };
  } finally {
    await context.close();
  }
}

/** Human-readable lines: one per mode, each phase with its median. */
export function formatOnlineBench(result: OnlineBenchResult): string {
  const line = (mode: string, breakdown: Breakdown) =>
    `time to online, ${mode} (median of ${result.runs}, ms since navigation): ` + PHASES.map((phase) => `${phase} ${breakdown[phase]}`).join(', ');
  return [
    line('cold', result.cold),
    line('warm', result.warm),
    `floor (a minimal lit element, cold, same run): scriptLoaded ${result.floor.scriptLoaded}, defined ${result.floor.defined}, shellPainted ${result.floor.shellPainted}; ` +
      `our shell paints ${(result.cold.shellPainted - result.floor.shellPainted).toFixed(1)} ms after it`,
    typeof result.croquetAppsChat === 'string'
      ? `Croquet's apps/chat: ${result.croquetAppsChat}`
      : `Croquet's apps/chat, cold, same run: ${Object.entries(result.croquetAppsChat.cold).map(([phase, ms]) => `${phase} ${ms}`).join(', ')}; ` +
        `ours online at x${result.croquetAppsChat.oursOverCroquetOnline} of its time\n` +
        `by stage, cold (median ms per run, ours vs apps/chat): ` +
        result.croquetAppsChat.stages
          .map(({ from, to, ours, croquetAppsChat: theirs }) => `${from}→${to} ${ours.toFixed(1)} vs ${theirs.toFixed(1)} (${ours >= theirs ? '+' : ''}${(ours - theirs).toFixed(1)})`)
          .join(', '),
    loadAverageLine(result.loadAverage),
  ].join('\n');
}

await runWhenMain(import.meta.url, runOnlineBench, formatOnlineBench);
