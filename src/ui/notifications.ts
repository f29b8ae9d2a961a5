/**
 * Opt-in ways to learn of posts from others while the page is hidden: the unread count in the page's
 * title (`title-badge`, see title-badge.ts), a short quiet sound (`sound`) and desktop notifications
 * (`notify`); a post that mentions the person (its `mentions` list their id) sounds even while the page is
 * shown. All are off by default. Neither the sound nor the permission prompt ever starts on its own: audio
 * waits for a gesture on the page, and the permission is asked only from a click on our button.
 */
import { html, nothing, svg } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { meAction } from './chat-log.js';
import { mentionsPerson } from './mention-highlight.js';
import { setTitleCount } from './title-badge.js';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatMessage } from '../types.js';

/** `all`: a notification for every post from others while the page is hidden; `mentions`: only for those that mention this person. */
export type NotifyMode = '' | 'all' | 'mentions';

/** The element's opt-ins, read whenever they matter. */
export interface NotifyingHost extends ReactiveControllerHost {
  readonly titleBadge: boolean;
  readonly sound: boolean;
  readonly notify: NotifyMode;
}

/** What the controller needs to know about the chat, and may ask of it. */
export interface NotificationContext {
  /** This person's id ('' before it is known): posts whose `mentions` list it mention them. */
  personId(): string;
  /** Names the room (app id and session): its notifications share a tag, so each replaces the last. */
  room(): string;
  /** Unread messages from others (the element's `unread`). */
  unread(): number;
  /** The element's words (a post with only an image is notified as "Image: its alt text"). */
  strings(): ChatStrings;
  /** A notification was clicked, or the permission button went away: put the person in the composer. */
  focusComposer(): void;
}

/** At most one sound per this many milliseconds, however many posts arrive. */
const SOUND_GAP_MS = 1000;

/** A post someone else wrote (not a notice, a presence line, one of ours, or a removed one). */
function fromOthers(message: ChatMessage): boolean {
  return message.kind === 'post' && !message.self && !message.pending && !message.deleted;
}

function pageHidden(): boolean {
  return document.visibilityState === 'hidden';
}

/**
 * Whether `message` should make a sound (with `sound` on): a post from others while the page is hidden,
 * and one that mentions this person (`personId`) even while it is shown.
 */
export function shouldSound(message: ChatMessage, hidden: boolean, personId: string): boolean {
  return fromOthers(message) && (hidden || mentionsPerson(message, personId));
}

/** Whether `message` should show a desktop notification under `mode`, for the person `personId`. */
export function shouldNotify(message: ChatMessage, mode: NotifyMode, personId: string, hidden: boolean): boolean {
  if (!hidden || !fromOthers(message)) return false;
  if (mode === 'all') return true;
  return mode === 'mentions' && mentionsPerson(message, personId);
}

/** A notification's text: the post as written, a `/me waves` as "* Alice waves". */
export function notificationBody(message: ChatMessage, strings: ChatStrings): string {
  if (message.text === '' && message.image) return strings.imageLabel(message.image.alt);
  const action = meAction(message.text);
  return action === null ? message.text : `* ${message.nickname} ${action}`;
}

function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

// One AudioContext for the page, made in the handler of the first click or key press after `sound` is
// on (browsers keep audio from starting before the person interacted with the page; made any earlier, it
// would stay suspended, and Chrome warns in the console), and the time of the last sound, so several chats
// still sound once a second at most.
let audio: AudioContext | undefined;
let lastSoundAt = -Infinity;
let waitingForGesture = false;

const gestureEvents = ['pointerdown', 'keydown'] as const;

function unlockAudio(): void {
  for (const type of gestureEvents) window.removeEventListener(type, unlockAudio, true);
  waitingForGesture = false;
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') audio.resume().catch(() => undefined);
  } catch {
    // No audio here (or not allowed): stay silent.
    audio = undefined;
  }
}

function waitForGesture(): void {
  if (audio || waitingForGesture) return;
  waitingForGesture = true;
  for (const type of gestureEvents) window.addEventListener(type, unlockAudio, { capture: true, passive: true });
}

/** A soft two-step "ding": a sine wave under a quick gain envelope, a quarter of a second. */
function playSound(): void {
  const now = performance.now();
  if (!audio || now - lastSoundAt < SOUND_GAP_MS) return;
  lastSoundAt = now;
  try {
    const start = audio.currentTime;
    const tone = audio.createOscillator();
    const envelope = audio.createGain();
    tone.type = 'sine';
    tone.frequency.setValueAtTime(880, start);
    tone.frequency.setValueAtTime(660, start + 0.08);
    envelope.gain.setValueAtTime(0.0001, start);
    envelope.gain.exponentialRampToValueAtTime(0.06, start + 0.01);
    envelope.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
    tone.connect(envelope).connect(audio.destination);
    tone.start(start);
    tone.stop(start + 0.26);
  } catch {
    // A closed or broken context: stay silent.
  }
}

const bellIcon = svg`<path d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6zm-2.5 15.5a2.5 2.5 0 0 0 5 0z" fill="currentColor"/>`;

export class NotificationsController implements ReactiveController {
  constructor(
    private readonly host: NotifyingHost,
    private readonly context: NotificationContext,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    setTitleCount(this, this.host.titleBadge ? this.context.unread() : 0);
    if (this.host.sound) waitForGesture();
  }

  hostDisconnected(): void {
    setTitleCount(this, 0);
  }

  /** Entries arrived while online (the element's `croquet-chat-message` ones): sound and notify as asked. */
  added(messages: readonly ChatMessage[]): void {
    const hidden = pageHidden();
    const { sound, notify } = this.host;
    const personId = this.context.personId();
    if (sound && messages.some((message) => shouldSound(message, hidden, personId))) playSound();
    if (!notify || !notificationsSupported() || Notification.permission !== 'granted') return;
    // One room's notifications replace each other, so of several at once only the newest would show.
    const latest = messages.filter((message) => shouldNotify(message, notify, personId, hidden)).at(-1);
    if (latest) this.showNotification(latest);
  }

  /** While `notify` is set and the person has not been asked yet: the button that asks (a click is the only way). */
  renderButton(strings: ChatStrings): TemplateResult | typeof nothing {
    if (!this.host.notify || !notificationsSupported() || Notification.permission !== 'default') return nothing;
    return html`<button part="notify-button" class="notify-button" type="button" @click=${this.askPermission}>
      <svg viewBox="0 0 24 24" aria-hidden="true">${bellIcon}</svg>${strings.turnOnNotifications}
    </button>`;
  }

  private readonly askPermission = async (): Promise<void> => {
    try {
      await Notification.requestPermission();
    } catch {
      // Refused outright (e.g. in an insecure context): the button stays for another try.
    }
    this.host.requestUpdate();
    // The button goes once answered: focus moves on rather than falling back to the page.
    if (Notification.permission !== 'default') this.context.focusComposer();
  };

  private showNotification(message: ChatMessage): void {
    try {
      const notification = new Notification(message.nickname, { body: notificationBody(message, this.context.strings()), tag: `croquet-chat ${this.context.room()}` });
      notification.addEventListener('click', () => {
        window.focus();
        this.context.focusComposer();
        notification.close();
      });
    } catch {
      // Some browsers (Chrome on Android) show notifications only from a service worker.
    }
  }
}
