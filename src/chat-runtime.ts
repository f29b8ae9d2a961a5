/**
 * Loads Croquet together with the chat's model and view, on first use.
 *
 * Evaluating Croquet reads the page URL, touches localStorage, starts an interval and patches
 * `Date`/`Math`, so the element must not evaluate it when it is imported. This module is the seam:
 * a dynamic `import()`, which the drop-in build turns into a separate, preloaded file
 * (dist/drop-in/runtime-<hash>.js, see rollup.config.mjs).
 */
export async function loadChatRuntime(): Promise<typeof import('./chat-view.js')> {
  await afterNextPaint();
  return import('./chat-view.js');
}

/** Longest wait for a frame: a page that renders no frames must not hold the chat back. */
const PAINT_WAIT_MS = 100;

/**
 * Resolves once the browser has painted the next frame. Evaluating Croquet blocks the main thread for
 * tens of ms; doing it after the paint lets the visitor see the widget's frame first, while the runtime
 * file is still arriving. Hidden pages render no frames, so they do not wait.
 */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || globalThis.document?.visibilityState !== 'visible') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, PAINT_WAIT_MS);
    requestAnimationFrame(() =>
      // rAF runs just before the frame is painted; the next task runs after it.
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}
