// The drop-in build: one self-contained, minified ES module with lit and Croquet inlined.
// (dist/croquet-chat.js itself is emitted by tsc and keeps lit and Croquet as external imports.)
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { fileURLToPath } from 'node:url';

const croquetEsm = fileURLToPath(new URL('./node_modules/@croquet/croquet/pub/croquet.esm.js', import.meta.url));

/** Croquet's package.json points at CommonJS; its ES module build lives in pub/. */
const croquetEsmAlias = {
  name: 'croquet-esm',
  resolveId(source) {
    return source === '@croquet/croquet' ? croquetEsm : null;
  },
};

export default {
  input: 'dist/croquet-chat.js',
  output: { file: 'dist/croquet-chat.bundle.js', format: 'esm', sourcemap: true },
  plugins: [croquetEsmAlias, nodeResolve({ browser: true }), terser({ ecma: 2022, module: true, format: { comments: false } })],
  onwarn(warning, warn) {
    // Croquet's prebuilt bundle uses `this` at top level and eval-free dynamic code; nothing to act on.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
