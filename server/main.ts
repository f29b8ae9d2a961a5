#!/usr/bin/env node
// CLI: croquet-chat-server [--port 8888] [--host 0.0.0.0] [--data .data] [--retention-days 7] [--quiet]
// Environment: PORT, HOST, DATA_DIR, RETENTION_DAYS. SIGINT/SIGTERM write all state and ask clients
// to reconnect (close code 4003), so a restarted server picks up where this one stopped.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, DEFAULT_RETENTION_DAYS } from './server.js';

const DEFAULT_PORT = 8888;
const DEFAULT_HOST = '0.0.0.0'; // reachable from the LAN; the printed URL uses localhost

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    'retention-days': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: croquet-chat-server [--port 8888] [--host 0.0.0.0] [--data .data] [--retention-days 7] [--quiet]');
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
const host = values.host ?? process.env.HOST ?? DEFAULT_HOST;
const dataDir = path.resolve(values.data ?? process.env.DATA_DIR ?? '.data');
const retentionDays = Number(values['retention-days'] ?? process.env.RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${port}`);
if (!(retentionDays > 0)) throw new Error(`bad retention: ${retentionDays} days`);

const server = await createServer({ host, port, dataDir, retentionDays, quiet: values.quiet });
const demo = fs.existsSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'demo')) ? 'demo/' : '';
// One machine-readable line first (tests and scripts parse it), then the human hint.
console.log(JSON.stringify({ scope: 'main', event: 'ready', url: server.url, port: server.port, dataDir: server.dataDir }));
if (!values.quiet) {
  console.log(`\n  croquet-chat server: open ${server.url}${demo}`);
  if (host === '0.0.0.0') {
    for (const addrs of Object.values(os.networkInterfaces())) {
      for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) console.log(`  on your network:     http://${a.address}:${server.port}/${demo}`);
    }
  }
  console.log(`  box URL for <croquet-chat>: ${server.url}\n`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // second signal: give up waiting
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
