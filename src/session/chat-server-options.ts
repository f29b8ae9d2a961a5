/**
 * Where a `<croquet-chat>` connects: the attributes that pick the room and the server, checked before
 * anything is loaded, so a mistake ends in a sentence that says what to fix.
 */
import { MAX_HISTORY, readHistoryLimit } from '../model/limits.js';
import type { ChatModelOptions } from '../types.js';

/** How long the reachability check of a self-hosted server may take, in ms. */
const PROBE_TIMEOUT_MS = 8_000;

/** Croquet's rule for app ids (from `Session.join`). */
const APP_ID_PATTERN = /^[a-z](-?[a-z0-9_])*(\.[a-z0-9_](-?[a-z0-9_])*)+$/i;

/** What the element knows about where and how to connect. A change of any of these joins another session. */
export interface ChatConnectionOptions {
  session: string;
  password: string;
  appId: string;
  apiKey: string;
  box: string;
  reflector: string;
  files: string;
  /** The site's own id for this person (`user-id`), or '' for this browser's remembered one. */
  userId: string;
  /** The site's token vouching for this person (`user-token`), or ''. */
  userToken: string;
  /** The room's rules (model options); only values that differ from the defaults. */
  modelOptions?: ChatModelOptions;
}

export type Server =
  | { kind: 'box'; box: string; probe: string; label: string }
  | { kind: 'reflector'; reflector: string; files: string; probe: string; label: string }
  | { kind: 'hosted'; apiKey: string; label: string };

/** One key per server: Croquet allows one server per page. */
export function serverKey(server: Server): string {
  return server.kind === 'box' ? `box ${server.box}` : server.kind === 'reflector' ? `reflector ${server.reflector} ${server.files}` : 'hosted';
}

/** Any HTTP answer (even 404, even opaque) means the server is there; a network error means it is not. */
export async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

export function checkOptions(options: ChatConnectionOptions, base: string | undefined): { server: Server } | { error: string } {
  if (!options.session.trim()) return { error: 'No room name: set the session attribute (for example session="lobby").' };
  if (options.session.length > 100) return { error: 'The room name (session attribute) is too long: at most 100 characters.' };
  if (!options.password) return { error: 'The password attribute is empty: remove it to use the public default, or give a password.' };
  if (!APP_ID_PATTERN.test(options.appId) || options.appId.length > 128) {
    return { error: `"${options.appId}" is not a valid app-id: use dot-separated words such as "com.example.chat".` };
  }
  const resolve = (value: string, attribute: string): URL | string => {
    try {
      return new URL(value, base);
    } catch {
      return `"${value}" is not a valid URL for the ${attribute} attribute.`;
    }
  };
  if (options.box) {
    const url = resolve(options.box, 'box');
    if (typeof url === 'string') return { error: url };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `The box attribute must be an http(s) address, not "${options.box}".` };
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    url.search = url.hash = '';
    return { server: { kind: 'box', box: url.href, probe: url.href, label: url.href } };
  }
  if (options.reflector || options.files) {
    if (!options.reflector || !options.files) return { error: 'The reflector and files attributes must be set together (or use box instead).' };
    const reflector = resolve(options.reflector, 'reflector');
    if (typeof reflector === 'string') return { error: reflector };
    const files = resolve(options.files, 'files');
    if (typeof files === 'string') return { error: files };
    return { server: { kind: 'reflector', reflector: reflector.href, files: files.href, probe: files.href, label: reflector.href } };
  }
  if (options.apiKey) return { server: { kind: 'hosted', apiKey: options.apiKey, label: "Croquet's network" } };
  return { error: 'No chat server configured: set the box attribute (your own croquet-chat server) or api-key (Croquet\'s hosted network).' };
}

/** The `reset` attribute: the model's rule, plus `confirm` (anyone may reset, after the widget asks). */
export type ChatResetAttribute = 'anyone' | 'confirm' | 'none' | 'moderators';

/** The trust attributes: the site's key, whether only people it vouches for may post, and the room's moderators. */
export interface TrustAttributes {
  siteKey: string;
  verifiedOnly: boolean;
  /** Person ids, space- or comma-separated. */
  moderators: string;
}
/** The tutorial's inactivity timeout, in the minutes the `inactivity-timeout` attribute takes. */
export const DEFAULT_INACTIVITY_MINUTES = 20;

/**
 * The model options for the room-rule attributes: only values that differ from the defaults, so a page
 * that sets a default explicitly still meets pages that do not. Invalid values fall back to the default.
 */
export function roomRules(inactivityMinutes: number, newcomerReset: boolean, reset: ChatResetAttribute, slowMode = 0, trust?: TrustAttributes, historyLimit = MAX_HISTORY): ChatModelOptions {
  const rules: ChatModelOptions = {};
  const minutes = Number(inactivityMinutes);
  if (Number.isFinite(minutes) && minutes >= 0 && minutes !== DEFAULT_INACTIVITY_MINUTES) rules.inactivityTimeout = Math.round(minutes * 60_000);
  if (newcomerReset === false) rules.newcomerReset = false;
  if (reset === 'none' || reset === 'moderators') rules.reset = reset;
  const seconds = Number(slowMode);
  if (Number.isFinite(seconds) && seconds > 0) rules.slowMode = Math.ceil(seconds);
  const siteKey = trust?.siteKey.trim() ?? '';
  if (siteKey) rules.siteKey = siteKey;
  if (siteKey && trust?.verifiedOnly) rules.verifiedOnly = true;
  // Sorted and without repeats: pages that list the same moderators in another order meet in one room.
  const moderators = [...new Set((trust?.moderators ?? '').split(/[\s,]+/).filter(Boolean))].sort();
  if (moderators.length) rules.moderators = moderators;
  // As the room will apply it (a whole number within 1..1000), so pages that say 150 and 150.5 meet.
  const entries = Number(historyLimit);
  if (Number.isFinite(entries) && readHistoryLimit(entries) !== MAX_HISTORY) rules.historyLimit = readHistoryLimit(entries);
  return rules;
}
