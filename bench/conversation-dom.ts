/**
 * Conversation benchmark (issue 21): the DOM work one incoming message causes in a long conversation
 * with replies and reactions, at 100 and at 1,000 entries of history.
 *
 * `runConversationBench(page)` takes a page where the reader's widget (`window.chat`) and the sender's
 * (`window.sender`, in an iframe) are online in a room with `history-limit="1000"` and a post burst of
 * {@link CONVERSATION_POST_BURST} (so filling the room is paced only by the widgets' send rate). It fills
 * the room in batches, both people posting at once, every {@link REPLY_EVERY}th post a reply to an
 * earlier one and every {@link REACT_EVERY}th post given 1-3 emoji by both people. At each checkpoint it
 * records with a MutationObserver on the reader's shadow root what one more message from the sender
 * changes: a plain post, a reply to a post 50 entries back, and a reaction to a recent post. At 1,000 the
 * history is full, so each new post also pushes the oldest entry out. It also times the reader's render
 * of one incoming post (from its `croquet-chat-message` event to `updateComplete`), median of several.
 *
 * Page-side code is passed as strings: this file is compiled for Node (no DOM types).
 */
import { percentile } from './stats.js';

/** The room's `history-limit` for this bench: the most a room may keep. */
export const CONVERSATION_HISTORY_LIMIT = 1_000;
/** The room's `postBurst` rule: each person may post the whole fill at once (the widget still sends 5 a second). */
export const CONVERSATION_POST_BURST = 1_000;
/** History sizes at which a message is measured. */
const CHECKPOINTS = [100, 1_000] as const;
/** Every 4th post of the fill replies to an earlier post. */
const REPLY_EVERY = 4;
/** Every 5th post of the fill gets reactions. */
const REACT_EVERY = 5;
/** Posts sent per batch (split between the two people) before waiting for them to arrive; the outbox takes 200. */
const BATCH = 100;
/** Consecutive posts by one person while filling, so grouping is at work. */
const RUN_LENGTH = 3;
/** Entries back from the newest that the measured reply quotes. */
const REPLY_DISTANCE = 50;
/** Incoming posts timed for the render figure. */
const RENDER_SAMPLES = 7;
/** Emoji used while filling; the measured reaction uses another one, so it starts a new chip. */
const FILL_EMOJI = ['👍', '😂', '🔥'];
const MEASURED_EMOJI = '🎉';

/** The two puppeteer calls this bench makes. */
export interface ConversationPage {
  evaluate(code: string): Promise<unknown>;
  waitForFunction(code: string, options?: { timeout?: number; polling?: number }): Promise<unknown>;
}

const KINDS = ['post', 'reply', 'reaction'] as const;
export type MessageKind = (typeof KINDS)[number];

export interface ConversationDomFigures {
  /** Entries in the history before the measured message arrived. */
  history: number;
  kind: MessageKind;
  /** MutationObserver records for the one incoming message. */
  records: number;
  /** Nodes inserted (top level of each insertion). */
  addedNodes: number;
  /** Nodes inserted, counting descendants. */
  addedNodesDeep: number;
  /** Nodes removed (top level; the oldest entry once the history is full). */
  removedNodes: number;
  /**
   * Each change in short: `+li[message]` / `-#comment` (a node added / removed at the top of an insertion),
   * `@class li[message]` (an attribute), `~text span[text]` (a text node's data).
   */
  changes: string[];
  attributeChanges: number;
  textChanges: number;
}

export interface RenderTiming {
  /** Entries in the history when the first timed post arrived. */
  history: number;
  /** ms from the reader's `croquet-chat-message` to its `updateComplete`, one per incoming post. */
  samplesMs: number[];
  medianMs: number;
}

export interface FillFigures {
  /** Entries in the history after the fill. */
  entries: number;
  /** Replies and reactions in the history then. */
  replies: number;
  reactions: number;
  /** Wall-clock seconds this fill took (posts and reactions, both people at once). */
  seconds: number;
}

export interface ConversationBenchResult {
  historyLimit: number;
  fills: FillFigures[];
  perMessage: ConversationDomFigures[];
  render: RenderTiming[];
  /** For each kind: the changes at 1,000 entries that the same message did not cause at 100, and those it caused only at 100. */
  extraAt1000: Record<MessageKind, { more: string[]; fewer: string[] }>;
  /** For each kind: whether the work at 1,000 is the work at 100 but for the oldest entry leaving the full history (see {@link LEAVING}). */
  constantAt1000: Record<MessageKind, boolean>;
}

/** Page-side helpers, installed once: the fill's batches and reactions, and the observer around one message. */
const PAGE_HELPERS = `(() => {
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const settledPosts = () => window.chat.messages.filter((m) => m.kind === 'post' && !m.pending);
  window.conversation = {
    /** Entries the room confirmed (the reader's own waiting posts are in messages too, marked pending). */
    entries: () => window.chat.messages.filter((m) => !m.pending).length,
    /** Sends posts number start..start+count-1 of the conversation; every ${REPLY_EVERY}th replies to a post already in the room. */
    sendBatch(start, count) {
      const earlier = settledPosts();
      for (let k = start; k < start + count; k++) {
        const author = Math.floor(k / ${RUN_LENGTH}) % 2 === 0 ? window.sender : window.chat;
        const replyTo = k % ${REPLY_EVERY} === ${REPLY_EVERY - 1} && earlier.length
          ? earlier[earlier.length - 1 - ((k * 7) % Math.min(earlier.length, 40))].id : 0;
        const text = 'post ' + k + ', see https://example.com/notes/' + k + '?ref=bench.';
        if (!author.send(text, replyTo ? { replyTo } : undefined)) throw new Error('send refused for post ' + k);
      }
    },
    /** Whether both outboxes are empty and the reader has at least \`entries\` confirmed entries. */
    arrived: (entries) => window.conversation.entries() >= entries
      && !window.chat.messages.some((m) => m.pending) && !window.sender.messages.some((m) => m.pending),
    /** The reactions [who, post id, emoji] due to fill posts start..end-1: 1-3 emoji, from both people. */
    reactionsFor(start, end) {
      const due = [];
      for (const m of settledPosts()) {
        const k = Number(/^post (\\d+),/.exec(m.text)?.[1] ?? -1);
        if (k < start || k >= end || k % ${REACT_EVERY} !== ${REACT_EVERY - 1}) continue;
        const count = 1 + (k % 3);
        for (let j = 0; j < count; j++) due.push([j % 2 === 0 ? 'chat' : 'sender', m.id, ${JSON.stringify(FILL_EMOJI)}[j]]);
        if (count === 3) due.push(['sender', m.id, ${JSON.stringify(FILL_EMOJI)}[0]]); // two people on one chip
      }
      return due;
    },
    /** Sends \`due\` reactions, both people at once, each retried while the widget's send pace says not yet. */
    async react(due) {
      const one = async (who, id, emoji) => {
        for (let tries = 0; !window[who].react(id, emoji); tries++) {
          if (tries > 600) throw new Error(who + ' could not react to ' + id);
          await pause(50);
        }
      };
      const by = (who) => (async () => { for (const [w, id, emoji] of due) if (w === who) await one(w, id, emoji); })();
      await Promise.all([by('chat'), by('sender')]);
    },
    /** Whether the reader sees every reaction in \`due\`. */
    reacted: (due) => due.every(([who, id, emoji]) =>
      window.chat.messages.find((m) => m.id === id)?.reactions[emoji]?.includes(window[who].personId)),
    counts() {
      const posts = settledPosts();
      return {
        entries: window.conversation.entries(),
        replies: posts.filter((m) => m.replyTo > 0).length,
        reactions: posts.reduce((n, m) => n + Object.values(m.reactions).reduce((s, people) => s + people.length, 0), 0),
      };
    },
    async settle() {
      await window.chat.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    },
    async observe() {
      await window.conversation.settle();
      window.records = [];
      window.observer = new MutationObserver((list) => window.records.push(...list));
      window.observer.observe(window.chat.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    async collect() {
      await window.conversation.settle();
      window.records.push(...window.observer.takeRecords());
      window.observer.disconnect();
      const deep = (node) => 1 + [...node.childNodes].reduce((sum, child) => sum + deep(child), 0);
      const describe = (node) => !node ? '?' : node.nodeType === 8 ? '#comment' : node.nodeType === 3 ? '#text'
        : node.nodeType === 1 ? node.localName + (node.getAttribute('part') ? '[' + node.getAttribute('part').split(' ')[0] + ']' : '') : node.nodeName;
      const records = window.records;
      return {
        records: records.length,
        addedNodes: records.reduce((n, r) => n + r.addedNodes.length, 0),
        addedNodesDeep: records.reduce((n, r) => n + [...r.addedNodes].reduce((m, node) => m + deep(node), 0), 0),
        removedNodes: records.reduce((n, r) => n + r.removedNodes.length, 0),
        changes: records.flatMap((r) => r.type === 'attributes' ? ['@' + r.attributeName + ' ' + describe(r.target)]
          : r.type === 'characterData' ? ['~text ' + describe(r.target.parentNode)]
          : [...[...r.addedNodes].map((node) => '+' + describe(node)), ...[...r.removedNodes].map((node) => '-' + describe(node))]),
        attributeChanges: records.filter((r) => r.type === 'attributes').length,
        textChanges: records.filter((r) => r.type === 'characterData').length,
      };
    },
    /** The reader's row for entry \`id\`. */
    row: (id) => window.chat.shadowRoot.querySelector('[data-message-id="' + id + '"]'),
    /** ms from the reader's croquet-chat-message for one post from the sender to the end of the render it asked for. */
    timeOneRender(text) {
      return new Promise((resolve) => {
        window.chat.addEventListener('croquet-chat-message', (event) => {
          const start = performance.now();
          // The element asks for its update right after the event: wait a microtask, then for that update.
          void Promise.resolve().then(() => window.chat.updateComplete).then(() => resolve(performance.now() - start));
        }, { once: true });
        window.sender.send(text);
      });
    },
  };
})()`;

/** Fills the room to `entries` confirmed entries: batches of posts (with replies), then their reactions. */
async function fillTo(page: ConversationPage, entries: number): Promise<FillFigures> {
  const started = Date.now();
  for (;;) {
    const have = Number(await page.evaluate(`window.conversation.entries()`));
    if (have >= entries) break;
    // Small batches first: a reply needs posts already in the room to reply to.
    const count = Math.min(BATCH, Math.max(2 * RUN_LENGTH, have), entries - have);
    await page.evaluate(`window.conversation.sendBatch(${have}, ${count})`);
    await page.waitForFunction(`window.conversation.arrived(${have + count})`, { timeout: 120_000, polling: 200 });
    const due = JSON.stringify(await page.evaluate(`window.conversation.reactionsFor(${have}, ${have + count})`));
    await page.evaluate(`window.conversation.react(${due})`);
    await page.waitForFunction(`window.conversation.reacted(${due})`, { timeout: 60_000, polling: 200 });
  }
  const counts = (await page.evaluate(`window.conversation.counts()`)) as Omit<FillFigures, 'seconds'>;
  return { ...counts, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** Has the sender post `text` (unmeasured) and waits until the reader has it. */
async function senderPosts(page: ConversationPage, text: string): Promise<void> {
  await page.evaluate(`window.sender.send(${JSON.stringify(text)})`);
  await page.waitForFunction(`window.chat.messages.at(-1)?.text === ${JSON.stringify(text)} && !window.sender.messages.some((m) => m.pending)`, {
    timeout: 20_000,
  });
}

/** What one message of `kind` from the sender changes in the reader's shadow root. */
async function measureOne(page: ConversationPage, kind: MessageKind): Promise<ConversationDomFigures> {
  const history = Number(await page.evaluate(`window.conversation.entries()`));
  const text = `the measured ${kind} at ${history}, https://example.org/measured/${history}-${kind}`;
  await page.evaluate(`window.conversation.observe()`);
  let arrived: string;
  let check: string;
  if (kind === 'reaction') {
    // A recent post (not the newest), so the chip lands mid-screen on a row that stays.
    const target = Number(await page.evaluate(`window.chat.messages.filter((m) => !m.pending).at(-3).id`));
    await page.evaluate(`(async () => {
      for (let tries = 0; !window.sender.react(${target}, ${JSON.stringify(MEASURED_EMOJI)}); tries++) {
        if (tries > 200) throw new Error('the sender could not react');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })()`);
    arrived = `window.chat.messages.find((m) => m.id === ${target})?.reactions[${JSON.stringify(MEASURED_EMOJI)}]?.length === 1`;
    check = `window.conversation.row(${target})?.querySelector('[part~="reaction"]') !== null`;
  } else {
    const replyTo = kind === 'reply' ? Number(await page.evaluate(`window.chat.messages.filter((m) => m.kind === 'post' && !m.pending).at(-${REPLY_DISTANCE}).id`)) : 0;
    await page.evaluate(`window.sender.send(${JSON.stringify(text)}, ${replyTo ? `{ replyTo: ${replyTo} }` : 'undefined'})`);
    arrived = `window.chat.messages.at(-1)?.text === ${JSON.stringify(text)} && !window.chat.messages.at(-1).pending`;
    const last = `window.conversation.row(window.chat.messages.at(-1).id)`;
    check = kind === 'reply' ? `${last}?.querySelector('[part~="reply-quote"]:not(.missing)') != null` : `${last}?.querySelector('[part~="link"]') != null`;
  }
  await page.waitForFunction(arrived, { timeout: 20_000 });
  const figures = (await page.evaluate(`window.conversation.collect()`)) as Omit<ConversationDomFigures, 'history' | 'kind'>;
  if (!(await page.evaluate(check))) throw new Error(`the measured ${kind} was not rendered as one`);
  return { history, kind, ...figures };
}

/** The reader's render of one incoming post, {@link RENDER_SAMPLES} times. */
async function measureRender(page: ConversationPage): Promise<RenderTiming> {
  const history = Number(await page.evaluate(`window.conversation.entries()`));
  const samplesMs: number[] = [];
  for (let i = 0; i < RENDER_SAMPLES; i++) {
    await page.evaluate(`window.conversation.settle()`);
    const ms = Number(await page.evaluate(`window.conversation.timeOneRender(${JSON.stringify(`timed post ${i} at ${history}`)})`));
    samplesMs.push(Math.round(ms * 100) / 100);
  }
  return { history, samplesMs, medianMs: percentile(samplesMs, 50) };
}

/**
 * What the oldest entry leaving a full history may change, however long the history: its row and Lit's
 * marker go, the day separator (keyed by the entry it heads) may move to the new first entry, and the
 * quote of a reply to it turns into "no longer available".
 */
const LEAVING = new Set(['-li[message]', '-#comment', '-li[day]', '+li[day]', '+#comment', '-button[reply-quote]', '+span[reply-quote]']);

/** `a` less `b`, as multisets. */
function less(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((item) => {
    const at = left.indexOf(item);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/** The same work at both sizes, but for the oldest entry (at most one row) leaving the full history at the larger. */
function sameWork(small: ConversationDomFigures, large: ConversationDomFigures): boolean {
  const more = less(large.changes, small.changes);
  const full = large.history >= CONVERSATION_HISTORY_LIMIT;
  return (
    less(small.changes, large.changes).length === 0 &&
    more.every((change) => full && LEAVING.has(change)) &&
    more.filter((change) => change === '-li[message]').length <= 1
  );
}

/** Runs the conversation benchmark on a page whose two widgets are online in the bench room. */
export async function runConversationBench(page: ConversationPage): Promise<ConversationBenchResult> {
  await page.evaluate(PAGE_HELPERS);
  const fills: FillFigures[] = [];
  const perMessage: ConversationDomFigures[] = [];
  const render: RenderTiming[] = [];
  for (const checkpoint of CHECKPOINTS) {
    fills.push(await fillTo(page, checkpoint - 1));
    // The measured post and reply continue the sender's run, as most incoming posts in a lively room do.
    await senderPosts(page, `the sender's run goes on at ${checkpoint}`);
    for (const kind of KINDS) perMessage.push(await measureOne(page, kind));
    render.push(await measureRender(page));
  }
  const pairs = KINDS.map((kind) => [kind, perMessage.filter((m) => m.kind === kind)] as const);
  const extraAt1000 = Object.fromEntries(
    pairs.map(([kind, [small, large]]) => [kind, { more: less(large.changes, small.changes), fewer: less(small.changes, large.changes) }]),
  ) as ConversationBenchResult['extraAt1000'];
  const constantAt1000 = Object.fromEntries(pairs.map(([kind, [small, large]]) => [kind, sameWork(small, large)])) as Record<MessageKind, boolean>;
  return { historyLimit: CONVERSATION_HISTORY_LIMIT, fills, perMessage, render, extraAt1000, constantAt1000 };
}

const KIND_WORDS: Record<MessageKind, string> = {
  post: 'a plain post (with a link)',
  reply: `a reply to a post ${REPLY_DISTANCE} entries back`,
  reaction: 'a reaction landing on a recent post',
};

/** Human-readable lines for the bench report. */
export function formatConversationBench(result: ConversationBenchResult): string {
  const lines = [
    ...result.fills.map(
      (f) => `conversation room (history-limit ${result.historyLimit}) filled to ${f.entries} entries with ${f.replies} replies and ${f.reactions} reactions in ${f.seconds} s`,
    ),
    ...result.perMessage.map(
      (m) =>
        `incoming ${KIND_WORDS[m.kind]}, at ${m.history} entries: ${m.records} DOM mutations ` +
        `(records: ${m.addedNodes} nodes added, ${m.addedNodesDeep} with descendants, ${m.removedNodes} removed, ` +
        `${m.attributeChanges} attribute and ${m.textChanges} text changes)`,
    ),
    ...KINDS.map((kind) => {
      const [small, large] = result.perMessage.filter((m) => m.kind === kind);
      const { more, fewer } = result.extraAt1000[kind];
      const extra = [more.length ? `at 1,000 also ${more.join(' ')}` : '', fewer.length ? `at 100 only ${fewer.join(' ')}` : ''].filter(Boolean).join('; ');
      return (
        `DOM work per incoming ${kind}, ${small.history} vs ${large.history} entries: ${small.records} → ${large.records} records, ` +
        `${small.addedNodesDeep} → ${large.addedNodesDeep} nodes added (deep), ${small.removedNodes} → ${large.removedNodes} removed, ` +
        `${small.attributeChanges} → ${large.attributeChanges} attribute, ${small.textChanges} → ${large.textChanges} text changes: ` +
        (result.constantAt1000[kind] ? (extra ? `constant but for the oldest entry leaving the full history (${extra})` : 'constant') : `NOT constant (${extra})`)
      );
    }),
    ...result.render.map(
      (r) => `reader's render of one incoming post at ${r.history} entries: median ${r.medianMs} ms (updateComplete; runs ${r.samplesMs.join(', ')})`,
    ),
  ];
  return lines.join('\n');
}
