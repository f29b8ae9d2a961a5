// Worker thread of tools/next-version-plugin.mjs: builds the drop-in bundle the way rollup.config.mjs
// does, with MODEL_VERSION raised by one, and posts back {code, version} (or {error}). It runs off the
// test runner's main thread because the test server's reflector shares that event loop: a few seconds
// of rollup there would stop its ticks, and Croquet clients that miss ticks for 2 s skip uploads.
import { parentPort } from 'node:worker_threads';
import { rollup } from 'rollup';
import dropIn from '../rollup.config.mjs';

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

buildNextVersion().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ error: String(error?.stack ?? error) }),
);
