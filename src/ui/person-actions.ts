/**
 * What a moderator may do with a person in the participant list: mute them for a while or until
 * unmuted, lift a mute, ban them. Only moderators see the button, and only on people who are not
 * themselves and not moderators (the room refuses the rest anyway).
 */
import type { TemplateResult } from 'lit';
import { nothing } from 'lit';
import type { ChatStrings } from '../i18n/strings.js';
import type { ChatUser } from '../types.js';
import type { ActionsMenuController, MenuItem } from './actions-menu.js';

/** The mute "for a while" the menu offers, in minutes. */
export const SHORT_MUTE_MINUTES = 10;

/** The part of the chat session the person actions use (`RoomActions` has it). */
export interface PersonActionsChat {
  readonly status: string;
  readonly state: { readonly moderator: boolean };
  mute(personId: string, minutes: number): boolean;
  unmute(personId: string): boolean;
  ban(personId: string): boolean;
}

/** The actions a reader who moderates (`moderator`) has on `user` (none: no button). */
export function personActionItems(user: ChatUser, moderator: boolean, strings: ChatStrings): MenuItem[] {
  if (!moderator || user.self || user.moderator) return [];
  return [
    { id: 'mute-short', label: strings.muteFor(SHORT_MUTE_MINUTES) },
    { id: 'mute', label: strings.muteUntilUnmuted },
    ...(user.muted ? [{ id: 'unmute', label: strings.unmute }] : []),
    { id: 'ban', label: strings.ban },
  ];
}

export class PersonActionsController {
  constructor(
    private readonly menus: ActionsMenuController,
    private readonly chat: PersonActionsChat,
    /** Where focus goes once a person is banned (they leave the list, and their button with them). */
    private readonly afterBan: () => void,
  ) {}

  /** The actions button of `user` (with its menu while open), for moderators. */
  renderActions(user: ChatUser, strings: ChatStrings): TemplateResult | typeof nothing {
    if (this.chat.status !== 'online') return nothing;
    return this.menus.render({
      key: `person ${user.personId}`,
      label: strings.personActions(user.nickname),
      part: 'person-actions',
      items: personActionItems(user, this.chat.state.moderator, strings),
      select: (id) => this.select(user.personId, id),
    });
  }

  private select(personId: string, id: string): void {
    if (id === 'mute-short') this.chat.mute(personId, SHORT_MUTE_MINUTES);
    else if (id === 'mute') this.chat.mute(personId, 0);
    else if (id === 'unmute') this.chat.unmute(personId);
    else if (id === 'ban' && this.chat.ban(personId)) this.afterBan();
  }
}
