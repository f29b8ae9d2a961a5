/**
 * A full room persisted on the server, in real Chromium on loopback: how big the copy is, and how soon
 * after a post the copy on the server includes it.
 *
 * Each room is one page with the drop-in, served by the project's own server (same origin as `box="/"`),
 * filled by one person with {@link MAX_HISTORY} posts:
 * - typical: about 60 characters of everyday words each (compresses like chat). Measured twice: right
 *   after the burst, which follows the upload Croquet made at joining (Croquet then waits out 25 s of
 *   model time before the next upload), and for one more post after the room was quiet for longer than
 *   that (it uploads at once);
 * - maximal: posts at the length limit, of characters that compress poorly (the worst case for size),
 *   posted one at a time (see {@link Room.fill}).
 *
 * "Current" is the moment the page sends the SAVE frame whose data was collected at or after the last
 * post's model time (Croquet sends it once the upload is done); the server's persisted record must then
 * point at that upload (checked, not timed). Both instants are on the page's clock: from the last post's
 * arrival (its `croquet-chat-message` event) to that SAVE. Sizes: the persisted shape as JSON (rebuilt
 * from what the element shows, with keys sorted as Croquet's persistSession hashes it) and the stored
 * upload (gzip + encrypted).
 *
 * Page-side code is passed as strings: this file is compiled for Node (no DOM types).
 * Run alone: node dist/bench/persisted-room.js (prints JSON; a summary on stderr).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sleep } from './stats.js';
import { benchStaticRoot, launchChromium, type BenchBrowser, type BenchContext, type BenchPage } from './chromium.js';
import { dropInPage } from './online.js';
import { loadAverageLine, runWhenMain } from './main.js';

/** The model's own limits, from the build (dist/model/limits.js). */
const { MAX_HISTORY, MAX_TEXT_LENGTH } = (await import(new URL('../model/limits.js', import.meta.url).href)) as { MAX_HISTORY: number; MAX_TEXT_LENGTH: number };
/** Croquet uploads a room's persisted data at most once per 25 s of model time; a quiet room waits this long. */
const QUIET_MS = 26_000;

/** Runs first, before the drop-in: records the SAVE frames the page sends and when each post arrived. */
const INSTRUMENT = `
window.__saves = [];
window.__arrived = {};
const nativeSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data === 'string' && data.includes('"SAVE"')) {
    const frame = JSON.parse(data);
    if (frame.action === 'SAVE' && !frame.args.dissident) window.__saves.push({ persistTime: frame.args.persistTime, path: new URL(frame.args.url).pathname, at: performance.now() });
  }
  return nativeSend.call(this, data);
};
document.addEventListener('croquet-chat-message', (event) => { window.__arrived[event.detail.message.id] = performance.now(); });
`;

const PAGE = dropInPage('persisted room', INSTRUMENT);

/** Page-side: the persisted shape rebuilt from what the element shows, as Croquet's stable JSON, in UTF-8 bytes. */
const PERSISTED_JSON_BYTES = `(() => {
  const el = document.querySelector('croquet-chat');
  const history = el.messages.map(({ id, kind, viewId, personId, nickname, text, time, wallTime, clientId, notice }) => ({ id, kind, viewId, personId, nickname, text, time, wallTime, clientId, notice }));
  const room = { format: 1, nextEntryId: (history.at(-1)?.id ?? 0) + 1, history, people: el.users.map((user) => [user.personId, user.nickname]) };
  const sorted = (key, value) => value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value;
  return new TextEncoder().encode(JSON.stringify(room, sorted)).length;
})()`;

interface Save {
  persistTime: number;
  path: string;
  at: number;
}

/** How soon one change was on the server. */
export interface CurrentFigure {
  /** ms from the last post's arrival in the page to the SAVE of data that includes it. */
  ms: number;
}

export interface PersistedRoomBenchResult {
  entries: number;
  typical: {
    averageChars: number;
    jsonBytes: number;
    storedBytes: number;
    /** The burst right after the upload at joining: Croquet's 25 s between uploads decides this one. */
    afterBurst: CurrentFigure;
    /** One post in a room quiet for longer than that. */
    afterQuiet: CurrentFigure & { quietMs: number };
  };
  maximal: {
    chars: number;
    jsonBytes: number;
    /** The JSON if every character were a 4-byte emoji (JSON keeps them unescaped). */
    jsonBytesIfEmoji: number;
    storedBytes: number;
    /** The last of the posts, which also followed the upload at joining. */
    afterLast: CurrentFigure;
  };
  /** 1-minute load average before and after: the 2 cores are shared, so read the figures with it. */
  loadAverage: { before: number; after: number };
}

/** Deterministic pseudo-random numbers in [0, 1), so the rooms are the same on every run. */
function numbers(seed: number): () => number {
  let state = Math.imul(seed, 0x9e3779b1) >>> 0; // spread consecutive seeds apart
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = 'I you we the a to and of is it that for on with this can be at just so call meeting lunch later today tomorrow sounds good thanks sure think maybe project draft link review send sorry late see yes no ok great'.split(' ');

/** A typical chat line: about 60 characters of everyday words. */
function typical(i: number): string {
  const next = numbers(i);
  let line = '';
  while (line.length < 60) line += `${line ? ' ' : ''}${WORDS[Math.floor(next() * WORDS.length)]}`;
  return line;
}

/** A post at the length limit, of characters that compress poorly. */
function maximal(i: number): string {
  const next = numbers(1000 + i);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,';
  const chars = Array.from({ length: MAX_TEXT_LENGTH }, () => alphabet[Math.floor(next() * alphabet.length)]);
  chars[0] = chars[MAX_TEXT_LENGTH - 1] = '#'; // the model trims spaces at the ends
  return chars.join('');
}

/** One room in its own browser context (its own window, so Croquet keeps stepping it). */
class Room {
  private constructor(
    private readonly context: BenchContext,
    private readonly page: BenchPage,
    private readonly serverUrl: string,
    private readonly dataDir: string,
  ) {}

  static async open(browser: BenchBrowser, serverUrl: string, dataDir: string, name: string): Promise<Room> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${serverUrl}demo/persisted.html?room=${name}-${Date.now().toString(36)}`, { waitUntil: 'load' });
    await page.waitForFunction(`['online', 'error'].includes(document.querySelector('croquet-chat')?.status)`, { timeout: 30_000 });
    const error = await page.evaluate(`document.querySelector('croquet-chat').errorMessage`);
    if (error) throw new Error(`the persisted-room page failed: ${String(error)}`);
    return new Room(context, page, serverUrl, dataDir);
  }

  /**
   * Posts `texts` and waits until the last one is in the history: at once, or `oneByOne`, each once the
   * one before arrived. (Croquet's client sends at most 20 events a second and queues the rest in
   * bundles of up to 4 KB; past 20 queued bundles it closes the session, 4200 "Send rate exceeded".
   * A burst of 100 posts at the length limit can get there: seen here with the drop-in.)
   */
  async fill(texts: string[], oneByOne = false): Promise<void> {
    await this.page.evaluate(`(async () => {
      const el = document.querySelector('croquet-chat');
      for (const text of ${JSON.stringify(texts)}) {
        el.send(text);
        if (${oneByOne}) while (el.messages.at(-1)?.text !== text && el.status === 'online') await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })()`);
    try {
      await this.page.waitForFunction(`document.querySelector('croquet-chat').messages.at(-1)?.text === ${JSON.stringify(texts.at(-1))}`, { timeout: 120_000, polling: 50 });
    } catch (error) {
      const state = await this.page.evaluate(`(() => { const el = document.querySelector('croquet-chat'); return JSON.stringify({ status: el.status, error: el.errorMessage, entries: el.messages.length, pending: el.shadowRoot.querySelectorAll('[part~="pending-message"]').length }); })()`);
      throw new Error(`the posts never all arrived: ${String(state)}`, { cause: error });
    }
  }

  /** Waits for the SAVE that covers the latest post and for the server's record of it; ms from that post's arrival. */
  async current(): Promise<{ figure: CurrentFigure; save: Save }> {
    const last = JSON.parse(String(await this.page.evaluate(`JSON.stringify((() => { const m = document.querySelector('croquet-chat').messages.at(-1); return { id: m.id, time: m.time }; })())`))) as { id: number; time: number };
    await this.page.waitForFunction(`window.__saves.some((save) => save.persistTime >= ${last.time})`, { timeout: 60_000, polling: 20 });
    const { save, arrived } = JSON.parse(
      String(await this.page.evaluate(`JSON.stringify({ save: window.__saves.find((save) => save.persistTime >= ${last.time}), arrived: window.__arrived[${last.id}] })`)),
    ) as { save: Save; arrived: number };
    await this.recorded(save.path);
    return { figure: { ms: Math.round((save.at - arrived) * 10) / 10 }, save };
  }

  /** The server's persisted record points at `upload` (within a few seconds of the SAVE). */
  private async recorded(upload: string): Promise<void> {
    const dir = path.join(this.dataDir, 'persist');
    for (let tries = 0; tries < 250; tries++) {
      const records = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
      if (records.some((name) => fs.readFileSync(path.join(dir, name), 'utf8').includes(upload))) return;
      await sleep(20);
    }
    throw new Error(`the server never recorded the SAVE of ${upload}`);
  }

  async sizes(save: Save): Promise<{ jsonBytes: number; storedBytes: number }> {
    const jsonBytes = Number(await this.page.evaluate(PERSISTED_JSON_BYTES));
    const response = await fetch(new URL(save.path, this.serverUrl));
    if (!response.ok) throw new Error(`the upload ${save.path} is not on the server (${response.status})`);
    return { jsonBytes, storedBytes: (await response.arrayBuffer()).byteLength };
  }

  async texts(): Promise<string[]> {
    return JSON.parse(String(await this.page.evaluate(`JSON.stringify(document.querySelector('croquet-chat').messages.map((m) => m.text))`))) as string[];
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Runs both rooms against a fresh in-process server (needs a finished build). */
export async function runPersistedRoomBench(): Promise<PersistedRoomBenchResult> {
  const staticDir = benchStaticRoot('persisted', { 'persisted.html': PAGE });
  const { createServer } = (await import(new URL('../server/server.js', import.meta.url).href)) as {
    createServer: (options: { host?: string; port?: number; quiet?: boolean; staticDir?: string }) => Promise<{ url: string; dataDir: string; close(): Promise<void> }>;
  };
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir });
  const browser = await launchChromium();
  const loadBefore = os.loadavg()[0];
  try {
    const typicalRoom = await Room.open(browser, server.url, server.dataDir, 'typical');
    await typicalRoom.fill(Array.from({ length: MAX_HISTORY - 1 }, (_, i) => typical(i + 1)));
    const afterBurst = await typicalRoom.current();
    // Croquet's 25 s between uploads (its own timer; nothing to observe) passes, so the next change uploads at once.
    await sleep(QUIET_MS);
    await typicalRoom.fill([typical(MAX_HISTORY)]);
    const afterQuiet = await typicalRoom.current();
    const typicalTexts = await typicalRoom.texts();
    if (typicalTexts.length !== MAX_HISTORY) throw new Error(`the typical room holds ${typicalTexts.length} entries, not ${MAX_HISTORY}`);
    const typicalSizes = await typicalRoom.sizes(afterQuiet.save);
    await typicalRoom.close();

    const maximalRoom = await Room.open(browser, server.url, server.dataDir, 'maximal');
    const texts = Array.from({ length: MAX_HISTORY }, (_, i) => maximal(i));
    await maximalRoom.fill(texts, true);
    if (JSON.stringify(await maximalRoom.texts()) !== JSON.stringify(texts)) throw new Error('the maximal room does not hold its posts whole');
    const maximalCurrent = await maximalRoom.current();
    const maximalSizes = await maximalRoom.sizes(maximalCurrent.save);
    await maximalRoom.close();

    return {
      entries: MAX_HISTORY,
      typical: {
        averageChars: Math.round(typicalTexts.reduce((sum, text) => sum + text.length, 0) / typicalTexts.length),
        ...typicalSizes,
        afterBurst: afterBurst.figure,
        afterQuiet: { ...afterQuiet.figure, quietMs: QUIET_MS },
      },
      maximal: {
        chars: MAX_TEXT_LENGTH,
        jsonBytes: maximalSizes.jsonBytes,
        jsonBytesIfEmoji: maximalSizes.jsonBytes + MAX_HISTORY * MAX_TEXT_LENGTH * 3,
        storedBytes: maximalSizes.storedBytes,
        afterLast: maximalCurrent.figure,
      },
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

/** Human-readable lines. */
export function formatPersistedRoomBench(result: PersistedRoomBenchResult): string {
  const { entries, typical: t, maximal: m } = result;
  return [
    `persisted room, ${entries} typical posts (${t.averageChars} chars on average): ${t.jsonBytes} bytes of JSON, ${t.storedBytes} bytes stored (gzip + encrypted)`,
    `persisted room, ${entries} posts of ${m.chars} chars: ${m.jsonBytes} bytes of JSON (${m.jsonBytesIfEmoji} if every char were an emoji), ${m.storedBytes} bytes stored`,
    `copy current on the server: ${t.afterBurst.ms} ms after a burst of typical posts that followed the upload at joining, ${m.afterLast.ms} ms after the last maximal post; ` +
      `${t.afterQuiet.ms} ms after a post in a room quiet for ${t.afterQuiet.quietMs / 1000} s`,
    loadAverageLine(result.loadAverage),
  ].join('\n');
}

await runWhenMain(import.meta.url, runPersistedRoomBench, formatPersistedRoomBench);
