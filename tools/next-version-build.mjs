// Worker thread of tools/next-version-plugin.mjs: builds the drop-in the way rollup.config.mjs lays it
// out (a shell with lit and the element, and a runtime with Croquet, the model and the view that the
// shell imports on first use) from the current dist/, with MODEL_VERSION raised by one in the runtime.
// It posts back {shell, runtime, version} (or {error}).
//
// It has its own small rollup setup rather than rollup.config.mjs's, whose runtime build clears
// dist/drop-in (the real drop-in other tests load). It runs off the test runner's main thread because
// the test server's reflector shares that event loop: seconds of rollup there would stop its ticks, and
// a Croquet client that misses ticks for 2 s is "not synced" and skips persistence uploads.
import { parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const runtimeModule = `${dist}session/chat-view.js`;
const croquetEsm = fileURLToPath(new URL('../node_modules/@croquet/croquet/pub/croquet.esm.js', import.meta.url));
const VERSION_DECLARATION = /\bMODEL_VERSION = (\d+);/g;

/** Croquet's package.json points at CommonJS; its ES module build lives in pub/. */
const croquetEsmAlias = { name: 'croquet-esm', resolveId: (source) => (source === '@croquet/croquet' ? croquetEsm : null) };

function onwarn(warning, warn) {
  if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning); // Croquet's bundle and tsc helpers use top-level `this`
}

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

async function build(options) {
  const bundle = await rollup({ ...options, onwarn });
  try {
    const { output } = await bundle.generate({ format: 'esm', sourcemap: false });
    if (output.length !== 1) throw new Error(`expected one chunk from ${options.input}, got ${output.length}`);
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

// Not minified: that costs most of the build time and changes nothing Croquet hashes (the model's
// toString() names the version), and the released, minified drop-in has its own test.
async function buildNextVersion({ runtimeUrl }) {
  const seen = new Set();
  const runtime = await build({ input: runtimeModule, plugins: [bumpModelVersion(seen), croquetEsmAlias, nodeResolve({ browser: true })] });
  // Without exactly one version found the "next version" would be the same build, and the test would prove nothing.
  if (seen.size !== 1) throw new Error(`expected one MODEL_VERSION declaration in the runtime, found versions [${[...seen]}]`);
  const shell = await build({
    input: `${dist}croquet-chat.js`,
    makeAbsoluteExternalsRelative: false,
    plugins: [
      {
        name: 'next-runtime',
        // chat-runtime.js's import('./chat-view.js') loads the runtime built above.
        resolveId: (source, importer) =>
          importer && new URL(source, `file://${importer}`).pathname === runtimeModule ? { id: runtimeUrl, external: true } : null,
      },
      nodeResolve({ browser: true }),
    ],
  });
  if (!shell.includes(JSON.stringify(runtimeUrl)) && !shell.includes(`'${runtimeUrl}'`)) throw new Error('the shell does not import the next runtime');
  return { shell, runtime, version: [...seen][0] + 1 };
}

buildNextVersion(workerData).then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ error: String(error?.stack ?? error) }),
);
