// The fingerprint of everything that decides ChatModel's behaviour: every file in src/model/ (the
// replicated model and the modules it imports for values: limits, names, nickname list, topics, persisted
// shapes), comments and types removed. Croquet meets builds by MODEL_VERSION only (model/chat-model.ts),
// so two builds with one version must run the same model logic; test/node/model-fingerprint.test.mjs
// compares this against src/model/model-fingerprint.json. The lint rule for src/model/ (eslint.config.js)
// keeps the folder self-contained, so reading the folder reads all of the model's logic, except the
// packages it may import (the signature check): their exact versions, pinned in package.json, count too.
//
//   node tools/model-fingerprint.mjs          print the fingerprint
//   node tools/model-fingerprint.mjs --write  record it for the current MODEL_VERSION (after bumping it)
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const SRC_DIR = fileURLToPath(new URL('../src/model/', import.meta.url));
export const RECORD_FILE = path.join(SRC_DIR, 'model-fingerprint.json');
/** Packages the model imports (eslint.config.js allows exactly these): a new version is new model logic. */
const MODEL_PACKAGES = ['@noble/curves', '@noble/hashes'];
const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));

/** JavaScript without comments, types or blank space differences: what actually runs. */
function executableText(source, fileName) {
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, removeComments: true, verbatimModuleSyntax: false },
  });
  return outputText.replace(/\s+/g, ' ').trim();
}

/** Reads every .ts file of the model folder `srcDir`; returns {fingerprint, files, version}. */
export function modelFingerprint(srcDir = SRC_DIR) {
  const files = readdirSync(srcDir).filter((file) => file.endsWith('.ts')).sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\n${executableText(readFileSync(path.join(srcDir, file), 'utf8'), file)}\n`);
  const { dependencies } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
  for (const name of MODEL_PACKAGES) hash.update(`${name}@${dependencies[name]}\n`);
  const version = Number(/export const MODEL_VERSION = (\d+);/.exec(readFileSync(path.join(srcDir, 'chat-model.ts'), 'utf8'))?.[1]);
  return { fingerprint: hash.digest('hex'), files, version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = modelFingerprint();
  if (process.argv.includes('--write')) {
    writeFileSync(RECORD_FILE, `${JSON.stringify({ modelVersion: current.version, fingerprint: current.fingerprint, files: current.files }, null, 2)}\n`);
    console.log(`recorded MODEL_VERSION ${current.version}: ${current.fingerprint}`);
  } else {
    console.log(JSON.stringify(current, null, 2));
  }
}
