import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { Arrival, Peer } from './helpers.js';
import { BUSY_ROOM, arrival, barrier, eventually, onlineChat, openPeer, part, parts, renderedTexts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// People, not tabs: a person id (user-id here; localStorage by default) keeps a name, "own" posts and a
// place in the room across reloads and tabs. The room's rules are attributes every replica applies.

/** What a reload does to the chat: the element goes, a new one (a new Croquet view id) comes for the same person. */
async function reload(el: CroquetChat, attributes: Record<string, string> = {}): Promise<CroquetChat> {
  const session = el.session;
  const userId = el.userId;
  el.remove();
  await waitForStatus(el, 'offline');
  const next = document.createElement('croquet-chat');
  next.session = session;
  next.box = testBox();
  if (userId) next.userId = userId;
  for (const [name, value] of Object.entries(attributes)) next.setAttribute(name, value);
  document.body.append(next);
  await waitForStatus(next, 'online');
  return next;
}

/** A chat for `userId` in room `session` with room-rule attributes `rules`, online, and the room as it found it. */
async function arrive(session: string, userId: string, rules: Record<string, string> = {}): Promise<{ el: CroquetChat; found: Arrival }> {
  const el = document.createElement('croquet-chat');
  for (const [name, value] of Object.entries({ session, box: testBox(), 'user-id': userId, ...rules })) el.setAttribute(name, value);
  const found = arrival(el);
  document.body.append(el);
  await waitForStatus(el, 'online');
  return { el, found: await found };
}

/**
 * The newcomer rule's preconditions (see ChatModel.requestReset): `stranger` arrived alone, in a room
 * whose history holds posts, none of them by this person.
 */
function expectAloneWithOthersHistory(stranger: CroquetChat, found: Arrival, history: string[]): void {
  expect(found.participants, 'the stranger was alone when it arrived (the author had left)').to.equal(1);
  expect(found.messages.map((m) => [m.kind, m.text]), 'it found the history').to.deep.equal(history.map((text) => ['post', text]));
  expect(found.messages.some((m) => m.self), 'none of it is the stranger\'s').to.equal(false);
  expect(stranger.users.map((user) => user.self), 'online, it is still the only one here').to.deep.equal([true]);
}

describe('<croquet-chat> people and room rules', () => {
  let peer: Peer | undefined;
  const extra: CroquetChat[] = [];
  afterEach(() => {
    peer?.close();
    peer = undefined;
    for (const el of extra.splice(0)) el.remove();
  });

  it('keeps your name and your own posts across a reload', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('reload');
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    const first = await onlineChat(session);
    const name = first.nickname;
    first.send('before the reload');
    await eventually(() => first.messages.length === 1, 'post never arrived');
    const viewBefore = first.messages[0].viewId;

    const again = await reload(first);
    extra.push(again);
    expect(again.nickname).to.equal(name);
    await eventually(() => again.messages.length === 1, 'history missing after the reload');
    expect(again.messages[0].viewId).to.equal(viewBefore); // the old view posted it…
    expect(again.messages[0]).to.include({ self: true, own: true, nickname: name }); // …and it is still yours
    await again.updateComplete;
    expect(parts(again, 'own-message')).to.have.length(1);
    // The other page never sees you twice.
    await eventually(() => peer!.el.users.length === 2, 'the peer never saw you come back');
    expect(peer.el.users.map((user) => user.nickname).sort()).to.deep.equal([name, peer.el.nickname].sort());
  });

  it('counts one person in two tabs once in users, twice in participants', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('tabs');
    const userId = uniquePerson();
    const el = await onlineChat(session, {}, userId);
    peer = await openPeer({ session, box: testBox(), 'user-id': userId });
    await waitForStatus(peer.el, 'online');
    // A view counts in participants at its join, and for its person once its identify event arrives.
    await eventually(() => el.participants === 2 && el.users[0]?.views === 2, 'the second tab was never counted for its person');
    expect(el.users).to.have.length(1);
    expect(el.users[0]).to.include({ nickname: el.nickname, views: 2, self: true });
    expect(peer.el.nickname).to.equal(el.nickname);
    peer.el.send('from the other tab');
    await eventually(() => el.messages.length === 1, 'post never arrived');
    expect(el.messages[0].self).to.equal(true); // your post, whichever tab wrote it
  });

  it('gives a returning person alone their history back, while a stranger alone resets it', async function () {
    this.timeout(40_000);
    const session = uniqueSessionName('return');
    const author = uniquePerson();
    let el = await onlineChat(session, {}, author);
    el.send('my own words');
    await eventually(() => el.messages.length === 1, 'post never arrived');
    // The author leaves (the room is empty) and comes back alone: the history is theirs, it stays. A
    // newcomer reset is asked for as the view arrives, so it would be in the history before this marker.
    el.remove();
    await waitForStatus(el, 'offline');
    const back = await arrive(session, author);
    el = back.el;
    extra.push(el);
    expect(back.found.participants, 'the author came back alone').to.equal(1);
    const marker = await barrier(el);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['my own words', marker]);
    el.remove();
    await waitForStatus(el, 'offline');
    // A stranger alone with that history resets it, as the tutorial says.
    const { el: stranger, found } = await arrive(session, uniquePerson());
    extra.push(stranger);
    expectAloneWithOthersHistory(stranger, found, ['my own words', marker]);
    await eventually(() => stranger.messages.length === 1 && stranger.messages[0].kind === 'system', 'no newcomer reset');
    expect(stranger.messages[0].notice).to.deep.equal({ type: 'reset', reason: 'newcomer' });
  });

  /**
   * An author posts and leaves; a stranger arrives alone with that history. Both pages carry `rules`
   * (pages with other rules meet in another session). Returns what the stranger's room holds after a
   * marker it posted: its newcomer reset, asked for as its view arrived, would be in it before the marker.
   */
  async function strangerAfterAuthor(prefix: string, rules: Record<string, string>): Promise<{ history: [string, string][]; marker: string }> {
    const session = uniqueSessionName(prefix);
    const { el: author } = await arrive(session, uniquePerson(), rules);
    author.send('for whoever comes');
    await eventually(() => author.messages.length === 1, 'post never arrived');
    author.remove();
    await waitForStatus(author, 'offline');
    const { el: stranger, found } = await arrive(session, uniquePerson(), rules);
    extra.push(stranger);
    expectAloneWithOthersHistory(stranger, found, ['for whoever comes']);
    const marker = await barrier(stranger);
    return { history: stranger.messages.map((m) => [m.kind, m.notice?.type === 'reset' ? `reset: ${m.notice.reason}` : m.text]), marker };
  }

  it('by default, a stranger alone with a history resets it (the setup of the newcomer-reset="off" test)', async function () {
    this.timeout(30_000);
    const { history, marker } = await strangerAfterAuthor('reset', {});
    expect(history).to.deep.equal([['system', 'reset: newcomer'], ['post', marker]]);
  });

  it('newcomer-reset="off" keeps the history for strangers too', async function () {
    this.timeout(30_000);
    const { history, marker } = await strangerAfterAuthor('keep', { 'newcomer-reset': 'off' });
    expect(history).to.deep.equal([['post', 'for whoever comes'], ['post', marker]]);
  });

  it('reset="none" posts /reset as text and refuses reset()', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('none')} box=${testBox()} user-id=${uniquePerson()} reset="none"></croquet-chat>`);
    await waitForStatus(el, 'online');
    el.send('keep me');
    expect(el.send('/reset')).to.equal(true);
    await eventually(() => el.messages.length === 2, 'posts never arrived');
    expect(el.messages.map((m) => [m.kind, m.text])).to.deep.equal([['post', 'keep me'], ['post', '/reset']]);
    expect(el.reset()).to.equal(false);
    const marker = await barrier(el); // a reset asked for would be in the history before this marker
    expect(el.messages.map((m) => [m.kind, m.text])).to.deep.equal([['post', 'keep me'], ['post', '/reset'], ['post', marker]]);
  });

  it('pages with different room rules land in different sessions', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('rules');
    const loose = await onlineChat(session);
    const strict = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} reset="none"></croquet-chat>`);
    // Same room name on one page would be a conflict if it were the same session; here it is not.
    await waitForStatus(strict, 'online');
    loose.send('loose rules');
    await eventually(() => loose.messages.length === 1, 'post never arrived');
    // Were they one session, each page's marker would follow the posts before it in both histories.
    const strictMarker = await barrier(strict);
    const looseMarker = await barrier(loose);
    expect(strict.messages.map((m) => m.text)).to.deep.equal([strictMarker]);
    expect(loose.messages.map((m) => m.text)).to.deep.equal(['loose rules', looseMarker]);
    expect(strict.participants).to.equal(1);
    expect(loose.participants).to.equal(1);
  });

  it('drops a post the outbox resends after it had arrived (client message ids)', async function () {
    this.timeout(30_000);
    const el = await onlineChat();
    el.send('exactly once');
    await eventually(() => el.messages.length === 1, 'post never arrived');
    const { clientId, text, wallTime } = el.messages[0];
    // The page died before it saw the room confirm the post: its stored outbox still holds it.
    const key = `croquet-chat:${el.appId}:${el.session}:${el.userId}:outbox`;
    el.remove();
    await waitForStatus(el, 'offline');
    sessionStorage.setItem(key, JSON.stringify([{ clientId, text, wallTime }, { clientId: 'fresh-one', text: 'queued before the reload', wallTime }]));
    const next = document.createElement('croquet-chat');
    Object.assign(next, { session: el.session, box: testBox(), userId: el.userId });
    document.body.append(next);
    extra.push(next);
    await waitForStatus(next, 'online');
    await eventually(() => next.messages.length === 2, 'the queued post never arrived');
    expect(next.messages.map((m) => m.text)).to.deep.equal(['exactly once', 'queued before the reload']);
    // The outbox sent both on getting online: a second copy would be in the history before this marker.
    const marker = await barrier(next);
    expect(next.messages.map((m) => m.text)).to.deep.equal(['exactly once', 'queued before the reload', marker]);
    expect(sessionStorage.getItem(key)).to.equal(null);
  });

  it('lets go of a resent post the room has, also when it scrolled out of the 100 the page can see', async function () {
    this.timeout(90_000);
    const el = await onlineChat(undefined, {}, undefined, BUSY_ROOM);
    el.send('said long ago');
    await eventually(() => el.messages.length === 1, 'post never arrived');
    const { clientId, text, wallTime } = el.messages[0];
    for (let i = 1; i <= 100; i++) el.send(`later ${i}`);
    await eventually(() => el.messages.at(-1)?.text === 'later 100', 'the later posts never arrived', 60_000);
    expect(el.messages.map((m) => m.clientId), 'the first post is out of the page\'s view').to.not.include(clientId);
    // A page that died before it saw the room confirm that first post resends it from its stored outbox.
    const key = `croquet-chat:${el.appId}:${el.session}:${el.userId}:outbox`;
    el.remove();
    await waitForStatus(el, 'offline');
    sessionStorage.setItem(key, JSON.stringify([{ clientId, text, wallTime }]));
    const next = document.createElement('croquet-chat');
    Object.assign(next, { session: el.session, box: testBox(), userId: el.userId, modelOptions: BUSY_ROOM });
    document.body.append(next);
    extra.push(next);
    await waitForStatus(next, 'online');
    await eventually(() => sessionStorage.getItem(key) === null && parts(next, 'pending-message').length === 0, 'the resent post stayed pending');
    const marker = await barrier(next);
    expect(next.messages.map((m) => m.text), 'not stored again (the original scrolled out long ago)').to.not.include(text);
    expect(next.messages.at(-1)!.text).to.equal(marker);
    expect(next.messages.at(-2)!.text, 'no second copy arrived').to.equal('later 100');
  });

  it('keeps names unique in the room, ignoring case, and cleans them', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('names');
    const ada = await onlineChat(session, { nickname: 'Ada' });
    await eventually(() => ada.nickname === 'Ada', 'Ada never got her name');
    peer = await openPeer({ session, box: testBox(), nickname: '  aDA\u202e ' });
    await waitForStatus(peer.el, 'online');
    await eventually(() => peer!.el.nickname === 'aDA 2', `the second Ada is ${peer.el.nickname}`);
    // A rename reaches the model, which words it for everyone.
    ada.nickname = 'Ada Lovelace';
    await eventually(() => peer!.el.users.some((user) => user.nickname === 'Ada Lovelace'), 'the rename never arrived');
    await eventually(() => peer!.el.messages.some((m) => m.notice?.type === 'rename'), 'no rename line');
    expect(peer.el.messages.at(-1)).to.include({ kind: 'system', text: 'Ada is now Ada Lovelace' });
    await eventually(() => renderedTexts(ada).at(-1) === 'Ada is now Ada Lovelace', 'Ada never saw her rename line');
    expect(part(ada, 'nickname')!.textContent).to.contain('Ada Lovelace');
  });

  it('shows arrivals and departures as presence lines, never in the history', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('presence');
    const el = await onlineChat(session, { presenceLines: 'all' }); // every line the room keeps, not the summary
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    const name = peer.el.nickname;
    await eventually(() => parts(el, 'presence-message').some((line) => line.textContent.includes(`${name} joined`)), 'no joined line');
    peer.close();
    peer = undefined;
    await eventually(() => parts(el, 'presence-message').some((line) => line.textContent.includes(`${name} left`)), 'no left line', 10_000);
    expect(el.messages.filter((m) => m.kind === 'presence')).to.deep.equal([]);
  });
});
