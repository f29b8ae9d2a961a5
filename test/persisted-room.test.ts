import { expect } from '@open-wc/testing';
import { toBase64url } from '../src/model/base64url.js';
import { MAX_CLIENT_ID_LENGTH, MAX_EMOJI_LENGTH, MAX_HISTORY, MAX_HISTORY_LIMIT, MAX_IMAGE_SIDE, MAX_MENTIONS, MAX_PERSON_ID_LENGTH, MAX_REACTION_EMOJI, MAX_REACTIONS_PER_POST, MAX_REMEMBERED_PEOPLE, MAX_TEXT_LENGTH } from '../src/model/limits.js';
import { readPersistedRoom, type PersistedRoom, type PersistedRoomV1, type PersistedRoomV2, type PersistedRoomV3 } from '../src/model/persisted-room.js';
import { UNTOUCHED } from '../src/model/room-entries.js';
import type { ChatEntry } from '../src/types.js';

// Every persisted shape a room may find when it starts in a new session (a new MODEL_VERSION, other
// rules), read into the state the model restores. The data comes from a member's browser: anything
// that is not a well-formed entry is dropped, and a shape this code does not know starts an empty room.

/** An entry as shape 1 stored it (MODEL_VERSION 1 to 3): no edited, deleted, moderated or verified marks. */
type V1Entry = Omit<ChatEntry, keyof typeof UNTOUCHED>;

function post(id: number, overrides: Partial<V1Entry> = {}): V1Entry {
  return { id, kind: 'post', viewId: `view-${id}`, personId: 'user:ada', nickname: 'Ada', text: `post ${id}`, time: id * 1000, wallTime: 1_700_000_000_000 + id, clientId: `c${id}`, notice: null, ...overrides };
}

function notice(id: number, entryNotice: ChatEntry['notice'], text: string): V1Entry {
  return { id, kind: 'system', viewId: '', personId: '', nickname: '', text, time: id * 1000, wallTime: 1_700_000_000_000 + id, clientId: '', notice: entryNotice };
}

/** A shape-1 entry as the room restores it now: with the four marks, all false (nothing old was edited, removed or vouched for), no reply, no reactions. */
function restored(entry: V1Entry): ChatEntry {
  return { ...entry, edited: false, deleted: false, moderated: false, verified: false, replyTo: 0, reactions: {}, mentions: [], image: null };
}

function shape1(overrides: Partial<Record<keyof PersistedRoomV1, unknown>> & Record<string, unknown> = {}): Record<string, unknown> {
  return { format: 1, nextEntryId: 1, history: [], people: [], ...overrides };
}

/** What a room restored from shape 1 has for mutes and bans (shape 1 had none). */
const NO_MODERATION = { mutes: new Map<string, number>(), bans: new Set<string>() };

describe('readPersistedRoom, shape 1', () => {
  it('restores a full room: every entry, every person, the next id', () => {
    const history = [
      notice(1, { type: 'reset', reason: 'inactivity' }, 'Chat reset due to inactivity'),
      ...Array.from({ length: MAX_HISTORY - 2 }, (_, i) => post(i + 2, i % 2 ? { personId: 'user:bob', nickname: 'Bob' } : {})),
      notice(MAX_HISTORY, { type: 'rename', from: 'Bob', to: 'Robert' }, 'Bob is now Robert'),
    ];
    const people: [string, string][] = [['user:ada', 'Ada'], ['user:bob', 'Robert']];
    const room = readPersistedRoom(JSON.parse(JSON.stringify(shape1({ nextEntryId: MAX_HISTORY + 1, history, people }))));
    // Since shape 2 every entry has its marks and every room its mutes and bans: none for an old room.
    expect(room).to.deep.equal({ nextEntryId: MAX_HISTORY + 1, history: history.map(restored), people: new Map(people), ...NO_MODERATION });
    expect([...room!.people.keys()], 'people keep their order (longest absent first)').to.deep.equal(['user:ada', 'user:bob']);
  });

  it('restores an empty room as empty', () => {
    expect(readPersistedRoom(shape1())).to.deep.equal({ nextEntryId: 1, history: [], people: new Map(), ...NO_MODERATION });
    expect(readPersistedRoom({ format: 1 }), 'missing lists are empty').to.deep.equal({ nextEntryId: 1, history: [], people: new Map(), ...NO_MODERATION });
  });

  it('drops malformed entries and people, keeps the rest in order', () => {
    const good = [post(1), notice(2, { type: 'reset', reason: 'user' }, 'Chat reset at user request'), post(5)];
    const history = [
      good[0],
      null,
      'post 2',
      [post(3)],
      { ...post(3), id: 0 },
      { ...post(3), id: -3 },
      { ...post(3), id: 3.5 },
      { ...post(3), id: '3' },
      { ...post(3), kind: 'presence' }, // "joined"/"left" lines are not carried over
      { ...post(3), kind: 'html' },
      { ...post(3), text: 42 },
      { ...post(3), nickname: undefined },
      { ...post(3), time: Number.NaN },
      { ...post(3), wallTime: '1700000000000' },
      { ...post(3), viewId: null },
      notice(3, { type: 'joined', names: ['Ada'] } as unknown as ChatEntry['notice'], 'Ada joined'),
      notice(3, { type: 'reset', reason: 'because' } as unknown as ChatEntry['notice'], 'Chat reset'),
      notice(3, { type: 'rename', from: 'A' } as unknown as ChatEntry['notice'], 'A is now'),
      notice(3, null, 'a system entry without a notice'),
      good[1],
      good[2],
    ];
    const people = [['user:ada', 'Ada'], 'user:bob', ['', 'Nobody'], ['user:eve'], ['user:eve', 7], [9, 'Nine'], null, ['user:bob', 'Bob']];
    const room = readPersistedRoom(shape1({ nextEntryId: 6, history, people }));
    expect(room!.history).to.deep.equal(good.map(restored));
    expect([...room!.people]).to.deep.equal([['user:ada', 'Ada'], ['user:bob', 'Bob']]);
  });

  it('keeps only the fields of an entry, and no notice on a post', () => {
    const extra = { ...post(1), html: '<img src=x onerror=alert(1)>', notice: { type: 'reset', reason: 'user' }, self: true };
    const resetExtra = { ...notice(2, { type: 'reset', reason: 'user' }, 'Chat reset at user request'), notice: { type: 'reset', reason: 'user', by: 'Eve' } };
    const room = readPersistedRoom(shape1({ nextEntryId: 3, history: [extra, resetExtra], extra: 'ignored' }));
    expect(room!.history).to.deep.equal([post(1), notice(2, { type: 'reset', reason: 'user' }, 'Chat reset at user request')].map(restored));
  });

  it('gives null for shapes it does not know, so the room starts empty rather than guessing', () => {
    // Shape 2 is known since MODEL_VERSION 4, 3 since 5, 4 since 6 (see below); 5 would come from a newer version.
    for (const data of [undefined, null, 1, 'format 1', [shape1()], { ...shape1(), format: 5 }, { ...shape1(), format: '1' }, { ...shape1(), format: '3' }, { history: [post(1)] }, { ...shape1(), format: 0 }]) {
      expect(readPersistedRoom(data), JSON.stringify(data) ?? 'undefined').to.equal(null);
    }
  });

  it('drops oversized fields and keeps the newest of too many entries or people', () => {
    const longest = post(1, { text: 'x'.repeat(MAX_TEXT_LENGTH) });
    // MAX_TEXT_LENGTH counts code points: an emoji post at the limit is twice as long in UTF-16.
    const emoji = post(2, { text: '😀'.repeat(MAX_TEXT_LENGTH) });
    const history = [
      longest,
      emoji,
      post(3, { text: 'x'.repeat(MAX_TEXT_LENGTH * 2 + 1) }),
      post(4, { personId: 'p'.repeat(MAX_PERSON_ID_LENGTH + 1) }),
      post(5, { clientId: 'c'.repeat(MAX_CLIENT_ID_LENGTH + 1) }),
      post(6, { nickname: 'n'.repeat(1000) }),
      post(7, { viewId: 'v'.repeat(1000) }),
    ];
    expect(readPersistedRoom(shape1({ nextEntryId: 8, history }))!.history).to.deep.equal([longest, emoji].map(restored));

    const many = Array.from({ length: MAX_HISTORY + 20 }, (_, i) => post(i + 1));
    const kept = readPersistedRoom(shape1({ nextEntryId: MAX_HISTORY + 21, history: many }))!;
    expect(kept.history.map((entry) => entry.id)).to.deep.equal(many.slice(-MAX_HISTORY).map((entry) => entry.id));
    expect(kept.nextEntryId).to.equal(MAX_HISTORY + 21);

    const people = Array.from({ length: MAX_REMEMBERED_PEOPLE + 5 }, (_, i) => [`user:${i}`, `Person ${i}`]);
    people.push(['p'.repeat(MAX_PERSON_ID_LENGTH + 1), 'Too long an id'], ['user:long-name', 'n'.repeat(1000)]);
    const remembered = readPersistedRoom(shape1({ people }))!.people;
    expect(remembered.size).to.be.at.most(MAX_REMEMBERED_PEOPLE);
    expect(remembered.has(`user:${MAX_REMEMBERED_PEOPLE + 4}`), 'the most recent person is kept').to.equal(true);
    expect(remembered.has('user:0'), 'the longest absent is forgotten').to.equal(false);
    expect([...remembered.keys()].some((id) => id.length > MAX_PERSON_ID_LENGTH || id === 'user:long-name')).to.equal(false);
  });

  it('repairs nextEntryId from the history, so a new entry never reuses an id', () => {
    const history = [post(3), post(9), post(4)];
    const next = (nextEntryId: unknown, entries: V1Entry[] = history) => readPersistedRoom(shape1({ nextEntryId, history: entries }))!.nextEntryId;
    expect(next(2), 'behind the history').to.equal(10);
    expect(next(10)).to.equal(10);
    expect(next(25), 'ahead of the history (older entries were dropped): kept').to.equal(25);
    for (const bad of [undefined, null, '12', Number.NaN, Number.POSITIVE_INFINITY, 12.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(next(bad), `nextEntryId ${String(bad)}`).to.equal(10);
    }
    expect(next(undefined, []), 'an empty room starts at 1').to.equal(1);
    expect(next(-5, []), 'never below 1').to.equal(1);
  });

  it('passes names through the room\'s rules again: a restored room shows no name a live room would refuse', () => {
    const bidi = '\u202EevE';
    const history = [
      post(1, { nickname: `  Ada\u0007   Lovelace ${bidi} ` }),
      post(2, { nickname: '\u200F\u0000' }), // nothing left of the name: dropped
      post(3, { text: '   ' }), // no words: dropped
      notice(4, { type: 'rename', from: 'Bob\u202E', to: 'Rob   ert' }, 'something else entirely'),
      notice(5, { type: 'rename', from: '\u2066', to: 'Robert' }, 'is now Robert'),
      { ...notice(6, { type: 'reset', reason: 'user' }, '<b>hacked</b>'), personId: 'user:eve', nickname: 'Eve', clientId: 'c6' },
    ];
    const people = [['user:ada', `Ada\u202E  Lovelace`], ['user:ghost', '\u0000\u202E'], ['user:bob', 'x'.repeat(40)]];
    const room = readPersistedRoom(shape1({ nextEntryId: 7, history, people }))!;
    expect(room.history.map((entry) => [entry.id, entry.nickname, entry.text])).to.deep.equal([
      [1, 'Ada Lovelace evE', 'post 1'],
      [4, '', 'Bob is now Rob ert'],
      [6, '', 'Chat reset at user request'],
    ]);
    expect(room.history[1].notice).to.deep.equal({ type: 'rename', from: 'Bob', to: 'Rob ert' });
    expect(room.history[2], 'a notice has no author').to.include({ personId: '', viewId: '', clientId: '' });
    expect([...room.people]).to.deep.equal([['user:ada', 'Ada Lovelace'], ['user:bob', 'x'.repeat(32)]]);
  });

  it('keeps the first of entries that share an id (ids key the rows the widget renders)', () => {
    const room = readPersistedRoom(shape1({ nextEntryId: 4, history: [post(1), post(2), post(1, { text: 'again' }), post(3), post(2)] }))!;
    expect(room.history.map((entry) => [entry.id, entry.text])).to.deep.equal([[1, 'post 1'], [2, 'post 2'], [3, 'post 3']]);
  });
});

/** Person ids as the room has them since MODEL_VERSION 4: Ed25519 keys (base64url), or `site:<sub>` for people a site vouches for. */
const ADA = toBase64url(new Uint8Array(32).fill(1));
const BOB = toBase64url(new Uint8Array(32).fill(2));
const EVE = toBase64url(new Uint8Array(32).fill(3));

/** A post as shape 2 stores it: fresh unless `overrides` say otherwise. */
function post2(id: number, overrides: Partial<ChatEntry> = {}): ChatEntry {
  return { ...post(id, { personId: ADA }), ...UNTOUCHED, ...overrides };
}

function shape2(overrides: Partial<Record<keyof PersistedRoomV2, unknown>> & Record<string, unknown> = {}): Record<string, unknown> {
  return { format: 2, nextEntryId: 1, history: [], people: [], mutes: [], bans: [], ...overrides };
}

describe('readPersistedRoom, shape 2', () => {
  it('restores a room as the model persists it: edits, removals, vouched-for posts, mutes with the time left, bans', () => {
    const history: ChatEntry[] = [
      restored(notice(1, { type: 'reset', reason: 'moderator' }, 'Chat reset by a moderator')),
      post2(2, { personId: 'site:ada', verified: true }),
      post2(3, { personId: BOB, nickname: 'Bob', text: 'post 3, with a typo fixed', edited: true }),
      post2(4, { text: '', deleted: true }), // removed by its author: a tombstone without words
      post2(5, { personId: EVE, nickname: 'Eve', text: '', deleted: true, moderated: true }), // removed by a moderator
      post2(6, { personId: 'site:ada', text: '', deleted: true, moderated: true, verified: true }),
    ];
    const data: PersistedRoomV2 = {
      format: 2,
      nextEntryId: 7,
      history,
      people: [[ADA, 'Ada'], ['site:ada', 'Ada Lovelace'], [BOB, 'Bob'], [EVE, 'Eve']],
      mutes: [[BOB, 90_000], [EVE, -1], ['site:mallory', 0]],
      bans: ['site:mallory', EVE],
    };
    expect(readPersistedRoom(JSON.parse(JSON.stringify(data)))).to.deep.equal({
      nextEntryId: 7,
      history,
      people: new Map(data.people),
      mutes: new Map([[BOB, 90_000], [EVE, -1], ['site:mallory', 0]]),
      bans: new Set(['site:mallory', EVE]),
    });
  });

  it('restores an empty room as empty, missing lists too', () => {
    const empty = { nextEntryId: 1, history: [], people: new Map(), mutes: new Map(), bans: new Set() };
    expect(readPersistedRoom(shape2())).to.deep.equal(empty);
    expect(readPersistedRoom({ format: 2 })).to.deep.equal(empty);
    expect(readPersistedRoom(shape2({ mutes: 'everyone', bans: { [EVE]: true } })), 'lists that are not lists').to.deep.equal(empty);
  });

  it('takes a mark only when it is exactly true', () => {
    const history = [
      post2(1, { edited: 'true' as unknown as boolean }),
      post2(2, { verified: 1 as unknown as boolean }),
      post2(3, { edited: null as unknown as boolean, verified: undefined }),
      post2(4, { edited: true, verified: true }),
    ];
    const room = readPersistedRoom(shape2({ nextEntryId: 5, history }))!;
    expect(room.history.map(({ id, edited, deleted, moderated, verified }) => [id, edited, deleted, moderated, verified])).to.deep.equal([
      [1, false, false, false, false],
      [2, false, false, false, false],
      [3, false, false, false, false],
      [4, true, false, false, true],
    ]);
  });

  it('keeps `edited` only on a post that is still there, and `moderated` only on a removed one', () => {
    const history = [
      post2(1, { edited: true, moderated: true }), // not removed: no moderator removed it
      post2(2, { text: '', deleted: true, edited: true }), // removed: its edit went with its words
      post2(3, { text: '', deleted: true, edited: true, moderated: true }),
    ];
    const room = readPersistedRoom(shape2({ nextEntryId: 4, history }))!;
    expect(room.history).to.deep.equal([
      post2(1, { edited: true }),
      post2(2, { text: '', deleted: true }),
      post2(3, { text: '', deleted: true, moderated: true }),
    ]);
  });

  it('drops a post whose words and removal disagree: no words but not removed, or removed with its words still there', () => {
    const tombstone = post2(5, { text: '', deleted: true });
    const history = [
      post2(1, { text: '' }),
      post2(2, { text: '  \n ' }),
      post2(3, { text: 'still here', deleted: true }),
      post2(4, { text: '', deleted: 'true' as unknown as boolean }), // not removed, so a post without words
      tombstone,
      post2(6),
    ];
    expect(readPersistedRoom(shape2({ nextEntryId: 7, history }))!.history).to.deep.equal([tombstone, post2(6)]);
  });

  it('makes notices again the model\'s way: a notice carries no marks, whatever the data said', () => {
    const marked = { ...restored(notice(1, { type: 'reset', reason: 'moderator' }, '<b>nothing to see</b>')), edited: true, deleted: true, moderated: true, verified: true };
    const room = readPersistedRoom(shape2({ nextEntryId: 2, history: [marked] }))!;
    expect(room.history).to.deep.equal([restored(notice(1, { type: 'reset', reason: 'moderator' }, 'Chat reset by a moderator'))]);
  });

  it('drops malformed mutes and bans, keeps the rest in order', () => {
    const longId = 'p'.repeat(MAX_PERSON_ID_LENGTH + 1);
    const mutes = [
      [ADA, 60_000],
      BOB,
      [BOB],
      ['', 5],
      [longId, 5],
      [7, 5],
      [BOB, '5'],
      [BOB, -2], // -1 is "until unmuted"; nothing else is below 0
      [BOB, 1.5],
      [BOB, Number.NaN],
      [BOB, Number.POSITIVE_INFINITY],
      [BOB, Number.MAX_SAFE_INTEGER + 2],
      [BOB, null],
      null,
      { 0: BOB, 1: 5 },
      ['site:carol', 0], // the mute ran out as the room moved: it ends at once in the new session
      [EVE, -1],
    ];
    const bans = [ADA, '', 7, null, longId, [BOB], { id: BOB }, 'site:eve', 'p'.repeat(MAX_PERSON_ID_LENGTH)];
    const room = readPersistedRoom(shape2({ mutes, bans }))!;
    expect([...room.mutes]).to.deep.equal([[ADA, 60_000], ['site:carol', 0], [EVE, -1]]);
    expect([...room.bans]).to.deep.equal([ADA, 'site:eve', 'p'.repeat(MAX_PERSON_ID_LENGTH)]);
  });

  it(`keeps the newest ${MAX_REMEMBERED_PEOPLE} mutes and bans`, () => {
    const ids = Array.from({ length: MAX_REMEMBERED_PEOPLE + 5 }, (_, i) => `site:person-${i}`);
    const room = readPersistedRoom(shape2({ mutes: ids.map((id) => [id, -1]), bans: ids }))!;
    expect([...room.mutes.keys()]).to.deep.equal(ids.slice(-MAX_REMEMBERED_PEOPLE));
    expect([...room.bans]).to.deep.equal(ids.slice(-MAX_REMEMBERED_PEOPLE));
  });

  it('still reads shape 1, so an old room carries over: its entries unmarked, nobody muted or banned', () => {
    // Lists only shape 2 has are not read from shape 1, even when an old room's data has fields of those names.
    const history = [post(1), post(2, { personId: 'user:bob', nickname: 'Bob' }), notice(3, { type: 'reset', reason: 'user' }, 'Chat reset at user request')];
    const data = shape1({ nextEntryId: 4, history, people: [['user:ada', 'Ada'], ['user:bob', 'Bob']], mutes: [['user:bob', -1]], bans: ['user:ada'] });
    expect(readPersistedRoom(JSON.parse(JSON.stringify(data)))).to.deep.equal({
      nextEntryId: 4,
      history: history.map(restored),
      people: new Map([['user:ada', 'Ada'], ['user:bob', 'Bob']]),
      ...NO_MODERATION,
    });
  });
});

function shape3(overrides: Partial<Record<keyof PersistedRoom, unknown>> & Record<string, unknown> = {}): Record<string, unknown> {
  return { ...shape2(overrides), format: 3 };
}

describe('readPersistedRoom, shape 3', () => {
  it('restores replies and reactions as the model persists them, in their order', () => {
    const history: ChatEntry[] = [
      post2(1),
      post2(2, { personId: BOB, nickname: 'Bob', replyTo: 1, reactions: { '👍': [ADA, 'site:eve'], '🇫🇷': [BOB] } }),
      post2(3, { replyTo: 2, reactions: { '👨‍👩‍👧‍👦': [BOB], '1️⃣': [ADA], '👋🏽': [EVE], '🏴󠁧󠁢󠁳󠁣󠁴󠁿': [ADA] } }),
      post2(4, { text: '', deleted: true, replyTo: 1 }), // a removed reply still says what it answered
      post2(5, { replyTo: 4 }), // a reply to a removed post
    ];
    const data: PersistedRoomV3 = { format: 3, nextEntryId: 6, history, people: [[ADA, 'Ada'], [BOB, 'Bob']], mutes: [], bans: [] };
    const room = readPersistedRoom(JSON.parse(JSON.stringify(data)))!;
    expect(room.history).to.deep.equal(history);
    expect(Object.keys(room.history[2].reactions), 'emoji keep their order').to.deep.equal(['👨‍👩‍👧‍👦', '1️⃣', '👋🏽', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']);
  });

  it(`keeps the newest ${MAX_HISTORY_LIMIT} entries of a room that kept more than ${MAX_HISTORY}, and still ${MAX_HISTORY} of an older shape`, () => {
    const many = Array.from({ length: MAX_HISTORY_LIMIT + 20 }, (_, i) => post2(i + 1));
    const room = readPersistedRoom(shape3({ nextEntryId: many.length + 1, history: many }))!;
    expect(room.history.map((entry) => entry.id)).to.deep.equal(many.slice(-MAX_HISTORY_LIMIT).map((entry) => entry.id));
    const older = readPersistedRoom(shape2({ nextEntryId: many.length + 1, history: many }))!;
    expect(older.history.map((entry) => entry.id)).to.deep.equal(many.slice(-MAX_HISTORY).map((entry) => entry.id));
  });

  it('takes a reply only as the id of an earlier entry, and none on a notice', () => {
    // Post 20 may answer any post before it, 1 among them (out of the history now, or never there).
    const refused: unknown[] = [0, -1, 1.5, '2', null, Number.NaN, Infinity, 20, 21, Number.MAX_SAFE_INTEGER + 2, [2], { id: 2 }];
    const history = [...[1, 19].map((replyTo) => post2(20, { replyTo })), ...refused.map((replyTo) => ({ ...post2(20), replyTo }))];
    const read = (entry: unknown) => readPersistedRoom(shape3({ nextEntryId: 21, history: [entry] }))!.history[0].replyTo;
    expect(history.map(read)).to.deep.equal([1, 19, ...refused.map(() => 0)]);
    const reply = { ...restored(notice(20, { type: 'reset', reason: 'user' }, 'Chat reset at user request')), replyTo: 19 };
    expect(read(reply), 'a notice answers nothing').to.equal(0);
  });

  it('drops what is malformed in reactions: emoji that are not one emoji, ids that are not person ids, repeats, empty lists', () => {
    const reactions = {
      '👍': [ADA, ADA, 'Ada', '', 7, null, 'site:', `${ADA}=`, 'user:ada', BOB],
      a: [ADA],
      '👍👍': [ADA],
      '': [ADA],
      ' 👍': [ADA],
      '👍\u0007': [ADA],
      '\u200d': [ADA],
      '1': [ADA],
      ['x'.repeat(MAX_EMOJI_LENGTH + 8)]: [ADA],
      ['👨‍👩‍👧‍👦'.repeat(3)]: [ADA],
      '🎉': [],
      '😀': 'everyone',
      '❤️': { 0: ADA },
      '🔥': [EVE],
    };
    const history = [
      // As JSON.parse gives it: "__proto__" an own key, not the object's prototype.
      { ...post2(1), reactions: JSON.parse(JSON.stringify(reactions).replace('{', `{"__proto__":["${ADA}"],`)) as unknown },
      { ...post2(2), reactions: [['👍', [ADA]]] },
      { ...post2(3), reactions: 'lots' },
      { ...post2(4, { text: '', deleted: true }), reactions: { '👍': [ADA] } }, // a removed post's reactions went with it
    ];
    const room = readPersistedRoom(shape3({ nextEntryId: 5, history }))!;
    expect(room.history.map((entry) => entry.reactions)).to.deep.equal([{ '👍': [ADA, BOB], '🔥': [EVE] }, {}, {}, {}]);
    expect(Object.getPrototypeOf(room.history[0].reactions), 'no prototype smuggled in').to.equal(Object.prototype);
  });

  it(`keeps at most ${MAX_REACTION_EMOJI} different emoji and ${MAX_REACTIONS_PER_POST} reactions on a post, the first ones`, () => {
    const emoji = Array.from({ length: MAX_REACTION_EMOJI + 5 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    const people = Array.from({ length: MAX_REACTIONS_PER_POST + 50 }, (_, i) => `site:person-${i}`);
    const room = readPersistedRoom(shape3({
      nextEntryId: 3,
      history: [
        post2(1, { reactions: Object.fromEntries(emoji.map((e) => [e, [ADA]])) }),
        post2(2, { reactions: { '👍': people.slice(0, MAX_REACTIONS_PER_POST - 10), '👎': people.slice(-40) } }),
      ],
    }))!;
    expect(Object.keys(room.history[0].reactions)).to.deep.equal(emoji.slice(0, MAX_REACTION_EMOJI));
    expect(room.history[1].reactions['👍']).to.have.length(MAX_REACTIONS_PER_POST - 10);
    expect(room.history[1].reactions['👎']).to.deep.equal(people.slice(-40, -30));
  });

  it('reads no replies or reactions from shape 2, even when its data has fields of those names', () => {
    const history = [post2(1), { ...post2(2), replyTo: 1, reactions: { '👍': [ADA] } }];
    expect(readPersistedRoom(shape2({ nextEntryId: 3, history }))!.history).to.deep.equal([post2(1), post2(2)]);
  });
});

describe('readPersistedRoom, shape 4', () => {
  const photo = { handle: `4${'A'.repeat(60)}`, width: 1600, height: 900, type: 'image/webp', alt: 'harbour.png' };

  it('restores mentions and images as the model persists them, an image post without words too', () => {
    const history: ChatEntry[] = [
      post2(1, { text: '@Bob and @Eve, look', mentions: [BOB, EVE] }),
      post2(2, { text: '', image: photo }),
      post2(3, { text: 'the harbour at dawn', image: { ...photo, type: 'image/gif', width: 1, height: 1, alt: '' }, replyTo: 1 }),
    ];
    const data: PersistedRoom = { format: 4, nextEntryId: 4, history, people: [[ADA, 'Ada'], [BOB, 'Bob'], [EVE, 'Eve']], mutes: [], bans: [] };
    expect(readPersistedRoom(JSON.parse(JSON.stringify(data)))!.history).to.deep.equal(history);
  });

  it('drops an image out of the rules, and with it a post that had nothing else', () => {
    const refused: unknown[] = [
      { ...photo, handle: '' }, { ...photo, handle: 'x'.repeat(20) }, { ...photo, handle: `4${'A'.repeat(2000)}` }, { ...photo, handle: '4<script>' },
      { ...photo, width: 0 }, { ...photo, height: MAX_IMAGE_SIDE + 1 }, { ...photo, width: 1.5 }, { ...photo, width: '100' },
      { ...photo, type: 'image/svg+xml' }, { ...photo, type: 'text/html' }, 'a picture', [photo],
    ];
    const captioned = refused.map((image, i) => ({ ...post2(i + 1, { text: 'caption' }), image }));
    const bare = refused.map((image, i) => ({ ...post2(i + 100, { text: '' }), image }));
    const room = readPersistedRoom(shape4({ nextEntryId: 200, history: [...captioned, ...bare] }))!;
    expect(room.history.map((entry) => entry.image), 'the captions stay, without images').to.deep.equal(refused.map(() => null));
    expect(room.history.map((entry) => entry.id)).to.deep.equal(captioned.map((entry) => entry.id));
  });

  it('keeps alt text as one plain line, and mentions as distinct person ids, at most the limit', () => {
    const many = Array.from({ length: MAX_MENTIONS + 5 }, (_, i) => `site:person-${i}`);
    const room = readPersistedRoom(shape4({
      nextEntryId: 5,
      history: [
        { ...post2(1), image: { ...photo, alt: '  a  dog\n\non a\tboat\u0007\u202e  ' } },
        { ...post2(2), mentions: [BOB, BOB, '', 7, null, EVE] },
        { ...post2(3), mentions: many },
        { ...post2(4), mentions: 'everyone' },
      ],
    }))!;
    expect(room.history[0].image?.alt).to.equal('a dog on a boat');
    expect(room.history[3].mentions).to.deep.equal([]);
    expect(room.history[1].mentions).to.deep.equal([BOB, EVE]);
    expect(room.history[2].mentions).to.deep.equal(many.slice(0, MAX_MENTIONS));
  });

  it('reads no mentions or images from shape 3, and none on a removed post', () => {
    const history = [{ ...post2(1), mentions: [BOB], image: photo }, { ...post2(2, { text: '', deleted: true }), mentions: [BOB], image: photo }];
    expect(readPersistedRoom(shape3({ nextEntryId: 3, history }))!.history).to.deep.equal([post2(1), post2(2, { text: '', deleted: true })]);
    expect(readPersistedRoom(shape4({ nextEntryId: 3, history }))!.history[1]).to.deep.equal(post2(2, { text: '', deleted: true }));
  });
});

function shape4(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...shape2(overrides), format: 4 };
}
