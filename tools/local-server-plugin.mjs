// Starts croquet-chat's own server (reflector + /files) in-process for the browser tests.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../dist/server/server.js';

/** Browser command that starts/stops a second server, for tests of lost connections (test/reconnect.test.ts). */
export const SPARE_SERVER_COMMAND = 'croquet-chat-spare-server';
/** Browser command that lists the server's persisted-data records (its last SAVE per room) for an app id. */
export const PERSISTED_COMMAND = 'croquet-chat-persisted';

/** The records the server keeps in <data>/persist/: `{appId, persistentId, url}` and when it was written. */
function persistedRecords(dataDir, appId) {
  const dir = path.join(dataDir, 'persist');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ ...JSON.parse(readFileSync(path.join(dir, name), 'utf8')), writtenAt: statSync(path.join(dir, name)).mtimeMs }))
    .filter((record) => record.appId === appId);
}

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
    /**
     * `executeServerCommand('croquet-chat-persisted', {appId})` → that app's persisted-data records (see above).
     * `executeServerCommand('croquet-chat-spare-server', {action: 'start' | 'stop'})` → the spare box URL. */
    async executeCommand({ command, payload }) {
      if (command === PERSISTED_COMMAND) return persistedRecords(server.dataDir, String(payload?.appId));
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
