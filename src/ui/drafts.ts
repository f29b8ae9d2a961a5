/**
 * Unsent drafts, per app and room, in sessionStorage: a reload or a reconnect in this tab gives the
 * composer its text back; another tab starts empty. Without storage a draft lives as long as the page.
 */

/** The storage key of a room's draft. */
export function draftKey(appId: string, session: string): string {
  return `croquet-chat:${appId}:${session}:draft`;
}

export function readDraft(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Stores `text` as the draft; '' forgets it. */
export function writeDraft(key: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(key, text);
    else sessionStorage.removeItem(key);
  } catch {
    // No session storage: the draft lives as long as the page.
  }
}
