/**
 * Time until a sent image shows on the other page (issue 21), in real Chromium on loopback: from the
 * sender's `sendImage()` call until the reader's thumbnail `<img>` has loaded (its `load` event, with
 * `naturalWidth > 0`), {@link RUNS} runs (after one unrecorded warm-up), as the median and the spread, for
 * (a) a JPEG of about 1 MB at 1600x1200, which the widget sends as it is, and
 * (b) a 4000x3000 JPEG of about 2.5 MB, which the widget scales to 1600x1200 and stores as WebP.
 * Each image is made in the sender's page (a gradient with seeded noise, the noise calibrated once so the
 * file comes out near its target size; a new seed per run, so no two runs send the same bytes). In the
 * same runs a plain text post goes the same way (`send()` → the reader's `croquet-chat-message`), so the
 * image figure can be read as a multiple of it.
 *
 * Two people, as bench/widget.ts puts them: the reader's element in the page, the sender's in an iframe
 * of it (a background tab would only be stepped by Croquet's ticks). The iframe is of another site (the
 * page is on 127.0.0.1, the iframe on localhost, one server), so Chromium runs it in a renderer process of
 * its own: the sender's decoding, scaling and its own copy's decryption do not queue on the reader's main
 * thread, as they would not between two people's machines. Each element's `box` is its document's origin.
 * Both carry `modelOptions = { postBurst: 1000 }`, so the room's flood control never paces a measured post.
 *
 * The page measures itself, without hooks in the widget. A classic script runs in both documents before
 * the drop-in and
 * - wraps `fetch`: Croquet's Data API reads a stored image with a GET under /files (start, body read);
 * - wraps `Worker`: Croquet hashes, encrypts and PUTs the bytes in its upload worker, so the worker gets a
 *   prelude that wraps its own `fetch` and reports each PUT (start, response, body bytes), and the
 *   worker's `postMessage` is watched for the upload job the page hands it (the bytes stored);
 * - records each element's `croquet-chat-message` and, in its shadow root, when the image's `<img>` was
 *   inserted, loaded and decoded (`img.decode()`).
 * Stamps are `performance.timeOrigin + performance.now()`, as ms after the `sendImage()` call: the sender's
 * iframe and its worker share one process (and the clock's origin); the reader's stamps are corrected by
 * the two processes' measured clock offset (each against `Date.now()`, as bench/signed-delivery.ts does).
 *
 * Phases: prepare (until the PUT starts; of it, "in page": checks, decoding, scaling and re-encoding until
 * the bytes go to the worker, and "encrypt": the worker's hash and encryption), upload (the PUT), post (the
 * PUT's response until the reader's element has the post: the outbox, the reflector, the reader's model),
 * fetch (until the reader has read the GET's body; it starts when the reader's render asks for the image),
 * decrypt (on the reader's main thread, then the object URL and the render, until the `<img>` is in the
 * shadow root), load (until the `<img>` has loaded: Chromium reads and decodes the image).
 * The sender's own element loads its image too (its GET and decryption run beside the reader's), as it
 * does for a person.
 *
 * Knob: BENCH_IMAGE_RUNS (7). About a minute. Alone after a build: `node dist/bench/image-delivery.js`.
 * Page-side code is passed as strings: this file is compiled for Node (no DOM types).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { benchStaticRoot, launchChromium, type BenchPage } from './chromium.js';
import { percentile, sleep } from './stats.js';
import { loadAverageLine, runWhenMain } from './main.js';

/** Measured runs of each case (and of the text post). */
const RUNS = Number(process.env.BENCH_IMAGE_RUNS ?? 7);
/** Between runs, once both elements show the last image: lets the pages settle. */
const PAUSE_MS = 300;

/** An image the sender's page makes: its size and encoding, and the file size the noise is calibrated to. */
interface ImageCase {
  name: 'asIs' | 'scaled';
  width: number;
  height: number;
  type: 'image/jpeg';
  quality: number;
  targetBytes: number;
}

const CASES: readonly ImageCase[] = [
  { name: 'asIs', width: 1600, height: 1200, type: 'image/jpeg', quality: 0.95, targetBytes: 1_000_000 },
  { name: 'scaled', width: 4000, height: 3000, type: 'image/jpeg', quality: 0.9, targetBytes: 2_500_000 },
];

/** What one image run recorded: sizes, and each stamp as ms after the `sendImage()` call. */
export interface ImageRun {
  /** The file handed to `sendImage()`. */
  inputBytes: number;
  /** The bytes the widget stored (before Croquet's encryption): the file itself, or its scaled copy. */
  storedBytes: number;
  /** The PUT's body (encrypted) and the reader's GET's body. */
  putBytes: number;
  getBytes: number;
  handedToWorker: number;
  putStart: number;
  putEnd: number;
  /** The reader's element fired croquet-chat-message for the post. */
  posted: number;
  getStart: number;
  getEnd: number;
  /** The thumbnail's `<img>` is in the reader's shadow root (its object URL is ready). */
  inserted: number;
  /** Its `load` event (naturalWidth > 0): the figure. */
  loaded: number;
  /** `img.decode()` resolved after the load. */
  decoded: number;
}

/** The phases of a run, in ms. */
export interface ImagePhases {
  prepare: number;
  inPage: number;
  encrypt: number;
  upload: number;
  post: number;
  fetch: number;
  decrypt: number;
  load: number;
  total: number;
  /** After the figure: `img.decode()` once loaded. */
  decode: number;
}

export interface ImageCaseResult {
  name: ImageCase['name'];
  input: { width: number; height: number; type: string; quality: number; bytesMedian: number };
  stored: { width: number; height: number; type: string; bytesMedian: number };
  /** Each phase's median over the runs, and the total's spread. */
  median: ImagePhases;
  min: ImagePhases;
  max: ImagePhases;
  /** The total's median over the text post's median. */
  overText: number;
  /** Any run whose stamps were out of order (a sign the clocks disagree), by index. */
  outOfOrder: number[];
  runs: (ImageRun & { phases: ImagePhases })[];
}

export interface ImageDeliveryResult {
  runs: number;
  cases: ImageCaseResult[];
  /** A text post from the sender to the reader's croquet-chat-message, in the same runs. */
  text: { median: number; min: number; max: number; samples: number[] };
  /** The reader's process clock minus the sender's (ms), measured before and after the runs and taken off the reader's stamps. */
  clockSkewMs: { before: number; after: number };
  loadAverage: { before: number; after: number };
}

/**
 * Runs first in both documents (the reader's page and the sender's iframe), before the drop-in loads
 * Croquet. Records into `window.__bench`.
 */
const INSTRUMENT = String.raw`
window.__now = () => performance.timeOrigin + performance.now();
/** This document's high-resolution clock minus the system clock (Date.now()), averaged over 30 ms. */
window.__clockOffset = () => {
  let sum = 0, n = 0;
  for (const end = Date.now() + 30; Date.now() < end; n++) sum += __now() - Date.now();
  return sum / n;
};
window.__bench = { gets: [], uploads: [], puts: [], arrived: new Map(), images: new Map() };

// The reader's Data API fetches a stored image with fetch() in the page.
const pageFetch = window.fetch;
window.fetch = function (input, init) {
  const url = String(input instanceof Request ? input.url : input);
  const method = String(init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const response = pageFetch.apply(window, arguments);
  if (method !== 'GET' || !url.includes('/data/')) return response;
  const record = { url, start: __now() };
  __bench.gets.push(record);
  return response.then((res) => {
    const read = res.arrayBuffer.bind(res);
    res.arrayBuffer = () => read().then((buffer) => { record.end = __now(); record.bytes = buffer.byteLength; return buffer; });
    return res;
  });
};

// Croquet uploads in a worker of its own: a prelude reports each PUT the worker makes.
const WORKER_PRELUDE = ${'`'}
const workerFetch = self.fetch;
self.fetch = function (input, init) {
  const response = workerFetch.apply(self, arguments);
  if (!init || init.method !== 'PUT') return response;
  const start = performance.timeOrigin + performance.now();
  const bytes = init.body && (init.body.byteLength ?? init.body.size ?? init.body.length);
  return response.then((res) => {
    postMessage({ benchPut: { url: String(input), start, end: performance.timeOrigin + performance.now(), bytes, status: res.status } });
    return res;
  });
};
${'`'};
const PageWorker = window.Worker;
window.Worker = function (url, options) {
  if (options && options.type === 'module') return new PageWorker(url, options);
  const script = new Blob([WORKER_PRELUDE + 'importScripts(' + JSON.stringify(String(url)) + ');'], { type: 'text/javascript' });
  const worker = new PageWorker(URL.createObjectURL(script), options);
  worker.addEventListener('message', (event) => {
    if (event.data && event.data.benchPut) __bench.puts.push(event.data.benchPut);
  });
  const post = worker.postMessage;
  worker.postMessage = function (data, transfer) {
    // Data.store() names its jobs "data#N" (snapshots go the same way as "snapshot").
    if (data && data.cmd === 'uploadEncrypted' && String(data.what).startsWith('data#')) {
      const record = { job: data.job, handed: __now(), bytes: data.buffer.byteLength };
      __bench.uploads.push(record);
      const answered = (event) => {
        if (event.data.job !== data.job) return;
        record.answered = __now();
        worker.removeEventListener('message', answered);
      };
      worker.addEventListener('message', answered);
    }
    return post.call(this, data, transfer);
  };
  return worker;
};

// Posts as this document's element gets them: an image post by its alt text, a text post by its text.
document.addEventListener('croquet-chat-message', (event) => {
  const { message } = event.detail;
  const key = message.image ? 'image:' + message.image.alt : 'text:' + message.text;
  if (!__bench.arrived.has(key)) __bench.arrived.set(key, __now());
});

/** Watches the shadow root of element el for image thumbnails: inserted, loaded (naturalWidth > 0), decoded. */
window.__watch = (el) => {
  const record = (alt) => {
    if (!__bench.images.has(alt)) __bench.images.set(alt, {});
    return __bench.images.get(alt);
  };
  new MutationObserver((list) => {
    for (const change of list) for (const node of change.addedNodes) {
      const imgs = node.nodeType !== 1 ? [] : node.localName === 'img' ? [node] : [...node.querySelectorAll('img')];
      for (const img of imgs) if (record(img.alt).inserted === undefined) record(img.alt).inserted = __now();
    }
  }).observe(el.shadowRoot, { childList: true, subtree: true });
  // load does not bubble or leave the shadow root: a capturing listener on the root hears it.
  el.shadowRoot.addEventListener('load', (event) => {
    const img = event.target;
    if (img.localName !== 'img' || !(img.naturalWidth > 0)) return;
    const r = record(img.alt);
    if (r.loaded !== undefined) return;
    r.loaded = __now();
    r.naturalWidth = img.naturalWidth;
    r.naturalHeight = img.naturalHeight;
    img.decode().then(() => { r.decoded = __now(); }, () => { r.decoded = NaN; });
  }, true);
};

/**
 * A gradient with seeded noise of amplitude noise, each channel its own, encoded as type at quality. The
 * noise has a fine grain (per pixel) and a coarse one (per 6x6 block), so some detail outlives scaling
 * down, as a photo's does.
 */
window.__makeImage = async (width, height, type, quality, noise, seed) => {
  const BLOCK = 6;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  const pixels = context.createImageData(width, height);
  const d = pixels.data;
  let s = (seed * 2654435761) >>> 0 || 1;
  const random = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 4294967296 - 0.5; };
  const coarse = new Float32Array(Math.ceil(width / BLOCK) * 3);
  for (let y = 0, i = 0; y < height; y++) {
    if (y % BLOCK === 0) for (let b = 0; b < coarse.length; b++) coarse[b] = random();
    for (let x = 0; x < width; x++, i += 4) {
      const b = Math.floor(x / BLOCK) * 3;
      d[i] = (255 * x) / width + noise * (coarse[b] + 0.4 * random());
      d[i + 1] = (255 * y) / height + noise * (coarse[b + 1] + 0.4 * random());
      d[i + 2] = 128 + 64 * Math.sin((x + y) / 97) + noise * (coarse[b + 2] + 0.4 * random());
      d[i + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
  return canvas.convertToBlob({ type, quality });
};
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>image delivery</title>
    <link rel="icon" href="data:," />
    <script>${INSTRUMENT}</script>
    <script type="module" src="/dist/croquet-chat.bundle.js"></script>
  </head>
  <body></body>
</html>
`;

/** The sender's iframe, driven through its own frame (another site: the reader's page cannot reach into it). */
interface BenchFrame {
  url(): string;
  evaluate<T = unknown>(code: string): Promise<T>;
  waitForFunction(code: string, options?: { timeout?: number; polling?: number | string }): Promise<unknown>;
}

/** The two people: the reader's page and the sender's iframe in it. */
interface Pair {
  reader: BenchPage;
  sender: BenchFrame;
}

/** Puts an element for `person` into `room` in the document `target` runs in (`box`: its own origin). */
const MAKE_ELEMENT = (person: string, room: string) => `(async () => {
  await customElements.whenDefined('croquet-chat');
  const el = document.createElement('croquet-chat');
  el.userId = ${JSON.stringify(person)};
  el.modelOptions = { postBurst: 1000 };
  el.session = ${JSON.stringify(room)};
  el.box = location.origin + '/';
  el.style.height = '400px';
  document.body.append(el);
  window.__watch(el);
  window.chat = el;
})()`;

/**
 * Opens the reader's page at `pageUrl` with the sender's iframe at `frameUrl` (another site), an element
 * for each in `room`, and waits until each sees the other.
 */
async function joinRoom(page: BenchPage, pageUrl: string, frameUrl: string, room: string): Promise<Pair> {
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.evaluate(MAKE_ELEMENT('reader', room));
  await page.evaluate(`new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 400px; height: 420px; border: 0';
    frame.addEventListener('load', resolve, { once: true });
    frame.src = ${JSON.stringify(frameUrl)};
    document.body.append(frame);
  })`);
  const sender = (page as unknown as { frames(): BenchFrame[] }).frames().find((frame) => frame.url() === frameUrl);
  if (!sender) throw new Error(`the sender's iframe (${frameUrl}) is not among the page's frames`);
  await sender.evaluate(MAKE_ELEMENT('sender', room));
  const online = `['online', 'error'].includes(window.chat.status)`;
  await Promise.all([page.waitForFunction(online, { timeout: 30_000 }), sender.waitForFunction(online, { timeout: 30_000 })]);
  for (const side of [page, sender]) {
    const error = await side.evaluate<string>(`window.chat.errorMessage`);
    if (error) throw new Error(`an image bench widget did not get online: ${error}`);
    await side.waitForFunction(`window.chat.users.length === 2`, { timeout: 30_000 });
  }
  return { reader: page, sender };
}

/** The reader's clock minus the sender's (ms): each process's clock against the system clock, the median of three. */
async function clockSkew({ reader, sender }: Pair): Promise<number> {
  const offset = async (side: BenchPage | BenchFrame) => {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) samples.push(await side.evaluate<number>(`window.__clockOffset()`));
    return percentile(samples, 50);
  };
  return Math.round(((await offset(reader)) - (await offset(sender))) * 100) / 100;
}

/** Makes an image of `c` in the sender's window (kept there as `__image`); returns its size in bytes. */
function makeImage(sender: BenchFrame, c: ImageCase, noise: number, seed: number): Promise<number> {
  return sender.evaluate<number>(`(async () => {
    window.__image = await window.__makeImage(${c.width}, ${c.height}, '${c.type}', ${c.quality}, ${noise}, ${seed});
    return window.__image.size;
  })()`);
}

/** The noise amplitude (0–255) that makes `c` come out closest to its target size: a bisection. */
async function calibrate(sender: BenchFrame, c: ImageCase): Promise<number> {
  let low = 0;
  let high = 255;
  for (let step = 0; step < 9; step++) {
    const noise = (low + high) / 2;
    const bytes = await makeImage(sender, c, noise, 1);
    if (Math.abs(bytes - c.targetBytes) < c.targetBytes * 0.02) return noise;
    if (bytes < c.targetBytes) low = noise;
    else high = noise;
  }
  return (low + high) / 2;
}

/** The last segment of `url`'s path: a stored file's name. */
const fileName = (url: string | undefined): string => (url ? `/${new URL(url).pathname.split('/').pop()}` : '\u0000none');

type SentImage = ImageRun & { stored: { width: number; height: number; type: string } };

/**
 * The image made last goes with `sendImage()`; returns its run's stamps (the reader's less `skew`), once
 * both elements show it.
 */
async function sendOne({ reader, sender }: Pair, alt: string, skew: number): Promise<SentImage> {
  const key = JSON.stringify(alt);
  const t0 = await sender.evaluate<number>(`(() => {
    const t0 = window.__now();
    window.__sent = window.chat.sendImage(window.__image, { alt: ${key} });
    return t0;
  })()`);
  await reader.waitForFunction(`window.__bench.images.get(${key})?.decoded !== undefined`, { timeout: 60_000, polling: 20 });
  if (!(await sender.evaluate<boolean>(`window.__sent`))) throw new Error(`the sender's sendImage() for ${alt} did not post it`);
  // The sender's own thumbnail loads too: let it finish before the next run.
  await sender.waitForFunction(`window.__bench.images.get(${key})?.decoded !== undefined`, { timeout: 60_000, polling: 50 });
  const sent = JSON.parse(
    await sender.evaluate<string>(`(() => {
      const t0 = ${t0};
      const upload = window.__bench.uploads.find((u) => u.handed >= t0);
      const put = window.__bench.puts.find((p) => p.start >= t0 && p.url.includes('/data/'));
      return JSON.stringify({ inputBytes: window.__image.size, storedBytes: upload?.bytes, handed: upload?.handed, put });
    })()`),
  ) as { inputBytes: number; storedBytes?: number; handed?: number; put?: { url: string; start: number; end: number; bytes: number } };
  const received = JSON.parse(
    await reader.evaluate<string>(`(() => {
      const t0 = ${t0} + ${skew};
      // The stored file's name (its hash) ends both URLs; each side names the server by its own origin.
      const get = window.__bench.gets.find((g) => g.url.endsWith(${JSON.stringify(fileName(sent.put?.url))}) && g.start >= t0);
      const message = window.chat.messages.find((m) => m.image?.alt === ${key});
      return JSON.stringify({ get, posted: window.__bench.arrived.get('image:' + ${key}), image: window.__bench.images.get(${key}), stored: message?.image });
    })()`),
  ) as {
    get?: { start: number; end: number; bytes: number };
    posted?: number;
    image: { inserted?: number; loaded?: number; decoded?: number };
    stored?: { width: number; height: number; type: string };
  };
  const fromSender = (stamp: number | undefined) => (stamp === undefined ? NaN : stamp - t0);
  const fromReader = (stamp: number | undefined) => (stamp === undefined ? NaN : stamp - skew - t0);
  return {
    inputBytes: sent.inputBytes,
    storedBytes: sent.storedBytes ?? NaN,
    putBytes: sent.put?.bytes ?? NaN,
    getBytes: received.get?.bytes ?? NaN,
    handedToWorker: fromSender(sent.handed),
    putStart: fromSender(sent.put?.start),
    putEnd: fromSender(sent.put?.end),
    posted: fromReader(received.posted),
    getStart: fromReader(received.get?.start),
    getEnd: fromReader(received.get?.end),
    inserted: fromReader(received.image.inserted),
    loaded: fromReader(received.image.loaded),
    decoded: fromReader(received.image.decoded),
    stored: { width: received.stored?.width ?? NaN, height: received.stored?.height ?? NaN, type: received.stored?.type ?? '?' },
  };
}

/** A text post from the sender, timed until the reader's croquet-chat-message for it (ms, the reader's stamp less `skew`). */
async function sendText({ reader, sender }: Pair, text: string, skew: number): Promise<number> {
  const key = JSON.stringify(text);
  const t0 = await sender.evaluate<number>(`(() => {
    const t0 = window.__now();
    window.chat.send(${key});
    return t0;
  })()`);
  await reader.waitForFunction(`window.__bench.arrived.has('text:' + ${key})`, { timeout: 30_000, polling: 10 });
  return (await reader.evaluate<number>(`window.__bench.arrived.get('text:' + ${key})`)) - skew - t0;
}

const round = (value: number): number => Math.round(value * 10) / 10;

function phases(run: ImageRun): ImagePhases {
  return {
    prepare: round(run.putStart),
    inPage: round(run.handedToWorker),
    encrypt: round(run.putStart - run.handedToWorker),
    upload: round(run.putEnd - run.putStart),
    post: round(run.posted - run.putEnd),
    fetch: round(run.getEnd - run.posted),
    decrypt: round(run.inserted - run.getEnd),
    load: round(run.loaded - run.inserted),
    total: round(run.loaded),
    decode: round(run.decoded - run.loaded),
  };
}

/** Whether a run's stamps follow each other as the phases do. */
function inOrder(run: ImageRun): boolean {
  const order = [0, run.handedToWorker, run.putStart, run.putEnd, run.posted, run.getStart, run.getEnd, run.inserted, run.loaded, run.decoded];
  return order.every((stamp, i) => Number.isFinite(stamp) && (i === 0 || stamp >= order[i - 1]));
}

function each(runs: ImagePhases[], pick: (values: number[]) => number): ImagePhases {
  const keys = Object.keys(runs[0]) as (keyof ImagePhases)[];
  return Object.fromEntries(keys.map((key) => [key, pick(runs.map((run) => run[key]))])) as unknown as ImagePhases;
}

/** Runs the scenario against a fresh in-process server (needs a finished build). */
export async function runImageDeliveryBench(): Promise<ImageDeliveryResult> {
  const staticDir = benchStaticRoot('image-delivery', { 'image.html': PAGE });
  const { createServer } = (await import(new URL('../server/server.js', import.meta.url).href)) as {
    createServer: (options: { host?: string; port?: number; quiet?: boolean; staticDir?: string }) => Promise<{ url: string; close(): Promise<void> }>;
  };
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true, staticDir });
  const browser = await launchChromium();
  const loadBefore = os.loadavg()[0];
  try {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // The same server under another site's name, for the sender's iframe (a process of its own).
    const frameUrl = `${server.url.replace('//127.0.0.1:', '//localhost:')}demo/image.html?sender`;
    const pair = await joinRoom(page, `${server.url}demo/image.html`, frameUrl, `image-delivery-${Date.now().toString(36)}`);
    const noise = new Map<ImageCase['name'], number>();
    for (const c of CASES) noise.set(c.name, await calibrate(pair.sender, c));
    const skewBefore = await clockSkew(pair);

    const runs = new Map<ImageCase['name'], SentImage[]>(CASES.map((c) => [c.name, []]));
    const text: number[] = [];
    // Run 0 warms up (Chromium's encoders and decoders, Croquet's worker, the server's first upload) unrecorded.
    for (let run = 0; run <= RUNS; run++) {
      for (const c of CASES) {
        await makeImage(pair.sender, c, noise.get(c.name)!, 100 * (run + 1) + CASES.indexOf(c));
        const result = await sendOne(pair, `bench image ${c.name} ${run}`, skewBefore);
        if (run > 0) runs.get(c.name)!.push(result);
        await sleep(PAUSE_MS);
      }
      const ms = await sendText(pair, `bench text ${run}: the same way as the images, for reference`, skewBefore);
      if (run > 0) text.push(round(ms));
      await sleep(PAUSE_MS);
    }
    const skewAfter = await clockSkew(pair);

    const textMedian = percentile(text, 50);
    const cases = CASES.map((c): ImageCaseResult => {
      const list = runs.get(c.name)!;
      const withPhases = list.map(({ stored: _stored, ...run }) => ({ ...run, phases: phases(run) }));
      const all = withPhases.map((run) => run.phases);
      const median = each(all, (values) => percentile(values, 50));
      return {
        name: c.name,
        input: { width: c.width, height: c.height, type: c.type, quality: c.quality, bytesMedian: percentile(list.map((run) => run.inputBytes), 50) },
        stored: { ...list[0].stored, bytesMedian: percentile(list.map((run) => run.storedBytes), 50) },
        median,
        min: each(all, (values) => Math.min(...values)),
        max: each(all, (values) => Math.max(...values)),
        overText: Math.round((median.total / textMedian) * 10) / 10,
        outOfOrder: list.flatMap((run, i) => (inOrder(run) ? [] : [i])),
        runs: withPhases,
      };
    });
    await context.close();
    return {
      runs: RUNS,
      cases,
      text: { median: textMedian, min: Math.min(...text), max: Math.max(...text), samples: text },
      clockSkewMs: { before: skewBefore, after: skewAfter },
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  }
}

const CASE_WORDS: Record<ImageCase['name'], string> = {
  asIs: 'sent as is',
  scaled: 'scaled by the widget',
};

/** Human-readable lines: the cases' sizes, a table of the phases (median, then min–max), the text reference. */
export function formatImageDeliveryBench(result: ImageDeliveryResult): string {
  const columns: [keyof ImagePhases, string][] = [
    ['inPage', 'in page'],
    ['encrypt', 'encrypt'],
    ['upload', 'upload'],
    ['post', 'post'],
    ['fetch', 'fetch'],
    ['decrypt', 'decrypt'],
    ['load', 'load'],
    ['total', 'total'],
  ];
  const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;
  /** The median of a size over the runs, and its range: every run sends an image of its own. */
  const sizes = (c: ImageCaseResult, key: 'inputBytes' | 'storedBytes') => {
    const all = c.runs.map((run) => run[key]);
    return `${bytes(percentile(all, 50))} (${Math.min(...all).toLocaleString('en-US')}–${Math.max(...all).toLocaleString('en-US')})`;
  };
  const whole = (n: number) => String(Math.round(n));
  const rows = [
    ['', '', ...columns.map(([, title]) => title)],
    ...result.cases.flatMap((c) => [
      [c.name, 'median', ...columns.map(([key]) => String(c.median[key]))],
      ['', 'min–max', ...columns.map(([key]) => `${whole(c.min[key])}–${whole(c.max[key])}`)],
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows.map((row) => '  ' + row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
  const disorder = result.cases.filter((c) => c.outOfOrder.length).map((c) => `${c.name} runs ${c.outOfOrder.join(', ')}`);
  return [
    `image delivery: the sender's sendImage() until the reader's thumbnail <img> has loaded (Chromium, loopback, ${result.runs} runs, ms):`,
    ...result.cases.map(
      (c) =>
        `  ${c.name}: ${c.input.width}x${c.input.height} JPEG (quality ${c.input.quality}) of ${sizes(c, 'inputBytes')}, ${CASE_WORDS[c.name]}: ` +
        `stored ${c.stored.width}x${c.stored.height} ${c.stored.type} of ${sizes(c, 'storedBytes')}`,
    ),
    ...table,
    `  prepare = in page + encrypt (until the PUT starts); post: PUT done → the reader's croquet-chat-message; fetch: → the GET's body read;`,
    `  decrypt: → the <img> in the reader's shadow root; load: → its load event. Then img.decode(): ${result.cases.map((c) => `${c.name} ${c.median.decode} ms`).join(', ')}` +
      (disorder.length ? `; STAMPS OUT OF ORDER in ${disorder.join('; ')}` : ''),
    `text post A→B in the same runs (send() → the reader's croquet-chat-message): median ${result.text.median} ms (${result.text.min}–${result.text.max}); ` +
      `the images take ${result.cases.map((c) => `${c.name} ${c.overText}x`).join(', ')} that`,
    `reader's clock minus the sender's: ${result.clockSkewMs.before} ms before the runs (taken off), ${result.clockSkewMs.after} ms after`,
    loadAverageLine(result.loadAverage),
  ].join('\n');
}

await runWhenMain(import.meta.url, runImageDeliveryBench, formatImageDeliveryBench);
