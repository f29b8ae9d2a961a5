import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { App, Session, type CroquetSession } from '../src/croquet.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import { ChatModel } from '../src/model/chat-model.js';
import { IDENTIFY_WINDOW_MS, POST_BURST, POST_INTERVAL_MS, WALL_CLOCK_TOLERANCE_MS } from '../src/model/limits.js';
import { IDENTIFY, POST, POST_REFUSED, RENAME, RESET, TYPING, outputScope } from '../src/model/topics.js';
import type { IdentifyPayload, PostPayload, PostRefusedPayload } from '../src/model/topics.js';
import { DEFAULT_APP_ID, DEFAULT_PASSWORD } from '../src/session/chat-session.js';
import { barrier, eventually, part, parts, testBox, typeAndSubmit, uniquePerson, uniqueSessionName, viewOf, waitForStatus } from './helpers.js';
import { SigningView, holdFrames, joiningViewId, newBinding, newPerson, signedAct, signedIdentify } from './signing.js';

// What someone who knows a room's password can do from devtools, now that every event that acts for a
// person is signed by that person's key: two or more real chats (iframes, each a person with a key of
// its own) and an attacker, a Croquet view of this page that publishes whatever it likes into the room
// and reads everything its replica of the room receives. Each attack first shows the honest path
// working, then that the attack changes nothing on any page; an ordering barrier (a marker posted after
// the attack) proves the attack had arrived when the pages are checked.

type PageWindow = Window & typeof globalThis;

/** A chat in an iframe of its own (Croquet's view events are page-global, so one room per page). */
interface Page {
  readonly el: CroquetChat;
  readonly win: PageWindow;
  close(): void;
}

/** The attacker: a view of this page with a key of its own, saying to the room whatever a view can say. */
class Probe extends SigningView {
  /** What the room told this page: posts it refused under flood control. */
  readonly refusals: PostRefusedPayload[] = [];

  constructor(model: ChatModel) {
    super(model, newPerson(), newBinding());
    this.subscribe(outputScope(model.sessionId), POST_REFUSED, (refusal: PostRefusedPayload) => this.refusals.push(refusal));
  }

  post(text: string, viewId = this.viewId): PostPayload {
    return this.act(POST, { text, clientId: `${text} ${Math.random().toString(36).slice(2, 8)}`, wallTime: Date.now() }, viewId);
  }
}

const pages: Page[] = [];
const probes: CroquetSession<Probe>[] = [];
const ghosts: WebSocket[] = [];
const restores: (() => void)[] = [];

afterEach(async () => {
  for (const restore of restores.splice(0)) restore();
  for (const ghost of ghosts.splice(0)) ghost.close(1000);
  for (const page of pages.splice(0)) page.close();
  await Promise.all(probes.splice(0).map((probe) => probe.leave()));
});

/** Opens test/fixtures/peer.html in an iframe with a `<croquet-chat>` of `attributes`; `prepare` runs before it starts. */
async function openPage(attributes: Record<string, string>, prepare?: (win: PageWindow, el: CroquetChat) => void): Promise<Page> {
  const frame = document.createElement('iframe');
  frame.title = 'participant';
  frame.style.cssText = 'width: 400px; height: 200px; border: 0;';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = new URL('./fixtures/peer.html', import.meta.url).href;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as PageWindow;
  await win.customElements.whenDefined('croquet-chat');
  const el = win.document.createElement('croquet-chat');
  for (const [name, value] of Object.entries({ 'user-id': uniquePerson(), ...attributes })) el.setAttribute(name, value);
  prepare?.(win, el);
  win.document.body.append(el);
  const page = { el, win, close: () => frame.remove() };
  pages.push(page);
  return page;
}

async function joinProbe(session: string): Promise<Probe> {
  const app = App as unknown as { root: unknown };
  app.root ??= false; // no Croquet overlays on the test page
  const joined = await Session.join({
    appId: DEFAULT_APP_ID,
    name: session,
    password: DEFAULT_PASSWORD,
    box: testBox(),
    model: ChatModel,
    view: Probe,
    options: {},
    autoSleep: false,
  });
  probes.push(joined);
  return joined.view;
}

/** Makes the probe the person `name`, and waits until its replica says so. */
async function introduce(probe: Probe, name: string): Promise<void> {
  probe.identify(name);
  await eventually(() => probe.identified, 'the room never took the probe for a person');
}

/**
 * An ordering barrier for what the probe said: it posts a marker, which every replica handles after
 * everything the probe published before. Resolves once every chat in `els` renders the marker.
 */
async function probeBarrier(probe: Probe, ...els: CroquetChat[]): Promise<string> {
  const marker = `probe marker ${Math.random().toString(36).slice(2, 8)}`;
  probe.post(marker);
  await eventually(() => els.every((el) => el.messages.some((m) => m.text === marker)), 'the probe\'s marker never reached every page');
  await Promise.all(els.map((el) => el.updateComplete));
  return marker;
}

/**
 * A room with the attacker in it (first, so its replica sees everything) and a chat for Alice and one
 * for Bob, each a person of their own. `prepare` runs on each chat before it starts.
 */
async function room(prefix: string, prepare?: (win: PageWindow, el: CroquetChat) => void): Promise<{ probe: Probe; alice: Page; bob: Page }> {
  const session = uniqueSessionName(prefix);
  const probe = await joinProbe(session);
  const alice = await openPage({ session, box: testBox(), nickname: 'Alice' }, prepare);
  const bob = await openPage({ session, box: testBox(), nickname: 'Bob' }, prepare);
  await waitForStatus(alice.el, 'online');
  await waitForStatus(bob.el, 'online');
  await eventually(() => [alice.el, bob.el].every((el) => el.participants === 3 && el.users.length === 2), 'the chats never saw each other');
  return { probe, alice, bob };
}

/**
 * What this page's replica of the room handles from now on, as the room received it: an attacker in the
 * room sees every event. (A view of this page cannot subscribe to other pages' input: Croquet delivers
 * a view's event to view subscribers of the publishing page only, and to models everywhere.)
 */
function captureInput(): { readonly identifies: IdentifyPayload[]; readonly posts: PostPayload[] } {
  const seen = { identifies: [] as IdentifyPayload[], posts: [] as PostPayload[] };
  const proto = ChatModel.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the model as `this`
  const { identify, newPost } = proto;
  proto.identify = function (this: ChatModel, request: IdentifyPayload) {
    seen.identifies.push(structuredClone(request));
    identify.call(this, request);
  };
  proto.newPost = function (this: ChatModel, post: PostPayload) {
    seen.posts.push(structuredClone(post));
    newPost.call(this, post);
  };
  restores.push(() => Object.assign(proto, { identify, newPost }));
  return seen;
}

/** What the attacker's replica received that `predicate` picks, once it has (it may trail the pages' replicas by a tick). */
async function seenBy<T>(list: readonly T[], predicate: (item: T) => boolean, what: string): Promise<T> {
  await eventually(() => list.some(predicate), `the attacker's replica never saw ${what}`);
  return list.find(predicate)!;
}

/**
 * Joins the room as view `viewId` over a reflector connection of this page's own, which does nothing
 * else. Anyone can: view ids are chosen by clients, and the reflector takes a JOIN's word for them.
 */
async function joinAs(probe: Probe, viewId: string): Promise<void> {
  const ws = new WebSocket(`${testBox().replace(/^http/, 'ws')}reflector/${probe.room.sessionId}`);
  ghosts.push(ws);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  ws.send(JSON.stringify({ id: probe.room.sessionId, action: 'JOIN', args: { version: 1, apiKey: '', ticks: { tick: 1000 }, user: viewId } }));
}

/** The room's history as `el` shows it: kind, author's person id and text of each entry. */
function history(el: CroquetChat): [string, string, string][] {
  return el.messages.map((m) => [m.kind, m.personId, m.text]);
}

/** The view id of `el`'s own view, as the room lists it. */
function viewIdOf(el: CroquetChat): string {
  return el.users.find((user) => user.self)!.viewId;
}


/** The WebSockets the page `win` has sent anything on, from now on, in the order of their first frame. */
function recordSockets(win: PageWindow): WebSocket[] {
  const sockets: WebSocket[] = [];
  const proto = win.WebSocket.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the socket as `this`
  const { send } = proto;
  proto.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (!sockets.includes(this)) sockets.push(this);
    send.call(this, data);
  };
  restores.push(() => (proto.send = send));
  return sockets;
}

/**
 * Cuts the page `win` off the network the way a phone switching networks is: its reflector connection
 * `socket` dies for the page (closed abnormally) while the server still holds it open, and every new
 * connection fails until the returned function brings the network back.
 */
function dropConnection(win: PageWindow, socket: WebSocket): () => void {
  const RealWebSocket = win.WebSocket;
  win.WebSocket = class extends RealWebSocket {
    constructor(_url: string | URL, protocols?: string | string[]) {
      super('ws://127.0.0.1:9/unreachable', protocols);
    }
  };
  const onclose = socket.onclose!;
  socket.onmessage = socket.onerror = socket.onclose = null;
  onclose.call(socket, new CloseEvent('close', { code: 1006, reason: 'network' }));
  return () => {
    win.WebSocket = RealWebSocket;
  };
}

describe('Signed events: what someone with the room\'s password can do from devtools', () => {
  describe('acting for someone else', () => {
    it('stores no post published with Alice\'s view id, unsigned or signed by another key, on any page', async function () {
      this.timeout(30_000);
      const { probe, alice, bob } = await room('forged-post');
      alice.el.send('hello from Alice');
      await eventually(() => bob.el.messages.length === 1, 'Alice\'s post never reached Bob');
      const honest: [string, string, string] = ['post', alice.el.personId, 'hello from Alice'];
      expect(history(bob.el), 'the honest path').to.deep.equal([honest]);

      await introduce(probe, 'Mallory');
      const viewId = viewIdOf(alice.el);
      // All the attacker's replica knows of Alice's view, her binding and her counter included.
      const { binding, counter } = probe.room.views.get(viewId)!;
      const sessionId = probe.room.sessionId;
      const wallTime = Date.now();
      probe.say(POST, { viewId, text: 'unsigned', clientId: 'f1', wallTime });
      probe.say(POST, { viewId, n: counter + 1, text: 'unsigned, counted', clientId: 'f2', wallTime });
      // A real signature, of the attacker's own post.
      probe.say(POST, { viewId, n: counter + 1, text: 'signature of something else', clientId: 'f3', wallTime, sig: probe.post('decoy').sig });
      // The very bytes Alice would sign next (and a counter far ahead), signed by the attacker's key.
      probe.say(POST, signedAct(POST, sessionId, binding, probe.person, { viewId, n: counter + 1, text: 'her bytes, my key', clientId: 'f4', wallTime }));
      probe.say(POST, signedAct(POST, sessionId, binding, probe.person, { viewId, n: 1e9, text: 'far ahead', clientId: 'f5', wallTime }));
      // Signed by the attacker as for its own view, with its own binding and counter.
      probe.post('my binding, her view', viewId);
      const marker = await probeBarrier(probe, alice.el, bob.el);

      const mallory = probe.person.personId;
      for (const el of [alice.el, bob.el]) expect(history(el)).to.deep.equal([honest, ['post', mallory, 'decoy'], ['post', mallory, marker]]);
      // Nothing counted for her view, not even the counter far ahead: her next post goes through.
      alice.el.send('still me');
      await eventually(() => [alice.el, bob.el].every((el) => el.messages.at(-1)?.text === 'still me'), 'Alice\'s next post never arrived');
      expect(bob.el.messages.at(-1)!.personId).to.equal(alice.el.personId);
    });

    it('renames no one, resets nothing and shows no one typing for events published with Alice\'s view id', async function () {
      this.timeout(30_000);
      const { probe, alice, bob } = await room('forged-rename');
      alice.el.send('keep this');
      alice.el.nickname = 'Alicia';
      await eventually(() => bob.el.users.some((user) => user.nickname === 'Alicia'), 'Alice\'s rename never reached Bob');
      const honest = bob.el.messages.map((m) => [m.kind, m.notice ?? m.text]);
      expect(honest, 'the honest path').to.deep.equal([['post', 'keep this'], ['system', { type: 'rename', from: 'Alice', to: 'Alicia' }]]);

      await introduce(probe, 'Mallory');
      const viewId = viewIdOf(alice.el);
      const { binding, counter } = probe.room.views.get(viewId)!;
      const sessionId = probe.room.sessionId;
      const wallTime = Date.now();
      let n = counter;
      for (const [event, data] of [
        [RENAME, { name: 'Mallory was here', wallTime }],
        [RESET, { reason: 'user', wallTime }],
        [TYPING, {}],
      ] as const) {
        probe.say(event, { ...data, viewId }); // unsigned
        probe.say(event, signedAct(event, sessionId, binding, probe.person, { ...data, viewId, n: ++n })); // her bytes, the attacker's key
        probe.act(event, data, viewId); // the attacker's binding and key
      }
      const marker = await probeBarrier(probe, alice.el, bob.el);

      for (const el of [alice.el, bob.el]) {
        expect(el.messages.map((m) => [m.kind, m.notice ?? m.text])).to.deep.equal([...honest, ['post', marker]]);
        expect(el.users.map((user) => user.nickname)).to.have.members(['Alicia', 'Bob', 'Mallory']);
        expect(part(el, 'typing')!.textContent).to.equal('');
      }
      expect(alice.el.nickname).to.equal('Alicia');

      // Her own typing notice and reset, which she signs, do what they say.
      (part(alice.el, 'input') as HTMLTextAreaElement).focus();
      await sendKeys({ type: 'bye' });
      await eventually(() => part(bob.el, 'typing')!.textContent === DEFAULT_STRINGS.typingOne('Alicia'), 'Bob never saw Alice typing');
      expect(alice.el.reset()).to.equal(true);
      await eventually(() => [alice.el, bob.el].every((el) => el.messages.length === 1), 'Alice\'s reset never cleared the room');
      for (const el of [alice.el, bob.el]) expect(el.messages[0].notice).to.deep.equal({ type: 'reset', reason: 'user' });
    });

    it('refuses an identify that claims Alice\'s person id with another key: the view stays no one\'s and its posts are dropped', async function () {
      this.timeout(30_000);
      const { probe, alice, bob } = await room('forged-identify');
      const her = bob.el.users.find((user) => user.nickname === 'Alice')!; // person ids are public
      expect(her.personId, 'the honest path').to.equal(alice.el.personId);

      const sessionId = probe.room.sessionId;
      const claim = { viewId: probe.viewId, person: her.personId, binding: probe.binding, time: probe.now(), name: 'Alice', wallTime: Date.now() };
      probe.say(IDENTIFY, signedIdentify(sessionId, probe.person, claim));
      probe.say(IDENTIFY, { ...claim, sig: '' });
      probe.post('I am Alice');
      // Its own identify, after those: taken only if the view was still no one's.
      await introduce(probe, 'Mallory');
      const marker = await probeBarrier(probe, alice.el, bob.el);

      expect(probe.room.personOf(probe.viewId)).to.equal(probe.person.personId);
      for (const el of [alice.el, bob.el]) {
        expect(history(el)).to.deep.equal([['post', probe.person.personId, marker]]);
        expect(el.users.map((user) => [user.nickname, user.personId, user.views])).to.have.deep.members([
          ['Alice', alice.el.personId, 1],
          ['Bob', bob.el.personId, 1],
          ['Mallory', probe.person.personId, 1],
        ]);
      }
    });

    it('lets no one take Alice\'s place with an identify for her view id sent before she joins: she joins again under a new view id, as herself, and is heard', async function () {
      this.timeout(60_000);
      const session = uniqueSessionName('claimed-view');
      const probe = await joinProbe(session);
      await introduce(probe, 'Mallory');
      const bob = await openPage({ session, box: testBox(), nickname: 'Bob' });
      await waitForStatus(bob.el, 'online');
      const statuses: string[] = [];
      let join!: ReturnType<typeof holdFrames>;
      const alice = await openPage({ session, box: testBox(), nickname: 'Alice' }, (win, el) => {
        join = holdFrames(win, 'JOIN');
        restores.push(() => join.restore());
        el.addEventListener('croquet-chat-status', (event) => statuses.push(event.detail.status));
      });
      // Her page asks the reflector for its view id (the client's word, seen by the whole room once it
      // joins); the attacker, quicker, identifies that view id with its own key before it exists.
      await eventually(() => join.frames.length === 1, 'Alice\'s page never asked to join');
      const claimed = joiningViewId(join.frames[0]);
      probe.say(IDENTIFY, signedIdentify(probe.room.sessionId, probe.person, { viewId: claimed, binding: newBinding(), time: probe.now(), name: 'Mallory', wallTime: Date.now() }));
      const early = await probeBarrier(probe, bob.el);
      expect(alice.el.send('sent while joining'), 'her page takes a post while it joins').to.equal(true);
      join.release();

      await eventually(() => probe.room.views.get(claimed)?.person === probe.person.personId, 'the early identify never took her first view');
      await waitForStatus(alice.el, 'online', 30_000);
      const viewId = viewIdOf(alice.el);
      expect(viewId, 'she joined again under a new view id').to.not.equal(claimed);
      expect(statuses, 'offline while the room held her first view for another key, then online').to.include('offline');
      expect(statuses.at(-1)).to.equal('online');
      alice.el.send('hello from Alice');
      await eventually(() => bob.el.messages.some((m) => m.text === 'hello from Alice'), 'Alice\'s post never reached Bob');
      await eventually(() => !probe.room.views.has(claimed), 'her first view never left the room');
      const marker = await probeBarrier(probe, alice.el, bob.el);

      const mallory = probe.person.personId;
      expect(probe.room.views.get(viewId)).to.include({ person: alice.el.personId, key: alice.el.personId });
      expect(alice.el.nickname).to.equal('Alice');
      expect(alice.el.users.find((user) => user.self), 'her own entry').to.include({ nickname: 'Alice', personId: alice.el.personId, viewId, views: 1 });
      for (const el of [alice.el, bob.el]) {
        // What her page said while the room held her first view for the attacker went out once, from her new view, as hers.
        expect(history(el)).to.deep.equal([
          ['post', mallory, early],
          ['post', alice.el.personId, 'sent while joining'],
          ['post', alice.el.personId, 'hello from Alice'],
          ['post', mallory, marker],
        ]);
        expect(el.messages.filter((m) => m.personId === alice.el.personId).map((m) => m.nickname)).to.deep.equal(['Alice', 'Alice']);
        expect(el.users.map((user) => [user.nickname, user.personId, user.views])).to.have.deep.members([
          ['Alice', alice.el.personId, 1],
          ['Bob', bob.el.personId, 1],
          ['Mallory', mallory, 1],
        ]);
      }
    });
  });

  describe('replays', () => {
    it('stores a captured post once: replayed as it was, renumbered, reworded, or into Alice\'s next stay', async function () {
      this.timeout(40_000);
      const seen = captureInput();
      const { probe, alice, bob } = await room('replay-post');
      await introduce(probe, 'Mallory');
      alice.el.send('pay Bob 5 coins');
      await eventually(() => bob.el.messages.length === 1, 'Alice\'s post never reached Bob');
      const captured = await seenBy(seen.posts, (post) => post.text === 'pay Bob 5 coins', 'her post');
      expect(captured, 'the attacker\'s replica saw her post as the room received it').to.include({ viewId: viewIdOf(alice.el), n: 1 });

      probe.say(POST, captured);
      probe.say(POST, { ...captured, n: captured.n + 1 });
      probe.say(POST, { ...captured, n: captured.n + 1, clientId: 'another' });
      probe.say(POST, { ...captured, n: captured.n + 1, text: 'pay Mallory 500 coins' });
      const first = await probeBarrier(probe, alice.el, bob.el);
      const once: [string, string, string] = ['post', alice.el.personId, 'pay Bob 5 coins'];
      const mallory = probe.person.personId;
      for (const el of [alice.el, bob.el]) expect(history(el)).to.deep.equal([once, ['post', mallory, first]]);

      // Alice reloads: a new view, a new binding. Her old event fits neither.
      const userId = alice.el.userId;
      alice.close();
      await eventually(() => bob.el.users.length === 2, 'Alice never left');
      const again = await openPage({ session: bob.el.session, box: testBox(), 'user-id': userId });
      await waitForStatus(again.el, 'online');
      await eventually(() => bob.el.users.length === 3, 'Alice never came back');
      probe.say(POST, captured);
      probe.say(POST, { ...captured, viewId: viewIdOf(again.el) });
      probe.say(POST, { ...captured, viewId: viewIdOf(again.el), n: 2 });
      const marker = await probeBarrier(probe, again.el, bob.el);

      expect(again.el.personId, 'the same person').to.equal(alice.el.personId);
      for (const el of [again.el, bob.el]) expect(history(el)).to.deep.equal([once, ['post', mallory, first], ['post', mallory, marker]]);
    });

    it('refuses Alice\'s captured identify sent again for her view, for the attacker\'s view or for a view joined under any id', async function () {
      this.timeout(30_000);
      const seen = captureInput();
      const { probe, alice, bob } = await room('replay-identify');
      const viewId = viewIdOf(alice.el);
      const captured = await seenBy(seen.identifies, (request) => request.viewId === viewId, 'her identify');
      expect(captured, 'the attacker\'s replica saw her identify as the room received it').to.include({ person: alice.el.personId });

      await joinAs(probe, 'ghost-view');
      await eventually(() => bob.el.participants === 4, 'the ghost view never joined');
      probe.say(IDENTIFY, captured);
      probe.say(IDENTIFY, { ...captured, viewId: probe.viewId });
      probe.say(IDENTIFY, { ...captured, viewId: 'ghost-view' });
      probe.say(IDENTIFY, { ...captured, viewId: 'ghost-view', binding: newBinding() });
      // The attacker's own identify, after those: taken only if its view was still no one's.
      await introduce(probe, 'Mallory');
      const marker = await probeBarrier(probe, alice.el, bob.el);

      for (const el of [alice.el, bob.el]) {
        expect(history(el)).to.deep.equal([['post', probe.person.personId, marker]]);
        expect(el.participants, 'the ghost view is counted, as no one').to.equal(4);
        expect(el.users.map((user) => [user.nickname, user.views])).to.have.deep.members([['Alice', 1], ['Bob', 1], ['Mallory', 1]]);
      }
    });

    it(`refuses Alice's old identify for a later join of her view id, soon after and once its binding is forgotten (${IDENTIFY_WINDOW_MS / 1000} s)`, async function () {
      this.timeout(90_000);
      const seen = captureInput();
      const { probe, alice, bob } = await room('replay-join');
      await introduce(probe, 'Mallory');
      const viewId = viewIdOf(alice.el);
      const captured = await seenBy(seen.identifies, (request) => request.viewId === viewId, 'her identify');
      alice.close();
      await eventually(() => bob.el.participants === 2, 'Alice never left');

      // Her view id joins again (view ids are the client's word) and her identify follows.
      await joinAs(probe, viewId);
      await eventually(() => bob.el.participants === 3, 'her view id never joined again');
      probe.say(IDENTIFY, captured);
      await probeBarrier(probe, bob.el);
      expect(bob.el.users.map((user) => user.nickname), 'soon after').to.have.members(['Bob', 'Mallory']);
      expect(bob.el.participants, 'her view id is counted, as no one').to.equal(3);

      // Later: the room no longer remembers her binding (an identify after the window let it go).
      ghosts.pop()!.close(1000);
      await eventually(() => bob.el.participants === 2, 'the view never left');
      const arrived = probe.room.usedBindings.get(captured.binding)!;
      await eventually(() => probe.now() > arrived + IDENTIFY_WINDOW_MS, 'the identify window never passed', IDENTIFY_WINDOW_MS + 15_000);
      const carol = await openPage({ session: bob.el.session, box: testBox(), nickname: 'Carol' });
      await waitForStatus(carol.el, 'online');
      await eventually(() => !probe.room.usedBindings.has(captured.binding), 'the room still remembers her binding');
      await joinAs(probe, viewId);
      await eventually(() => bob.el.participants === 4, 'her view id never joined again');
      probe.say(IDENTIFY, captured);
      const marker = await probeBarrier(probe, bob.el, carol.el);

      for (const el of [bob.el, carol.el]) {
        expect(el.users.map((user) => user.nickname), 'once her binding is forgotten').to.have.members(['Bob', 'Mallory', 'Carol']);
        expect(el.messages.at(-1)!.text).to.equal(marker);
      }
    });

    it(`keeps Alice gone when her old identify comes for her view id, joined again at once, after the window (${IDENTIFY_WINDOW_MS / 1000} s) has let her binding go`, async function () {
      this.timeout(90_000);
      const seen = captureInput();
      const { probe, alice, bob } = await room('replay-late');
      await introduce(probe, 'Mallory');
      const viewId = viewIdOf(alice.el);
      const captured = await seenBy(seen.identifies, (request) => request.viewId === viewId, 'her identify');
      const herId = alice.el.personId;
      alice.close();
      await eventually(() => bob.el.participants === 2, 'Alice never left');
      const sightings: string[][] = [];
      bob.el.addEventListener('croquet-chat-presence', (event) => {
        if (event.detail.users.some((user) => user.personId === herId)) sightings.push(event.detail.users.map((user) => user.nickname));
      });

      // Her view id joins again at once, well within the window of her identify's time, and stays.
      await joinAs(probe, viewId);
      await eventually(() => bob.el.participants === 3, 'her view id never joined again');
      // The scenario needs model time to pass the window, after which the next identify (Carol's) lets her binding go.
      const arrived = probe.room.usedBindings.get(captured.binding)!;
      await eventually(() => probe.now() > arrived + IDENTIFY_WINDOW_MS, 'the identify window never passed', IDENTIFY_WINDOW_MS + 15_000);
      const carol = await openPage({ session: bob.el.session, box: testBox(), nickname: 'Carol' });
      await waitForStatus(carol.el, 'online');
      await eventually(() => !probe.room.usedBindings.has(captured.binding), 'the room still remembers her binding');
      probe.say(IDENTIFY, captured);
      const marker = await probeBarrier(probe, bob.el, carol.el);

      expect(probe.room.views.get(viewId), 'her view id is present, as no one').to.include({ person: '', key: '' });
      expect(sightings, 'Bob never saw Alice present again').to.deep.equal([]);
      for (const el of [bob.el, carol.el]) {
        expect(el.users.map((user) => user.nickname)).to.have.members(['Bob', 'Mallory', 'Carol']);
        expect(el.participants, 'her view id is counted, as no one').to.equal(4);
        expect(el.messages.at(-1)!.text).to.equal(marker);
      }
    });
  });

  describe('outages', () => {
    /**
     * Alice's page loses its connection for `outageMs` while the server keeps holding it open, posts after,
     * and is in the room once. Returns whether Croquet rebuilt her view under the same view id.
     */
    async function outageServerNeverNoticed(outageMs: number): Promise<boolean> {
      const seen = captureInput();
      const session = uniqueSessionName('blip');
      const probe = await joinProbe(session);
      let sockets: WebSocket[] = [];
      const alice = await openPage({ session, box: testBox(), nickname: 'Alice' }, (win) => (sockets = recordSockets(win)));
      const bob = await openPage({ session, box: testBox(), nickname: 'Bob' });
      await waitForStatus(alice.el, 'online');
      await waitForStatus(bob.el, 'online');
      await eventually(() => bob.el.users.length === 2, 'Alice and Bob never met');
      const viewId = viewIdOf(alice.el);
      alice.el.send('before');
      await eventually(() => bob.el.messages.length === 1, 'Alice\'s post never reached Bob');
      const before = probe.room.views.get(viewId)!;
      const statuses: string[] = [];
      alice.el.addEventListener('croquet-chat-status', (event) => statuses.push(event.detail.status));

      const dropped = sockets.find((socket) => socket.url.includes('/reflector/'))!;
      const reconnect = dropConnection(alice.win, dropped);
      await waitForStatus(alice.el, 'reconnecting');
      // The outage is the scenario, so a fixed wait. Between Croquet's rejoinLimit (1 s) and
      // RECONNECT_TIMEOUT_MS (5 s), Croquet rebuilds the view under the same view id; past 5 s the page joins
      // anew with a new view id. Which way it goes near those bounds depends on timing (a loaded machine may
      // take past 5 s): what the people see must not. (test/chat-model.test.ts binds a view anew directly.)
      await new Promise((resolve) => setTimeout(resolve, outageMs));
      reconnect();
      await waitForStatus(alice.el, 'online', 20_000);
      expect(statuses.at(-1)).to.equal('online');
      const rebuilt = viewOf(alice.el).viewId === viewId;
      if (rebuilt) {
        // Croquet rebuilt the view under the same id: the room never saw it leave, and bound it anew to her.
        const after = probe.room.views.get(viewId)!;
        expect(after.joinedAt, 'the room never saw her view leave').to.equal(before.joinedAt);
        const bindings = seen.identifies.filter((request) => request.viewId === viewId).map((request) => request.binding);
        expect(after, 'the room bound her view anew, to her').to.include({ person: alice.el.personId, key: alice.el.personId, binding: bindings.at(-1) });
      } else {
        // The page joined anew. After a real outage its old connection is dead, and the server's heartbeat
        // ends it with no goodbye (the view leaves after the leave delay). The socket this test detached is
        // still open, and the browser answers the server's pings itself, so the test ends it the same way:
        // a close that is not a departure (code 3000), which the server treats like a missed pong.
        dropped.close(3000, 'outage');
      }

      alice.el.send('after the blip');
      await eventually(() => bob.el.messages.some((m) => m.text === 'after the blip'), 'Alice\'s post after the blip never reached Bob');
      const marker = await barrier(alice.el, bob.el);
      for (const el of [alice.el, bob.el]) {
        expect(history(el)).to.deep.equal([
          ['post', alice.el.personId, 'before'],
          ['post', alice.el.personId, 'after the blip'],
          ['post', alice.el.personId, marker],
        ]);
        // A page that joined anew is in the room once its old view has left.
        await eventually(() => el.users.find((user) => user.nickname === 'Alice')?.views === 1, 'Alice stayed in the room twice');
        expect(el.users.map((user) => [user.nickname, user.views])).to.have.deep.members([['Alice', 1], ['Bob', 1]]);
      }
      return rebuilt;
    }

    it('delivers Alice\'s post once after a 2.5 s outage the server never noticed (Croquet rebuilds her view under the same view id, or the page joins anew)', async function () {
      this.timeout(60_000);
      await outageServerNeverNoticed(2500);
    });

    it('keeps Alice in the room once after a 7 s outage: the page joins anew, and the session it left does not reconnect behind it', async function () {
      this.timeout(60_000);
      // Past RECONNECT_TIMEOUT_MS (5 s) the element leaves the session and joins again under a new view id.
      // Croquet had a reconnection of the old session scheduled; left running, it brought her back twice.
      expect(await outageServerNeverNoticed(7000), 'the page joined anew').to.equal(false);
    });
  });

  describe('the room\'s clock', () => {
    it(`stamps Alice's post at most ${WALL_CLOCK_TOLERANCE_MS / 60_000} minutes ahead of her clock after another member walks the room's clock forward with 320 refused resets`, async function () {
      this.timeout(60_000);
      const { probe, alice, bob } = await room('walked-clock');
      await introduce(probe, 'Mallory');
      // Each step is within the tolerance of the room's estimate after the step before; together 24 hours.
      const STEP = WALL_CLOCK_TOLERANCE_MS - 30_000;
      const start = Date.now();
      for (let k = 1; k <= 320; k++) probe.act(RESET, { reason: 'no such reason', wallTime: start + k * STEP });
      await probeBarrier(probe, alice.el, bob.el);

      const sentAt = Date.now();
      alice.el.send('what time is it?');
      await eventually(() => [alice.el, bob.el].every((el) => el.messages.some((m) => m.text === 'what time is it?')), 'Alice\'s post never arrived');
      const stamps = [alice.el, bob.el].map((el) => el.messages.find((m) => m.text === 'what time is it?')!.wallTime);
      expect(stamps[0], 'the same stamp on every page').to.equal(stamps[1]);
      expect(stamps[0] - sentAt, 'at most the tolerance (and a second of delivery) ahead of her clock').to.be.at.most(WALL_CLOCK_TOLERANCE_MS + 1_000);
      expect(bob.el.messages.filter((m) => m.kind === 'system'), 'the resets were refused').to.deep.equal([]);
    });
  });

  describe('floods', () => {
    it(`stores at most a burst (${POST_BURST}) and its refill of 300 signed posts sent at once, the same on every page, and keeps what was said before`, async function () {
      this.timeout(60_000);
      const { probe, alice, bob } = await room('flood');
      const before = ['good morning', 'the minutes are up', 'see you at noon'];
      for (const text of before) alice.el.send(text);
      await eventually(() => bob.el.messages.length === before.length, 'Alice\'s posts never reached Bob');
      await introduce(probe, 'Mallory');

      const FLOOD = 300;
      for (let i = 1; i <= FLOOD; i++) probe.post(`flood ${i}`);
      // Every flood post is counted (stored or refused) on the attacker's replica before Alice's marker goes out.
      await eventually(() => probe.room.views.get(probe.viewId)!.counter === FLOOD, 'the flood never arrived', 40_000);
      const marker = await barrier(alice.el, bob.el);

      const mallory = probe.person.personId;
      const stored = bob.el.messages.filter((m) => m.personId === mallory);
      const refused = probe.refusals.filter((refusal) => refusal.personId === mallory);
      const span = stored.at(-1)!.time - stored[0].time;
      expect(stored.length, 'the burst').to.be.at.least(POST_BURST);
      expect(stored.length, `the burst and its refill over the ${span} ms the flood took`).to.be.at.most(POST_BURST + Math.floor(span / POST_INTERVAL_MS));
      expect(stored.length + refused.length, 'each one stored or refused').to.equal(FLOOD);
      expect(stored.slice(0, POST_BURST).map((m) => m.text)).to.deep.equal(['flood 1', 'flood 2', 'flood 3', 'flood 4', 'flood 5']);
      expect(history(alice.el), 'the same on every page').to.deep.equal(history(bob.el));
      expect(bob.el.messages.map((m) => m.id), 'the same entries').to.deep.equal(alice.el.messages.map((m) => m.id));
      const hers = bob.el.messages.filter((m) => m.personId === alice.el.personId).map((m) => m.text);
      expect(hers, 'the conversation before the flood, and Alice after it').to.deep.equal([...before, marker]);
    });

    it('delivers ten lines sent at once through the composer whole and in order under the default pace, saying when the next goes', async function () {
      this.timeout(40_000);
      const session = uniqueSessionName('paste');
      const alice = await openPage({ session, box: testBox(), nickname: 'Alice' });
      const bob = await openPage({ session, box: testBox(), nickname: 'Bob' });
      await waitForStatus(alice.el, 'online');
      await waitForStatus(bob.el, 'online');
      await eventually(() => bob.el.users.length === 2, 'Alice and Bob never met');
      const shown = new Set<string>();
      const observer = new MutationObserver(() => {
        const pacing = part(alice.el, 'pacing');
        if (pacing) shown.add(pacing.textContent ?? '');
      });
      observer.observe(alice.el.shadowRoot!, { subtree: true, childList: true, characterData: true });

      // Ten lines, each put into the composer and sent at once (a paste of ten lines into the composer
      // would be one post of ten lines: the composer sends its draft whole).
      const lines = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`);
      for (const line of lines) typeAndSubmit(alice.el, line);
      await eventually(() => bob.el.messages.length === lines.length, `only ${bob.el.messages.length} lines reached Bob`, 30_000);
      await eventually(() => part(alice.el, 'pacing') === null && parts(alice.el, 'pending-message').length === 0, 'Alice\'s page still waits');
      observer.disconnect();

      for (const el of [alice.el, bob.el]) expect(history(el)).to.deep.equal(lines.map((line) => ['post', alice.el.personId, line]));
      expect([...shown].length, 'a pacing line while the lines past the burst waited').to.be.at.least(1);
      expect([DEFAULT_STRINGS.nextPostIn(1), DEFAULT_STRINGS.nextPostIn(2)]).to.include.members([...shown]);
    });
  });

  describe('person ids', () => {
    it('gives each page its person id, a public key announced before it joins and shown on its users entry and posts: one per user-id, shared by two tabs', async function () {
      this.timeout(40_000);
      const session = uniqueSessionName('person-id');
      const announced = new Map<CroquetChat, [string, string][]>();
      const listen = (_win: PageWindow, el: CroquetChat) => {
        announced.set(el, []);
        el.addEventListener('croquet-chat-identity', (event) => announced.get(el)!.push([event.detail.personId, el.status]));
      };
      const aliceId = uniquePerson();
      const alice = await openPage({ session, box: testBox(), 'user-id': aliceId, nickname: 'Alice' }, listen);
      const bob = await openPage({ session, box: testBox(), nickname: 'Bob' }, listen);
      await waitForStatus(alice.el, 'online');
      await waitForStatus(bob.el, 'online');
      alice.el.send('from Alice');
      bob.el.send('from Bob');
      await eventually(() => [alice.el, bob.el].every((el) => el.messages.length === 2), 'the posts never arrived');

      for (const el of [alice.el, bob.el]) {
        expect(el.personId).to.match(/^[A-Za-z0-9_-]{43}$/);
        expect(announced.get(el), 'announced once, before the room was joined').to.deep.equal([[el.personId, 'connecting']]);
        for (const other of [alice.el, bob.el]) {
          expect(other.users.find((user) => user.nickname === el.nickname)!.personId).to.equal(el.personId);
          expect(other.messages.find((m) => m.nickname === el.nickname)!.personId).to.equal(el.personId);
        }
      }
      expect(alice.el.personId).to.not.equal(bob.el.personId);

      // A second tab of Alice's: the same key, so the same person.
      const tab = await openPage({ session, box: testBox(), 'user-id': aliceId }, listen);
      await waitForStatus(tab.el, 'online');
      await eventually(() => bob.el.users.find((user) => user.personId === alice.el.personId)?.views === 2, 'the second tab never counted');
      tab.el.send('from the other tab');
      await eventually(() => [alice.el, bob.el, tab.el].every((el) => el.messages.length === 3), 'the post never arrived');
      expect(tab.el.personId).to.equal(alice.el.personId);
      for (const el of [alice.el, bob.el, tab.el]) {
        expect(el.users.map((user) => [user.nickname, user.personId, user.views])).to.have.deep.members([
          ['Alice', alice.el.personId, 2],
          ['Bob', bob.el.personId, 1],
        ]);
        expect(el.messages.at(-1)).to.include({ personId: alice.el.personId, nickname: 'Alice', self: el !== bob.el });
      }
    });
  });
});
