/**
 * Keeps the log pinned to the newest message while the reader is at the bottom, counts what arrives
 * while they are not (for the "N new messages" button), and counts unread messages from others (while
 * scrolled up, while the page is hidden, or while the log is out of sight in a closed launcher panel) for
 * the badge.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatMessage } from '../types.js';

/** Within this many pixels of the bottom counts as "at the bottom". */
const BOTTOM_SLACK_PX = 16;

export class LogScrollController implements ReactiveController {
  /** Messages from others since the reader scrolled up (the new-messages button). */
  newMessages = 0;
  /** Messages from others that arrived unseen: while scrolled up, while the page was hidden, or while concealed. */
  unread = 0;

  private pinned = true;
  /** The log is out of sight (a closed launcher panel): everything from others is unread meanwhile. */
  private concealed = false;
  /** The log came back into sight: show the newest once it is laid out again. */
  private revealed = false;
  /** The log's height when the observer last saw it. */
  private laidOutHeight = 0;
  /** Where keepPinned last scrolled to: the scroll event that move fires is not the reader's. */
  private pinnedScrollTop: number | null = null;
  /** Entries arrived since the last render: pin in hostUpdated, before the next paint. */
  private entriesAdded = false;
  /** The log and its list: whatever changes their size (a taller composer, pending posts) keeps a pinned log down. */
  private readonly resized = new ResizeObserver(() => this.keepPinned());
  private observed: HTMLElement | undefined;
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible' && this.pinned && !this.concealed) this.setUnread(0);
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly log: () => HTMLElement | null | undefined,
    private readonly unreadChanged: (unread: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.resized.disconnect();
    this.observed = undefined;
  }

  /** New entries reached the log. Own posts bring the reader back to the bottom. */
  added(messages: readonly ChatMessage[]): void {
    this.entriesAdded = true;
    if (messages.some((message) => message.self)) {
      this.pin();
      return;
    }
    const fromOthers = messages.filter((message) => message.kind === 'post').length;
    if (fromOthers === 0) return;
    if (!this.pinned) this.newMessages += fromOthers;
    if (!this.pinned || this.concealed || document.visibilityState === 'hidden') this.setUnread(this.unread + fromOthers);
    this.host.requestUpdate();
  }

  /**
   * The reader scrolled: pinned again at the bottom (and everything is read), or free above it. A log that
   * got shorter (a taller composer) fires scroll too, before the observer: that one keeps it pinned.
   */
  scrolled(): void {
    const log = this.log();
    if (!log) return;
    if (this.pinned && (log.clientHeight !== this.laidOutHeight || log.scrollTop === this.pinnedScrollTop)) {
      // Our own move, reported after the content grew again (a late joiner's history, fonts, avatars):
      // still pinned, down to the new bottom.
      this.keepPinned();
      return;
    }
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < BOTTOM_SLACK_PX;
    if (atBottom === this.pinned) return;
    this.pinned = atBottom;
    anchorUnlessPinned(log, atBottom);
    if (atBottom) this.caughtUp();
  }

  /**
   * The log went out of sight (true) or came back (false). Coming back shows the newest message and
   * counts as reading, as scrolling down to it does.
   */
  setConcealed(concealed: boolean): void {
    if (concealed === this.concealed) return;
    this.concealed = concealed;
    if (concealed) return;
    this.revealed = true;
    this.pin();
    this.host.requestUpdate();
  }

  /** The new-messages button: jump to the newest message. */
  jumpToNewest(): void {
    this.pin();
    const log = this.log();
    const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    log?.scrollTo({ top: log.scrollHeight, behavior: reduce ? 'auto' : 'smooth' });
  }

  /**
   * After a render with new entries (or that brought the log back into sight), a pinned log shows the
   * newest at once. Other renders read no layout (the first paint is not held up by a forced layout);
   * size changes reach keepPinned through the observer.
   */
  hostUpdated(): void {
    const log = this.log() ?? undefined;
    if (log !== this.observed) this.observe(log);
    if (!this.entriesAdded && !this.revealed) return;
    this.entriesAdded = false;
    this.revealed = false;
    this.keepPinned();
  }

  private observe(log: HTMLElement | undefined): void {
    this.resized.disconnect();
    this.observed = log;
    if (!log) return;
    this.resized.observe(log);
    const list = log.querySelector('ol');
    if (list) this.resized.observe(list);
  }

  private keepPinned(): void {
    const log = this.log();
    this.laidOutHeight = log?.clientHeight ?? 0;
    if (log) anchorUnlessPinned(log, this.pinned);
    if (log && this.pinned && log.scrollHeight - log.scrollTop - log.clientHeight > 1) {
      log.scrollTop = log.scrollHeight;
      this.pinnedScrollTop = log.scrollTop;
    }
  }

  /** Forget the room (another room, or leaving): nothing is unread any more. */
  reset(): void {
    this.pinned = true;
    this.caughtUp();
  }

  private pin(): void {
    this.pinned = true;
    this.caughtUp();
  }

  private caughtUp(): void {
    const changed = this.newMessages !== 0;
    this.newMessages = 0;
    if (document.visibilityState !== 'hidden' && !this.concealed) this.setUnread(0);
    if (changed) this.host.requestUpdate();
  }

  private setUnread(unread: number): void {
    if (unread === this.unread) return;
    this.unread = unread;
    this.unreadChanged(unread);
    this.host.requestUpdate();
  }
}

/**
 * The browser's scroll anchoring keeps what a reader scrolled up to in place when rows above it go (the
 * oldest leaving a full history). At the bottom it would fight the pinning: on a first layout it moves a
 * pinned log up by what grew above the anchor, which reads as the reader scrolling away.
 */
function anchorUnlessPinned(log: HTMLElement, pinned: boolean): void {
  const anchoring = pinned ? 'none' : '';
  if (log.style.overflowAnchor !== anchoring) log.style.overflowAnchor = anchoring;
}
