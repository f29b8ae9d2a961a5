// @croquet/croquet ships CommonJS under `main`/`browser`; its only ES module is pub/croquet.esm.js.
// Source keeps the bare specifier (so bundler users dedupe Croquet); the dev server maps it here.
export function croquetEsmPlugin() {
  return {
    name: 'croquet-esm',
    resolveImport({ source }) {
      if (source === '@croquet/croquet') return '/node_modules/@croquet/croquet/pub/croquet.esm.js';
      return undefined;
    },
  };
}
