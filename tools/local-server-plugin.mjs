// Starts croquet-chat's own server (reflector + /files) in-process for the browser tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../dist/server/server.js';

/** Browser command that starts/stops a second server, for tests of lost connections (test/reconnect.test.ts). */
export const SPARE_SERVER_COMMAND = 'croquet-chat-spare-server';

export function localServerPlugin() {
  let server;
  // The spare server keeps its port and data directory across stop/start, like a restarted deployment.
  let spare;
  let sparePort = 0;
  let spareDir;
  return {
    name: 'croquet-chat-local-server',
    async serverStart() {
      server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
    },
    async serverStop() {
      await server?.close();
      await spare?.close();
      if (spareDir) rmSync(spareDir, { recursive: true, force: true });
    },
    /** `executeServerCommand('croquet-chat-spare-server', {action: 'start' | 'stop'})` → the spare box URL. */
    async executeCommand({ command, payload }) {
      if (command !== SPARE_SERVER_COMMAND) return undefined;
      if (payload?.action === 'start' && !spare) {
        spareDir ??= mkdtempSync(path.join(tmpdir(), 'croquet-chat-spare-'));
        spare = await createServer({ host: '127.0.0.1', port: sparePort, dataDir: spareDir, quiet: true });
        sparePort = spare.port;
      } else if (payload?.action === 'stop' && spare) {
        await spare.close();
        spare = undefined;
      }
      return { url: spare?.url ?? null, port: sparePort };
    },
    /** The `box` URL the widget under test connects to. */
    boxUrl() {
      if (!server) throw new Error('local server not started yet');
      return server.url;
    },
  };
}
