/**
 * Loads Croquet together with the chat's model and view, on first use.
 *
 * Evaluating Croquet reads the page URL, touches localStorage, starts an interval and patches
 * `Date`/`Math`, so the element must not evaluate it when it is imported. This module is the seam:
 * with tsc output it is a plain dynamic `import()`; the drop-in rollup bundle replaces it with an
 * inlined factory that evaluates the same code on the first call (see rollup.config.mjs).
 */
export function loadChatRuntime(): Promise<typeof import('./chat-view.js')> {
  return import('./chat-view.js');
}
