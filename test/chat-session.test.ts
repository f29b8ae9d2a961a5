import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { BUSY_ROOM, eventually, onlineChat, part, parts, renderedTexts, testBox, typeAndSubmit, uniqueSessionName, waitForStatus } from './helpers.js';

// One participant per room, through real Croquet sessions on the project's own server.

describe('<croquet-chat> in a room', () => {
  it('joins, gets a nickname from the food list, and is accessible online', async () => {
    const el = await onlineChat();
    expect(el.getAttribute('status')).to.equal('online');
    expect(el.nickname).to.match(/^[A-Z][a-z]+$/);
    expect(el.participants).to.equal(1);
    expect(el.users.map((user) => user.nickname)).to.deep.equal([el.nickname]);
    await el.updateComplete;
    expect(part(el, 'nickname')!.textContent).to.contain(el.nickname);
    expect(part(el, 'participants')!.textContent).to.contain('1');
    expect(part(el, 'status')!.textContent).to.equal('Online');
    // Online: the composer is enabled; its send button waits for some text.
    const composer = el.shadowRoot!.querySelector('croquet-chat-composer')!;
    expect(composer.disabled).to.equal(false);
    const input = part(el, 'input') as HTMLTextAreaElement;
    input.value = 'hi';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await composer.updateComplete;
    expect((part(el, 'send-button') as HTMLButtonElement).disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('takes no post for the old room once the page moved it to another, and none leaks there later', async function () {
    this.timeout(30_000);
    const first = uniqueSessionName('moved-from');
    const el = await onlineChat(first);
    const second = uniqueSessionName('moved-to');
    const inNewRoom = new Promise<void>((resolve) => el.addEventListener('croquet-chat-status', (event) => event.detail.status === 'online' && resolve()));
    el.session = second;
    expect(el.send('meant for the new room'), 'refused until the new room is open').to.equal(false);
    await inNewRoom;
    expect(renderedTexts(el)).to.not.include('meant for the new room');
    expect(sessionStorage.getItem(`croquet-chat:${el.appId}:${first}:${el.userId}:outbox`) ?? '[]', 'nothing waits for the old room').to.equal('[]');
    expect(el.send('now it goes'), 'the new room takes posts').to.equal(true);
    await eventually(() => renderedTexts(el).includes('now it goes'), 'the post never arrived');
  });

  it('draws nothing of Croquet on the page and keeps the URL', async () => {
    const url = location.href;
    const before = document.head.children.length;
    const bodyBefore = [...document.body.children];
    const el = await onlineChat();
    el.send('hello');
    await eventually(() => el.messages.length === 1, 'message never arrived');
    expect(location.href).to.equal(url);
    expect(document.head.children.length).to.equal(before);
    expect(document.querySelector('#croquet_spinnerOverlay, #croquet_dock, .toastify, canvas')).to.equal(null);
    const added = [...document.body.children].filter((child) => !bodyBefore.includes(child));
    expect(added).to.deep.equal([el.parentElement]); // only the test fixture's container, holding only the chat
    expect([...el.parentElement!.children]).to.deep.equal([el]);
    expect(document.querySelector('[id^="croquet"], [class^="croquet"]')).to.equal(null);
  });

  it('shows a post in the log with author, text and time, and fires croquet-chat-message', async () => {
    const el = await onlineChat();
    const event = oneEvent<HTMLElementEventMap['croquet-chat-message']>(el, 'croquet-chat-message');
    typeAndSubmit(el, '  hello world  ');
    const { detail } = await event;
    expect(detail.message).to.include({ kind: 'post', text: 'hello world', nickname: el.nickname, own: true, id: 1 });
    expect(detail.message.time).to.be.a('number');
    await el.updateComplete;
    expect((part(el, 'input') as HTMLInputElement).value).to.equal('');
    const [message] = parts(el, 'message');
    expect(message.getAttribute('part')).to.equal('message own-message');
    expect(message.querySelector('[part~="author"]')!.textContent).to.equal(el.nickname);
    expect(message.querySelector('[part~="text"]')!.textContent).to.equal('hello world');
    expect(message.querySelector('[part~="time"]')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(el.messages).to.have.length(1);
    expect(Object.isFrozen(el.messages[0])).to.equal(true);
  });

  it('ignores blank posts and cuts long ones to 2000 characters in the model', async () => {
    const el = await onlineChat();
    expect(el.send('   ')).to.equal(false);
    el.send(`${'x'.repeat(2500)}`);
    el.send('last');
    await eventually(() => el.messages.length === 2, 'posts never arrived');
    expect(el.messages[0].text).to.have.length(2000);
    expect(el.messages[1].text).to.equal('last');
  });

  it('lets a croquet-chat-send listener cancel the post', async () => {
    const el = await onlineChat();
    const input = part(el, 'input') as HTMLInputElement;
    el.addEventListener('croquet-chat-send', (event) => event.detail.text === 'blocked' && event.preventDefault());
    const first = oneEvent<HTMLElementEventMap['croquet-chat-send']>(el, 'croquet-chat-send');
    typeAndSubmit(el, 'blocked');
    expect((await first).detail.text).to.equal('blocked');
    expect(input.value).to.equal('blocked'); // kept for the user to edit
    typeAndSubmit(el, 'allowed');
    await eventually(() => el.messages.length === 1, 'allowed post never arrived');
    expect(el.messages.map((message) => message.text)).to.deep.equal(['allowed']);
    expect(renderedTexts(el)).to.deep.equal(['allowed']);
  });

  it('shows markup as text and runs none of it', async () => {
    const el = await onlineChat();
    const alerts: unknown[] = [];
    const originalAlert = window.alert.bind(window);
    window.alert = (message?: unknown) => alerts.push(message);
    try {
      // An image with an empty src fails without the network: its onerror is queued at once.
      const payloads = ['<img src=x onerror=alert(1)>', '<img src onerror=alert(2)>', '&lt;b&gt;', '<script>alert(3)</script>', '<b>bold</b>'];
      for (const text of payloads) el.send(text);
      await eventually(() => el.messages.length === payloads.length, 'posts never arrived');
      await el.updateComplete;
      expect(renderedTexts(el)).to.deep.equal(payloads);
      expect(el.shadowRoot!.querySelector('img, script:not([type]), b')).to.equal(null);
      // A control that does what a wrong renderer would do: parse such a post as markup in this document.
      // Its image fails at once and its onerror runs, in a task queued after those of any image the element
      // made of the posts while rendering them: by the control's alert, theirs would have come.
      document.createElement('div').innerHTML = '<img src onerror="alert(\'control\')">';
      await eventually(() => alerts.length > 0, 'the control image never ran its onerror');
      expect(alerts).to.deep.equal(['control']);
    } finally {
      window.alert = originalAlert;
    }
  });

  it('adds only the new message\'s nodes to the log', async () => {
    const el = await onlineChat(undefined, {}, undefined, BUSY_ROOM); // the sixth post goes at once, not paced
    for (let i = 1; i <= 5; i++) el.send(`m${i}`);
    await eventually(() => el.messages.length === 5, 'posts never arrived');
    await el.updateComplete;
    const before = parts(el, 'message');
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((list) => records.push(...list));
    observer.observe(part(el, 'log')!, { subtree: true, childList: true, characterData: true, attributes: true });
    el.send('m6');
    await eventually(() => el.messages.length === 6, 'post never arrived');
    await el.updateComplete;
    records.push(...observer.takeRecords());
    observer.disconnect();
    const after = parts(el, 'message');
    expect(after.slice(0, 5)).to.deep.equal(before); // the same nodes, not re-created
    const added = records.flatMap((record) => [...record.addedNodes]);
    const removed = records.flatMap((record) => [...record.removedNodes]);
    expect(removed).to.deep.equal([]);
    expect(added.filter((node) => node.nodeType === Node.ELEMENT_NODE)).to.deep.equal([after[5]]);
    expect(records.filter((record) => record.type !== 'childList')).to.deep.equal([]);
  });

  it('keeps at most 100 entries, dropping the oldest', async function () {
    this.timeout(60_000);
    const el = await onlineChat(undefined, {}, undefined, BUSY_ROOM);
    for (let i = 1; i <= 105; i++) el.send(`message ${i}`);
    await eventually(() => el.messages.at(-1)?.text === 'message 105', 'the 105th post never arrived', 45_000);
    await el.updateComplete;
    expect(el.messages).to.have.length(100);
    expect(el.messages[0].text).to.equal('message 6');
    expect(el.messages.map((message) => message.id)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 6));
    expect(parts(el, 'message')).to.have.length(100);
    expect(renderedTexts(el)[0]).to.equal('message 6');
  });

  it('resets on /reset, leaving one system entry with the reason', async () => {
    const el = await onlineChat();
    el.send('one');
    el.send('two');
    await eventually(() => el.messages.length === 2, 'posts never arrived');
    const event = oneEvent<HTMLElementEventMap['croquet-chat-message']>(el, 'croquet-chat-message');
    typeAndSubmit(el, '/reset');
    expect((await event).detail.message).to.include({ kind: 'system', text: 'Chat reset at user request' });
    await eventually(() => el.messages.length === 1, 'history was not reset');
    expect(el.messages[0]).to.include({ kind: 'system', text: 'Chat reset at user request', viewId: '', nickname: '' });
    await el.updateComplete;
    expect(parts(el, 'system-message')).to.have.length(1);
    expect(renderedTexts(el)).to.deep.equal(['Chat reset at user request']);
    // the reset() method does the same
    el.send('three');
    await eventually(() => el.messages.length === 2, 'post never arrived');
    expect(el.reset()).to.equal(true);
    await eventually(() => el.messages.length === 1 && el.messages[0].id > 3, 'reset() did not reset');
  });

  it('resets after the inactivity timeout, through future() and lastPostTime', async function () {
    this.timeout(30_000);
    // The model takes its timeout from init() options; 1.5 s of model time instead of 20 minutes.
    const TIMEOUT = 1500;
    const el = await fixture<CroquetChat>(
      html`<croquet-chat session=${uniqueSessionName('idle')} box=${testBox()} .modelOptions=${{ inactivityTimeout: TIMEOUT }}></croquet-chat>`,
    );
    await waitForStatus(el, 'online');
    el.send('first');
    await eventually(() => el.messages.length === 1, 'first post never arrived');
    const first = el.messages[0];
    // A later post inside the first one's window must postpone the reset. One sent as soon as the first
    // is here can land in the same millisecond of model time (then both would end at once, and nothing
    // would show the postponing): post again until one lands later.
    let second = first;
    for (let posts = 2; second.time === first.time; posts++) {
      el.send(`second ${posts}`);
      await eventually(() => el.messages.length === posts, `post ${posts} never arrived`);
      second = el.messages[posts - 1];
    }
    expect(el.messages.every((m) => m.kind === 'post'), 'no reset came between the posts: they are inside the first one\'s window').to.equal(true);
    await eventually(() => el.messages[0]?.kind === 'system', 'no inactivity reset', 10_000);
    const [reset] = el.messages;
    expect(el.messages).to.have.length(1);
    expect(reset.text).to.equal('Chat reset due to inactivity');
    // Exactly one timeout after the LAST post: the first post's future message found a later post and did nothing.
    expect(reset.time).to.equal(second.time + TIMEOUT);
  });

  it('causes no Lit dev-mode warnings while joining, posting and leaving', async () => {
    const warnings: unknown[][] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args);
      originalWarn.apply(console, args);
    };
    try {
      const el = await onlineChat();
      el.send('hello');
      await eventually(() => el.messages.length === 1, 'post never arrived');
      el.session = uniqueSessionName('other');
      await waitForStatus(el, 'online');
      el.remove();
      await waitForStatus(el, 'offline');
    } finally {
      console.warn = originalWarn;
    }
    expect(warnings.filter((args) => /lit|update/i.test(String(args[0])))).to.deep.equal([]);
  });

  it('keeps two rooms on one page apart', async () => {
    const [a, b] = await Promise.all([onlineChat(uniqueSessionName('a')), onlineChat(uniqueSessionName('b'))]);
    a.send('for room a');
    b.send('for room b');
    await eventually(() => a.messages.length === 1 && b.messages.length === 1, 'posts never arrived');
    a.send('a again');
    await eventually(() => a.messages.length === 2, 'post never arrived');
    await a.updateComplete;
    await b.updateComplete;
    expect(renderedTexts(a)).to.deep.equal(['for room a', 'a again']);
    expect(renderedTexts(b)).to.deep.equal(['for room b']);
    expect(a.participants).to.equal(1);
    expect(b.participants).to.equal(1);
  });

  it('switches rooms when session changes', async () => {
    const el = await onlineChat(uniqueSessionName('first'));
    el.send('in the first room');
    await eventually(() => el.messages.length === 1, 'post never arrived');
    const statuses: string[] = [];
    el.addEventListener('croquet-chat-status', (event) => statuses.push(event.detail.status));
    el.session = uniqueSessionName('second');
    await eventually(() => statuses.includes('connecting'), 'never reconnected');
    await waitForStatus(el, 'online');
    expect(el.messages).to.deep.equal([]);
    await el.updateComplete;
    expect(renderedTexts(el)).to.deep.equal([]);
  });

  it('refuses a second element for a room already open on this page', async () => {
    const session = uniqueSessionName('twice');
    await onlineChat(session);
    const second = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()}></croquet-chat>`);
    await waitForStatus(second, 'error');
    expect(second.errorCode).to.equal('conflict');
  });

  it('leaves when removed and rejoins when added again', async () => {
    const el = await onlineChat();
    const parent = el.parentElement!;
    el.remove();
    await waitForStatus(el, 'offline');
    expect(el.participants).to.equal(0);
    parent.append(el);
    await waitForStatus(el, 'online');
    expect(el.participants).to.be.at.least(1);
  });
});
