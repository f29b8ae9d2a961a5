import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { ar, de } from '../src/i18n/locales.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import { eventually, part, parts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// Words come from the strings table (a page may override any of them); `lang` and `dir` are honoured.
// These tests are about wording and layout, so they do read the words.

async function online(template: ReturnType<typeof html>): Promise<CroquetChat> {
  const el = await fixture<CroquetChat>(template);
  await waitForStatus(el, 'online');
  await el.updateComplete;
  return el;
}

const box = (el: Element | null) => el!.getBoundingClientRect();

describe('<croquet-chat> words and direction', () => {
  it('a partial `strings` override changes those words and keeps the rest', async () => {
    const el = await online(html`<croquet-chat session=${uniqueSessionName('words')} box=${testBox()} user-id=${uniquePerson()}
      .strings=${{ send: 'Post it', status: { online: 'Live' }, youAre: (name: string) => `Hi ${name}` }}></croquet-chat>`);
    expect(part(el, 'send-button')!.textContent.trim()).to.equal('Post it');
    expect(part(el, 'status')!.textContent).to.equal('Live');
    expect(part(el, 'nickname')!.textContent).to.equal(`Hi ${el.nickname}`);
    // Untouched entries, nested ones included, keep the English defaults.
    expect((part(el, 'input') as HTMLTextAreaElement).placeholder).to.equal(DEFAULT_STRINGS.placeholder);
    expect(part(el, 'participants')!.textContent).to.equal(DEFAULT_STRINGS.peopleHere(1));
    // Replacing the override re-renders; removing it brings English back.
    el.strings = { send: 'Go' };
    await el.updateComplete;
    expect(part(el, 'send-button')!.textContent.trim()).to.equal('Go');
    expect(part(el, 'status')!.textContent).to.equal(DEFAULT_STRINGS.status.online);
    el.strings = undefined;
    await el.updateComplete;
    expect(part(el, 'send-button')!.textContent.trim()).to.equal(DEFAULT_STRINGS.send);
  });

  it('German: the table\'s words, and days and times in the element\'s language', async function () {
    this.timeout(20_000);
    const el = await online(html`<croquet-chat lang="de" session=${uniqueSessionName('de')} box=${testBox()} user-id=${uniquePerson()} .strings=${de}></croquet-chat>`);
    expect(part(el, 'status')!.textContent).to.equal('Online');
    expect(part(el, 'participants')!.textContent).to.equal('1 Person hier');
    expect(part(el, 'send-button')!.textContent.trim()).to.equal('Senden');
    expect(part(el, 'empty')!.textContent).to.equal(de.empty);
    el.send('Hallo');
    await eventually(() => el.messages.length === 1, 'the post never arrived');
    await el.updateComplete;
    expect(part(el, 'day')!.textContent.trim()).to.equal('Heute');
    const time = parts(el, 'time').at(-1)!;
    const german = new Intl.DateTimeFormat('de', { hour: 'numeric', minute: '2-digit' }).format(el.messages[0].wallTime);
    expect(time.textContent).to.equal(german);
    expect(part(el, 'base')!.getAttribute('aria-label')).to.equal(de.chat);
    await expect(el).to.be.accessible();
  });

  it('shows the room\'s error in the table\'s words', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat lang="de" session=${uniqueSessionName('de-error')} .strings=${de}></croquet-chat>`);
    await waitForStatus(el, 'error');
    await el.updateComplete;
    expect(el.errorCode).to.equal('config');
    expect(part(el, 'error')!.textContent).to.equal(de.errors.config);
    expect(part(el, 'reason')!.textContent).to.equal(de.composerDisabled.error);
  });

  it('says it is offline in the table\'s words', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat lang="de" session=${uniqueSessionName('de-offline')} box="http://127.0.0.1:47/" .strings=${de}></croquet-chat>`);
    await eventually(() => el.status === 'offline' && el.errorCode === 'unreachable', 'never went offline');
    await el.updateComplete;
    const seconds = Number(/\d+/.exec(part(el, 'offline-text')!.textContent ?? '')?.[0]);
    expect(part(el, 'offline-text')!.textContent).to.equal(de.offlineRetryIn(seconds));
    expect(part(el, 'retry-button')!.textContent).to.equal(de.retryNow);
  });

  it('right to left: the layout mirrors (status at the inline end, send button on the left)', async function () {
    this.timeout(20_000);
    // The compact log: name, text and time on one line, where their order can be measured (look.test.ts has the bubbles).
    const ltr = await online(html`<croquet-chat density="compact" session=${uniqueSessionName('ltr')} box=${testBox()} user-id=${uniquePerson()} style="width: 420px"></croquet-chat>`);
    const rtl = await online(html`<croquet-chat density="compact" lang="ar" dir="rtl" session=${uniqueSessionName('rtl')} box=${testBox()} user-id=${uniquePerson()}
      .strings=${ar} style="width: 420px"></croquet-chat>`);
    // Left to right: name first on the left, status at the right end; input, then the send button.
    // An Arabic post in a left-to-right widget still reads name, text, time from the left.
    ltr.send('مرحبا بكم');
    await eventually(() => ltr.messages.length === 1, 'the post never arrived');
    await ltr.updateComplete;
    const post = part(ltr, 'message')!;
    expect(box(post.querySelector('[part~="author"]')).right).to.be.at.most(box(post.querySelector('[part~="text"]')).left);
    expect(box(post.querySelector('[part~="time"]')).left).to.be.at.least(box(post.querySelector('[part~="text"]')).right);
    expect(box(part(ltr, 'status')).left).to.be.above(box(part(ltr, 'nickname')).right);
    expect(box(part(ltr, 'send-button')).left).to.be.at.least(box(part(ltr, 'input')).right);
    // Right to left: mirrored.
    expect(box(part(rtl, 'status')).right).to.be.below(box(part(rtl, 'nickname')).left);
    expect(box(part(rtl, 'send-button')).right).to.be.at.most(box(part(rtl, 'input')).left);
    const base = box(part(rtl, 'base'));
    const avatar = rtl.shadowRoot!.querySelector('[part~="header"] [part~="avatar"]')!;
    expect(base.right - box(avatar).right, 'your avatar sits at the inline start (the right)').to.be.below(20);
    expect(box(avatar).left, 'and your name after it').to.be.at.least(box(part(rtl, 'nickname')).right);
    expect(getComputedStyle(part(rtl, 'log')!).direction).to.equal('rtl');
    expect(part(rtl, 'participants')!.textContent).to.equal('شخص واحد هنا');

    // Name, text and time keep their places whatever script they are in: a Latin name and a Latin post
    // must not merge into one left-to-right run ("Name:hello") inside the right-to-left line.
    rtl.send('hello https://example.com');
    rtl.send('مرحبا');
    await eventually(() => rtl.messages.length === 2, 'the posts never arrived');
    await rtl.updateComplete;
    const [latin, arabic] = parts(rtl, 'message');
    const author = latin.querySelector('[part~="author"]')!;
    const text = latin.querySelector('[part~="text"]')!;
    const time = latin.querySelector('[part~="time"]')!;
    expect(box(author).left, 'the author comes first, on the right').to.be.at.least(box(text).right);
    expect(box(time).right, 'the time comes last, on the left').to.be.at.most(box(text).left);
    expect(box(arabic.querySelector('[part~="time"]')).right).to.be.at.most(box(arabic.querySelector('[part~="text"]')).left);
    expect(part(rtl, 'link')!.getAttribute('href')).to.equal('https://example.com/');
    await expect(rtl).to.be.accessible();
  });
});
