import { expect } from '@open-wc/testing';
import { MAX_CLIENT_ID_LENGTH, MAX_HISTORY, MAX_PERSON_ID_LENGTH, MAX_REMEMBERED_PEOPLE, MAX_TEXT_LENGTH } from '../src/model/limits.js';
import { readPersistedRoom, type PersistedRoomV1 } from '../src/model/persisted-room.js';
import type { ChatEntry } from '../src/types.js';

// Every persisted shape a room may find when it starts in a new session (a new MODEL_VERSION, other
// rules), read into the state the model restores. The data comes from a member's browser: anything
// that is not a well-formed entry is dropped, and a shape this code does not know starts an empty room.

function post(id: number, overrides: Partial<ChatEntry> = {}): ChatEntry {
  return { id, kind: 'post', viewId: `view-${id}`, personId: 'user:ada', nickname: 'Ada', text: `post ${id}`, time: id * 1000, wallTime: 1_700_000_000_000 + id, clientId: `c${id}`, notice: null, ...overrides };
}

function notice(id: number, entryNotice: ChatEntry['notice'], text: string): ChatEntry {
  return { id, kind: 'system', viewId: '', personId: '', nickname: '', text, time: id * 1000, wallTime: 1_700_000_000_000 + id, clientId: '', notice: entryNotice };
}

function shape1(overrides: Partial<Record<keyof PersistedRoomV1, unknown>> & Record<string, unknown> = {}): Record<string, unknown> {
  return { format: 1, nextEntryId: 1, history: [], people: [], ...overrides };
}

describe('readPersistedRoom, shape 1', () => {
  it('restores a full room: every entry, every person, the next id', () => {
    const history = [
      notice(1, { type: 'reset', reason: 'inactivity' }, 'Chat reset due to inactivity'),
      ...Array.from({ length: MAX_HISTORY - 2 }, (_, i) => post(i + 2, i % 2 ? { personId: 'user:bob', nickname: 'Bob' } : {})),
      notice(MAX_HISTORY, { type: 'rename', from: 'Bob', to: 'Robert' }, 'Bob is now Robert'),
    ];
    const people: [string, string][] = [['user:ada', 'Ada'], ['user:bob', 'Robert']];
    const room = readPersistedRoom(JSON.parse(JSON.stringify(shape1({ nextEntryId: MAX_HISTORY + 1, history, people }))));
    expect(room).to.deep.equal({ nextEntryId: MAX_HISTORY + 1, history, people: new Map(people) });
    expect([...room!.people.keys()], 'people keep their order (longest absent first)').to.deep.equal(['user:ada', 'user:bob']);
  });

  it('restores an empty room as empty', () => {
    expect(readPersistedRoom(shape1())).to.deep.equal({ nextEntryId: 1, history: [], people: new Map() });
    expect(readPersistedRoom({ format: 1 }), 'missing lists are empty').to.deep.equal({ nextEntryId: 1, history: [], people: new Map() });
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
    expect(room!.history).to.deep.equal(good);
    expect([...room!.people]).to.deep.equal([['user:ada', 'Ada'], ['user:bob', 'Bob']]);
  });

  it('keeps only the fields of an entry, and no notice on a post', () => {
    const extra = { ...post(1), html: '<img src=x onerror=alert(1)>', notice: { type: 'reset', reason: 'user' }, self: true };
    const resetExtra = { ...notice(2, { type: 'reset', reason: 'user' }, 'Chat reset at user request'), notice: { type: 'reset', reason: 'user', by: 'Eve' } };
    const room = readPersistedRoom(shape1({ nextEntryId: 3, history: [extra, resetExtra], extra: 'ignored' }));
    expect(room!.history).to.deep.equal([post(1), notice(2, { type: 'reset', reason: 'user' }, 'Chat reset at user request')]);
  });

  it('gives null for shapes it does not know, so the room starts empty rather than guessing', () => {
    for (const data of [undefined, null, 1, 'format 1', [shape1()], { ...shape1(), format: 2 }, { ...shape1(), format: '1' }, { history: [post(1)] }, { ...shape1(), format: 0 }]) {
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
    expect(readPersistedRoom(shape1({ nextEntryId: 8, history }))!.history).to.deep.equal([longest, emoji]);

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
    const next = (nextEntryId: unknown, entries: ChatEntry[] = history) => readPersistedRoom(shape1({ nextEntryId, history: entries }))!.nextEntryId;
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
