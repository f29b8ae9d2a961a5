/**
 * Croquet's own sample chat (croquet/croquet apps/chat) as a peer for the browser benches, built from a
 * copy the person running the bench names with BENCH_CROQUET_APPS_CHAT (a folder with its chat.html and
 * chat.js, outside this repository). Its chat.js is bundled with the same Croquet ES module build the
 * widget uses, so both load one Croquet; the page is opened with Croquet's `?box=` URL option to run on
 * this project's server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench/ → repository root

/** The folder named by BENCH_CROQUET_APPS_CHAT, or undefined. */
export const CROQUET_APPS_CHAT = process.env.BENCH_CROQUET_APPS_CHAT;
export const APPS_CHAT_SKIPPED = "skipped: set BENCH_CROQUET_APPS_CHAT to a folder with Croquet's apps/chat (chat.html, chat.js) to measure it beside ours";

/** Writes `into`/chat.js (bundled) and `into`/chat.html, with `headScript` (a classic script) first in its head when given. */
export async function buildCroquetAppsChat(into: string, headScript = ''): Promise<void> {
  if (!CROQUET_APPS_CHAT) throw new Error('BENCH_CROQUET_APPS_CHAT is not set');
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const croquetEsm = `${root}node_modules/@croquet/croquet/pub/croquet.esm.js`;
  const bundle = await rollup({
    input: path.join(CROQUET_APPS_CHAT, 'chat.js'),
    plugins: [{ name: 'croquet-esm', resolveId: (id: string) => (id === '@croquet/croquet' ? croquetEsm : null) }, nodeResolve({ browser: true })],
    onwarn(warning, warn) {
      if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
    },
  });
  await bundle.write({ file: path.join(into, 'chat.js'), format: 'esm' });
  await bundle.close();
  const html = fs.readFileSync(path.join(CROQUET_APPS_CHAT, 'chat.html'), 'utf8');
  fs.writeFileSync(path.join(into, 'chat.html'), headScript ? html.replace('<head>', `<head><script>${headScript}</script>`) : html);
}

/** Its page on the server at `box`, in room `room` (Croquet's `?q=` and `#pw=` URL options). */
export function appsChatUrl(box: string, room: string, file = 'demo/chat.html'): string {
  return `${box}${file}?box=${encodeURIComponent(box)}&q=${room}#pw=bench`;
}

/** True once its view has rendered the history (its "online"). */
export const APPS_CHAT_READY = 'document.querySelector("#textOut")?.textContent.includes("Welcome to Croquet Chat")';
