/** Waiting for the widget's first frame to reach the screen, so work that can wait does not hold it back. */

/** Longest wait for a frame: a page that renders no frames must not hold the chat back. */
const PAINT_WAIT_MS = 100;

/**
 * Resolves once the browser has painted the next frame. Evaluating Croquet blocks the main thread for
 * tens of ms, and the first use of storage costs ms too; doing them after the paint lets the visitor see
 * the widget's frame first, while the runtime file is still arriving. Hidden pages render no frames, so
 * they do not wait.
 */
export function afterNextPaint(): Promise<void> {
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
