import { expect } from '@open-wc/testing';
import { PRESENCE_SUMMARY_WINDOW_MS, isPresenceSummary, readPresenceLines, showPresence } from '../src/ui/presence-summary.js';
import type { ChatMessage } from '../src/types.js';

const NOW = Date.UTC(2026, 11, 7, 12, 0);
const MINUTE = 60_000;
let nextId = 1;

function entry(fields: Partial<ChatMessage>): ChatMessage {
  return Object.freeze({
    id: nextId++, kind: 'post', viewId: '', personId: '', nickname: '', text: '', time: 0, wallTime: NOW, clientId: '', notice: null,
    edited: false, deleted: false, moderated: false, verified: false, replyTo: 0, reactions: {}, mentions: [], image: null, localTime: NOW, self: false, own: false, pending: false, ...fields,
  });
}
const post = (text: string, wallTime = NOW) => entry({ kind: 'post', personId: 'p', nickname: 'Fig', text, wallTime });
const joined = (names: string[], wallTime = NOW) => entry({ kind: 'presence', id: -nextId++, notice: { type: 'joined', names }, wallTime });
const left = (names: string[], wallTime = NOW) => entry({ kind: 'presence', id: -nextId++, notice: { type: 'left', names }, wallTime });

/** What the log shows: post texts, and summaries as "+names -names". */
function shown(list: ReturnType<typeof showPresence>): string[] {
  return list.map((item) => (isPresenceSummary(item) ? `+${item.joined.join(',')} -${item.left.join(',')}` : item.kind === 'post' ? item.text : `line ${item.notice?.type}`));
}

describe('showPresence()', () => {
  it('summarises a run of recent joins and leaves in one line, between the posts around it', () => {
    const list = [post('hi'), joined(['Kiwi'], NOW - MINUTE), joined(['Taco']), left(['Fig']), post('bye')];
    expect(shown(showPresence(list, 'summary', NOW))).to.deep.equal(['hi', '+Kiwi,Taco -Fig', 'bye']);
  });

  it('folds away joins and leaves older than the window: a later visitor reads the conversation', () => {
    const old = NOW - PRESENCE_SUMMARY_WINDOW_MS - 1;
    const list = [joined(['Zucchini'], old), left(['Zucchini'], old), joined(['Cashew'], old), post('hello', old), joined(['Kiwi'])];
    expect(shown(showPresence(list, 'summary', NOW))).to.deep.equal(['hello', '+Kiwi -']);
  });

  it('leaves out whoever came and went, or went and came back, within one run', () => {
    const list = [joined(['Kiwi', 'Taco']), left(['Kiwi']), left(['Fig']), joined(['Fig'])];
    expect(shown(showPresence(list, 'summary', NOW))).to.deep.equal(['+Taco -']);
    expect(shown(showPresence([joined(['Kiwi']), left(['Kiwi'])], 'summary', NOW))).to.deep.equal([]);
  });

  it('keys a summary by the run\'s first line, so it stays in place as the run grows', () => {
    const first = joined(['Kiwi']);
    const [before] = showPresence([post('a'), first], 'summary', NOW).slice(1);
    const [after] = showPresence([post('a'), first, joined(['Taco'])], 'summary', NOW).slice(1);
    expect([before.id, after.id]).to.deep.equal([first.id, first.id]);
  });

  it('shows every line with "all" and none with "none"', () => {
    const list = [joined(['Kiwi'], 0), post('hi'), left(['Kiwi'])];
    expect(shown(showPresence(list, 'all', NOW))).to.deep.equal(['line joined', 'hi', 'line left']);
    expect(shown(showPresence(list, 'none', NOW))).to.deep.equal(['hi']);
  });

  it('reads the attribute, with summary for anything it does not know', () => {
    expect([readPresenceLines('all'), readPresenceLines('none'), readPresenceLines('summary'), readPresenceLines('ALL'), readPresenceLines(undefined)])
      .to.deep.equal(['all', 'none', 'summary', 'summary', 'summary']);
  });
});
