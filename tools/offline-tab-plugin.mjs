// A test-runner command for a participant whose network goes away and comes back, the way a laptop lid
// or a train tunnel does: a tab in a window of its own (so the test page stays visible and keeps its own
// connection to the test runner) under Chromium's offline emulation, where `navigator.onLine` turns
// false and true with its `offline` and `online` events and new connections fail.

/**
 * `executeServerCommand('croquet-chat-offline-tab', payload)`, where payload is one of
 * `{open: url}` (opens the tab), `{offline: boolean}` (takes its network away or gives it back),
 * `{script}` (an async function body run in the tab; resolves to its result) and `{close: true}`.
 */
export const OFFLINE_TAB_COMMAND = 'croquet-chat-offline-tab';

export function offlineTabPlugin() {
  /** Test session id → its tab. */
  const tabs = new Map();
  return {
    name: 'croquet-chat-offline-tab',
    async executeCommand({ command, payload, session }) {
      if (command !== OFFLINE_TAB_COMMAND) return undefined;
      if (payload?.open) {
        const context = await session.browser.getPage(session.id).browser().createBrowserContext();
        const tab = await context.newPage();
        tabs.set(session.id, tab);
        await tab.goto(payload.open);
        return true;
      }
      const tab = tabs.get(session.id);
      if (!tab) throw new Error('no offline tab open: send {open: url} first');
      if (payload?.close) {
        tabs.delete(session.id);
        await tab.browserContext().close();
        return true;
      }
      if (typeof payload?.offline === 'boolean') {
        await tab.setOfflineMode(payload.offline);
        return tab.evaluate('navigator.onLine');
      }
      // (null or undefined would tell the runner that no plugin handled the command)
      return (await tab.evaluate(`(async () => { ${payload?.script ?? ''} })()`)) ?? true;
    },
  };
}
