import { expect } from '@open-wc/testing';
import { toBase64url } from '../src/model/base64url.js';
import { INVITE_PARAMETER, inviteLink, randomPassword, randomRoomName, readInvite, type Invite } from '../src/session/invite.js';

// The invite link's fragment on its own: what createInvite() writes and what `invite` reads. Pure
// functions; the element's use of them is in invite.test.ts.

const APP = 'croquet-chat.widget';
const PAGE = 'https://example.com/chat/?tab=2';

function anInvite(overrides: Partial<Invite> = {}): Invite {
  return { appId: APP, session: 'private-abc', password: randomPassword(), ...overrides };
}

/** An invite piece carrying `data` as it is (for invites no correct writer makes). */
function pieceOf(data: unknown): string {
  return `${INVITE_PARAMETER}=${toBase64url(new TextEncoder().encode(JSON.stringify(data)))}`;
}

describe('invite links', () => {
  it('a new password is 22 base64url characters (128 random bits), different every time', () => {
    const passwords = new Set(Array.from({ length: 50 }, randomPassword));
    expect(passwords.size).to.equal(50);
    for (const password of passwords) expect(password).to.match(/^[A-Za-z0-9_-]{22}$/);
  });

  it('a new room name is "private-" and 64 random bits', () => {
    const names = new Set(Array.from({ length: 50 }, randomRoomName));
    expect(names.size).to.equal(50);
    for (const name of names) expect(name).to.match(/^private-[A-Za-z0-9_-]{11}$/);
  });

  it('the link is the page without its fragment, and its fragment gives back room, password and app id', () => {
    const invite = anInvite({ session: 'Team room: ünïcode & more #1' });
    const link = inviteLink(`${PAGE}#old-fragment`, invite);
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}${url.search}`).to.equal(PAGE);
    expect(url.hash.startsWith(`#${INVITE_PARAMETER}=`)).to.equal(true);
    expect(url.hash, 'nothing in the fragment needs escaping').to.match(/^#[\w-]+=[A-Za-z0-9_-]+$/);
    expect(readInvite(url.hash, APP)).to.deep.equal({ kind: 'invite', invite, hash: '' });
  });

  it('keeps whatever else the fragment holds, before or after the invite', () => {
    const invite = anInvite();
    const piece = new URL(inviteLink(PAGE, invite)).hash.slice(1);
    expect(readInvite(`#intro&${piece}&lang=de`, APP)).to.deep.equal({ kind: 'invite', invite, hash: '#intro&lang=de' });
    expect(readInvite(`#/route/7&${piece}`, APP)).to.deep.equal({ kind: 'invite', invite, hash: '#/route/7' });
  });

  it('reads an invite whose "=" a messenger percent-encoded', () => {
    const invite = anInvite();
    const piece = new URL(inviteLink(PAGE, invite)).hash.slice(1).replace('=', '%3D');
    expect(readInvite(`#${piece}`, APP)).to.deep.equal({ kind: 'invite', invite, hash: '' });
  });

  it('takes only the invite for its own app id, leaving another app\'s on the page', () => {
    const ours = anInvite();
    const theirs = anInvite({ appId: 'com.example.other' });
    const theirPiece = new URL(inviteLink(PAGE, theirs)).hash.slice(1);
    const ourPiece = new URL(inviteLink(PAGE, ours)).hash.slice(1);
    expect(readInvite(`#${theirPiece}`, APP)).to.deep.equal({ kind: 'none' });
    expect(readInvite(`#${theirPiece}&${ourPiece}`, APP)).to.deep.equal({ kind: 'invite', invite: ours, hash: `#${theirPiece}` });
  });

  it('finds nothing in fragments without an invite', () => {
    for (const hash of ['', '#', '#intro', '#a=1&b=2', '#croquet-chat-invitation=x']) expect(readInvite(hash, APP), hash).to.deep.equal({ kind: 'none' });
  });

  it('refuses malformed invites, saying why, and never throws', () => {
    const good = { app: APP, room: 'private-abc', key: randomPassword() };
    const malformed = {
      empty: `${INVITE_PARAMETER}=`,
      'not base64url': `${INVITE_PARAMETER}=abc$def`,
      'an impossible length': `${INVITE_PARAMETER}=abcde`,
      'not JSON': `${INVITE_PARAMETER}=${toBase64url(new TextEncoder().encode('room=a'))}`,
      'not UTF-8': `${INVITE_PARAMETER}=${toBase64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}`,
      'a JSON array': pieceOf(['private-abc', good.key]),
      'JSON null': pieceOf(null),
      'no app id': pieceOf({ ...good, app: undefined }),
      'a short password': pieceOf({ ...good, key: 'hunter2' }),
      'a 22-character password that is not base64url': pieceOf({ ...good, key: 'a'.repeat(21) + '!' }),
      'a password with unused bits set (not canonical)': pieceOf({ ...good, key: 'A'.repeat(21) + 'B' }),
      'a numeric password': pieceOf({ ...good, key: 12345 }),
      'an empty room': pieceOf({ ...good, room: '' }),
      'a blank room': pieceOf({ ...good, room: '   ' }),
      'a room over 100 characters': pieceOf({ ...good, room: 'r'.repeat(101) }),
      'a room with control characters': pieceOf({ ...good, room: 'a\u0000b' }),
      'far too long': `${INVITE_PARAMETER}=${'A'.repeat(5000)}`,
      'bad percent-encoding': `${INVITE_PARAMETER}=%E0%A4%A`,
    };
    for (const [what, piece] of Object.entries(malformed)) {
      const reading = readInvite(`#intro&${piece}`, APP);
      expect(reading.kind, what).to.equal('malformed');
      expect(reading.kind === 'malformed' && reading.reason, what).to.be.a('string').and.not.equal('');
    }
    expect(readInvite(`#${pieceOf(good)}`, APP).kind, 'the well-formed one it was made from').to.equal('invite');
  });

  it('a malformed piece does not hide a good invite after it', () => {
    const invite = anInvite();
    const piece = new URL(inviteLink(PAGE, invite)).hash.slice(1);
    expect(readInvite(`#${INVITE_PARAMETER}=junk&${piece}`, APP)).to.deep.equal({ kind: 'invite', invite, hash: `#${INVITE_PARAMETER}=junk` });
  });
});
