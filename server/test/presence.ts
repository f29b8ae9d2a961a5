// Watching presence with the official client: an observer that timestamps every view-join/view-exit
// it sees, and a cut network. Shared by the leave tests and the exit-visible benchmark.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { joinChat, uniqueName, waitFor, type JoinOptions, type TestClient } from './helpers.js';

export interface Observer extends TestClient {
  /** When this client's model first held `event` ("exit:<viewId>"), its nth occurrence from 0. */
  seenAt(event: string, nth?: number): number | undefined;
}

/** Joins a client that notes, after every step, when each view-join/view-exit event reached its model. */
export async function joinObserver(box: string, name: string, opts: JoinOptions = {}): Promise<Observer> {
  const firstSeen: number[] = []; // by index into model.events
  const client = await joinChat(box, name, {
    ...opts,
    onStep: (c) => {
      if (!c.session.model) return;
      const now = performance.now();
      for (let i = firstSeen.length; i < c.model.events.length; i++) firstSeen.push(now);
      opts.onStep?.(c);
    },
  });
  return Object.assign(client, {
    seenAt(event: string, nth = 0): number | undefined {
      const at = client.model.events.map((e, i) => (e === event ? i : -1)).filter((i) => i >= 0)[nth];
      return at === undefined ? undefined : firstSeen[at];
    },
  });
}

/** Takes the client's network away: it cannot open a new socket until `restore` runs. */
export function cutNetwork(client: TestClient): { restore(): void } {
  const connection = client.controller.connection;
  const connect = connection.connectToReflector;
  connection.connectToReflector = () => {};
  return {
    restore() {
      connection.connectToReflector = connect;
      connection.connectToReflector();
    },
  };
}

/**
 * An ordering barrier: `from` posts a marker and waits until every client in `all` has run it. The
 * reflector gives every client one order, so whatever the marker's journal entry follows had reached
 * the server before the marker did. Returns the marker's journal entry.
 */
export async function postMarker(from: TestClient, all: TestClient[] = [from]): Promise<string> {
  const text = uniqueName('marker');
  from.view.post(text);
  for (const c of all) await waitFor(() => c.session.model && c.model.journal.includes(`post:${text}`), `marker at ${c.viewId}`);
  return `post:${text}`;
}

/** Asserts that `first` came before `then` in the client's journal (both present). */
export function assertBefore(client: TestClient, first: string, then: string): void {
  const journal = client.model.journal;
  const [i, j] = [journal.indexOf(first), journal.indexOf(then)];
  assert.ok(i >= 0 && j >= 0 && i < j, `${first} before ${then} in ${JSON.stringify(journal)}`);
}
