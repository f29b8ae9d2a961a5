/**
 * The one place that imports the Croquet runtime.
 *
 * Source keeps the bare specifier so bundler users share one copy of Croquet with their app; the test
 * runner and rollup map it to `@croquet/croquet/pub/croquet.esm.js`. Evaluating Croquet reads
 * `window.location`, touches `localStorage`, starts a keep-alive interval and patches `Date`/`Math`,
 * so nothing imports this module statically from the element: `chat-session.ts` loads it (through
 * `chat-view.ts`) with a dynamic `import()` when the first element connects.
 */
export { App, Model, Session, View } from '@croquet/croquet';
export type { CroquetSession, CroquetSessionParameters } from '@croquet/croquet';
