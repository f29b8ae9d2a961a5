// Instant leave: a client that says it is going (Session.leave, page unload, dormant tab) is gone for
// everyone at once; a socket that dies without a close frame keeps its place for leaveDelay, so a
// network blip causes no exit and re-join.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { createServer, type RunningServer } from '../server.js';
import { joinChat, RawClient, rawSessionId, uniqueName, waitFor, type JoinOptions, type TestClient } from './helpers.js';
import { cutNetwork, joinObserver, type Observer } from './presence.js';

/** What the official client sends as leaveDelay (rejoinLimit 1000 + 250). */
const LEAVE_DELAY_MS = 1250;
/** Bound for an instant exit in these tests: far under the leave delay, with room for CI noise. */
const INSTANT_MS = 500;

let server: RunningServer;
before(async () => {
  server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
});
after(async () => {
  await server.close();
});

/** Runs `body` with an observer B and a client A in a fresh room, once B sees A; both leave after. */
async function withPair(
  prefix: string,
  opts: JoinOptions,
  body: (a: TestClient, b: Observer, aId: string) => Promise<void>,
): Promise<void> {
  const name = uniqueName(prefix);
  const b = await joinObserver(server.url, name);
  const a = await joinChat(server.url, name, opts);
  try {
    await waitFor(() => b.model.present[a.viewId] === 1, 'B sees A');
    await body(a, b, a.viewId);
  } finally {
    await a.leave();
    await b.leave();
  }
}

test('a client that calls leave() is seen as exited by the others at once', (t) =>
  withPair('leave', {}, async (a, b, aId) => {
    const started = performance.now();
    const left = a.leave();
    const exitAt = await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees A exit', 5000);
    await left;
    const ms = exitAt - started;
    t.diagnostic(`exit visible after leave(): ${ms.toFixed(1)} ms`);
    assert.ok(ms < INSTANT_MS, `exit seen after ${ms.toFixed(0)} ms`);
    assert.deepEqual(Object.keys(b.model.present), [b.viewId]);
  }));

test('a socket cut without a close frame keeps its place for the leave delay, then exits', (t) =>
  withPair('cut', {}, async (a, b, aId) => {
    cutNetwork(a); // the network is down for good
    const cutAt = performance.now();
    a.dropSocket();
    const exitAt = await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees A exit after the leave delay', 5000);
    const ms = exitAt - cutAt;
    t.diagnostic(`exit visible after a dropped connection: ${ms.toFixed(1)} ms (leave delay ${LEAVE_DELAY_MS} ms)`);
    assert.ok(ms >= LEAVE_DELAY_MS, `exit seen ${ms.toFixed(0)} ms after the cut, before the leave delay`);
  }));

test('a network blip within the leave delay causes no exit and no second join', () =>
  withPair('blip', {}, async (a, b, aId) => {
    const viewBefore = a.session.view;
    const network = cutNetwork(a);
    a.dropSocket();
    await waitFor(() => !a.controller.connection.connected, 'A notices the drop');
    setTimeout(() => network.restore(), 400); // back within the client's rejoinLimit (1000 ms)
    await waitFor(() => a.controller.connection.connected && a.controller.synced, 'A reconnected');
    a.view.post('after the blip');
    await waitFor(() => b.model.posts.includes('after the blip'), 'post after the blip');
    // Past the leave delay and the users batch: the old socket's departure must not show anywhere.
    await new Promise((r) => setTimeout(r, LEAVE_DELAY_MS + 400));
    for (const model of [a.model, b.model]) {
      assert.deepEqual(model.events.filter((e) => e.endsWith(`:${aId}`)), [`join:${aId}`]);
      assert.equal(model.present[aId], 1);
    }
    assert.equal(a.session.view, viewBefore, 'same view object: a seamless rejoin');
  }));

test('a tab that goes dormant (4110) exits at once and comes back with the same viewId when shown', (t) =>
  withPair('dormant', { autoSleep: 1 }, async (a, b, aId) => {
    // The tab is hidden: after autoSleep the client closes its socket with 4110 and stays away.
    const controller = a.controller;
    let closedWith: number | undefined;
    let closedAt = 0;
    const close = controller.connection.closeConnection.bind(controller.connection);
    controller.connection.closeConnection = (code: number, message: string) => {
      closedWith ??= code;
      closedAt ||= performance.now();
      return close(code, message);
    };
    controller.isOutOfSight = () => true;
    const exitAt = await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees the dormant tab exit', 5000);
    assert.equal(closedWith, 4110);
    const ms = exitAt - closedAt;
    t.diagnostic(`exit visible after going dormant: ${ms.toFixed(1)} ms`);
    assert.ok(ms < INSTANT_MS, `exit seen ${ms.toFixed(0)} ms after the 4110 close`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(controller.connection.connected, false, 'a hidden tab stays disconnected');

    // Shown again: it rejoins on its next step, with the same viewId, as a new join.
    controller.isOutOfSight = () => false;
    await waitFor(() => b.seenAt(`join:${aId}`, 1), 'B sees the tab join again', 5000);
    await waitFor(() => a.session.model && a.model.present[aId] === 1 && a.viewId === aId, 'A is back in its own model');
    assert.deepEqual(b.model.events.filter((e) => e.endsWith(`:${aId}`)), [`join:${aId}`, `exit:${aId}`, `join:${aId}`]);
  }));

test('close codes: departures are announced at once, everything else after the leave delay', async () => {
  const watchers: RawClient[] = [];
  /** One session: a watcher and a client that joined with the official leaveDelay, then closes. */
  const leaveWith = async (close: (ws: RawClient) => void): Promise<number> => {
    const id = rawSessionId();
    const watcher = await RawClient.session(server.url, id);
    watchers.push(watcher);
    watcher.join({ user: 'watcher', leaveDelay: LEAVE_DELAY_MS });
    await watcher.waitFrame('SYNC');
    const leaver = await RawClient.session(server.url, id);
    leaver.join({ user: 'leaver', leaveDelay: LEAVE_DELAY_MS });
    await watcher.waitFrame('RECV', 5000, (f) => f.args[2]?.what === 'users' && f.args[2].joined?.includes('leaver'));
    const started = performance.now();
    close(leaver);
    await watcher.waitFrame('RECV', 5000, (f) => f.args[2]?.what === 'users' && f.args[2].left?.includes('leaver'));
    return performance.now() - started;
  };
  try {
    const departures = { 1000: 'Session.leave()', 1001: 'page unload', 4110: 'dormant', 4200: 'client gave up' };
    const stays = { 4000: 'client error, reconnecting' };
    const [departed, stayed, terminated] = await Promise.all([
      Promise.all(Object.keys(departures).map((code) => leaveWith((c) => c.ws.close(Number(code))))),
      Promise.all(Object.keys(stays).map((code) => leaveWith((c) => c.ws.close(Number(code))))),
      leaveWith((c) => c.ws.terminate()),
    ]);
    Object.entries(departures).forEach(([code, what], i) =>
      assert.ok(departed[i] < INSTANT_MS, `${code} (${what}): left after ${departed[i]} ms`),
    );
    Object.entries(stays).forEach(([code, what], i) =>
      assert.ok(stayed[i] >= LEAVE_DELAY_MS, `${code} (${what}): left after ${stayed[i]} ms`),
    );
    assert.ok(terminated >= LEAVE_DELAY_MS, `no close frame: left after ${terminated} ms`);
  } finally {
    for (const w of watchers) w.close();
  }
});

test('leaving after a blip takes the lingering old socket along: the exit is still instant', (t) =>
  withPair('blip-leave', {}, async (a, b, aId) => {
    a.dropSocket(); // the old socket lingers on the server for the leave delay
    await waitFor(() => !a.controller.connection.connected, 'A notices the drop');
    await waitFor(() => a.controller.connection.connected && a.controller.synced, 'A reconnected');
    const started = performance.now();
    await a.leave();
    const exitAt = await waitFor(() => b.seenAt(`exit:${aId}`), 'B sees A exit', 5000);
    const ms = exitAt - started;
    t.diagnostic(`exit visible after leave() right after a blip: ${ms.toFixed(1)} ms`);
    assert.ok(ms < INSTANT_MS, `exit seen after ${ms.toFixed(0)} ms`);
    assert.deepEqual(b.model.events.filter((e) => e.endsWith(`:${aId}`)), [`join:${aId}`, `exit:${aId}`]);
  }));
