/**
 * Signed events against the build before them (1c7e3ac, unsigned), in the same run, on one server (this
 * build's) and one Chromium, the two builds alternated so both see the same machine:
 * (a) A→B delivery: page A's element `send()`s a post, page B's element fires `croquet-chat-message` for it
 *     (and has rendered it: its `updateComplete` after the event, the text in its shadow root; before
 *     paint). A and B are two people, each in a browser context of its own; stamps are
 *     `performance.timeOrigin + performance.now()` in each page, B's corrected by the two pages' measured
 *     clock offset. One post at a time, the builds in turn, a random 100–300 ms pause between posts. A's
 *     own echo (its element's event for its post, on A's clock alone) is printed too.
 * (b) Late join: a room filled with {@link POSTS} posts through the widget API by {@link POSTERS} people
 *     (each its own browser context, posting its share in parallel: the widget paces each element to 5 posts
 *     a second after 10, so one person would take 400 s for 2,000), the last one a marker from the first
 *     poster, who stays as the room's resident; all its pages carry `modelOptions = { postBurst: 1000 }`
 *     (rules are part of the session id, so every page of the room sets it; the unsigned build ignores the
 *     rule but hashes it all the same). Then a fresh page (new browser context: cold caches) joins, and the
 *     figure is the time until its element is `online` with the marker rendered in its history: from
 *     navigation start, and from its WebSocket's open (the join itself: SYNC, snapshot, replay, first render).
 *     A late joiner loads the room's latest snapshot and replays every message after it, checking each
 *     signed post in it, so the figure depends on that tail, which depends on where Croquet's last snapshot
 *     fell (a client snapshots after about 5 s of simulation, counting 5 ms per message plus the time taken;
 *     Croquet also bundles events a client sends within 50 ms of each other into one message, so a message
 *     holds one or several posts). So it is measured twice: (1) as filled, each room's tail wherever it fell
 *     (printed); (2) after topping both rooms up to the same tail, {@link TAIL} posts after a snapshot
 *     (posting until a new snapshot, then the tail's posts spaced out, so each is a message of its own).
 *     Each joiner's SYNC tells the messages it replayed and its snapshot's model time; the resident's
 *     posts' model times tell how many posts came after it.
 * (c) Growth: the drop-in's shell (croquet-chat.bundle.js) and runtime (drop-in/runtime-*.js) of both builds,
 *     raw, gzip (level 9) and brotli (quality 11) as bench/widget.ts measures them, and what this server sends
 *     for each as Chromium asks.
 *
 * The baseline is a built checkout of 1c7e3ac OUTSIDE this repository, named by BENCH_BASELINE_DIR; without
 * it the bench prints "skipped: set BENCH_BASELINE_DIR". It is never built from here. To make it:
 *   mkdir <baseline dir> && git -C <this repository> archive 1c7e3ac | tar -x -C <baseline dir>
 *     (or: git -C <this repository> worktree add <baseline dir> 1c7e3ac)
 *   ln -s <this repository>/node_modules <baseline dir>/node_modules   (its lockfile lacks @noble/curves; it needs none)
 *   (cd <baseline dir> && npm run build:ts && npm run build:bundle)
 * then BENCH_BASELINE_DIR=<baseline dir> npm run bench, or alone after a build:
 *   BENCH_BASELINE_DIR=<baseline dir> node dist/bench/signed-delivery.js   (JSON on stdout, a summary on stderr)
 * Both builds are served by one server from one static root: /demo/build-signed/ is this build's dist/,
 * /demo/build-unsigned/ the baseline's (same headers for both). Their MODEL_VERSIONs differ, so they are
 * different Croquet sessions even for one room name; each side only chats with itself (rooms are named per
 * build anyway).
 *
 * Knobs: BENCH_DELIVERY_POSTS (posts per build, 100), BENCH_LATE_JOIN_POSTS (2000), BENCH_LATE_JOIN_POSTERS
 * (8), BENCH_LATE_JOIN_TAIL (150), BENCH_LATE_JOIN_RUNS (joins per build and tail, 7). About 6 minutes.
 * Page-side code is passed as strings: this file is compiled for Node (no DOM types).
 */
import * as fs from 'node:fs';
import http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { INITIAL_SEQ } from '../server/protocol.js';
import { benchStaticRoot, launchChromium, type BenchBrowser, type BenchContext, type BenchPage } from './chromium.js';
import { percentile, sleep } from './stats.js';
import { loadAverageLine, runWhenMain } from './main.js';

const root = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench/ → repository root
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR;
export const SIGNED_DELIVERY_SKIPPED = 'skipped: set BENCH_BASELINE_DIR to a built checkout of 1c7e3ac outside this repository (see the top of bench/signed-delivery.ts)';

const DELIVERY_POSTS = Number(process.env.BENCH_DELIVERY_POSTS ?? 100);
const DELIVERY_WARMUP = 5;
const POSTS = Number(process.env.BENCH_LATE_JOIN_POSTS ?? 2000);
const POSTERS = Number(process.env.BENCH_LATE_JOIN_POSTERS ?? 8);
/** Posts after the latest snapshot in both rooms for the second set of late joins. */
const TAIL = Number(process.env.BENCH_LATE_JOIN_TAIL ?? 150);
const JOIN_RUNS = Number(process.env.BENCH_LATE_JOIN_RUNS ?? 7);
/** The room rule that lets one person post in bursts (the signed build's flood control; MAX_POST_BURST). */
const POST_BURST = 1000;
/** Between one poster's posts of the top-up: Croquet bundles a client's events sent within 50 ms of each other. */
const TAIL_GAP_MS = 250;
/** Croquet snapshots at most every 5 s of model time and uploads before it says SNAP: quiet this long, none is under way. */
const SETTLE_MS = 7000;

type BuildName = 'signed' | 'unsigned';
const BUILDS: readonly BuildName[] = ['signed', 'unsigned'];

export interface SizeFigures {
  raw: number;
  gzip: number;
  brotli: number;
  /** Bytes this server sends for it to Chromium (its Accept-Encoding). */
  wire: number;
}

export interface DeliveryFigures {
  /** ms from A's send() to B's croquet-chat-message: p50, p99 (nearest rank). */
  p50: number;
  p99: number;
  /** ms until B's element has rendered it. */
  renderedP50: number;
  renderedP99: number;
  /** ms until A's own element has it (A's clock alone). */
  echoP50: number;
  echoP99: number;
  /** B's clock minus A's (ms), measured and taken off B's stamps. */
  clockSkewMs: number;
  samples: { ms: number; renderedMs: number; echoMs: number }[];
}

export interface JoinFigures {
  /** ms from navigation start until online with the room's last post rendered. */
  fromNavigation: number;
  /** ms from the WebSocket's open until then. */
  fromSocketOpen: number;
  /** ms from the WebSocket's open until SYNC arrived. */
  syncFromSocketOpen: number;
  /** Messages in the SYNC: what the joiner replayed after loading the snapshot (Croquet bundles events sent close together into one message). */
  replayedMessages: number;
  /** Posts among them (the room's posts after the snapshot's time): each one a signature check in the signed build. */
  replayedPosts: number;
  /** Length of the SYNC frame (characters). */
  syncChars: number;
}

export interface JoinSet {
  fromNavigationP50: number;
  fromSocketOpenP50: number;
  replayedPostsP50: number;
  replayedMessagesP50: number;
  runs: JoinFigures[];
}

export interface RoomFill {
  /** Posts in the room (the fill and any top-up). */
  posts: number;
  /** How long the fill took (s). */
  fillSeconds: number;
  /** Snapshots (SNAPs sent by the room's posters) during the fill. */
  snapshots: number;
  /** Posts (and messages) after the latest snapshot once the fill settled. */
  tailAfterFill: { posts: number; messages: number };
  /** Posts added to reach {@link TAIL} posts after a snapshot, and the tail then. */
  topUpPosts: number;
  tailAfterTopUp: { posts: number; messages: number };
}

export type SignedDeliveryResult =
  | { skipped: string }
  | {
      baseline: { dir: string; modelVersion: number | null };
      current: { modelVersion: number | null };
      sizes: Record<'shell' | 'runtime', Record<BuildName, SizeFigures> & { growth: { raw: number; gzip: number; brotli: number } }>;
      delivery: Record<BuildName, DeliveryFigures> & { posts: number; ratioP50: number; ratioP99: number; renderedRatioP50: number };
      lateJoin: {
        posters: number;
        rooms: Record<BuildName, RoomFill>;
        /** As filled ({@link POSTS} posts each): tails wherever the last snapshot fell. */
        asFilled: Record<BuildName, JoinSet> & { ratioFromNavigation: number; ratioFromSocketOpen: number };
        /** Both rooms topped up to the same tail: {@link TAIL} posts after the latest snapshot. */
        sameTail: Record<BuildName, JoinSet> & { tail: number; ratioFromNavigation: number; ratioFromSocketOpen: number };
      };
      loadAverage: { before: number; after: number };
    };

// ---------------------------------------------------------------- sizes

/** As bench/widget.ts measures: raw, gzip level 9, brotli quality 11. */
function compressedSizes(buffer: Buffer): Omit<SizeFigures, 'wire'> {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The runtime file a build's shell imports (its name carries a content hash). */
function runtimeFile(dist: string): string {
  const shell = fs.readFileSync(path.join(dist, 'croquet-chat.bundle.js'), 'utf8');
  const match = /import\("\.\/(drop-in\/runtime-[\w-]+\.js)"\)/.exec(shell);
  if (!match) throw new Error(`${dist}/croquet-chat.bundle.js does not import a drop-in/runtime-*.js file`);
  return match[1];
}

/** The body bytes of one GET as sent (not decoded), asked as Chromium asks for scripts. */
function wireBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

async function measureSizes(dists: Record<BuildName, string>, serverUrl: string): Promise<Extract<SignedDeliveryResult, { sizes: unknown }>['sizes']> {
  const part = async (file: (dist: string) => string) => {
    const figures = {} as Record<BuildName, SizeFigures>;
    for (const build of BUILDS) {
      const name = file(dists[build]);
      figures[build] = { ...compressedSizes(fs.readFileSync(path.join(dists[build], name))), wire: await wireBytes(`${serverUrl}demo/build-${build}/${name}`) };
    }
    const growth = { raw: figures.signed.raw - figures.unsigned.raw, gzip: figures.signed.gzip - figures.unsigned.gzip, brotli: figures.signed.brotli - figures.unsigned.brotli };
    return { ...figures, growth };
  };
  return { shell: await part(() => 'croquet-chat.bundle.js'), runtime: await part(runtimeFile) };
}

// ---------------------------------------------------------------- pages

/**
 * Runs first in every page, before the drop-in: phases (ms since navigation), the frames that tell the
 * room's log (the last RECV seq, SYNCs, the SNAPs this page sends), and the posts that arrive.
 */
const INSTRUMENT = `
window.__now = () => performance.timeOrigin + performance.now();
window.__phases = {};
window.__net = { lastSeq: null, snaps: [], syncs: [] };
window.__arrived = new Map();
window.__track = false;
window.__postTimes = [];
const mark = (name) => { if (!(name in window.__phases)) window.__phases[name] = performance.now(); };
const NativeWebSocket = WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    mark('socketCreated');
    this.addEventListener('open', () => mark('socketOpen'));
    this.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const head = event.data.slice(0, 200);
      if (head.includes('"action":"RECV"')) {
        const seq = /"args":\\[[^,\\]]*,(\\d+)/.exec(head);
        if (seq) window.__net.lastSeq = Number(seq[1]);
      } else if (head.includes('"action":"SYNC"')) {
        mark('sync');
        const { args } = JSON.parse(event.data);
        window.__net.lastSeq = args.seq;
        window.__net.syncs.push({ seq: args.seq, snapshotSeq: args.snapshotSeq, snapshotTime: args.snapshotTime, messages: args.messages.length, chars: event.data.length });
      }
    });
  }
  send(data) {
    if (typeof data === 'string' && data.includes('"SNAP"')) {
      try {
        const frame = JSON.parse(data);
        if (frame.action === 'SNAP' && frame.args.dissident == null) window.__net.snaps.push({ seq: frame.args.seq, time: frame.args.time });
      } catch {}
    }
    super.send(data);
  }
};
document.addEventListener('croquet-chat-status', (event) => mark(event.detail.status));
document.addEventListener('croquet-chat-message', (event) => {
  const { message } = event.detail;
  if (message.kind === 'post') window.__postTimes.push(message.time);
  if (!window.__track) return;
  const record = { event: window.__now() };
  window.__arrived.set(message.text, record);
  const el = event.target;
  // The element asks for its update right after the event: wait for that update, then look for the text.
  Promise.resolve().then(() => el.updateComplete).then(() => {
    const shown = [...el.shadowRoot.querySelectorAll('[part~="text"]')].some((node) => node.textContent === message.text);
    record.rendered = shown ? window.__now() : NaN;
  });
});
/** This page's high-resolution clock minus the system clock (Date.now()), averaged over 30 ms. */
window.__clockOffset = () => {
  let sum = 0, n = 0;
  for (const end = Date.now() + 30; Date.now() < end; n++) sum += window.__now() - Date.now();
  return sum / n;
};
const last = new URLSearchParams(location.search).get('last');
if (last) customElements.whenDefined('croquet-chat').then(async () => {
  const el = document.querySelector('croquet-chat');
  await el.updateComplete;
  const check = () => {
    if (![...el.shadowRoot.querySelectorAll('[part~="text"]')].some((node) => node.textContent === last)) return false;
    mark('historyShown');
    return true;
  };
  if (!check()) new MutationObserver((_, observer) => { if (check()) observer.disconnect(); }).observe(el.shadowRoot, { childList: true, subtree: true, characterData: true });
});
`;

/** One build's page: `?room=` names the room, `?hide=1` hides the element (posters), `?last=` is the post to wait for. */
function page(build: BuildName): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${build}</title>
    <link rel="icon" href="data:," />
    <script>${INSTRUMENT}</script>
    <script type="module" src="/demo/build-${build}/croquet-chat.bundle.js"></script>
  </head>
  <body>
    <croquet-chat box="/" style="height: 400px"></croquet-chat>
    <script>
      {
        const params = new URLSearchParams(location.search);
        const el = document.querySelector('croquet-chat');
        el.modelOptions = { postBurst: ${POST_BURST} };
        if (params.get('hide')) el.style.display = 'none';
        el.session = params.get('room');
      }
    </script>
  </body>
</html>
`;
}

interface OpenPage {
  context: BenchContext;
  page: BenchPage;
}

/** A page in a browser context of its own (its own window and storage: its own person), online. */
async function openPage(browser: BenchBrowser, url: string): Promise<OpenPage> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(`['online', 'error'].includes(document.querySelector('croquet-chat')?.status)`, { timeout: 60_000, polling: 50 });
  const error = String(await page.evaluate(`document.querySelector('croquet-chat').errorMessage`));
  if (error) throw new Error(`a bench page failed (${url}): ${error}`);
  return { context, page };
}

const json = <T>(page: BenchPage, code: string): Promise<T> => page.evaluate<string>(`JSON.stringify(${code})`).then((text) => JSON.parse(text) as T);
const round = (value: number, places = 1): number => Math.round(value * 10 ** places) / 10 ** places;
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

/** Deterministic everyday words, so every run posts the same lines. */
const WORDS = 'I you we the a to and of is it that for on with this can be at just so call meeting lunch later today tomorrow sounds good thanks sure think maybe project draft link review send sorry late see yes no ok great'.split(' ');
function line(prefix: string, n: number): string {
  let state = Math.imul(n + 1, 0x9e3779b1) >>> 0;
  let text = prefix;
  while (text.length < 60) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    text += ` ${WORDS[Math.floor((state / 2 ** 32) * WORDS.length)]}`;
  }
  return text;
}

// ---------------------------------------------------------------- (a) delivery

interface Pair {
  a: BenchPage;
  b: BenchPage;
  skew: number;
}

async function openPair(browser: BenchBrowser, url: string): Promise<Pair & { pages: OpenPage[] }> {
  const a = await openPage(browser, url);
  const b = await openPage(browser, url);
  await b.page.waitForFunction(`document.querySelector('croquet-chat').users.length === 2`, { timeout: 30_000 });
  for (const { page } of [a, b]) await page.evaluate(`window.__track = true`);
  const offset = async (p: BenchPage) => percentile(await Promise.all([0, 1, 2].map(() => p.evaluate<number>(`window.__clockOffset()`))), 50);
  const skew = (await offset(b.page)) - (await offset(a.page));
  return { a: a.page, b: b.page, skew, pages: [a, b] };
}

async function deliver(pair: Pair, text: string): Promise<DeliveryFigures['samples'][number]> {
  const key = JSON.stringify(text);
  const sentAt = await pair.a.evaluate<number>(`(() => { const t = window.__now(); document.querySelector('croquet-chat').send(${key}); return t; })()`);
  await pair.b.waitForFunction(`window.__arrived.get(${key})?.rendered !== undefined`, { timeout: 30_000, polling: 10 });
  await pair.a.waitForFunction(`window.__arrived.get(${key}) !== undefined`, { timeout: 30_000, polling: 10 });
  const b = await json<{ event: number; rendered: number | null }>(pair.b, `window.__arrived.get(${key})`);
  const a = await json<{ event: number }>(pair.a, `window.__arrived.get(${key})`);
  return { ms: round(b.event - pair.skew - sentAt, 2), renderedMs: round((b.rendered ?? NaN) - pair.skew - sentAt, 2), echoMs: round(a.event - sentAt, 2) };
}

function deliveryFigures(samples: DeliveryFigures['samples'], skew: number): DeliveryFigures {
  const p = (key: keyof DeliveryFigures['samples'][number], at: number) => percentile(samples.map((s) => s[key]).filter(Number.isFinite), at);
  return {
    p50: p('ms', 50), p99: p('ms', 99), renderedP50: p('renderedMs', 50), renderedP99: p('renderedMs', 99), echoP50: p('echoMs', 50), echoP99: p('echoMs', 99),
    clockSkewMs: round(skew, 2), samples,
  };
}

async function runDelivery(browser: BenchBrowser, serverUrl: string, tag: string) {
  const pairs = {} as Record<BuildName, Pair & { pages: OpenPage[] }>;
  for (const build of BUILDS) pairs[build] = await openPair(browser, `${serverUrl}demo/${build}.html?room=delivery-${build}-${tag}`);
  try {
    const samples: Record<BuildName, DeliveryFigures['samples']> = { signed: [], unsigned: [] };
    for (let i = -DELIVERY_WARMUP; i < DELIVERY_POSTS; i++) {
      // Alternated, and which goes first alternates too.
      for (const build of i % 2 === 0 ? BUILDS : [...BUILDS].reverse()) {
        const sample = await deliver(pairs[build], line(`delivery ${build} ${i}:`, i + 1000));
        if (i >= 0) samples[build].push(sample);
        await sleep(100 + Math.random() * 200);
      }
    }
    const signed = deliveryFigures(samples.signed, pairs.signed.skew);
    const unsigned = deliveryFigures(samples.unsigned, pairs.unsigned.skew);
    return {
      posts: DELIVERY_POSTS, signed, unsigned,
      ratioP50: ratio(signed.p50, unsigned.p50), ratioP99: ratio(signed.p99, unsigned.p99), renderedRatioP50: ratio(signed.renderedP50, unsigned.renderedP50),
    };
  } finally {
    for (const build of BUILDS) for (const { context } of pairs[build].pages) await context.close();
  }
}

// ---------------------------------------------------------------- (b) late join

/** A room and its posters; the first poster is its resident and posts the markers. */
class Room {
  readonly posters: OpenPage[] = [];
  posts = 0;
  marker = '';
  private topUps = 0;

  constructor(
    readonly build: BuildName,
    readonly url: string,
  ) {}

  async open(browser: BenchBrowser): Promise<void> {
    this.posters.push(await openPage(browser, `${this.url}&hide=1`)); // alone first: nobody resets anything
    this.posters.push(...(await Promise.all(Array.from({ length: POSTERS - 1 }, () => openPage(browser, `${this.url}&hide=1`)))));
    await this.posters[0].page.waitForFunction(`document.querySelector('croquet-chat').users.length === ${POSTERS}`, { timeout: 60_000 });
  }

  /**
   * Each poster posts its share of `count`, then waits until none is pending: at once (the widget paces
   * them), or `gapMs` apart (so Croquet sends each alone, not bundled with the next).
   */
  async post(count: number, gapMs = 0): Promise<void> {
    const start = this.posts;
    await Promise.all(
      this.posters.map(async ({ page }, p) => {
        const texts: string[] = [];
        for (let n = start + p; n < start + count; n += this.posters.length) texts.push(line(`${this.build} post ${n + 1} by ${p}:`, n));
        if (!texts.length) return;
        // The outbox holds 200 posts at most; send() refuses while it is full.
        await page.evaluate(`(async () => {
          const el = document.querySelector('croquet-chat');
          for (const text of ${JSON.stringify(texts)}) {
            while (!el.send(text)) await new Promise((resolve) => setTimeout(resolve, 50));
            if (${gapMs} > 0) await new Promise((resolve) => setTimeout(resolve, ${gapMs}));
          }
        })()`);
        try {
          await page.waitForFunction(`document.querySelector('croquet-chat').shadowRoot.querySelectorAll('[part~="pending-message"]').length === 0`, { timeout: 600_000, polling: 200 });
        } catch (error) {
          const state = await page.evaluate(`(() => { const el = document.querySelector('croquet-chat'); return JSON.stringify({ status: el.status, error: el.errorMessage, pending: el.shadowRoot.querySelectorAll('[part~="pending-message"]').length }); })()`);
          throw new Error(`poster ${p} of the ${this.build} room never got its posts through: ${String(state)}`, { cause: error });
        }
      }),
    );
    this.posts += count;
  }

  /** The resident posts a marker (the room's last post) and waits for it. */
  async postMarker(): Promise<void> {
    this.marker = line(`${this.build} marker ${++this.topUps}:`, 99_999 + this.topUps);
    const page = this.posters[0].page;
    await page.evaluate(`document.querySelector('croquet-chat').send(${JSON.stringify(this.marker)})`);
    await page.waitForFunction(`document.querySelector('croquet-chat').messages.some((m) => m.text === ${JSON.stringify(this.marker)})`, { timeout: 60_000, polling: 50 });
    this.posts++;
  }

  /**
   * The room's log after its latest snapshot (from the room's own frames: the SNAPs its pages sent, the
   * snapshots their SYNCs named): posts after the snapshot's model time (the resident saw each post's),
   * messages after its seq; and how many SNAPs the posters sent.
   */
  async log(): Promise<{ tail: { posts: number; messages: number }; snapshots: number }> {
    type Net = { lastSeq: number | null; snaps: { seq: number; time: number }[]; syncs: { snapshotSeq?: number; snapshotTime?: number }[] };
    const nets = await Promise.all(this.posters.map(({ page }) => json<Net>(page, 'window.__net')));
    const snapshots = [
      ...nets.flatMap((net) => net.snaps),
      ...nets.flatMap((net) => net.syncs.filter((sync) => sync.snapshotSeq != null).map((sync) => ({ seq: sync.snapshotSeq!, time: sync.snapshotTime ?? -1 }))),
    ].sort((x, y) => y.time - x.time);
    const lastSeq = nets[0].lastSeq ?? INITIAL_SEQ;
    const latest = snapshots[0] ?? { seq: INITIAL_SEQ, time: -1 };
    return {
      tail: { posts: await this.postsAfter(latest.time), messages: (lastSeq - latest.seq) | 0 },
      snapshots: nets.reduce((sum, net) => sum + net.snaps.length, 0),
    };
  }

  /** Posts the resident saw after model time `time`. */
  postsAfter(time: number): Promise<number> {
    return this.posters[0].page.evaluate<number>(`window.__postTimes.filter((t) => t > ${time}).length`);
  }

  /**
   * Makes `tail` posts follow the latest snapshot, the same way in every room: posts until the room takes
   * a new snapshot, then the rest of `tail` {@link TAIL_GAP_MS} apart per poster (each its own message),
   * then the marker. A snapshot can still fall inside (a loaded machine counts more simulation time per
   * message): then it tries again, three times in all; the tail it reached is printed either way.
   */
  async topUp(tail: number): Promise<number> {
    const before = this.posts;
    for (let attempt = 1; ; attempt++) {
      const { snapshots } = await this.log();
      while ((await this.log()).snapshots === snapshots) {
        if (this.posts - before > 3000) throw new Error(`the ${this.build} room took no snapshot in 3,000 posts`);
        await this.post(2 * this.posters.length);
      }
      await sleep(SETTLE_MS);
      const log = await this.log();
      if (tail - log.tail.posts - 1 > 0) await this.post(tail - log.tail.posts - 1, TAIL_GAP_MS);
      await this.postMarker();
      await sleep(SETTLE_MS);
      const reached = (await this.log()).tail.posts;
      if (Math.abs(reached - tail) <= Math.max(5, tail / 10) || attempt === 3) return this.posts - before;
    }
  }

  async close(): Promise<void> {
    for (const { context } of this.posters) await context.close();
  }
}

/** A fresh page (new browser context) joins the room: until online with the marker rendered. */
async function lateJoin(browser: BenchBrowser, room: Room): Promise<JoinFigures> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(`${room.url}&last=${encodeURIComponent(room.marker)}`, { waitUntil: 'load' });
    await page.waitForFunction(`('online' in window.__phases && 'historyShown' in window.__phases) || 'error' in window.__phases`, { timeout: 180_000, polling: 50 });
    const { phases, sync, error } = await json<{ phases: Record<string, number>; sync?: { messages: number; chars: number; snapshotTime?: number }; error: string }>(
      page,
      `{ phases: window.__phases, sync: window.__net.syncs[0], error: document.querySelector('croquet-chat').errorMessage }`,
    );
    if ('error' in phases) throw new Error(`a late joiner of the ${room.build} room failed: ${error}`);
    const ready = Math.max(phases.online, phases.historyShown);
    return {
      fromNavigation: round(ready),
      fromSocketOpen: round(ready - phases.socketOpen),
      syncFromSocketOpen: round(phases.sync - phases.socketOpen),
      // NaN: a SYNC too long for one frame (sent in chunks)
      replayedMessages: sync?.messages ?? NaN,
      replayedPosts: sync ? await room.postsAfter(sync.snapshotTime ?? -1) : NaN,
      syncChars: sync?.chars ?? NaN,
    };
  } finally {
    await context.close();
  }
}

function joinSet(runs: JoinFigures[]): JoinSet {
  const p50 = (key: keyof JoinFigures) => percentile(runs.map((run) => run[key]), 50);
  return {
    fromNavigationP50: p50('fromNavigation'), fromSocketOpenP50: p50('fromSocketOpen'), replayedPostsP50: p50('replayedPosts'), replayedMessagesP50: p50('replayedMessages'), runs,
  };
}

/** Late joins into both rooms, alternated (the order alternating too), after one unrecorded join each. */
async function lateJoins(browser: BenchBrowser, rooms: Record<BuildName, Room>, warmUp: boolean) {
  if (warmUp) for (const build of BUILDS) await lateJoin(browser, rooms[build]);
  const runs: Record<BuildName, JoinFigures[]> = { signed: [], unsigned: [] };
  for (let i = 0; i < JOIN_RUNS; i++) for (const build of i % 2 === 0 ? BUILDS : [...BUILDS].reverse()) runs[build].push(await lateJoin(browser, rooms[build]));
  const signed = joinSet(runs.signed);
  const unsigned = joinSet(runs.unsigned);
  return {
    signed, unsigned,
    ratioFromNavigation: ratio(signed.fromNavigationP50, unsigned.fromNavigationP50),
    ratioFromSocketOpen: ratio(signed.fromSocketOpenP50, unsigned.fromSocketOpenP50),
  };
}

async function runLateJoin(browser: BenchBrowser, serverUrl: string, tag: string): Promise<Extract<SignedDeliveryResult, { lateJoin: unknown }>['lateJoin']> {
  const rooms = {} as Record<BuildName, Room>;
  const fills = {} as Record<BuildName, RoomFill>;
  try {
    for (const build of BUILDS) {
      const room = (rooms[build] = new Room(build, `${serverUrl}demo/${build}.html?room=late-${build}-${tag}`));
      await room.open(browser);
      const started = performance.now();
      await room.post(POSTS - 1);
      await room.postMarker();
      const fillSeconds = round((performance.now() - started) / 1000);
      await sleep(SETTLE_MS);
      const log = await room.log();
      fills[build] = { posts: room.posts, fillSeconds, snapshots: log.snapshots, tailAfterFill: log.tail, topUpPosts: 0, tailAfterTopUp: log.tail };
    }
    const asFilled = await lateJoins(browser, rooms, true);
    for (const build of BUILDS) {
      fills[build].topUpPosts = await rooms[build].topUp(TAIL);
      fills[build].tailAfterTopUp = (await rooms[build].log()).tail;
      fills[build].posts = rooms[build].posts;
    }
    const sameTail = await lateJoins(browser, rooms, false);
    return { posters: POSTERS, rooms: fills, asFilled, sameTail: { ...sameTail, tail: TAIL } };
  } finally {
    for (const build of BUILDS) await rooms[build]?.close();
  }
}

// ---------------------------------------------------------------- the bench

function modelVersion(dist: string): number | null {
  try {
    const match = /MODEL_VERSION = (\d+)/.exec(fs.readFileSync(path.join(dist, 'model', 'chat-model.js'), 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export async function runSignedDeliveryBench(): Promise<SignedDeliveryResult> {
  if (!BASELINE_DIR) return { skipped: SIGNED_DELIVERY_SKIPPED };
  const baselineDir = path.resolve(BASELINE_DIR);
  if (`${baselineDir}${path.sep}`.startsWith(root)) return { skipped: `skipped: BENCH_BASELINE_DIR=${BASELINE_DIR} is inside this repository; make the baseline outside it (see the top of bench/signed-delivery.ts)` };
  const baselineDist = path.join(baselineDir, 'dist');
  if (!fs.existsSync(path.join(baselineDist, 'croquet-chat.bundle.js'))) {
    return { skipped: `skipped: BENCH_BASELINE_DIR=${BASELINE_DIR} has no built dist/croquet-chat.bundle.js (see the top of bench/signed-delivery.ts)` };
  }
  const dists: Record<BuildName, string> = { signed: path.join(root, 'dist'), unsigned: baselineDist };
  const staticDir = benchStaticRoot('signed-delivery', { 'signed.html': page('signed'), 'unsigned.html': page('unsigned') });
  for (const build of BUILDS) fs.symlinkSync(dists[build], path.join(staticDir, 'demo', `build-${build}`));
  const { createServer } = (await import(new URL('../server/server.js', import.meta.url).href)) as {
    createServer: (options: { host?: string; port?: number; quiet?: boolean; staticDir?: string }) => Promise<{ url: string; close(): Promise<void> }>;
  };
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir });
  const loadBefore = os.loadavg()[0];
  const browser = await launchChromium();
  try {
    const tag = Date.now().toString(36);
    const sizes = await measureSizes(dists, server.url);
    const delivery = await runDelivery(browser, server.url, tag);
    const lateJoin = await runLateJoin(browser, server.url, tag);
    return {
      baseline: { dir: baselineDir, modelVersion: modelVersion(baselineDist) },
      current: { modelVersion: modelVersion(dists.signed) },
      sizes,
      delivery,
      lateJoin,
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

/** Human-readable lines. */
export function formatSignedDeliveryBench(result: SignedDeliveryResult): string {
  if ('skipped' in result) return `signed vs unsigned: ${result.skipped}`;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const signedKb = (n: number) => `${n >= 0 ? '+' : '−'}${kb(Math.abs(n))}`;
  const pct = (a: number, b: number) => `${a >= b ? '+' : '−'}${Math.abs(((a - b) / b) * 100).toFixed(1)} %`;
  const target = (r: number) => `target x1.10: ${r <= 1.1 ? 'within' : 'over'}`;
  const size = (name: string, s: Extract<SignedDeliveryResult, { sizes: unknown }>['sizes']['shell']) =>
    `${name}: signed ${kb(s.signed.raw)} raw, ${kb(s.signed.gzip)} gzip, ${kb(s.signed.brotli)} brotli (${kb(s.signed.wire)} from our server); ` +
    `unsigned ${kb(s.unsigned.raw)}, ${kb(s.unsigned.gzip)}, ${kb(s.unsigned.brotli)} (${kb(s.unsigned.wire)}); ` +
    `growth ${signedKb(s.growth.raw)} raw (${pct(s.signed.raw, s.unsigned.raw)}), ${signedKb(s.growth.gzip)} gzip (${pct(s.signed.gzip, s.unsigned.gzip)}), ` +
    `${signedKb(s.growth.brotli)} brotli (${pct(s.signed.brotli, s.unsigned.brotli)})`;
  const { delivery: d, lateJoin: j } = result;
  const join = (name: string, set: typeof j.asFilled) =>
    `${name}: online with the history shown, median of ${set.signed.runs.length} cold joins: signed ${set.signed.fromNavigationP50} ms from navigation ` +
    `(${set.signed.fromSocketOpenP50} ms from socket open, replaying ${set.signed.replayedPostsP50} posts in ${set.signed.replayedMessagesP50} messages), ` +
    `unsigned ${set.unsigned.fromNavigationP50} ms (${set.unsigned.fromSocketOpenP50} ms, ${set.unsigned.replayedPostsP50} posts in ${set.unsigned.replayedMessagesP50} messages); ` +
    `signed/unsigned x${set.ratioFromNavigation} from navigation, ` +
    `x${set.ratioFromSocketOpen} from socket open (${target(set.ratioFromNavigation)})`;
  return [
    `signed vs unsigned: this build (MODEL_VERSION ${result.current.modelVersion}) against ${result.baseline.dir} (MODEL_VERSION ${result.baseline.modelVersion}), one server, alternated`,
    size('drop-in runtime', result.sizes.runtime),
    size('drop-in shell', result.sizes.shell),
    `A→B delivery (send() on A to croquet-chat-message on B, ${d.posts} posts each): signed p50 ${d.signed.p50} ms, p99 ${d.signed.p99} ms; ` +
      `unsigned p50 ${d.unsigned.p50} ms, p99 ${d.unsigned.p99} ms; signed/unsigned x${d.ratioP50} p50, x${d.ratioP99} p99 (${target(d.ratioP50)})`,
    `A→B until rendered on B: signed p50 ${d.signed.renderedP50} ms, p99 ${d.signed.renderedP99} ms; unsigned p50 ${d.unsigned.renderedP50} ms, p99 ${d.unsigned.renderedP99} ms ` +
      `(x${d.renderedRatioP50} p50); A's own echo p50 ${d.signed.echoP50} vs ${d.unsigned.echoP50} ms; clock skew B−A ${d.signed.clockSkewMs} / ${d.unsigned.clockSkewMs} ms (taken off)`,
    `late-join rooms, ${j.rooms.signed.posts - j.rooms.signed.topUpPosts} posts by ${j.posters} people in each (signed filled in ${j.rooms.signed.fillSeconds} s with ` +
      `${j.rooms.signed.snapshots} snapshots, unsigned in ${j.rooms.unsigned.fillSeconds} s with ${j.rooms.unsigned.snapshots}); after the latest snapshot: ` +
      `${j.rooms.signed.tailAfterFill.posts} posts (${j.rooms.signed.tailAfterFill.messages} messages) signed, ` +
      `${j.rooms.unsigned.tailAfterFill.posts} (${j.rooms.unsigned.tailAfterFill.messages}) unsigned; topped up: ${j.rooms.signed.tailAfterTopUp.posts} ` +
      `(${j.rooms.signed.tailAfterTopUp.messages}) signed, ${j.rooms.unsigned.tailAfterTopUp.posts} (${j.rooms.unsigned.tailAfterTopUp.messages}) unsigned`,
    join(`late join after ${j.rooms.signed.posts - j.rooms.signed.topUpPosts} posts, as filled`, j.asFilled),
    join(
      `late join with ${j.sameTail.tail} posts after the snapshot in both (+${j.rooms.signed.topUpPosts} signed, +${j.rooms.unsigned.topUpPosts} unsigned posts to get there)`,
      j.sameTail,
    ),
    loadAverageLine(result.loadAverage),
  ].join('\n');
}

await runWhenMain(import.meta.url, runSignedDeliveryBench, formatSignedDeliveryBench);
