// Which web sites may use this server: checked on WebSocket upgrades (the Origin header) and on
// /files (CORS). Default open, like Croquet's own reflector. The Origin header only binds browsers:
// a script outside a browser sends whatever it likes, so a list keeps other sites from embedding
// your rooms, not determined clients out (rooms are protected by their password, not by this).

import type { IncomingMessage } from 'node:http';

export class OriginPolicy {
  private readonly allowed: ReadonlySet<string> | null;

  /** `origins`: e.g. ["https://example.com"]; empty, undefined or containing "*" means any site. */
  constructor(origins: readonly string[] | undefined) {
    const list = (origins ?? []).map((o) => o.trim()).filter(Boolean);
    this.allowed = list.length === 0 || list.includes('*') ? null : new Set(list.map(normalizeOrigin));
  }

  get open(): boolean {
    return this.allowed === null;
  }

  /**
   * A request may go on if it has no Origin (not a browser, or a same-origin GET), comes from a page
   * on this server's own host, or from a listed site.
   */
  allows(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (this.allowed === null || origin === undefined) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file://) and garbage
    }
    return this.allowed.has(parsed.origin) || parsed.host === requestHost(req);
  }

  /** CORS response headers for a request that `allows()` passed. */
  corsHeaders(req: IncomingMessage): Record<string, string> {
    if (this.allowed === null) return { 'Access-Control-Allow-Origin': '*' };
    const origin = req.headers.origin;
    return origin === undefined ? { Vary: 'Origin' } : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }
}

/** "https://Example.com:443/" → "https://example.com"; throws on something that is not an origin. */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.origin === 'null') throw new Error(`not an origin: ${origin}`);
  return url.origin;
}

/** The host the client addressed (a reverse proxy must pass Host on: see the README's nginx example). */
function requestHost(req: IncomingMessage): string | undefined {
  return req.headers.host?.toLowerCase();
}
