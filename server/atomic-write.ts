// Replacing a small state file so that a reader, or a process restarted after a crash, sees either
// the old content or the new one, never a torn mix.

import * as fs from 'node:fs';

/** tmp (+ fsync) + rename: readers see the old or the new file, never a torn one. */
export function writeAtomic(file: string, body: string, durable: boolean): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, body);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
