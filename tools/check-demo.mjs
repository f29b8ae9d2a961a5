/* global document -- the waitForFunction and evaluate callbacks run in the page */
// `npm test` step: opens the demo page in Chromium against a fresh server and fails on any console error,
// page error or failed request (a missing favicon included), once both rooms are online.
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from '../dist/server/server.js';

const chromium = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));
const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || chromium.defaultPath, headless: true, args: chromium.flags });
const problems = [];
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
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.error(`demo: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('demo: both rooms online, no console errors, no failed requests');
