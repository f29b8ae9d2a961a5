/**
 * Keyboard movement inside a menu-like list of items (the actions menus, the reaction picker): the
 * arrows move and wrap, Home and End jump, Escape closes only this list (not a form or dialog around it).
 */

/** The extra keys that move forward and back (a horizontal picker adds ArrowRight/ArrowLeft, mirrored in RTL). */
export interface MenuKeys {
  readonly forward?: string;
  readonly backward?: string;
}

/** Handles `event` for `items`; returns true when it was one of the list's keys (the event is then consumed). */
export function handleMenuKey(event: KeyboardEvent, items: readonly HTMLElement[], close: () => void, keys: MenuKeys = {}): boolean {
  const current = items.indexOf(event.target as HTMLElement);
  let next: number;
  switch (event.key) {
    case keys.forward:
    case 'ArrowDown':
      next = (current + 1) % items.length;
      break;
    case keys.backward:
    case 'ArrowUp':
      next = (current - 1 + items.length) % items.length;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = items.length - 1;
      break;
    case 'Escape':
      event.preventDefault();
      event.stopPropagation();
      close();
      return true;
    default:
      return false;
  }
  event.preventDefault();
  items[next]?.focus();
  return true;
}
