// Serves "the next release" for the upgrade test (test/upgrade.test.ts): the drop-in built from the
// current dist/ with MODEL_VERSION raised by one (see next-version-build.mjs). Built in a worker on the
// first request and kept for the rest of the run.
import { Worker } from 'node:worker_threads';

const NEXT_VERSION_DIR = '/__croquet-chat-next__/';
/** Where test pages load the next version from (nothing else serves these paths). */
export const NEXT_VERSION_PATH = `${NEXT_VERSION_DIR}croquet-chat.bundle.js`;
const NEXT_RUNTIME_PATH = `${NEXT_VERSION_DIR}runtime.js`;

function buildInWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./next-version-build.mjs', import.meta.url), { workerData: { runtimeUrl: NEXT_RUNTIME_PATH } });
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
      if (context.path !== NEXT_VERSION_PATH && context.path !== NEXT_RUNTIME_PATH) return undefined;
      build ??= buildInWorker();
      build.catch(() => (build = undefined)); // a failed build is retried on the next request
      const { shell, runtime, version } = await build;
      const body = context.path === NEXT_VERSION_PATH ? shell : runtime;
      return { body, type: 'js', headers: { 'x-croquet-chat-model-version': String(version) } };
    },
  };
}
