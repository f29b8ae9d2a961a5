import { expect } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { BUSY_ROOM, eventually, focusedPart, onlineChat, openPeer, part, parts, politeAnnouncements, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// The conversation as two people see it: this page and a peer in an iframe, over the real server.

/** This page and a peer in one fresh room (where one person may post 30 lines at once), both online and seeing each other. */
async function pair(prefix: string): Promise<{ el: CroquetChat; peer: Peer }> {
  const session = uniqueSessionName(prefix);
  const el = await onlineChat(session, {}, undefined, BUSY_ROOM);
  const peer = await openPeer({ session, box: testBox() }, undefined, undefined, BUSY_ROOM);
  await waitForStatus(peer.el, 'online');
  await eventually(() => el.users.length === 2, 'the peer never arrived');
  return { el, peer };
}

/** Shift+Enter as real key presses (the launcher's sendKeys takes no chords in `press`). */
async function shiftEnter(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Shift' });
}

/** The rendered texts of the posts in `el`'s log. */
function postTexts(el: CroquetChat): string[] {
  return parts(el, 'message')
    .filter((message) => !message.matches('[part~="system-message"]'))
    .map((message) => message.querySelector('[part~="text"]')?.textContent ?? '');
}

describe('<croquet-chat> conversation', () => {
  let peer: Peer | undefined;
  afterEach(() => {
    peer?.close();
    peer = undefined;
  });

  describe('composer keys in the full element', () => {
    it('Enter sends, Shift+Enter breaks the line; the input empties and keeps focus', async function () {
      this.timeout(30_000);
      const room = await pair('keys');
      peer = room.peer;
      const { el } = room;
      (part(el, 'input') as HTMLTextAreaElement).focus();
      await sendKeys({ press: 'Enter' }); // nothing to send yet
      await sendKeys({ type: 'first line' });
      await shiftEnter();
      await sendKeys({ type: 'second line' });
      expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('first line\nsecond line');
      await sendKeys({ press: 'Enter' });

      await eventually(() => postTexts(peer!.el).length === 1, 'the peer never got the post');
      expect(postTexts(peer.el)).to.deep.equal(['first line\nsecond line']);
      expect(peer.el.messages.filter((m) => m.kind === 'post')).to.have.length(1); // the empty Enter sent nothing
      await el.updateComplete;
      expect((part(el, 'input') as HTMLTextAreaElement).value).to.equal('');
      expect(focusedPart(el), 'focus stays in the input for the next message').to.equal('input');
      // The line break is shown as one.
      const shown = parts(peer.el, 'message').at(-1)!.querySelector('[part~="text"]') as HTMLElement;
      expect(getComputedStyle(shown).whiteSpace).to.match(/^pre-wrap|^pre-line/);
    });
    it('keeps an unsent draft across a reload of the widget, per room', async function () {
      this.timeout(30_000);
      const session = uniqueSessionName('draft');
      const userId = uniquePerson();
      const first = await onlineChat(session, {}, userId);
      (part(first, 'input') as HTMLTextAreaElement).focus();
      await sendKeys({ type: 'half a thought' });
      first.remove();
      const again = await onlineChat(session, {}, userId);
      const draft = () => (part(again, 'input') as HTMLTextAreaElement).value;
      await eventually(() => draft() === 'half a thought', 'the draft was lost');
      // The widget moves to another room: that room's draft (none) replaces this one's in the composer…
      again.session = uniqueSessionName('draft-other');
      await eventually(() => draft() === '', `another room does not start empty (the composer holds "${draft()}")`);
      await waitForStatus(again, 'online');
      // …and back in the first room, its draft is there again.
      again.session = session;
      await eventually(() => draft() === 'half a thought', 'the first room\'s draft was lost on the way');
      again.remove();
    });
  });

  describe('links', () => {
    it('makes http(s) addresses links that open safely; other schemes and markup stay text', async function () {
      this.timeout(30_000);
      const room = await pair('links');
      peer = room.peer;
      const { el } = room;
      const text =
        'Docs at https://example.com/a?b=1&c=2, old ones at http://example.org. ' +
        'Not javascript:alert(1) nor data:text/html,<b>bold</b> nor ftp://example.net nor mailto:a@example.com ' +
        'nor <img src=x onerror="window.pwned=1"> nor https://bank.example@evil.example/ either';
      peer.el.send(text);
      await eventually(() => el.messages.length === 1, 'the post never arrived');
      await el.updateComplete;

      const links = parts(el, 'link') as HTMLAnchorElement[];
      expect(links.map((link) => [link.textContent, link.getAttribute('href')])).to.deep.equal([
        ['https://example.com/a?b=1&c=2', 'https://example.com/a?b=1&c=2'],
        ['http://example.org', 'http://example.org/'],
      ]);
      for (const link of links) {
        expect(link.target).to.equal('_blank');
        expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
      }
      // Every character is shown as typed, and nothing but those two links became markup.
      const shown = part(el, 'message')!.querySelector('[part~="text"]')!;
      expect(shown.textContent).to.equal(text);
      expect([...shown.querySelectorAll('*')].map((node) => node.localName)).to.deep.equal(['a', 'a']);
      expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
      expect((window as { pwned?: number }).pwned).to.equal(undefined);
    });
  });

  describe('grouping and days', () => {
    it('shows the author once per run of consecutive posts, under one day separator', async function () {
      this.timeout(30_000);
      const room = await pair('groups');
      peer = room.peer;
      const { el } = room;
      for (const text of ['one', 'two', 'three']) peer.el.send(text);
      await eventually(() => el.messages.length === 3, 'the peer posts never arrived');
      el.send('four');
      await eventually(() => peer!.el.messages.length === 4, 'my post never reached the peer');
      peer.el.send('five');
      await eventually(() => el.messages.length === 5, 'the last post never arrived');
      await el.updateComplete;

      expect(postTexts(el)).to.deep.equal(['one', 'two', 'three', 'four', 'five']);
      const authors = parts(el, 'author').map((author) => author.textContent);
      expect(authors).to.deep.equal([peer.el.nickname, el.nickname, peer.el.nickname]);
      // Each post still has its own time, and belongs to the message list in order.
      expect(parts(el, 'time').length).to.be.at.least(5);

      const days = parts(el, 'day');
      expect(days).to.have.length(1);
      expect(days[0].textContent.trim()).to.equal(DEFAULT_STRINGS.today);
      const rows = [...el.shadowRoot!.querySelectorAll('[part~="log"] li')].map((row) => row.getAttribute('part'));
      expect(rows[0], 'the day separator heads the log').to.equal('day');
    });
  });

  describe('unread and the new-messages button', () => {
    it('counts posts from others while scrolled up; the button says how many and jumps down', async function () {
      this.timeout(40_000);
      const room = await pair('unread');
      peer = room.peer;
      const { el } = room;
      el.style.height = '220px';
      const unreadEvents: number[] = [];
      el.addEventListener('croquet-chat-unread', (event) => unreadEvents.push(event.detail.unread));
      const log = part(el, 'log')!;
      const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
      for (let i = 1; i <= 30; i++) peer.el.send(`line ${i}`);
      await eventually(() => el.messages.length === 30, 'posts never arrived');
      await el.updateComplete;
      expect(atBottom(), 'pinned while at the bottom').to.equal(true);
      expect(part(el, 'new-messages'), 'no button while at the bottom').to.equal(null);
      expect(el.unread).to.equal(0);
      expect(unreadEvents).to.deep.equal([]);

      log.scrollTop = 0;
      log.dispatchEvent(new Event('scroll'));
      for (const text of ['while', 'you', 'read']) peer.el.send(text);
      await eventually(() => el.messages.length === 33, 'posts never arrived');
      await eventually(() => el.unread === 3, `unread is ${el.unread}`);
      await el.updateComplete;
      expect(log.scrollTop, 'the reader stays where they are').to.equal(0);
      const button = part(el, 'new-messages')!;
      expect(button.localName).to.equal('button');
      expect(button.textContent).to.equal(DEFAULT_STRINGS.newMessages(3));
      expect(unreadEvents.at(-1)).to.equal(3);
      await expect(el).to.be.accessible();

      // Own posts are not unread, and (sending) bring the reader down anyway: checked in two-clients.test.ts.
      button.click();
      await eventually(atBottom, 'the button never brought the reader down');
      await el.updateComplete;
      expect(part(el, 'new-messages'), 'the button goes once read').to.equal(null);
      expect(el.unread).to.equal(0);
      expect(unreadEvents.at(-1)).to.equal(0);
    });

    it('scrolling down by hand clears the count too', async function () {
      this.timeout(40_000);
      const room = await pair('unread-scroll');
      peer = room.peer;
      const { el } = room;
      el.style.height = '220px';
      const log = part(el, 'log')!;
      for (let i = 1; i <= 30; i++) peer.el.send(`line ${i}`);
      await eventually(() => el.messages.length === 30, 'posts never arrived');
      await el.updateComplete;
      log.scrollTop = 0;
      log.dispatchEvent(new Event('scroll'));
      peer.el.send('news');
      await eventually(() => el.unread === 1, `unread is ${el.unread}`);
      await el.updateComplete;
      expect(part(el, 'new-messages')!.textContent).to.equal(DEFAULT_STRINGS.newMessages(1));
      log.scrollTop = log.scrollHeight;
      log.dispatchEvent(new Event('scroll'));
      await el.updateComplete;
      expect(el.unread).to.equal(0);
      expect(part(el, 'new-messages')).to.equal(null);
    });

    it('a pinned log stays at the newest message when a long draft makes it shorter', async function () {
      this.timeout(40_000);
      const room = await pair('pinned-draft');
      peer = room.peer;
      const { el } = room;
      el.style.height = '260px';
      const log = part(el, 'log')!;
      const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
      for (let i = 1; i <= 30; i++) peer.el.send(`line ${i}`);
      await eventually(() => el.messages.length === 30, 'posts never arrived');
      await eventually(atBottom, 'not pinned at the newest message');
      const logHeight = log.clientHeight;
      const composer = el.shadowRoot!.querySelector('croquet-chat-composer')!;
      composer.value = 'one\ntwo\nthree\nfour';
      await eventually(() => log.clientHeight < logHeight, 'the draft never made the log shorter');
      await eventually(atBottom, 'the newest message went out of sight behind the taller composer');
      composer.clear();
      await eventually(() => log.clientHeight === logHeight, 'the log never grew back');
      expect(atBottom(), 'still at the newest message').to.equal(true);
    });

    it('with prefers-reduced-motion the jump is instant; otherwise it scrolls smoothly', async function () {
      this.timeout(40_000);
      const room = await pair('motion');
      peer = room.peer;
      const { el } = room;
      el.style.height = '220px';
      const log = part(el, 'log')!;
      const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
      for (let i = 1; i <= 40; i++) peer.el.send(`line ${i}`);
      await eventually(() => el.messages.length === 40, 'posts never arrived');
      const jumpAfterNews = async (news: string): Promise<boolean> => {
        log.scrollTop = 0;
        log.dispatchEvent(new Event('scroll'));
        const before = el.messages.length;
        peer!.el.send(news);
        await eventually(() => el.messages.length === before + 1, 'the post never arrived');
        await el.updateComplete;
        part(el, 'new-messages')!.click();
        const instant = atBottom();
        await eventually(atBottom, 'never reached the bottom');
        return instant;
      };
      expect(await jumpAfterNews('smooth'), 'a smooth scroll has not arrived the moment it starts').to.equal(false);
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        expect(await jumpAfterNews('instant'), 'with reduced motion the log is at the bottom at once').to.equal(true);
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });
  });

  // Out of sight: a background tab or an iframe scrolled out of view gets no animation frames, so Croquet
  // steps it on reflector ticks only. The view must not wait for a frame to update (src/chat-view.ts).
  describe('out of sight', () => {
    it('counts posts that arrive while the page is hidden, even at the bottom, until it is shown again', async function () {
      this.timeout(40_000);
      const session = uniqueSessionName('unread-hidden');
      const el = await onlineChat(session);
      const unreadEvents: number[] = [];
      el.addEventListener('croquet-chat-unread', (event) => unreadEvents.push(event.detail.unread));
      // Another tab comes to the front (this page is then really hidden) and someone writes from it.
      const cover = (payload: { visible?: boolean; url?: string; script?: string }) =>
        executeServerCommand<unknown, typeof payload>('croquet-chat-page-visibility', payload);
      await cover({ visible: false, url: new URL('./fixtures/peer.html', import.meta.url).href });
      try {
        expect(document.visibilityState).to.equal('hidden');
        await cover({
          script: `
            await customElements.whenDefined('croquet-chat');
            const chat = Object.assign(document.createElement('croquet-chat'), { session: ${JSON.stringify(session)}, box: ${JSON.stringify(testBox())}, userId: ${JSON.stringify(uniquePerson())} });
            document.body.append(chat);
            while (chat.status !== 'online') await new Promise((resolve) => setTimeout(resolve, 20));
            chat.send('while you were away');
            chat.send('and this');`,
        });
        await eventually(() => el.unread === 2, 'posts from others while hidden were not counted', 20_000);
        expect(unreadEvents.at(-1)).to.equal(2);
        await el.updateComplete;
        expect(part(el, 'new-messages'), 'at the bottom there is nothing to jump to').to.equal(null);
        el.send('my own post is not unread');
        await eventually(() => el.messages.length === 3, 'my post never arrived', 20_000);
        expect(el.unread).to.equal(2);
      } finally {
        await cover({ visible: true });
      }
      expect(document.visibilityState).to.equal('visible');
      await eventually(() => el.unread === 0, 'shown again at the bottom, the posts were not read');
      expect(unreadEvents.at(-1)).to.equal(0);
    });

    it('a widget scrolled out of view (an iframe below the fold) gets online and follows the room', async function () {
      this.timeout(30_000);
      const session = uniqueSessionName('offscreen');
      const el = await onlineChat(session);
      const spacer = document.createElement('div');
      spacer.style.height = '3000px';
      document.body.append(spacer);
      try {
        peer = await openPeer({ session, box: testBox() });
        expect(peer.frame.getBoundingClientRect().top, 'the peer is below the fold').to.be.above(window.innerHeight);
        await waitForStatus(peer.el, 'online', 10_000);
        el.send('can you read me down there?');
        await eventually(() => peer!.el.messages.length === 1, 'the out-of-sight widget never got the post');
      } finally {
        spacer.remove();
      }
    });
  });

  describe('announcements', () => {
    it('announces posts from others politely as "Name: text", never your own', async function () {
      this.timeout(30_000);
      const room = await pair('announce');
      peer = room.peer;
      const { el } = room;
      peer.el.send('hello page');
      await eventually(() => el.messages.length === 1, 'the post never arrived');
      await el.updateComplete;
      expect(politeAnnouncements(el)).to.include(`${peer.el.nickname}: hello page`);

      el.send('my own words');
      // The announcement is made as the post arrives, and shows with the render that follows.
      await eventually(() => el.messages.length === 2, 'my post never arrived');
      await el.updateComplete;
      expect(politeAnnouncements(el).some((said) => said.includes('my own words')), 'your own post is not read back to you').to.equal(false);
      await eventually(() => peer!.el.messages.length === 2, 'my post never reached the peer');
      // …while the peer hears it.
      await peer.el.updateComplete;
      expect(politeAnnouncements(peer.el)).to.include(`${el.nickname}: my own words`);
      // The log itself is not live (or every own post and every re-render would be read out).
      expect(part(el, 'log')!.getAttribute('aria-live')).to.equal('off');
    });
  });
});
