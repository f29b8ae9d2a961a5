// Writes a brotli (.br) and a gzip (.gz) copy beside each text file the server sends to browsers from
// dist/ (the drop-in's shell and runtime, the ESM build), so it can answer Accept-Encoding without
// compressing at run time (server/static.ts serves a copy only while it is at least as new as its file).
// Run by `npm run build`; prints raw, gzip and brotli sizes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
/** What browsers load; the Node server and bench builds, maps and typings are left as they are. */
const SKIP_DIRS = new Set(['server', 'bench']);
const TEXT = /\.(?:m?js|css|html|json|svg)$/;
/** As in server/static.ts: smaller files go out as they are. */
const MIN_BYTES = 1024;

function* browserFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(dir === dist && SKIP_DIRS.has(entry.name))) yield* browserFiles(file);
    } else if (TEXT.test(entry.name) && statSync(file).size >= MIN_BYTES) {
      yield file;
    }
  }
}

let raw = 0;
let gz = 0;
let br = 0;
let count = 0;
for (const file of browserFiles(dist)) {
  const data = readFileSync(file);
  const gzipped = gzipSync(data, { level: 9 });
  const brotlied = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  writeFileSync(`${file}.gz`, gzipped);
  writeFileSync(`${file}.br`, brotlied);
  raw += data.length;
  gz += gzipped.length;
  br += brotlied.length;
  count += 1;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`precompress: ${count} files, ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
