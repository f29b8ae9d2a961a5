// Serves "the next release" for the upgrade test (test/upgrade.test.ts): the drop-in bundle built from
// the current dist/ with MODEL_VERSION raised by one (see next-version-build.mjs). Built in a worker on
// the first request and kept for the rest of the run.
import { Worker } from 'node:worker_threads';

/** Where test pages load the next version from (nothing else serves this path). */
export const NEXT_VERSION_PATH = '/__croquet-chat-next__/croquet-chat.bundle.js';

function buildInWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./next-version-build.mjs', import.meta.url));
    worker.once('message', (result) => (result.error ? reject(new Error(result.error)) : resolve(result)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the next-version build exited with ${code}`)));
  });
}

export function nextVersionPlugin() {
  let build;
  return {
    name: 'croquet-chat-next-version',
    async serve(context) {
      if (context.path !== NEXT_VERSION_PATH) return undefined;
      build ??= buildInWorker();
      build.catch(() => (build = undefined)); // a failed build is retried on the next request
      const { code, version } = await build;
      return { body: code, type: 'js', headers: { 'x-croquet-chat-model-version': String(version) } };
    },
  };
}
