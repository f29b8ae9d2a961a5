import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import { shouldNotify, shouldSound } from '../src/ui/notifications.js';
import type { ChatMessage } from '../src/types.js';
import type { Peer } from './helpers.js';
import { eventually, focusedPart, onlineChat, openPeer, part, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// The opt-in title badge, sound and desktop notifications, as a person away from the page meets them:
// this page is really hidden (another tab comes to the front), a peer in an iframe writes. The browser's
// AudioContext and Notification are replaced by recording fakes, so nothing sounds or pops up.

const PAGE_TITLE = 'Notifications test page';

/** Hides this page behind another tab, or shows it again. */
async function setPageHidden(hidden: boolean): Promise<void> {
  const state = await executeServerCommand<unknown, { visible: boolean }>('croquet-chat-page-visibility', { visible: !hidden });
  expect(state).to.equal(hidden ? 'hidden' : 'visible');
}

/** Clicks the middle of `element` with the real mouse (a user gesture for the browser). */
async function click(element: Element): Promise<void> {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
}

// (Booleans rather than elements in assertions: a failing assertion about a live element never reports.)
const hasNotifyButton = (el: CroquetChat) => part(el, 'notify-button') !== null;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<croquet-chat> notifications', () => {
  let peers: Peer[] = [];
  afterEach(async () => {
    await setPageHidden(false);
    for (const peer of peers) peer.close();
    peers = [];
    document.title = PAGE_TITLE;
  });
  before(() => {
    document.title = PAGE_TITLE;
  });

  /** `el`-to-be (with `extra` set) and a peer named `peerName` in one fresh room, both online and seeing each other. */
  async function room(extra: Partial<CroquetChat>, peerName = 'Alice'): Promise<{ el: CroquetChat; peer: CroquetChat }> {
    const session = uniqueSessionName('notify');
    const el = await onlineChat(session, extra);
    const peer = await openPeer({ session, box: testBox(), nickname: peerName });
    peers.push(peer);
    await waitForStatus(peer.el, 'online');
    await eventually(() => el.users.length === 2, 'the peer never arrived');
    return { el, peer: peer.el };
  }

  /** `from` posts `text`, and it reaches `el` (slowly while this page is hidden: it steps on the reflector's ticks). */
  async function postAndSee(from: CroquetChat, text: string, el: CroquetChat): Promise<void> {
    expect(from.send(text), `send "${text}"`).to.equal(true);
    await eventually(() => el.messages.some((message) => message.text === text), `"${text}" never arrived`, 20_000);
    await el.updateComplete;
  }

  describe('title badge', () => {
    it('counts posts from others in the title while the page is hidden, and gives the title back exactly', async function () {
      this.timeout(60_000);
      const { el, peer } = await room({ titleBadge: true });
      await postAndSee(peer, 'seen while here', el);
      expect(document.title, 'nothing while the page is in front').to.equal(PAGE_TITLE);
      await setPageHidden(true);
      await postAndSee(peer, 'one', el);
      expect(document.title).to.equal(`(1) ${PAGE_TITLE}`);
      await postAndSee(el, 'my own post counts for nothing', el);
      expect(document.title).to.equal(`(1) ${PAGE_TITLE}`);
      await postAndSee(peer, 'two', el);
      expect(document.title).to.equal(`(2) ${PAGE_TITLE}`);
      await setPageHidden(false);
      await eventually(() => document.title === PAGE_TITLE, `the title stayed "${document.title}"`);
      await el.updateComplete;
      expect(el.unread).to.equal(0);
    });

    it('keeps a title the page set meanwhile and takes off only its count', async function () {
      this.timeout(60_000);
      const { el, peer } = await room({ titleBadge: true });
      await setPageHidden(true);
      await postAndSee(peer, 'hello', el);
      expect(document.title).to.equal(`(1) ${PAGE_TITLE}`);
      document.title = 'The page moved on';
      await eventually(() => document.title === '(1) The page moved on', `the count did not come back in front: "${document.title}"`);
      await setPageHidden(false);
      await eventually(() => document.title === 'The page moved on', `the title became "${document.title}"`);
    });

    it('shows the sum of several chats on the page once', async function () {
      this.timeout(60_000);
      const first = await room({ titleBadge: true }, 'Ann');
      const second = await room({ titleBadge: true }, 'Bea');
      await setPageHidden(true);
      await postAndSee(first.peer, 'from the first room', first.el);
      await postAndSee(second.peer, 'from the second room', second.el);
      expect(document.title).to.equal(`(2) ${PAGE_TITLE}`);
      await setPageHidden(false);
      await eventually(() => document.title === PAGE_TITLE, `the title stayed "${document.title}"`);
    });

    it('leaves the title alone without title-badge', async function () {
      this.timeout(60_000);
      const { el, peer } = await room({});
      await setPageHidden(true);
      await postAndSee(peer, 'hello', el);
      expect(el.unread).to.equal(1);
      expect(document.title).to.equal(PAGE_TITLE);
    });
  });

  describe('sound', () => {
    /** A Web Audio stand-in that records each sound (when it starts and stops) and the loudest gain ever set. */
    class FakeAudioContext {
      static made = 0;
      static sounds: { start: number; stop: number }[] = [];
      static loudest = 0;
      readonly state = 'running';
      readonly currentTime = 10;
      readonly destination = {};
      constructor() {
        FakeAudioContext.made += 1;
      }
      resume(): Promise<void> {
        return Promise.resolve();
      }
      createGain() {
        const note = (value: number) => (FakeAudioContext.loudest = Math.max(FakeAudioContext.loudest, value));
        return { gain: { setValueAtTime: note, exponentialRampToValueAtTime: note, linearRampToValueAtTime: note }, connect: <T>(node: T) => node };
      }
      createOscillator() {
        const ignore = () => undefined;
        const sound = { start: NaN, stop: NaN };
        return {
          type: 'sine',
          frequency: { setValueAtTime: ignore, exponentialRampToValueAtTime: ignore, linearRampToValueAtTime: ignore },
          connect: <T>(node: T) => node,
          start: (at: number) => {
            sound.start = at;
            FakeAudioContext.sounds.push(sound);
          },
          stop: (at: number) => (sound.stop = at),
        };
      }
    }
    const realAudioContext = window.AudioContext;
    before(() => {
      window.AudioContext = FakeAudioContext as unknown as typeof AudioContext;
    });
    after(() => {
      window.AudioContext = realAudioContext;
    });

    // First in the file: nothing before it may click or type (the page's user activation is sticky).
    it('makes no sound and no audio context before the person interacted with the page', async function () {
      this.timeout(60_000);
      const { el, peer } = await room({ sound: true });
      await setPageHidden(true);
      await postAndSee(peer, 'while nobody touched the page', el);
      expect(FakeAudioContext.made, 'an audio context').to.equal(0);
      expect(FakeAudioContext.sounds).to.have.length(0);
    });

    it('after a click, sounds short and quiet for posts from others while hidden, at most once a second', async function () {
      this.timeout(60_000);
      const { el, peer } = await room({ sound: true });
      await click(part(el, 'log')!);
      expect(FakeAudioContext.made, 'the click made the audio context').to.equal(1);
      await setPageHidden(true);
      const arrivals: number[] = [];
      el.addEventListener('croquet-chat-message', () => arrivals.push(performance.now()));
      for (const text of ['one', 'two', 'three']) peer.send(text);
      await eventually(() => el.unread === 3, 'the posts never arrived', 20_000);
      // Sent at once, they arrive within a second unless the machine is very busy; then a second sound is right.
      const spread = arrivals.at(-1)! - arrivals[0];
      const most = Math.min(3, Math.floor(spread / 1000) + 1); // sounds at least a second apart fit in the spread
      expect(FakeAudioContext.sounds.length, `three posts within ${Math.round(spread)} ms`).to.be.within(1, most);
      const [sound] = FakeAudioContext.sounds;
      expect(sound.stop - sound.start, 'under a second').to.be.above(0).and.below(1);
      expect(FakeAudioContext.loudest, 'quiet').to.be.above(0).and.at.most(0.1);
      await pause(1100);
      const sounded = FakeAudioContext.sounds.length;
      await postAndSee(el, 'my own post is silent', el);
      expect(FakeAudioContext.sounds).to.have.length(sounded);
      await postAndSee(peer, 'a while later', el);
      expect(FakeAudioContext.sounds, 'a second later it sounds again').to.have.length(sounded + 1);
    });

    it('is silent while the page is in front, and without sound', async function () {
      this.timeout(60_000);
      const before = FakeAudioContext.sounds.length;
      const { el, peer } = await room({ sound: true });
      await pause(1100);
      await postAndSee(peer, 'while you are here', el);
      expect(FakeAudioContext.sounds).to.have.length(before);
      el.sound = false;
      await setPageHidden(true);
      await postAndSee(peer, 'while away, sound off', el);
      expect(FakeAudioContext.sounds).to.have.length(before);
    });

    it('sounds for a post that mentions this person even while the page is in front', async function () {
      this.timeout(60_000);
      const { el, peer } = await room({ sound: true, nickname: 'Quill' });
      await eventually(() => el.nickname === 'Quill', 'the room never called this person Quill');
      await click(part(el, 'log')!);
      await pause(1100);
      const before = FakeAudioContext.sounds.length;
      await postAndSee(peer, 'hello, Quill without the at', el);
      expect(FakeAudioContext.sounds, 'no mention, page in front: silent').to.have.length(before);
      await pause(1100);
      await postAndSee(peer, 'over to you, @quill', el);
      expect(FakeAudioContext.sounds, 'a mention sounds').to.have.length(before + 1);
    });
  });

  describe('desktop notifications', () => {
    /** A Notification stand-in: the permission, the requests for it, and what was shown. */
    class FakeNotification extends EventTarget {
      static permission: NotificationPermission = 'default';
      /** What the person answers when asked. */
      static answer: NotificationPermission = 'granted';
      static requests = 0;
      static shown: FakeNotification[] = [];
      static requestPermission(): Promise<NotificationPermission> {
        FakeNotification.requests += 1;
        FakeNotification.permission = FakeNotification.answer;
        return Promise.resolve(FakeNotification.permission);
      }
      closed = false;
      constructor(
        readonly title: string,
        readonly options: NotificationOptions = {},
      ) {
        super();
        FakeNotification.shown.push(this);
      }
      close(): void {
        this.closed = true;
      }
    }
    const realNotification = Object.getOwnPropertyDescriptor(window, 'Notification')!;
    before(() => {
      Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
    });
    after(() => {
      Object.defineProperty(window, 'Notification', realNotification);
    });
    beforeEach(() => {
      FakeNotification.permission = 'default';
      FakeNotification.requests = 0;
      FakeNotification.shown = [];
    });

    it('asks for permission only when the person clicks "Turn on notifications"', async function () {
      this.timeout(30_000);
      const el = await onlineChat(uniqueSessionName('notify-ask'), { notify: 'all' });
      await el.updateComplete;
      expect(FakeNotification.requests, 'asked on load').to.equal(0);
      const button = part(el, 'notify-button') as HTMLButtonElement;
      expect(button.textContent?.trim()).to.equal(DEFAULT_STRINGS.turnOnNotifications);
      await expect(el).to.be.accessible();
      await click(button);
      await eventually(() => FakeNotification.requests === 1, 'the click did not ask');
      await el.updateComplete;
      expect(hasNotifyButton(el), 'answered, the button goes').to.equal(false);
      expect(focusedPart(el), 'focus goes to the composer').to.equal('input');
    });

    it('shows no button without notify, or once the person has answered', async () => {
      const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('notify-none')} box=${testBox()} user-id=${uniquePerson()}></croquet-chat>`);
      expect(hasNotifyButton(el)).to.equal(false);
      el.notify = 'mentions';
      await el.updateComplete;
      expect(hasNotifyButton(el)).to.equal(true);
      for (const answered of ['granted', 'denied'] as const) {
        FakeNotification.permission = answered;
        el.requestUpdate();
        await el.updateComplete;
        expect(hasNotifyButton(el), answered).to.equal(false);
      }
      expect(FakeNotification.requests).to.equal(0);
    });

    it('notifies of posts from others while hidden, with their name, their text and the room', async function () {
      this.timeout(60_000);
      FakeNotification.permission = 'granted';
      const { el, peer } = await room({ notify: 'all' });
      await postAndSee(peer, 'while you are here', el);
      expect(FakeNotification.shown, 'none while the page is in front').to.have.length(0);
      await setPageHidden(true);
      await postAndSee(peer, 'hello there', el);
      await postAndSee(el, 'my own post', el);
      await postAndSee(peer, '/me waves', el);
      expect(FakeNotification.shown.map(({ title, options }) => [title, options.body])).to.deep.equal([
        ['Alice', 'hello there'],
        ['Alice', '* Alice waves'],
      ]);
      const [first, second] = FakeNotification.shown;
      expect(first.options.tag).to.include(el.session);
      expect(second.options.tag, 'one room, one tag: the newest replaces the last').to.equal(first.options.tag);
      await setPageHidden(false);
      second.dispatchEvent(new Event('click'));
      await eventually(() => focusedPart(el) === 'input', 'clicking the notification did not put focus in the composer');
      expect(second.closed).to.equal(true);
    });

    it('with notify="mentions", notifies only of posts that mention this person', async function () {
      this.timeout(60_000);
      FakeNotification.permission = 'granted';
      const { el, peer } = await room({ notify: 'mentions', nickname: 'Zora' });
      await eventually(() => el.nickname === 'Zora', 'the room never called this person Zora');
      await setPageHidden(true);
      await postAndSee(peer, 'hello everyone', el);
      await postAndSee(peer, 'Zora without the at', el);
      await postAndSee(peer, 'not @Zorander', el);
      await postAndSee(peer, 'over to you, @zora!', el);
      expect(FakeNotification.shown.map(({ options }) => options.body)).to.deep.equal(['over to you, @zora!']);
    });

    it('the mention rule: a post from someone else whose mentions list this person', () => {
      const post = { kind: 'post', self: false, pending: false, deleted: false, mentions: ['zora-id'] } as unknown as ChatMessage;
      expect(shouldNotify(post, 'mentions', 'zora-id', true)).to.equal(true);
      expect(shouldNotify({ ...post, mentions: ['someone-else'] }, 'mentions', 'zora-id', true), 'another person').to.equal(false);
      expect(shouldNotify({ ...post, mentions: [] }, 'mentions', 'zora-id', true), 'nobody').to.equal(false);
      expect(shouldNotify(post, 'mentions', 'zora-id', false), 'the page in front').to.equal(false);
      expect(shouldNotify(post, 'mentions', '', true), 'before the person is known').to.equal(false);
      expect(shouldNotify({ ...post, deleted: true }, 'mentions', 'zora-id', true), 'removed').to.equal(false);
      expect(shouldSound(post, false, 'zora-id'), 'a mention sounds while the page is in front').to.equal(true);
      expect(shouldSound({ ...post, mentions: [] }, false, 'zora-id'), 'any other post only while hidden').to.equal(false);
      expect(shouldSound({ ...post, mentions: [] }, true, 'zora-id')).to.equal(true);
    });
  });
});
