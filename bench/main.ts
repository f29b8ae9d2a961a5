/**
 * What every bench file shares when it is run on its own (`node dist/bench/<file>.js`) rather than
 * through run.ts: the JSON result on stdout, its words on stderr, and the machine's load beside them.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs `run` if Node was started on the file at `moduleUrl` (its `import.meta.url`), prints, and exits. */
export async function runWhenMain<T>(moduleUrl: string, run: () => Promise<T>, format?: (result: T) => string): Promise<void> {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== path.resolve(process.argv[1])) return;
  const result = await run();
  if (format) console.error(format(result));
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

/** The 1-minute load average before and after a bench, as its summary prints it. */
export function loadAverageLine(loadAverage: { before: number; after: number }, cores = os.cpus().length): string {
  return `load average (1 min) ${loadAverage.before.toFixed(2)} before, ${loadAverage.after.toFixed(2)} after (${cores} shared cores)`;
}
