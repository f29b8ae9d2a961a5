/**
 * Light dismiss for a non-modal popover (the participant list): a press anywhere outside the region that
 * holds it and its toggle closes it. Focus moving elsewhere does not: a person may tab on, or switch to
 * another frame, and come back to the list.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

export class LightDismissController implements ReactiveController {
  private listening = false;

  constructor(
    private readonly host: Host,
    private readonly isOpen: () => boolean,
    /** The region a press may land in without closing (the popover and its toggle). */
    private readonly region: () => Element | null | undefined,
    private readonly close: () => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.isOpen() !== this.listening) this.listen(!this.listening);
  }

  hostDisconnected(): void {
    this.listen(false);
  }

  private listen(on: boolean): void {
    this.listening = on;
    if (on) this.host.ownerDocument.addEventListener('pointerdown', this.onPointerDown, true);
    else this.host.ownerDocument.removeEventListener('pointerdown', this.onPointerDown, true);
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    const region = this.region();
    if (region && !event.composedPath().includes(region)) this.close();
  };
}
