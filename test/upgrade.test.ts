import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { Peer } from './helpers.js';
import { personKeyFor } from '../src/session/person-key.js';
import { eventually, onlineChat, openPeer, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';
import { asEntry, persistedOnServer, uniqueAppId, watchSaves } from './persistence.js';

// Releases and builds: any two builds with the same MODEL_VERSION meet in one room, and a room's history
// carries over into the next MODEL_VERSION (a new Croquet session of the same persistent id).

/** Where the test runner serves the drop-in build with MODEL_VERSION + 1 (tools/next-version-plugin.mjs). */
const NEXT_VERSION_PATH = '/__croquet-chat-next__/croquet-chat.bundle.js';

/**
 * The room rule both versions use (rules are part of the session id, so they must match). Longer than
 * Croquet's 25 s between persistence uploads, so the posts are saved before the room would reset.
 */
const INACTIVITY_MINUTES = 0.75;
const INACTIVITY_MS = INACTIVITY_MINUTES * 60_000;

/** The resources a frame loaded, as paths. */
function loadedPaths(frame: HTMLIFrameElement): string[] {
  return frame.contentWindow!.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
}

describe('<croquet-chat> across builds and releases', () => {
  let peer: Peer | undefined;
  let next: Peer | undefined;
  afterEach(() => {
    peer?.close();
    next?.close();
    peer = next = undefined;
  });

  it('puts the drop-in bundle and the ESM build in one room, chatting both ways', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('builds');
    const el = await onlineChat(session); // this page: the source modules, through esbuild
    peer = await openPeer({ session, box: testBox() }, 'peer-bundle.html');
    await waitForStatus(peer.el, 'online');
    // The peer really runs the minified bundle with its own Croquet, not this page's modules.
    const peerPaths = loadedPaths(peer.frame);
    expect(peerPaths).to.include('/dist/croquet-chat.bundle.js');
    expect(peerPaths.filter((path) => path.startsWith('/src/') || path.startsWith('/node_modules/'))).to.deep.equal([]);

    await eventually(() => el.participants === 2 && peer!.el.participants === 2, `participant counts never reached 2 (page ${el.participants}, bundle ${peer?.el.participants})`);
    el.send('from the ESM build');
    await eventually(() => peer!.el.messages.length === 1, 'the bundle never saw the ESM page\'s post');
    peer.el.send('from the drop-in bundle');
    await eventually(() => el.messages.length === 2, 'the ESM page never saw the bundle\'s post');
    // Both replicas run the same tick, but each element refreshes in its own task: wait for the sender's too.
    await eventually(() => peer!.el.messages.length === 2, 'the bundle never showed its own post');

    const seen = (chat: CroquetChat) => chat.messages.map((m) => [m.id, m.time, m.nickname, m.text]);
    expect(seen(el)).to.deep.equal(seen(peer.el));
    expect(el.messages.map((m) => [m.nickname, m.text, m.self])).to.deep.equal([
      [el.nickname, 'from the ESM build', true],
      [peer.el.nickname, 'from the drop-in bundle', false],
    ]);
    expect(el.users.map((u) => u.nickname)).to.deep.equal(peer.el.users.map((u) => u.nickname));
    expect(el.users).to.have.length(2);
  });

  it('shows the history of a room on version N to the person who returns on version N + 1', async function () {
    this.timeout(200_000);
    // The next release is built by the test runner on first request; start it while the room fills.
    const nextBuild = fetch(NEXT_VERSION_PATH).then(async (response) => {
      if (!response.ok) throw new Error(`the test runner could not build the next version: ${response.status} ${await response.text()}`);
      return response.headers.get('x-croquet-chat-model-version');
    });
    const appId = uniqueAppId();
    const session = uniqueSessionName('upgrade');
    const saves = watchSaves(window);

    // Version N: this page's person (no user-id, so the browser's remembered id) and another person in an iframe.
    const el = await fixture<CroquetChat>(
      html`<croquet-chat session=${session} box=${testBox()} app-id=${appId} inactivity-timeout=${INACTIVITY_MINUTES}></croquet-chat>`,
    );
    await waitForStatus(el, 'online');
    peer = await openPeer({ session, box: testBox(), 'app-id': appId, 'inactivity-timeout': String(INACTIVITY_MINUTES) });
    const peerSaves = watchSaves(peer.frame.contentWindow as Window & typeof globalThis);
    await waitForStatus(peer.el, 'online');
    el.send('first, from the page');
    await eventually(() => peer!.el.messages.length === 1, 'the peer never saw the first post');
    peer.el.send('second, from the iframe');
    await eventually(() => el.messages.length === 2, 'the page never saw the second post');
    el.send('third, from the page');
    await eventually(() => el.messages.length === 3 && peer!.el.messages.length === 3, 'the third post never reached both');
    const before = el.messages.map(asEntry);
    expect(before.every((entry) => entry.time > 0), 'version N posts have model times of their session').to.equal(true);

    // Croquet uploads at once on the first change, then at most every 25 s of model time: wait until the
    // server holds a copy taken at or after the last post.
    await persistedOnServer(appId, before.at(-1)!.time, [saves, peerSaves]);

    // Everyone leaves.
    const name = el.nickname;
    el.remove();
    await waitForStatus(el, 'offline');
    peer.close();
    peer = undefined;

    // Version N + 1, in another frame of this browser: the same localStorage, so the same person.
    const version = await nextBuild;
    expect(version, 'the test runner served a build with a version').to.match(/^\d+$/);
    next = await openPeer({ session, box: testBox(), 'app-id': appId, 'user-id': '', 'inactivity-timeout': String(INACTIVITY_MINUTES) }, 'peer-next.html');
    expect(loadedPaths(next.frame)).to.include(NEXT_VERSION_PATH);
    await waitForStatus(next.el, 'online');
    const restored = next.el;
    await eventually(() => restored.messages.length === 3, `version ${version} never showed the history (it has ${restored.messages.length} entries)`);
    // The same entries, ids, authors and texts; no newcomer reset, since the history is this person's too.
    const strip = (entry: ReturnType<typeof asEntry>) => [entry.id, entry.kind, entry.personId, entry.nickname, entry.text, entry.clientId, entry.wallTime];
    expect(restored.messages.map(asEntry).map(strip)).to.deep.equal(before.map(strip));
    expect(restored.messages.map((m) => m.self)).to.deep.equal([true, false, true]);
    expect(restored.nickname, 'the returning person keeps their name').to.equal(name);
    expect(restored.participants).to.equal(1);
    // A new session, so model time restarted: the carried-over entries happened before it began.
    expect(restored.messages.map((m) => m.time)).to.deep.equal([0, 0, 0]);

    // The inactivity rule runs from the restore: the reset comes at exactly INACTIVITY_MS of the new session's time.
    await eventually(() => restored.messages.some((m) => m.notice?.type === 'reset'), 'the restored room never reset for inactivity', INACTIVITY_MS + 45_000);
    // (Model time, which the session starts at 0 when it restores: the timeout counts from the restore.)
    expect(restored.messages.map((m) => [m.kind, m.notice, m.time])).to.deep.equal([['system', { type: 'reset', reason: 'inactivity' }, INACTIVITY_MS]]);
    // Ids keep counting from the old session's, so nothing new is mistaken for an old entry.
    expect(restored.messages[0].id).to.equal(before.at(-1)!.id + 1);
    restored.send('after the upgrade');
    await eventually(() => restored.messages.length === 2, 'a post after the upgrade never arrived');
    expect(restored.messages[1]).to.include({ id: before.at(-1)!.id + 2, text: 'after the upgrade', self: true, nickname: name });
  });

  it('carries edits, tombstones and mutes into version N + 1', async function () {
    this.timeout(200_000);
    const nextBuild = fetch(NEXT_VERSION_PATH).then((response) => response.ok);
    const appId = uniqueAppId('trust-upgrade');
    const session = uniqueSessionName('trust-upgrade');
    const [modUser, aliceUser] = [uniquePerson(), uniquePerson()];
    const modId = (await personKeyFor(appId, modUser)).personId;
    // The same rules on both versions (they are part of the session id); app-id and user-id pick the same keys.
    const attributes = { session, box: testBox(), 'app-id': appId, moderators: modId };
    const saves = watchSaves(window);
    const mod = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} app-id=${appId} moderators=${modId} user-id=${modUser}></croquet-chat>`);
    await waitForStatus(mod, 'online');
    peer = await openPeer({ ...attributes, 'user-id': aliceUser });
    const peerSaves = watchSaves(peer.frame.contentWindow as Window & typeof globalThis);
    const alice = peer.el;
    await waitForStatus(alice, 'online');
    alice.send('helo');
    alice.send('something to take back');
    await eventually(() => mod.messages.length === 2 && alice.messages.length === 2, 'the posts never arrived');
    const [typo, regret] = alice.messages;
    expect(alice.editMessage(typo.id, 'hello')).to.equal(true);
    expect(alice.deleteMessage(regret.id)).to.equal(true);
    await eventually(() => mod.messages[0].edited && mod.messages[1].deleted, 'the edit and the removal never arrived');
    expect(mod.mute(alice.personId)).to.equal(true); // until unmuted
    await eventually(() => alice.muted, 'the mute never landed');
    // A post after the moderation actions: once the server holds a copy taken at or after it, it has them too.
    mod.send('see you in the next version');
    await eventually(() => mod.messages.length === 3, 'the last post never arrived');
    await persistedOnServer(appId, mod.messages[2].time, [saves, peerSaves]);
    mod.remove();
    await waitForStatus(mod, 'offline');
    peer.close();
    peer = undefined;

    expect(await nextBuild, 'the test runner built the next version').to.equal(true);
    next = await openPeer({ ...attributes, 'user-id': aliceUser }, 'peer-next.html');
    expect(loadedPaths(next.frame)).to.include(NEXT_VERSION_PATH);
    await waitForStatus(next.el, 'online');
    const restored = next.el;
    await eventually(() => restored.messages.length === 3, `the next version never showed the history (${restored.messages.length} entries)`);
    expect(restored.messages.map((m) => [m.text, m.edited, m.deleted, m.self])).to.deep.equal([
      ['hello', true, false, true],
      ['', false, true, true],
      ['see you in the next version', false, false, false],
    ]);
    expect(restored.muted, 'still muted in the next version').to.equal(true);
    expect(restored.send('am I back?')).to.equal(false);
  });
});
