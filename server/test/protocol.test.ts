// The wire protocol without sockets: what parseClientFrame() accepts from a client, what it refuses
// (with the close code the socket gets and a reason that names the culprit), and the frames the
// reflector builds for clients.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHUNK_CHARS,
  CloseCode,
  MAX_FRAME_CHARS,
  MAX_SEND_ARGS,
  MAX_USER_CHARS,
  chunkFrame,
  infoFrame,
  isDepartureClose,
  parseClientFrame,
  pongFrame,
  recvFrame,
  requFrame,
  seqDiff,
  syncFrame,
  tickFramePrefix,
  type ClientFrame,
  type SyncArgs,
} from '../protocol.js';

const JOIN_ARGS = { version: 1, apiKey: 'none', ticks: { tick: 50, delay: 0 }, user: 'xl6jm7ugx8', tove: 'tove' };
const TUTTI_ARGS = [7228, 0, '{"cpuTime":5216}', null, true, ['handleSnapshotVote'], 'snapshot@7228'];

/** The frame a client sends, parsed; fails the test if it was refused. */
function accepted(frame: unknown): ClientFrame {
  const result = parseClientFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (!result.ok) assert.fail(`refused with ${result.code} "${result.reason}"`);
  return result.frame;
}

/** Asserts the frame is refused with `code` and a reason matching `reason`. */
function refused(frame: unknown, code: CloseCode, reason: RegExp): void {
  const result = parseClientFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  assert.equal(result.ok, false, `${String(JSON.stringify(frame)).slice(0, 80)} was accepted`);
  if (result.ok) return;
  assert.equal(result.code, code, `close code (reason "${result.reason}")`);
  assert.match(result.reason, reason);
  assert.ok(Buffer.byteLength(result.reason) <= 123, 'a close reason fits in a close frame');
}

describe('parseClientFrame: the frames the official client sends', () => {
  test('JOIN keeps every field the client sent, and a missing tick delay becomes 0', () => {
    const frame = accepted({ id: 'ignored', action: 'JOIN', args: { ...JOIN_ARGS, ticks: { tick: 500 }, leaveDelay: 1250, dormantDelay: 10 } });
    assert.equal(frame.action, 'JOIN');
    if (frame.action !== 'JOIN') return;
    assert.deepEqual(frame.args.ticks, { tick: 500, delay: 0 });
    assert.equal(frame.args.user, 'xl6jm7ugx8');
    assert.equal(frame.args.leaveDelay, 1250);
    assert.equal(frame.args.dormantDelay, 10, 'fields the server does not use pass through');
  });

  test('JOIN takes each of the three user forms: a viewId, [viewId] and {id, data}', () => {
    for (const user of ['v1', ['v1'], { id: 'v1', data: 'encrypted' }]) {
      const frame = accepted({ action: 'JOIN', args: { ...JOIN_ARGS, user } });
      assert.deepEqual(frame.action === 'JOIN' && frame.args.user, user);
    }
  });

  test('SEND keeps the elements after the payload verbatim, and its debounce tags', () => {
    const frame = accepted({ action: 'SEND', args: [1154, 0, 'Lj1Y==', 0, 'extra'], tags: { debounce: 5000, msgID: 'pollForSnapshot' } });
    assert.deepEqual(frame, { action: 'SEND', args: [1154, 0, 'Lj1Y==', 0, 'extra'], tags: { debounce: 5000, msgID: 'pollForSnapshot' } });
    const plain = accepted({ action: 'SEND', args: [0, 0, { what: 'object payload' }] });
    assert.deepEqual(plain, { action: 'SEND', args: [0, 0, { what: 'object payload' }] });
  });

  test('TUTTI becomes named fields, with an optional first message', () => {
    const frame = accepted({ action: 'TUTTI', args: TUTTI_ARGS });
    assert.deepEqual(frame, {
      action: 'TUTTI',
      args: {
        sendTime: 7228,
        payload: '{"cpuTime":5216}',
        firstMsg: null,
        wantsVote: true,
        tallyTarget: ['handleSnapshotVote'],
        tuttiKey: 'snapshot@7228',
      },
    });
    const withFirst = accepted({ action: 'TUTTI', args: [10, 0, 'vote', [10, 0, 'poll', 0], false, null, 'persist@10'] });
    assert.deepEqual(withFirst.action === 'TUTTI' && withFirst.args.firstMsg, [10, 0, 'poll', 0]);
  });

  test('SNAP, SAVE, TICKS, PING, PULSE and LOG are accepted as sent', () => {
    const snap = { time: 7241, seq: 4294967285, hash: 'h', url: 'http://localhost/files/snapshots/s/x.snap', dissident: null };
    assert.deepEqual(accepted({ action: 'SNAP', args: snap }), { action: 'SNAP', args: snap });
    const save = { persistTime: 9, url: 'http://localhost/files/apps/a/p/save/h', dissident: null };
    assert.deepEqual(accepted({ action: 'SAVE', args: save }), { action: 'SAVE', args: save });
    assert.deepEqual(accepted({ action: 'TICKS', args: { tick: 100 } }), { action: 'TICKS', args: { tick: 100 } });
    assert.deepEqual(accepted({ action: 'PING', args: 12345 }), { action: 'PING', args: 12345 });
    assert.deepEqual(accepted('{"action":"PULSE"}'), { action: 'PULSE' });
    assert.deepEqual(accepted({ action: 'LOG', args: ['a', 'b'] }), { action: 'LOG', args: ['a', 'b'] });
  });

  test('an unknown action is accepted as UNKNOWN (ignored, the socket stays open), its name cut for the log', () => {
    assert.deepEqual(accepted({ action: 'FROBNICATE', args: 1 }), { action: 'UNKNOWN', name: 'FROBNICATE' });
    const long = accepted({ action: 'X'.repeat(500) });
    assert.equal(long.action === 'UNKNOWN' && long.name.length, 40);
  });
});

describe('parseClientFrame: refusals', () => {
  test('text that is not one JSON object is malformed (4102)', () => {
    refused('{not json', CloseCode.Malformed, /not JSON/);
    refused('', CloseCode.Malformed, /not JSON/);
    for (const text of ['[1,2,3]', '42', 'null', '"JOIN"']) refused(text, CloseCode.Malformed, /not an object/);
    refused({ args: 1 }, CloseCode.Malformed, /no action/);
    refused({ action: 7 }, CloseCode.Malformed, /no action/);
  });

  test('a frame over MAX_FRAME_CHARS is refused before it is parsed (4105)', () => {
    const big = JSON.stringify({ action: 'SEND', args: [0, 0, 'x'.repeat(MAX_FRAME_CHARS)] });
    refused(big, CloseCode.FrameTooLarge, /too large/);
    // Not even JSON: the size check comes first, so a huge garbage frame costs no parse.
    refused('{'.repeat(MAX_FRAME_CHARS + 1), CloseCode.FrameTooLarge, /too large/);
  });

  test('JOIN from an outdated or foreign client: no args object, no version, no ticks (4100), no apiKey (4103)', () => {
    refused({ action: 'JOIN', args: null }, CloseCode.OutdatedProtocol, /JOIN args/);
    refused({ action: 'JOIN', args: 5 }, CloseCode.OutdatedProtocol, /JOIN args/);
    refused({ action: 'JOIN', args: { ...JOIN_ARGS, version: 0 } }, CloseCode.OutdatedProtocol, /JOIN version/);
    refused({ action: 'JOIN', args: { ...JOIN_ARGS, apiKey: undefined } }, CloseCode.BadApiKey, /apiKey/);
    for (const ticks of [undefined, {}, { tick: 0 }, { tick: -5 }, { tick: '50' }]) {
      refused({ action: 'JOIN', args: { ...JOIN_ARGS, ticks } }, CloseCode.OutdatedProtocol, /ticks/);
    }
  });

  test('JOIN fields of the wrong type or size are named in the reason (4102)', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ user: '' }, /JOIN user/],
      [{ user: 'u'.repeat(MAX_USER_CHARS + 1) }, /JOIN user/],
      [{ user: ['a', 'b'] }, /JOIN user/],
      [{ user: { data: 'no id' } }, /JOIN user/],
      [{ user: 42 }, /JOIN user/],
      [{ tove: 1 }, /JOIN tove/],
      [{ leaveDelay: -1 }, /JOIN leaveDelay/],
      [{ leaveDelay: '1250' }, /JOIN leaveDelay/],
      [{ name: ['room'] }, /JOIN name/],
      [{ appId: 1 }, /JOIN appId/],
      [{ persistentId: {} }, /JOIN persistentId/],
    ];
    for (const [change, reason] of cases) refused({ action: 'JOIN', args: { ...JOIN_ARGS, ...change } }, CloseCode.Malformed, reason);
    // A JOIN without a user is valid: that socket watches without being announced.
    accepted({ action: 'JOIN', args: { ...JOIN_ARGS, user: undefined } });
  });

  test('SEND: the reason names the args, the time, the payload or the tag that is wrong (4102)', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'SEND', args: null }, /SEND args/],
      [{ action: 'SEND', args: 'text' }, /SEND args/],
      [{ action: 'SEND', args: [0, 0] }, /SEND args/],
      [{ action: 'SEND', args: [0, 0, 'p', ...new Array<number>(MAX_SEND_ARGS).fill(0)] }, /SEND args/],
      [{ action: 'SEND', args: ['0', 0, 'p', 0] }, /SEND time/],
      [{ action: 'SEND', args: [null, 0, 'p', 0] }, /SEND time/],
      [{ action: 'SEND', args: [0, 0, 42, 0] }, /SEND payload/],
      [{ action: 'SEND', args: [0, 0, ['array'], 0] }, /SEND payload/],
      [{ action: 'SEND', args: [0, 0, 'p', 0], tags: 'debounce' }, /SEND tags/],
      [{ action: 'SEND', args: [0, 0, 'p', 0], tags: { debounce: '5000' } }, /SEND debounce/],
      [{ action: 'SEND', args: [0, 0, 'p', 0], tags: { msgID: 7 } }, /SEND msgID/],
    ];
    for (const [frame, reason] of cases) refused(frame, CloseCode.Malformed, reason);
    // The longest SEND still accepted.
    accepted({ action: 'SEND', args: [0, 0, 'p', ...new Array<number>(MAX_SEND_ARGS - 3).fill(0)] });
  });

  test('TUTTI: too short, or a wrong sendTime, payload, key or first message is named (4102)', () => {
    const withArg = (at: number, value: unknown): unknown[] => TUTTI_ARGS.map((v, i) => (i === at ? value : v));
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'TUTTI', args: TUTTI_ARGS.slice(0, 6) }, /TUTTI args/],
      [{ action: 'TUTTI', args: { sendTime: 1 } }, /TUTTI args/],
      [{ action: 'TUTTI', args: withArg(0, 'now') }, /TUTTI sendTime/],
      [{ action: 'TUTTI', args: withArg(2, { cpuTime: 1 }) }, /TUTTI payload/],
      [{ action: 'TUTTI', args: withArg(6, null) }, /TUTTI tuttiKey/],
      [{ action: 'TUTTI', args: withArg(3, [1, 0]) }, /TUTTI firstMsg/],
      [{ action: 'TUTTI', args: withArg(3, 'poll') }, /TUTTI firstMsg/],
    ];
    for (const [frame, reason] of cases) refused(frame, CloseCode.Malformed, reason);
  });

  test('SNAP and SAVE name the field that is missing or wrong; a seq outside uint32 is wrong (4102)', () => {
    const snap = { time: 10, seq: 5, url: '/files/x', dissident: null };
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'SNAP', args: [10, 5, '/files/x'] }, /SNAP args/],
      [{ action: 'SNAP', args: { ...snap, time: '10' } }, /SNAP time/],
      [{ action: 'SNAP', args: { ...snap, seq: -1 } }, /SNAP seq/],
      [{ action: 'SNAP', args: { ...snap, seq: 2 ** 32 } }, /SNAP seq/],
      [{ action: 'SNAP', args: { ...snap, seq: 1.5 } }, /SNAP seq/],
      [{ action: 'SNAP', args: { ...snap, url: undefined } }, /SNAP url/],
      [{ action: 'SAVE', args: 'http://x' }, /SAVE args/],
      [{ action: 'SAVE', args: { url: 5, dissident: null } }, /SAVE url/],
      [{ action: 'TICKS', args: 100 }, /TICKS args/],
    ];
    for (const [frame, reason] of cases) refused(frame, CloseCode.Malformed, reason);
    accepted({ action: 'SNAP', args: { ...snap, seq: 0xffffffff } });
  });
});

describe('frames the reflector builds', () => {
  const sync: SyncArgs = { url: '', time: 2934, seq: 4294967283, tove: 'tove', reflector: 'croquet-chat', timeline: 'lybn6zbrzc', flags: {} };

  test('SYNC carries the session id, its fields and the stored messages in order, as valid JSON', () => {
    const stored = [JSON.stringify([201, 4294967281, { what: 'users', joined: ['a'] }]), JSON.stringify([1208, 4294967282, 'Lj1Y', 0])];
    const frame = JSON.parse(syncFrame('session-1', sync, stored));
    assert.deepEqual(frame, {
      id: 'session-1',
      action: 'SYNC',
      args: { ...sync, messages: [[201, 4294967281, { what: 'users', joined: ['a'] }], [1208, 4294967282, 'Lj1Y', 0]] },
    });
    assert.deepEqual(JSON.parse(syncFrame('s', sync, [])).args.messages, [], 'a new session has an empty log');
  });

  test('SYNC stays valid when a stored payload contains the text "messages":[]', () => {
    const tricky = JSON.stringify([1, 2, '"messages":[]', 0]);
    const frame = JSON.parse(syncFrame('s', { ...sync, timeline: '"messages":[]' }, [tricky]));
    assert.deepEqual(frame.args.messages, [[1, 2, '"messages":[]', 0]]);
    assert.equal(frame.args.timeline, '"messages":[]');
  });

  test('RECV, TICK, REQU and INFO carry the session id; PONG does not (the client routes on it)', () => {
    assert.deepEqual(JSON.parse(recvFrame('s"1', '[1208,4294967282,"Lj1Y",0]')), { id: 's"1', action: 'RECV', args: [1208, 4294967282, 'Lj1Y', 0] });
    assert.deepEqual(JSON.parse(`${tickFramePrefix('s1')}1310}`), { id: 's1', action: 'TICK', args: 1310 });
    assert.deepEqual(JSON.parse(requFrame('s1')), { id: 's1', action: 'REQU' });
    assert.deepEqual(JSON.parse(infoFrame('s1', 'SNAPSHOT_NEEDED', 'log full')), {
      id: 's1',
      action: 'INFO',
      args: { code: 'SNAPSHOT_NEEDED', msg: 'log full', options: { level: 'warning' } },
    });
    assert.deepEqual(JSON.parse(pongFrame({ a: 1 })), { action: 'PONG', args: { a: 1 } });
  });

  test('a frame longer than CHUNK_CHARS goes out as _CHUNK pieces that rebuild it; a short one as itself', () => {
    assert.deepEqual(chunkFrame('{"id":"s"}'), ['{"id":"s"}']);
    const long = recvFrame('s', JSON.stringify([1, 2, 'x'.repeat(2 * CHUNK_CHARS)]));
    const parts = chunkFrame(long);
    assert.equal(parts.length, 3);
    assert.deepEqual(
      parts.map((p) => p.slice(0, 8)),
      ['_CHUNK10', '_CHUNK00', '_CHUNK01'],
    );
    assert.ok(parts.every((p) => p.length <= CHUNK_CHARS + 8));
    assert.equal(parts.map((p) => p.slice(8)).join(''), long);
  });
});

describe('protocol arithmetic and close codes', () => {
  test('seq order is wrap-aware: 0 comes right after 0xffffffff', () => {
    assert.equal(seqDiff(0, 0xffffffff), 1);
    assert.equal(seqDiff(0xfffffff0, 5), -21);
    assert.equal(seqDiff(7, 7), 0);
  });

  test('only a close the client chose (leave, unload, dormant, gave up) counts as a departure', () => {
    for (const code of [1000, 1001, 4100, 4110, 4200, 4999]) assert.equal(isDepartureClose(code), true, `code ${code}`);
    for (const code of [1005, 1006, 1011, 4000, 4003]) assert.equal(isDepartureClose(code), false, `code ${code}`);
  });
});
