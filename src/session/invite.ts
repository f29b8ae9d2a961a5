/**
 * Private rooms by invite link. A room's password is its encryption key, and Croquet derives the key
 * with PBKDF2-HMAC-SHA1, an empty salt and one iteration: whoever runs the relay can try passwords
 * offline against what every joiner receives. So a private room gets a long random password (128 bits),
 * and people pass it on in a link rather than typing it.
 *
 * The link is the page's address with a fragment piece `croquet-chat-invite=<base64url of JSON>`, the JSON
 * being `{"app", "room", "key"}`. Browsers never send the fragment to a server. Pieces are `&`-separated,
 * so an invite sits beside whatever else a page keeps in its fragment; an element only takes the invite
 * for its own app id, so a page with several app ids can carry one invite for each.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fromBase64url, toBase64url } from '../model/base64url.js';

/** The name of the fragment piece that carries an invite. */
export const INVITE_PARAMETER = 'croquet-chat-invite';

/** A private room's password: 16 random bytes (128 bits), base64url without padding. */
export const PASSWORD_BYTES = 16;
export const PASSWORD_LENGTH = 22;

/** The longest room name a room takes (see checkOptions in chat-server-options.ts). */
const MAX_ROOM_LENGTH = 100;

/** More than any invite for a valid app id and room needs, so junk is refused before it is decoded. */
const MAX_PIECE_LENGTH = 1024;

/** Which room, under which app id, with which password. */
export interface Invite {
  readonly appId: string;
  readonly session: string;
  readonly password: string;
}

/** `count` random bytes from the platform's cryptographic generator, base64url. */
export function randomToken(count: number): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(count)));
}

/** A fresh random password for a private room (22 characters, 128 bits). */
export function randomPassword(): string {
  return randomToken(PASSWORD_BYTES);
}

/** A fresh room name no one will guess or collide with: "private-" and 64 random bits. */
export function randomRoomName(): string {
  return `private-${randomToken(8)}`;
}

/** Why `session` cannot be a room in an invite, or '' when it can: 1 to 100 characters, not blank, no control characters. */
export function roomNameProblem(session: unknown): string {
  if (typeof session !== 'string' || !session.trim()) return 'the room name is empty';
  if (session.length > MAX_ROOM_LENGTH) return `the room name is longer than ${MAX_ROOM_LENGTH} characters`;
  if (/\p{Cc}/u.test(session)) return 'the room name has control characters';
  return '';
}

/** Whether `password` is what `randomPassword()` makes: the canonical base64url of 16 bytes. */
export function isInvitePassword(password: unknown): password is string {
  return fromBase64url(password, PASSWORD_BYTES) !== null;
}

/** The fragment piece for `invite` (without `#`). */
export function invitePiece(invite: Invite): string {
  const json = JSON.stringify({ app: invite.appId, room: invite.session, key: invite.password });
  return `${INVITE_PARAMETER}=${toBase64url(new TextEncoder().encode(json))}`;
}

/** `pageUrl` without its fragment, with the invite's fragment. */
export function inviteLink(pageUrl: string, invite: Invite): string {
  const url = new URL(pageUrl);
  url.hash = '';
  return `${url.href.replace(/#$/, '')}#${invitePiece(invite)}`;
}

/** What a fragment holds for one app id. */
/**
 * A new private room of `appId`: a random password, the room `session` (random unless given), and the
 * link to it from `pageUrl`. Throws a RangeError for a room name no room takes.
 */
export function newInvite(pageUrl: string, appId: string, session = randomRoomName()): { invite: Invite; link: string } {
  const problem = roomNameProblem(session);
  if (problem) throw new RangeError(`createInvite: ${problem}`);
  const invite: Invite = { appId, session, password: randomPassword() };
  return { invite, link: inviteLink(pageUrl, invite) };
}

export type InviteReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly reason: string }
  /** `hash` is the fragment without the invite ('' when nothing else was in it), ready for the address bar. */
  | { readonly kind: 'invite'; readonly invite: Invite; readonly hash: string };

/**
 * Reads the invite for `appId` from a fragment (`location.hash`, with or without `#`). Invites for other
 * app ids and everything else in the fragment are left as they are. Never throws.
 */
export function readInvite(hash: string, appId: string): InviteReading {
  const pieces = hash.replace(/^#/, '').split('&');
  let malformed = '';
  for (const [index, piece] of pieces.entries()) {
    const value = inviteValue(piece);
    if (value === null) continue;
    const decoded = decodeInvite(value);
    if (typeof decoded === 'string') {
      malformed ||= decoded;
      continue;
    }
    if (decoded.appId !== appId) continue; // another app's invite on the same page
    const rest = pieces.filter((_, other) => other !== index).join('&');
    return { kind: 'invite', invite: decoded, hash: rest ? `#${rest}` : '' };
  }
  return malformed ? { kind: 'malformed', reason: malformed } : { kind: 'none' };
}

/** The value of an invite piece (also when a messenger percent-encoded its `=`), or null for other pieces. */
function inviteValue(piece: string): string | null {
  let text = piece;
  try {
    text = decodeURIComponent(piece);
  } catch {
    // Not percent-encoding: read it as it is.
  }
  return text.startsWith(`${INVITE_PARAMETER}=`) ? text.slice(INVITE_PARAMETER.length + 1) : null;
}

/** The invite in a piece's value, or why there is none. */
function decodeInvite(value: string): Invite | string {
  if (value.length > MAX_PIECE_LENGTH) return 'it is too long';
  const bytes = value.length % 4 === 1 ? null : fromBase64url(value, Math.floor((value.length * 3) / 4));
  if (!bytes) return 'it is not base64url';
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return 'it is not JSON text';
  }
  if (typeof data !== 'object' || data === null) return 'it is not an object';
  const { app, room, key } = data as Record<string, unknown>;
  if (typeof app !== 'string' || !app) return 'it names no app id';
  const problem = roomNameProblem(room);
  if (problem) return problem;
  if (!isInvitePassword(key)) return `the password is not ${PASSWORD_LENGTH} base64url characters (128 bits)`;
  return { appId: app, session: room as string, password: key };
}

/**
 * Takes the invite for `appId` out of `win`'s address: returns it and removes it from the address bar
 * (history.replaceState, so no new history entry; the rest of the address stays). A malformed invite is
 * left alone with a console warning.
 */
export function takeInvite(win: Window, appId: string): Invite | null {
  const reading = readInvite(win.location.hash, appId);
  if (reading.kind === 'malformed') {
    console.warn(`<croquet-chat invite>: ignoring the invite in the page's address: ${reading.reason}.`);
    return null;
  }
  if (reading.kind === 'none') return null;
  const url = new URL(win.location.href);
  url.hash = reading.hash;
  try {
    win.history.replaceState(win.history.state, '', url.href.replace(/#$/, ''));
  } catch {
    // An address the page may not rewrite (a sandboxed frame): the invite still counts.
  }
  return reading.invite;
}

/** What the reader needs of `<croquet-chat>`. */
export interface InviteHost extends ReactiveControllerHost, HTMLElement {
  invite: boolean;
  appId: string;
  session: string;
  password: string;
}

/**
 * For `<croquet-chat invite>`: on connecting, before the element joins anything, takes the invite for
 * its app id from the page's address and points the element at that room. Once per connection; also
 * when `invite` is set on a connected element (call `check()` then).
 */
export class InviteReader implements ReactiveController {
  private checked = false;

  constructor(private readonly host: InviteHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.check();
  }

  hostDisconnected(): void {
    this.checked = false;
  }

  check(): void {
    const { host } = this;
    if (this.checked || !host.invite || !host.isConnected) return;
    this.checked = true;
    const win = host.ownerDocument.defaultView;
    const invite = win ? takeInvite(win, host.appId) : null;
    if (!invite) return;
    host.session = invite.session;
    host.password = invite.password;
  }
}
