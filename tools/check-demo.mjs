/* global document, getComputedStyle -- the waitForFunction and evaluate callbacks run in the page */
// `npm test` step: opens the demo page in Chromium against a fresh server and fails on any console error,
// page error or failed request (a missing favicon included), once every room is online.
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from '../dist/server/server.js';

const chromium = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));
const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || chromium.defaultPath, headless: true, args: chromium.flags });
const problems = [];
let rooms = 0;
try {
  const page = await browser.newPage();
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
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.error(`demo: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`demo: ${rooms} rooms online, no console errors, no failed requests`);
