/**
 * Loads Croquet together with the chat's model and view, on first use.
 *
 * Evaluating Croquet reads the page URL, touches localStorage, starts an interval and patches
 * `Date`/`Math`, so the element must not evaluate it when it is imported. This module is the seam:
 * a dynamic `import()`, which the drop-in build turns into a separate, preloaded file
 * (dist/drop-in/runtime-<hash>.js, see rollup.config.mjs).
 */
export function loadChatRuntime(): Promise<typeof import('./chat-view.js')> {
  return import('./chat-view.js');
}
