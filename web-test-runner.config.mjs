// @web/test-runner setup: real Debian Chromium, TypeScript through esbuild, and the project's own
// Croquet-compatible server started in-process on a free port for the multi-user tests.
import { readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, summaryReporter, defaultReporter } from '@web/test-runner';
import { croquetEsmPlugin } from './tools/croquet-esm-plugin.mjs';
import { countsReporter } from './tools/counts-reporter.mjs';
import { localServerPlugin } from './tools/local-server-plugin.mjs';
import { offlineTabPlugin } from './tools/offline-tab-plugin.mjs';
import { nextVersionPlugin } from './tools/next-version-plugin.mjs';
import { pageVisibilityPlugin } from './tools/page-visibility-plugin.mjs';
import { reactEsmPlugin } from './tools/react-esm-plugin.mjs';

// Debian's Chromium and the flags it needs here (root, no GPU, closed network); the bench uses them too.
const chromium = JSON.parse(readFileSync(new URL('./tools/chromium.json', import.meta.url), 'utf8'));

const server = localServerPlugin();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  // Per test file: the outage tests keep a server away for over a minute.
  testsFinishTimeout: 480_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      // Each test page gets its own browser context (its own window): tabs sharing one window are hidden
      // behind each other, and Croquet only steps hidden pages on reflector ticks (no requestAnimationFrame),
      // which made concurrent multi-user test files crawl and time out.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: process.env.CHROME_PATH || chromium.defaultPath,
        headless: true,
        args: chromium.flags,
      },
    }),
  ],
  plugins: [
    croquetEsmPlugin(),
    reactEsmPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    server,
    nextVersionPlugin(),
    pageVisibilityPlugin(),
    offlineTabPlugin(),
  ],
  // The test page learns where the local reflector runs from this global.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><script>window.CROQUET_CHAT_TEST_BOX = ${JSON.stringify(server.boxUrl())};</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countsReporter()],
};
