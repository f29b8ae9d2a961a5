/* global document, requestAnimationFrame, OffscreenCanvas -- the evaluate and waitForFunction callbacks run in the page */
// `npm run screenshots`: photographs the widget alone (demo/screenshot.html, served by the built server)
// in every combination of look that matters to whoever works on it, into screenshots/:
//   inline | launcher-closed | launcher-open  ×  empty | busy | offline  ×  light | dark  ×  ltr | rtl  ×  desktop | phone
// named in that order, e.g. screenshots/inline-busy-light-ltr-desktop.png.
// Each browser context is one person (its own storage, hence its own key and name). The busy room has three
// people: the viewer (Amira) and two more who talk, rename and post a link, a long line, emoji, a picture
// (drawn in the page) and a post that mentions Amira. Two extra looks of the busy room, light only:
//   inline-mention-list-light-ltr-{desktop,phone}   Amira has typed "@Ch" and the composer suggests Chen Wei
//   inline-image-viewer-light-ltr-{desktop,phone}    Amira opened the picture
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

/**
 * The busy room's conversation, in order. `rename` changes the speaker's name (the room shows "A is now B");
 * `image` posts a picture with that alt text (and `say` as its caption).
 */
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
  { who: 'chen', image: 'Release dashboard', say: 'All checks green on the dashboard ✅' },
  { who: 'ben', say: '@Amira can you post the changelog once Chen has written it?' },
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
/** The viewer, whose posts are on the inline end and whom the mention names. */
const VIEWER = 'amira';
let busyPosts = CONVERSATION.filter((line) => !line.rename).length;
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
          await photograph(contexts[VIEWER], { mode, state, dir, device, room, talkers });
        }
      }
    }
  }
  for (const device of Object.keys(DEVICES)) {
    await photographMentionList(contexts[VIEWER], device, busyRoom);
    await photographImageViewer(contexts[VIEWER], device, busyRoom);
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
    if (line.image) await sendPicture(pages, line, posts);
    else await say(pages, line, posts);
  }
  return pages;
}

/** One person posts the picture {@link postDashboard} draws, with alt text `image` and caption `say`. */
async function sendPicture(pages, { who, image: alt, say: text }, postsAfter) {
  const sent = await pages[who].evaluate(postDashboard, { alt, text });
  if (!sent) throw new Error(`${PEOPLE[who]} could not post the image "${alt}"`);
  for (const page of Object.values(pages)) await waitForPosts(page, postsAfter);
}

/**
 * Runs in the page (self-contained): draws a 1200×800 PNG that looks like a release dashboard (a gradient,
 * cards, a bar chart, a trend line, a completion ring), so thumbnail and viewer show a real picture's
 * detail, and posts it with sendImage(blob, options). Drawn there because Croquet stores only bytes of
 * its own window's buffers.
 */
async function postDashboard(options) {
  const canvas = new OffscreenCanvas(1200, 800);
  const g = canvas.getContext('2d');
  const sky = g.createLinearGradient(0, 0, 1200, 800);
  sky.addColorStop(0, '#312e81');
  sky.addColorStop(0.55, '#1e40af');
  sky.addColorStop(1, '#0f766e');
  g.fillStyle = sky;
  g.fillRect(0, 0, 1200, 800);
  // Soft light circles behind the cards.
  for (const [x, y, r, a] of [[1040, 120, 220, 0.1], [140, 700, 260, 0.08], [640, 420, 120, 0.06]]) {
    g.fillStyle = `rgb(255 255 255 / ${a})`;
    g.beginPath();
    g.arc(x, y, r, 0, Math.PI * 2);
    g.fill();
  }
  const card = (x, y, w, h) => {
    g.fillStyle = 'rgb(255 255 255 / 0.14)';
    g.beginPath();
    g.roundRect(x, y, w, h, 28);
    g.fill();
  };
  g.fillStyle = '#ffffff';
  g.font = '600 56px sans-serif';
  g.fillText('Release 0.2', 72, 120);
  g.fillStyle = 'rgb(255 255 255 / 0.75)';
  g.font = '32px sans-serif';
  g.fillText('Builds this week', 72, 172);
  // The bar chart: builds per day, the last one today.
  card(64, 220, 680, 500);
  const bars = [0.45, 0.62, 0.38, 0.8, 0.7, 0.92, 0.98];
  bars.forEach((value, i) => {
    const height = value * 360;
    g.fillStyle = i === bars.length - 1 ? '#5eead4' : 'rgb(255 255 255 / 0.8)';
    g.beginPath();
    g.roundRect(112 + i * 88, 660 - height, 52, height, [14, 14, 4, 4]);
    g.fill();
  });
  // The trend over the bars.
  g.strokeStyle = '#fde68a';
  g.lineWidth = 8;
  g.lineJoin = 'round';
  g.beginPath();
  bars.forEach((value, i) => g[i ? 'lineTo' : 'moveTo'](138 + i * 88, 620 - value * 300));
  g.stroke();
  // The completion ring: all checks passed.
  card(792, 220, 344, 500);
  g.lineWidth = 34;
  g.lineCap = 'round';
  g.strokeStyle = 'rgb(255 255 255 / 0.18)';
  g.beginPath();
  g.arc(964, 430, 110, 0, Math.PI * 2);
  g.stroke();
  g.strokeStyle = '#4ade80';
  g.beginPath();
  g.arc(964, 430, 110, -Math.PI / 2, Math.PI * 1.5);
  g.stroke();
  g.fillStyle = '#ffffff';
  g.font = '600 64px sans-serif';
  g.textAlign = 'center';
  g.fillText('100%', 964, 452);
  g.font = '30px sans-serif';
  g.fillStyle = 'rgb(255 255 255 / 0.8)';
  g.fillText('checks green', 964, 640);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return document.querySelector('croquet-chat').sendImage(blob, options);
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
      if (state === 'busy' && view !== 'launcher-closed') await waitForThumbnails(page);
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

/** The busy room, light, after Amira typed "@Ch" in the message box: the suggestions list over the composer. */
async function photographMentionList(context, device, room) {
  const page = await openWidget(context, { room, nickname: PEOPLE[VIEWER] }, 'online', DEVICES[device]);
  try {
    await waitForPosts(page, busyPosts);
    await waitForThumbnails(page);
    await page.evaluate(() => document.querySelector('croquet-chat').shadowRoot.querySelector('croquet-chat-composer').shadowRoot.querySelector('textarea').focus());
    await page.keyboard.type('@Ch');
    await page.waitForFunction(
      () => document.querySelector('croquet-chat').shadowRoot.querySelector('croquet-chat-composer').shadowRoot.querySelector('[part~="mention-option"]')?.checkVisibility(),
      { timeout: WAIT_MS, polling: 50 },
    );
    await shoot(page, `inline-mention-list-light-ltr-${device}.png`);
  } finally {
    await page.close();
  }
}

/** The busy room, light, after Amira opened the picture: the viewer dialog with its alt text. */
async function photographImageViewer(context, device, room) {
  const page = await openWidget(context, { room, nickname: PEOPLE[VIEWER] }, 'online', DEVICES[device]);
  try {
    await waitForPosts(page, busyPosts);
    await waitForThumbnails(page);
    const thumbnail = await page.evaluateHandle(() => document.querySelector('croquet-chat').shadowRoot.querySelector('[part~="image"]'));
    await thumbnail.asElement().click();
    await page.waitForFunction(
      () => {
        const img = document.querySelector('croquet-chat').shadowRoot.querySelector('[part~="image-viewer"][open] img');
        return img?.complete && img.naturalWidth > 0;
      },
      { timeout: WAIT_MS, polling: 50 },
    );
    await shoot(page, `inline-image-viewer-light-ltr-${device}.png`);
  } finally {
    await page.close();
  }
}

/** One light shot of `page` as it stands. */
async function shoot(page, file) {
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await settle(page);
  await page.screenshot({ path: path.join(OUTPUT_DIR, file) });
  written.push(file);
}

/** Waits until every thumbnail in the log shows its loaded picture (they load after the posts arrive). */
function waitForThumbnails(page) {
  return page.waitForFunction(
    () => {
      const thumbnails = [...document.querySelector('croquet-chat').shadowRoot.querySelectorAll('[part~="image"]')];
      return thumbnails.length > 0 && thumbnails.every((button) => {
        const img = button.querySelector('img');
        return img?.complete && img.naturalWidth > 0;
      });
    },
    { timeout: WAIT_MS, polling: 50 },
  );
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
