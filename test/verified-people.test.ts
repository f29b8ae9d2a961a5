import { expect } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { toBase64url } from '../src/model/base64url.js';
import { DEFAULT_APP_ID } from '../src/session/chat-session.js';
import { personKeyFor } from '../src/session/person-key.js';
import { barrier, eventually, openPeer, testBox, uniquePerson, uniqueSessionName, viewOf, waitForStatus, type Peer } from './helpers.js';

// People a site vouches for: a site key pair as a site's server would hold it, tokens it signs for the
// keys of real pages, and what every page makes of valid, expired, foreign and replayed tokens.

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
});

/** A site: its key pair and the tokens it issues (compact JWTs, EdDSA), as its server would. */
class Site {
  private constructor(
    readonly publicKey: string,
    private readonly privateKey: CryptoKey,
  ) {}

  static async create(): Promise<Site> {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']));
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    return new Site(toBase64url(raw), pair.privateKey);
  }

  /** A token for `claims` (exp defaults to an hour from now). */
  async token(claims: { sub: string; name: string; key: string; role?: string; exp?: number }): Promise<string> {
    const part = (value: object) => toBase64url(new TextEncoder().encode(JSON.stringify(value)));
    const signingInput = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, this.privateKey, new TextEncoder().encode(signingInput)));
    return `${signingInput}.${toBase64url(signature)}`;
  }
}

/** The person id a page with `userId` will have (its key, kept by this origin's IndexedDB). */
async function keyOf(userId: string): Promise<string> {
  return (await personKeyFor(DEFAULT_APP_ID, userId)).personId;
}

async function open(session: string, site: Site, userId: string, attributes: Record<string, string> = {}): Promise<CroquetChat> {
  const peer = await openPeer({ session, box: testBox(), 'site-key': site.publicKey, 'user-id': userId, ...attributes });
  peers.push(peer);
  await waitForStatus(peer.el, 'online');
  return peer.el;
}

describe('<croquet-chat> people a site vouches for', () => {
  it('shows a vouched person with the site\'s name and a verified mark on every page, and their posts as verified', async function () {
    this.timeout(60_000);
    const site = await Site.create();
    const session = uniqueSessionName('vouched');
    const adaUser = uniquePerson();
    const token = await site.token({ sub: 'u-1001', name: 'Ada Lovelace', key: await keyOf(adaUser) });
    const ada = await open(session, site, adaUser, { 'user-token': token });
    const guest = await open(session, site, uniquePerson());
    await eventually(() => guest.users.length === 2 && ada.users.length === 2, 'they never saw each other');
    expect(ada.verified).to.equal(true);
    expect(ada.nickname).to.equal('Ada Lovelace');
    expect(guest.verified).to.equal(false);
    const seenByGuest = guest.users.find((user) => !user.self)!;
    expect(seenByGuest).to.include({ personId: 'site:u-1001', nickname: 'Ada Lovelace', verified: true });
    expect(guest.users.find((user) => user.self)).to.include({ verified: false });
    ada.send('signed, Ada');
    guest.send('just a guest');
    await eventually(() => guest.messages.length === 2 && ada.messages.length === 2, 'the posts never arrived');
    // Two pages posting at once: the room orders them, either way round.
    expect(guest.messages.map((m) => [m.text, m.verified, m.personId])).to.have.deep.members([
      ['signed, Ada', true, 'site:u-1001'],
      ['just a guest', false, guest.personId],
    ]);
    expect(ada.messages.find((m) => m.text === 'signed, Ada')!.self, 'a vouched person\'s own posts are still theirs').to.equal(true);
  });

  it('makes two devices of one site user one person', async function () {
    this.timeout(60_000);
    const site = await Site.create();
    const session = uniqueSessionName('devices');
    const [laptop, phone] = [uniquePerson(), uniquePerson()]; // two browsers: two keys
    const onLaptop = await open(session, site, laptop, { 'user-token': await site.token({ sub: 'u-7', name: 'Grace', key: await keyOf(laptop) }) });
    const onPhone = await open(session, site, phone, { 'user-token': await site.token({ sub: 'u-7', name: 'Grace', key: await keyOf(phone) }) });
    expect(onLaptop.personId).to.not.equal(onPhone.personId);
    await eventually(() => onLaptop.participants === 2, 'the second device never arrived');
    expect(onLaptop.users).to.have.length(1);
    expect(onLaptop.users[0]).to.include({ personId: 'site:u-7', nickname: 'Grace', views: 2, self: true, verified: true });
    onPhone.send('from the phone');
    await eventually(() => onLaptop.messages.some((m) => m.text === 'from the phone'), 'the post never arrived');
    expect(onLaptop.messages.find((m) => m.text === 'from the phone')!.self, 'the laptop shows the phone\'s post as its own').to.equal(true);
  });

  it('does not vouch for a token that expired, that another key signed, or that was made for another browser', async function () {
    this.timeout(60_000);
    const site = await Site.create();
    const impostor = await Site.create();
    const session = uniqueSessionName('bad-tokens');
    const witness = await open(session, site, uniquePerson());
    const [late, forged, stolen] = [uniquePerson(), uniquePerson(), uniquePerson()];
    const victim = uniquePerson();
    const tokens = {
      [late]: await site.token({ sub: 'u-late', name: 'Late', key: await keyOf(late), exp: Math.floor(Date.now() / 1000) - 60 }),
      [forged]: await impostor.token({ sub: 'u-admin', name: 'Admin', key: await keyOf(forged), role: 'moderator' }),
      // A real token, copied from another browser: it names that browser's key, not this one's.
      [stolen]: await site.token({ sub: 'u-victim', name: 'Victim', key: await keyOf(victim) }),
    };
    const pages = [];
    for (const userId of [late, forged, stolen]) pages.push(await open(session, site, userId, { 'user-token': tokens[userId] }));
    await eventually(() => witness.users.length === 4, 'the three never arrived');
    await barrier(witness, ...pages);
    for (const el of pages) {
      expect(el.verified).to.equal(false);
      expect(el.moderator).to.equal(false);
    }
    expect(witness.users.every((user) => !user.verified && !user.personId.startsWith('site:'))).to.equal(true);
    expect(witness.users.map((user) => user.nickname)).to.not.include.members(['Late', 'Admin', 'Victim']);
  });

  it('verified-only: only vouched people post, and a token with role moderator makes a moderator', async function () {
    this.timeout(60_000);
    const site = await Site.create();
    const session = uniqueSessionName('verified-only');
    const modUser = uniquePerson();
    const token = await site.token({ sub: 'u-mod', name: 'Mod', key: await keyOf(modUser), role: 'moderator' });
    const mod = await open(session, site, modUser, { 'user-token': token, 'verified-only': '' });
    const guest = await open(session, site, uniquePerson(), { 'verified-only': '' });
    await eventually(() => mod.users.length === 2, 'the guest never arrived');
    expect(mod.moderator).to.equal(true);
    expect(guest.send('may I?')).to.equal(false);
    viewOf(guest).post('posted around the rule', 'around-1'); // a modified client: the room refuses it
    await barrier(mod, guest);
    mod.send('only the vouched speak here');
    await eventually(() => guest.messages.some((m) => m.text === 'only the vouched speak here'), 'the vouched post never arrived');
    expect(guest.messages.map((m) => m.text).filter((text) => !text.startsWith('marker'))).to.deep.equal(['only the vouched speak here']);
    expect(mod.mute(guest.personId, 5)).to.equal(true);
    await eventually(() => mod.users.find((user) => !user.self)?.muted === true, 'the moderator\'s mute never landed');
  });
});
