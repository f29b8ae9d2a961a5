import { expect } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { barrier, eventually, openPeer, part, parts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// One person, one name: every room of an app id on a page (and in this browser's other tabs) shows the
// same name, a rename in one reaches the others and the next visit, and posts show their author's name now.

/** A fresh app id: names are kept per app id (and user id), and tests must not hand theirs to each other. */
function uniqueAppId(): string {
  return `test.names.${Math.random().toString(36).slice(2, 10)}`;
}

/** Where this test's chats live; emptied after each test. */
let page: HTMLElement;

/** Adds a chat with `attributes` to the page, as a page's markup would. */
function addChat(attributes: Record<string, string>): CroquetChat {
  const el = document.createElement('croquet-chat');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  page.append(el);
  return el;
}

/** `count` rooms of `appId` for the person `userId`, added at once (so they join at the same time), all online. */
async function rooms(count: number, appId: string, userId: string, sessions = Array.from({ length: count }, () => uniqueSessionName('room'))): Promise<CroquetChat[]> {
  const chats = sessions.map((session) => addChat({ session, 'app-id': appId, 'user-id': userId, box: testBox() }));
  await Promise.all(chats.map((el) => waitForStatus(el, 'online')));
  return chats;
}

function names(chats: readonly CroquetChat[]): string[] {
  return chats.map((el) => el.nickname);
}

async function oneName(chats: readonly CroquetChat[], expected?: string): Promise<string> {
  await eventually(
    () => chats.every((el) => el.nickname !== '' && el.nickname === (expected ?? chats[0].nickname)),
    `the rooms never agreed on ${expected ? `"${expected}"` : 'one name'} (they show ${JSON.stringify(names(chats))})`,
  );
  return chats[0].nickname;
}

/** Renames through the header's form, as a person would; resolves once the form was submitted. */
async function renameInForm(el: CroquetChat, name: string): Promise<void> {
  await el.updateComplete;
  part(el, 'nickname')!.click();
  await el.updateComplete;
  (part(el, 'name-input') as HTMLInputElement).value = name;
  (part(el, 'rename-form') as HTMLFormElement).requestSubmit();
  await el.updateComplete;
}

/** The controller's answer to "why can I not have this name?", which the rename form shows. */
function nameProblem(el: CroquetChat, name: string): 'empty' | 'taken' | null {
  return (el as unknown as { chat: { nameProblem(name: string): 'empty' | 'taken' | null } }).chat.nameProblem(name);
}

/** What the log shows as the author of the post with `text`. */
function authorOf(el: CroquetChat, text: string): string | undefined {
  const message = parts(el, 'message').find((entry) => entry.querySelector('[part~="text"]')?.textContent === text);
  return message?.querySelector('[part~="author"]')?.textContent ?? undefined;
}

describe('<croquet-chat> names across rooms', () => {
  let peer: Peer | undefined;
  beforeEach(() => {
    page = document.createElement('div');
    document.body.append(page);
  });
  afterEach(() => {
    page.remove();
    peer?.close();
    peer = undefined;
  });

  it('four rooms of one app id on one page show one name, and it stays on the next visit', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId();
    const userId = uniquePerson();
    const sessions = Array.from({ length: 4 }, () => uniqueSessionName('four'));
    const first = await rooms(4, appId, userId, sessions);
    const name = await oneName(first);
    expect(name, 'a random food name, not a number or a blank').to.match(/^\p{L}/u);

    // A reload: the elements go, new ones come, the name is still the same everywhere.
    for (const el of first) el.remove();
    await Promise.all(first.map((el) => waitForStatus(el, 'offline')));
    const again = await rooms(4, appId, userId, sessions);
    expect(names(again)).to.deep.equal([name, name, name, name]);
    // A room the person never visited gets the name too.
    const [elsewhere] = await rooms(1, appId, userId);
    expect(elsewhere.nickname).to.equal(name);
  });

  it('a rename in one room reaches the other rooms, and a reload keeps it', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId();
    const userId = uniquePerson();
    const sessions = Array.from({ length: 4 }, () => uniqueSessionName('carry'));
    const chats = await rooms(4, appId, userId, sessions);
    const before = await oneName(chats);

    await renameInForm(chats[2], 'Alice');
    expect(part(chats[2], 'rename-form'), 'a free name closes the form').to.equal(null);
    await oneName(chats, 'Alice');
    // Each room tells the rename in its own log, with the old and the new name.
    const line = DEFAULT_STRINGS.renamed(before, 'Alice');
    await eventually(() => chats.every((el) => el.messages.some((m) => m.kind === 'system' && m.text === line)), 'a room never logged the rename');

    for (const el of chats) el.remove();
    await Promise.all(chats.map((el) => waitForStatus(el, 'offline')));
    const again = await rooms(4, appId, userId, sessions);
    expect(names(again)).to.deep.equal(['Alice', 'Alice', 'Alice', 'Alice']);
  });

  it('two app ids keep their own names', async function () {
    this.timeout(60_000);
    const userId = uniquePerson();
    const [a1, a2] = await rooms(2, uniqueAppId(), userId);
    const [b1, b2] = await rooms(2, uniqueAppId(), userId);
    await oneName([a1, a2]);
    const other = await oneName([b1, b2]);

    await renameInForm(a1, 'Only Here');
    await oneName([a1, a2], 'Only Here');
    await barrier(b1);
    await barrier(b2);
    expect(names([b1, b2])).to.deep.equal([other, other]);
  });

  it('a nickname the page gives one element stays that element\'s, and setting it later renames everywhere', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId();
    const userId = uniquePerson();
    const pinned = addChat({ session: uniqueSessionName('pinned'), 'app-id': appId, 'user-id': userId, box: testBox(), nickname: 'Signed In' });
    const others = await rooms(3, appId, userId);
    await waitForStatus(pinned, 'online');
    const shared = await oneName(others);
    expect(shared).to.not.equal('Signed In');
    expect(pinned.nickname).to.equal('Signed In');

    // A rename elsewhere does not move the element the page named.
    await renameInForm(others[0], 'Bob');
    await oneName(others, 'Bob');
    await barrier(pinned);
    expect(pinned.nickname).to.equal('Signed In');

    // The page renames the person while the rooms are open: all of them follow, the element keeps it.
    pinned.nickname = 'Carol';
    await oneName([pinned, ...others], 'Carol');
  });

  it('another tab of this browser follows a rename', async function () {
    this.timeout(60_000);
    const appId = uniqueAppId();
    const userId = uniquePerson();
    const [here] = await rooms(1, appId, userId);
    const name = await oneName([here]);
    // An iframe is a page of its own (its own Croquet, its own scripts), sharing this page's storage, as a tab does.
    peer = await openPeer({ session: uniqueSessionName('tab'), box: testBox(), 'app-id': appId, 'user-id': userId });
    await waitForStatus(peer.el, 'online');
    await eventually(() => peer!.el.nickname === name, `the other tab is ${peer.el.nickname}, not ${name}`);

    await renameInForm(here, 'Tabbed');
    await eventually(() => peer!.el.nickname === 'Tabbed', `the other tab never followed (it is ${peer.el.nickname})`);
  });

  it('posts show their author\'s name now; the rename line keeps both names', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('old-posts');
    const appId = uniqueAppId();
    const [el] = await rooms(1, appId, uniquePerson(), [session]);
    peer = await openPeer({ session, box: testBox(), 'app-id': appId });
    await waitForStatus(peer.el, 'online');
    const before = peer.el.nickname;
    peer.el.send('written before');
    await eventually(() => authorOf(el, 'written before') === before, `the post never showed ${before} as its author`);
    el.send('my own');
    await eventually(() => el.messages.some((m) => m.text === 'my own'), 'my own post never arrived');
    const mine = el.messages.find((m) => m.text === 'my own')!;

    peer.el.nickname = 'Alice';
    await eventually(() => authorOf(el, 'written before') === 'Alice', `the old post still shows ${authorOf(el, 'written before')}`);
    expect(el.messages.find((m) => m.text === 'written before')).to.include({ nickname: 'Alice' });
    const line = DEFAULT_STRINGS.renamed(before, 'Alice');
    expect(parts(el, 'system-message').map((entry) => entry.querySelector('[part~="text"]')?.textContent)).to.include(line);
    // A post whose author kept their name is the same object: the log keeps its row as it was.
    expect(el.messages.find((m) => m.text === 'my own')).to.equal(mine);
  });

  describe('why a rename cannot happen', () => {
    it('a name another person has, here or remembered after they left, is taken in any case; a blank one is empty', async function () {
      this.timeout(60_000);
      const session = uniqueSessionName('problems');
      const appId = uniqueAppId();
      const [el] = await rooms(1, appId, uniquePerson(), [session]);
      peer = await openPeer({ session, box: testBox(), 'app-id': appId, nickname: 'Grace' });
      await waitForStatus(peer.el, 'online');
      await eventually(() => el.users.some((user) => user.nickname === 'Grace'), 'Grace never arrived');

      expect(nameProblem(el, 'GRACE')).to.equal('taken');
      expect(nameProblem(el, '  grace  ')).to.equal('taken');
      expect(nameProblem(el, '')).to.equal('empty');
      expect(nameProblem(el, '   ')).to.equal('empty');
      expect(nameProblem(el, '\u202e\u200f')).to.equal('empty');
      expect(nameProblem(el, 'Someone Free')).to.equal(null);
      expect(nameProblem(el, el.nickname), 'your own name').to.equal(null);
      expect(nameProblem(el, el.nickname.toUpperCase()), 'your own name in other letters').to.equal(null);

      // The form says so and stays open; the name stands.
      const own = el.nickname;
      await renameInForm(el, 'grace');
      expect(part(el, 'rename-form'), 'a taken name keeps the form open').to.not.equal(null);
      await expect(el).to.be.accessible();
      (part(el, 'rename-cancel') as HTMLButtonElement).click();
      await el.updateComplete;
      await renameInForm(el, '  ');
      expect(part(el, 'rename-form'), 'an empty name keeps the form open').to.not.equal(null);
      (part(el, 'rename-cancel') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(part(el, 'rename-form')).to.equal(null);
      expect(el.nickname).to.equal(own);

      // Grace leaves; the room still remembers her name for her return.
      peer.close();
      peer = undefined;
      await eventually(() => el.users.length === 1, 'Grace never left');
      expect(nameProblem(el, 'Grace')).to.equal('taken');
    });
  });
});
