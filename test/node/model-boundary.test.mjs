// The model boundary in eslint.config.js must bite: each forbidden thing, written into a copy of a real
// model file, fails lint with the boundary's message; the untouched file and the allowed imports pass.
// Runs with node:test and ESLint's own API against the project's real configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const modelFile = fileURLToPath(new URL('../../src/model/room-entries.ts', import.meta.url));
const original = readFileSync(modelFile, 'utf8');
const eslint = new ESLint({ cwd: root });

/** The boundary's complaints about the model file with `addition` appended (linted as that file, never written). */
async function boundaryErrors(addition) {
  const [result] = await eslint.lintText(`${original}\n${addition}\n`, { filePath: modelFile });
  const fatal = result.messages.filter((message) => message.fatal);
  assert.deepEqual(fatal, [], 'the copy must parse');
  return result.messages.filter((message) => /src\/model\/ is the replicated model/.test(message.message));
}

test('the model as it is passes the boundary', async () => {
  assert.deepEqual(await boundaryErrors(''), []);
});

test('imports of its own files, Croquet, the shared types and the signature check are allowed', async () => {
  const allowed = [
    "import { MAX_HISTORY as M } from './limits.js';",
    "import { Model as CroquetModel } from '../croquet.js';",
    "import type { ChatUser } from '../types.js';",
    "import { ed25519 } from '@noble/curves/ed25519.js';",
    "import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';",
    "import { sha512 } from '@noble/hashes/sha2.js';",
    'export const uses = [M, CroquetModel, ed25519, mulAddUnsafe, sha512] as const;',
    'export type Someone = ChatUser;',
  ];
  assert.deepEqual(await boundaryErrors(allowed.join('\n')), []);
});

for (const [what, code] of Object.entries({
  'lit': "import { html } from 'lit';\nexport const t = html``;",
  'the UI': "import { renderLog } from '../ui/chat-log.js';\nexport const r = renderLog;",
  'the session code': "import { ChatView } from '../session/chat-view.js';\nexport const v = ChatView;",
  'i18n': "import { mergeStrings } from '../i18n/strings.js';\nexport const m = mergeStrings;",
  'the element': "import { CroquetChat } from '../croquet-chat.component.js';\nexport const c = CroquetChat;",
  'a package other than Croquet': "import { WebSocket } from 'ws';\nexport const w = WebSocket;",
  'another part of noble': "import { secp256k1 } from '@noble/curves/secp256k1.js';\nexport const k = secp256k1;",
  'a dynamic import': "export const later = () => import('./limits.js');",
  'document': 'export const title = () => document.title;',
  'window': 'export const width = () => window.innerWidth;',
  'localStorage': "export const stored = () => localStorage.getItem('x');",
  'Date.now': 'export const stamp = () => Date.now();',
  'new Date()': 'export const today = () => new Date().getDay();',
  'setTimeout': 'export const later = () => setTimeout(() => undefined, 1);',
  'setInterval': 'export const every = () => setInterval(() => undefined, 1);',
  'performance': 'export const since = () => performance.now();',
})) {
  test(`the model may not use ${what}`, async () => {
    const errors = await boundaryErrors(code);
    assert.ok(errors.length > 0, `lint let the model use ${what}`);
  });
}
