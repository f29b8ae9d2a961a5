/**
 * Widget benchmark: bundle sizes, and DOM nodes touched per incoming message.
 *
 * `runWidgetBench()` expects a finished build (dist/croquet-chat.js, dist/croquet-chat.bundle.js,
 * dist/server/server.js). It
 * 1. measures the drop-in (its shell, its runtime and both together) and a "lit + our code" bundle (the same build with Croquet external)
 *    raw, gzip (level 9) and brotli (quality 11), and Croquet's own ESM build for reference;
 * 2. starts the project's server in-process, opens Chromium (Debian's /usr/bin/chromium via puppeteer-core)
 *    with the reader's widget in the page and the sender's in an iframe, fills the room to N entries with
 *    posts that carry links, in runs of consecutive posts by one author (so grouping is at work), then
 *    records with a MutationObserver on the reader's shadow root what one more post from the sender
 *    changes, once continuing the sender's run and once starting a new one, at N = 10 and N = 100
 *    (the history's cap: there the oldest entry also leaves the log);
 * 3. checks that importing the drop-in bundle does not evaluate Croquet until an element connects;
 * 4. in a second room with `history-limit="1000"`, measures the DOM work of a post, a reply and a
 *    reaction in a conversation with replies and reactions, at 100 and 1,000 entries (bench/conversation-dom.ts);
 * 5. with `baselineDist` (the dist/ folder of an earlier build), measures its shell and runtime too, for the growth.
 *
 * Page-side code is passed as strings: this file is compiled for Node (no DOM types).
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import {
  CONVERSATION_HISTORY_LIMIT,
  CONVERSATION_POST_BURST,
  formatConversationBench,
  runConversationBench,
  type ConversationBenchResult,
} from './conversation-dom.js';

const root = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench/ → repository root
/** Debian's Chromium and the flags it needs here (root, no GPU, closed network): shared with the test runner. */
const chromium = JSON.parse(await readFile(`${root}tools/chromium.json`, 'utf8')) as {
  defaultPath: string;
  flags: string[];
};
/** Budget from issue 3: lit plus our code, gzip, on top of Croquet. */
const LIT_PLUS_OURS_BUDGET_GZIP = 15 * 1024;

export interface SizeFigures {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface MutationFigures {
  /** Messages in the history before the measured one arrived. */
  history: number;
  /** Whether the measured post continued the previous post's group (same author) or started one. */
  group: 'continues' | 'starts';
  /** MutationObserver records for the one incoming message. */
  records: number;
  /** Nodes inserted (top level of each insertion). */
  addedNodes: number;
  /** Nodes inserted, counting descendants. */
  addedNodesDeep: number;
  /** Nodes removed (top level; the oldest entry once the history is full). */
  removedNodes: number;
  attributeChanges: number;
  textChanges: number;
  /** Entries in the log afterwards. */
  messagesAfter: number;
}

export interface WidgetBenchResult {
  sizes: {
    /** The whole drop-in: the shell plus the runtime it loads. */
    dropIn: SizeFigures;
    /** dist/croquet-chat.bundle.js alone: lit and our element, what paints the widget's frame. */
    shell: SizeFigures;
    /** dist/drop-in/runtime-*.js: Croquet with our model and view, preloaded by the shell. */
    runtime: SizeFigures;
    litPlusOurs: SizeFigures;
    /** Our code alone (lit and Croquet external): what a bundler user adds. */
    oursOnly: SizeFigures;
    croquetEsm: SizeFigures;
    litPlusOursBudgetGzip: number;
    withinBudget: boolean;
    /** Whether the drop-in shell (lit + our element, what the page loads besides Croquet's runtime) is within the budget too. */
    shellWithinBudget: boolean;
    /** Bytes our server actually sends for the drop-in's two files, asked as Chromium asks and with no Accept-Encoding. */
    wire: WireFigures;
  };
  perMessage: MutationFigures[];
  bundleImportEvaluatesCroquet: boolean;
  /** DOM work per message in a conversation with replies and reactions, at 100 and 1,000 entries. */
  conversation: ConversationBenchResult;
  /** The drop-in of the build in `baselineDist`, when one was given: what ours grew from. */
  baseline?: BaselineSizes;
}

/** An earlier build's drop-in, measured like ours. */
export interface BaselineSizes {
  /** The dist/ folder it was read from. */
  dist: string;
  shell: SizeFigures;
  runtime: SizeFigures;
  dropIn: SizeFigures;
}

export interface WidgetBenchOptions {
  /** The dist/ folder of an earlier build, to print its runtime and shell beside ours. */
  baselineDist?: string;
}

export interface WireFigures {
  /** The Content-Encoding the server chose for Chromium's `Accept-Encoding`. */
  encoding: string;
  shell: { raw: number; wire: number };
  runtime: { raw: number; wire: number };
  dropIn: { raw: number; wire: number };
}

/** Chromium's Accept-Encoding for scripts. */
const CHROMIUM_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

/** The body bytes of one GET (as sent: not decoded) and its Content-Encoding. */
function bytesOnTheWire(url: string, acceptEncoding: string | null): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
      })
      .on('error', reject);
  });
}

/** What our own server sends for the drop-in (the shell and the runtime it preloads). */
async function measureWire(runtimePath: string): Promise<WireFigures> {
  const { createServer } = await import('../server/server.js');
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  try {
    const part = async (file: string) => {
      const compressed = await bytesOnTheWire(`${server.url}dist/${file}`, CHROMIUM_ACCEPT_ENCODING);
      const raw = await bytesOnTheWire(`${server.url}dist/${file}`, null);
      return { raw: raw.bytes, wire: compressed.bytes, encoding: compressed.encoding };
    };
    const shell = await part('croquet-chat.bundle.js');
    const runtime = await part(runtimePath);
    return {
      encoding: shell.encoding,
      shell: { raw: shell.raw, wire: shell.wire },
      runtime: { raw: runtime.raw, wire: runtime.wire },
      dropIn: { raw: shell.raw + runtime.raw, wire: shell.wire + runtime.wire },
    };
  } finally {
    await server.close();
  }
}

function measure(code: string | Buffer): SizeFigures {
  const buffer = typeof code === 'string' ? Buffer.from(code) : code;
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** dist/croquet-chat.js bundled and minified like the drop-in, leaving `external` out (Croquet, and optionally lit). */
async function bundleWithout(external: string[]): Promise<string> {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  // The drop-in's own minifiers (rollup.config.mjs), so the figures match what ships.
  const config = (await import(pathToFileURL(`${root}rollup.config.mjs`).href)) as { minifiers: () => import('rollup').Plugin[] };
  const bundle = await rollup({
    input: `${root}dist/croquet-chat.js`,
    external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
    plugins: [nodeResolve({ browser: true }), ...config.minifiers()],
    onwarn(warning, warn) {
      if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning); // tsc's __decorate helper
    },
  });
  const { output } = await bundle.generate({ format: 'esm', inlineDynamicImports: true });
  await bundle.close();
  return output[0].code;
}

/** The drop-in of the build in `dist` (a folder path ending in a slash): its shell, the runtime the shell names, and both. */
async function measureDropIn(dist: string): Promise<{ shell: SizeFigures; runtime: SizeFigures; dropIn: SizeFigures; runtimePath: string }> {
  const shellCode = await readFile(`${dist}croquet-chat.bundle.js`);
  const runtimePath = runtimeFile(shellCode.toString());
  const runtimeCode = await readFile(`${dist}${runtimePath}`);
  const [shell, runtime] = [shellCode, runtimeCode].map(measure) as [SizeFigures, SizeFigures];
  // Two files on the wire, each compressed on its own.
  const dropIn = { raw: shell.raw + runtime.raw, gzip: shell.gzip + runtime.gzip, brotli: shell.brotli + runtime.brotli };
  return { shell, runtime, dropIn, runtimePath };
}

/** An earlier build's drop-in (`dist`: its dist/ folder), for the growth beside ours. */
export async function measureBaseline(dist: string): Promise<BaselineSizes> {
  const folder = `${path.resolve(dist)}/`;
  const { shell, runtime, dropIn } = await measureDropIn(folder);
  return { dist: folder, shell, runtime, dropIn };
}

export async function measureSizes(): Promise<WidgetBenchResult['sizes']> {
  const { shell, runtime, dropIn, runtimePath } = await measureDropIn(`${root}dist/`);
  const litPlusOurs = measure(await bundleWithout(['@croquet/croquet']));
  const oursOnly = measure(await bundleWithout(['@croquet/croquet', 'lit', '@lit', '@lit/reactive-element', 'lit-html', 'lit-element']));
  const croquetEsm = measure(await readFile(`${root}node_modules/@croquet/croquet/pub/croquet.esm.js`));
  return {
    dropIn,
    shell,
    runtime,
    litPlusOurs,
    oursOnly,
    croquetEsm,
    litPlusOursBudgetGzip: LIT_PLUS_OURS_BUDGET_GZIP,
    withinBudget: litPlusOurs.gzip <= LIT_PLUS_OURS_BUDGET_GZIP,
    shellWithinBudget: shell.gzip <= LIT_PLUS_OURS_BUDGET_GZIP,
    wire: await measureWire(runtimePath),
  };
}

/** The runtime file the shell imports (its name carries a content hash). */
function runtimeFile(shell: string): string {
  const match = /import\("\.\/(drop-in\/runtime-[\w-]+\.js)"\)/.exec(shell);
  if (!match) throw new Error('dist/croquet-chat.bundle.js does not import a drop-in/runtime-*.js file');
  return match[1];
}

/** A tiny static server for the bench page and the drop-in (independent of the chat server's static routes). */
async function startPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await readFile(`${root}dist/croquet-chat.bundle.js`);
  const runtimePath = runtimeFile(bundle.toString());
  const runtime = await readFile(`${root}dist/${runtimePath}`);
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head>
<body><script type="module" src="/croquet-chat.bundle.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/croquet-chat.bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (req.url === `/${runtimePath}`) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(runtime);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface LoosePage {
  goto(url: string): Promise<unknown>;
  evaluate(code: string): Promise<unknown>;
  waitForFunction(code: string, options?: { timeout?: number; polling?: number }): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Puts the reader's widget into the page and the sender's into an iframe of the same page: a background
 * tab would only be stepped by Croquet's ticks, and two widgets for one room must not share a page.
 */
async function joinRoom(page: LoosePage, box: string, session: string, room: { historyLimit?: number; postBurst?: number } = {}): Promise<void> {
  await page.evaluate(`(async () => {
    // Two people (one origin shares the remembered person id, which would make them one person in two tabs).
    const make = (doc, person) => {
      const el = doc.createElement('croquet-chat');
      el.userId = person;
      ${room.historyLimit ? `el.setAttribute('history-limit', '${room.historyLimit}');` : ''}
      ${room.postBurst ? `el.modelOptions = { postBurst: ${room.postBurst} };` : ''}
      el.session = ${JSON.stringify(session)};
      el.box = ${JSON.stringify(box)};
      el.style.height = '300px';
      doc.body.append(el);
      return el;
    };
    window.chat = make(document, 'reader');
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 400px; height: 320px; border: 0';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = '/?sender';
    document.body.append(frame);
    await loaded;
    await frame.contentWindow.customElements.whenDefined('croquet-chat');
    window.sender = make(frame.contentDocument, 'sender');
  })()`);
  await page.waitForFunction(
    `[window.chat, window.sender].every((el) => el.status === 'online') || [window.chat, window.sender].some((el) => el.status === 'error')`,
    { timeout: 20_000 },
  );
  const status = String(await page.evaluate(`[window.chat, window.sender].map((el) => el.status + ' ' + el.errorMessage).join('; ')`));
  if (status.includes('error')) throw new Error(`bench widgets did not get online: ${status}`);
  await page.waitForFunction(`window.chat.users.length === 2 && window.sender.users.length === 2`, { timeout: 20_000 });
}

/** Posts per run of consecutive posts by one author while filling the room (grouping is at work in each run). */
const RUN_LENGTH = 3;

/**
 * Fills the room to `history` entries: runs of {@link RUN_LENGTH} posts, by the sender and the reader in
 * turn, each post with a link. Waits for each run to arrive, so the runs stay whole in the room's order.
 */
async function fill(page: LoosePage, history: number): Promise<void> {
  for (let run = 0; ; run++) {
    const have = Number(await page.evaluate(`window.chat.messages.length`));
    if (have >= history) return;
    const author = run % 2 === 0 ? 'sender' : 'chat';
    const count = Math.min(RUN_LENGTH, history - have);
    await page.evaluate(`(() => {
      for (let i = 0; i < ${count}; i++) window.${author}.send('post ${have} ' + i + ', see https://example.com/notes/${have}-' + i + '?ref=bench.');
    })()`);
    await page.waitForFunction(`window.chat.messages.length >= ${Math.min(have + count, 100)} && window.chat.messages.at(-1).text.endsWith('${have}-${count - 1}?ref=bench.')`, { timeout: 60_000 });
  }
}

/** Has the reader's author (`chat`) or the sender post `text` (unmeasured) and waits until the reader has it. */
async function postAndWait(page: LoosePage, author: 'chat' | 'sender', text: string): Promise<void> {
  await page.evaluate(`window.${author}.send(${JSON.stringify(text)})`);
  await page.waitForFunction(`window.chat.messages.at(-1)?.text === ${JSON.stringify(text)}`, { timeout: 20_000 });
}

/** What one more post from the sender (with a link) changes in the reader's shadow root. */
async function measureOne(page: LoosePage, group: MutationFigures['group']): Promise<MutationFigures> {
  const history = Number(await page.evaluate(`window.chat.messages.length`));
  const text = `the measured post (${group} a group), https://example.org/measured/${history}-${group}`;
  await page.evaluate(`(async () => {
    await window.chat.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    window.records = [];
    window.observer = new MutationObserver((list) => window.records.push(...list));
    window.observer.observe(window.chat.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  await page.evaluate(`window.sender.send(${JSON.stringify(text)})`);
  await page.waitForFunction(`window.chat.messages.at(-1).text === ${JSON.stringify(text)}`, { timeout: 20_000 });
  const figures = (await page.evaluate(`(async () => {
    await window.chat.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    window.records.push(...window.observer.takeRecords());
    window.observer.disconnect();
    const deep = (node) => 1 + [...node.childNodes].reduce((sum, child) => sum + deep(child), 0);
    const records = window.records;
    const last = [...window.chat.shadowRoot.querySelectorAll('[part~="message"]')].at(-1);
    if (!last || !last.querySelector('[part~="link"]')) throw new Error('the measured post was not rendered with its link');
    const authorShown = last.querySelector('[part~="author"]') !== null;
    if (authorShown !== ${group === 'starts'}) throw new Error('the measured post did not ${group} a group');
    return {
      records: records.length,
      addedNodes: records.reduce((n, r) => n + r.addedNodes.length, 0),
      addedNodesDeep: records.reduce((n, r) => n + [...r.addedNodes].reduce((m, node) => m + deep(node), 0), 0),
      removedNodes: records.reduce((n, r) => n + r.removedNodes.length, 0),
      attributeChanges: records.filter((r) => r.type === 'attributes').length,
      textChanges: records.filter((r) => r.type === 'characterData').length,
      messagesAfter: window.chat.shadowRoot.querySelectorAll('[part~="message"]').length,
    };
  })()`)) as Omit<MutationFigures, 'history' | 'group'>;
  return { history, group, ...figures };
}

/** Both measurements at `history` entries: a post that continues the sender's run, and one that starts a run. */
async function perMessage(page: LoosePage, history: number): Promise<MutationFigures[]> {
  await fill(page, history - 1);
  await postAndWait(page, 'sender', `the sender's run goes on, https://example.com/run/${history}`);
  const continues = await measureOne(page, 'continues');
  await postAndWait(page, 'chat', `the reader answers, https://example.com/answer/${history}`);
  const starts = await measureOne(page, 'starts');
  return [continues, starts];
}

/** Runs the whole widget benchmark and returns plain figures (also suitable for JSON). */
export async function runWidgetBench(options: WidgetBenchOptions = {}): Promise<WidgetBenchResult> {
  const sizes = await measureSizes();
  const baseline = options.baselineDist ? await measureBaseline(options.baselineDist) : undefined;
  const { createServer } = (await import(new URL('../server/server.js', import.meta.url).href)) as {
    createServer(options: { host?: string; port?: number; quiet?: boolean }): Promise<{ url: string; close(): Promise<void> }>;
  };
  const puppeteer = (await import('puppeteer-core')).default;
  const chat = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  const pages = await startPageServer();
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || chromium.defaultPath,
    headless: true,
    args: chromium.flags,
  });
  try {
    const page = (await browser.newPage()) as unknown as LoosePage;
    await page.goto(pages.url);
    await page.waitForFunction(`customElements.get('croquet-chat') !== undefined`);
    // Importing the bundle must not evaluate Croquet (it marks the page with __CROQUET__ when it does).
    const evaluatedOnImport = Boolean(await page.evaluate(`globalThis.__CROQUET__ !== undefined || globalThis.CroquetViewDate !== undefined`));
    await joinRoom(page, chat.url, `bench-${Date.now().toString(36)}`);
    const perMessageFigures = [...(await perMessage(page, 10)), ...(await perMessage(page, 100))];
    await page.close();
    // A room of its own, as a page would set it up for long conversations.
    const conversationPage = (await browser.newPage()) as unknown as LoosePage;
    await conversationPage.goto(pages.url);
    await conversationPage.waitForFunction(`customElements.get('croquet-chat') !== undefined`);
    await joinRoom(conversationPage, chat.url, `bench-conversation-${Date.now().toString(36)}`, {
      historyLimit: CONVERSATION_HISTORY_LIMIT,
      postBurst: CONVERSATION_POST_BURST,
    });
    const conversation = await runConversationBench(conversationPage);
    await conversationPage.close();
    return { sizes, perMessage: perMessageFigures, bundleImportEvaluatesCroquet: evaluatedOnImport, conversation, ...(baseline ? { baseline } : {}) };
  } finally {
    await browser.close();
    await pages.close();
    await chat.close();
  }
}

/** "continues 7 → 9, starts 8 → 10": the per-message figure as the history grows (a constant stays flat). */
function perMessageTrend(figures: readonly MutationFigures[]): string {
  return (['continues', 'starts'] as const)
    .map((group) => `${group} a group ${figures.filter((m) => m.group === group).map((m) => m.records).join(' → ')}`)
    .join(', ');
}

/** Human-readable lines for the bench report. */
export function formatWidgetBench(result: WidgetBenchResult): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const size = (name: string, s: SizeFigures) => `${name}: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip, ${kb(s.brotli)} brotli`;
  const lines = [
    size('drop-in in total (lit + Croquet + ours)', result.sizes.dropIn),
    size('drop-in shell (croquet-chat.bundle.js: lit + our element)', result.sizes.shell),
    size('drop-in runtime (preloaded: Croquet + our model and view)', result.sizes.runtime),
    size('lit + our code (Croquet external)', result.sizes.litPlusOurs) +
      ` (budget ${kb(result.sizes.litPlusOursBudgetGzip)} gzip: ${result.sizes.withinBudget ? 'within' : 'OVER'})`,
    `drop-in shell, lit + our element: ${kb(result.sizes.shell.gzip)} gzip over Croquet's runtime ` +
      `(budget ${kb(result.sizes.litPlusOursBudgetGzip)}: ${result.sizes.shellWithinBudget ? 'within' : 'OVER'})`,
    size('our code alone (lit and Croquet external)', result.sizes.oursOnly),
    size('Croquet ESM (reference)', result.sizes.croquetEsm),
    `drop-in bundle minus Croquet ESM: ${kb(result.sizes.dropIn.gzip - result.sizes.croquetEsm.gzip)} gzip`,
    `drop-in on the wire from our server (${result.sizes.wire.encoding} for Chromium): ${kb(result.sizes.wire.dropIn.wire)} ` +
      `(shell ${kb(result.sizes.wire.shell.wire)}, runtime ${kb(result.sizes.wire.runtime.wire)}); ${kb(result.sizes.wire.dropIn.raw)} without Accept-Encoding`,
    ...result.perMessage.map(
      (m) =>
        `one incoming post with a link that ${m.group} a group, at ${m.history} entries of history: ${m.records} DOM mutations ` +
        `(records: ${m.addedNodes} nodes added, ${m.addedNodesDeep} with descendants, ${m.removedNodes} removed, ` +
        `${m.attributeChanges} attribute and ${m.textChanges} text changes)`,
    ),
    `DOM mutations per incoming post, at 10 vs 100 entries (at 100 the oldest entry also leaves the log): ${perMessageTrend(result.perMessage)}`,
    `importing the drop-in bundle evaluates Croquet: ${result.bundleImportEvaluatesCroquet ? 'yes (BAD)' : 'no'}`,
    ...(result.baseline ? baselineLines(result.sizes, result.baseline) : []),
    formatConversationBench(result.conversation),
  ];
  return lines.join('\n');
}

/** Ours beside the baseline build, gzip, and the growth in KB. */
function baselineLines(ours: WidgetBenchResult['sizes'], baseline: BaselineSizes): string[] {
  const kb = (n: number) => (n / 1024).toFixed(1);
  const growth = (n: number) => `${n >= 0 ? '+' : '−'}${kb(Math.abs(n))} KB`;
  const line = (name: string, theirs: SizeFigures, mine: SizeFigures) =>
    `${name} gzip: baseline ${kb(theirs.gzip)} KB, ours ${kb(mine.gzip)} KB (${growth(mine.gzip - theirs.gzip)})`;
  return [
    `baseline build: ${baseline.dist}`,
    line('drop-in runtime', baseline.runtime, ours.runtime),
    line('drop-in shell', baseline.shell, ours.shell),
    line('drop-in in total', baseline.dropIn, ours.dropIn),
  ];
}
