/* global document -- the evaluate callback runs in the page */
// A test-runner command that really hides the test page: another tab comes to the front of the page's
// browser context, so the page gets visibilitychange and `document.visibilityState === 'hidden'` the way
// a background tab does (Chromium stops its animation frames; Croquet then steps on reflector ticks).
// Faking document.visibilityState in the page instead would leave those frames running.

/**
 * `executeServerCommand('croquet-chat-page-visibility', {visible: false, url?, script?})` covers the page with a
 * tab (opened at `url`, where `script`, an async function body, then runs: a participant of its own, in a tab
 * that is really in front); `{script}` alone runs more in that tab; `{visible: true}` closes it. Resolves to
 * the page's visibilityState, or to the script's result.
 */
export const PAGE_VISIBILITY_COMMAND = 'croquet-chat-page-visibility';

export function pageVisibilityPlugin() {
  /** Test session id → the tab that covers its page. */
  const covers = new Map();
  return {
    name: 'croquet-chat-page-visibility',
    async executeCommand({ command, payload, session }) {
      if (command !== PAGE_VISIBILITY_COMMAND) return undefined;
      const page = session.browser.getPage(session.id);
      if (payload?.visible === false && !covers.has(session.id)) {
        const cover = await page.browserContext().newPage();
        covers.set(session.id, cover);
        await cover.bringToFront();
        if (payload.url) await cover.goto(payload.url);
      } else if (payload?.visible === true && covers.has(session.id)) {
        const cover = covers.get(session.id);
        covers.delete(session.id);
        await cover.close();
        await page.bringToFront();
      }
      // (null or undefined would tell the runner that no plugin handled the command)
      if (payload?.script && covers.has(session.id)) return (await covers.get(session.id).evaluate(`(async () => { ${payload.script} })()`)) ?? true;
      return page.evaluate(() => document.visibilityState);
    },
  };
}
