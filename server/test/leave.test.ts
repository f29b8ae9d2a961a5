// Instant leave: a client that says it is going (Session.leave, page unload, dormant tab) is gone for
// everyone at once; a socket that dies without a close frame keeps its place for leaveDelay, so a
// network blip causes no exit and re-join.
//
// Order, not time, tells the two apart: once /metrics shows the server has seen the socket close, a
// marker post follows; an instant exit comes before it, a delayed one after it. Each test runs its
// own server (so the socket count is its own) behind one relay address, because Croquet keeps the
// first join's box for the whole process. How soon an exit is seen is measured by bench/exit.ts.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RunningServer } from '../server.js';
import { joinChat, RawClient, rawSessionId, TcpRelay, uniqueName, waitFor, type JoinOptions, type TestClient } from './helpers.js';
import { metric } from './http.js';
import { assertBefore, cutNetwork, joinObserver, postMarker, type Observer } from './presence.js';

/** What the official client sends as leaveDelay (rejoinLimit 1000 + 250). */
const LEAVE_DELAY_MS = 1250;
/** A leave delay no test waits out: an exit seen before the marker cannot have come through it. */
const LONG_DELAY: JoinOptions = { rejoinLimit: 30_000 };

let relay: TcpRelay;
before(async () => {
  relay = await TcpRelay.start();
});
after(() => relay.close());

/** Waits until the server has exactly `n` sockets open. */
const openSockets = (server: RunningServer, n: number): Promise<boolean> =>
  waitFor(async () => (await metric(server.url, 'croquet_connections')) === n, `${n} open sockets`);

/**
 * Runs `body` on a fresh server with an observer B and a client A in a fresh room, once B sees A;
 * both leave after. The island's leaveDelay is the latest JOIN's: A's.
 */
async function withPair(
  prefix: string,
  opts: JoinOptions,
  body: (a: TestClient, b: Observer, aId: string, server: RunningServer) => Promise<void>,
): Promise<void> {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  relay.target = server.port;
  const name = uniqueName(prefix);
  const b = await joinObserver(relay.url, name, { rejoinLimit: opts.rejoinLimit });
  const a = await joinChat(relay.url, name, opts);
  try {
    await waitFor(() => b.model.present[a.viewId] === 1, 'B sees A');
    await openSockets(server, 2);
    await body(a, b, a.viewId, server);
  } finally {
    await a.leave();
    await b.leave();
    await server.close();
  }
}

test('a client that calls leave() is seen as exited by the others at once', () =>
  withPair('leave', LONG_DELAY, async (a, b, aId, server) => {
    await a.leave();
    await openSockets(server, 1);
    const marker = await postMarker(b);
    assertBefore(b, `exit:${aId}`, marker);
    assert.deepEqual(Object.keys(b.model.present), [b.viewId]);
  }));

test('a socket cut without a close frame keeps its place for the leave delay, then exits', () =>
  // A leave delay of 4.25 s: the marker surely gets through before it is over.
  withPair('cut', { rejoinLimit: 4000 }, async (a, b, aId, server) => {
    cutNetwork(a); // the network is down for good
    a.dropSocket();
    await openSockets(server, 1);
    const marker = await postMarker(b);
    assert.equal(b.model.present[aId], 1, 'A is still present at the marker');
    await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees A exit after the leave delay');
    assertBefore(b, marker, `exit:${aId}`);
  }));

test('a network blip within the leave delay causes no exit and no second join', () =>
  withPair('blip', {}, async (a, b, aId, server) => {
    const viewBefore = a.session.view;
    // A raw member of the room sees the users message that finally removes A's old socket.
    const watcher = await RawClient.session(relay.url, a.session.id);
    try {
      watcher.join({ user: 'watcher', leaveDelay: LEAVE_DELAY_MS });
      await waitFor(() => b.model.present.watcher === 1, 'B sees the watcher');
      const network = cutNetwork(a);
      a.dropSocket();
      await openSockets(server, 2); // B and the watcher: the server has seen the drop
      network.restore(); // back well within the client's rejoinLimit (1000 ms)
      await waitFor(() => a.controller.connection.connected && a.controller.synced, 'A reconnected');
      await watcher.waitFrame('RECV', 20_000, (f) => f.args[2]?.what === 'users' && f.args[2].left?.includes(aId));
      // The old socket's departure has been delivered; the marker comes after it for both.
      await postMarker(b, [a, b]);
      for (const model of [a.model, b.model]) {
        assert.deepEqual(model.events.filter((e) => e.endsWith(`:${aId}`)), [`join:${aId}`]);
        assert.equal(model.present[aId], 1);
      }
      assert.equal(a.session.view, viewBefore, 'same view object: a seamless rejoin');
    } finally {
      watcher.close();
    }
  }));

test('a tab that goes dormant (4110) exits at once and comes back with the same viewId when shown', () => {
  let steps = 0;
  return withPair('dormant', { ...LONG_DELAY, autoSleep: 1, onStep: () => steps++ }, async (a, b, aId, server) => {
    // The tab is hidden: after autoSleep the client closes its socket with 4110 and stays away.
    const controller = a.controller;
    let closedWith: number | undefined;
    const close = controller.connection.closeConnection.bind(controller.connection);
    controller.connection.closeConnection = (code: number, message: string) => {
      closedWith ??= code;
      return close(code, message);
    };
    controller.isOutOfSight = () => true;
    await waitFor(() => closedWith, 'A goes dormant');
    assert.equal(closedWith, 4110);
    await openSockets(server, 1);
    const marker = await postMarker(b);
    assertBefore(b, `exit:${aId}`, marker);
    // A hidden client reconnects only from a step, so steps taken while hidden are the barrier.
    const stepsThen = steps;
    await waitFor(() => steps >= stepsThen + 20, 'A keeps stepping while hidden');
    assert.equal(controller.connection.connected, false, 'a hidden tab stays disconnected');
    assert.equal(await metric(server.url, 'croquet_connections'), 1, 'and opens no socket');

    // Shown again: it rejoins on its next step, with the same viewId, as a new join.
    controller.isOutOfSight = () => false;
    await waitFor(() => b.seenAt(`join:${aId}`, 1), 'B sees the tab join again');
    await waitFor(() => a.session.model && a.model.present[aId] === 1 && a.viewId === aId, 'A is back in its own model');
    assert.deepEqual(b.model.events.filter((e) => e.endsWith(`:${aId}`)), [`join:${aId}`, `exit:${aId}`, `join:${aId}`]);
  });
});

test('close codes: departures are announced at once, everything else after the leave delay', async () => {
  const server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
  const sockets: RawClient[] = [];
  /**
   * One session: a watcher and a client that joined with the official leaveDelay, then closes. Once
   * the server has seen the close, the watcher posts a marker; says whether the leave came first.
   */
  const leftBeforeMarker = async (close: (ws: RawClient) => void): Promise<boolean> => {
    const id = rawSessionId();
    const watcher = await RawClient.session(server.url, id);
    sockets.push(watcher);
    watcher.join({ user: 'watcher', leaveDelay: LEAVE_DELAY_MS });
    await watcher.waitFrame('SYNC');
    const leaver = await RawClient.session(server.url, id);
    sockets.push(leaver);
    leaver.join({ user: 'leaver', leaveDelay: LEAVE_DELAY_MS });
    await watcher.waitFrame('RECV', undefined, (f) => f.args[2]?.what === 'users' && f.args[2].joined?.includes('leaver'));
    const open = await metric(server.url, 'croquet_connections');
    close(leaver);
    await openSockets(server, open - 1);
    const marker = `marker-${id}`;
    watcher.send({ id, action: 'SEND', args: [0, 0, marker, 0] });
    await watcher.waitFrame('RECV', undefined, (f) => f.args[2] === marker);
    const isLeft = (f: { action: string; args?: any }): boolean =>
      f.action === 'RECV' && f.args[2]?.what === 'users' && f.args[2].left?.includes('leaver');
    await waitFor(() => watcher.frames.some(isLeft), 'the leaver is announced as left');
    return watcher.frames.findIndex(isLeft) < watcher.frames.findIndex((f) => f.action === 'RECV' && f.args[2] === marker);
  };
  try {
    const departures = { 1000: 'Session.leave()', 1001: 'page unload', 4110: 'dormant', 4200: 'client gave up' };
    for (const [code, what] of Object.entries(departures)) {
      assert.equal(await leftBeforeMarker((c) => c.ws.close(Number(code))), true, `${code} (${what}): announced at once`);
    }
    assert.equal(await leftBeforeMarker((c) => c.ws.close(4000)), false, '4000 (client error, reconnecting): after the leave delay');
    assert.equal(await leftBeforeMarker((c) => c.ws.terminate()), false, 'no close frame: after the leave delay');
  } finally {
    for (const s of sockets) s.close();
    await server.close();
  }
});

test('leaving after a blip takes the lingering old socket along: the exit is still instant', () =>
  withPair('blip-leave', LONG_DELAY, async (a, b, aId, server) => {
    a.dropSocket(); // the old socket lingers on the server for the leave delay
    await waitFor(() => !a.controller.connection.connected, 'A notices the drop');
    await waitFor(() => a.controller.connection.connected && a.controller.synced, 'A reconnected');
    await openSockets(server, 2); // A's new socket and B; the old one is closed and lingers
    await a.leave();
    await openSockets(server, 1);
    const marker = await postMarker(b);
    assertBefore(b, `exit:${aId}`, marker);
    assert.deepEqual(b.model.events.filter((e) => e.endsWith(`:${aId}`)), [`join:${aId}`, `exit:${aId}`]);
  }));
