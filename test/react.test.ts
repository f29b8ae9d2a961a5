import { expect } from '@open-wc/testing';
import React from 'react';
import ReactDOMClient from 'react-dom/client';
import { CroquetChat } from '../src/frameworks/react.js';
import type { CroquetChatElement } from '../src/frameworks/react.js';
import { eventually, renderedTexts, testBox, typeAndSubmit, uniqueSessionName } from './helpers.js';

// The @lit/react wrapper rendered by React 19 (react-dom/client) against the local server.

// React.act() flushes a render; React asks for this flag before it trusts act() outside its own test tools.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('croquet-chat/react', () => {
  let container: HTMLElement;
  let root: ReactDOMClient.Root;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = ReactDOMClient.createRoot(container);
  });

  afterEach(() => {
    root.unmount();
    container.remove();
  });

  it('renders <croquet-chat> and delivers status, presence, send and message events to the callbacks', async () => {
    const calls: string[] = [];
    const ref = React.createRef<CroquetChatElement>();
    root.render(
      React.createElement(CroquetChat, {
        ref,
        session: uniqueSessionName('react'),
        box: testBox(),
        placeholder: 'Say something',
        onStatus: (event) => calls.push(`status ${event.detail.status}`),
        onPresence: (event) => calls.push(`presence ${event.detail.participants}`),
        onSend: (event) => calls.push(`send ${event.detail.text}`),
        onMessage: (event) => calls.push(`message ${event.detail.message.text}`),
        onError: (event) => calls.push(`error ${event.detail.code}`),
      }),
    );
    await eventually(() => ref.current !== null, 'React never rendered the element');
    const el = ref.current!;
    expect(el.localName).to.equal('croquet-chat');
    expect(el.placeholder).to.equal('Say something'); // props reach the element's properties
    await eventually(() => calls.includes('status online'), `never online: ${calls.join(', ')}`, 15_000);
    await eventually(() => calls.includes('presence 1'), `no presence: ${calls.join(', ')}`);

    typeAndSubmit(el, 'hello from React');
    await eventually(() => calls.includes('message hello from React'), `no message: ${calls.join(', ')}`);
    expect(calls).to.include('send hello from React');
    expect(calls.indexOf('send hello from React')).to.be.lessThan(calls.indexOf('message hello from React'));
    expect(calls.filter((call) => call.startsWith('error'))).to.deep.equal([]);
  });

  it('delivers the error event, and a re-render swaps the callback', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const render = (sink: string[]) =>
      React.act(() => {
        root.render(React.createElement(CroquetChat, { session: '', box: testBox(), onError: (event) => sink.push(event.detail.code) }));
        return Promise.resolve(); // an async act: it flushes effects before the returned promise resolves
      });
    await render(first); // no room name: a configuration error
    await eventually(() => first.length === 1, 'onError was not called');
    expect(first).to.deep.equal(['config']);

    await render(second);
    const el = container.querySelector('croquet-chat')!;
    el.dispatchEvent(new CustomEvent('croquet-chat-error', { detail: { code: 'unknown', message: 'a test' } }));
    expect(second).to.deep.equal(['unknown']);
    expect(first).to.deep.equal(['config']);
  });

  it('lets onSend cancel a post', async () => {
    const ref = React.createRef<CroquetChatElement>();
    const messages: string[] = [];
    root.render(
      React.createElement(CroquetChat, {
        ref,
        session: uniqueSessionName('react-cancel'),
        box: testBox(),
        onSend: (event) => event.preventDefault(),
        onMessage: (event) => messages.push(event.detail.message.text),
      }),
    );
    await eventually(() => ref.current?.status === 'online', 'never online', 15_000);
    typeAndSubmit(ref.current!, 'kept back');
    ref.current!.send('posted by the page'); // send() is not user input: no croquet-chat-send
    await eventually(() => messages.includes('posted by the page'), 'send() did not post');
    expect(messages).to.not.include('kept back');
    expect(renderedTexts(ref.current!)).to.not.include('kept back');
  });
});
