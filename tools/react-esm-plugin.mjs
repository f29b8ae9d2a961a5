// React ships only CommonJS, which the dev server cannot serve as ES modules. For the browser tests of
// croquet-chat/react, this plugin bundles react and react-dom/client once with esbuild (shared code split
// into a common chunk, so both use one React) and serves them under /__react/.
import { build } from 'esbuild';

const ENTRIES = { react: 'react', 'react-dom/client': 'react-dom-client' };
const PREFIX = '/__react/';

export function reactEsmPlugin() {
  const files = new Map();
  return {
    name: 'react-esm',
    async serverStart() {
      const result = await build({
        entryPoints: Object.entries(ENTRIES).map(([input, output]) => ({ in: input, out: output })),
        bundle: true,
        splitting: true,
        format: 'esm',
        write: false,
        outdir: 'out',
        define: { 'process.env.NODE_ENV': '"development"' },
        logLevel: 'silent',
      });
      for (const file of result.outputFiles) files.set(PREFIX + file.path.slice(file.path.lastIndexOf('/out/') + 5), file.text);
    },
    resolveImport({ source }) {
      return source in ENTRIES ? `${PREFIX}${ENTRIES[source]}.js` : undefined;
    },
    serve(context) {
      const body = files.get(context.path);
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
