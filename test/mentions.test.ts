import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { MentionablePerson } from '../src/session/chat-view.js';
import { insertMention, matchPeople, mentionQuery } from '../src/ui/mention-suggest.js';
import type { Peer } from './helpers.js';
import { barrier, BUSY_ROOM, eventually, focusedPart, lineWith, linesEverywhere, openPeer, part, parts, politeAnnouncements, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// @mentions as people use them, on real pages against the real server: "@" and the start of a name in
// the composer offers people (keyboard and mouse), a post shows its mentions highlighted for everyone and
// more strongly for the person named, whose element alone fires croquet-chat-mention, and a mention
// reaches someone away from the page. This page is one person (its keyboard is the one the tests type
// on); the others are iframes.

const S = DEFAULT_STRINGS;

describe('mention suggestions: finding the query and the people', () => {
  const person = (nickname: string, present: boolean): MentionablePerson => ({ personId: `id-${nickname}`, nickname, present });

  it('reads "@" and what follows it up to the caret, at the start or after a space only', () => {
    expect(mentionQuery('@par', 4)).to.deep.equal({ start: 0, end: 4, query: 'par' });
    expect(mentionQuery('hi @par', 7)).to.deep.equal({ start: 3, end: 7, query: 'par' });
    expect(mentionQuery('hi\n@Zoë', 7)).to.deep.equal({ start: 3, end: 7, query: 'Zoë' });
    expect(mentionQuery('hi @parker', 6), 'up to the caret').to.deep.equal({ start: 3, end: 6, query: 'pa' });
    expect(mentionQuery('hi @', 4), '"@" alone').to.equal(null);
    expect(mentionQuery('ann@par', 7), 'an e-mail address').to.equal(null);
    expect(mentionQuery('hi @par ', 8), 'past the word').to.equal(null);
    expect(mentionQuery('@@par', 5)).to.equal(null);
  });

  it('offers those here first, names that start with the query before those that contain it, any case, at most eight', () => {
    const people = [person('Sparrow', true), person('Parker', true), person('Bob', true), person('Parvati', false), person('Oppa', false)];
    const names = (query: string, limit?: number) => matchPeople(people, query, limit).map((p) => p.nickname);
    expect(names('par')).to.deep.equal(['Parker', 'Sparrow', 'Parvati']);
    expect(names('PA')).to.deep.equal(['Parker', 'Sparrow', 'Parvati', 'Oppa']);
    expect(names('pa', 2)).to.deep.equal(['Parker', 'Sparrow']);
    expect(names('zed')).to.deep.equal([]);
    const crowd = Array.from({ length: 12 }, (_, i) => person(`Pat ${i + 1}`, true));
    expect(matchPeople(crowd, 'pat')).to.have.length(8);
  });

  it('puts "@Name " in place of the query, without a second space', () => {
    const text = 'hi @par';
    expect(insertMention(text, mentionQuery(text, 7)!, 'Parker')).to.deep.equal({ text: 'hi @Parker ', caret: 11 });
    const middle = 'hi @par there';
    expect(insertMention(middle, mentionQuery(middle, 7)!, 'Parker')).to.deep.equal({ text: 'hi @Parker there', caret: 11 });
  });
});

/** Hides this page behind another tab, or shows it again. */
async function setPageHidden(hidden: boolean): Promise<void> {
  const state = await executeServerCommand<unknown, { visible: boolean }>('croquet-chat-page-visibility', { visible: !hidden });
  expect(state).to.equal(hidden ? 'hidden' : 'visible');
}

const input = (el: CroquetChat) => part(el, 'input') as HTMLTextAreaElement;
/** The names the open list offers, in its order. */
const offered = (el: CroquetChat) => parts(el, 'mention-option').map((option) => option.querySelector('.mention-name')?.textContent ?? '');
const listOpen = (el: CroquetChat) => part(el, 'mention-list') !== null;

/** Presses `key` on this page and lets the element render what followed. */
async function press(el: CroquetChat, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

/** Types `text` into this page's composer with the keyboard. */
async function type(el: CroquetChat, text: string): Promise<void> {
  input(el).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** The part names of the mentions in `line`, with their text: [["@Sparrow", "mention"]…]. */
function mentionsIn(line: Element): [string, string][] {
  return [...line.querySelectorAll('[part~="mention"]')].map((span) => [span.textContent ?? '', span.getAttribute('part') ?? '']);
}

const rowParts = (line: Element) => (line.getAttribute('part') ?? '').split(' ');

describe('<croquet-chat> mentions', () => {
  let peers: Peer[] = [];
  afterEach(async () => {
    await setPageHidden(false);
    for (const peer of peers) peer.close();
    peers = [];
  });

  /** This page as `me` and a peer per name in `names`, in one fresh room, all online and seeing each other. */
  async function room(me: string, names: string[], extra: Partial<CroquetChat> = {}): Promise<{ el: CroquetChat; others: CroquetChat[]; session: string }> {
    const session = uniqueSessionName('mentions');
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} nickname=${me} .modelOptions=${BUSY_ROOM}></croquet-chat>`);
    Object.assign(el, extra);
    const others: CroquetChat[] = [];
    for (const name of names) {
      const peer = await openPeer({ session, box: testBox(), nickname: name }, undefined, 320, BUSY_ROOM);
      peers.push(peer);
      others.push(peer.el);
    }
    await waitForStatus(el, 'online');
    for (const other of others) await waitForStatus(other, 'online');
    const everyone = [el, ...others];
    await eventually(() => everyone.every((chat) => chat.users.length === everyone.length), 'the pages never saw each other');
    await eventually(() => el.nickname === me && others.every((other, i) => other.nickname === names[i]), 'the room never gave everyone their name');
    return { el, others, session };
  }

  it('offers matching people as "@" and a name are typed; arrows choose, Enter inserts and does not send', async function () {
    this.timeout(90_000);
    const { el, others } = await room('Mika', ['Parker', 'Sparrow']);
    let sends = 0;
    el.addEventListener('croquet-chat-send', () => (sends += 1));

    await type(el, 'hi @par');
    await eventually(() => listOpen(el), 'no list after "@par"');
    expect(offered(el)).to.deep.equal(['Parker', 'Sparrow']);
    const list = part(el, 'mention-list')!;
    expect(list.getAttribute('role')).to.equal('listbox');
    expect(list.getAttribute('aria-label')).to.equal(S.mentionList);
    const textarea = input(el);
    expect(textarea.getAttribute('aria-controls')).to.equal(list.id);
    const options = parts(el, 'mention-option');
    expect(options.map((option) => option.getAttribute('role'))).to.deep.equal(['option', 'option']);
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(options[0].id);
    expect(options.map((option) => option.getAttribute('aria-selected'))).to.deep.equal(['true', 'false']);
    // Each person with their avatar; those here with a dot, and "here" for screen readers.
    expect(options.every((option) => option.querySelector('[part~="avatar"]') !== null), 'avatars').to.equal(true);
    expect(options.every((option) => option.querySelector('.presence-dot:not(.away)') !== null), 'presence dots').to.equal(true);
    expect(options[0].querySelector('.visually-hidden')!.textContent.trim()).to.equal(S.mentionHere);
    expect(list.getBoundingClientRect().bottom, 'the list stands above the input').to.be.at.most(textarea.getBoundingClientRect().top + 1);
    expect(politeAnnouncements(el), 'screen readers hear how many and which keys').to.include(S.mentionSuggestions(2));
    await expect(el).to.be.accessible();

    await press(el, 'ArrowDown');
    expect(textarea.getAttribute('aria-activedescendant')).to.equal(parts(el, 'mention-option')[1].id);
    await press(el, 'ArrowDown');
    expect(textarea.getAttribute('aria-activedescendant'), 'wraps to the first').to.equal(parts(el, 'mention-option')[0].id);
    await press(el, 'ArrowUp');
    await press(el, 'Enter');
    expect(textarea.value).to.equal('hi @Sparrow ');
    expect(textarea.selectionStart, 'caret after the space').to.equal('hi @Sparrow '.length);
    expect(listOpen(el), 'the list closed').to.equal(false);
    expect(textarea.hasAttribute('aria-activedescendant')).to.equal(false);
    expect(sends, 'Enter picked; it sent nothing').to.equal(0);

    await sendKeys({ type: 'and @Pa' });
    await eventually(() => listOpen(el), 'no list after "@Pa"');
    await press(el, 'Tab');
    expect(textarea.value, 'Tab picks too').to.equal('hi @Sparrow and @Parker ');
    expect(focusedPart(el), 'focus stays in the composer').to.equal('input');
    await press(el, 'Enter');
    expect(sends, 'with the list closed, Enter sends').to.equal(1);
    await linesEverywhere('hi @Sparrow and @Parker', el, ...others);
    expect(el.messages.at(-1)!.mentions).to.deep.equal([others[1].personId, others[0].personId]);
  });

  it('picks with the mouse, and closes with Escape without doing Escape\'s other jobs', async function () {
    this.timeout(90_000);
    const { el, others } = await room('Mika', ['Parker']);
    others[0].send('a question');
    await linesEverywhere('a question', el);

    // Reply to the question, so Escape in the composer has a job of its own: stop replying.
    const line = lineWith(el, 'a question');
    line.querySelector<HTMLButtonElement>('[part~="message-actions"]')!.click();
    await el.updateComplete;
    parts(el, 'action').find((item) => item.textContent?.trim() === S.reply)!.click();
    await eventually(() => part(el, 'reply-preview') !== null, 'the reply bar never showed');

    await type(el, '@pa');
    await eventually(() => listOpen(el), 'no list after "@pa"');
    await press(el, 'Escape');
    expect(listOpen(el), 'Escape closed the list').to.equal(false);
    expect(part(el, 'reply-preview') !== null, 'and only the list: still replying').to.equal(true);
    expect(input(el).value).to.equal('@pa');
    await sendKeys({ type: 'r' });
    await el.updateComplete;
    expect(listOpen(el), 'typing on in the dismissed word does not reopen it').to.equal(false);

    await sendKeys({ type: ' @PAR' });
    await eventually(() => listOpen(el), 'no list for a new "@"');
    const option = part(el, 'mention-option')!;
    const box = option.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await el.updateComplete;
    expect(input(el).value).to.equal('@par @Parker ');
    expect(focusedPart(el), 'focus stayed in the composer').to.equal('input');
    expect(listOpen(el)).to.equal(false);
    await press(el, 'Escape');
    expect(part(el, 'reply-preview') === null, 'with the list closed, Escape stops replying').to.equal(true);
  });

  it('highlights a mention for everyone and strongly for the person named, whose element alone fires croquet-chat-mention', async function () {
    this.timeout(90_000);
    const { el, others } = await room('Mika', ['Parker', 'Sparrow']);
    const [parker, sparrow] = others;
    const heard = new Map<CroquetChat, string[]>(others.map((other) => [other, []]));
    heard.set(el, []);
    for (const chat of [el, ...others]) chat.addEventListener('croquet-chat-mention', (event) => heard.get(chat)!.push(event.detail.message.text));

    const text = 'look @sparrow: https://example.com/news ok';
    expect(el.send(text)).to.equal(true);
    const lines = await linesEverywhere(text, el, parker, sparrow);
    const [mine, parkers, sparrows] = lines;
    expect(mentionsIn(mine), 'the author sees it').to.deep.equal([['@sparrow', 'mention']]);
    expect(mentionsIn(parkers), 'a third person sees it').to.deep.equal([['@sparrow', 'mention']]);
    expect(mentionsIn(sparrows), 'the person named, strongly').to.deep.equal([['@sparrow', 'mention mention-self']]);
    // A mention and a link in one text: both work.
    for (const line of lines) expect([...line.querySelectorAll('[part~="link"]')].map((a) => a.textContent)).to.deep.equal(['https://example.com/news']);
    expect(rowParts(sparrows)).to.include('mentioned');
    expect(rowParts(mine)).not.to.include('mentioned');
    expect(rowParts(parkers)).not.to.include('mentioned');

    const plain = getComputedStyle(parkers.querySelector('[part~="mention"]')!);
    const strong = getComputedStyle(sparrows.querySelector('[part~="mention-self"]')!);
    expect(Number(strong.fontWeight), 'bolder').to.be.above(Number(plain.fontWeight));
    expect(plain.backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    expect(strong.backgroundColor, 'on a tint').not.to.equal('rgba(0, 0, 0, 0)');
    const bar = getComputedStyle(sparrows.querySelector('.bubble')!).boxShadow;
    expect(bar, 'the mentioned post has an accent bar').not.to.equal('none');
    expect(getComputedStyle(parkers.querySelector('.bubble')!).boxShadow).to.equal('none');

    // An e-mail address mentions nobody; the room's barrier lets every page hear everything before it.
    const mail = 'write to ann@sparrow.org or @nobody';
    expect(parker.send(mail)).to.equal(true);
    await barrier(parker, el, sparrow);
    expect(el.messages.find((message) => message.text === mail)!.mentions).to.deep.equal([]);
    expect(mentionsIn(lineWith(sparrow, mail))).to.deep.equal([]);

    expect(heard.get(sparrow)).to.deep.equal([text]);
    expect(heard.get(parker), 'not the third person').to.deep.equal([]);
    expect(heard.get(el), 'not the author').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('offers people who left, as away, and highlights their mentions; an e-mail address opens no list', async function () {
    this.timeout(90_000);
    const { el, others } = await room('Mika', ['Parker', 'Parvati']);
    const parvati = peers[1];
    const parvatiId = others[1].personId;
    parvati.close();
    peers.splice(1, 1);
    await eventually(() => el.users.length === 2, 'Parvati never left');

    await type(el, 'mail ann@par');
    expect(listOpen(el), 'no list inside an e-mail address').to.equal(false);
    await sendKeys({ type: ' @par' });
    await eventually(() => listOpen(el), 'no list after "@par"');
    expect(offered(el), 'here first, then remembered').to.deep.equal(['Parker', 'Parvati']);
    const away = parts(el, 'mention-option')[1];
    expect(away.querySelector('.presence-dot.away') !== null, 'no dot').to.equal(true);
    expect(away.querySelector('.visually-hidden')!.textContent.trim()).to.equal(S.mentionAway);
    await expect(el).to.be.accessible();
    await press(el, 'ArrowDown');
    await press(el, 'Enter');
    await sendKeys({ type: 'are you back?' });
    await press(el, 'Enter');
    const [line] = await linesEverywhere('mail ann@par @Parvati are you back?', el, others[0]);
    expect(el.messages.at(-1)!.mentions).to.deep.equal([parvatiId]);
    expect(mentionsIn(line)).to.deep.equal([['@Parvati', 'mention']]);
  });

  it('tells someone away from the page: the title badge counts, and notify="mentions" shows only the mention', async function () {
    this.timeout(90_000);
    class FakeNotification {
      static permission: NotificationPermission = 'granted';
      static shown: string[] = [];
      constructor(_title: string, options: NotificationOptions = {}) {
        FakeNotification.shown.push(options.body ?? '');
      }
      addEventListener(): void {}
      close(): void {}
    }
    const realNotification = Object.getOwnPropertyDescriptor(window, 'Notification')!;
    Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
    const title = 'Mentions test page';
    document.title = title;
    try {
      const { el, others } = await room('Mika', ['Parker'], { titleBadge: true, notify: 'mentions' });
      const [parker] = others;
      const mentions: string[] = [];
      el.addEventListener('croquet-chat-mention', (event) => mentions.push(event.detail.message.text));
      await setPageHidden(true);
      for (const text of ['hello all', 'are you there, @Mika?']) {
        expect(parker.send(text)).to.equal(true);
        await eventually(() => el.messages.some((message) => message.text === text), `"${text}" never arrived`, 20_000);
      }
      await el.updateComplete;
      expect(document.title).to.equal(`(2) ${title}`);
      expect(FakeNotification.shown).to.deep.equal(['are you there, @Mika?']);
      expect(mentions, 'the event fires while hidden too').to.deep.equal(['are you there, @Mika?']);
      await setPageHidden(false);
      await eventually(() => document.title === title, `the title stayed "${document.title}"`);
      expect(mentionsIn(lineWith(el, 'are you there, @Mika?'))).to.deep.equal([['@Mika', 'mention mention-self']]);
    } finally {
      Object.defineProperty(window, 'Notification', realNotification);
    }
  });
});
