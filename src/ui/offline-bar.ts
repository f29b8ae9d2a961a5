/**
 * The bar an offline `<croquet-chat>` shows under its header: that it is offline, when it tries again
 * (counting down), and a button to try now. A template function of plain data, plus the controller that
 * re-renders the countdown once a second while there is one.
 */
import { html } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';

export interface OfflineBarContent {
  /** When the next try is due (ms since the epoch), or null while a try is under way. */
  readonly retryAt: number | null;
  readonly now: number;
  readonly strings: ChatStrings;
}

export function renderOfflineBar({ retryAt, now, strings }: OfflineBarContent, retryNow: () => void): TemplateResult {
  const seconds = retryAt === null ? 0 : Math.max(1, Math.ceil((retryAt - now) / 1000));
  return html`<div part="offline-bar" class="offline-bar">
    <span part="offline-text" role="status">${retryAt === null ? strings.offlineTrying : strings.offlineRetryIn(seconds)}</span>
    ${retryAt === null ? '' : html`<button part="retry-button" class="retry" type="button" @click=${retryNow}>${strings.retryNow}</button>`}
  </div>`;
}

/** Re-renders its host once a second while `running()` says a countdown is shown; idle otherwise. */
export class CountdownController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly running: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const wanted = this.running();
    if (wanted && this.timer === undefined) this.timer = setInterval(() => this.host.requestUpdate(), 1_000);
    else if (!wanted) this.stop();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
