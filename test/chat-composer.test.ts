import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { CroquetChatComposer } from '../src/ui/chat-composer.js';
import { de } from '../src/i18n/locales.js';

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

/** Lets fade-ins finish, so axe judges the colors a reader ends up seeing. */
async function accessible(el: CroquetChatComposer): Promise<void> {
  await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
  await expect(el).to.be.accessible();
}

/** Records the submits of `el`. */
function submits(el: CroquetChatComposer): string[] {
  const texts: string[] = [];
  el.addEventListener('croquet-chat-composer-submit', (event) => texts.push(event.detail.text));
  return texts;
}

describe('<croquet-chat-composer>', () => {
  it('is not registered by its module', () => {
    expect(definedOnImport).to.equal(undefined);
    expect(document.createElement('croquet-chat-composer')).to.be.an.instanceOf(CroquetChatComposer);
  });

  it('renders a labelled one-line textarea and a send button, without counter or reason', async () => {
    const el = await composer();
    const input = textarea(el);
    expect(input.localName).to.equal('textarea');
    expect(input.getAttribute('aria-label')).to.equal('Message');
    expect(input.placeholder).to.equal('Type a message');
    expect(input.maxLength).to.equal(2000);
    expect(part(el, 'form')).to.exist;
    expect(part(el, 'send-button')!.textContent.trim()).to.equal('Send');
    expect(part(el, 'counter')).to.equal(null);
    expect(part(el, 'reason')).to.equal(null);
    await accessible(el);
  });

  it('focus() puts the caret in the textarea', async () => {
    const el = await composer();
    expect(el.shadowRoot!.activeElement?.getAttribute('part'), 'focused part').to.equal('input');
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

  it('does not send blank drafts', async () => {
    const el = await composer();
    const sent = submits(el);
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: '   ' });
    await shiftEnter();
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal([]);
    expect((part(el, 'send-button') as HTMLButtonElement).disabled).to.equal(true);
  });

  it('sends from the send button and gives focus back to the textarea', async () => {
    const el = await composer();
    await sendKeys({ type: 'by click' });
    const button = part(el, 'send-button') as HTMLButtonElement;
    expect(button.disabled).to.equal(false);
    const events: CustomEvent<{ text: string }>[] = [];
    el.addEventListener('croquet-chat-composer-submit', (event) => events.push(event));
    button.focus();
    await sendKeys({ press: 'Space' });
    expect(events.map((event) => event.detail)).to.deep.equal([{ text: 'by click' }]);
    const [event] = events;
    expect(event.composed, 'stays inside <croquet-chat>').to.equal(false);
    expect(el.shadowRoot!.activeElement?.getAttribute('part'), 'focused part').to.equal('input');
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
    expect((part(el, 'send-button') as HTMLButtonElement).disabled).to.equal(true);
    await accessible(el);

    el.disabled = false;
    await el.updateComplete;
    expect(part(el, 'reason')).to.equal(null);
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal(['draft']);
  });

  it('shows the counter only near the limit, and stops input at the limit', async () => {
    const el = await composer(html`<croquet-chat-composer max-length="100"></croquet-chat-composer>`);
    el.value = 'x'.repeat(88);
    await el.updateComplete;
    expect(part(el, 'counter')).to.equal(null);
    await sendKeys({ type: 'yy' });
    expect(part(el, 'counter')!.textContent).to.equal('10 left');
    expect(textarea(el).getAttribute('aria-describedby')).to.equal('counter');
    await sendKeys({ type: 'z'.repeat(15) });
    expect(el.value.length).to.equal(100);
    expect(part(el, 'counter')!.textContent).to.equal('0 left');
    await accessible(el);
  });

  it('announces the counter politely at thresholds, not on every key', async () => {
    const el = await composer();
    const status = el.shadowRoot!.querySelector('[role="status"]')!;
    el.value = 'x'.repeat(1790);
    await el.updateComplete;
    expect(status.textContent, 'silent far from the limit').to.equal('');
    el.value = 'x'.repeat(1800);
    await el.updateComplete;
    expect(status.textContent, 'first shown').to.equal('200 left');
    await sendKeys({ type: 'abc' });
    expect(status.textContent, 'unchanged between thresholds').to.equal('200 left');
    expect(part(el, 'counter')!.textContent).to.equal('197 left');
    el.value = 'x'.repeat(1901);
    await el.updateComplete;
    expect(status.textContent, 'crossed 100').to.equal('99 left');
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

  it('takes its words from the strings property', async () => {
    const el = await composer(html`<croquet-chat-composer .strings=${de}></croquet-chat-composer>`);
    expect(textarea(el).getAttribute('aria-label')).to.equal('Nachricht');
    expect(textarea(el).placeholder).to.equal('Nachricht schreiben');
    expect(part(el, 'send-button')!.textContent.trim()).to.equal('Senden');
    el.placeholder = 'Schreib was';
    await el.updateComplete;
    expect(textarea(el).placeholder).to.equal('Schreib was');
  });

  it('mirrors its layout in RTL', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"><croquet-chat-composer></croquet-chat-composer></div>`);
    const el = wrapper.firstElementChild as CroquetChatComposer;
    await el.updateComplete;
    const button = part(el, 'send-button')!.getBoundingClientRect();
    const input = textarea(el).getBoundingClientRect();
    expect(button.right).to.be.at.most(input.left + 1);
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
});
