import { Model } from './croquet.js';
import { normalizeText, pickNickname } from './nicknames.js';
import { HISTORY_CHANGED, POST, RESET, USERS_CHANGED, inputScope, outputScope } from './topics.js';
import type { PostPayload, ResetPayload, ResetReason } from './topics.js';
import { INACTIVITY_TIMEOUT_MS, MAX_HISTORY, MAX_TEXT_LENGTH } from './types.js';
import type { ChatEntry, ChatModelOptions } from './types.js';

/** Nicknames of views that left are remembered (so a returning viewId keeps its name), up to this many. */
const MAX_REMEMBERED_VIEWS = 1000;

/** The sentence a reset leaves in the history, per reason. */
const RESET_REASONS: Record<ResetReason | 'inactivity', string> = {
  user: 'at user request',
  newcomer: 'for new participants',
  inactivity: 'due to inactivity',
};

/**
 * The shared state of one chat room, replicated by Croquet on every participant's machine.
 *
 * Follows the Croquet "Multiuser Chat" tutorial, with data instead of HTML strings:
 * - `views` maps each present viewId to its nickname; `participants` is their number.
 * - `history` holds at most {@link MAX_HISTORY} {@link ChatEntry} objects, oldest dropped.
 * - Views publish `post` and `reset` events; the model validates them (text trimmed and capped here,
 *   so every replica agrees), updates itself and publishes change notifications that views read back.
 * - After {@link INACTIVITY_TIMEOUT_MS} of model time without posts the history resets, through
 *   `future()` and a `lastPostTime` check exactly as the tutorial explains.
 *
 * Rules of Croquet models: no constructor and no field initializers (snapshots restore fields without
 * running `init()`); plain data only; never touch the DOM; setters are guarded with `modelOnly()`.
 */
export class ChatModel extends Model {
  /** Present views: viewId → nickname (a Map keeps its order through snapshots). */
  declare views: Map<string, string>;
  /** Number of present views; always `views.size`. */
  declare participants: number;
  /** Every view ever seen (most recent last): viewId → nickname, so a returning view keeps its name. */
  declare knownViews: Map<string, string>;
  /** The shared history, oldest first. */
  declare history: ChatEntry[];
  /** Model time of the latest post, or null after a reset. */
  declare lastPostTime: number | null;
  /** Model milliseconds without posts before the history resets. */
  declare inactivityTimeout: number;
  /** Id the next history entry gets. */
  declare nextEntryId: number;

  override init(options?: ChatModelOptions): void {
    super.init(options);
    this.views = new Map();
    this.participants = 0;
    this.knownViews = new Map();
    this.history = [];
    this.lastPostTime = null;
    const timeout = options?.inactivityTimeout;
    this.inactivityTimeout =
      typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? Math.round(timeout) : INACTIVITY_TIMEOUT_MS;
    this.nextEntryId = 1;
    this.subscribe(this.sessionId, 'view-join', this.viewJoin);
    this.subscribe(this.sessionId, 'view-exit', this.viewExit);
    this.subscribe(inputScope(this.sessionId), POST, this.newPost);
    this.subscribe(inputScope(this.sessionId), RESET, this.requestReset);
  }

  /** Nickname of a view that is present now, or that was seen before. */
  nicknameOf(viewId: string): string | undefined {
    return this.views.get(viewId) ?? this.knownViews.get(viewId);
  }

  viewJoin(viewId: string): void {
    if (typeof viewId !== 'string' || this.views.has(viewId)) return;
    let nickname = this.knownViews.get(viewId);
    if (nickname === undefined) nickname = pickNickname(this.random(), new Set(this.views.values()));
    this.setViewPresent(viewId, nickname);
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
  }

  viewExit(viewId: string): void {
    if (!this.views.has(viewId)) return;
    this.setViewAbsent(viewId);
    this.publish(outputScope(this.sessionId), USERS_CHANGED);
  }

  newPost(post: PostPayload): void {
    const viewId = typeof post?.viewId === 'string' ? post.viewId : '';
    const nickname = this.nicknameOf(viewId);
    if (nickname === undefined) return; // not a view of this session
    const text = normalizeText(post.text, MAX_TEXT_LENGTH);
    if (text === '') return;
    this.addToHistory({ kind: 'post', viewId, nickname, text });
    this.setLastPostTime(this.now());
    this.future(this.inactivityTimeout).resetIfInactive();
  }

  /** Runs `inactivityTimeout` after each post; resets only if no later post (and no reset) happened since. */
  resetIfInactive(): void {
    if (this.lastPostTime !== this.now() - this.inactivityTimeout) return;
    this.resetHistory(RESET_REASONS.inactivity);
  }

  requestReset(request: ResetPayload): void {
    const reason = request?.reason;
    if (reason === 'user') {
      this.resetHistory(RESET_REASONS.user);
    } else if (reason === 'newcomer') {
      // Check the tutorial's condition here too, so a stale request (someone joined meanwhile) does nothing,
      // and an empty room is not "reset" for nobody.
      const viewId = request.viewId;
      const alone = this.participants === 1 && this.views.has(viewId);
      const hasPosts = this.history.some((entry) => entry.kind === 'post');
      const ownPost = this.history.some((entry) => entry.viewId === viewId);
      if (alone && hasPosts && !ownPost) this.resetHistory(RESET_REASONS.newcomer);
    }
  }

  resetHistory(reason: string): void {
    this.modelOnly();
    this.history = [];
    this.addToHistory({ kind: 'system', viewId: '', nickname: '', text: `Chat reset ${reason}` });
    this.setLastPostTime(null);
  }

  addToHistory(entry: Pick<ChatEntry, 'kind' | 'viewId' | 'nickname' | 'text'>): void {
    this.modelOnly();
    this.history.push({ ...entry, id: this.nextEntryId++, time: this.now() });
    if (this.history.length > MAX_HISTORY) this.history.splice(0, this.history.length - MAX_HISTORY);
    this.publish(outputScope(this.sessionId), HISTORY_CHANGED);
  }

  setLastPostTime(time: number | null): void {
    this.modelOnly();
    this.lastPostTime = time;
  }

  setViewPresent(viewId: string, nickname: string): void {
    this.modelOnly();
    this.views.set(viewId, nickname);
    this.participants = this.views.size;
    this.knownViews.delete(viewId); // re-insert as most recent
    this.knownViews.set(viewId, nickname);
    for (const id of this.knownViews.keys()) {
      if (this.knownViews.size <= MAX_REMEMBERED_VIEWS) break;
      if (!this.views.has(id)) this.knownViews.delete(id); // forget the longest-absent views first
    }
  }

  setViewAbsent(viewId: string): void {
    this.modelOnly();
    this.views.delete(viewId);
    this.participants = this.views.size;
  }
}
ChatModel.register('croquet-chat/ChatModel');
