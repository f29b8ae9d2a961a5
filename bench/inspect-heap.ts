// The live JS heap of another Node process after a full GC, read through its inspector (a process
// started with --inspect=127.0.0.1:<port>). RSS alone misleads for rooms: a burst of joins grows V8's
// young generation to its cap (~32 MB by default, whatever the number of rooms), and that reservation
// stays, so "RSS growth / rooms" counts it as per-room memory. The heap after GC is what rooms keep.

import { createServer } from 'node:net';
import { WebSocket } from 'ws';

export interface HeapFigures {
  /** process.memoryUsage() of the inspected process, right after two forced full GCs (bytes). */
  heapUsed: number;
  heapTotal: number;
  external: number;
  rss: number;
}

/** A TCP port free on loopback right now (for --inspect=127.0.0.1:<port>). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Forces full GCs in the process whose inspector listens on `address` ("host:port") and reads its memory. */
export async function heapAfterGc(address: string): Promise<HeapFigures> {
  const targets = (await (await fetch(`http://${address}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 0;
  const call = (method: string, params: object = {}): Promise<{ result?: { result?: { value?: unknown } } }> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (data: Buffer): void => {
        const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } };
        if (reply.id !== id) return; // an event, or another call's reply
        ws.off('message', onMessage);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply as { result?: { result?: { value?: unknown } } });
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    // Twice: the first full GC may leave objects that only the finalizers it ran released.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const reply = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    return JSON.parse(String(reply.result?.result?.value)) as HeapFigures;
  } finally {
    ws.close();
  }
}
