import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/croquet-chat.js';
import { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_APP_ID, DEFAULT_PASSWORD } from '../src/session/chat-session.js';
import type { ChatStatus } from '../src/types.js';
import { eventually, part, parts, uniqueSessionName, waitForStatus } from './helpers.js';

// The element on its own: no server is contacted in this file (the unreachable-server test points at a closed port).

const ALWAYS_PRESENT_PARTS = ['base', 'header', 'nickname', 'participants', 'status', 'log', 'form', 'input', 'send-button'];

describe('<croquet-chat>', () => {
  it('does not load Croquet when the module is imported', () => {
    // Croquet marks the page when it is evaluated, and replaces Date while it runs.
    expect((globalThis as { __CROQUET__?: string }).__CROQUET__).to.equal(undefined);
    expect((globalThis as { CroquetViewDate?: unknown }).CroquetViewDate).to.equal(undefined);
  });

  it('is defined', () => {
    const el = document.createElement('croquet-chat');
    expect(el).to.be.an.instanceOf(CroquetChat);
    expect(customElements.get('croquet-chat')).to.equal(CroquetChat);
  });

  it('has documented defaults and sits offline outside a document', () => {
    const el = document.createElement('croquet-chat');
    expect(el.session).to.equal('');
    expect(el.password).to.equal(DEFAULT_PASSWORD);
    expect(DEFAULT_PASSWORD).to.equal('croquet-chat-public');
    expect(el.appId).to.equal(DEFAULT_APP_ID);
    expect(el.apiKey).to.equal('');
    expect(el.box).to.equal('');
    expect(el.reflector).to.equal('');
    expect(el.files).to.equal('');
    expect(el.status).to.equal('offline');
    expect(el.nickname).to.equal('');
    expect(el.participants).to.equal(0);
    expect(el.messages).to.deep.equal([]);
    expect(el.errorMessage).to.equal('');
  });

  it('maps attributes to properties', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat
      session="room-1"
      password="secret"
      app-id="com.example.chat"
      api-key="key-123"
      box="http://127.0.0.1:1/"
      reflector="ws://127.0.0.1:1/reflector"
      files="http://127.0.0.1:1/files"
      placeholder="Say something"
      label="Support chat"
    ></croquet-chat>`);
    expect(el.session).to.equal('room-1');
    expect(el.password).to.equal('secret');
    expect(el.appId).to.equal('com.example.chat');
    expect(el.apiKey).to.equal('key-123');
    expect(el.box).to.equal('http://127.0.0.1:1/');
    expect(el.reflector).to.equal('ws://127.0.0.1:1/reflector');
    expect(el.files).to.equal('http://127.0.0.1:1/files');
    expect((part(el, 'input') as HTMLInputElement).placeholder).to.equal('Say something');
    expect(part(el, 'base')!.getAttribute('aria-label')).to.equal('Support chat');
    el.remove();
  });

  it('does not write secrets back to attributes', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat></croquet-chat>`);
    el.password = 'hunter2';
    el.apiKey = 'k';
    await el.updateComplete;
    expect(el.hasAttribute('password')).to.equal(false);
    expect(el.hasAttribute('api-key')).to.equal(false);
  });

  it('keeps status, participants and messages read-only; nickname is the page\'s to set', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat nickname="Ada"></croquet-chat>`);
    expect(el.nickname).to.equal('Ada');
    el.nickname = 'Grace';
    expect(el.nickname).to.equal('Grace');
    for (const name of ['status', 'participants', 'messages', 'users']) {
      expect(() => {
        (el as unknown as Record<string, unknown>)[name] = 'x';
      }, name).to.throw(TypeError);
    }
  });

  it('reflects status as an attribute and shows it', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat></croquet-chat>`);
    await waitForStatus(el, 'error');
    expect(el.getAttribute('status')).to.equal('error');
    expect(part(el, 'status')!.textContent).to.equal('Error');
    el.remove();
    await waitForStatus(el, 'offline');
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('offline');
  });

  it('exposes its parts', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat></croquet-chat>`);
    await waitForStatus(el, 'error');
    for (const name of [...ALWAYS_PRESENT_PARTS, 'error', 'empty']) {
      expect(part(el, name), `part ${name}`).to.exist;
    }
    expect(part(el, 'log')!.getAttribute('role')).to.equal('log');
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
  });

  it('maps each --croquet-chat-* token onto the styles', async () => {
    const el = await fixture<CroquetChat>(html`<croquet-chat
      style="--croquet-chat-accent: rgb(1, 2, 3); --croquet-chat-background: rgb(4, 5, 6); --croquet-chat-foreground: rgb(7, 8, 9);
        --croquet-chat-muted: rgb(10, 11, 12); --croquet-chat-border: rgb(13, 14, 15); --croquet-chat-radius: 17px;
        --croquet-chat-font: monospace; --croquet-chat-spacing: 19px;"
    ></croquet-chat>`);
    await waitForStatus(el, 'error');
    const style = (name: string) => getComputedStyle(part(el, name)!);
    // The send button is disabled here (error state), shown without its accent fill: the token still reaches it.
    expect(style('send-button').getPropertyValue('--_accent').trim()).to.equal('rgb(1, 2, 3)');
    expect(style('base').backgroundColor).to.equal('rgb(4, 5, 6)');
    expect(style('base').color).to.equal('rgb(7, 8, 9)');
    expect(style('status').color).to.equal('rgb(10, 11, 12)');
    expect(style('base').borderTopColor).to.equal('rgb(13, 14, 15)');
    expect(style('base').borderTopLeftRadius).to.equal('17px');
    expect(style('base').fontFamily).to.equal('monospace');
    expect(style('form').paddingTop).to.equal('19px');
  });

  it('can be styled from outside through its parts', async () => {
    const style = document.createElement('style');
    style.textContent = 'croquet-chat.styled::part(send-button) { text-transform: uppercase; } croquet-chat.styled::part(log) { padding-top: 23px; }';
    document.head.append(style);
    try {
      const el = await fixture<CroquetChat>(html`<croquet-chat class="styled"></croquet-chat>`);
      expect(getComputedStyle(part(el, 'send-button')!).textTransform).to.equal('uppercase');
      expect(getComputedStyle(part(el, 'log')!).paddingTop).to.equal('23px');
    } finally {
      style.remove();
    }
  });

  describe('error states', () => {
    it('explains a missing server (no box, no api-key)', async () => {
      const el = document.createElement('croquet-chat');
      el.session = 'lobby';
      const statusEvent = oneEvent<HTMLElementEventMap['croquet-chat-status']>(el, 'croquet-chat-status');
      const errorEvent = oneEvent<HTMLElementEventMap['croquet-chat-error']>(el, 'croquet-chat-error');
      document.body.append(el);
      try {
        const { detail } = await errorEvent;
        expect(detail.code).to.equal('config');
        expect(detail.message).to.match(/box/).and.to.match(/api-key/);
        expect((await statusEvent).detail).to.deep.equal({ status: 'error', previous: 'offline' });
        expect(el.status).to.equal('error');
        expect(el.errorCode).to.equal('config');
        await el.updateComplete;
        expect(part(el, 'error')!.textContent).to.equal(detail.message);
        expect((part(el, 'send-button') as HTMLButtonElement).disabled).to.equal(true);
      } finally {
        el.remove();
      }
    });

    it('explains a missing room name', async () => {
      const el = await fixture<CroquetChat>(html`<croquet-chat box="http://127.0.0.1:1/"></croquet-chat>`);
      await waitForStatus(el, 'error');
      expect(el.errorCode).to.equal('config');
      expect(el.errorMessage).to.match(/session/);
    });

    it('explains an invalid app-id and a reflector without files', async () => {
      const el = await fixture<CroquetChat>(html`<croquet-chat session="x" app-id="not valid" box="/"></croquet-chat>`);
      await waitForStatus(el, 'error');
      expect(el.errorMessage).to.match(/app-id/);
      // Still in the error state, so no status change: the new error comes with its own event.
      const next = oneEvent<HTMLElementEventMap['croquet-chat-error']>(el, 'croquet-chat-error');
      el.appId = 'com.example.chat';
      el.box = '';
      el.reflector = 'ws://127.0.0.1:1/reflector';
      expect((await next).detail.message).to.match(/reflector and files/);
      expect(el.status).to.equal('error');
      expect(el.errorMessage).to.match(/reflector and files/);
    });

    it('is offline, not in error, when the server cannot be reached, and keeps what is sent', async () => {
      const el = document.createElement('croquet-chat');
      el.session = uniqueSessionName('unreachable');
      el.box = 'http://127.0.0.1:47/'; // nothing listens there
      const errors: unknown[] = [];
      el.addEventListener('croquet-chat-error', (event) => errors.push(event.detail));
      document.body.append(el);
      try {
        await eventually(() => el.status === 'offline' && el.errorCode === 'unreachable', 'never went offline');
        // The cause is for developers; people see that the chat is offline and when it tries again.
        expect(el.errorMessage).to.contain('http://127.0.0.1:47/');
        await el.updateComplete;
        expect(part(el, 'error')).to.equal(null);
        expect(part(el, 'offline-text')!.textContent).to.match(/^Offline\. Retrying in \d+ s$/);
        expect(el.send('hello later')).to.equal(true);
        await el.updateComplete;
        expect(parts(el, 'pending-message')).to.have.length(1);
        expect(errors).to.deep.equal([]);
      } finally {
        el.remove();
      }
    });

    it('recovers from a configuration error when the configuration is fixed', async () => {
      const el = await fixture<CroquetChat>(html`<croquet-chat></croquet-chat>`);
      await waitForStatus(el, 'error');
      expect(el.errorMessage).to.match(/session/);
      const next = oneEvent<HTMLElementEventMap['croquet-chat-error']>(el, 'croquet-chat-error');
      el.session = 'lobby';
      expect((await next).detail.message).to.match(/box/);
      expect(el.status).to.equal('error');
      expect(el.errorMessage).to.match(/box/);
    });
  });

  describe('accessibility', () => {
    it('is accessible in the error state', async () => {
      const el = await fixture<CroquetChat>(html`<croquet-chat></croquet-chat>`);
      await waitForStatus(el, 'error');
      await expect(el).to.be.accessible();
    });

    // The other statuses need a server (test/chat-session.test.ts checks 'online' for real); here the
    // session controller is stubbed so each status's rendering is checked the same way.
    for (const status of ['offline', 'connecting', 'online', 'reconnecting', 'error'] as ChatStatus[]) {
      it(`renders accessibly when ${status} (controller stubbed)`, async () => {
        const el = await fixture<CroquetChat>(html`<croquet-chat></croquet-chat>`);
        await waitForStatus(el, 'error');
        const chat = (el as unknown as { chat: { status: ChatStatus; error: unknown } }).chat;
        chat.status = status;
        if (status !== 'error') chat.error = null;
        el.requestUpdate();
        await el.updateComplete;
        expect(el.getAttribute('status')).to.equal(status);
        await expect(el).to.be.accessible();
      });
    }
  });
});
