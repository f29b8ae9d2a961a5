import { expect } from '@open-wc/testing';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64url } from '../src/model/base64url.js';
import { INACTIVITY_TIMEOUT_MS, MAX_HISTORY, MAX_HISTORY_LIMIT, MAX_MODERATORS, MAX_PERSON_ID_LENGTH, MAX_PRESENCE_LINES, POST_BURST, PRESENCE_COALESCE_MS, WALL_CLOCK_TOLERANCE_MS } from '../src/model/limits.js';
import { addPresenceLine, nextWallClock, noticeText, readRules, systemEntry, UNTOUCHED, wallTimeAt, type PresenceChange } from '../src/model/room-entries.js';
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
      {
        id: -1, kind: 'presence', viewId: '', personId: '', nickname: '', text: 'Fig joined', time: 500, wallTime: WALL, clientId: '', notice: { type: 'joined', names: ['Fig'] },
        edited: false, deleted: false, moderated: false, verified: false, replyTo: 0, reactions: {}, mentions: [], image: null,
      },
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
      edited: false, deleted: false, moderated: false, verified: false, replyTo: 0, reactions: {}, mentions: [], image: null,
    });
    expect(systemEntry({ type: 'reset', reason: 'newcomer' }, 1, 0, 0).text).to.equal('Chat reset for new participants');
  });

  it('says a moderator cleared the room, and that no one edited, removed or vouched for the notice', () => {
    const entry = systemEntry({ type: 'reset', reason: 'moderator' }, 3, 0, WALL);
    expect(entry).to.include({ text: 'Chat reset by a moderator', edited: false, deleted: false, moderated: false, verified: false });
    expect(entry.notice).to.deep.equal({ type: 'reset', reason: 'moderator' });
  });
});

describe('noticeText()', () => {
  it('words each reset reason, a moderator\'s among them', () => {
    expect(noticeText({ type: 'reset', reason: 'user' })).to.equal('Chat reset at user request');
    expect(noticeText({ type: 'reset', reason: 'newcomer' })).to.equal('Chat reset for new participants');
    expect(noticeText({ type: 'reset', reason: 'inactivity' })).to.equal('Chat reset due to inactivity');
    expect(noticeText({ type: 'reset', reason: 'moderator' })).to.equal('Chat reset by a moderator');
  });
});

describe('UNTOUCHED', () => {
  it('marks a fresh entry as not edited, not removed, not vouched for, replying to nothing, without reactions, mentions or image, and cannot be changed by mistake', () => {
    expect(UNTOUCHED).to.deep.equal({ edited: false, deleted: false, moderated: false, verified: false, replyTo: 0, reactions: {}, mentions: [], image: null });
    expect(Object.isFrozen(UNTOUCHED)).to.equal(true);
    expect(Object.isFrozen(UNTOUCHED.reactions), 'the reactions every fresh entry shares').to.equal(true);
    expect(Object.isFrozen(UNTOUCHED.mentions), 'the mentions every fresh entry shares').to.equal(true);
  });

});

/** A clock first set to `wall` at model time `model`. */
function clockAt(wall: number, model: number) {
  return { wall, model, anchorWall: wall, anchorModel: model };
}

describe('the room\'s wall clock', () => {
  it('is unknown (0) until someone tells the room the time, then runs with model time', () => {
    expect(wallTimeAt(null, 5000)).to.equal(0);
    expect(wallTimeAt(clockAt(WALL, 1000), 4000)).to.equal(WALL + 3000);
  });

  it('takes the first sender\'s clock, whatever it says', () => {
    expect(nextWallClock(null, WALL, 1000)).to.deep.equal(clockAt(WALL, 1000));
    expect(nextWallClock(null, 86_400_000, 1000)).to.deep.equal(clockAt(86_400_000, 1000));
  });

  it(`follows a sender whose clock is ahead of the room's by at most ${WALL_CLOCK_TOLERANCE_MS / 60_000} minutes`, () => {
    const clock = clockAt(WALL, 0);
    const now = 60_000; // the room's estimate is WALL + 1 minute
    expect(nextWallClock(clock, WALL + now + 1500, now)).to.deep.equal({ ...clock, wall: WALL + now + 1500, model: now });
    expect(nextWallClock(clock, WALL + now, now)).to.deep.equal({ ...clock, wall: WALL + now, model: now });
    expect(nextWallClock(clock, WALL + now + WALL_CLOCK_TOLERANCE_MS, now)).to.deep.equal({ ...clock, wall: WALL + now + WALL_CLOCK_TOLERANCE_MS, model: now });
  });

  it(`cannot be pushed further ahead than ${WALL_CLOCK_TOLERANCE_MS / 60_000} minutes in total, however many senders try`, () => {
    let clock = clockAt(WALL, 0);
    const now = 60_000;
    for (let step = 1; step <= 300; step++) clock = nextWallClock(clock, wallTimeAt(clock, now) + WALL_CLOCK_TOLERANCE_MS, now)!;
    expect(wallTimeAt(clock, now)).to.equal(WALL + now + WALL_CLOCK_TOLERANCE_MS);
  });

  it('never goes back: a sender behind the room is ignored, so nobody winds the clock back to revive an expired site token', () => {
    const clock = clockAt(WALL, 0);
    const now = 60_000;
    expect(nextWallClock(clock, WALL + now - 1, now)).to.equal(clock);
    expect(nextWallClock(clock, WALL + now - WALL_CLOCK_TOLERANCE_MS, now)).to.equal(clock);
    // Step by step, too: each step behind is ignored, however small.
    let moved = clock;
    for (let step = 1; step <= 10; step++) moved = nextWallClock(moved, WALL + now - step * 1000, now)!;
    expect(wallTimeAt(moved, now)).to.equal(WALL + now);
  });

  it('ignores a clock further off than that, so one wrong clock cannot move the room\'s', () => {
    const clock = clockAt(WALL, 0);
    const now = 60_000;
    expect(nextWallClock(clock, WALL + now + WALL_CLOCK_TOLERANCE_MS + 1, now)).to.equal(clock);
    expect(nextWallClock(clock, WALL + now - WALL_CLOCK_TOLERANCE_MS - 1, now)).to.equal(clock);
    expect(nextWallClock(clock, WALL + 86_400_000, now)).to.equal(clock);
    // A sender whose clock stood still while the room's ran on is off by the time that passed.
    expect(nextWallClock(clock, WALL, WALL_CLOCK_TOLERANCE_MS + 1)).to.equal(clock);
  });

  it('ignores what is not a time (and a room that knows no time stays so)', () => {
    const clock = clockAt(WALL, 0);
    for (const sent of [undefined, null, '1700000000000', Number.NaN, Infinity, -Infinity, 0, -WALL, { wall: WALL }]) {
      expect(nextWallClock(clock, sent, 10), JSON.stringify(sent)).to.equal(clock);
      expect(nextWallClock(null, sent, 10), JSON.stringify(sent)).to.equal(null);
    }
  });
});

describe('readRules()', () => {
  it('gives the tutorial\'s rules when the page sets none', () => {
    // Since the site and moderator rules: no site key (nobody is vouched for), anyone may post, no moderators.
    const defaults = { inactivityTimeout: INACTIVITY_TIMEOUT_MS, newcomerReset: true, reset: 'anyone', slowMode: 0, postBurst: POST_BURST, historyLimit: MAX_HISTORY, siteKey: '', verifiedOnly: false, moderators: [] };
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

  it(`keeps ${MAX_HISTORY} entries unless the room says how many, a whole number from 1 to ${MAX_HISTORY_LIMIT}`, () => {
    expect(readRules({ historyLimit: 150 }).historyLimit).to.equal(150);
    expect(readRules({ historyLimit: 150.9 }).historyLimit, 'whole entries').to.equal(150);
    expect(readRules({ historyLimit: 1 }).historyLimit).to.equal(1);
    expect(readRules({ historyLimit: MAX_HISTORY_LIMIT }).historyLimit).to.equal(MAX_HISTORY_LIMIT);
    expect(readRules({ historyLimit: 5000 }).historyLimit, 'at most').to.equal(MAX_HISTORY_LIMIT);
    expect(readRules({ historyLimit: Infinity }).historyLimit).to.equal(MAX_HISTORY_LIMIT);
    expect(readRules({ historyLimit: 0 }).historyLimit, 'at least one').to.equal(1);
    expect(readRules({ historyLimit: -20 }).historyLimit).to.equal(1);
    for (const limit of [Number.NaN, '150', null, undefined, [150], { limit: 150 }]) {
      expect(readRules({ historyLimit: limit as number }).historyLimit, JSON.stringify(limit)).to.equal(MAX_HISTORY);
    }
  });

  it('turns the newcomer reset off and forbids resets only when asked exactly', () => {
    expect(readRules({ newcomerReset: false }).newcomerReset).to.equal(false);
    expect(readRules({ newcomerReset: 'false' as unknown as boolean }).newcomerReset).to.equal(true);
    expect(readRules({ reset: 'none' }).reset).to.equal('none');
    expect(readRules({ reset: 'None' as unknown as 'none' }).reset).to.equal('anyone');
    expect(readRules({ reset: 'confirm' as unknown as 'none' }).reset).to.equal('anyone');
  });

  it('lets only moderators reset when asked exactly', () => {
    expect(readRules({ reset: 'moderators' }).reset).to.equal('moderators');
    for (const reset of ['Moderators', 'moderator', 'mods', ' moderators']) {
      expect(readRules({ reset: reset as 'moderators' }).reset, reset).to.equal('anyone');
    }
  });

  it('takes a site key only when it is base64url of 32 bytes, spelled the one canonical way', () => {
    const bytes = ed25519.getPublicKey(ed25519.utils.randomSecretKey()); // a real key: other 32 bytes need not be a usable point
    const key = toBase64url(bytes);
    expect(key).to.have.length(43);
    expect(readRules({ siteKey: key }).siteKey).to.equal(key);
    const standard = btoa(String.fromCharCode(...bytes)); // standard base64 with padding: '+', '/', '='
    const notKeys: unknown[] = [
      '',
      key.slice(0, -1), // 31 bytes and a bit
      `${key}A`,
      `${key}=`, // padding
      key.replace(/.$/, 'B'), // the last character's unused bits set: another spelling of other bytes
      standard,
      toBase64url(new Uint8Array(31)),
      toBase64url(new Uint8Array(33)),
      toBase64url(new Uint8Array(64)),
      toBase64url(new Uint8Array(32)), // the all-zero key: small order, it would take a trivial signature
      toBase64url(Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0))), // the identity point
      `${key.slice(0, 42)}+`,
      ` ${key.slice(1)}`,
      42,
      null,
      [key],
      { key },
    ];
    for (const siteKey of notKeys) {
      expect(readRules({ siteKey: siteKey as string }).siteKey, JSON.stringify(siteKey)).to.equal('');
    }
  });

  it('makes a room verified-only only when asked exactly and it has a site key', () => {
    const key = toBase64url(new Uint8Array(32).fill(9));
    expect(readRules({ siteKey: key, verifiedOnly: true })).to.include({ siteKey: key, verifiedOnly: true });
    expect(readRules({ siteKey: key }).verifiedOnly).to.equal(false);
    expect(readRules({ siteKey: key, verifiedOnly: 'true' as unknown as boolean }).verifiedOnly).to.equal(false);
    expect(readRules({ verifiedOnly: true }).verifiedOnly, 'no site key: nobody could ever post').to.equal(false);
    expect(readRules({ siteKey: `${key}=`, verifiedOnly: true }).verifiedOnly, 'a key that is not one').to.equal(false);
  });

  it(`names moderators by string ids of at most ${MAX_PERSON_ID_LENGTH} characters, at most ${MAX_MODERATORS} of them`, () => {
    const ada = toBase64url(new Uint8Array(32).fill(1));
    expect(readRules({ moderators: [ada, 'site:ada'] }).moderators).to.deep.equal([ada, 'site:ada']);
    const mixed = [ada, 7, null, { id: ada }, ['site:bob'], 'x'.repeat(MAX_PERSON_ID_LENGTH + 1), 'x'.repeat(MAX_PERSON_ID_LENGTH), 'site:bob'];
    expect(readRules({ moderators: mixed as string[] }).moderators).to.deep.equal([ada, 'x'.repeat(MAX_PERSON_ID_LENGTH), 'site:bob']);
    const many = Array.from({ length: MAX_MODERATORS + 5 }, (_, i) => `site:moderator-${i}`);
    expect(readRules({ moderators: many }).moderators, 'the first ones named').to.deep.equal(many.slice(0, MAX_MODERATORS));
    for (const moderators of ['site:ada', ada, null, { 0: ada }]) {
      expect(readRules({ moderators: moderators as unknown as string[] }).moderators, JSON.stringify(moderators)).to.deep.equal([]);
    }
  });
});
