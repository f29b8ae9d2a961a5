import { expect } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import type { CroquetSession } from '../src/croquet.js';
import { ChatModel } from '../src/model/chat-model.js';
import { MAX_ALT_LENGTH, MAX_IMAGE_SIDE, MAX_MENTIONS } from '../src/model/limits.js';
import { findMentions, mentionSpans } from '../src/model/mentions.js';
import { ALT, DELETE, EDIT, POST, type AltPayload, type PostPayload } from '../src/model/topics.js';
import type { ChatImage } from '../src/types.js';
import { eventually, openPeer, testBox, uniqueSessionName, waitForStatus, type Peer } from './helpers.js';
import { SigningView, joinAsView, newBinding, newPerson } from './signing.js';

// The room's side of mentions and images (src/model): who a post mentions, as every replica finds it, and
// which images the room stores. A probe says what any view can say, signed, including what no widget would.

/** A handle id of the form Croquet's Data API gives (a version digit, then base64url). */
const HANDLE = `4${'Qk1'.repeat(40)}`;
const PHOTO: ChatImage = { handle: HANDLE, width: 1600, height: 1200, type: 'image/jpeg', alt: 'harbour.jpg' };

class Probe extends SigningView {
  constructor(model: ChatModel) {
    super(model, newPerson(), newBinding());
  }

  post(text: string, image?: Pick<PostPayload, 'image' | 'imageWidth' | 'imageHeight' | 'imageType' | 'alt'>): PostPayload {
    return this.act(POST, { text, clientId: Math.random().toString(36).slice(2, 10), wallTime: Date.now(), ...image });
  }

  postImage(text: string, image: ChatImage = PHOTO): PostPayload {
    return this.post(text, { image: image.handle, imageWidth: image.width, imageHeight: image.height, imageType: image.type, alt: image.alt });
  }

  edit(id: number, text: string): void {
    this.act(EDIT, { id, text });
  }

  setAlt(id: number, alt: string): AltPayload {
    return this.act(ALT, { id, alt });
  }

  remove(id: number): void {
    this.act(DELETE, { id });
  }
}

const peers: Peer[] = [];
const probes: CroquetSession<Probe>[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.close();
  await Promise.all(probes.splice(0).map((probe) => probe.leave()));
});

async function chat(session: string, nickname: string): Promise<CroquetChat> {
  const peer = await openPeer({ session, box: testBox(), nickname });
  peers.push(peer);
  await waitForStatus(peer.el, 'online');
  await eventually(() => peer.el.nickname === nickname, `the room never called the page ${nickname}`);
  return peer.el;
}

async function probeIn(session: string, name: string): Promise<Probe> {
  const joined = await joinAsView(session, Probe);
  probes.push(joined);
  joined.view.identify(name);
  await eventually(() => joined.view.identified, 'the room never took the probe for a person');
  return joined.view;
}

/** The post with `text` as every chat has it, once they all do. */
async function postEverywhere(text: string, ...els: CroquetChat[]) {
  await eventually(() => els.every((el) => el.messages.some((m) => m.text === text)), `"${text}" never reached every page`);
  return els.map((el) => el.messages.find((m) => m.text === text)!);
}

function personOf(el: CroquetChat): string {
  return el.personId;
}

describe('mentionSpans() and findMentions()', () => {
  const names = new Map([['ann', 'Ann'], ['ann-lee', 'Ann Lee'], ['zoe', 'Zoë'], ['kiwi', 'kiwi']]);

  it('finds "@" and a name in any case, the longest name first, where the "@" starts a word (not in an address or a link) and the name ends one', () => {
    const text = '@ann lee and @ANN, ask @Zoë! mail ann@Ann.org, @Annie, @@kiwi, https://example.com/@kiwi x=@kiwi (@Kiwi) "@zoë"';
    const spans = mentionSpans(text, names);
    expect(spans.map(({ start, end, personId }) => [text.slice(start, end), personId])).to.deep.equal([
      ['@ann lee', 'ann-lee'], ['@ANN', 'ann'], ['@Zoë', 'zoe'], ['@Kiwi', 'kiwi'], ['@zoë', 'zoe'],
    ]);
  });

  it(`lists each person once, in order, never the author, at most ${MAX_MENTIONS}`, () => {
    expect(findMentions('@Zoë @Ann @zoë @Kiwi', names, 'kiwi')).to.deep.equal(['zoe', 'ann']);
    const crowd = new Map(Array.from({ length: MAX_MENTIONS + 5 }, (_, i) => [`p${i}`, `Guest ${i}`]));
    const everyone = [...crowd.values()].map((name) => `@${name}`).join(' ');
    expect(findMentions(everyone, crowd, '')).to.deep.equal([...crowd.keys()].slice(0, MAX_MENTIONS));
  });
});

describe('Mentions in the room', () => {
  it('lists the people a post names, present or remembered, the same on every page, and again after an edit', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('mentions');
    const ada = await chat(session, 'Ada');
    const bob = await chat(session, 'Bob Lee');
    const gone = await chat(session, 'Cyd');
    const cyd = personOf(gone);
    peers.pop()!.close(); // Cyd leaves: the room remembers the name
    await eventually(() => ada.users.length === 2, 'Cyd never left');
    const probe = await probeIn(session, 'Probe');

    probe.post('@bob lee and @Ada, is @Cyd back? @Bob, and me, @Probe. ada@example.org');
    const [onAda, onBob] = await postEverywhere('@bob lee and @Ada, is @Cyd back? @Bob, and me, @Probe. ada@example.org', ada, bob);
    expect(onAda.mentions).to.deep.equal([personOf(bob), personOf(ada), cyd]);
    expect(onBob.mentions, 'the same on every page').to.deep.equal(onAda.mentions);

    probe.edit(onAda.id, 'never mind @cyd');
    await eventually(() => bob.messages.some((m) => m.text === 'never mind @cyd'), 'the edit never arrived');
    expect(bob.messages.find((m) => m.id === onAda.id)!.mentions).to.deep.equal([cyd]);
  });

  it('mentions nobody in a name the room does not hold, and keeps who was named when they rename', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('mentions');
    const ada = await chat(session, 'Ada');
    const probe = await probeIn(session, 'Probe');
    probe.post('@Adam? @Nobody? @ Ada?');
    const [stranger] = await postEverywhere('@Adam? @Nobody? @ Ada?', ada);
    expect(stranger.mentions).to.deep.equal([]);
    probe.post('thanks @ada');
    const [thanks] = await postEverywhere('thanks @ada', ada);
    ada.nickname = 'Ada B';
    await eventually(() => ada.nickname === 'Ada B', 'the rename never landed');
    expect(ada.messages.find((m) => m.id === thanks.id)!.mentions).to.deep.equal([personOf(ada)]);
  });
});

describe('Images in the room', () => {
  it('stores an image post, without words too, and shows it to every page and to a late joiner', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('images');
    const ada = await chat(session, 'Ada');
    const probe = await probeIn(session, 'Probe');
    probe.postImage('');
    probe.postImage('the harbour', { ...PHOTO, type: 'image/gif', width: 1, height: 1, alt: '  a  tiny\n gif ' });
    await postEverywhere('the harbour', ada);
    const late = await chat(session, 'Late');
    for (const el of [ada, late]) {
      const [bare, captioned] = el.messages.filter((m) => m.image !== null);
      expect(bare.text).to.equal('');
      expect(bare.image).to.deep.equal(PHOTO);
      expect(captioned.image).to.deep.equal({ ...PHOTO, type: 'image/gif', width: 1, height: 1, alt: 'a tiny gif' });
    }
  });

  it('refuses an image out of the rules: no post is stored, caption or not', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('images');
    const ada = await chat(session, 'Ada');
    const probe = await probeIn(session, 'Probe');
    const fields = { image: HANDLE, imageWidth: 800, imageHeight: 600, imageType: 'image/png', alt: 'x' };
    const refused = [
      { imageType: 'image/svg+xml' }, { imageType: 'text/html' }, { imageWidth: MAX_IMAGE_SIDE + 1 }, { imageHeight: 0 }, { imageWidth: 2.5 },
      { image: 'javascript:alert(1)' }, { image: `4${'A'.repeat(1200)}` }, { image: '4<img src=x>' },
    ];
    refused.forEach((wrong, i) => probe.post(`refused ${i}`, { ...fields, ...wrong }));
    probe.post('', { ...fields, imageType: 'image/bmp' });
    probe.post('the marker', fields);
    await postEverywhere('the marker', ada);
    expect(ada.messages.filter((m) => m.kind === 'post').map((m) => m.text)).to.deep.equal(['the marker']);
  });

  it('lets only the author change the alt text (one plain line, cut to the limit), and a removal takes the image', async function () {
    this.timeout(60_000);
    const session = uniqueSessionName('images');
    const ada = await chat(session, 'Ada');
    const author = await probeIn(session, 'Author');
    const other = await probeIn(session, 'Other');
    author.postImage('look');
    const [post] = await postEverywhere('look', ada);
    other.setAlt(post.id, 'defaced');
    other.post('after the other\'s try');
    await postEverywhere('after the other\'s try', ada);
    expect(ada.messages.find((m) => m.id === post.id)!.image!.alt, 'not the author: unchanged').to.equal(PHOTO.alt);
    author.setAlt(post.id, `a dog\n on a boat ${'!'.repeat(MAX_ALT_LENGTH)}`);
    await eventually(() => ada.messages.find((m) => m.id === post.id)!.image!.alt.startsWith('a dog on a boat'), 'the author\'s alt text never arrived');
    const alt = ada.messages.find((m) => m.id === post.id)!.image!.alt;
    expect(Array.from(alt)).to.have.length(MAX_ALT_LENGTH);
    author.remove(post.id);
    await eventually(() => ada.messages.find((m) => m.id === post.id)!.deleted, 'the removal never arrived');
    expect(ada.messages.find((m) => m.id === post.id)!.image).to.equal(null);
  });
});
