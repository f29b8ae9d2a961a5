import { expect } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { CroquetSession } from '../src/croquet.js';
import { ChatModel } from '../src/model/chat-model.js';
import { MAX_EMOJI_LENGTH, MAX_HISTORY, MAX_REACTION_EMOJI } from '../src/model/limits.js';
import { NO_REACTIONS, isReactionEmoji, toggleReaction } from '../src/model/reactions.js';
import { verifySignature } from '../src/model/signatures.js';
import { POST, REACT, actMessage, type PostPayload, type ReactPayload } from '../src/model/topics.js';
import { DEFAULT_APP_ID } from '../src/session/chat-session.js';
import { personKeyFor } from '../src/session/person-key.js';
import type { ChatModelOptions } from '../src/types.js';
import { BUSY_ROOM, barrier, eventually, openPeer, testBox, uniquePerson, uniqueSessionName, viewOf, waitForStatus, type Peer } from './helpers.js';
import { SigningView, joinAsView, newBinding, newPerson, signedAct } from './signing.js';

// The room's side of replies and reactions, and of a longer history (src/model): what reaches every
// page, a late joiner included, and what the room refuses, from the element (it says no) and from a
// modified client or an attacker who knows the password (the room ignores it on every replica).

/** A view of this page with a key of its own, saying to the room what a view can say, signed. */
class Probe extends SigningView {
  constructor(model: ChatModel) {
    super(model, newPerson(), newBinding());
  }

  post(text: string, replyTo?: number): PostPayload {
    return this.act(POST, { text, clientId: `${text} ${Math.random().toString(36).slice(2, 8)}`, wallTime: Date.now(), ...(replyTo === undefined ? {} : { replyTo }) });
  }

  react(id: number, emoji: string, viewId = this.viewId): ReactPayload {
    return this.act(REACT, { id, emoji }, viewId);
  }
}

const peers: Peer[] = [];
const probes: CroquetSession<Probe>[] = [];
const restores: (() => void)[] = [];
afterEach(async () => {
  for (const restore of restores.splice(0)) restore();
  for (const peer of peers.splice(0)) peer.close();
  await Promise.all(probes.splice(0).map((probe) => probe.leave()));
});

/** A chat in an iframe of its own, online, with `attributes` (a person of its own unless `user-id` says) and the room rules `rules`. */
async function chat(session: string, attributes: Record<string, string> = {}, rules?: ChatModelOptions): Promise<CroquetChat> {
  const peer = await openPeer({ session, box: testBox(), ...attributes }, 'peer.html', 200, rules);
  peers.push(peer);
  await waitForStatus(peer.el, 'online');
  return peer.el;
}

/** The attacker (or a script) in room `session`, a person named `name`; `rules` must be the pages'. */
async function probeIn(session: string, name: string, rules: ChatModelOptions = {}): Promise<Probe> {
  const joined = await joinAsView(session, Probe, rules);
  probes.push(joined);
  joined.view.identify(name);
  await eventually(() => joined.view.identified, 'the room never took the probe for a person');
  return joined.view;
}

/** Resolves once every chat in `els` renders a marker the probe posted after everything it said before. */
async function probeBarrier(probe: Probe, ...els: CroquetChat[]): Promise<string> {
  const marker = `probe marker ${Math.random().toString(36).slice(2, 8)}`;
  probe.post(marker);
  await eventually(() => els.every((el) => el.messages.some((m) => m.text === marker)), 'the probe\'s marker never reached every page');
  return marker;
}

/**
 * Resolves once `el`'s replica of the room has handled (stored or refused) every event `el`'s view signed
 * so far. Events of different pages reach the room in no set order: a barrier posted from another page
 * after this orders them.
 */
async function handled(el: CroquetChat): Promise<void> {
  const view = viewOf(el) as unknown as { model: ChatModel; counter: number; viewId: string };
  await eventually(() => view.model.views.get(view.viewId)?.counter === view.counter, 'the room never handled what the page sent');
}

/** The reactions `el` shows on post `id`. */
function reactionsOn(el: CroquetChat, id: number) {
  return el.messages.find((m) => m.id === id)?.reactions;
}

/** Waits until every chat shows `expected` as the reactions on post `id`. */
async function reactionsEverywhere(els: CroquetChat[], id: number, expected: Record<string, string[]>, what: string): Promise<void> {
  const same = (el: CroquetChat) => JSON.stringify(reactionsOn(el, id)) === JSON.stringify(expected);
  await eventually(() => els.every(same), `${what}: ${els.map((el) => JSON.stringify(reactionsOn(el, id))).join(' / ')}`);
}

/** Posts `text` from `el` (a reply to post `replyTo`, if given) and returns its id once every chat of `all` has it. */
async function postEverywhere(el: CroquetChat, text: string, all: CroquetChat[], replyTo?: number): Promise<number> {
  expect(el.send(text, { replyTo })).to.equal(true);
  await eventually(() => all.every((other) => other.messages.some((m) => m.text === text)), `"${text}" never reached every page`);
  return el.messages.find((m) => m.text === text)!.id;
}

/** What this page's replica of the room handles from now on (an attacker in the room sees every event). */
function captureInput(): { readonly posts: PostPayload[]; readonly reactions: ReactPayload[] } {
  const seen = { posts: [] as PostPayload[], reactions: [] as ReactPayload[] };
  const proto = ChatModel.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the model as `this`
  const { newPost, react } = proto;
  proto.newPost = function (this: ChatModel, post: PostPayload) {
    seen.posts.push(structuredClone(post));
    newPost.call(this, post);
  };
  proto.react = function (this: ChatModel, request: ReactPayload) {
    seen.reactions.push(structuredClone(request));
    react.call(this, request);
  };
  restores.push(() => Object.assign(proto, { newPost, react }));
  return seen;
}

/** Strings that are not one emoji: a letter, two emoji, nothing, 40 characters, a control character, and more. */
const NOT_ONE_EMOJI = [
  'a', '👍👍', '', 'x'.repeat(40), '👍\u0007', '\u0007', ' 👍', '👍 ', '1', '#', '1\uFE0F', '\u200D👍', '👍\u200D', '👍\uFE0E', '🇫', '🇫🇷🇩', '🏻', 'é',
  `${'👨\u200D'.repeat(13)}👨`, // a ZWJ sequence of 41 UTF-16 units
  '\uD83D', // half of an emoji
];
/** One emoji each, in the forms the room takes. */
const ONE_EMOJI = ['👍', '❤️', '🇫🇷', '1️⃣', '#⃣', '👋🏽', '🧑🏾‍🚀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '©', '😀'];

describe('isReactionEmoji()', () => {
  it('takes one emoji: a pictograph (with VS-16 or a skin tone), a flag, a keycap, a ZWJ sequence, a subdivision flag', () => {
    for (const emoji of ONE_EMOJI) expect(isReactionEmoji(emoji), emoji).to.equal(true);
  });

  it(`refuses letters, digits alone, two emoji, spaces, controls, broken sequences and anything over ${MAX_EMOJI_LENGTH} UTF-16 units`, () => {
    for (const text of [...NOT_ONE_EMOJI, 42, null, ['👍']]) expect(isReactionEmoji(text), JSON.stringify(text)).to.equal(false);
  });
});

describe('toggleReaction()', () => {
  it('adds a person\'s reaction at the end, takes it back the second time, and never changes the reactions it was given', () => {
    const one = toggleReaction(NO_REACTIONS, '👍', 'ada')!;
    const two = toggleReaction(one, '👍', 'bob')!;
    const three = toggleReaction(two, '🎉', 'ada')!;
    expect(three).to.deep.equal({ '👍': ['ada', 'bob'], '🎉': ['ada'] });
    expect(toggleReaction(three, '👍', 'ada')).to.deep.equal({ '👍': ['bob'], '🎉': ['ada'] });
    expect(toggleReaction(three, '🎉', 'ada'), 'an emoji nobody holds is gone').to.deep.equal({ '👍': ['ada', 'bob'] });
    expect([NO_REACTIONS, one, two]).to.deep.equal([{}, { '👍': ['ada'] }, { '👍': ['ada', 'bob'] }]);
  });

  it(`refuses a new emoji beyond ${MAX_REACTION_EMOJI}, but not one more person on one of them, nor taking one back`, () => {
    let reactions = NO_REACTIONS;
    for (let i = 0; i < MAX_REACTION_EMOJI; i++) reactions = toggleReaction(reactions, String.fromCodePoint(0x1f600 + i), 'ada')!;
    expect(toggleReaction(reactions, '🥳', 'bob')).to.equal(null);
    expect(toggleReaction(reactions, '😀', 'bob')!['😀']).to.deep.equal(['ada', 'bob']);
    expect(Object.keys(toggleReaction(reactions, '😀', 'ada')!)).to.have.length(MAX_REACTION_EMOJI - 1);
  });
});

describe('the signature of a post and a reaction', () => {
  const person = newPerson();
  const binding = newBinding();
  const signed = (replyTo?: number): PostPayload => {
    const data: Omit<PostPayload, 'sig'> = { viewId: 'v', n: 1, text: 'yes', clientId: 'c1', wallTime: 1, ...(replyTo === undefined ? {} : { replyTo }) };
    return signedAct(POST, 'session', binding, person, data);
  };

  it('covers the reply: the same post answering another post is another message, and no reply is 0', () => {
    const message = (payload: PostPayload) => actMessage(POST, 'session', binding, payload)!;
    expect(message(signed(5))).to.not.deep.equal(message({ ...signed(5), replyTo: 6 }));
    expect(message(signed())).to.deep.equal(message({ ...signed(), replyTo: 0 }));
    expect(verifySignature(person.personId, signed(5).sig, message({ ...signed(5), replyTo: 6 }))).to.equal(false);
    expect(verifySignature(person.personId, signed(5).sig, message(signed(5)))).to.equal(true);
    for (const bad of [null, '5', Number.NaN, Infinity]) expect(actMessage(POST, 'session', binding, { ...signed(), replyTo: bad as number } as PostPayload), String(bad)).to.equal(null);
  });

  it('covers the post and the emoji of a reaction', () => {
    const payload = signedAct(REACT, 'session', binding, person, { viewId: 'v', n: 2, id: 7, emoji: '👍' });
    const message = (changes: Partial<ReactPayload>) => actMessage(REACT, 'session', binding, { ...payload, ...changes })!;
    expect(verifySignature(person.personId, payload.sig, message({}))).to.equal(true);
    expect(verifySignature(person.personId, payload.sig, message({ id: 8 }))).to.equal(false);
    expect(verifySignature(person.personId, payload.sig, message({ emoji: '👎' }))).to.equal(false);
    expect(actMessage(REACT, 'session', binding, { viewId: 'v', n: 2, sig: '', id: 7 } as ReactPayload), 'no emoji').to.equal(null);
  });
});

describe('<croquet-chat> replies (the room\'s side)', () => {
  it('carries a reply\'s post id to every page; a reply to a post the room does not hold stores 0, to a removed one its id', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('replies');
    const alice = await chat(session, { nickname: 'Alice' });
    const bob = await chat(session, { nickname: 'Bob' });
    const question = await postEverywhere(alice, 'lunch at noon?', [alice, bob]);
    expect(bob.send('yes, see you there', { replyTo: question })).to.equal(true);
    expect(bob.send('and to something never said', { replyTo: question + 1000 })).to.equal(true);
    for (const bad of [-1, 1.5, Number.NaN, '1' as unknown as number]) expect(bob.send('never sent', { replyTo: bad }), String(bad)).to.equal(false);
    await eventually(() => [alice, bob].every((el) => el.messages.length === 3), 'the replies never arrived');
    for (const el of [alice, bob]) {
      expect(el.messages.map((m) => [m.text, m.replyTo])).to.deep.equal([
        ['lunch at noon?', 0],
        ['yes, see you there', question],
        ['and to something never said', 0],
      ]);
    }

    expect(alice.deleteMessage(question)).to.equal(true);
    await eventually(() => bob.messages[0].deleted, 'the removal never arrived');
    await postEverywhere(bob, 'too late, it is gone', [alice, bob], question);
    const answer = bob.messages[1].id;
    await postEverywhere(alice, 'a reply to a reply', [alice, bob], answer);
    const carol = await chat(session, { nickname: 'Carol' }); // a late joiner reads the same threads
    for (const el of [alice, bob, carol]) expect(el.messages.map((m) => m.replyTo)).to.deep.equal([0, question, 0, question, answer]);
  });
});

describe('<croquet-chat> reactions (the room\'s side)', () => {
  it('toggles each person\'s reaction, one per person however many tabs, the same on every page and for a late joiner', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('reactions');
    const aliceUser = uniquePerson();
    const alice = await chat(session, { nickname: 'Alice', 'user-id': aliceUser });
    const bob = await chat(session, { nickname: 'Bob' });
    const tab = await chat(session, { 'user-id': aliceUser }); // Alice's second tab: the same person
    const all = [alice, bob, tab];
    await eventually(() => all.every((el) => el.users.length === 2), 'the pages never saw each other');
    const [a, b] = [alice.personId, bob.personId];
    expect(tab.personId).to.equal(a);
    const id = await postEverywhere(alice, 'the minutes are up', all);
    expect(alice.messages[0].reactions).to.deep.equal({});

    expect(alice.react(id, '👍')).to.equal(true);
    await reactionsEverywhere(all, id, { '👍': [a] }, 'Alice\'s thumbs up');
    expect(tab.react(id, '🎉')).to.equal(true);
    await reactionsEverywhere(all, id, { '👍': [a], '🎉': [a] }, 'her party from the other tab');
    expect(bob.react(id, '👍')).to.equal(true);
    await reactionsEverywhere(all, id, { '👍': [a, b], '🎉': [a] }, 'Bob\'s thumbs up');
    expect(tab.react(id, '👍'), 'her other tab takes back the thumbs up of her first').to.equal(true);
    await reactionsEverywhere(all, id, { '👍': [b], '🎉': [a] }, 'her thumbs up taken back');
    expect(alice.react(id, '🎉')).to.equal(true);
    await reactionsEverywhere(all, id, { '👍': [b] }, 'her party taken back');

    const carol = await chat(session, { nickname: 'Carol' });
    expect(reactionsOn(carol, id), 'the late joiner').to.deep.equal({ '👍': [b] });
    // Frozen copies: nothing a page does reaches the room's own objects.
    const shown = reactionsOn(bob, id)!;
    expect(Object.isFrozen(shown) && Object.isFrozen(shown['👍'])).to.equal(true);
  });

  it('ignores forged, unsigned and replayed reactions, and a post whose reply was changed on the way', async function () {
    this.timeout(60_000);
    const seen = captureInput();
    const session = uniqueSessionName('forged-react');
    const probe = await probeIn(session, 'Mallory'); // first, so its replica sees everything
    const alice = await chat(session, { nickname: 'Alice' });
    const bob = await chat(session, { nickname: 'Bob' });
    await eventually(() => bob.users.length === 3, 'the room never filled');
    const aliceView = alice.users.find((user) => user.self)!.viewId;
    const id = await postEverywhere(alice, 'vote here', [alice, bob]);
    expect(alice.send('my own vote is yes', { replyTo: id })).to.equal(true);
    expect(alice.react(id, '👍')).to.equal(true);
    await reactionsEverywhere([alice, bob], id, { '👍': [alice.personId] }, 'her honest reaction');
    probe.react(id, '🎉'); // the attacker's own, honest reaction counts like anyone's
    await reactionsEverywhere([alice, bob], id, { '👍': [alice.personId], '🎉': [probe.person.personId] }, 'the probe\'s own reaction');
    await eventually(() => seen.reactions.some((r) => r.viewId === aliceView), 'the attacker\'s replica never saw her reaction');
    const reaction = seen.reactions.find((r) => r.viewId === aliceView)!;
    const reply = seen.posts.find((p) => p.text === 'my own vote is yes')!;
    expect(reply, 'the attacker\'s replica saw her reply as the room received it').to.include({ replyTo: id });

    probe.say(REACT, { ...reaction, n: reaction.n + 10, emoji: '👎', sig: '' }); // unsigned, in her name
    probe.react(id, '👎', aliceView); // signed with the attacker's key, from her view
    probe.say(REACT, reaction); // hers again: it would take her thumbs up back
    probe.say(REACT, { ...reaction, n: reaction.n + 1 }); // renumbered: the signature covers the counter
    probe.say(REACT, { ...reaction, n: reaction.n + 1, emoji: '👎' });
    probe.say(POST, { ...reply, n: reply.n + 1, clientId: 'another', replyTo: 0 }); // her reply, as a post of its own
    probe.say(POST, { ...reply, n: reply.n + 1, clientId: 'another', replyTo: id + 1 }); // to another post
    probe.say(POST, { ...reply, n: reply.n + 1, clientId: 'another', replyTo: undefined }); // with the reply left out
    const marker = await probeBarrier(probe, alice, bob);

    for (const el of [alice, bob]) {
      expect(el.messages.map((m) => [m.text, m.replyTo])).to.deep.equal([['vote here', 0], ['my own vote is yes', id], [marker, 0]]);
      expect(reactionsOn(el, id)).to.deep.equal({ '👍': [alice.personId], '🎉': [probe.person.personId] });
    }
  });

  it('refuses what is not one emoji (a letter, two emoji, nothing, 40 characters, a control character), and a reaction to no post', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('emoji');
    const alice = await chat(session, { nickname: 'Alice' }, BUSY_ROOM);
    const bob = await chat(session, { nickname: 'Bob' }, BUSY_ROOM);
    const id = await postEverywhere(alice, 'react to me', [alice, bob]);
    for (const text of NOT_ONE_EMOJI) {
      expect(bob.react(id, text), JSON.stringify(text)).to.equal(false);
      viewOf(bob).react(id, text); // a modified client sends it anyway
    }
    expect(bob.react(id + 100, '👍'), 'no such post').to.equal(false);
    viewOf(bob).react(id + 100, '👍');
    viewOf(bob).react(-1, '👍'); // a presence line's id
    // One at a time: the element paces what it sends (and Croquet's send rate), reactions too.
    for (const [i, emoji] of ONE_EMOJI.entries()) {
      expect(bob.react(id, emoji), emoji).to.equal(true);
      await eventually(() => Object.keys(reactionsOn(bob, id)!).length === i + 1, `${emoji} never arrived`);
    }
    await handled(bob);
    await barrier(alice, bob);
    for (const el of [alice, bob]) {
      expect(Object.keys(reactionsOn(el, id)!), 'only the emoji, in the order they came').to.deep.equal(ONE_EMOJI);
      expect(Object.values(reactionsOn(el, id)!).every((people) => people.length === 1 && people[0] === bob.personId)).to.equal(true);
    }
  });

  it(`refuses a new emoji beyond the ${MAX_REACTION_EMOJI} a post may carry, and takes one more person on one of them`, async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('twenty-emoji');
    const probe = await probeIn(session, 'Mallory', BUSY_ROOM);
    const alice = await chat(session, { nickname: 'Alice' }, BUSY_ROOM);
    const bob = await chat(session, { nickname: 'Bob' }, BUSY_ROOM);
    const id = await postEverywhere(alice, 'pick one', [alice, bob]);
    const twenty = Array.from({ length: MAX_REACTION_EMOJI }, (_, i) => String.fromCodePoint(0x1f600 + i));
    for (const emoji of twenty) probe.react(id, emoji);
    await eventually(() => Object.keys(reactionsOn(bob, id)!).length === MAX_REACTION_EMOJI, 'the twenty never arrived');

    expect(bob.react(id, '🥳'), 'a 21st emoji').to.equal(false);
    viewOf(bob).react(id, '🥳'); // a modified client
    probe.react(id, '🥳');
    expect(bob.react(id, twenty[0]), 'one more person on one of them').to.equal(true);
    await handled(bob);
    await probeBarrier(probe, alice, bob);
    for (const el of [alice, bob]) {
      expect(Object.keys(reactionsOn(el, id)!)).to.deep.equal(twenty);
      expect(reactionsOn(el, id)![twenty[0]]).to.deep.equal([probe.person.personId, bob.personId]);
    }
  });

  it('refuses a muted person\'s reactions until the mute is lifted', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('muted-react');
    const modUser = uniquePerson();
    const modId = (await personKeyFor(DEFAULT_APP_ID, modUser)).personId;
    const mod = await chat(session, { moderators: modId, 'user-id': modUser });
    const alice = await chat(session, { moderators: modId, nickname: 'Alice' });
    const bob = await chat(session, { moderators: modId, nickname: 'Bob' });
    const all = [mod, alice, bob];
    const id = await postEverywhere(bob, 'hello, room', all);
    expect(mod.mute(alice.personId, 10)).to.equal(true);
    await eventually(() => alice.muted, 'Alice never learned she is muted');

    expect(alice.react(id, '👍')).to.equal(false);
    viewOf(alice).react(id, '👍'); // a modified client
    expect(mod.react(id, '👀')).to.equal(true);
    await handled(alice);
    await barrier(mod, alice, bob);
    for (const el of all) expect(reactionsOn(el, id)).to.deep.equal({ '👀': [modId] });

    expect(mod.unmute(alice.personId)).to.equal(true);
    await eventually(() => !alice.muted, 'the mute never ended');
    expect(alice.react(id, '👍')).to.equal(true);
    await reactionsEverywhere(all, id, { '👀': [modId], '👍': [alice.personId] }, 'her reaction after the mute');
  });

  it('counts reactions against a person\'s allowance like posts: in slow mode a reaction right after a post is refused', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('slow-react');
    const rules = { 'slow-mode': '60' };
    const alice = await chat(session, { ...rules, nickname: 'Alice' });
    const bob = await chat(session, { ...rules, nickname: 'Bob' });
    const carol = await chat(session, { ...rules, nickname: 'Carol' });
    const id = await postEverywhere(alice, 'one post a minute', [alice, bob, carol]);
    expect(alice.react(id, '👍'), 'her allowance went to her post').to.equal(false);
    viewOf(alice).react(id, '👍'); // a modified client
    expect(bob.react(id, '👀')).to.equal(true);
    expect(bob.react(id, '🎉'), 'and his to his first reaction').to.equal(false);
    viewOf(bob).react(id, '🎉');
    await Promise.all([handled(alice), handled(bob)]);
    await barrier(carol, alice, bob);
    for (const el of [alice, bob, carol]) expect(reactionsOn(el, id)).to.deep.equal({ '👀': [bob.personId] });
  });
});

describe('<croquet-chat> history-limit', () => {
  for (const [limit, attributes, rules] of [
    [150, { 'history-limit': '150' }, { historyLimit: 150, ...BUSY_ROOM }],
    [MAX_HISTORY, {}, BUSY_ROOM],
  ] as const) {
    it(`keeps the newest ${limit} entries ${limit === MAX_HISTORY ? 'in a room that sets no limit' : `with history-limit="${limit}"`}, for a late joiner too`, async function () {
      this.timeout(90_000);
      const session = uniqueSessionName('history-limit');
      // The probe joins with the rules the element makes of its attributes and `modelOptions`: the same session only if they match.
      const probe = await probeIn(session, 'Scribe', rules);
      const alice = await chat(session, { ...attributes, nickname: 'Alice' }, BUSY_ROOM);
      const total = limit + 20;
      for (let i = 1; i <= total; i++) probe.post(`line ${i}`);
      await eventually(() => alice.messages.at(-1)?.text === `line ${total}`, `the last line never arrived (${alice.messages.length} entries)`, 60_000);
      const expected = Array.from({ length: limit }, (_, i) => `line ${total - limit + i + 1}`);
      expect(alice.messages.map((m) => m.text)).to.deep.equal(expected);
      const bob = await chat(session, { ...attributes, nickname: 'Bob' }, BUSY_ROOM);
      expect(bob.messages.map((m) => m.text), 'the late joiner').to.deep.equal(expected);
    });
  }
});
