// The Croquet reflector wire protocol, as spoken by the official @croquet/croquet 2.0.4 client.
// Semantics: docs/croquet-protocol.md and the public reflector
// (croquet/croquet packages/reflector/reflector.js, `switch (action)`).
//
// Every frame is one UTF-8 text frame holding one JSON object.
//   C→R: {id?, action, args?, tags?}      R→C: {id, action, args?}  (PONG has no id)

/** Frames above this many characters are refused (4105). The client never sends more than ~25 KB. */
export const MAX_FRAME_CHARS = 1_000_000;
/** ws drops frames above this many bytes itself, with 1009, before they are buffered. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** R→C frames longer than this are split into `_CHUNK` frames (the client reassembles them). */
export const CHUNK_CHARS = 1_000_000;
/** First seq of a new session: the client's VM starts its chain here. */
export const INITIAL_SEQ = 0xfffffff0;
/** SEND args longer than this are refused: the client sends 4 elements, the reflector adds none. */
export const MAX_SEND_ARGS = 16;
/** A JOIN `user` string (a viewId, 10 characters from the client) longer than this is refused. */
export const MAX_USER_CHARS = 128;

/**
 * Every close code this server sends. Codes below 4100 make the client reconnect by itself;
 * 4100 and above are fatal for the client (it gives up and tears its view down), so they are only
 * used for real protocol violations. 1000 is never sent: the client would not reconnect.
 *
 * | code | reason                  | when                                                                      | client |
 * |------|-------------------------|---------------------------------------------------------------------------|--------|
 * | 1009 | (ws) message too big    | frame above MAX_PAYLOAD_BYTES (4 MiB), refused by ws before buffering       | reconnects |
 * | 4000 | unknown session         | SEND/TUTTI/SNAP/SAVE/TICKS before JOIN                                     | reconnects |
 * | 4003 | please reconnect        | server shutting down or restarting                                       | reconnects |
 * | 4004 | rate limit exceeded     | one socket sent more frames/bytes than its token bucket allows           | reconnects |
 * | 4100 | outdated protocol       | no/invalid session id in URL; JOIN args not an object, no version, no ticks| fatal  |
 * | 4101 | bad appId               | SAVE in a session whose JOIN gave no appId/persistentId                    | fatal  |
 * | 4102 | malformed message       | not JSON, not an object, no action, wrong argument types, second JOIN      | fatal  |
 * | 4103 | bad apiKey              | JOIN without apiKey                                                       | fatal  |
 * | 4104 | bad snapshot            | SNAP for a seq outside [last snapshot seq, current seq]                   | fatal  |
 * | 4105 | frame too large         | frame above MAX_FRAME_CHARS (1,000,000 characters)                        | fatal  |
 * | 4109 | internal error          | unexpected exception while handling this socket's frame                   | fatal  |
 * | 4121 | client never joined     | no JOIN within the join timeout (10 s by default) of opening the socket   | fatal  |
 * | 4122 | JOIN expected           | before JOIN, any action but JOIN, PING and the ones 4000 covers             | fatal  |
 *
 * Sockets that miss a heartbeat pong are terminated without a close frame (the client sees 1006
 * and reconnects).
 */
export const CloseCode = {
  UnknownSession: 4000,
  PleaseReconnect: 4003,
  RateLimited: 4004,
  OutdatedProtocol: 4100,
  BadAppId: 4101,
  Malformed: 4102,
  BadApiKey: 4103,
  BadSnapshot: 4104,
  FrameTooLarge: 4105,
  InternalError: 4109,
  JoinTimeout: 4121,
  JoinExpected: 4122,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Close codes a client sends when it is going away, rather than losing its connection. From the
 * official client (croquet/croquet packages/croquet/teatime/src/controller.js, class Connection):
 *
 * | code      | the client sends it when                                          | it comes back          |
 * |-----------|-------------------------------------------------------------------|------------------------|
 * | 1000      | `Session.leave()` (session.js)                                    | never                  |
 * | 1001      | (the browser) the page unloads: tab closed, navigated away        | never: the page is gone |
 * | 4110      | dormant: hidden longer than `autoSleep` ("Going dormant")         | when shown: a new join, same viewId |
 * | 4100–4999 | it gave up (4200: wrong password, undecryptable frame, snapshot fetch failed, send rate) | never |
 * | 4000      | JOIN timeout, "Reflector has gone away", simulation error         | at once, so it keeps its place |
 *
 * Only a close the client starts counts: after a close frame of ours, its code is our own echoed.
 */
export const ClientCloseCode = { Leave: 1000, GoingAway: 1001, Dormant: 4110, GaveUpFrom: 4100, GaveUpTo: 4999 } as const;

/** Whether a close frame the client sent first means it is gone (announce its exit at once). */
export function isDepartureClose(code: number): boolean {
  return (
    code === ClientCloseCode.Leave ||
    code === ClientCloseCode.GoingAway ||
    (code >= ClientCloseCode.GaveUpFrom && code <= ClientCloseCode.GaveUpTo) // includes Dormant
  );
}

// ---------------------------------------------------------------- client → reflector

/** JOIN `user`: a viewId, `[viewId]` (location wanted) or `{id, data}` (encrypted viewData). */
export type JoinUser = string | [string] | { id: string; data?: unknown };

export interface JoinArgs {
  version: number;
  apiKey: string;
  ticks: { tick: number; delay: number };
  user?: JoinUser;
  tove?: string;
  leaveDelay?: number;
  name?: string;
  appId?: string;
  persistentId?: string;
  [extra: string]: unknown;
}

/** SEND args: `[clientTime, 0, encryptedPayload, latency, ...rest]`; everything after seq is kept verbatim. */
export type SendArgs = [number, number, string | Record<string, unknown>, ...unknown[]];
export interface SendTags {
  debounce?: number;
  msgID?: string;
}

/** TUTTI args: `[sendTime, 0, payload, firstMsg|null, wantsVote, tallyTarget|null, tuttiKey]`. */
export interface TuttiArgs {
  sendTime: number;
  payload: string;
  firstMsg: SendArgs | null;
  wantsVote: boolean;
  tallyTarget: unknown;
  tuttiKey: string;
}

export interface SnapArgs {
  time: number;
  seq: number;
  hash?: string;
  url: string;
  dissident: unknown;
}

export interface SaveArgs {
  persistTime?: number;
  url: string;
  dissident: unknown;
}

export type ClientFrame =
  | { action: 'JOIN'; args: JoinArgs }
  | { action: 'SEND'; args: SendArgs; tags?: SendTags }
  | { action: 'TUTTI'; args: TuttiArgs }
  | { action: 'SNAP'; args: SnapArgs }
  | { action: 'SAVE'; args: SaveArgs }
  | { action: 'TICKS'; args: { tick?: number; delay?: number } }
  | { action: 'PING'; args: unknown }
  | { action: 'PULSE' }
  | { action: 'LOG'; args: unknown }
  | { action: 'UNKNOWN'; name: string };

export type ParseResult = { ok: true; frame: ClientFrame } | { ok: false; code: CloseCode; reason: string };

const fail = (code: CloseCode, reason: string): ParseResult => ({ ok: false, code, reason });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isUint32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;

/** Which part of would-be SEND args is wrong ('args' for the array itself), or undefined if none. */
function sendArgsProblem(v: unknown): 'args' | 'time' | 'payload' | undefined {
  if (!Array.isArray(v) || v.length < 3 || v.length > MAX_SEND_ARGS) return 'args';
  if (!isNum(v[0])) return 'time';
  if (typeof v[2] !== 'string' && !isObject(v[2])) return 'payload';
  return undefined;
}

function isJoinUser(v: unknown): v is JoinUser {
  if (typeof v === 'string') return v.length > 0 && v.length <= MAX_USER_CHARS;
  if (Array.isArray(v)) return v.length === 1 && typeof v[0] === 'string';
  return isObject(v) && typeof v.id === 'string';
}

/** The one validating parser: a frame, or the close code + reason the socket gets. */
export function parseClientFrame(text: string): ParseResult {
  if (text.length > MAX_FRAME_CHARS) return fail(CloseCode.FrameTooLarge, 'frame too large');
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return fail(CloseCode.Malformed, 'malformed message: not JSON');
  }
  if (!isObject(msg)) return fail(CloseCode.Malformed, 'malformed message: not an object');
  const { action, args } = msg;
  if (typeof action !== 'string') return fail(CloseCode.Malformed, 'malformed message: no action');

  switch (action) {
    case 'JOIN': {
      if (!isObject(args)) return fail(CloseCode.OutdatedProtocol, 'outdated protocol: JOIN args');
      if (!args.version) return fail(CloseCode.OutdatedProtocol, 'outdated protocol: JOIN version');
      if (args.apiKey === undefined) return fail(CloseCode.BadApiKey, 'bad apiKey');
      const ticks = args.ticks;
      if (!isObject(ticks) || !isNum(ticks.tick) || ticks.tick <= 0) {
        return fail(CloseCode.OutdatedProtocol, 'outdated protocol: JOIN without ticks');
      }
      if (args.user !== undefined && args.user !== null && !isJoinUser(args.user)) {
        return fail(CloseCode.Malformed, 'malformed message: JOIN user');
      }
      if (args.tove !== undefined && typeof args.tove !== 'string') return fail(CloseCode.Malformed, 'malformed message: JOIN tove');
      if (args.leaveDelay !== undefined && !(isNum(args.leaveDelay) && args.leaveDelay >= 0)) {
        return fail(CloseCode.Malformed, 'malformed message: JOIN leaveDelay');
      }
      for (const key of ['name', 'appId', 'persistentId'] as const) {
        if (args[key] !== undefined && typeof args[key] !== 'string') return fail(CloseCode.Malformed, `malformed message: JOIN ${key}`);
      }
      const delay = isNum(ticks.delay) && ticks.delay > 0 ? ticks.delay : 0;
      return { ok: true, frame: { action, args: { ...args, ticks: { tick: ticks.tick, delay } } as JoinArgs } };
    }
    case 'SEND': {
      const problem = sendArgsProblem(args);
      if (problem) return fail(CloseCode.Malformed, `malformed message: SEND ${problem}`);
      const sendArgs = args as SendArgs;
      const tags = msg.tags;
      if (tags !== undefined && tags !== null) {
        if (!isObject(tags)) return fail(CloseCode.Malformed, 'malformed message: SEND tags');
        if (tags.debounce !== undefined && !isNum(tags.debounce)) return fail(CloseCode.Malformed, 'malformed message: SEND debounce');
        if (tags.msgID !== undefined && typeof tags.msgID !== 'string') return fail(CloseCode.Malformed, 'malformed message: SEND msgID');
        return { ok: true, frame: { action, args: sendArgs, tags: tags } };
      }
      return { ok: true, frame: { action, args: sendArgs } };
    }
    case 'TUTTI': {
      if (!Array.isArray(args) || args.length < 7) return fail(CloseCode.Malformed, 'malformed message: TUTTI args');
      const [sendTime, , payload, firstMsg, wantsVote, tallyTarget, tuttiKey] = args as unknown[];
      if (!isNum(sendTime)) return fail(CloseCode.Malformed, 'malformed message: TUTTI sendTime');
      if (typeof payload !== 'string') return fail(CloseCode.Malformed, 'malformed message: TUTTI payload');
      if (typeof tuttiKey !== 'string') return fail(CloseCode.Malformed, 'malformed message: TUTTI tuttiKey');
      const first = (firstMsg ?? null) as SendArgs | null; // checked on the next line
      if (first !== null && sendArgsProblem(first)) return fail(CloseCode.Malformed, 'malformed message: TUTTI firstMsg');
      return {
        ok: true,
        frame: { action, args: { sendTime, payload, firstMsg: first, wantsVote: !!wantsVote, tallyTarget: tallyTarget ?? null, tuttiKey } },
      };
    }
    case 'SNAP': {
      if (!isObject(args)) return fail(CloseCode.Malformed, 'malformed message: SNAP args');
      if (!isNum(args.time)) return fail(CloseCode.Malformed, 'malformed message: SNAP time');
      if (!isUint32(args.seq)) return fail(CloseCode.Malformed, 'malformed message: SNAP seq');
      if (typeof args.url !== 'string') return fail(CloseCode.Malformed, 'malformed message: SNAP url');
      return { ok: true, frame: { action, args: args as unknown as SnapArgs } };
    }
    case 'SAVE': {
      if (!isObject(args)) return fail(CloseCode.Malformed, 'malformed message: SAVE args');
      if (typeof args.url !== 'string') return fail(CloseCode.Malformed, 'malformed message: SAVE url');
      return { ok: true, frame: { action, args: args as unknown as SaveArgs } };
    }
    case 'TICKS':
      if (!isObject(args)) return fail(CloseCode.Malformed, 'malformed message: TICKS args');
      return { ok: true, frame: { action, args: args } };
    case 'PING':
      return { ok: true, frame: { action, args } };
    case 'PULSE':
      return { ok: true, frame: { action } };
    case 'LOG':
      return { ok: true, frame: { action, args } };
    default:
      // Unknown actions are ignored and the socket stays open, as the official reflector does.
      return { ok: true, frame: { action: 'UNKNOWN', name: action.slice(0, 40) } };
  }
}

// ---------------------------------------------------------------- reflector → client

/** A message as stored in the log and broadcast: `[time, seq, payload, ...rest]`. */
export type MessageArgs = [number, number, unknown, ...unknown[]];

export interface SyncArgs {
  url: string;
  time: number;
  seq: number;
  tove?: string;
  reflector: string;
  timeline: string;
  flags: Record<string, unknown>;
  snapshotTime?: number;
  snapshotSeq?: number;
  persisted?: true;
}

/** Server frames, for documentation and the raw-socket tests; builders below produce the JSON text. */
export type ServerFrame =
  | { id: string; action: 'SYNC'; args: SyncArgs & { messages: MessageArgs[] } }
  | { id: string; action: 'RECV'; args: MessageArgs }
  | { id: string; action: 'TICK'; args: number }
  | { id: string; action: 'REQU' }
  | { id: string; action: 'INFO'; args: { code: string; msg: string; options: { level: string } } }
  | { action: 'PONG'; args: unknown };

/**
 * SYNC text. `messagesJson` are the stored messages, each already serialized, so a late join with
 * thousands of messages costs one string join, not a re-serialization.
 */
export function syncFrame(id: string, args: SyncArgs, messagesJson: readonly string[]): string {
  const head = JSON.stringify({ id, action: 'SYNC', args: { ...args, messages: [] } });
  // Splice the pre-serialized messages into the empty array (the key is unique in that object).
  const at = head.indexOf('"messages":[]') + '"messages":['.length;
  return head.slice(0, at) + messagesJson.join(',') + head.slice(at);
}

export const recvFrame = (id: string, messageJson: string): string => `{"id":${JSON.stringify(id)},"action":"RECV","args":${messageJson}}`;
/**
 * A TICK frame up to its time (the frame is this, the time and `}`): islands keep it, so a tick is one
 * concatenation. join() makes one flat string; a template literal would leave a tree of string pieces
 * in every island's heap, walked again on every tick.
 */
export const tickFramePrefix = (id: string): string => ['{"id":', JSON.stringify(id), ',"action":"TICK","args":'].join('');
export const requFrame = (id: string): string => JSON.stringify({ id, action: 'REQU' });
export const infoFrame = (id: string, code: string, msg: string, level = 'warning'): string =>
  JSON.stringify({ id, action: 'INFO', args: { code, msg, options: { level } } });
export const pongFrame = (args: unknown): string => JSON.stringify({ action: 'PONG', args });

/** Splits a long frame into `_CHUNK<first><last>` pieces; short frames come back as one element. */
export function chunkFrame(text: string): string[] {
  if (text.length <= CHUNK_CHARS) return [text];
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK_CHARS) {
    const first = at === 0 ? '1' : '0';
    const last = at + CHUNK_CHARS >= text.length ? '1' : '0';
    parts.push(`_CHUNK${first}${last}${text.slice(at, at + CHUNK_CHARS)}`);
  }
  return parts;
}

/** Wrap-aware uint32 comparison: negative if a is before b, 0 if equal, positive if after. */
export const seqDiff = (a: number, b: number): number => (a - b) | 0;
