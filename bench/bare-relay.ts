// The benchmark's control: the least a Node WebSocket relay can do. Every frame it receives goes to
// every connected socket with ws.send: no sessions, no validation, no log, no ticks. What it costs on
// a machine is about the floor under any reflector built on Node and ws.send there, Croquet's own
// included.
// GET /cpu answers the process's CPU time in ms, as our server's /metrics does.
// Run: node dist/bench/bare-relay.js   (prints {"port":N} once listening)

import * as http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const httpServer = http.createServer((req, res) => {
  const { user, system } = process.cpuUsage();
  res.writeHead(req.url === '/cpu' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(req.url === '/cpu' ? JSON.stringify({ cpuMs: (user + system) / 1000 }) : '{}');
});
const relay = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
relay.on('connection', (socket: WebSocket) => {
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    for (const peer of relay.clients) peer.send(data, { binary: isBinary });
  });
});
httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  if (typeof address === 'object' && address) console.log(JSON.stringify({ port: address.port }));
});
