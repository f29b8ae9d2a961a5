// ESLint flat config: type-aware typescript-eslint everywhere TypeScript lives, plus the Lit, web-component
// and Lit accessibility rules for the widget. `npm run lint` runs it with zero warnings allowed.
import js from '@eslint/js';
import litA11y from 'eslint-plugin-lit-a11y';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const MODEL_RULE =
  'src/model/ is the replicated model: it runs the same on every replica, so it may use only its own files, ' +
  "../croquet.js, ../types.js, @noble/curves/ed25519.js, @noble/curves/abstract/curve.js and @noble/hashes/sha2.js " +
  '(the signature check, pinned exactly), ' +
  "and nothing of the page, " +
  "the clock or the timers (use the model's now() and future()).";

/**
 * The model boundary. src/model/ holds deterministic code only: every replica must compute the same state
 * from the same events, and tools/model-fingerprint.mjs fingerprints exactly this folder (and the pinned
 * version of the one package it may import, for signatures). So it imports nothing from lit, the UI, the
 * session code or i18n, and touches no page, storage, clock or timer.
 * test/node/model-boundary.test.mjs proves each rule bites.
 */
const modelBoundary = {
  files: ['src/model/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: String.raw`^(?!\./[\w.-]+\.js$|\.\./croquet\.js$|\.\./types\.js$|@noble/curves/ed25519\.js$|@noble/curves/abstract/curve\.js$|@noble/hashes/sha2\.js$)`, message: MODEL_RULE }] },
    ],
    'no-restricted-globals': [
      'error',
      ...['window', 'document', 'navigator', 'location', 'self', 'globalThis', 'localStorage', 'sessionStorage', 'indexedDB']
        .concat(['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'requestAnimationFrame', 'queueMicrotask'])
        .concat(['fetch', 'performance', 'crypto'])
        .map((name) => ({ name, message: MODEL_RULE })),
    ],
    'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: MODEL_RULE }],
    'no-restricted-syntax': [
      'error',
      { selector: 'ImportExpression', message: MODEL_RULE },
      { selector: "NewExpression[callee.name='Date']", message: MODEL_RULE },
    ],
  },
};

export default tseslint.config(
  // test/types/ holds type tests with deliberate errors; `npm run test:types` compiles them.
  { ignores: ['dist/', 'node_modules/', 'custom-elements.json', '.data/', 'test/types/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './tsconfig.server.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Unused values are a compile error already (noUnused*); a leading underscore marks a deliberate one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended'], litA11y.configs.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // Both frameworks take methods by reference and call them with the right `this`: Lit binds template
      // listeners (`@click=${this.handleClick}`) to the host, Croquet calls `subscribe()` handlers on the model.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  modelBoundary,
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
    rules: {
      // @open-wc/semantic-dom-diff types chai's `.equal()` as returning a Promise (for `.dom.to.equal`), so
      // this rule would flag every synchronous assertion in the browser tests.
      '@typescript-eslint/no-floating-promises': 'off',
      // chai asserts with property getters: `expect(x).to.exist`.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // Raw-protocol tests and benches read wire frames (JSON.parse: any) and the official client's private
    // state on purpose; typing every frame there would restate server/protocol.ts for no safety.
    files: ['server/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Croquet models in the tests subscribe methods by reference, as in src/.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['server/test/**/*.ts'],
    rules: {
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
