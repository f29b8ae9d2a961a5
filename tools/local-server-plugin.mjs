// Starts croquet-chat's own server (reflector + /files) in-process for the browser tests.
import { createServer } from '../dist/server/server.js';

export function localServerPlugin() {
  let server;
  return {
    name: 'croquet-chat-local-server',
    async serverStart() {
      server = await createServer({ host: '127.0.0.1', port: 0, quiet: true });
    },
    async serverStop() {
      await server?.close();
    },
    /** The `box` URL the widget under test connects to. */
    boxUrl() {
      if (!server) throw new Error('local server not started yet');
      return server.url;
    },
  };
}
