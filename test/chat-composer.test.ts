import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import { CroquetChatComposer } from '../src/ui/chat-composer.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { de } from '../src/i18n/locales.js';
import type { Peer } from './helpers.js';
import { barrier, eventually, focusedPart, onlineChat, openPeer, part as chatPart, testBox, uniqueSessionName, waitForStatus } from './helpers.js';

// The module must not register the tag (croquet-chat.ts does that); this test file does it for itself.
const definedOnImport = customElements.get('croquet-chat-composer');
customElements.define('croquet-chat-composer', CroquetChatComposer);

declare global {
  interface HTMLElementTagNameMap {
    'croquet-chat-composer': CroquetChatComposer;
  }
}

const part = (el: CroquetChatComposer, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const textarea = (el: CroquetChatComposer) => part(el, 'input') as HTMLTextAreaElement;
const sendButton = (el: Element) => (el instanceof CroquetChatComposer ? part(el, 'send-button') : chatPart(el, 'send-button')) as HTMLButtonElement;
/** What the composer's polite live region says now. */
const spoken = (el: CroquetChatComposer) => el.shadowRoot!.querySelector('[role="status"]')!.textContent;

async function composer(template = html`<croquet-chat-composer></croquet-chat-composer>`): Promise<CroquetChatComposer> {
  const el = await fixture<CroquetChatComposer>(template);
  el.focus();
  return el;
}

/** Shift+Enter as real key presses (the Chromium launcher's sendKeys takes no chords in `press`). */
async function shiftEnter(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Shift' });
}

/** Puts `text` in at the caret of the focused field as one edit, the way a paste does (and as `maxlength` would cut it). */
async function paste(el: CroquetChatComposer, text: string): Promise<void> {
  document.execCommand('insertText', false, text);
  await el.updateComplete;
}

/** Clicks the middle of `target` with the real mouse. */
async function click(target: Element): Promise<void> {
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
  await sendMouse({ type: 'move', position: [0, 0] });
}

/** Lets fade-ins and color transitions finish, so checks judge the colors a reader ends up seeing. */
async function settled(root: ShadowRoot): Promise<void> {
  await Promise.all(root.getAnimations().map((animation) => animation.finished));
}

async function accessible(el: CroquetChatComposer): Promise<void> {
  await settled(el.shadowRoot!);
  await expect(el).to.be.accessible();
}

/** Records the submits of `el`. */
function submits(el: CroquetChatComposer): string[] {
  const texts: string[] = [];
  el.addEventListener('croquet-chat-composer-submit', (event) => texts.push(event.detail.text));
  return texts;
}

/** The commands the open help panel lists. */
function listedCommands(root: ParentNode): string[] {
  return [...root.querySelectorAll('[part~="help"] dt')].map((term) => term.textContent.trim());
}

// Colors as WCAG 2 measures them: relative luminance of sRGB, and (L1 + 0.05) / (L2 + 0.05).
type Rgba = [red: number, green: number, blue: number, alpha: number];

/** A computed color: `rgb()`/`rgba()`, or `color(srgb …)` as Chromium gives `color-mix()` results. */
function parseColor(value: string): Rgba {
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(value);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  const rgb = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(value);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  throw new Error(`cannot read the color "${value}"`);
}

function over(top: Rgba, below: Rgba): Rgba {
  const alpha = top[3];
  return [0, 1, 2].map((i) => top[i] * alpha + below[i] * (1 - alpha)).concat(1) as Rgba;
}

function luminance([red, green, blue]: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The color behind `el`: the backgrounds of its ancestors (across shadow roots) laid over each other down to an opaque one. */
function backdrop(el: Element): Rgba {
  const layers: Rgba[] = [];
  for (let node: Node | null = el.parentNode; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (!(node instanceof Element)) continue;
    const color = parseColor(getComputedStyle(node).backgroundColor);
    if (color[3] > 0) layers.push(color);
    if (color[3] === 1) break;
  }
  return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1] as Rgba);
}

/** The send button's text against its fill, and its fill against what is around it. */
function sendButtonContrast(button: HTMLButtonElement): { text: number; fill: number } {
  const style = getComputedStyle(button);
  const around = backdrop(button);
  const fill = over(parseColor(style.backgroundColor), around);
  return { text: contrast(parseColor(style.color), fill), fill: contrast(fill, around) };
}

describe('<croquet-chat-composer>', () => {
  it('is not registered by its module', () => {
    expect(definedOnImport).to.equal(undefined);
    expect(document.createElement('croquet-chat-composer')).to.be.an.instanceOf(CroquetChatComposer);
  });

  it('renders a labelled one-line textarea and a send button ready to send, without counter, reason or help', async () => {
    const el = await composer();
    const input = textarea(el);
    expect(input.localName).to.equal('textarea');
    expect(input.getAttribute('aria-label')).to.equal('Message');
    expect(input.placeholder).to.equal('Type a message');
    expect(input.hasAttribute('maxlength'), 'the browser never cuts what is typed').to.equal(false);
    expect(part(el, 'form')).to.exist;
    expect(sendButton(el).textContent.trim()).to.equal('Send');
    expect(sendButton(el).disabled, 'at rest the button does not look or act disabled').to.equal(false);
    expect(part(el, 'counter')).to.equal(null);
    expect(part(el, 'reason')).to.equal(null);
    expect(part(el, 'help')).to.equal(null);
    await accessible(el);
  });

  it('focus() puts the caret in the textarea', async () => {
    const el = await composer();
    expect(focusedPart(el)).to.equal('input');
  });

  it('sends on Enter and keeps the draft until cleared', async () => {
    const el = await composer();
    const sent = submits(el);
    await sendKeys({ type: 'hello there' });
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal(['hello there']);
    expect(el.value, 'no newline typed, draft kept').to.equal('hello there');
    el.clear();
    await el.updateComplete;
    expect(textarea(el).value).to.equal('');
  });

  it('breaks the line on Shift+Enter without sending', async () => {
    const el = await composer();
    const sent = submits(el);
    await sendKeys({ type: 'one' });
    await shiftEnter();
    await sendKeys({ type: 'two' });
    expect(sent).to.deep.equal([]);
    expect(el.value).to.equal('one\ntwo');
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal(['one\ntwo']);
  });

  it('never sends during an IME composition', async () => {
    const el = await composer();
    const sent = submits(el);
    const input = textarea(el);
    await sendKeys({ type: 'nihon' });
    // A composition that began before this element saw compositionstart still marks its keys.
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    const composingEnter = new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true });
    input.dispatchEvent(composingEnter);
    // Safari reports the committing Enter after compositionend, as key code 229 without isComposing.
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '日本' }));
    const imeEnter = new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, bubbles: true, cancelable: true });
    input.dispatchEvent(imeEnter);
    expect(sent).to.deep.equal([]);
    expect(composingEnter.defaultPrevented || imeEnter.defaultPrevented, 'the IME keeps its Enter').to.equal(false);
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal(['nihon']);
  });

  it('does not send while a composition is open, even if the key event does not say so', async () => {
    const el = await composer();
    const sent = submits(el);
    await sendKeys({ type: 'x' });
    textarea(el).dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    textarea(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(sent).to.deep.equal([]);
  });

  it('does not send blank drafts, from Enter or the button', async () => {
    const el = await composer();
    const sent = submits(el);
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: '   ' });
    await shiftEnter();
    await sendKeys({ press: 'Enter' });
    await click(sendButton(el));
    expect(sent).to.deep.equal([]);
    expect(focusedPart(el), 'the click leaves the caret in the textarea').to.equal('input');
  });

  it('sends from the send button and gives focus back to the textarea', async () => {
    const el = await composer();
    await sendKeys({ type: 'by click' });
    const button = sendButton(el);
    expect(button.disabled).to.equal(false);
    const events: CustomEvent<{ text: string }>[] = [];
    el.addEventListener('croquet-chat-composer-submit', (event) => events.push(event));
    button.focus();
    await sendKeys({ press: 'Space' });
    expect(events.map((event) => event.detail)).to.deep.equal([{ text: 'by click' }]);
    const [event] = events;
    expect(event.composed, 'stays inside <croquet-chat>').to.equal(false);
    expect(focusedPart(el)).to.equal('input');
  });

  it('reports typing, but not programmatic changes', async () => {
    const el = await composer();
    const typed: string[] = [];
    el.addEventListener('croquet-chat-composer-input', (event) => typed.push(event.detail.text));
    await sendKeys({ type: 'hi' });
    el.value = 'set by code';
    await el.updateComplete;
    expect(typed).to.deep.equal(['h', 'hi']);
    expect(textarea(el).value).to.equal('set by code');
  });

  it('keeps the draft editable but unsendable while disabled, and shows why', async () => {
    const el = await composer(html`<croquet-chat-composer disabled reason="Reconnecting… Your draft is kept."></croquet-chat-composer>`);
    const sent = submits(el);
    await sendKeys({ type: 'draft' });
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal([]);
    expect(el.value).to.equal('draft');
    const reason = part(el, 'reason')!;
    expect(reason.textContent).to.equal('Reconnecting… Your draft is kept.');
    expect(reason.offsetHeight, 'visible').to.be.greaterThan(0);
    expect(textarea(el).getAttribute('aria-describedby')).to.equal(reason.id);
    expect(sendButton(el).disabled).to.equal(true);
    await accessible(el);

    el.disabled = false;
    await el.updateComplete;
    expect(part(el, 'reason')).to.equal(null);
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal(['draft']);
  });

  describe('the length limit', () => {
    it('keeps a 2,500-character paste whole, says how much to cut, and sends nothing until it fits', async () => {
      const el = await composer();
      const sent = submits(el);
      const text = 'a'.repeat(2500);
      await paste(el, text);
      expect(el.value, 'nothing cut').to.equal(text);
      expect(textarea(el).value).to.equal(text);
      const counter = part(el, 'counter')!;
      expect(counter.textContent).to.equal('500 characters too long');
      expect(counter.offsetHeight, 'visible').to.be.greaterThan(0);
      expect(textarea(el).getAttribute('aria-describedby')).to.equal('counter');
      expect(textarea(el).getAttribute('aria-invalid')).to.equal('true');

      await sendKeys({ press: 'Enter' });
      expect(el.value, 'Enter adds no line break').to.equal(text);
      expect(sendButton(el).disabled).to.equal(true);
      await click(sendButton(el));
      expect(sent, 'neither Enter nor the button sends').to.deep.equal([]);
      await accessible(el);

      // Cut back to the limit: the 2,000 characters go out whole.
      textarea(el).focus();
      textarea(el).setSelectionRange(2000, 2500);
      await sendKeys({ press: 'Backspace' });
      expect(part(el, 'counter')!.textContent).to.equal('0 left');
      expect(textarea(el).hasAttribute('aria-invalid')).to.equal(false);
      expect(sendButton(el).disabled).to.equal(false);
      await sendKeys({ press: 'Enter' });
      expect(sent).to.deep.equal(['a'.repeat(2000)]);
    });

    it('counts characters as the room does: an emoji is one, spaces around the text are none', async () => {
      const el = await composer(html`<croquet-chat-composer max-length="10"></croquet-chat-composer>`);
      const sent = submits(el);
      el.value = `  ${'🙂'.repeat(10)}\n`;
      await el.updateComplete;
      expect(part(el, 'counter')!.textContent).to.equal('0 left');
      await sendKeys({ press: 'Enter' });
      expect(sent).to.have.length(1);
      el.value = '🙂'.repeat(11);
      await el.updateComplete;
      expect(part(el, 'counter')!.textContent).to.equal('1 character too long');
    });

    it('says it once, politely, when the text crosses the limit and when it fits again', async () => {
      const el = await composer(html`<croquet-chat-composer max-length="100"></croquet-chat-composer>`);
      el.value = 'x'.repeat(98);
      await el.updateComplete;
      expect(spoken(el)).to.equal('2 left');
      await sendKeys({ type: 'xxx' });
      expect(part(el, 'counter')!.textContent).to.equal('1 character too long');
      expect(spoken(el), 'crossing the limit').to.equal('1 character too long');
      await sendKeys({ type: 'xxxx' });
      expect(part(el, 'counter')!.textContent).to.equal('5 characters too long');
      expect(spoken(el), 'not again for every key').to.equal('1 character too long');
      textarea(el).setSelectionRange(95, 105);
      await sendKeys({ press: 'Backspace' });
      expect(spoken(el), 'back under the limit').to.equal('5 left');
    });

    it('shows the counter only near the limit', async () => {
      const el = await composer(html`<croquet-chat-composer max-length="100"></croquet-chat-composer>`);
      el.value = 'x'.repeat(88);
      await el.updateComplete;
      expect(part(el, 'counter')).to.equal(null);
      await sendKeys({ type: 'yy' });
      expect(part(el, 'counter')!.textContent).to.equal('10 left');
      expect(textarea(el).getAttribute('aria-describedby')).to.equal('counter');
      await accessible(el);
    });

    it('announces the counter politely at thresholds, not on every key', async () => {
      const el = await composer();
      el.value = 'x'.repeat(1790);
      await el.updateComplete;
      expect(spoken(el), 'silent far from the limit').to.equal('');
      el.value = 'x'.repeat(1800);
      await el.updateComplete;
      expect(spoken(el), 'first shown').to.equal('200 left');
      await sendKeys({ type: 'abc' });
      expect(spoken(el), 'unchanged between thresholds').to.equal('200 left');
      expect(part(el, 'counter')!.textContent).to.equal('197 left');
      el.value = 'x'.repeat(1901);
      await el.updateComplete;
      expect(spoken(el), 'crossed 100').to.equal('99 left');
    });
  });

  describe('/help', () => {
    it('opens the command list instead of sending, clears the draft, and Escape returns to the textarea', async () => {
      const el = await composer();
      const sent = submits(el);
      const drafts: string[] = [];
      el.addEventListener('croquet-chat-composer-input', (event) => drafts.push(event.detail.text));
      await sendKeys({ type: '/help' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(sent, 'nothing sent').to.deep.equal([]);
      expect(el.value).to.equal('');
      expect(drafts.at(-1), 'the owner hears the draft is empty').to.equal('');
      const help = part(el, 'help')!;
      expect(help.offsetHeight, 'visible').to.be.greaterThan(0);
      expect(help.localName).to.equal('section');
      const heading = el.shadowRoot!.getElementById(help.getAttribute('aria-labelledby')!)!;
      expect(heading.localName).to.match(/^h[1-6]$/);
      expect(heading.textContent).to.equal('Commands');
      expect(listedCommands(el.shadowRoot!)).to.deep.equal(['/me <action>', '/help']);
      expect(help.textContent).to.contain('* Alice waves');
      expect(focusedPart(el), 'screen readers land in the list').to.equal('help');
      await accessible(el);

      await sendKeys({ press: 'Escape' });
      expect(part(el, 'help')).to.equal(null);
      expect(focusedPart(el)).to.equal('input');
    });

    it('lists /reset where the person may reset, and closes from its close button', async () => {
      const el = await composer(html`<croquet-chat-composer reset-command></croquet-chat-composer>`);
      el.value = ' /HELP ';
      await el.updateComplete;
      await click(sendButton(el));
      await el.updateComplete;
      expect(listedCommands(el.shadowRoot!)).to.deep.equal(['/me <action>', '/reset', '/help']);
      const close = part(el, 'help-close') as HTMLButtonElement;
      expect(close.getAttribute('aria-label')).to.equal('Close the command list');
      await click(close);
      await el.updateComplete;
      expect(part(el, 'help')).to.equal(null);
      expect(focusedPart(el)).to.equal('input');
    });

    it('also opens while sending is disabled, and closes with Escape from the textarea', async () => {
      const el = await composer(html`<croquet-chat-composer disabled reason="Offline"></croquet-chat-composer>`);
      await sendKeys({ type: '/help' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'help')).to.exist;
      textarea(el).focus();
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'help')).to.equal(null);
    });

    it('sends other commands as text', async () => {
      const el = await composer();
      const sent = submits(el);
      for (const text of ['/me waves', '/shrug', '/help me']) {
        el.value = text;
        await el.updateComplete;
        await sendKeys({ press: 'Enter' });
      }
      expect(sent).to.deep.equal(['/me waves', '/shrug', '/help me']);
      expect(part(el, 'help')).to.equal(null);
    });
  });

  describe('look', () => {
    it('shows a disabled send button as a neutral outline with a not-allowed cursor, not a paler accent', async () => {
      const el = await composer(html`<croquet-chat-composer max-length="5"></croquet-chat-composer>`);
      await sendKeys({ type: 'hi' });
      const ready = getComputedStyle(sendButton(el));
      const readyFill = ready.backgroundColor;
      expect(ready.cursor).to.equal('pointer');
      await sendKeys({ type: ' there' });
      await settled(el.shadowRoot!);
      const blocked = getComputedStyle(sendButton(el));
      expect(sendButton(el).disabled).to.equal(true);
      expect(parseColor(blocked.backgroundColor)[3], 'no fill').to.equal(0);
      expect(blocked.backgroundColor).not.to.equal(readyFill);
      expect(blocked.borderTopStyle).to.equal('dashed');
      expect(blocked.cursor).to.equal('not-allowed');
      expect(part(el, 'counter')!.textContent, 'and says why').to.equal('3 characters too long');
      expect(sendButtonContrast(sendButton(el)).text, 'its words stay readable').to.be.at.least(4.5);
    });

    it('takes its words from the strings property', async () => {
      const el = await composer(html`<croquet-chat-composer .strings=${de}></croquet-chat-composer>`);
      expect(textarea(el).getAttribute('aria-label')).to.equal('Nachricht');
      expect(textarea(el).placeholder).to.equal('Nachricht schreiben');
      expect(sendButton(el).textContent.trim()).to.equal('Senden');
      el.placeholder = 'Schreib was';
      await el.updateComplete;
      expect(textarea(el).placeholder).to.equal('Schreib was');
    });

    it('mirrors its layout in RTL, the send icon too', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"><croquet-chat-composer></croquet-chat-composer></div>`);
      const el = wrapper.firstElementChild as CroquetChatComposer;
      await el.updateComplete;
      const button = sendButton(el).getBoundingClientRect();
      const input = textarea(el).getBoundingClientRect();
      expect(button.right).to.be.at.most(input.left + 1);
      expect(getComputedStyle(el.shadowRoot!.querySelector('.send-icon')!).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
      await accessible(el);
    });

    it('skips its animations when the reader prefers reduced motion', async () => {
      const el = await composer(html`<croquet-chat-composer max-length="10" disabled reason="Offline"></croquet-chat-composer>`);
      el.value = 'x'.repeat(9);
      await el.updateComplete;
      expect(getComputedStyle(part(el, 'counter')!).animationName).to.equal('appear');
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        expect(getComputedStyle(part(el, 'counter')!).animationName).to.equal('none');
        expect(getComputedStyle(part(el, 'reason')!).animationName).to.equal('none');
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });

    it('grows with its content to about five lines, then scrolls', async () => {
      const el = await composer();
      const input = textarea(el);
      const oneLine = input.offsetHeight;
      el.value = 'a\nb\nc';
      await el.updateComplete;
      const threeLines = input.offsetHeight;
      el.value = 'a\nb\nc\nd\ne';
      await el.updateComplete;
      const fiveLines = input.offsetHeight;
      el.value = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
      await el.updateComplete;
      expect(threeLines).to.be.greaterThan(oneLine * 2);
      expect(fiveLines).to.be.greaterThan(threeLines);
      expect(input.offsetHeight, 'capped').to.be.closeTo(fiveLines, 2);
      expect(input.scrollHeight).to.be.greaterThan(input.clientHeight);
      el.clear();
      await el.updateComplete;
      expect(input.offsetHeight, 'shrinks back').to.equal(oneLine);
    });
  });
});

describe('<croquet-chat> composer', () => {
  let peer: Peer | undefined;
  before(() => import('../src/croquet-chat.js'));
  afterEach(() => {
    peer?.close();
    peer = undefined;
  });

  const inner = (el: CroquetChat) => el.shadowRoot!.querySelector('croquet-chat-composer')!;

  it('draws the send button at rest as a solid accent with readable words, in light and in dark', async () => {
    const el = await onlineChat();
    const composerEl = inner(el);
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      try {
        await settled(composerEl.shadowRoot!);
        const button = sendButton(el);
        expect(button.disabled, `${scheme}: ready at rest`).to.equal(false);
        expect(parseColor(getComputedStyle(button).backgroundColor)[3], `${scheme}: a solid fill`).to.equal(1);
        const { text, fill } = sendButtonContrast(button);
        expect(text, `${scheme}: words on the fill`).to.be.at.least(4.5);
        expect(fill, `${scheme}: fill against the composer`).to.be.at.least(3);
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    }
  });

  it('/help shows the commands and posts nothing; an over-long text waits until cut, then arrives whole', async function () {
    this.timeout(40_000);
    const session = uniqueSessionName('composer');
    const el = await onlineChat(session);
    peer = await openPeer({ session, box: testBox() });
    await waitForStatus(peer.el, 'online');
    const composerEl = inner(el);
    const sends: string[] = [];
    el.addEventListener('croquet-chat-send', (event) => sends.push(event.detail.text));

    (chatPart(el, 'input') as HTMLTextAreaElement).focus();
    await sendKeys({ type: '/help' });
    await sendKeys({ press: 'Enter' });
    await composerEl.updateComplete;
    expect(chatPart(el, 'help'), 'the page reaches the panel through ::part(help)').to.exist;
    expect(chatPart(el, 'help-close')).to.exist;
    expect(listedCommands(composerEl.shadowRoot!)).to.deep.equal(['/me <action>', '/reset', '/help']);
    await settled(composerEl.shadowRoot!);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await composerEl.updateComplete;
    expect(chatPart(el, 'help')).to.equal(null);
    expect(focusedPart(el)).to.equal('input');

    await paste(composerEl, 'b'.repeat(2500));
    expect(chatPart(el, 'counter')!.textContent).to.equal('500 characters too long');
    await settled(composerEl.shadowRoot!);
    await expect(el).to.be.accessible();
    await emulateMedia({ colorScheme: 'dark' });
    try {
      await settled(composerEl.shadowRoot!);
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
    await sendKeys({ press: 'Enter' });
    await click(sendButton(el));
    expect(sends, 'neither /help nor the long text was submitted').to.deep.equal([]);

    const marker = await barrier(el, peer.el);
    const posts = () => peer!.el.messages.filter((message) => message.kind === 'post').map((message) => message.text);
    expect(posts(), 'the other page saw nothing but the marker').to.deep.equal([marker]);

    const input = chatPart(el, 'input') as HTMLTextAreaElement;
    input.focus();
    input.setSelectionRange(2000, 2500);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => posts().length === 2, 'the cut text never arrived');
    expect(posts()[1]).to.equal('b'.repeat(2000));
    expect(sends).to.have.length(1);
  });

  it('leaves /reset out of the help where the room does not let this person reset', async () => {
    for (const rule of ['none', 'moderators']) {
      const el = await fixture<CroquetChat>(html`<croquet-chat reset=${rule} session=${uniqueSessionName('help')} box="http://127.0.0.1:47/"></croquet-chat>`);
      const composerEl = inner(el);
      composerEl.value = '/help';
      await composerEl.updateComplete;
      (chatPart(el, 'form') as HTMLFormElement).requestSubmit();
      await composerEl.updateComplete;
      expect(listedCommands(composerEl.shadowRoot!), rule).to.deep.equal(['/me <action>', '/help']);
      el.remove();
    }
  });
});
