import { expect } from '@open-wc/testing';
import { INACTIVITY_TIMEOUT_MS, MAX_PRESENCE_LINES, POST_BURST, PRESENCE_COALESCE_MS, WALL_CLOCK_TOLERANCE_MS } from '../src/model/limits.js';
import { addPresenceLine, nextWallClock, readRules, systemEntry, wallTimeAt, type PresenceChange } from '../src/model/room-entries.js';
import type { ChatEntry } from '../src/types.js';

// How the room words and folds its entries (src/model/room-entries.ts): "A joined" / "A left" lines,
// notices, the room's wall clock and its rules. Pure functions every replica applies the same way.

const WALL = 1_700_000_000_000;

/** Applies `changes` to an empty list as the model does (ids count down from -1, used only when a line is added). */
function presenceAfter(...changes: Omit<PresenceChange, 'id' | 'wallTime'>[]): ChatEntry[] {
  const lines: ChatEntry[] = [];
  let id = -1;
  for (const change of changes) if (addPresenceLine(lines, { ...change, wallTime: WALL + change.time, id })) id--;
  return lines;
}

function joined(name: string, time: number, latestHistoryTime = -1): Omit<PresenceChange, 'id' | 'wallTime'> {
  return { type: 'joined', name, time, latestHistoryTime };
}

function left(name: string, time: number, latestHistoryTime = -1): Omit<PresenceChange, 'id' | 'wallTime'> {
  return { type: 'left', name, time, latestHistoryTime };
}

/** What each line says: [type, names]. */
function said(lines: ChatEntry[]): [string, readonly string[]][] {
  return lines.map((line) => {
    const notice = line.notice as { type: string; names: readonly string[] };
    return [notice.type, notice.names];
  });
}

describe('addPresenceLine()', () => {
  it('starts with a line naming the person, in English for old pages and as data for the others', () => {
    const lines: ChatEntry[] = [];
    expect(addPresenceLine(lines, { type: 'joined', name: 'Fig', time: 500, wallTime: WALL, latestHistoryTime: -1, id: -1 })).to.equal(true);
    expect(lines).to.deep.equal([
      { id: -1, kind: 'presence', viewId: '', personId: '', nickname: '', text: 'Fig joined', time: 500, wallTime: WALL, clientId: '', notice: { type: 'joined', names: ['Fig'] } },
    ]);
  });

  it('folds arrivals within a minute of the line into it, when nothing was said since', () => {
    const lines = presenceAfter(joined('Fig', 0), joined('Kiwi', 1000), joined('Lime', PRESENCE_COALESCE_MS - 1));
    expect(said(lines)).to.deep.equal([['joined', ['Fig', 'Kiwi', 'Lime']]]);
    expect(lines[0]).to.include({ id: -1, time: 0, text: 'Fig, Kiwi, Lime joined' });
    expect(said(presenceAfter(left('Fig', 0), left('Kiwi', 10)))).to.deep.equal([['left', ['Fig', 'Kiwi']]]);
  });

  it('counts the minute from the line\'s first change, so a long stream of arrivals still gets new lines', () => {
    const lines = presenceAfter(joined('Fig', 0), joined('Kiwi', PRESENCE_COALESCE_MS - 1), joined('Lime', PRESENCE_COALESCE_MS));
    expect(said(lines)).to.deep.equal([['joined', ['Fig', 'Kiwi']], ['joined', ['Lime']]]);
    expect(lines.map((line) => line.id)).to.deep.equal([-1, -2]);
  });

  it('starts a new line after something was said, but not for a post at the same moment as the line', () => {
    expect(said(presenceAfter(joined('Fig', 0), joined('Kiwi', 2000, 1000)))).to.deep.equal([['joined', ['Fig']], ['joined', ['Kiwi']]]);
    // A post at the line's own model time is shown after it (see ChatView's merge), so the line still folds.
    expect(said(presenceAfter(joined('Fig', 1000), joined('Kiwi', 2000, 1000)))).to.deep.equal([['joined', ['Fig', 'Kiwi']]]);
  });

  it('names a person once, moving them to the end when they change again', () => {
    expect(said(presenceAfter(joined('Fig', 0), joined('Kiwi', 10), joined('Fig', 20)))).to.deep.equal([['joined', ['Kiwi', 'Fig']]]);
  });

  it('lets a reload leave no trace: "A left" then "A joined" cancel out', () => {
    expect(presenceAfter(left('Fig', 0), joined('Fig', 10))).to.deep.equal([]);
    const lines = presenceAfter(joined('Ada', 0), left('Fig', 10), left('Kiwi', 20), joined('Fig', 30));
    expect(said(lines)).to.deep.equal([['joined', ['Ada']], ['left', ['Kiwi']]]);
    expect(lines[1].text).to.equal('Kiwi left');
  });

  it('keeps "A joined" then "A left" as two lines (someone came and went), and a reload after a post', () => {
    expect(said(presenceAfter(joined('Fig', 0), left('Fig', 10)))).to.deep.equal([['joined', ['Fig']], ['left', ['Fig']]]);
    expect(said(presenceAfter(left('Fig', 0), joined('Fig', 20, 10)))).to.deep.equal([['left', ['Fig']], ['joined', ['Fig']]]);
    expect(said(presenceAfter(left('Fig', 0), joined('Fig', PRESENCE_COALESCE_MS)))).to.deep.equal([['left', ['Fig']], ['joined', ['Fig']]]);
  });

  it('does not fold a different person\'s arrival into a "left" line', () => {
    expect(said(presenceAfter(left('Fig', 0), joined('Kiwi', 10)))).to.deep.equal([['left', ['Fig']], ['joined', ['Kiwi']]]);
  });

  it(`keeps the newest ${MAX_PRESENCE_LINES} lines`, () => {
    // Alternating arrivals and departures of different people never fold.
    const changes = Array.from({ length: MAX_PRESENCE_LINES + 5 }, (_, i) => (i % 2 ? left(`P${i}`, i) : joined(`P${i}`, i)));
    const lines = presenceAfter(...changes);
    expect(lines).to.have.length(MAX_PRESENCE_LINES);
    expect(lines[0].notice).to.deep.equal({ type: 'left', names: ['P5'] });
    expect(lines.at(-1)!.id).to.equal(-(MAX_PRESENCE_LINES + 5));
  });
});

describe('systemEntry()', () => {
  it('makes a notice entry with the model\'s English words and no author', () => {
    expect(systemEntry({ type: 'rename', from: 'Fig', to: 'Ada' }, 7, 1234, WALL)).to.deep.equal({
      id: 7, kind: 'system', viewId: '', personId: '', nickname: '', text: 'Fig is now Ada', time: 1234, wallTime: WALL, clientId: '', notice: { type: 'rename', from: 'Fig', to: 'Ada' },
    });
    expect(systemEntry({ type: 'reset', reason: 'newcomer' }, 1, 0, 0).text).to.equal('Chat reset for new participants');
  });
});

describe('the room\'s wall clock', () => {
  it('is unknown (0) until someone tells the room the time, then runs with model time', () => {
    expect(wallTimeAt(null, 5000)).to.equal(0);
    expect(wallTimeAt({ wall: WALL, model: 1000 }, 4000)).to.equal(WALL + 3000);
  });

  it('takes the first sender\'s clock, whatever it says', () => {
    expect(nextWallClock(null, WALL, 1000)).to.deep.equal({ wall: WALL, model: 1000 });
    expect(nextWallClock(null, 86_400_000, 1000)).to.deep.equal({ wall: 86_400_000, model: 1000 });
  });

  it(`follows a sender whose clock is within ${WALL_CLOCK_TOLERANCE_MS / 60_000} minutes of the room's`, () => {
    const clock = { wall: WALL, model: 0 };
    const now = 60_000; // the room's estimate is WALL + 1 minute
    expect(nextWallClock(clock, WALL + now + 1500, now)).to.deep.equal({ wall: WALL + now + 1500, model: now });
    expect(nextWallClock(clock, WALL + now - WALL_CLOCK_TOLERANCE_MS, now)).to.deep.equal({ wall: WALL + now - WALL_CLOCK_TOLERANCE_MS, model: now });
    expect(nextWallClock(clock, WALL + now + WALL_CLOCK_TOLERANCE_MS, now)).to.deep.equal({ wall: WALL + now + WALL_CLOCK_TOLERANCE_MS, model: now });
  });

  it('ignores a clock further off than that, so one wrong clock cannot move the room\'s', () => {
    const clock = { wall: WALL, model: 0 };
    const now = 60_000;
    expect(nextWallClock(clock, WALL + now + WALL_CLOCK_TOLERANCE_MS + 1, now)).to.equal(clock);
    expect(nextWallClock(clock, WALL + now - WALL_CLOCK_TOLERANCE_MS - 1, now)).to.equal(clock);
    expect(nextWallClock(clock, WALL + 86_400_000, now)).to.equal(clock);
    // A sender whose clock stood still while the room's ran on is off by the time that passed.
    expect(nextWallClock(clock, WALL, WALL_CLOCK_TOLERANCE_MS + 1)).to.equal(clock);
  });

  it('ignores what is not a time (and a room that knows no time stays so)', () => {
    const clock = { wall: WALL, model: 0 };
    for (const sent of [undefined, null, '1700000000000', Number.NaN, Infinity, -Infinity, 0, -WALL, { wall: WALL }]) {
      expect(nextWallClock(clock, sent, 10), JSON.stringify(sent)).to.equal(clock);
      expect(nextWallClock(null, sent, 10), JSON.stringify(sent)).to.equal(null);
    }
  });
});

describe('readRules()', () => {
  it('gives the tutorial\'s rules when the page sets none', () => {
    const defaults = { inactivityTimeout: INACTIVITY_TIMEOUT_MS, newcomerReset: true, reset: 'anyone', slowMode: 0, postBurst: POST_BURST };
    expect(readRules(undefined)).to.deep.equal(defaults);
    expect(readRules({})).to.deep.equal(defaults);
  });

  it('takes an inactivity timeout in whole milliseconds, 0 meaning never', () => {
    expect(readRules({ inactivityTimeout: 0 }).inactivityTimeout).to.equal(0);
    expect(readRules({ inactivityTimeout: 1500.4 }).inactivityTimeout).to.equal(1500);
    for (const timeout of [-1, Number.NaN, Infinity, '60000', null]) {
      expect(readRules({ inactivityTimeout: timeout as number }).inactivityTimeout, String(timeout)).to.equal(INACTIVITY_TIMEOUT_MS);
    }
  });

  it('turns the newcomer reset off and forbids resets only when asked exactly', () => {
    expect(readRules({ newcomerReset: false }).newcomerReset).to.equal(false);
    expect(readRules({ newcomerReset: 'false' as unknown as boolean }).newcomerReset).to.equal(true);
    expect(readRules({ reset: 'none' }).reset).to.equal('none');
    expect(readRules({ reset: 'None' as unknown as 'none' }).reset).to.equal('anyone');
    expect(readRules({ reset: 'confirm' as unknown as 'none' }).reset).to.equal('anyone');
  });
});
