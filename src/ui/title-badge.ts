/**
 * The unread count in front of the page's title while the page is hidden: "(3) My page". Page-wide, so
 * several chats on one page show their sum once. Only our prefix is ever added or removed: a title the
 * page sets meanwhile is kept (and prefixed while hidden), and the page's own title comes back exactly.
 */

/** Each chat's unread count (chats with none are left out). */
const counts = new Map<object, number>();
/** The page's own title text while ours is shown, or null while the title is the page's. */
let pageTitle: string | null = null;
/** Whether the page had no title element until we wrote one (restoring then removes it). */
let createdTitle = false;
/** The exact title text we last wrote. */
let shown = '';
let listening = false;
const titleChanges = new MutationObserver(() => sync());

/** Sets `owner`'s unread count (0 to take it out of the sum, as when its element leaves the page). */
export function setTitleCount(owner: object, count: number): void {
  if (count > 0) counts.set(owner, count);
  else counts.delete(owner);
  if (counts.size > 0 && !listening) {
    listening = true;
    document.addEventListener('visibilitychange', sync);
  } else if (counts.size === 0 && listening) {
    listening = false;
    document.removeEventListener('visibilitychange', sync);
  }
  sync();
}

/** The prefix for `total` unread messages. */
export function titlePrefix(total: number): string {
  return `(${total}) `;
}

function sync(): void {
  let total = 0;
  for (const count of counts.values()) total += count;
  if (total > 0 && document.visibilityState === 'hidden') show(total);
  else restore();
}

/** The element `document.title` reads and writes: the first HTML `<title>` (an SVG one does not count). */
function titleElement(): HTMLTitleElement | undefined {
  return [...document.getElementsByTagName('title')].find((element) => element instanceof HTMLTitleElement);
}

function show(total: number): void {
  const current = titleElement()?.textContent ?? null;
  if (pageTitle === null) {
    pageTitle = current ?? '';
    createdTitle = current === null;
    titleChanges.observe(document.head ?? document.documentElement, { childList: true, subtree: true, characterData: true });
  } else if (current !== shown) {
    // The page changed its title while ours showed: that is its title now.
    pageTitle = current ?? '';
  }
  const title = titlePrefix(total) + pageTitle;
  if (current === title) return;
  shown = title;
  document.title = title;
}

function restore(): void {
  if (pageTitle === null) return;
  titleChanges.disconnect();
  const element = titleElement();
  const current = element?.textContent ?? null;
  if (current === shown) {
    if (createdTitle && pageTitle === '') element?.remove();
    else document.title = pageTitle;
  }
  // Otherwise the page set a title of its own after ours, which stays as it is.
  pageTitle = null;
  shown = '';
}
