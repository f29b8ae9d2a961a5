/* global document, getComputedStyle -- the waitForFunction and evaluate callbacks run in the page */
// `npm test` step: opens the demo page in Chromium against a fresh server and fails on any console error,
// page error or failed request (a missing favicon included), once every room is online. Then it checks
// that the page fits a phone (390 × 844) without sideways scrolling, and that every room turns dark in
// dark mode.
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from '../dist/server/server.js';

const PHONE = { width: 390, height: 844 };
/** A room's background counts as dark below this relative luminance (WCAG's formula, 0 black to 1 white). */
const DARK_LUMINANCE = 0.2;

const chromium = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));
const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || chromium.defaultPath, headless: true, args: chromium.flags });
const problems = [];
let rooms = 0;
try {
  const page = await openDemo();
  const states = await page.evaluate(() => [...document.querySelectorAll('croquet-chat')].map((el) => `${el.session}: ${el.status} ${el.errorMessage}`));
  for (const state of states) if (!state.includes(': online')) problems.push(`not online: ${state}`);
  rooms = states.length;
  // The translated rooms show their words and direction (the send button is inside the composer's shadow root).
  const localized = await page.evaluate(() =>
    [...document.querySelectorAll('croquet-chat.localized')].map((el) => {
      const composer = el.shadowRoot.querySelector('croquet-chat-composer');
      const send = composer?.shadowRoot.querySelector('[part~="send-button"]')?.textContent.trim();
      return { session: el.session, send, direction: getComputedStyle(el.shadowRoot.querySelector('[part~="log"]')).direction, dir: el.dir };
    }),
  );
  if (localized.length !== 2) problems.push(`expected the German and the Arabic room, found ${localized.length} translated rooms`);
  for (const room of localized) {
    if (!room.send || room.send === 'Send') problems.push(`${room.session}: the send button is not translated (${room.send})`);
    if (room.direction !== (room.dir === 'rtl' ? 'rtl' : 'ltr')) problems.push(`${room.session}: the log runs ${room.direction}`);
  }

  // Dark mode reaches every room, the restyled one included (a launcher's closed panel still has its colours).
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  const backgrounds = await page.evaluate(() =>
    [...document.querySelectorAll('croquet-chat')].map((el) => {
      const base = el.shadowRoot.querySelector('[part~="base"]');
      return { session: el.session, background: base ? getComputedStyle(base).backgroundColor : 'no base part' };
    }),
  );
  for (const { session, background } of backgrounds) {
    const luminance = relativeLuminance(background);
    if (!(luminance < DARK_LUMINANCE)) problems.push(`${session}: background ${background} is not dark in dark mode (luminance ${luminance?.toFixed(2)})`);
  }
  await page.close();

  // On a phone nothing scrolls sideways: code samples wrap, rooms fit the screen.
  const phone = await openDemo(PHONE);
  const fit = await phone.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    const chats = [...document.querySelectorAll('croquet-chat')].map((el) => {
      const box = el.getBoundingClientRect();
      return { session: el.session, width: Math.round(box.width), left: Math.round(box.left), right: Math.round(box.right) };
    });
    return { scrollWidth, clientWidth, chats };
  });
  if (fit.scrollWidth > fit.clientWidth) problems.push(`phone (${PHONE.width} px): the page scrolls sideways (${fit.scrollWidth} px wide)`);
  for (const chat of fit.chats) {
    if (chat.width > fit.clientWidth || chat.left < 0 || chat.right > fit.clientWidth) {
      problems.push(`phone (${PHONE.width} px): ${chat.session} spans ${chat.left}–${chat.right} px (${chat.width} px wide)`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.error(`demo: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`demo: ${rooms} rooms online, no console errors, no failed requests, fits a ${PHONE.width} px phone, dark in dark mode`);

/** A new page on the demo (at `viewport`, if given) that records every problem, once every room is online or failed. */
async function openDemo(viewport) {
  const page = await browser.newPage();
  if (viewport) await page.setViewport(viewport);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${server.url}demo/`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => [...document.querySelectorAll('croquet-chat')].every((el) => el.status === 'online' || el.status === 'error'),
    { timeout: 20_000 },
  );
  return page;
}

/** WCAG relative luminance of a computed `rgb()`/`rgba()` colour; undefined for a transparent or unreadable one. */
function relativeLuminance(color) {
  const match = /^rgba?\((\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)(?:[ ,/]+([\d.]+))?\)$/.exec(color);
  if (!match || (match[4] !== undefined && Number(match[4]) === 0)) return undefined;
  const [r, g, b] = match.slice(1, 4).map((channel) => {
    const value = Number(channel) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
