// Serves "the next release" for the upgrade test (test/upgrade.test.ts): the drop-in bundle built the
// way rollup.config.mjs builds it, from the current dist/, with MODEL_VERSION raised by one. Built in
// memory on the first request and kept for the rest of the run.
import { rollup } from 'rollup';
import dropIn from '../rollup.config.mjs';

/** Where test pages load the next version from (nothing else serves this path). */
export const NEXT_VERSION_PATH = '/__croquet-chat-next__/croquet-chat.bundle.js';

const VERSION_DECLARATION = /\bMODEL_VERSION = (\d+);/g;

/** A rollup plugin that raises every `MODEL_VERSION = N;` to N + 1 and records the versions it saw. */
function bumpModelVersion(seen) {
  return {
    name: 'bump-model-version',
    transform(code) {
      const bumped = code.replace(VERSION_DECLARATION, (_, version) => {
        seen.add(Number(version));
        return `MODEL_VERSION = ${Number(version) + 1};`;
      });
      return bumped === code ? null : { code: bumped, map: null };
    },
  };
}

async function buildNextVersion() {
  const seen = new Set();
  // Minifying is left out: it costs most of the build time and changes nothing Croquet hashes (the
  // drop-in's toString() names the version), and the released, minified bundle has its own test.
  const plugins = dropIn.plugins.filter((plugin) => plugin.name !== 'terser');
  const bundle = await rollup({ ...dropIn, plugins: [bumpModelVersion(seen), ...plugins] });
  try {
    const { output } = await bundle.generate({ ...dropIn.output, file: undefined, sourcemap: false });
    // Without exactly one version found the "next version" would be the same build, and the test would prove nothing.
    if (seen.size !== 1) throw new Error(`expected one MODEL_VERSION declaration in the drop-in build, found versions [${[...seen]}]`);
    return { code: output[0].code, version: [...seen][0] + 1 };
  } finally {
    await bundle.close();
  }
}

export function nextVersionPlugin() {
  let build;
  return {
    name: 'croquet-chat-next-version',
    async serve(context) {
      if (context.path !== NEXT_VERSION_PATH) return undefined;
      build ??= buildNextVersion();
      build.catch(() => (build = undefined)); // a failed build is retried on the next request
      const { code, version } = await build;
      return { body: code, type: 'js', headers: { 'x-croquet-chat-model-version': String(version) } };
    },
  };
}
