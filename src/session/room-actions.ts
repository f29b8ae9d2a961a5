/**
 * What a person may do to the room besides posting: react to posts, edit and remove their own posts,
 * and, when they moderate, remove anyone's, mute, unmute and ban. Each action is checked here first (so the element can
 * say no at once), signed by the view, and judged again by the model on every replica.
 */
import type { ChatState, ChatView } from './chat-view.js';
import { MAX_REACTION_EMOJI, MAX_REACTIONS_PER_POST } from '../model/limits.js';
import { isReactionEmoji, reactionCount } from '../model/reactions.js';
import type { ChatStatus } from '../types.js';

/** What the actions need of the session (`ChatSessionController` has it). */
export interface RoomAccess {
  readonly status: ChatStatus;
  readonly state: ChatState;
  /** Whether the room stores this person's posts now (not muted or banned, vouched for where it must be). */
  readonly maySend: boolean;
  /** The room's view while there is one (it acts only while online). */
  readonly view: ChatView | undefined;
  /** Whether a reaction may go now under the room's flood control (it counts reactions like posts); counts it when it may. */
  takeReactionTurn(): boolean;
}

export class RoomActions {
  constructor(private readonly room: RoomAccess) {}

  get status(): ChatStatus {
    return this.room.status;
  }

  get state(): ChatState {
    return this.room.state;
  }

  get maySend(): boolean {
    return this.room.maySend;
  }

  /** Asks the room to replace the text of this person's post `id`. Returns whether it was allowed and sent. */
  editMessage(id: number, text: string): boolean {
    const message = this.state.messages.find((entry) => entry.id === id);
    if (!message?.self || message.deleted || typeof text !== 'string' || text.trim() === '' || !this.maySend) return false;
    return this.act((view) => view.edit(id, text));
  }

  /**
   * Asks the room to add this person's reaction `emoji` (one emoji) to post `id`, or to take it back if
   * they had it. Returns whether it was allowed and sent: not while muted or banned, not on a removed
   * post, not a new emoji beyond the post's {@link MAX_REACTION_EMOJI}, not over the room's pace.
   */
  react(id: number, emoji: string): boolean {
    const message = this.state.messages.find((entry) => entry.id === id);
    if (!message || message.kind !== 'post' || message.deleted || !isReactionEmoji(emoji) || !this.maySend) return false;
    const people = Object.hasOwn(message.reactions, emoji) ? message.reactions[emoji] : undefined;
    // Taking one's reaction back is always allowed; adding one, within the post's limits.
    if (!people?.includes(this.state.personId)) {
      if (!people && Object.keys(message.reactions).length >= MAX_REACTION_EMOJI) return false;
      if (reactionCount(message.reactions) >= MAX_REACTIONS_PER_POST) return false;
    }
    if (this.status !== 'online' || !this.room.view || !this.room.takeReactionTurn()) return false;
    return this.act((view) => view.react(id, emoji));
  }

  /** Asks the room to remove post `id`: this person's own, or anyone's for a moderator. Returns whether it was allowed and sent. */
  deleteMessage(id: number): boolean {
    const message = this.state.messages.find((entry) => entry.id === id);
    if (!message || message.kind !== 'post' || message.deleted || !(message.self || this.state.moderator)) return false;
    return this.act((view) => view.remove(id));
  }

  /** A moderator mutes `personId` for `minutes` (0: until unmuted). Returns whether it was allowed and sent. */
  mute(personId: string, minutes = 0): boolean {
    if (!Number.isInteger(minutes) || minutes < 0 || !this.mayModerate(personId)) return false;
    return this.act((view) => view.mute(personId, minutes));
  }

  /** A moderator lifts `personId`'s mute or ban. Returns whether it was allowed and sent. */
  unmute(personId: string): boolean {
    return this.mayModerate(personId) && this.act((view) => view.unmute(personId));
  }

  /** A moderator bans `personId` from the room. Returns whether it was allowed and sent. */
  ban(personId: string): boolean {
    return this.mayModerate(personId) && this.act((view) => view.ban(personId));
  }

  /** Whether this person moderates and `personId` is someone else who does not. */
  private mayModerate(personId: string): boolean {
    const { state } = this;
    const target = state.users.find((user) => user.personId === personId);
    return state.moderator && typeof personId === 'string' && personId !== '' && personId !== state.personId && !target?.moderator;
  }

  /** Runs `action` on the view while online; returns whether it ran. */
  private act(action: (view: ChatView) => void): boolean {
    const view = this.room.view;
    if (this.status !== 'online' || !view) return false;
    action(view);
    return true;
  }
}
