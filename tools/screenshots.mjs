/* global document, requestAnimationFrame -- the evaluate and waitForFunction callbacks run in the page */
// `npm run screenshots`: photographs the widget alone (demo/screenshot.html, served by the built server)
// in every combination of look that matters to whoever works on it, into screenshots/:
//   inline | launcher-closed | launcher-open  ×  empty | busy | offline  ×  light | dark  ×  ltr | rtl  ×  desktop | phone
// named in that order, e.g. screenshots/inline-busy-light-ltr-desktop.png.
// Each browser context is one person (its own storage, hence its own key and name). The busy room has three
// people: the viewer (Amira) and two more who talk, rename and post a link, a long line and emoji.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { createServer } from '../dist/server/server.js';

const OUTPUT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
const DEADLINE_MS = 180_000;
const WAIT_MS = 20_000;

const DEVICES = {
  desktop: { width: 1280, height: 800, deviceScaleFactor: 1 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const SCHEMES = ['light', 'dark'];
const DIRECTIONS = ['ltr', 'rtl'];
const STATES = ['empty', 'busy', 'offline'];
const MODES = ['inline', 'launcher'];
/** Nothing listens here: the offline shots point at it. */
const DEAD_BOX = 'http://127.0.0.1:9/';

/** The busy room's conversation, in order. `rename` changes the speaker's name (the room shows "A is now B"). */
const CONVERSATION = [
  { who: 'ben', say: 'Morning all! Is the release still on for today?' },
  { who: 'amira', say: 'Yes, the build is green. Only the changelog is missing.' },
  { who: 'chen', say: 'I can write it after lunch 🍜' },
  { who: 'chen', rename: 'Chen Wei' },
  { who: 'chen', say: 'Full name now, so nobody mixes me up with the other Chen.' },
  {
    who: 'ben',
    say:
      'Here is the draft with everything we discussed on Monday, the migration notes and the breaking changes, one line each: ' +
      'https://example.com/releases/croquet-chat/0.2/draft?view=full#breaking-changes (please read the last section first, it changed since yesterday).',
  },
  { who: 'amira', say: '🎉🎉🎉 🚀 👍' },
  { who: 'amira', say: 'Reading it now.' },
  { who: 'chen', say: 'مرحبا بالجميع! 👋' },
  { who: 'ben', say: 'ok' },
  { who: 'amira', say: 'One nit: a-very-long-unbroken-identifier-like-croquetChatLauncherPanelMaxInlineSizeOnSmallScreens' },
  { who: 'ben', say: 'Thanks! Shipping at four.' },
  { who: 'chen', say: '👍' },
];
/** Said while a closed launcher is on screen, one per shot, so its badge counts an unread post. */
const LATER_LINES = [
  { who: 'ben', say: 'Lunch at noon?' },
  { who: 'chen', say: 'Noon works for me.' },
  { who: 'ben', say: 'I will book a table.' },
  { who: 'chen', say: 'Booked: the place by the river.' },
];
const PEOPLE = { amira: 'Amira', ben: 'Ben', chen: 'Chen' };
let busyPosts = CONVERSATION.filter((line) => line.say).length;
let laterLinesSaid = 0;

const chromium = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));
const runId = Date.now().toString(36);
let roomCounter = 0;
/** A room no earlier shot (or run) used. */
const freshRoom = (name) => `shots-${name}-${runId}-${(roomCounter += 1)}`;

const written = [];
const notes = new Set();
let server;
let browser;

const watchdog = setTimeout(() => {
  console.error(`screenshots: still not done after ${DEADLINE_MS / 1000} s, giving up`);
  process.exit(1);
}, DEADLINE_MS);

try {
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || chromium.defaultPath, headless: true, args: chromium.flags });
  const contexts = {};
  for (const person of Object.keys(PEOPLE)) contexts[person] = await browser.createBrowserContext();

  const busyRoom = freshRoom('busy');
  const talkers = await seedBusyRoom(contexts, busyRoom);

  for (const mode of MODES) {
    for (const state of STATES) {
      for (const dir of DIRECTIONS) {
        for (const device of Object.keys(DEVICES)) {
          const room = state === 'busy' ? busyRoom : freshRoom(state);
          await photograph(contexts.amira, { mode, state, dir, device, room, talkers });
        }
      }
    }
  }
} catch (error) {
  console.error(`screenshots: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser?.close();
  await server?.close();
}

if (!process.exitCode) {
  console.log(`screenshots: ${written.length} files in ${path.relative(process.cwd(), OUTPUT_DIR) || '.'}/`);
  for (const file of written) console.log(`  ${file}`);
}
for (const note of notes) console.log(`note: ${note}`);

/** The widget page for one element; `box` defaults to the server's own address. */
function widgetUrl({ room, nickname, mode, dir, box }) {
  const query = new URLSearchParams({ session: room });
  if (box) query.set('box', box);
  if (nickname) query.set('nickname', nickname);
  if (mode && mode !== 'inline') query.set('mode', mode);
  if (dir === 'rtl') query.set('dir', 'rtl');
  return `${server.url}demo/screenshot.html?${query}`;
}

/** Opens the widget page in `context` and waits until the element reaches `status` (failing early on `error`). */
async function openWidget(context, options, status = 'online', device = DEVICES.desktop) {
  const page = await context.newPage();
  page.on('pageerror', (error) => notes.add(`page error (${options.room}): ${error.message}`));
  await page.setViewport(device);
  await page.goto(widgetUrl(options), { waitUntil: 'load' });
  await page.waitForFunction(
    (wanted) => {
      const el = document.querySelector('croquet-chat');
      if (el?.status === 'error') throw new Error(`croquet-chat error: ${el.errorMessage}`);
      // An element starts offline (before it joins): offline counts once it says why.
      return el?.status === wanted && (wanted !== 'offline' || el.errorCode !== null);
    },
    { timeout: WAIT_MS, polling: 50 },
    status,
  );
  return page;
}

/** Waits until the page's element holds `count` posts that reached the room. */
function waitForPosts(page, count) {
  return page.waitForFunction(
    (wanted) => document.querySelector('croquet-chat').messages.filter((m) => m.kind === 'post' && !m.pending).length >= wanted,
    { timeout: WAIT_MS, polling: 50 },
    count,
  );
}

/** Three people in one room say the conversation, each from their own browser context; their pages stay open (and are returned). */
async function seedBusyRoom(contexts, room) {
  const pages = {};
  for (const [person, nickname] of Object.entries(PEOPLE)) pages[person] = await openWidget(contexts[person], { room, nickname });
  await pages.amira.waitForFunction(() => document.querySelector('croquet-chat').users.length === 3, { timeout: WAIT_MS, polling: 50 });
  let posts = 0;
  for (const line of CONVERSATION) {
    const page = pages[line.who];
    if (line.rename) {
      await page.evaluate((name) => (document.querySelector('croquet-chat').nickname = name), line.rename);
      await page.waitForFunction((name) => document.querySelector('croquet-chat').nickname === name, { timeout: WAIT_MS, polling: 50 }, line.rename);
      continue;
    }
    posts += 1;
    await say(pages, line, posts);
  }
  return pages;
}

/** One person posts a line; everyone has it before the next is said, so the order is the conversation's. */
async function say(pages, { who, say: text }, postsAfter) {
  const accepted = await pages[who].evaluate((line) => document.querySelector('croquet-chat').send(line), text);
  if (!accepted) throw new Error(`${PEOPLE[who]} could not post "${text}"`);
  for (const page of Object.values(pages)) await waitForPosts(page, postsAfter);
}

/** One element in one state, photographed in both schemes (and, for a launcher, closed then open). */
async function photograph(context, { mode, state, dir, device, room, talkers }) {
  const offline = state === 'offline';
  const page = await openWidget(context, { room, mode, dir, box: offline ? DEAD_BOX : undefined, nickname: PEOPLE.amira }, offline ? 'offline' : 'online', DEVICES[device]);
  try {
    if (state === 'busy') await waitForPosts(page, busyPosts);
    if (state === 'busy' && (await launcherButton(page))) {
      // Someone speaks while the panel is closed: the badge shows one unread post.
      busyPosts += 1;
      await say(talkers, LATER_LINES[laterLinesSaid++ % LATER_LINES.length], busyPosts);
      await page.waitForFunction(() => document.querySelector('croquet-chat').unread > 0, { timeout: WAIT_MS, polling: 50 });
    }
    // Offline, a post waits in the outbox: the shot shows how a pending post looks.
    if (offline) await page.evaluate(() => document.querySelector('croquet-chat').send('Is anyone there?'));
    const views = mode === 'launcher' ? ['launcher-closed', 'launcher-open'] : ['inline'];
    for (const view of views) {
      if (view === 'launcher-open' && !(await openLauncher(page))) {
        notes.add('no launcher button found (is mode="launcher" built yet?): the launcher shots show the widget as it renders today');
      }
      for (const scheme of SCHEMES) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await settle(page);
        const file = `${view}-${state}-${scheme}-${dir}-${device}.png`;
        await page.screenshot({ path: path.join(OUTPUT_DIR, file) });
        written.push(file);
      }
    }
  } finally {
    await page.close();
  }
}

/** The launcher button of a `mode="launcher"` element, or null (inline, or an element without launcher mode). */
async function launcherButton(page) {
  return (await page.evaluateHandle(() => document.querySelector('croquet-chat').shadowRoot.querySelector('[part~="launcher"]'))).asElement();
}

/** Opens a launcher's panel the way a person does, with a click on its button. False when there is no launcher button. */
async function openLauncher(page) {
  const button = await launcherButton(page);
  if (!button) return false;
  await button.click();
  await page.waitForFunction(() => document.querySelector('croquet-chat').shadowRoot.querySelector('[part~="base"]')?.checkVisibility(), { timeout: WAIT_MS, polling: 50 });
  return true;
}

/** Lets transitions finish and the page paint twice, so a shot never catches a panel halfway. */
async function settle(page) {
  await page.evaluate(async () => {
    const root = document.querySelector('croquet-chat')?.shadowRoot;
    // Endless ones (a spinner, typing dots) never finish: only wait for those that end.
    const running = [...document.getAnimations(), ...(root?.getAnimations() ?? [])].filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}
