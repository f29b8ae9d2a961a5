#!/usr/bin/env node
// CLI: croquet-chat-server [options] (see --help; every option also has an environment variable).
// SIGINT/SIGTERM write all state and ask clients to reconnect (close code 4003), so a restarted
// server picks up where this one stopped.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, DEFAULT_RETENTION_DAYS, type ServerOptions } from './server.js';
import { DEFAULT_LIMITS } from './admission.js';
import { DEFAULT_QUOTAS } from './file-store.js';
import { DEFAULT_GRACE_MS } from './file-gc.js';

const MB = 1024 * 1024;

/** Every option: its flag, environment variable, default and meaning (printed by --help). */
const OPTIONS = {
  port: { env: 'PORT', def: '8888', help: 'port to listen on (0 picks a free one)' },
  host: { env: 'HOST', def: '0.0.0.0', help: 'address to listen on (0.0.0.0: reachable from the LAN)' },
  data: { env: 'DATA_DIR', def: '.data', help: 'directory for sessions and files' },
  'retention-days': { env: 'RETENTION_DAYS', def: String(DEFAULT_RETENTION_DAYS), help: 'delete sessions and rooms unused this long' },
  'allowed-origins': { env: 'ALLOWED_ORIGINS', def: '*', help: 'comma-separated sites that may use the server, or *' },
  'trust-proxy': { env: 'TRUST_PROXY', def: 'false', help: 'count connections by X-Forwarded-For (behind a reverse proxy)' },
  'max-connections-per-address': { env: 'MAX_CONNECTIONS_PER_ADDRESS', def: String(DEFAULT_LIMITS.maxConnectionsPerAddress), help: 'open sockets per IP address (0: no limit)' },
  'max-sessions': { env: 'MAX_SESSIONS', def: String(DEFAULT_LIMITS.maxSessions), help: 'sessions in use (0: no limit)' },
  'max-clients-per-session': { env: 'MAX_CLIENTS_PER_SESSION', def: String(DEFAULT_LIMITS.maxClientsPerSession), help: 'open sockets per session (0: no limit)' },
  'join-timeout-seconds': { env: 'JOIN_TIMEOUT_SECONDS', def: String(DEFAULT_LIMITS.joinTimeoutMs / 1000), help: 'close sockets that have not joined by then (0: never)' },
  'max-upload-mb': { env: 'MAX_UPLOAD_MB', def: String(DEFAULT_QUOTAS.maxUploadBytes / MB), help: 'largest file upload' },
  'session-quota-mb': { env: 'SESSION_QUOTA_MB', def: String(DEFAULT_QUOTAS.bucketBytes / MB), help: "files one session (or room) may store" },
  'store-quota-mb': { env: 'STORE_QUOTA_MB', def: String(DEFAULT_QUOTAS.totalBytes / MB), help: 'files the whole store may hold' },
  'file-grace-minutes': { env: 'FILE_GRACE_MINUTES', def: String(DEFAULT_GRACE_MS / 60_000), help: 'keep superseded snapshots this long' },
} as const;
type Name = keyof typeof OPTIONS;

const { values } = parseArgs({
  options: {
    ...(Object.fromEntries(Object.keys(OPTIONS).map((k) => [k, { type: 'string' }])) as Record<Name, { type: 'string' }>),
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: croquet-chat-server [options]\n');
  for (const [flag, o] of Object.entries(OPTIONS)) console.log(`  --${flag.padEnd(30)} ${o.env.padEnd(28)} ${o.help} (default ${o.def})`);
  console.log(`  --quiet${' '.repeat(25)}no logs`);
  process.exit(0);
}

/** The flag, else the environment variable, else the default. */
const raw = (name: Name): string => values[name] ?? process.env[OPTIONS[name].env] ?? OPTIONS[name].def;
function num(name: Name, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(raw(name));
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`bad --${name} / ${OPTIONS[name].env}: ${raw(name)}`);
  return v;
}
function bool(name: Name): boolean {
  const v = raw(name).toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(v)) throw new Error(`bad --${name} / ${OPTIONS[name].env}: ${raw(name)}`);
  return v === 'true' || v === '1' || v === 'yes';
}

const host = raw('host');
const options: ServerOptions = {
  host,
  port: num('port', 0, 65535),
  dataDir: path.resolve(raw('data')),
  retentionDays: num('retention-days', Number.MIN_VALUE),
  allowedOrigins: raw('allowed-origins').split(','),
  trustProxy: bool('trust-proxy'),
  limits: {
    maxConnectionsPerAddress: num('max-connections-per-address', 0),
    maxSessions: num('max-sessions', 0),
    maxClientsPerSession: num('max-clients-per-session', 0),
    joinTimeoutMs: num('join-timeout-seconds', 0) * 1000,
  },
  maxUploadBytes: num('max-upload-mb', Number.MIN_VALUE) * MB,
  sessionQuotaBytes: num('session-quota-mb', Number.MIN_VALUE) * MB,
  storeQuotaBytes: num('store-quota-mb', Number.MIN_VALUE) * MB,
  fileGraceMs: num('file-grace-minutes', 0) * 60_000,
  quiet: values.quiet,
};
if (!Number.isInteger(options.port)) throw new Error(`bad port: ${options.port}`);

const server = await createServer(options);
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
