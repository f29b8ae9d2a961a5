// Turning URL paths into file paths without ever leaving a root directory (/files and static pages).

import * as path from 'node:path';

/**
 * Maps `encodedRest` (the percent-encoded URL path below some prefix) to a file inside `root`, or null
 * if it could leave `root`: `..`/`.` segments, encoded separators (%2F, %5C), backslashes, NUL, `:`,
 * bad percent-encoding, overlong segments. Empty segments ("a//b") are skipped when `allowEmpty`,
 * otherwise refused (so "/files//etc" cannot pass for an absolute path).
 */
export function resolveInside(root: string, encodedRest: string, allowEmpty: boolean): string | null {
  const segments: string[] = [];
  for (const raw of encodedRest.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '' && allowEmpty) continue;
    if (!seg || seg === '.' || seg === '..' || /[/\\\0:]/.test(seg) || seg.length > 255) return null;
    segments.push(seg);
  }
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  // Belt and braces: whatever the segments were, the result must stay inside root.
  return file === base || file.startsWith(base + path.sep) ? file : null;
}
