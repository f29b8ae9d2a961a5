import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { ChatModelOptions } from '../src/types.js';
import { BUSY_ROOM, eventually, focusedPart, lineWith, linesEverywhere, openPeer, part, parts, testBox, uniquePerson, uniqueSessionName, waitForStatus, type Peer } from './helpers.js';

// Replies and reactions as people use them, across two real pages on the real server: "Reply" in a
// post's actions menu, the reply bar above the composer, the quote above a reply and the jump to its
// original; "React", the quick picker, and the row of reactions under a post with who reacted. This page
// is one person (its keyboard is the one the tests type on); the iframe is the other.

const S = DEFAULT_STRINGS;

const peers: Peer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.close();
  await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
});

/** This page and a peer in a fresh room with the rules `rules`, both online and seeing each other. */
async function room(prefix: string, rules: ChatModelOptions = BUSY_ROOM): Promise<{ me: CroquetChat; other: CroquetChat; peer: Peer }> {
  const session = uniqueSessionName(prefix);
  const me = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} .modelOptions=${rules}></croquet-chat>`);
  const peer = await openPeer({ session, box: testBox() }, undefined, 400, rules);
  peers.push(peer);
  const other = peer.el;
  await waitForStatus(me, 'online');
  await waitForStatus(other, 'online');
  await eventually(() => me.users.length === 2 && other.users.length === 2, 'the pages never saw each other');
  return { me, other, peer };
}

/** Posts `texts` from `from`, one after the other, and waits until every chat of `readers` shows them. */
async function postAll(from: CroquetChat, texts: string[], ...readers: CroquetChat[]): Promise<void> {
  for (const text of texts) expect(from.send(text), `send "${text}"`).to.equal(true);
  await linesEverywhere(texts.at(-1)!, from, ...readers);
}

// Assertions on elements compare booleans: chai would print a failing element whole, and a chat element's
// object graph is too big for that (the page stops answering).

/** The element focus is on inside `el`'s shadow root. */
function focused(el: CroquetChat): Element | null {
  return el.shadowRoot!.activeElement;
}

/** Presses `key` on this page and lets the element render what followed. */
async function press(el: CroquetChat, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

function actionsButton(line: Element): HTMLButtonElement {
  const button = line.querySelector<HTMLButtonElement>('[part~="message-actions"]');
  if (!button) throw new Error('the post has no actions button');
  return button;
}

/** The labels of the open actions menu's items. */
function menuLabels(el: CroquetChat): string[] {
  return parts(el, 'action').map((item) => item.textContent?.trim() ?? '');
}

/** With clicks (as on the page in the iframe): opens the actions menu of `line` and picks the item `label`. */
async function chooseAction(el: CroquetChat, line: Element, label: string): Promise<void> {
  actionsButton(line).click();
  await el.updateComplete;
  const item = parts(el, 'action').find((action) => action.textContent?.trim() === label);
  if (!item) throw new Error(`no "${label}" in the menu (it has ${JSON.stringify(menuLabels(el))})`);
  item.click();
  await eventually(() => part(el, 'actions-menu') === null, 'the menu never closed');
}

/** With clicks: "React" in the actions menu of `line`, then `emoji` in the picker. */
async function reactByClicks(el: CroquetChat, line: Element, emoji: string): Promise<void> {
  await chooseAction(el, line, S.react);
  await eventually(() => part(el, 'reaction-picker') !== null, 'the picker never opened');
  const choice = parts(el, 'reaction-choice').find((button) => button.textContent === emoji);
  if (!choice) throw new Error(`no ${emoji} in the picker`);
  choice.click();
  await eventually(() => part(el, 'reaction-picker') === null, 'the picker never closed');
}

/** The reaction buttons under `line`, as "emoji count" strings, in their order. */
function reactionsOf(line: Element): string[] {
  return [...line.querySelectorAll('[part~="reaction"]')].map((button) => [...button.children].map((piece) => piece.textContent).join(' '));
}

function reaction(line: Element, emoji: string): HTMLButtonElement | null {
  return [...line.querySelectorAll<HTMLButtonElement>('[part~="reaction"]')].find((button) => button.querySelector('.reaction-emoji')?.textContent === emoji) ?? null;
}

function quoteOf(line: Element): HTMLElement | null {
  return line.querySelector<HTMLElement>('[part~="reply-quote"]');
}

/** Whether `inner` lies wholly within `outer`'s box (a pixel of slack). */
function within(inner: Element, outer: Element): boolean {
  const a = inner.getBoundingClientRect();
  const b = outer.getBoundingClientRect();
  return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
}

describe('<croquet-chat> replies and reactions', () => {
  describe('replies', () => {
    it('replies from a post\'s actions menu: the bar says to whom, the quote shows on both pages, and it leads back to the original', async function () {
      this.timeout(90_000);
      const { me, other } = await room('reply');
      await postAll(other, ['see you at noon, at the usual place by the river'], me);
      await postAll(other, Array.from({ length: 20 }, (_, i) => `filler ${i + 1}`), me);
      const original = lineWith(me, 'see you at noon, at the usual place by the river');
      const originalId = me.messages.find((message) => message.text.startsWith('see you at noon'))!.id;

      // Reply is in the menu of someone else's post (first), and of your own.
      actionsButton(original).focus();
      await press(me, 'Enter');
      expect(menuLabels(me)).to.deep.equal([S.reply, S.react]);
      expect(focused(me)?.textContent?.trim()).to.equal(S.reply);
      await press(me, 'Enter');

      // The reply bar: whom and what, one line; the caret in the composer.
      await eventually(() => part(me, 'reply-preview') !== null && focusedPart(me) === 'input', 'the reply bar never showed with focus in the composer');
      const bar = part(me, 'reply-preview')!;
      expect(bar.textContent).to.contain(S.replyingTo(other.nickname));
      expect(bar.textContent).to.contain('see you at noon, at the usual place by the river');
      expect(part(me, 'reply-cancel')!.getAttribute('aria-label')).to.equal(S.cancelReply);
      const line = bar.querySelector('.reply-preview-line')!;
      expect(getComputedStyle(line).whiteSpace).to.equal('nowrap');
      expect(getComputedStyle(line).textOverflow).to.equal('ellipsis');

      const sends: { text: string; replyTo: number }[] = [];
      me.addEventListener('croquet-chat-send', (event) => sends.push(event.detail));
      await sendKeys({ type: 'sounds good' });
      await press(me, 'Enter');
      await eventually(() => part(me, 'reply-preview') === null, 'sending never cleared the reply bar');
      expect(sends, 'the page hears what the reply answers').to.deep.equal([{ text: 'sounds good', replyTo: originalId }]);

      const [mine, theirs] = await linesEverywhere('sounds good', me, other);
      expect(me.messages.find((message) => message.text === 'sounds good')).to.include({ replyTo: originalId });
      for (const [el, reply] of [[me, mine], [other, theirs]] as const) {
        const quote = quoteOf(reply)!;
        expect(quote !== null, 'the quote').to.equal(true);
        expect(quote.localName).to.equal('button');
        expect(quote.querySelector('.quote-author')!.textContent).to.equal(other.nickname);
        expect(quote.querySelector('.quote-text')!.textContent).to.equal('see you at noon, at the usual place by the river');
        expect(quote.getAttribute('aria-label')).to.equal(S.replyQuote(other.nickname, 'see you at noon, at the usual place by the river'));
        const text = reply.querySelector('[part~="text"]')!;
        expect(quote.getBoundingClientRect().bottom, 'the quote stands above the text').to.be.at.most(text.getBoundingClientRect().top + 1);
        expect(el.messages.find((message) => message.text === 'sounds good')!.replyTo).to.equal(originalId);
      }

      // The original is far up the log; the quote (from the keyboard) brings it into view, highlighted, with focus on it.
      const log = part(me, 'log')!;
      expect(within(original, log), 'the original starts out of view').to.equal(false);
      quoteOf(mine)!.focus();
      await press(me, 'Enter');
      await eventually(() => within(original, log), 'the original never scrolled into view');
      expect(original.getAttribute('part')!.split(' ')).to.include('highlighted');
      expect(original.getAttribute('tabindex')).to.equal('-1');
      expect(focused(me) === original, 'focus on the original').to.equal(true);
      await expect(me).to.be.accessible();
      // About two seconds later the highlight is gone; focus stays.
      await eventually(() => !original.getAttribute('part')!.split(' ').includes('highlighted'), 'the highlight never went', 5_000);
      expect(focused(me) === original, 'focus stays on the original').to.equal(true);
    });

    it('stops replying with Escape in the composer or the cancel button; the next post then answers nothing', async function () {
      this.timeout(60_000);
      const { me, other } = await room('reply-cancel');
      await postAll(other, ['a question'], me);
      const question = lineWith(me, 'a question');

      await chooseAction(me, question, S.reply);
      await eventually(() => part(me, 'reply-preview') !== null && focusedPart(me) === 'input', 'the reply bar never showed');
      await press(me, 'Escape');
      expect(part(me, 'reply-preview') === null, 'Escape closed the bar').to.equal(true);
      expect(focusedPart(me)).to.equal('input');

      await chooseAction(me, question, S.reply);
      await eventually(() => part(me, 'reply-preview') !== null, 'the reply bar never showed again');
      part(me, 'reply-cancel')!.click();
      await eventually(() => part(me, 'reply-preview') === null && focusedPart(me) === 'input', 'the cancel button never closed the bar with focus in the composer');

      const sends: { text: string; replyTo: number }[] = [];
      me.addEventListener('croquet-chat-send', (event) => sends.push(event.detail));
      await sendKeys({ type: 'not an answer' });
      await press(me, 'Enter');
      const [line] = await linesEverywhere('not an answer', me, other);
      expect(sends).to.deep.equal([{ text: 'not an answer', replyTo: 0 }]);
      expect(quoteOf(line) === null, 'no quote').to.equal(true);
      expect(me.messages.find((message) => message.text === 'not an answer')).to.include({ replyTo: 0 });
    });

    it('says "Original message removed" once the original is deleted, and "Original message not available" once it left the history', async function () {
      this.timeout(90_000);
      const { me, other } = await room('reply-gone', { ...BUSY_ROOM, historyLimit: 5 });
      await postAll(other, ['to be deleted', 'to scroll away'], me);
      const deleted = me.messages.find((message) => message.text === 'to be deleted')!;
      const scrolled = me.messages.find((message) => message.text === 'to scroll away')!;
      expect(me.send('answer to the deleted one', { replyTo: deleted.id })).to.equal(true);
      expect(me.send('answer to the one that goes', { replyTo: scrolled.id })).to.equal(true);
      const lines = await linesEverywhere('answer to the one that goes', me, other);
      const repliesToDeleted = [me, other].map((el) => lineWith(el, 'answer to the deleted one'));

      expect(other.deleteMessage(deleted.id)).to.equal(true);
      for (const line of repliesToDeleted) {
        await eventually(() => quoteOf(line)?.textContent?.trim() === S.replyRemoved, 'the quote never said the original was removed');
        expect(quoteOf(line)!.querySelector('.quote-author') === null, 'no author for a removed original').to.equal(true);
      }

      // Three more posts push "to be deleted" and "to scroll away" out of a history of five.
      await postAll(other, ['one', 'two', 'three'], me);
      await eventually(() => !me.messages.some((message) => message.id === scrolled.id), 'the original never left the history');
      for (const line of lines) {
        await eventually(() => quoteOf(line)?.textContent?.trim() === S.replyUnavailable, 'the quote never said the original is not available');
        expect(quoteOf(line)!.localName, 'nothing to go to: not a button').to.not.equal('button');
      }
      await expect(me).to.be.accessible();
    });
  });

  describe('reactions', () => {
    it('shows who reacted: the peer adds 👍 from the picker, this page sees "👍 1", adds its own (2, pressed), and takes it back', async function () {
      this.timeout(90_000);
      const { me, other, peer } = await room('react');
      await postAll(me, ['lunch at one?'], other);
      const [mine, theirs] = await linesEverywhere('lunch at one?', me, other);

      await reactByClicks(other, theirs, '👍');
      await eventually(() => reactionsOf(mine).join() === '👍 1', 'this page never saw 👍 1');
      const thumbs = reaction(mine, '👍')!;
      expect(thumbs.closest('[part~="reactions"]')!.getAttribute('aria-label')).to.equal(S.reactions);
      expect(thumbs.getAttribute('aria-label')).to.equal(S.reactedBy('👍', 1, [other.nickname]));
      expect(thumbs.getAttribute('aria-label')).to.contain(other.nickname);
      expect(thumbs.title).to.equal(thumbs.getAttribute('aria-label'));
      expect(thumbs.getAttribute('aria-pressed')).to.equal('false');
      expect(thumbs.getAttribute('part')).to.equal('reaction');
      expect(reaction(theirs, '👍')!.getAttribute('aria-pressed'), 'pressed on the peer\'s page').to.equal('true');

      // This page adds its own: 2, pressed, and named "… and you".
      thumbs.click();
      await eventually(() => reactionsOf(mine).join() === '👍 2', 'the count never became 2');
      const pressed = reaction(mine, '👍')!;
      expect(pressed.getAttribute('aria-pressed')).to.equal('true');
      expect(pressed.getAttribute('part')!.split(' ')).to.include('reaction-own');
      expect(pressed.getAttribute('aria-label')).to.equal(`👍 2: ${other.nickname} and you`);
      await eventually(() => reaction(theirs, '👍')?.getAttribute('aria-label') === S.reactedBy('👍', 2, [S.reactionYou, me.nickname]), 'the peer never saw two');

      // Clicked again: back to the peer's alone.
      pressed.click();
      await eventually(() => reactionsOf(mine).join() === '👍 1' && reaction(mine, '👍')!.getAttribute('aria-pressed') === 'false', 'the count never went back to 1');
      expect(reaction(mine, '👍')!.getAttribute('part')).to.equal('reaction');

      // Emoji keep the order of their first reaction.
      await reactByClicks(other, theirs, '🎉');
      await eventually(() => reactionsOf(mine).join() === '👍 1,🎉 1', 'the 🎉 never came after the 👍');
      await reactByClicks(me, mine, '❤️');
      await eventually(() => reactionsOf(mine).join() === '👍 1,🎉 1,❤️ 1', 'the ❤️ never came last');

      // Someone the room no longer knows (they left, and never posted) counts as "someone".
      peer.close();
      peers.splice(0);
      await eventually(() => me.users.length === 1, 'the peer never left');
      await me.updateComplete;
      const label = reaction(mine, '👍')!.getAttribute('aria-label');
      expect(label).to.equal(S.reactedBy('👍', 1, []));
      expect(label).to.equal('👍 1: someone');
    });

    it('works the picker from the keyboard: arrows move and wrap (mirrored in RTL), Escape closes, Enter toggles; focus returns to the actions button', async function () {
      this.timeout(60_000);
      const { me, other } = await room('react-keys');
      await postAll(other, ['keyboard post'], me);
      const line = lineWith(me, 'keyboard post');
      const button = actionsButton(line);

      const openPicker = async () => {
        button.focus();
        await press(me, 'ArrowDown');
        await press(me, 'ArrowDown'); // Reply → React
        expect(focused(me)?.textContent?.trim()).to.equal(S.react);
        await press(me, 'Enter');
        await eventually(() => part(me, 'reaction-picker') !== null && focused(me)?.getAttribute('part') === 'reaction-choice', 'the picker never took focus');
      };
      const focusedEmoji = () => focused(me)?.textContent;

      await openPicker();
      const picker = part(me, 'reaction-picker')!;
      expect(picker.getAttribute('role')).to.equal('menu');
      expect(picker.getAttribute('aria-label')).to.equal(S.addReaction);
      expect(parts(me, 'reaction-choice').map((choice) => choice.textContent)).to.deep.equal(['👍', '❤️', '😂', '😮', '😢', '🎉']);
      expect(parts(me, 'reaction-choice').every((choice) => choice.getAttribute('role') === 'menuitemcheckbox' && choice.getAttribute('aria-checked') === 'false')).to.equal(true);
      expect(focusedEmoji()).to.equal('👍');
      await press(me, 'ArrowRight');
      expect(focusedEmoji()).to.equal('❤️');
      await press(me, 'ArrowLeft');
      await press(me, 'ArrowLeft');
      expect(focusedEmoji(), 'wraps to the last').to.equal('🎉');
      await press(me, 'Home');
      expect(focusedEmoji()).to.equal('👍');
      await press(me, 'End');
      expect(focusedEmoji()).to.equal('🎉');
      await expect(me).to.be.accessible();
      await press(me, 'Escape');
      expect(part(me, 'reaction-picker') === null, 'Escape closed the picker').to.equal(true);
      await eventually(() => focused(me) === button, 'focus never went back to the actions button');
      expect(reactionsOf(line)).to.deep.equal([]);

      // In a right-to-left widget ArrowLeft goes on.
      me.dir = 'rtl';
      await openPicker();
      await press(me, 'ArrowLeft');
      expect(focusedEmoji()).to.equal('❤️');
      await press(me, 'Enter');
      await eventually(() => part(me, 'reaction-picker') === null && focused(me) === button, 'picking never closed the picker with focus on the button');
      await eventually(() => reactionsOf(line).join() === '❤️ 1' && reaction(line, '❤️')!.getAttribute('aria-pressed') === 'true', 'the ❤️ never showed');

      // The picker shows what you picked as checked; picking it again takes it back.
      await openPicker();
      expect(parts(me, 'reaction-choice')[1].getAttribute('aria-checked')).to.equal('true');
      await press(me, 'ArrowRight'); // mirrored: back, wrapping to the last
      expect(focusedEmoji()).to.equal('🎉');
      await press(me, 'Home');
      await press(me, 'ArrowLeft');
      expect(focusedEmoji()).to.equal('❤️');
      await press(me, 'Space');
      await eventually(() => reactionsOf(line).length === 0, 'the ❤️ never went');
      await eventually(() => reactionsOf(lineWith(other, 'keyboard post')).length === 0, 'the peer still sees the ❤️');
    });
  });

  describe('looks', () => {
    it('shows quotes and reactions in the compact density too, and stays accessible with the bar, quotes, reactions and the picker', async function () {
      this.timeout(90_000);
      const { me, other } = await room('reply-look');
      await postAll(other, ['the original words'], me);
      const originalId = me.messages.find((message) => message.text === 'the original words')!.id;
      expect(other.send('a reply below', { replyTo: originalId })).to.equal(true);
      await linesEverywhere('a reply below', me, other);
      expect(other.react(originalId, '😂')).to.equal(true);
      expect(me.react(originalId, '😂')).to.equal(true);
      await eventually(() => reactionsOf(lineWith(me, 'the original words')).join() === '😂 2', 'the reactions never showed');

      for (const density of ['comfortable', 'compact'] as const) {
        for (const scheme of ['light', 'dark'] as const) {
          me.density = density;
          await emulateMedia({ colorScheme: scheme });
          await me.updateComplete;
          // Each density draws its own lines: find them again.
          const [reply, original] = [lineWith(me, 'a reply below'), lineWith(me, 'the original words')];
          const text = (line: Element) => line.querySelector('[part~="text"]')!.getBoundingClientRect();
          expect(text(reply).height, 'the line is drawn').to.be.above(0);
          expect(quoteOf(reply)!.getBoundingClientRect().bottom, `${density}: the quote above the text`).to.be.at.most(text(reply).top + 1);
          const row = original.querySelector('[part~="reactions"]')!;
          expect(row.getBoundingClientRect().top, `${density}: the reactions under the text`).to.be.at.least(text(original).bottom - 1);
          await expect(me, `${density}, ${scheme}`).to.be.accessible();
        }
      }
      await emulateMedia({ colorScheme: 'light' });

      // The reply bar open, and the picker open.
      await chooseAction(me, lineWith(me, 'the original words'), S.reply);
      await eventually(() => part(me, 'reply-preview') !== null, 'the reply bar never showed');
      await expect(me).to.be.accessible();
      await chooseAction(me, lineWith(me, 'a reply below'), S.react);
      await eventually(() => part(me, 'reaction-picker') !== null, 'the picker never opened');
      await expect(me).to.be.accessible();
      me.density = 'comfortable';
      await me.updateComplete;
      await expect(me).to.be.accessible();
    });
  });
});
