// The CLI (dist/server/main.js) as an operator runs it: every option by flag or environment
// variable (the flag wins), refusal of bad values, --help, and SIGTERM: clients are asked to
// reconnect, new sockets are turned away with 503 while state is written, the process exits 0, and
// the next process resumes where it stopped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CloseCode } from '../protocol.js';
import { killServer, RawClient, rawSessionId, startCli, type CliServer } from './helpers.js';
import { crq1, httpRequest, snapshotPath, upgradeAnswer, upgradeStatus } from './http.js';

const MAIN_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
const tmpDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'croquet-chat-cli-'));
const wsUrl = (server: CliServer, sessionId = rawSessionId()): string => `${server.url.replace(/^http/, 'ws')}reflector/${sessionId}`;

/** Runs the CLI to its end (it is killed after 30 s); its exit code and everything it printed. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN_JS, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, output: stdout + stderr });
    });
  });
}

/** Starts the CLI on a fresh data directory and loopback, plus `args`; stopped and removed after `body`. */
async function withCli(args: string[], env: Record<string, string>, body: (server: CliServer, dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = tmpDir();
  const server = await startCli(['--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...args], { env });
  try {
    await body(server, dataDir);
  } finally {
    await killServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test('--help lists every option with its environment variable and exits 0', async () => {
  const { code, output } = await runCli(['--help']);
  assert.equal(code, 0);
  for (const [flag, env] of [
    ['--port', 'PORT'],
    ['--host', 'HOST'],
    ['--data', 'DATA_DIR'],
    ['--retention-days', 'RETENTION_DAYS'],
    ['--allowed-origins', 'ALLOWED_ORIGINS'],
    ['--trust-proxy', 'TRUST_PROXY'],
    ['--max-connections-per-address', 'MAX_CONNECTIONS_PER_ADDRESS'],
    ['--max-sessions', 'MAX_SESSIONS'],
    ['--max-clients-per-session', 'MAX_CLIENTS_PER_SESSION'],
    ['--join-timeout-seconds', 'JOIN_TIMEOUT_SECONDS'],
    ['--max-upload-mb', 'MAX_UPLOAD_MB'],
    ['--session-quota-mb', 'SESSION_QUOTA_MB'],
    ['--store-quota-mb', 'STORE_QUOTA_MB'],
    ['--file-grace-minutes', 'FILE_GRACE_MINUTES'],
  ]) {
    assert.match(output, new RegExp(`^\\s*${flag}\\s+${env}\\s`, 'm'), flag);
  }
  assert.match(output, /--quiet/);
  assert.doesNotMatch(output, /"ready"/, 'it does not start a server');
});

test('a bad option value stops the CLI before it listens, naming the flag and its variable', async () => {
  const dataDir = tmpDir();
  try {
    for (const [args, env, message] of [
      [['--port', '70000'], {}, /bad --port \/ PORT: 70000/],
      [['--max-sessions=-1'], {}, /bad --max-sessions \/ MAX_SESSIONS: -1/],
      [['--retention-days', '0'], {}, /bad --retention-days \/ RETENTION_DAYS: 0/],
      [['--join-timeout-seconds', 'soon'], {}, /bad --join-timeout-seconds \/ JOIN_TIMEOUT_SECONDS: soon/],
      [[], { TRUST_PROXY: 'maybe' }, /bad --trust-proxy \/ TRUST_PROXY: maybe/],
      [['--bogus', '1'], {}, /--bogus/],
    ] as const) {
      const { code, output } = await runCli(['--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...args], env);
      assert.notEqual(code, 0, `${args.join(' ')} ${JSON.stringify(env)}`);
      assert.match(output, message);
      assert.doesNotMatch(output, /"ready"/);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('options take effect from flags and from environment variables; a flag wins over its variable', () =>
  withCli(
    [
      '--quiet',
      '--max-clients-per-session', '1',
      '--allowed-origins', 'https://a.example,https://b.example',
      '--join-timeout-seconds', '0.2',
      '--max-upload-mb', '0.001', // 1,048 bytes
      '--session-quota-mb', '0.0002', // 209 bytes: three 68-byte files
    ], // prettier-ignore
    { MAX_CLIENTS_PER_SESSION: '5', TRUST_PROXY: 'yes', MAX_CONNECTIONS_PER_ADDRESS: '2', PORT: '1' },
    async (server, dataDir) => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.notEqual(server.port, 1, '--port beats PORT');
      assert.equal(server.dataDir, path.resolve(dataDir));
      assert.equal(server.output().trim().split('\n').length, 1, '--quiet: the ready line only');

      const sockets: RawClient[] = [];
      try {
        // --max-clients-per-session 1, not the variable's 5.
        const id = rawSessionId();
        const member = await RawClient.session(server.url, id, { 'X-Forwarded-For': '192.0.2.1' });
        sockets.push(member);
        member.join({ user: 'member' });
        await member.waitFrame('SYNC');
        assert.equal(await upgradeStatus(wsUrl(server, id), { 'X-Forwarded-For': '192.0.2.2' }), 503);

        // --allowed-origins
        assert.equal(await upgradeStatus(wsUrl(server), { Origin: 'https://b.example', 'X-Forwarded-For': '192.0.2.3' }), 101);
        assert.equal(await upgradeStatus(wsUrl(server), { Origin: 'https://evil.example', 'X-Forwarded-For': '192.0.2.4' }), 403);

        // TRUST_PROXY and MAX_CONNECTIONS_PER_ADDRESS: two sockets per forwarded address.
        for (let i = 0; i < 2; i++) {
          const s = await RawClient.session(server.url, rawSessionId(), { 'X-Forwarded-For': '198.51.100.1' });
          sockets.push(s);
          s.join({ user: `u${i}` });
          await s.waitFrame('SYNC');
        }
        assert.equal(await upgradeStatus(wsUrl(server), { 'X-Forwarded-For': '198.51.100.1' }), 429);
        assert.equal(await upgradeStatus(wsUrl(server), { 'X-Forwarded-For': '198.51.100.2' }), 101);

        // --join-timeout-seconds
        const silent = await RawClient.session(server.url, rawSessionId(), { 'X-Forwarded-For': '192.0.2.5' });
        sockets.push(silent);
        assert.equal(await silent.waitClose(), CloseCode.JoinTimeout);

        // --max-upload-mb and --session-quota-mb, in the member's session.
        assert.equal((await httpRequest(server.url, 'PUT', snapshotPath(id, 1, 1), crq1(64))).status, 413);
        for (let i = 2; i <= 4; i++) assert.equal((await httpRequest(server.url, 'PUT', snapshotPath(id, i, i), crq1(1))).status, 201);
        assert.equal((await httpRequest(server.url, 'PUT', snapshotPath(id, 5, 5), crq1(1))).status, 507);
      } finally {
        for (const s of sockets) s.close();
      }
    },
  ));

test('--max-sessions: a new session over the limit gets 503', () =>
  withCli(['--quiet'], { MAX_SESSIONS: '1' }, async (server) => {
    const id = rawSessionId();
    const one = await RawClient.session(server.url, id);
    try {
      one.join({ user: 'one' });
      await one.waitFrame('SYNC');
      assert.equal(await upgradeStatus(wsUrl(server)), 503);
      assert.equal(await upgradeStatus(wsUrl(server, id)), 101, 'the session in use still admits');
    } finally {
      one.close();
    }
  }));

/** A socket that completes the WebSocket upgrade and then stops reading: it never answers a close. */
async function stuckSocket(server: CliServer): Promise<net.Socket> {
  const socket = net.connect(server.port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `GET /reflector/${rawSessionId()} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const answer = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
  assert.match(answer, /^HTTP\/1\.1 101 /);
  socket.pause();
  return socket;
}

test('SIGTERM: clients are asked to reconnect, new sockets get 503 meanwhile, the process exits 0 and the next one resumes', async () => {
  const dataDir = tmpDir();
  let server = await startCli(['--host', '127.0.0.1', '--port', '0', '--data', dataDir]);
  let stuck: net.Socket | undefined;
  try {
    const id = rawSessionId();
    const client = await RawClient.session(server.url, id);
    client.join({ user: 'u' });
    const before = await client.waitFrame('SYNC');
    client.send({ id, action: 'SEND', args: [0, 0, 'kept', 0] });
    await client.waitFrame('RECV', undefined, (f) => f.args[2] === 'kept');
    // A socket that cannot finish its close holds the shutdown open for a while (then it is cut).
    stuck = await stuckSocket(server);

    server.child.kill('SIGTERM');
    assert.equal(await client.waitClose(), CloseCode.PleaseReconnect);
    // Shutting down: a new socket (a reconnecting client) is told to come back later.
    const refused = await upgradeAnswer(wsUrl(server));
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['retry-after'], '30');
    assert.equal(await server.exited, 0, 'a clean exit');
    assert.match(server.output(), /"event":"closed"/);

    server = await startCli(['--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--quiet']);
    const back = await RawClient.session(server.url, id);
    back.join({ user: 'u' });
    const after = await back.waitFrame('SYNC');
    back.close();
    assert.equal(after.args.timeline, before.args.timeline, 'the same session');
    assert.ok(after.args.messages.some((m: unknown[]) => m[2] === 'kept'), 'with its messages');
  } finally {
    stuck?.destroy();
    await killServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
