// Guards against silent divergence: builds that share a MODEL_VERSION share a Croquet session, so their
// model logic must be identical. Runs with node:test (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RECORD_FILE, SRC_DIR, modelFingerprint } from '../../tools/model-fingerprint.mjs';

function check(srcDir) {
  const recorded = JSON.parse(readFileSync(RECORD_FILE, 'utf8'));
  const current = modelFingerprint(srcDir);
  if (current.version === recorded.modelVersion && current.fingerprint !== recorded.fingerprint) {
    return `The model's logic changed (${current.files.join(', ')}) but MODEL_VERSION is still ${current.version}. ` +
      `Builds with the same version share rooms, so they would diverge: bump MODEL_VERSION in src/model/chat-model.ts, ` +
      `carry the persisted shape over in src/model/persisted-room.ts if it changed, then run "node tools/model-fingerprint.mjs --write".`;
  }
  if (current.version !== recorded.modelVersion) {
    return `MODEL_VERSION is ${current.version} but src/model/model-fingerprint.json records version ${recorded.modelVersion}: ` +
      `run "node tools/model-fingerprint.mjs --write" to record the new version's fingerprint.`;
  }
  return null;
}

test('the model logic matches the fingerprint recorded for its MODEL_VERSION', () => {
  const problem = check(SRC_DIR);
  assert.equal(problem, null, problem ?? '');
});

test('covers every file of src/model/ and nothing outside it', () => {
  const { files } = modelFingerprint();
  assert.deepEqual(files, [
    'base64url.ts', 'chat-model.ts', 'flood-control.ts', 'images.ts', 'limits.ts', 'mentions.ts', 'names.ts', 'nicknames.ts', 'persisted-room.ts', 'reactions.ts', 'room-entries.ts',
    'signatures.ts', 'site-token.ts', 'topics.ts',
  ]);
});

test('a new file in src/model/ is part of the fingerprint', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'croquet-chat-fingerprint-'));
  try {
    cpSync(SRC_DIR, copy, { recursive: true });
    writeFileSync(path.join(copy, 'mutes.ts'), 'export const MUTE_MINUTES = 5;\n');
    assert.match(check(copy) ?? '', /bump MODEL_VERSION/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('a changed model file without a version bump fails with a sentence saying what to do', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'croquet-chat-fingerprint-'));
  try {
    cpSync(SRC_DIR, copy, { recursive: true });
    const limits = path.join(copy, 'limits.ts');
    writeFileSync(limits, readFileSync(limits, 'utf8').replace('MAX_HISTORY = 100', 'MAX_HISTORY = 101'));
    assert.match(check(copy) ?? '', /bump MODEL_VERSION in src\/model\/chat-model\.ts/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('comments and formatting are not logic', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'croquet-chat-fingerprint-'));
  try {
    cpSync(SRC_DIR, copy, { recursive: true });
    const model = path.join(copy, 'chat-model.ts');
    writeFileSync(model, `// a new comment\n${readFileSync(model, 'utf8').replaceAll('\n', '\n\n')}`);
    assert.equal(modelFingerprint(copy).fingerprint, modelFingerprint().fingerprint);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
