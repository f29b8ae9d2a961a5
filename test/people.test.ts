import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { Peer } from './helpers.js';
import { aMoment, eventually, onlineChat, openPeer, part, parts, renderedTexts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

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
    // The author leaves (the room is empty) and comes back alone: the history is theirs, it stays.
    el = await reload(el);
    extra.push(el);
    await aMoment(500); // a newcomer reset would arrive within a tick or two; give it the chance
    expect(el.messages.map((m) => m.text)).to.deep.equal(['my own words']);
    el.remove();
    await waitForStatus(el, 'offline');
    // Nothing in this page can observe the server announcing the departure (leave delay); wait for it.
    await aMoment(2_000);
    // A stranger alone with that history resets it, as the tutorial says.
    const stranger = await onlineChat(session);
    await eventually(() => stranger.messages.length === 1 && stranger.messages[0].kind === 'system', 'no newcomer reset');
    expect(stranger.messages[0].notice).to.deep.equal({ type: 'reset', reason: 'newcomer' });
  });

  it('newcomer-reset="off" keeps the history for strangers too', async function () {
    this.timeout(30_000);
    const session = uniqueSessionName('keep');
    const author = await fixture<CroquetChat>(
      html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} newcomer-reset="off"></croquet-chat>`,
    );
    await waitForStatus(author, 'online');
    author.send('for whoever comes');
    await eventually(() => author.messages.length === 1, 'post never arrived');
    author.remove();
    await waitForStatus(author, 'offline');
    const stranger = await fixture<CroquetChat>(
      html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} newcomer-reset="off"></croquet-chat>`,
    );
    await waitForStatus(stranger, 'online');
    await aMoment(500);
    expect(stranger.messages.map((m) => m.text)).to.deep.equal(['for whoever comes']);
  });

  it('reset="none" posts /reset as text and refuses reset()', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('none')} box=${testBox()} user-id=${uniquePerson()} reset="none"></croquet-chat>`);
    await waitForStatus(el, 'online');
    el.send('keep me');
    expect(el.send('/reset')).to.equal(true);
    await eventually(() => el.messages.length === 2, 'posts never arrived');
    expect(el.messages.map((m) => [m.kind, m.text])).to.deep.equal([['post', 'keep me'], ['post', '/reset']]);
    expect(el.reset()).to.equal(false);
    await aMoment(300);
    expect(el.messages).to.have.length(2);
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
    await aMoment(300);
    expect(strict.messages).to.deep.equal([]);
    expect(strict.participants).to.equal(1);
  });

  it('drops a post the outbox resends after it had arrived (client message ids)', async function () {
    this.timeout(30_000);
    const el = await onlineChat();
    el.send('exactly once');
    await eventually(() => el.messages.length === 1, 'post never arrived');
    const { clientId, text, wallTime } = el.messages[0];
    // The page died before it saw the room confirm the post: its stored outbox still holds it.
    const key = `croquet-chat:${el.appId}:${el.session}:user:${el.userId}:outbox`;
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
    await aMoment(300);
    expect(next.messages).to.have.length(2);
    expect(sessionStorage.getItem(key)).to.equal(null);
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
    const el = await onlineChat(session);
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
