// The idle-rooms load generator, a child process of idle-rooms.ts, so the CPU of the server under
// test is measured alone. It opens one room per client with raw protocol clients (ws sockets that
// JOIN with the fields the official client sends; 2,000 official clients in one process would cost
// more than the servers being measured), then counts the TICKs each room receives.
//
// Talks to its parent over IPC:
//   parent → {cmd:'join', base, rooms, concurrency, tickMs}   base: the socket URL the session id is appended to
//   child  → {joined, joinAllMs, syncAllMs, failed}
//   parent → {cmd:'count'} … {cmd:'report'}
//   child  → {ticks: number[] (per room, while counting), windowMs, loadCpuMs}

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

/** The official client sends PULSE after this long (ms) without sending anything. */
const PULSE_MS = 25_000;
const APP_ID = 'io.croquetchat.bench';
const TICK = Buffer.from('"action":"TICK"');
const RECV = Buffer.from('"action":"RECV"');
const SYNC = Buffer.from('"action":"SYNC"');

const base36 = (n: number): string => Array.from(randomBytes(n), (b) => (b % 36).toString(36)).join('');
const base64url = (n: number): string => randomBytes(n).toString('base64url').slice(0, n);

interface Room {
  ws: WebSocket;
  ticks: number;
}

const rooms: Room[] = [];
let counting = false;
let countStart = 0;
let cpuStart = process.cpuUsage();

/** One client in a room of its own: resolves when it is joined as the official client counts it. */
function joinRoom(base: string, tickMs: number, onSync: () => void): Promise<Room> {
  const sessionId = base64url(43);
  const viewId = base36(10);
  const name = `idle-${base36(8)}`;
  const ws = new WebSocket(base + sessionId, { perMessageDeflate: false, skipUTF8Validation: true });
  const room: Room = { ws, ticks: 0 };
  let pulse: NodeJS.Timeout | undefined;
  const send = (frame: object): void => {
    ws.send(JSON.stringify(frame));
    pulse?.refresh();
  };
  return new Promise((resolve, reject) => {
    let synced = false;
    ws.on('open', () => {
      send({
        id: sessionId,
        action: 'JOIN',
        args: {
          name: `${APP_ID}/${name}`,
          apiKey: 'none',
          appId: APP_ID,
          url: 'http://localhost/bench/idle-rooms',
          persistentId: base64url(43),
          sdk: '2.0.4',
          developerId: 'unknown_dev_id',
          version: 1,
          user: viewId,
          ticks: { tick: tickMs, delay: 0 },
          dormantDelay: 10,
          tove: base64url(132),
          codeHash: base64url(43),
          leaveDelay: 1250,
        },
      });
      pulse = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"action":"PULSE"}'), PULSE_MS);
    });
    ws.on('message', (data: Buffer) => {
      if (data.includes(TICK)) {
        if (counting) room.ticks++;
      } else if (!synced && data.includes(SYNC)) {
        synced = true;
        onSync();
        // A room of one: the SYNC carries no users message yet; the joined users message follows.
      } else if (synced && data.includes(RECV) && data.includes(viewId)) {
        resolve(room);
      }
    });
    ws.on('error', reject);
    ws.on('close', (code) => {
      clearInterval(pulse);
      reject(new Error(`closed ${code}`));
    });
  });
}

async function joinAll(base: string, count: number, concurrency: number, tickMs: number): Promise<void> {
  const started = performance.now();
  let synced = 0;
  let syncAllMs = 0;
  let failed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        rooms.push(
          await joinRoom(base, tickMs, () => {
            if (++synced === count) syncAllMs = performance.now() - started;
          }),
        );
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  process.send!({ joined: rooms.length, failed, joinAllMs: performance.now() - started, syncAllMs });
}

process.on('message', (msg: { cmd: string; base?: string; rooms?: number; concurrency?: number; tickMs?: number }) => {
  if (msg.cmd === 'join') void joinAll(msg.base!, msg.rooms!, msg.concurrency!, msg.tickMs ?? 50);
  else if (msg.cmd === 'count') {
    for (const r of rooms) r.ticks = 0;
    counting = true;
    countStart = performance.now();
    cpuStart = process.cpuUsage();
  } else if (msg.cmd === 'report') {
    counting = false;
    const cpu = process.cpuUsage(cpuStart);
    process.send!({ ticks: rooms.map((r) => r.ticks), windowMs: performance.now() - countStart, loadCpuMs: (cpu.user + cpu.system) / 1000 });
  }
});
process.on('disconnect', () => process.exit(0));
