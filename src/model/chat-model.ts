import { Model } from '../croquet.js';
import { postRule, takePost, type Allowance } from './flood-control.js';
import {
  BINDING_LENGTH,
  IDENTIFY_WINDOW_MS,
  MAX_CLIENT_ID_LENGTH,
  MAX_MUTE_MINUTES,
  MAX_PERSON_ID_LENGTH,
  MAX_REMEMBERED_CLIENT_IDS,
  MAX_REMEMBERED_PEOPLE,
  MAX_TEXT_LENGTH,
  TYPING_EXPIRY_MS,
} from './limits.js';
import { normalizeAlt, readImage } from './images.js';
import { findMentions } from './mentions.js';
import { nameKey, normalizeName, uniqueName } from './names.js';
import { normalizeText, pickNickname } from './nicknames.js';
import { readPersistedRoom, type PersistedRoom } from './persisted-room.js';
import { NO_REACTIONS, isReactionEmoji, toggleReaction } from './reactions.js';
import { NO_MENTIONS, UNTOUCHED, addPresenceLine, nextWallClock, readRules, systemEntry, wallTimeAt, type WallClock } from './room-entries.js';
import { isPersonId, verifySignature } from './signatures.js';
import { readSiteToken } from './site-token.js';
import { ALT, BAN, DELETE, EDIT, HISTORY_CHANGED, IDENTIFY, MODERATION, MUTE, POST, POST_REFUSED, REACT, RENAME, RESET, TYPING, TYPING_CHANGED, UNMUTE, USERS_CHANGED } from './topics.js';
import { actMessage, identifyMessage, inputScope, outputScope } from './topics.js';
import type { AltPayload, DeletePayload, EditPayload, IdentifyPayload, MutePayload, PostPayload, PostRefusedPayload, ReactPayload, RenamePayload, ResetPayload } from './topics.js';
import type { Signed, SignedEvent, TargetPayload, TypingPayload } from './topics.js';
import type { ChatEntry, ChatModelOptions, ChatModeration, ResetReason } from '../types.js';

/**
 * The version of the model's behaviour. Any two builds with the same version meet in one Croquet
 * session, whatever their bundler or minifier made of this file. Bump it whenever the model's logic
 * changes (npm test's fingerprint guard insists), and carry the persisted shape over in persisted-room.ts.
 *
 * 1: people, persistence (shape 1). 2: restored names pass the name rules again, notices are reworded by
 * the model, duplicate entry ids are dropped. 3: the tick rate and presence lines. 4: every event that acts
 * for a person is signed by that person's key (the person id) and checked; flood control and slow mode;
 * people a site vouches for; moderators (remove, mute, ban, clear); editing and removing your own posts;
 * persisted shape 2. 5: replies and reactions; the `historyLimit` rule (up to 1,000 entries); persisted shape 3.
 * 6: mentions (found by the room in each post's text), images (a Data handle) and their alt text; persisted shape 4.
 * 7: the room hands Croquet its persisted state once per {@link PERSIST_DELAY_MS} of changes, not after each one.
 * 8: signature checks build a key's table only from its third signature on (same answers, less work for a joiner).
 * 9: a page takes the signatures it made itself as signed when its events come back (same answers).
 */
export const MODEL_VERSION = 9;

/**
 * Model ms that changes gather before the room hands Croquet its state. Croquet stringifies and hashes the
 * whole room on every replica at each hand-over (1.5-2.5 ms for 100 posts here), while it uploads at most
 * every 25 s; so a burst of posts (or a late joiner replaying one) pays for one hand-over, not one each.
 */
export const PERSIST_DELAY_MS = 5000;

/** Identities kept while waiting for their view's join (see `earlyIdentities`); oldest dropped first. */
const MAX_EARLY_IDENTITIES = 50;

/** The view-join payload: a viewId, or `{viewId, viewData}` from clients that send viewData (ours do not). */
type JoinInfo = string | { viewId: string };

/** A present view: whose it is, once it proved it, and what its signed events must match. */
export interface PresentView {
  /** The person id ('' until the view's identify arrived and checked out): its key, or `site:<sub>` when the site vouches for it. */
  readonly person: string;
  /** The key that signs the view's events ('' until identified). */
  readonly key: string;
  /** Model time of the view's join. */
  readonly joinedAt: number;
  /** The binding its identify signed ('' until then): every later event of this view is signed with it. */
  readonly binding: string;
  /** The highest event counter seen from this view: an event must count higher. */
  readonly counter: number;
  /** The model time its identify was signed at: a newer identify by the same key binds the view anew. */
  readonly since: number;
}

/**
 * The shared state of one chat room, replicated by Croquet on every participant's machine.
 *
 * Follows the Croquet "Multiuser Chat" tutorial, with data instead of HTML strings, and keys people by
 * a person id rather than by Croquet's per-page viewId. The person id is an Ed25519 public key, and the
 * room believes only what a signature by it proves (see signatures.ts): an event that claims a view or a
 * person without the signature changes nothing, on every replica alike.
 * - `views` maps each present viewId to its person; `participants` counts views (the tutorial's "Total Views").
 *   Joins and exits come from the reflector, unsigned: presence is the one input the room takes on trust.
 * - `people` remembers each person's name, so a reload or a return keeps it; names are unique per room.
 * - `history` holds at most the room's `historyLimit` of posts and notices (100 unless its rules say
 *   otherwise); "joined"/"left" lines live in `presence`. A post may reply to another and carry reactions.
 * - After `inactivityTimeout` of model time without posts the history resets, through `future()` and a
 *   `lastPostTime` check exactly as the tutorial explains.
 * - The room persists itself (`persistSession`) {@link PERSIST_DELAY_MS} after a change worth keeping
 *   (changes in between go along), so a new MODEL_VERSION starts from the same history and names.
 *
 * Rules of Croquet models: no constructor and no field initializers (snapshots restore fields without
 * running `init()`); plain data only; never touch the DOM; setters are guarded with `modelOnly()`.
 */
export class ChatModel extends Model {
  /** Present views in order of arrival (a Map keeps its order through snapshots). */
  declare views: Map<string, PresentView>;
  /** Bindings of recent identifies → model time they arrived, oldest first, so none is accepted twice. */
  declare usedBindings: Map<string, number>;
  /** Each person's flood-control allowance (see flood-control.ts), least recently used first. */
  declare allowances: Map<string, Allowance>;
  /** People the site vouches for (see site-token.ts) → whether the site made them moderators. */
  declare vouched: Map<string, boolean>;
  /** Muted people → model time the mute ends (-1: until unmuted). */
  declare mutes: Map<string, number>;
  /** Banned people: muted for good and left out of `users`. */
  declare bans: Set<string>;
  /** Number of present views; always `views.size`. */
  declare participants: number;
  /** Identities that arrived before their view's join (a reflector may announce joins late): viewId → payload. */
  declare earlyIdentities: Map<string, IdentifyPayload>;
  /** Everyone the room remembers, longest absent first: person id → name. */
  declare people: Map<string, string>;
  /** The shared history (posts and system notices), oldest first. */
  declare history: ChatEntry[];
  /** "A joined" / "A left" lines, oldest first, at most {@link MAX_PRESENCE_LINES}. */
  declare presence: ChatEntry[];
  /** People typing: person id → model time the notice expires. */
  declare typing: Map<string, number>;
  /** Recent posts' `personId/clientId`, to drop a post that arrives twice. */
  declare clientIds: Set<string>;
  /** Model time of the latest post, or null after a reset. */
  declare lastPostTime: number | null;
  /** The room's rules, from the session options. */
  declare rules: Required<ChatModelOptions>;
  /** Id the next history entry gets (1, 2, …). */
  declare nextEntryId: number;
  /** Presence lines count down from -1, so their ids never meet the history's. */
  declare nextPresenceId: number;
  /** The room's estimate of wall-clock time: the latest trusted sender clock and the model time it came at. */
  declare wallClock: WallClock | null;
  /** Whether a hand-over of the persisted state is scheduled (see {@link PERSIST_DELAY_MS}). */
  declare persistScheduled: boolean;

  /** Croquet hashes each model class's source text into the session id; ours is the version instead (see MODEL_VERSION). */
  static override toString(): string {
    return `class ChatModel{version ${MODEL_VERSION}}`;
  }

  override init(options?: ChatModelOptions, persisted?: unknown): void {
    super.init(options);
    this.views = new Map();
    this.usedBindings = new Map();
    this.allowances = new Map();
    this.vouched = new Map();
    this.mutes = new Map();
    this.bans = new Set();
    this.participants = 0;
    this.earlyIdentities = new Map();
    this.people = new Map();
    this.history = [];
    this.presence = [];
    this.typing = new Map();
    this.clientIds = new Set();
    this.lastPostTime = null;
    this.rules = readRules(options);
    this.nextEntryId = 1;
    this.nextPresenceId = -1;
    this.wallClock = null;
    this.persistScheduled = false;
    const restored = readPersistedRoom(persisted);
    if (restored) {
      // Model time starts at 0 in this session: restored entries happened before it. A room whose rules
      // keep fewer entries than it had keeps the newest.
      this.history = restored.history.slice(-this.rules.historyLimit).map((entry) => ({ ...entry, time: 0 }));
      this.people = restored.people;
      this.nextEntryId = restored.nextEntryId;
      this.bans = restored.bans;
      // Mutes count on from this session's start (model time starts at 0).
      for (const [person, remaining] of restored.mutes) this.setMute(person, remaining < 0 ? -1 : remaining);
      for (const entry of this.history) if (entry.clientId) this.clientIds.add(`${entry.personId}/${entry.clientId}`);
      // The inactivity clock starts at the restore, as if the last post was now.
      if (this.history.some((entry) => entry.kind === 'post')) this.notePost();
    }
    this.subscribe(this.sessionId, 'view-join', this.viewJoin);
    this.subscribe(this.sessionId, 'view-exit', this.viewExit);
    const input = inputScope(this.sessionId);
    this.subscribe(input, IDENTIFY, this.identify);
    this.subscribe(input, POST, this.newPost);
    this.subscribe(input, RESET, this.requestReset);
    this.subscribe(input, RENAME, this.rename);
    this.subscribe(input, TYPING, this.startTyping);
    this.subscribe(input, EDIT, this.editPost);
    this.subscribe(input, DELETE, this.deletePost);
    this.subscribe(input, REACT, this.react);
    this.subscribe(input, ALT, this.setAlt);
    this.subscribe(input, MUTE, this.mute);
    this.subscribe(input, UNMUTE, this.unmute);
    this.subscribe(input, BAN, this.ban);
    this.persist();
  }

  /** The person a present, identified view belongs to. */
  personOf(viewId: unknown): string | undefined {
    return (typeof viewId === 'string' && this.views.get(viewId)?.person) || undefined;
  }

  /**
   * The person a signed event acts for, when it proves it: it comes from an identified view, counts
   * higher than that view's last event, and carries the view's person's signature over its fields and
   * the view's binding. Counts the event (a replay is dropped). Undefined for anything else.
   */
  signer(event: SignedEvent, payload: Signed | undefined): string | undefined {
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { viewId, n } = payload;
    const view = typeof viewId === 'string' ? this.views.get(viewId) : undefined;
    if (!view?.person || !Number.isSafeInteger(n) || n <= view.counter) return undefined;
    const message = actMessage(event, this.sessionId, view.binding, payload);
    if (!message || !verifySignature(view.key, payload.sig, message)) return undefined;
    this.setViewPresent(viewId, { ...view, counter: n });
    return view.person;
  }

  /** Name of a person the room remembers. */
  nameOf(personId: string): string | undefined {
    return this.people.get(personId);
  }

  /** Whether `person` moderates the room: named in its rules, or made a moderator by the site's token. */
  isModerator(person: string): boolean {
    return this.rules.moderators.includes(person) || this.vouched.get(person) === true;
  }

  /** Whether `person` is muted at model time `now` (a ban mutes for good). Views pass their own `now()`: the model's is for model code. */
  isMuted(person: string, now = this.now()): boolean {
    const until = this.mutes.get(person);
    return this.bans.has(person) || until === -1 || (until !== undefined && until > now);
  }

  /** Present people in order of arrival: person id → number of their views. */
  presentPeople(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { person } of this.views.values()) if (person) counts.set(person, (counts.get(person) ?? 0) + 1);
    return counts;
  }

  viewJoin(info: JoinInfo): void {
    const viewId = typeof info === 'string' ? info : info?.viewId;
    if (typeof viewId !== 'string' || this.views.has(viewId)) return;
    this.setViewPresent(viewId, { person: '', key: '', joinedAt: this.now(), binding: '', counter: 0, since: 0 }); // counted at once; a person once it proves who it is
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
    const early = this.earlyIdentities.get(viewId);
    if (early) {
      this.forgetEarlyIdentity(viewId);
      this.identify(early);
    }
  }

  identify(request: IdentifyPayload): void {
    const viewId = request?.viewId;
    if (typeof viewId !== 'string') return;
    if (!this.views.has(viewId)) {
      this.rememberEarlyIdentity(request);
      return;
    }
    const view = this.views.get(viewId)!;
    const { person: key, binding, time, name, wallTime, token } = request;
    // A view identifies once, except that its own key may bind it anew (Croquet rebuilds the view after a
    // short outage the room never saw as an exit): that resets its counter, and it stays the same person.
    const rebinding = view.person !== '' && key === view.key;
    if (view.person !== '' && !(rebinding && typeof time === 'number' && time > view.since)) return;
    if (!isPersonId(key) || typeof binding !== 'string' || binding.length !== BINDING_LENGTH || this.usedBindings.has(binding)) return;
    // Signed at most IDENTIFY_WINDOW_MS before the join and before now, and not after now: an identify
    // cannot be replayed for a later join, nor once its binding has been forgotten.
    const fresh = time <= this.now() && time >= view.joinedAt - IDENTIFY_WINDOW_MS && time >= this.now() - IDENTIFY_WINDOW_MS;
    if (typeof time !== 'number' || !fresh) return;
    if (typeof name !== 'string' || typeof wallTime !== 'number' || !Number.isFinite(wallTime) || typeof token !== 'string') return;
    if (!verifySignature(key, request.sig, identifyMessage(this.sessionId, { viewId, person: key, binding, time, name, wallTime, token }))) return;
    this.rememberBinding(binding);
    if (rebinding) {
      this.setViewPresent(viewId, { ...view, binding, counter: 0, since: time });
      this.publish(outputScope(this.sessionId), USERS_CHANGED); // the rebuilt view learns it is bound
      return;
    }
    this.noteWallClock(wallTime);
    // A token the site signed for this key makes the view its person (`site:<sub>`: one person on every device).
    const claims = token ? readSiteToken(token, this.rules.siteKey, key, this.wallNow()) : null;
    const person = claims ? `site:${claims.sub}` : key;
    if (claims) {
      this.setVouched(person, claims.moderator);
      if (claims.name && this.people.get(person) !== claims.name) this.rememberPerson(person, this.freeName(person, claims.name));
    }
    const arriving = !this.presentPeople().has(person);
    if (!this.people.has(person)) {
      this.rememberPerson(person, this.freeName(person, claims?.name || normalizeName(name)));
    } else if (arriving) {
      // Re-remembered as most recent on every arrival, so the people forgotten first are those away longest.
      // The name is kept unless someone else took it while this person was away.
      this.rememberPerson(person, this.freeName(person, this.people.get(person)!));
    }
    this.setViewPresent(viewId, { ...view, person, key, binding, since: time });
    if (arriving) this.addPresence('joined', person);
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
    this.persistSoon();
  }

  viewExit(info: JoinInfo): void {
    const viewId = typeof info === 'string' ? info : info?.viewId;
    if (typeof viewId !== 'string' || !this.views.has(viewId)) return;
    const person = this.personOf(viewId);
    this.setViewAbsent(viewId);
    if (person !== undefined && !this.presentPeople().has(person)) {
      this.addPresence('left', person);
      this.stopTyping(person);
    }
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
  }

  newPost(post: PostPayload): void {
    const person = this.signer(POST, post);
    if (person === undefined) return; // unsigned, forged, replayed, or not a view of this session
    const text = normalizeText(post.text, MAX_TEXT_LENGTH);
    // An image post may have no words; an image out of the rules drops the post (its signature covered it).
    const image = post.image ? readImage({ handle: post.image, width: post.imageWidth, height: post.imageHeight, type: post.imageType, alt: post.alt }) : null;
    if (post.image && image === null) return;
    if (text === '' && image === null) return;
    const clientId = post.clientId.slice(0, MAX_CLIENT_ID_LENGTH);
    const sent = `${person}/${clientId}`;
    const refuse = (reason: PostRefusedPayload['reason'], retryIn = 0) =>
      this.publish<PostRefusedPayload>(outputScope(this.sessionId), POST_REFUSED, { personId: person, clientId, reason, retryIn });
    // An outbox resent a post that had arrived: stored once, and the sender hears it has it (the post may
    // have scrolled out of the 100 the sender can see, where its outbox would look for it in vain).
    if (clientId && this.clientIds.has(sent)) return refuse('duplicate');
    if (this.bans.has(person)) return refuse('banned');
    if (this.isMuted(person)) return refuse('muted');
    if (this.rules.verifiedOnly && !this.vouched.has(person)) return refuse('unverified');
    const { allowance, wait } = takePost(this.allowances.get(person), this.now(), postRule(this.rules));
    // Over the allowance: not stored. The sender's outbox hears it and sends it again when it may.
    if (wait > 0) return refuse('pace', wait);
    this.setAllowance(person, allowance);
    if (clientId) this.rememberClientId(sent);
    const wallTime = this.noteWallClock(post.wallTime);
    this.stopTyping(person);
    const nickname = this.people.get(person)!;
    this.addToHistory({
      id: this.nextEntryId, kind: 'post', viewId: post.viewId, personId: person, nickname, text, time: this.now(), wallTime, clientId, notice: null,
      ...UNTOUCHED, verified: this.vouched.has(person), replyTo: this.replyTarget(post.replyTo),
      mentions: findMentions(text, this.people, person), image,
    });
    this.notePost();
    this.persistSoon();
  }

  /**
   * What a post's `replyTo` names, as the room keeps it: a post in the history now (a removed one too:
   * readers see the reply answers a removed post), else 0. (Absent is 0: the signature covered 0.)
   */
  replyTarget(replyTo: unknown): number {
    if (typeof replyTo !== 'number' || !Number.isSafeInteger(replyTo) || replyTo <= 0) return 0;
    return this.history.some((entry) => entry.id === replyTo && entry.kind === 'post') ? replyTo : 0;
  }

  /** Starts the tutorial's inactivity clock at a post (or a restore). */
  notePost(): void {
    this.modelOnly();
    this.lastPostTime = this.now();
    if (this.rules.inactivityTimeout > 0) this.future(this.rules.inactivityTimeout).resetIfInactive();
  }

  /** Runs `inactivityTimeout` after each post; resets only if no later post (and no reset) happened since. */
  resetIfInactive(): void {
    if (this.lastPostTime !== this.now() - this.rules.inactivityTimeout) return;
    this.resetHistory('inactivity');
  }

  requestReset(request: ResetPayload): void {
    const person = this.signer(RESET, request);
    if (person === undefined) return;
    this.noteWallClock(request.wallTime);
    if (request.reason === 'user') {
      // A moderator may clear any room but one whose rule is `none`; others only where the rule is `anyone`.
      if (this.rules.reset !== 'none' && this.isModerator(person)) {
        this.resetHistory('moderator');
        this.moderation({ action: 'clear', by: person, target: '', messageId: 0, minutes: 0 });
      } else if (this.rules.reset === 'anyone') {
        this.resetHistory('user');
      }
    } else if (request.reason === 'newcomer' && this.rules.newcomerReset) {
      // Check the tutorial's condition here too, so a stale request (someone joined meanwhile) does nothing,
      // and an empty room is not "reset" for nobody. "Had a part" means this person posted, in any tab.
      // Posts from before keys (MODEL_VERSION 3 and older) are nobody's now: their authors come back with
      // new ids, and the first of them alone must not wipe the room the upgrade carried over.
      const alone = this.presentPeople().size === 1 && this.participants === 1;
      const hasPosts = this.history.some((entry) => entry.kind === 'post' && isPersonId(entry.personId));
      const ownPost = this.history.some((entry) => entry.personId === person);
      if (alone && hasPosts && !ownPost) this.resetHistory('newcomer');
    }
  }

  rename(request: RenamePayload): void {
    const person = this.signer(RENAME, request);
    if (person === undefined || this.vouched.has(person) || this.bans.has(person)) return; // the site names the people it vouches for
    const wanted = normalizeName(request.name);
    const from = this.people.get(person)!;
    if (wanted === '' || wanted === from) return;
    const to = this.freeName(person, wanted);
    if (to === from) return;
    this.noteWallClock(request.wallTime);
    this.rememberPerson(person, to);
    this.addToHistory(systemEntry({ type: 'rename', from, to }, this.nextEntryId, this.now(), this.wallNow()));
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
    this.persistSoon();
  }

  startTyping(request: TypingPayload): void {
    const person = this.signer(TYPING, request);
    if (person === undefined || this.isMuted(person)) return;
    const known = this.typing.has(person);
    this.setTyping(person, this.now() + TYPING_EXPIRY_MS);
    this.future(TYPING_EXPIRY_MS).expireTyping(person);
    if (!known) this.publish(outputScope(this.sessionId), TYPING_CHANGED);
  }

  /** The author replaces the text of a post of theirs (only the new text is kept). */
  editPost(request: EditPayload): void {
    const person = this.signer(EDIT, request);
    if (person === undefined || this.isMuted(person)) return;
    const index = this.history.findIndex((entry) => entry.id === request.id);
    const entry = this.history[index];
    if (!entry || entry.kind !== 'post' || entry.personId !== person || entry.deleted) return;
    const text = normalizeText(request.text, MAX_TEXT_LENGTH);
    if ((text === '' && entry.image === null) || text === entry.text) return;
    this.replaceEntry(index, { ...entry, text, edited: true, mentions: findMentions(text, this.people, person) });
  }

  /** The author changes the alt text of their post's image (it describes the image: not an edit of the words). */
  setAlt(request: AltPayload): void {
    const person = this.signer(ALT, request);
    if (person === undefined || this.isMuted(person)) return;
    const index = this.history.findIndex((entry) => entry.id === request.id);
    const entry = this.history[index];
    if (!entry || entry.image === null || entry.personId !== person || entry.deleted) return;
    const alt = normalizeAlt(request.alt);
    if (alt !== entry.image.alt) this.replaceEntry(index, { ...entry, image: { ...entry.image, alt } });
  }

  /** Removes a post, leaving a tombstone: its author may, and a moderator may remove anyone's. */
  deletePost(request: DeletePayload): void {
    const person = this.signer(DELETE, request);
    if (person === undefined) return;
    const index = this.history.findIndex((entry) => entry.id === request.id);
    const entry = this.history[index];
    if (!entry || entry.kind !== 'post' || entry.deleted) return;
    const own = entry.personId === person;
    if (!own && !this.isModerator(person)) return;
    // Its reactions go with its words; its place in a thread stays.
    this.replaceEntry(index, { ...entry, text: '', deleted: true, moderated: !own, reactions: NO_REACTIONS, mentions: NO_MENTIONS, image: null });
    if (!own) this.moderation({ action: 'delete', by: person, target: entry.personId, messageId: entry.id, minutes: 0 });
  }

  /**
   * A person adds their reaction (`emoji`) to a post still there, or takes it back if they had it. Like a
   * post, it counts against their allowance (flood control), and not while they are muted or banned, nor
   * unvouched in a verified-only room. A post carries at most MAX_REACTION_EMOJI different emoji.
   */
  react(request: ReactPayload): void {
    const person = this.signer(REACT, request);
    if (person === undefined || !isReactionEmoji(request.emoji)) return;
    const index = this.history.findIndex((entry) => entry.id === request.id);
    const entry = this.history[index];
    if (!entry || entry.kind !== 'post' || entry.deleted) return;
    if (this.isMuted(person) || (this.rules.verifiedOnly && !this.vouched.has(person))) return;
    const reactions = toggleReaction(entry.reactions, request.emoji, person);
    if (reactions === null) return;
    const { allowance, wait } = takePost(this.allowances.get(person), this.now(), postRule(this.rules));
    if (wait > 0) return;
    this.setAllowance(person, allowance);
    this.replaceEntry(index, { ...entry, reactions });
  }

  /** A moderator mutes a person (not another moderator) for `minutes`, or until unmuted (0). */
  mute(request: MutePayload): void {
    const target = this.moderatedTarget(this.signer(MUTE, request), request);
    if (target === undefined) return;
    const minutes = request.minutes;
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MUTE_MINUTES) return;
    this.setMute(target, minutes === 0 ? -1 : minutes * 60_000);
    this.stopTyping(target);
    this.moderation({ action: 'mute', by: this.personOf(request.viewId)!, target, messageId: 0, minutes });
  }

  /** A moderator lifts a person's mute and ban. */
  unmute(request: TargetPayload): void {
    const target = this.moderatedTarget(this.signer(UNMUTE, request), request);
    if (target === undefined || !(this.mutes.has(target) || this.bans.has(target))) return;
    this.liftMute(target);
    this.moderation({ action: 'unmute', by: this.personOf(request.viewId)!, target, messageId: 0, minutes: 0 });
  }

  /** A moderator bans a person: muted for good, and left out of the people here. */
  ban(request: TargetPayload): void {
    const target = this.moderatedTarget(this.signer(BAN, request), request);
    if (target === undefined || this.bans.has(target)) return;
    this.addBan(target);
    this.stopTyping(target);
    this.moderation({ action: 'ban', by: this.personOf(request.viewId)!, target, messageId: 0, minutes: 0 });
  }

  /** The person a moderation request acts on, when its signer moderates and the target may be moderated. */
  moderatedTarget(moderator: string | undefined, request: TargetPayload): string | undefined {
    if (moderator === undefined || !this.isModerator(moderator)) return undefined;
    const target = request.target;
    if (target.length === 0 || target.length > MAX_PERSON_ID_LENGTH || target === moderator || this.isModerator(target)) return undefined;
    return target;
  }

  /** Runs when a mute for a while ends; lifts it unless it was renewed or made permanent since. */
  expireMute(person: string, until: number): void {
    if (this.mutes.get(person) !== until) return;
    this.liftMute(person);
  }

  /** Tells every view a moderation action landed, and keeps the room's state for the next version. */
  moderation(action: ChatModeration): void {
    this.modelOnly();
    this.publish(outputScope(this.sessionId), MODERATION, action);
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
    this.persistSoon();
  }

  /** Mutes `person` for `ms` of model time from now (-1: until unmuted). */
  setMute(person: string, ms: number): void {
    this.modelOnly();
    const until = ms < 0 ? -1 : this.now() + ms;
    this.mutes.set(person, until);
    if (until >= 0) this.future(ms).expireMute(person, until);
  }

  liftMute(person: string): void {
    this.modelOnly();
    this.mutes.delete(person);
    this.bans.delete(person);
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
    this.persistSoon();
  }

  addBan(person: string): void {
    this.modelOnly();
    this.bans.add(person);
    this.mutes.delete(person);
  }

  setVouched(person: string, moderator: boolean): void {
    this.modelOnly();
    this.vouched.delete(person); // re-insert as most recent
    this.vouched.set(person, moderator);
    if (this.vouched.size > MAX_REMEMBERED_PEOPLE) this.vouched.delete(this.vouched.keys().next().value!);
  }

  /** Puts `entry` at `index` of the history (an edit, a tombstone, a reaction). */
  replaceEntry(index: number, entry: ChatEntry): void {
    this.modelOnly();
    this.history[index] = entry;
    this.publish(outputScope(this.sessionId), HISTORY_CHANGED);
    this.persistSoon();
  }

  /** Runs {@link TYPING_EXPIRY_MS} after each typing notice; ends it unless a later notice renewed it. */
  expireTyping(person: string): void {
    if (this.typing.get(person) === this.now()) this.stopTyping(person);
  }

  stopTyping(person: string): void {
    this.modelOnly();
    if (this.typing.delete(person)) this.publish(outputScope(this.sessionId), TYPING_CHANGED);
  }

  setTyping(person: string, until: number): void {
    this.modelOnly();
    this.typing.set(person, until);
  }

  resetHistory(reason: ResetReason): void {
    this.modelOnly();
    this.history = [];
    this.presence = [];
    this.addToHistory(systemEntry({ type: 'reset', reason }, this.nextEntryId, this.now(), this.wallNow()));
    this.lastPostTime = null;
    this.persistSoon();
  }

  /** Appends `entry` (made with id `nextEntryId`), dropping the oldest beyond the room's `historyLimit`. */
  addToHistory(entry: ChatEntry): void {
    this.modelOnly();
    this.history.push(entry);
    this.nextEntryId = entry.id + 1;
    const limit = this.rules.historyLimit;
    if (this.history.length > limit) this.history.splice(0, this.history.length - limit);
    this.publish(outputScope(this.sessionId), HISTORY_CHANGED);
  }

  /** Adds "A joined" / "A left" (folded into a recent line: churn never floods the log; see room-entries.ts). */
  addPresence(type: 'joined' | 'left', person: string): void {
    this.modelOnly();
    const change = { type, name: this.people.get(person)!, time: this.now(), wallTime: this.wallNow(), latestHistoryTime: this.history.at(-1)?.time ?? -1, id: this.nextPresenceId };
    if (addPresenceLine(this.presence, change)) this.nextPresenceId--;
    this.publish(outputScope(this.sessionId), HISTORY_CHANGED);
  }

  /** A name for `person` that no one else present (or remembered as present) uses; random when `wanted` is ''. */
  freeName(person: string, wanted: string): string {
    const taken = new Set<string>();
    for (const other of this.presentPeople().keys()) if (other !== person) taken.add(nameKey(this.people.get(other)!));
    return wanted === '' ? pickNickname(this.random(), taken) : uniqueName(wanted, taken);
  }

  rememberPerson(person: string, name: string): void {
    this.modelOnly();
    this.people.delete(person); // re-insert as most recent
    this.people.set(person, name);
    if (this.people.size <= MAX_REMEMBERED_PEOPLE) return;
    const present = this.presentPeople();
    for (const id of this.people.keys()) {
      if (this.people.size <= MAX_REMEMBERED_PEOPLE) break;
      if (!present.has(id) && id !== person) this.people.delete(id); // forget the longest-absent first
    }
  }

  rememberEarlyIdentity(request: IdentifyPayload): void {
    this.modelOnly();
    this.earlyIdentities.set(request.viewId, request);
    if (this.earlyIdentities.size > MAX_EARLY_IDENTITIES) this.forgetEarlyIdentity(this.earlyIdentities.keys().next().value!);
  }

  forgetEarlyIdentity(viewId: string): void {
    this.modelOnly();
    this.earlyIdentities.delete(viewId);
  }

  rememberClientId(key: string): void {
    this.modelOnly();
    this.clientIds.add(key);
    if (this.clientIds.size > MAX_REMEMBERED_CLIENT_IDS) this.clientIds.delete(this.clientIds.values().next().value!);
  }

  /** Takes a sender's wall clock if it is plausible; returns the wall time the room uses for the event. */
  noteWallClock(sent: unknown): number {
    this.modelOnly();
    this.wallClock = nextWallClock(this.wallClock, sent, this.now());
    return this.wallNow();
  }

  /** The room's estimate of the wall clock now (0 before anyone told it the time). */
  wallNow(): number {
    return wallTimeAt(this.wallClock, this.now());
  }

  /** Remembers an accepted identify's binding for {@link IDENTIFY_WINDOW_MS} (older ones fail the time check anyway). */
  rememberBinding(binding: string): void {
    this.modelOnly();
    for (const [old, at] of this.usedBindings) {
      if (at >= this.now() - IDENTIFY_WINDOW_MS) break;
      this.usedBindings.delete(old);
    }
    this.usedBindings.set(binding, this.now());
  }

  setAllowance(person: string, allowance: Allowance): void {
    this.modelOnly();
    this.allowances.delete(person); // re-insert as most recent
    this.allowances.set(person, allowance);
    if (this.allowances.size > MAX_REMEMBERED_PEOPLE) this.allowances.delete(this.allowances.keys().next().value!);
  }

  setViewPresent(viewId: string, view: PresentView): void {
    this.modelOnly();
    this.views.set(viewId, view);
    this.participants = this.views.size;
  }

  setViewAbsent(viewId: string): void {
    this.modelOnly();
    this.views.delete(viewId);
    this.participants = this.views.size;
  }

  /** Hands Croquet the room's state {@link PERSIST_DELAY_MS} from now, with every change made until then. */
  persistSoon(): void {
    this.modelOnly();
    if (this.persistScheduled) return;
    this.persistScheduled = true;
    this.future(PERSIST_DELAY_MS).persistScheduledState();
  }

  persistScheduledState(): void {
    this.modelOnly();
    this.persistScheduled = false;
    this.persist();
  }

  /** Hands Croquet the room's current state to carry into a future session (it uploads changes, at most every 25 s). */
  persist(): void {
    this.persistSession(() => {
      // Mutes travel as the time they have left; the next session's model time starts at 0.
      const mutes = [...this.mutes].map(([person, until]): [string, number] => [person, until < 0 ? -1 : Math.max(0, until - this.now())]);
      const room: PersistedRoom = { format: 4, nextEntryId: this.nextEntryId, history: this.history, people: [...this.people], mutes, bans: [...this.bans] };
      return room;
    });
  }
}
ChatModel.register('croquet-chat/ChatModel');
