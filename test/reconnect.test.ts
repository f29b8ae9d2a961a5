import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { ChatStatus } from '../src/types.js';
import { eventually, openPeer, part, parts, uniquePerson, uniqueSessionName, waitForStatus, type Peer } from './helpers.js';

// A lost connection, for real: this file's page uses a spare server (Croquet allows one server per page)
// that the test runner stops and starts again on the same port and data directory. The tests run in
// order and each leaves the spare server running.

const spare = (action: 'start' | 'stop') =>
  executeServerCommand<{ url: string | null; port: number }, { action: string }>('croquet-chat-spare-server', { action });
/**
 * A participant in a tab of its own whose network can be taken away (Chromium's offline emulation:
 * `navigator.onLine` and its events, failing connections); see tools/offline-tab-plugin.mjs.
 */
const offlineTab = <T = unknown>(payload: { open?: string; offline?: boolean; script?: string; close?: true }) =>
  executeServerCommand<T, typeof payload>('croquet-chat-offline-tab', payload);

/** Every status `el` enters from now on. */
function statusesOf(el: CroquetChat): ChatStatus[] {
  const statuses: ChatStatus[] = [];
  el.addEventListener('croquet-chat-status', (event) => statuses.push(event.detail.status));
  return statuses;
}

function chatOn(box: string, session: string): CroquetChat {
  const el = document.createElement('croquet-chat');
  el.session = session;
  el.box = box;
  el.userId = uniquePerson();
  document.body.append(el);
  return el;
}

/** How often each text occurs in `el`'s history. */
function counts(el: CroquetChat): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const message of el.messages) seen[message.text] = (seen[message.text] ?? 0) + 1;
  return seen;
}

/** The length of the outage is the scenario itself (the server is away this long), not a wait for something. */
const serverAwayFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<croquet-chat> losing its server', () => {
  after(async () => {
    await spare('stop');
  });

  it('shows reconnecting while the server is away and comes back online', async function () {
    this.timeout(60_000);
    const { url } = await spare('start');
    const el = chatOn(url!, uniqueSessionName('blip'));
    try {
      await waitForStatus(el, 'online');
      el.send('before the outage');
      await eventually(() => el.messages.length === 1, 'post never arrived');
      const nickname = el.nickname;
      const statuses = statusesOf(el);

      await spare('stop');
      await waitForStatus(el, 'reconnecting', 15_000);
      await el.updateComplete;
      expect(el.getAttribute('status')).to.equal('reconnecting');
      expect(part(el, 'status')!.textContent).to.equal('Reconnecting…');
      // The outbox keeps what is sent while away, shows it as pending, and posts it once back online.
      expect(el.send('while away')).to.equal(true);
      expect(el.send('and another')).to.equal(true);
      await el.updateComplete;
      expect(parts(el, 'pending-message')).to.have.length(2);

      await spare('start');
      await waitForStatus(el, 'online', 40_000);
      expect(statuses).to.not.include('error');
      await eventually(() => el.messages.length === 3, 'the queued posts never arrived');
      expect(el.messages.map((message) => message.text)).to.deep.equal(['before the outage', 'while away', 'and another']);
      await el.updateComplete;
      expect(parts(el, 'pending-message')).to.have.length(0);
      // The room still knows this participant by the same name.
      expect(el.nickname).to.equal(nickname);
    } finally {
      el.remove();
    }
  });

  it('two people outlive an outage of over a minute: offline, never an error, back by themselves, every post once', async function () {
    this.timeout(180_000);
    const { url } = await spare('start');
    const session = uniqueSessionName('outage');
    const el = chatOn(url!, session);
    let peer: Peer | undefined;
    try {
      peer = await openPeer({ session, box: url! });
      await waitForStatus(el, 'online');
      await waitForStatus(peer.el, 'online');
      el.send('a: before');
      peer.el.send('b: before');
      await eventually(() => el.messages.length === 2 && peer!.el.messages.length === 2, 'the first posts never arrived');
      const mine = statusesOf(el);
      const theirs = statusesOf(peer.el);

      await spare('stop');
      // Offline, in words for people, with the next try counted down and a button to try now.
      await eventually(() => el.status === 'offline' && peer!.el.status === 'offline', 'both pages never went offline', 30_000);
      expect(el.errorCode).to.equal('connection');
      await el.updateComplete;
      expect(part(el, 'offline-text')!.textContent).to.match(/\d+ s$/);
      expect(part(el, 'retry-button')).to.exist;
      expect(part(el, 'error')).to.equal(null);
      await expect(el).to.be.accessible();

      expect(el.send('a: during 1')).to.equal(true);
      expect(peer.el.send('b: during 1')).to.equal(true);
      await serverAwayFor(61_000);
      expect(el.send('a: during 2')).to.equal(true);
      expect(peer.el.send('b: during 2')).to.equal(true);
      await el.updateComplete;
      expect(parts(el, 'pending-message')).to.have.length(2);

      await spare('start');
      // Nobody clicks anything: each page's own retries find the server (at most 30 s apart).
      await eventually(() => el.status === 'online' && peer!.el.status === 'online', 'the pages never came back online', 60_000);
      const everything = ['a: before', 'b: before', 'a: during 1', 'b: during 1', 'a: during 2', 'b: during 2'];
      const all = Object.fromEntries(everything.map((text) => [text, 1]));
      await eventually(() => el.messages.length === 6 && peer!.el.messages.length === 6, 'the queued posts never arrived');
      expect(counts(el)).to.deep.equal(all);
      expect(counts(peer.el)).to.deep.equal(all);
      // Each person's posts keep their order.
      const order = (chat: CroquetChat, prefix: string) => chat.messages.map((m) => m.text).filter((text) => text.startsWith(prefix));
      expect(order(peer.el, 'a:')).to.deep.equal(['a: before', 'a: during 1', 'a: during 2']);
      expect(order(el, 'b:')).to.deep.equal(['b: before', 'b: during 1', 'b: during 2']);
      expect(mine).to.not.include('error');
      expect(theirs).to.not.include('error');
      expect(mine.at(-1)).to.equal('online');
    } finally {
      peer?.close();
      el.remove();
    }
  });

  it('a page opened while the server is down keeps what is sent, also across a reload, and posts it once the server is back', async function () {
    this.timeout(90_000);
    await spare('start');
    const { port } = await spare('stop');
    const box = `http://127.0.0.1:${port}/`;
    const session = uniqueSessionName('cold');
    const person = uniquePerson();
    const open = () => {
      const el = document.createElement('croquet-chat');
      Object.assign(el, { session, box, userId: person });
      document.body.append(el);
      return el;
    };
    let el = open();
    try {
      await eventually(() => el.status === 'offline' && el.errorCode === 'unreachable', 'never went offline');
      expect(el.errorMessage).to.contain(box);
      expect(el.send('queued before the first connection')).to.equal(true);
      await el.updateComplete;
      expect(parts(el, 'pending-message')).to.have.length(1);
      await expect(el).to.be.accessible();

      // A reload of the tab: the element goes away and a new one opens the same room as the same person.
      el.remove();
      el = open();
      await eventually(() => el.status === 'offline' && el.errorCode === 'unreachable', 'never went offline after the reload');
      await el.updateComplete;
      expect(parts(el, 'pending-message')).to.have.length(1);

      await spare('start');
      await eventually(() => part(el, 'retry-button') !== null, 'no retry button');
      part(el, 'retry-button')!.click();
      await waitForStatus(el, 'online', 30_000);
      await eventually(() => el.messages.length === 1, 'the queued post never arrived');
      expect(el.messages[0].text).to.equal('queued before the first connection');
      expect(el.messages[0].self).to.equal(true);
      await el.updateComplete;
      expect(parts(el, 'pending-message')).to.have.length(0);
    } finally {
      el.remove();
    }
  });

  it('tries at once when the browser says it is back online, before the next scheduled try', async function () {
    this.timeout(90_000);
    const { url } = await spare('start');
    await offlineTab({ open: new URL('./fixtures/peer.html', import.meta.url).href });
    try {
      const session = uniqueSessionName('online-event');
      await offlineTab({
        script: `await customElements.whenDefined('croquet-chat');
          const el = document.createElement('croquet-chat');
          Object.assign(el, { session: ${JSON.stringify(session)}, box: ${JSON.stringify(url)}, userId: ${JSON.stringify(uniquePerson())} });
          document.body.append(el);
          window.chat = el;`,
      });
      /** The tab's status, and the seconds its offline bar counts down (0 without a countdown). */
      const look = () =>
        offlineTab<{ status: string; seconds: number }>({
          script: `const text = window.chat.shadowRoot.querySelector('[part~="offline-text"]')?.textContent ?? '';
            return { status: window.chat.status, seconds: Number(/(\\d+) s$/.exec(text)?.[1] ?? 0) };`,
        });
      /** Polls the tab (as waitUntil does the page) until `check` holds; returns what it saw then. */
      const tabUntil = async (check: (seen: { status: string; seconds: number }) => boolean, message: string, timeout: number) => {
        const deadline = Date.now() + timeout;
        for (;;) {
          const seen = await look();
          if (check(seen)) return seen;
          if (Date.now() > deadline) throw new Error(`${message} (status ${seen.status})`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      };
      await tabUntil((seen) => seen.status === 'online', 'the tab never came online', 20_000);

      expect(await offlineTab<boolean>({ offline: true })).to.equal(false);
      await spare('stop');
      // The backoff grows until the next scheduled try is well away.
      const waiting = await tabUntil((seen) => seen.status === 'offline' && seen.seconds >= 6, 'the next try never got 6 s away', 60_000);
      const retryAt = Date.now() + (waiting.seconds - 1) * 1000;
      await spare('start');
      expect(await offlineTab<boolean>({ offline: false })).to.equal(true);
      await tabUntil((seen) => seen.status === 'online', 'the tab never came back online', 30_000);
      expect(Date.now(), 'it waited for the scheduled try instead of trying on the online event').to.be.below(retryAt);
    } finally {
      await offlineTab({ close: true });
    }
  });
});
