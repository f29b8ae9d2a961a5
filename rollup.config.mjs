// The drop-in build: one self-contained, minified ES module with lit and Croquet inlined.
// (dist/croquet-chat.js itself is emitted by tsc and keeps lit and Croquet as external imports.)
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { fileURLToPath } from 'node:url';

const croquetEsm = fileURLToPath(new URL('./node_modules/@croquet/croquet/pub/croquet.esm.js', import.meta.url));
const chatRuntime = fileURLToPath(new URL('./dist/chat-runtime.js', import.meta.url));
const chatView = fileURLToPath(new URL('./dist/chat-view.js', import.meta.url));

/** Croquet's package.json points at CommonJS; its ES module build lives in pub/. */
const croquetEsmAlias = {
  name: 'croquet-esm',
  resolveId(source) {
    return source === '@croquet/croquet' ? croquetEsm : null;
  },
};

function onwarn(warning, warn) {
  // Croquet's prebuilt bundle uses `this` at top level; nothing to act on.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
}

/**
 * Croquet touches the page when it is evaluated (reads location, writes localStorage, starts an interval,
 * patches Date), so the element loads it on first connect through dist/chat-runtime.js. Rollup would
 * evaluate an inlined dynamic import eagerly; instead this plugin bundles dist/chat-view.js (the model,
 * the view and Croquet) into a function body and makes chat-runtime.js call it on first use.
 */
const lazyChatRuntime = {
  name: 'lazy-chat-runtime',
  async load(id) {
    if (id !== chatRuntime) return null;
    const inner = await rollup({ input: chatView, plugins: [croquetEsmAlias, nodeResolve({ browser: true })], onwarn });
    const { output } = await inner.generate({ format: 'iife', name: '__croquetChatRuntime' });
    await inner.close();
    return `let runtime;
function evaluate() {
${output[0].code}
return __croquetChatRuntime;
}
export function loadChatRuntime() {
  return Promise.resolve().then(() => (runtime ??= evaluate()));
}`;
  },
};

export default {
  input: 'dist/croquet-chat.js',
  output: { file: 'dist/croquet-chat.bundle.js', format: 'esm', sourcemap: true },
  plugins: [lazyChatRuntime, croquetEsmAlias, nodeResolve({ browser: true }), terser({ ecma: 2022, module: true, format: { comments: false } })],
  onwarn,
};
