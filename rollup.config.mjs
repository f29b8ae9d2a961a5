// The drop-in build: minified ES modules with lit and Croquet inlined, still one script tag for the page.
// (dist/croquet-chat.js itself is emitted by tsc and keeps lit and Croquet as external imports.)
//
//   dist/croquet-chat.bundle.js     the shell: lit and the element. It paints the widget's frame at once.
//   dist/drop-in/runtime-<hash>.js  Croquet with the chat's model and view: what chat-runtime.js's import() loads.
//
// The shell's first statement adds <link rel="modulepreload"> for the runtime, so the browser fetches and compiles
// Croquet while the shell renders; the runtime is evaluated only when the first element connects (evaluating
// Croquet touches the page: see src/session/chat-runtime.ts).
//
// The two are separate builds so the runtime imports nothing from the shell: it carries its own copy of the few
// constants they share. A runtime importing "../croquet-chat.bundle.js" would load the shell a second time
// whenever the page's URL for it differs (a query string, a CDN redirect to a versioned path).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyTemplateLiterals from 'rollup-plugin-minify-template-literals';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
const croquetEsm = fileURLToPath(new URL('./node_modules/@croquet/croquet/pub/croquet.esm.js', import.meta.url));
const runtimeModule = `${dist}session/chat-view.js`;
/** The runtime's file name (with its content hash), learned from the first build, used by the second. */
let runtimeFile;

/** Croquet's package.json points at CommonJS; its ES module build lives in pub/. */
const croquetEsmAlias = {
  name: 'croquet-esm',
  resolveId(source) {
    return source === '@croquet/croquet' ? croquetEsm : null;
  },
};

/**
 * The drop-in's minifiers, also used by the widget bench to measure our code alone: our lit templates'
 * HTML and CSS (whitespace, comments), then terser. Only our own files: lit's sources are plain JS.
 */
export function minifiers() {
  return [
    // keepClosingSlash: an svg`` template is parsed as HTML by the minifier, which would drop the "/" of
    // <rect … /> and nest the shapes that follow inside it (they would not be drawn).
    minifyTemplateLiterals({ include: `${dist}**/*.js`, exclude: `${dist}server/**`, failOnError: true, options: { minifyOptions: { keepClosingSlash: true } } }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ];
}

/**
 * V8's compile hint: compile every function of the file while it streams in, off the main thread, rather
 * than each on its first call. After the minifier, which drops comments.
 */
function compileHint() {
  return { name: 'compile-hint', renderChunk: (code) => `//# allFunctionsCalledOnLoad\n${code}` };
}

function onwarn(warning, warn) {
  // Croquet's prebuilt bundle and tsc's __decorate helper use `this` at top level; nothing to act on.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
}

const runtime = {
  input: runtimeModule,
  output: { dir: dist, format: 'esm', entryFileNames: 'drop-in/runtime-[hash].js', sourcemap: false },
  plugins: [
    {
      name: 'remember-runtime-file',
      buildStart: () => rmSync(`${dist}drop-in`, { recursive: true, force: true }), // no stale runtimes
      generateBundle: (_options, bundle) => {
        runtimeFile = Object.values(bundle).find((chunk) => chunk.isEntry).fileName;
      },
    },
    croquetEsmAlias,
    nodeResolve({ browser: true }),
    ...minifiers(),
    // The runtime is compiled while the shell paints; compiled lazily instead, its functions were compiled
    // on the main thread as the room loaded (Croquet's join, the snapshot, the model): online came later.
    compileHint(),
  ],
  onwarn,
};

const shell = {
  input: `${dist}croquet-chat.js`,
  // Source maps are left out of the drop-in: the published maps are tsc's, which point at the shipped src/.
  output: { file: `${dist}croquet-chat.bundle.js`, format: 'esm', sourcemap: false },
  makeAbsoluteExternalsRelative: true,
  plugins: [
    {
      name: 'lazy-runtime',
      // chat-runtime.js's import('./chat-view.js') becomes import('./drop-in/runtime-<hash>.js').
      resolveId: (source, importer) =>
        importer && new URL(source, `file://${importer}`).pathname === runtimeModule ? { id: `${dist}${runtimeFile}`, external: true } : null,
      // Fetch and compile the runtime now, in parallel with the shell's work; evaluate it on first use.
      renderChunk: (code) =>
        `{const l=document.createElement("link");l.rel="modulepreload";` +
        `l.href=new URL(${JSON.stringify(`./${runtimeFile}`)},import.meta.url).href;document.head.append(l)}\n${code}`,
    },
    nodeResolve({ browser: true }),
    ...minifiers(),
    // Nearly all of the shell runs before the first paint, where lazy compiling it cost ~9 ms.
    compileHint(),
  ],
  onwarn,
};

export default [runtime, shell];
