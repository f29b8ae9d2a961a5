import { expect } from '@open-wc/testing';
import { GROUP_WINDOW_MS, groupMessages } from '../src/ui/group-messages.js';
import type { GroupableMessage, RenderRow } from '../src/ui/group-messages.js';

const MINUTE = 60_000;
const day0 = new Date(2024, 2, 5, 9, 0).getTime();
let nextId = 1;
const post = (personId: string, wallTime: number): GroupableMessage => ({ id: nextId++, kind: 'post', personId, wallTime });
const line = (kind: 'system' | 'presence', wallTime: number): GroupableMessage => ({ id: nextId++, kind, personId: '', wallTime });

/** A compact picture of a plan: "day", or "<id>" with "[" at a group start and "]" at a group end. */
function shape(rows: RenderRow<GroupableMessage>[]): string[] {
  return rows.map((row) =>
    row.kind === 'day' ? 'day' : `${row.groupStart ? '[' : ''}${row.message.id}${row.groupEnd ? ']' : ''}`,
  );
}

describe('groupMessages()', () => {
  beforeEach(() => {
    nextId = 1;
  });

  it('plans nothing for no messages', () => {
    expect(groupMessages([])).to.deep.equal([]);
  });

  it('groups consecutive posts by one person within the window', () => {
    const messages = [post('a', day0), post('a', day0 + MINUTE), post('a', day0 + 2 * MINUTE), post('b', day0 + 3 * MINUTE), post('a', day0 + 4 * MINUTE)];
    expect(shape(groupMessages(messages))).to.deep.equal(['day', '[1', '2', '3]', '[4]', '[5]']);
  });

  it('starts a new group once a post is past the window from the group\'s first post', () => {
    const messages = [post('a', day0), post('a', day0 + 4 * MINUTE), post('a', day0 + GROUP_WINDOW_MS + 1)];
    expect(shape(groupMessages(messages))).to.deep.equal(['day', '[1', '2]', '[3]']);
    expect(shape(groupMessages(messages, { groupWindowMs: 10 * MINUTE }))).to.deep.equal(['day', '[1', '2', '3]']);
  });

  it('lets system and presence lines break groups and stand alone', () => {
    const messages = [post('a', day0), line('presence', day0 + 1), post('a', day0 + 2), line('system', day0 + 3), line('system', day0 + 4)];
    expect(shape(groupMessages(messages))).to.deep.equal(['day', '[1]', '[2]', '[3]', '[4]', '[5]']);
  });

  it('puts a day separator before the first entry of each day and breaks groups there', () => {
    const late = new Date(2024, 2, 5, 23, 58).getTime();
    const early = new Date(2024, 2, 6, 0, 1).getTime();
    const messages = [post('a', late), post('a', early), post('a', early + MINUTE)];
    const rows = groupMessages(messages);
    expect(shape(rows)).to.deep.equal(['day', '[1]', 'day', '[2', '3]']);
    expect(rows[2]).to.include({ kind: 'day', wallTime: early });
  });

  it('keeps keys unique when a skewed clock brings a day back', () => {
    const today = day0;
    const yesterday = day0 - 24 * 60 * MINUTE;
    const rows = groupMessages([post('a', today), post('b', yesterday), post('c', today)]);
    expect(shape(rows)).to.deep.equal(['day', '[1]', 'day', '[2]', 'day', '[3]']);
    expect(new Set(rows.map((row) => row.key)).size).to.equal(rows.length);
  });

  it('groups by the reader\'s day function when given one', () => {
    const messages = [post('a', 0), post('a', 1)];
    expect(shape(groupMessages(messages, { dayOf: (t) => t }))).to.deep.equal(['day', '[1]', 'day', '[2]']);
  });

  it('keeps every earlier row\'s key, and all but the last row itself, when a message arrives', () => {
    const history = Array.from({ length: 100 }, (_, i) => post(i % 3 === 0 ? 'a' : 'b', day0 + i * MINUTE));
    const before = groupMessages(history);
    const after = groupMessages([...history, post('b', day0 + 100 * MINUTE)]);
    expect(after.length).to.equal(before.length + 1);
    expect(after.slice(0, before.length).map((row) => row.key)).to.deep.equal(before.map((row) => row.key));
    const changed = before.filter((row, i) => JSON.stringify(row) !== JSON.stringify(after[i]));
    expect(changed.length, 'rows whose data changed').to.be.at.most(1);
  });

  it('keeps keys stable when the oldest message drops out of the history', () => {
    const history = Array.from({ length: 101 }, (_, i) => post('a', day0 + i * 10 * MINUTE));
    const before = groupMessages(history.slice(0, 100));
    const after = groupMessages(history.slice(1));
    const beforeKeys = new Set(before.map((row) => row.key));
    expect(after.filter((row) => !beforeKeys.has(row.key)).length, 'new keys').to.be.at.most(2);
  });

  it('passes the caller\'s message objects through', () => {
    const message = { ...post('a', day0), text: 'hi' };
    const row = groupMessages([message])[1];
    expect(row.kind === 'message' && row.message).to.equal(message);
  });
});
