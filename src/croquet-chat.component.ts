import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { afterNextPaint } from './session/after-paint.js';
import type { CroquetChatComposer, CroquetChatComposerInputEvent, CroquetChatComposerSubmitEvent } from './ui/chat-composer.js';
import { renderHeader, renderParticipantList, type HeaderHandlers } from './ui/chat-header.js';
import { meAction, renderLog, type LogDensity, type LogEntry, type LogHandlers } from './ui/chat-log.js';
import { readPresenceLines, showPresence, type PresenceLines } from './ui/presence-summary.js';
import { DEFAULT_INACTIVITY_MINUTES, roomRules, type ChatResetAttribute } from './session/chat-server-options.js';
import { ChatSessionController, DEFAULT_APP_ID, DEFAULT_PASSWORD } from './session/chat-session.js';
import { emit } from './events.js';
import { groupMessages, type RenderRow } from './ui/group-messages.js';
import { LogScrollController } from './ui/log-scroll.js';
import { LauncherController, type ChatMode } from './ui/launcher.js';
import { InvitePanelController } from './ui/invite-panel.js';
import { InviteReader, newInvite } from './session/invite.js';
import { NotificationsController, type NotifyMode } from './ui/notifications.js';
import launcherStyles from './ui/launcher.styles.js';
import { draftKey, readDraft, writeDraft } from './ui/drafts.js';
import { renderResetConfirm, SAFE_ANSWER_SELECTOR } from './ui/reset-confirm.js';
import { CountdownController, renderOfflineBar } from './ui/offline-bar.js';
import { ActionsMenuController } from './ui/actions-menu.js';
import { LightDismissController } from './ui/light-dismiss.js';
import { MessageActionsController } from './ui/message-actions.js';
import { personNames, ReactionPickerController } from './ui/reactions.js';
import { mentionNames, mentionsPerson } from './ui/mention-highlight.js';
import { messagesById, ReplyController } from './ui/reply.js';
import { PersonActionsController } from './ui/person-actions.js';
import { blockedReason, renderMutedBar } from './ui/muted-bar.js';
import { ImageInputController, type SendImageOptions } from './ui/image-input.js';
import { ImageViewerController, setImageAlt } from './ui/image-viewer.js';
import { PostImagesController } from './ui/post-image.js';
import { RowInputs } from './ui/row-redraw.js';
import imageStyles from './ui/images.styles.js';
import { DEFAULT_STRINGS, mergeStrings, type ChatStrings, type ChatStringsOverride } from './i18n/strings.js';
import styles from './croquet-chat.styles.js';
import logStyles from './ui/chat-log.styles.js';
import avatarStyles from './ui/avatar.styles.js';
import { typingLine } from './i18n/typing-line.js';
import { warmIntlOffThread } from './i18n/warm-intl.js';
import type { ChatErrorCode, ChatMessage, ChatModelOptions, ChatStatus, ChatUser } from './types.js';
import { MAX_HISTORY } from './model/limits.js';

/** Properties that decide which room on which server the element joins. */
const CONNECTION_PROPERTIES = [
  'session', 'password', 'appId', 'apiKey', 'box', 'reflector', 'files', 'userId', 'userToken', 'inactivityTimeout', 'newcomerReset', 'resetRule', 'slowMode',
  'siteKey', 'verifiedOnly', 'moderators', 'historyLimit', 'modelOptions',
] as const;

/** `newcomer-reset="off"` (or false, no, 0) turns the rule off; the attribute's absence keeps the default (on). */
const onOffConverter = {
  fromAttribute: (value: string | null) => value === null || !/^(off|false|no|0)$/i.test(value.trim()),
  toAttribute: (value: boolean) => (value ? 'on' : 'off'),
};

/**
 * A multi-user chat room in one tag. Everyone on a page with the same `session` (room name), `app-id`
 * and server shares the room, kept in sync by Croquet. People keep their name and posts across
 * reloads (see `user-id`), and the room keeps names unique.
 *
 * Point it at a server with `box` (a self-hosted croquet-chat server, e.g. `box="/"` when the page is
 * served by it) or `api-key` (Croquet's hosted network). Messages are plain text, never HTML.
 *
 * @summary A drop-in multi-user chat room, synchronized by Croquet.
 * @tag croquet-chat
 *
 * @attr {'connecting' | 'online' | 'reconnecting' | 'offline' | 'error'} status - Reflects the read-only `status` property, for styling with `:host([status=…])` or `croquet-chat[status=…]`.
 *
 * @fires {CroquetChatMessageEvent} croquet-chat-message - An entry entered the shared history while online (anyone's post, or a reset notice; not the history already there on joining). `detail: {message}`.
 * @fires {CroquetChatPresenceEvent} croquet-chat-presence - The participants changed. `detail: {participants, users}`.
 * @fires {CroquetChatStatusEvent} croquet-chat-status - The connection status changed. `detail: {status, previous}`.
 * @fires {CroquetChatErrorEvent} croquet-chat-error - The element entered the error state. `detail: {code, message}`, where `message` is a sentence for people.
 * @fires {CroquetChatSendEvent} croquet-chat-send - The user submitted text. Cancelable: `preventDefault()` keeps it from being posted (and in the input). `detail: {text, replyTo}` (`replyTo`: the id of the post it answers, 0 for none).
 * @fires {CroquetChatUnreadEvent} croquet-chat-unread - The count of unread messages from others changed (they arrive while the reader is scrolled up, the page is hidden or the launcher's panel is closed). `detail: {unread}`.
 * @fires {CroquetChatOpenEvent} croquet-chat-open - In launcher mode, the person opened or closed the panel (the launcher button, the close button or Escape; not when the page sets `open`). `detail: {open}`.
 * @fires {CroquetChatModerationEvent} croquet-chat-moderation - A moderation action landed in the room (on every page): a removed post, a mute, an unmute, a ban, a clear. `detail: {action}`.
 * @fires {CroquetChatInviteEvent} croquet-chat-invite - The element made a private room and moved there (`createInvite()` or the "Private room" action). `detail: {link, session}`; the link carries the room's password.
 * @fires {CroquetChatIdentityEvent} croquet-chat-identity - This person's id (the public key that signs what they do in the room) is known, before the room is joined. `detail: {personId}`.
 * @fires {CroquetChatMentionEvent} croquet-chat-mention - A new post by someone else mentions this person ("@" and their name; `messages[i].mentions` lists them). Not for the history there on joining. `detail: {message}`.
 *
 * @csspart base - The outer wrapper.
 * @csspart launcher - In launcher mode, the round button in the viewport's inline-end bottom corner that opens and closes the panel.
 * @csspart launcher-badge - The unread count on the launcher button (hidden at 0).
 * @csspart launcher-panel - In launcher mode, the panel around `base`, fixed above the launcher (the whole screen up to 480 px wide).
 * @csspart launcher-close - The panel's close button.
 * @csspart header - The bar with nickname, participant count and status.
 * @csspart nickname - This person's name: a button that starts renaming.
 * @csspart rename-form - The inline rename form (while renaming).
 * @csspart name-input - The name input of the rename form.
 * @csspart rename-save - The rename form's save button.
 * @csspart rename-cancel - The rename form's cancel button.
 * @csspart name-problem - Why the rename form did not take the name ("Someone in this room already has that name.").
 * @csspart participants - The number of people in the room: a button that shows the participant list.
 * @csspart participant-list - The list of people in the room (while shown).
 * @csspart participant - One person in the list.
 * @csspart avatar - A person's initials on a colour derived from their person id (the same on every page): yours in the header, others' at the start of each group of posts, everyone's in the participant list.
 * @csspart participant-self - Added to `participant` for this person.
 * @csspart verified - The check after the name of someone the site vouches for (in the log and the participant list; screen readers hear "verified").
 * @csspart moderator-badge - "Moderator" after a moderator's name in the participant list.
 * @csspart muted-mark - "muted" after a muted person's name in the participant list.
 * @csspart private-room - The "Private room" button in a bar under the participant list: makes a private room with a random password, moves there and shows its invite link.
 * @csspart invite-panel - The panel with the invite link of the private room just made (a non-modal dialog under the header; Escape or its close button closes it).
 * @csspart invite-link - The invite panel's read-only input with the link.
 * @csspart copy-invite - The invite panel's "Copy link" button ("Copied" once it did).
 * @csspart invite-close - The invite panel's close button.
 * @csspart person-actions - For moderators, the actions button of another person in the participant list (mute, unmute, ban).
 * @csspart status - The connection status (a live region).
 * @csspart notify-button - With `notify` set, under the header until the person answers: "Turn on notifications", which asks the browser for permission.
 * @csspart error - The sentence explaining the error state (only in the error state).
 * @csspart offline-bar - The bar shown while the chat cannot reach its server: it says so and offers a retry (only while offline).
 * @csspart offline-text - The offline bar's words ("Offline. Retrying in 12 s").
 * @csspart pacing - Above the composer while a post waits for its turn under the room's flood control ("Slow mode: next post in 4 s").
 * @csspart retry-button - The offline bar's "Retry now" button (while a try is scheduled).
 * @csspart log - The scrolling message area.
 * @csspart empty - The note shown while the history is empty.
 * @csspart day - A day separator ("Today", "Yesterday", a date).
 * @csspart message - One history entry (posts and system notices).
 * @csspart own-message - Added to `message` for entries posted by this participant.
 * @csspart system-message - Added to `message` for system notices (such as "Chat reset at user request").
 * @csspart presence-message - An "A joined" / "A left" line (by default one line summing up the last few minutes: see `presence-lines`).
 * @csspart me-action - Added to `message` for a `/me` post, shown as an action line ("* Alice waves").
 * @csspart pending-message - A post waiting in the outbox (sent while connecting or reconnecting).
 * @csspart pending-status - The "Sending…" note on a pending post.
 * @csspart failed-message - A post the room refused because a moderator muted or banned this person while it waited ("Not sent").
 * @csspart failed-status - The "Not sent" note on a refused post.
 * @csspart send-again - The button that sends a refused post again (the room takes it once this person may post).
 * @csspart discard - The button that forgets a refused post.
 * @csspart author - The name on the first post of a group of consecutive posts by one person.
 * @csspart link - A link in a post (http and https addresses only; opens in a new tab).
 * @csspart text - The text of an entry.
 * @csspart edited - The "edited" mark after the text of a post its author changed.
 * @csspart removed - In place of the text of a removed post: "Message deleted" or "Removed by a moderator".
 * @csspart message-actions - The actions button of a post, where the reader may act on it (edit and delete their own, remove anyone's as a moderator).
 * @csspart actions-menu - The menu an actions button opens (post or person).
 * @csspart action - An item of an actions menu.
 * @csspart edit-form - The inline form that edits your own post (Enter saves, Escape cancels).
 * @csspart edit-input - The edit form's text box.
 * @csspart edit-save - The edit form's save button.
 * @csspart edit-cancel - The edit form's cancel button.
 * @csspart reply-quote - Above the text of a reply: a button with the original's author (by their current name) and the start of its text that takes the reader to the original; "Original message removed" when it was removed, "Original message not available" (not a button) when it is no longer in the history.
 * @csspart highlighted - Added to `message` for about two seconds on the post a reply's quote led to (which also takes focus).
 * @csspart reply-preview - Above the composer while the next post answers one (the actions menu's "Reply"): "Replying to Alice" and the start of the original. Sending the reply clears it.
 * @csspart reply-cancel - The reply bar's button that stops replying (Escape in the composer does too).
 * @csspart reactions - Under a post: its reactions, one button per emoji in the order of their first reaction.
 * @csspart reaction - A reaction: the emoji and how many reacted, named with who did ("👍 2: Alice and you"); a click toggles your own.
 * @csspart reaction-own - Added to `reaction` where you reacted (it is also `aria-pressed`).
 * @csspart reaction-picker - The quick reaction picker the actions menu's "React" opens under a post (arrow keys move, Escape closes).
 * @csspart reaction-choice - An emoji of the reaction picker (checked where you reacted with it; choosing it toggles your reaction).
 * @csspart mention - A mention in a post's text: "@" and the name of someone the post mentions, by their current name (someone renamed since is no longer highlighted).
 * @csspart mention-self - Added to `mention` where the mention names this person (styled more strongly).
 * @csspart mentioned - Added to `message` on a post that mentions this person (a subtle accent).
 * @csspart image - The thumbnail of a post's image (at most 240 px a side, sized before it loads): a button that opens the viewer. Shows the alt text while loading, "Image unavailable" when it could not be loaded (activating it tries again).
 * @csspart image-viewer - The modal dialog a thumbnail opens: the image as large as the window allows, its alt text, a close button (Escape and a click on the backdrop close it too; focus returns to the thumbnail).
 * @csspart full-image - The image in the viewer.
 * @csspart image-viewer-close - The viewer's close button.
 * @csspart edit-alt - For the image's author, the viewer's "Edit alt text" button.
 * @csspart alt-form - The viewer's alt text form (Enter saves, Escape or Cancel gives up).
 * @csspart alt-input - Its text input.
 * @csspart alt-save - Its save button.
 * @csspart alt-cancel - Its cancel button.
 * @csspart attach-button - The composer's button that picks images to send (PNG, JPEG, WebP, GIF). Images pasted into the message box or dropped on the widget are sent too; each goes as a post of its own and the draft stays.
 * @csspart upload-status - Above the composer while an image is prepared and stored: "Sending image…" and its name.
 * @csspart upload-problem - Above the composer: why an image was not sent (wrong type, over 5 MB, unreadable, not stored).
 * @csspart upload-dismiss - The button that hides `upload-problem`.
 * @csspart drop-target - Over the widget while files are dragged over it: "Drop an image to send it".
 * @csspart time - The time of an entry.
 * @csspart typing - The "A is typing…" line.
 * @csspart new-messages - The "N new messages" button shown while the reader is scrolled up.
 * @csspart confirm - The "Clear the chat for everyone?" question (with the `reset="confirm"` rule).
 * @csspart muted-bar - Above the composer while a moderator muted or banned this person ("You are muted until 14:05").
 * @csspart form - The message form.
 * @csspart input - The message textarea (Enter sends, Shift+Enter breaks the line).
 * @csspart send-button - The send button.
 * @csspart counter - The characters-left counter, near the length limit; over it, how many characters to cut ("312 characters too long"; nothing is sent until the text fits).
 * @csspart reason - Why sending is disabled (error, muted, banned, or not vouched for where only vouched people post).
 * @csspart help - The list of commands that `/help` opens above the composer (it posts nothing).
 * @csspart help-close - The button that closes the command list (Escape does too).
 * @csspart mention-list - Over the composer while "@" and the start of a name are typed: up to eight people the room knows who match, those here first (arrow keys move, Enter or Tab inserts "@Name ", Escape closes).
 * @csspart mention-option - A person in that list: avatar, name, and a dot for those here.
 *
 * @cssprop [--croquet-chat-accent=#2563eb] - Accent color: send button, own nickname, focus rings (#60a5fa in dark mode).
 * @cssprop [--croquet-chat-background=#ffffff] - Background color (#111827 in dark mode).
 * @cssprop [--croquet-chat-foreground=#111827] - Text color (#f3f4f6 in dark mode).
 * @cssprop [--croquet-chat-muted=#4b5563] - Secondary text: times, counts, system notices (#9ca3af in dark mode).
 * @cssprop [--croquet-chat-border=#d1d5db] - Border and divider color (#374151 in dark mode).
 * @cssprop [--croquet-chat-radius=8px] - Corner radius.
 * @cssprop [--croquet-chat-font=system-ui, sans-serif] - Font family.
 * @cssprop [--croquet-chat-spacing=8px] - Base spacing unit for paddings and gaps.
 *
 * Bubbles, surfaces and link colours derive from these tokens, so a restyled theme stays consistent. A page
 * that sets a token for both schemes at once can use `light-dark()`, e.g.
 * `--croquet-chat-background: light-dark(#f0fdf4, #052e16)`: the element declares `color-scheme: light dark`.
 * @cssprop [--croquet-chat-launcher-size=56px] - Launcher mode: the diameter of the launcher button.
 * @cssprop [--croquet-chat-launcher-inset=16px] - Launcher mode: the distance of the launcher and the panel from the viewport's edges.
 * @cssprop [--croquet-chat-launcher-z-index=1000] - Launcher mode: the stacking level of the launcher and the panel.
 * @cssprop [--croquet-chat-panel-width=380px] - Launcher mode: the panel's width (at most the viewport's; phones get the whole screen).
 * @cssprop [--croquet-chat-panel-height=600px] - Launcher mode: the panel's height (at most what the viewport has above the launcher).
 */
export class CroquetChat extends LitElement {
  static override styles = [styles, avatarStyles, logStyles, launcherStyles, imageStyles];

  /** The room name. Everyone with the same room name, app id and server is in the same room. Required. */
  @property() session = '';

  /**
   * The room's end-to-end encryption key: the server only sees ciphertext. Everyone in a room must use the
   * same password; a wrong one ends in the error state. The default, `croquet-chat-public`, suits public rooms.
   */
  @property() password = DEFAULT_PASSWORD;

  /**
   * Join the room an invite link names (see `createInvite()`): on connecting, before joining anything,
   * the element takes the invite for its app id from the page's address (the fragment), removes it from
   * the address bar and joins that room with its password in place of `session` and `password`. Without
   * an invite in the address, or with a malformed one (a console warning), it joins `session` as usual.
   */
  @property({ type: Boolean }) invite = false;

  /** Croquet app id (dot-separated words, e.g. `com.example.chat`); room names are scoped by it. */
  @property({ attribute: 'app-id' }) appId = DEFAULT_APP_ID;

  /** API key for Croquet's hosted network (multisynq.io / croquet.io). Not needed with `box`. */
  @property({ attribute: 'api-key' }) apiKey = '';

  /** Address of a self-hosted server (this project's, or croquet-in-a-box), e.g. `http://localhost:8888/` or `/` for the page's own server. */
  @property() box = '';

  /** Advanced: the reflector's WebSocket address, used with `files` instead of `box`. */
  @property() reflector = '';

  /** Advanced: the file server's address for snapshots, used with `reflector` instead of `box`. */
  @property() files = '';

  /** Placeholder text of the message input ('' for the strings table's, "Type a message" in English). */
  @property() placeholder = '';

  /** Accessible name of the chat region ('' for the strings table's, "Chat" in English). */
  @property() label = '';

  /**
   * `inline` (the default): the chat sits in the page's flow. `launcher`: a round button in the viewport's
   * inline-end bottom corner, with the unread count, opens the chat as a panel above it (the whole screen
   * on phones). The chat stays connected while the panel is closed.
   */
  @property({ reflect: true, useDefault: true }) mode: ChatMode = 'inline';

  /**
   * In launcher mode, whether the panel is open. Reflected. The tab remembers it per app id and room
   * across reloads; an `open` attribute in the page's markup wins over what the tab remembers.
   */
  @property({ type: Boolean, reflect: true }) open = false;

  /**
   * Words of the UI: any subset of the strings table (see `DEFAULT_STRINGS`) laid over the English
   * defaults, e.g. `el.strings = {send: 'Senden'}`. The `lang` and `dir` attributes are honoured too.
   */
  @property({ attribute: false }) strings?: ChatStringsOverride;

  /**
   * The site's own id for whoever is signed in: it picks which of this browser's keys signs for them, so
   * two accounts on one browser are two people. It proves nothing to the room; the key does, and a
   * `user-token` says whom the site vouches for.
   */
  @property({ attribute: 'user-id' }) userId = '';

  /**
   * The site's token for this person: a compact JWT (`alg: "EdDSA"`) signed with the key whose public half
   * is the room's `site-key`, with claims `sub`, `name`, `key` (this element's `personId`), optional
   * `role: "moderator"` and `exp`. The room shows a vouched person with the site's name and a verified mark.
   */
  @property({ attribute: 'user-token' }) userToken = '';

  /** The site's Ed25519 public key (base64url of its 32 raw bytes, as a JWK's `x`): tokens it signed vouch for people. A room rule. */
  @property({ attribute: 'site-key' }) siteKey = '';

  /** With `site-key`: only people the site vouches for may post. A room rule. */
  @property({ attribute: 'verified-only', type: Boolean }) verifiedOnly = false;

  /** Person ids (space- or comma-separated) who moderate the room, besides those the site's tokens make moderators. A room rule. */
  @property() moderators = '';

  /**
   * Slow mode: each person may post once per this many seconds (`0`, the default: a burst of 5, then one
   * a second). The room stores no post over a person's allowance; the widget waits for its turn and says
   * how long. A room rule.
   */
  @property({ attribute: 'slow-mode', type: Number }) slowMode = 0;

  /**
   * How many posts and notices the room keeps (`messages`): 100 by default, as in the Croquet tutorial; a
   * whole number from 1 to 1,000. The oldest drop out beyond it. A room rule.
   */
  @property({ attribute: 'history-limit', type: Number }) historyLimit = MAX_HISTORY;

  /**
   * The look of the log: `comfortable` (the default: avatars, bubbles, your own posts at the inline end, times
   * per group) or `compact` (one line per post, "Alice: hi 14:02", for sites that want a log).
   */
  @property({ reflect: true }) density: LogDensity = 'comfortable';

  /**
   * Which joins and leaves the log shows: `summary` (the default: those of the last few minutes, in one line
   * per run; older ones fold away), `all` (every line the room keeps) or `none`.
   */
  @property({ attribute: 'presence-lines' }) presenceLines: PresenceLines = 'summary';

  /**
   * While the page is hidden, the page's title starts with the unread count, "(3) My page" (the sum of
   * all chats on the page that have it). The page's own title comes back when it is shown again.
   */
  @property({ attribute: 'title-badge', type: Boolean }) titleBadge = false;

  /**
   * A short, quiet sound for posts from others while the page is hidden, and for posts that mention this
   * person even while it is shown; at most one a second. Browsers allow it only after the person
   * interacted with the page (a click or a key), so it starts after that.
   */
  @property({ type: Boolean }) sound = false;

  /**
   * Desktop notifications for posts from others while the page is hidden: `all`, or `mentions` (posts
   * whose `mentions` list this person); '' (the default) for none. Until the person has answered, a
   * "Turn on notifications" button (part `notify-button`) asks the browser for permission; nothing asks on load.
   */
  @property() notify: NotifyMode = '';

  /** Minutes without posts after which the room's history resets (the tutorial's 20); `0` never resets. A room rule. */
  @property({ attribute: 'inactivity-timeout', type: Number }) inactivityTimeout = DEFAULT_INACTIVITY_MINUTES;

  /** Whether a newcomer alone with a history they had no part in resets it, as in the tutorial. `newcomer-reset="off"` keeps it. A room rule. */
  @property({ attribute: 'newcomer-reset', converter: onOffConverter }) newcomerReset = true;

  /** Who may clear the room: `anyone` (`/reset` or `reset()`), `confirm` (the widget asks first), `moderators` (only they), `none` (`/reset` is posted as text). A room rule. */
  @property({ attribute: 'reset' }) resetRule: ChatResetAttribute = 'anyone';

  /**
   * Options for the root model's init(), over those the room-rule attributes give; part of the room's identity. Meant for tests and tools.
   * @internal
   */
  @property({ attribute: false }) modelOptions?: ChatModelOptions;

  /** The name the page asked for ('' for the remembered or a random one). */
  private requestedNickname = '';

  @state() private renaming = false;
  /** Why the name just submitted in the rename form cannot be had (the form stays open), or null. */
  @state() private renameProblem: 'empty' | 'taken' | null = null;
  @state() private listOpen = false;
  @state() private confirmingReset = false;
  @query('croquet-chat-composer') private composer?: CroquetChatComposer;
  @query('[part~="log"]') private logElement?: HTMLElement;

  /** `invite`: the room of an invite link in the page's address, taken before the session controller joins. */
  private readonly inviteReader = new InviteReader(this);

  private readonly chat = new ChatSessionController(this, () => this.connectionOptions(), {
    status: (status, previous) => {
      if (status !== 'online') this.renaming = false;
      emit(this, 'croquet-chat-status', { status, previous });
    },
    messages: (added) => {
      this.logScroll.added(added);
      this.notifications.added(added);
      this.announce(added);
      for (const message of added) emit(this, 'croquet-chat-message', { message });
      for (const message of added) if (mentionsPerson(message, this.chat.personId)) emit(this, 'croquet-chat-mention', { message });
    },
    presence: (participants, users) => emit(this, 'croquet-chat-presence', { participants, users }),
    error: (error) => emit(this, 'croquet-chat-error', { code: error.code, message: error.message }),
    identity: (personId) => {
      // Croquet is in and the room is next: the worker no longer competes with loading the runtime, and is
      // done before the history's first render formats its times and names.
      warmIntlOffThread(this.language);
      emit(this, 'croquet-chat-identity', { personId });
    },
    moderation: (action) => emit(this, 'croquet-chat-moderation', { action }),
  });

  /** The offline bar counts down to the next try. */
  protected readonly countdown = new CountdownController(this, () => this.chat.retryAt !== null || this.chat.nextPostAt !== null);

  private readonly logScroll = new LogScrollController(this, () => this.logElement, (unread) => emit(this, 'croquet-chat-unread', { unread }));

  /** The opt-in title badge, sound and desktop notifications for posts that arrive while the page is hidden. */
  private readonly notifications = new NotificationsController(this, {
    personId: () => this.chat.personId,
    room: () => `${this.appId}/${this.session}`,
    unread: () => this.logScroll.unread,
    strings: () => this.text,
    focusComposer: () => {
      if (this.mode === 'launcher') this.open = true;
      void this.updateComplete.then(() => this.composer?.focus());
    },
  });

  /** The participant list's "Private room" action and the invite panel it opens. */
  private readonly invitePanel = new InvitePanelController(this, {
    listShown: () => this.listOpen && this.status === 'online',
    createInvite: () => {
      this.listOpen = false;
      return this.createInvite();
    },
    closeList: () => this.headerHandlers.closeList(),
    returnFocus: () => {
      if (this.status === 'online') this.focusPart('participants');
      else void this.updateComplete.then(() => this.composer?.focus());
    },
  });

  /** Launcher mode: the button, the panel, and the open state's memory. */
  private readonly launcher = new LauncherController(this, (concealed) => this.logScroll.setConcealed(concealed));

  /** A press outside the header closes the participant list. */
  protected readonly listDismissal = new LightDismissController(this, () => this.listOpen, () => this.renderRoot.querySelector('.top'), () => (this.listOpen = false));

  /** The actions menus of posts and people (one open at a time). */
  private readonly menus = new ActionsMenuController(this);
  /** The post the next post answers (the reply bar), and the jumps from a reply's quote to its original. */
  private readonly reply = new ReplyController(this, () => this.composer?.focus());
  /** The quick reaction picker a post's "React" opens. */
  private readonly reactionPicker = new ReactionPickerController(this);
  private readonly messageActions = new MessageActionsController(this, this.menus, this.chat.actions, () => this.logElement, {
    picker: this.reactionPicker,
    reply: (id) => this.reply.start(id),
  });
  private readonly personActions = new PersonActionsController(this.menus, this.chat.actions, () => this.focusPart('participants'));
  /** Thumbnails of posts' images, loaded through the room's Data API while online. */
  private readonly postImages = new PostImagesController(this, () => this.chat.imageData);
  /** Whether the log's rows must all be drawn again (row-redraw.ts). */
  private readonly rowInputs = new RowInputs();
  /** The dialog a thumbnail opens, with the author's alt text form. */
  private readonly imageViewer = new ImageViewerController(this, this.postImages, this.chat, () => this.logElement?.focus());
  /** The attach button, pasted and dropped images, and the upload notes above the composer. */
  private readonly imageInput = new ImageInputController(this, this.chat.images, () => this.mayCompose, (path) => {
    const base = this.renderRoot.querySelector('[part~="base"]');
    return base !== null && path.includes(base);
  }, this.reply);

  /** The latest posts from others, for screen readers (the log itself is not live, so your own posts stay quiet). */
  @state() private announcement = '';

  private mergedStrings?: { override: ChatStringsOverride | undefined; strings: ChatStrings };
  private groupedFor?: { conversation: readonly ChatMessage[]; presenceLines: PresenceLines; rows: RenderRow<LogEntry>[] };

  /**
   * This person's id: the Ed25519 public key (base64url, 43 characters) that signs everything they do in
   * the room, kept by this browser per app id (and `user-id`). '' until known (see `croquet-chat-identity`).
   */
  get personId(): string {
    return this.chat.personId;
  }

  /** Connection status: `connecting`, `online`, `reconnecting`, `offline` (not in a document) or `error`. Reflected as the `status` attribute. */
  get status(): ChatStatus {
    return this.chat.status;
  }

  /**
   * This person's name in the room. Without it a person has one name in every room of the app id (the
   * first one a room gave them, or the one they chose last, remembered by this browser). Set it (or the
   * `nickname` attribute) to give this element's person a name, e.g. the page's signed-in user: this
   * element keeps it, and set while the element is in a room it renames the person in the app's other
   * rooms too. The room keeps names unique and may add a number. Reads the room's name for this person
   * once online, the requested one before.
   */
  @property()
  get nickname(): string {
    return this.chat.state.nickname || this.requestedNickname;
  }
  set nickname(value: string) {
    const old = this.requestedNickname;
    this.requestedNickname = typeof value === 'string' ? value : '';
    this.chat.pinName(this.requestedNickname);
    this.requestUpdate('nickname', old);
  }

  /** Number of views (tabs) in the room (0 until online); one person in two tabs counts twice here, once in `users`. */
  get participants(): number {
    return this.chat.state.participants;
  }

  /** The people in the room, in order of arrival: one entry per person, however many tabs. */
  get users(): readonly ChatUser[] {
    return this.chat.state.users;
  }

  /** The shared history, oldest first (at most `history-limit` posts and notices, 100 by default). Frozen plain objects. */
  get messages(): readonly ChatMessage[] {
    return this.chat.state.messages;
  }

  /** Whether this person moderates the room (named in `moderators`, or by the site's token). */
  get moderator(): boolean {
    return this.chat.state.moderator;
  }

  /** Whether the site vouches for this person (a valid `user-token` under the room's `site-key`). */
  get verified(): boolean {
    return this.chat.state.verified;
  }

  /** Whether a moderator muted (or banned) this person: the room stores none of their posts meanwhile. */
  get muted(): boolean {
    return this.chat.state.mutedUntil !== undefined || this.chat.state.banned;
  }

  /** Messages from others that arrived while the reader was scrolled up, the page was hidden or the launcher's panel was closed. */
  get unread(): number {
    return this.logScroll.unread;
  }

  /**
   * In the error state, a sentence saying what went wrong; while offline or reconnecting after trouble,
   * the technical cause (the widget itself tells people only that it is offline); otherwise ''.
   */
  get errorMessage(): string {
    return this.chat.error?.message ?? '';
  }

  /** In the error state, a code for what went wrong; while offline, the code of the cause (`unreachable`, `timeout`, `connection`); otherwise null. */
  get errorCode(): ChatErrorCode | null {
    return this.chat.error?.code ?? null;
  }

  /**
   * Posts `text` to the room as this person (`/reset` resets the room instead, unless the `reset` rule is
   * `none`). While connecting, reconnecting or offline the text waits in the outbox (kept across reloads),
   * shown as pending, and is posted once, in order, when the room is reachable. Does not fire
   * `croquet-chat-send`, which is for the user's own input. Returns whether the text was accepted (false
   * when blank, when the element is not in a document, or in the error state).
   * `options.replyTo`: the id of the post this one replies to (`messages[i].replyTo`); the room keeps it
   * only if that post is still in its history. False for an id that is not a post id.
   */
  send(text: string, options?: { replyTo?: number }): boolean {
    return this.chat.post(text, options);
  }

  /**
   * Adds your reaction `emoji` (one emoji, such as "👍" or "🇫🇷") to post `id`, or takes it back if you
   * had it (`messages[i].reactions`: emoji → the person ids who reacted). Returns whether it was allowed
   * and sent: false when not online, muted or banned, for a removed post, for anything but one emoji, for
   * a new emoji beyond the 20 a post may carry, and over the room's pace (reactions count like posts).
   */
  react(id: number, emoji: string): boolean {
    return this.chat.react(id, emoji);
  }

  /**
   * Sends an image as a post of its own: a PNG, JPEG, WebP or GIF of at most 5 MB (a `File`, or a `Blob`
   * with its type), scaled down to at most 1,600 px a side and stored end-to-end encrypted with the room's
   * key (Croquet's Data API, on the file server under the room). It waits while the chat is not online and
   * is posted once stored; the composer shows "Sending image…" and the name meanwhile. Resolves to whether
   * it was posted: false for a file it will not send (wrong type, too large, unreadable) or one the file
   * server would not store (its quota), which the composer then explains; false too when the element left
   * the room or is in the error state. Never rejects.
   * `options.alt`: the alt text (the file's name when not given, '' for a Blob; the author can change it
   * later, see `setImageAlt()`); `options.text`: a caption; `options.replyTo`: the post it answers.
   */
  sendImage(file: Blob, options: SendImageOptions = {}): Promise<boolean> {
    return this.imageInput.send(file, options);
  }

  /**
   * Changes the alt text of the image in your own post `id` (`messages[i].image.alt`; one line, at most 300
   * characters). Returns whether it was allowed and sent: false when not online, muted or banned, or for a
   * post that is not yours, has no image or was removed.
   */
  setImageAlt(id: number, alt: string): boolean {
    return setImageAlt(this.chat, id, alt);
  }

  /** Clears the room's history for everyone, leaving a "Chat reset at user request" notice. Returns false if not online or the `reset` rule is `none`. */
  reset(): boolean {
    return this.chat.reset();
  }

  /** Replaces the text of your own post `id` (it shows "edited"; only the new text stays). Returns whether it was allowed and sent. */
  editMessage(id: number, text: string): boolean {
    return this.chat.actions.editMessage(id, text);
  }

  /** Removes post `id`, leaving a tombstone: your own, or anyone's if you moderate. Returns whether it was allowed and sent. */
  deleteMessage(id: number): boolean {
    return this.chat.actions.deleteMessage(id);
  }

  /** Moderators: mutes `personId` for `minutes`, or until unmuted (0, the default). Returns whether it was allowed and sent. */
  mute(personId: string, minutes = 0): boolean {
    return this.chat.actions.mute(personId, minutes);
  }

  /** Moderators: lifts `personId`'s mute or ban. Returns whether it was allowed and sent. */
  unmute(personId: string): boolean {
    return this.chat.actions.unmute(personId);
  }

  /** Moderators: bans `personId` from the room (muted for good, and out of the list of people). Returns whether it was allowed and sent. */
  ban(personId: string): boolean {
    return this.chat.actions.ban(personId);
  }

  /**
   * Makes a private room and moves this element there: a random 128-bit password (22 characters) and,
   * unless `options.session` names the room, a random room name. Returns the invite link: this page's
   * address with the room and password in its fragment, which browsers never send to a server. Anyone
   * with the link can join (with `invite` on the page it opens) and read along. Fires `croquet-chat-invite`.
   * Throws a RangeError for a room name no room takes (blank, over 100 characters, control characters).
   */
  createInvite(options: { session?: string } = {}): string {
    const page = this.ownerDocument.defaultView?.location.href ?? globalThis.location.href;
    const { invite: { session, password }, link } = newInvite(page, this.appId, options.session);
    this.session = session;
    this.password = password;
    emit(this, 'croquet-chat-invite', { link, session });
    return link;
  }

  /** The strings table in use: the English defaults with `strings` laid over them. */
  private get text(): ChatStrings {
    if (!this.mergedStrings || this.mergedStrings.override !== this.strings) this.mergedStrings = { override: this.strings, strings: mergeStrings(this.strings) };
    return this.mergedStrings.strings;
  }

  /** The language for dates and times: the element's own `lang`, else the nearest one above it. */
  private get language(): string {
    return this.lang || this.closest('[lang]')?.getAttribute('lang') || '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('invite')) this.inviteReader.check(); // `invite` set on a connected element
    if (CONNECTION_PROPERTIES.some((name) => changed.has(name))) {
      this.chat.configurationChanged();
      if (changed.has('session') || changed.has('appId')) {
        this.logScroll.reset();
        this.reply.reset();
      }
    }
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('appId')) this.restoreDraft();
  }

  /** The room's unsent draft into the composer, after the paint (like the session's storage, it can wait a frame). */
  private restoreDraft(): void {
    const key = this.draftKey();
    void afterNextPaint().then(() => {
      if (this.composer && key === this.draftKey()) this.composer.value = readDraft(key);
    });
  }

  private connectionOptions() {
    return {
      session: this.session ?? '',
      password: this.password ?? '',
      appId: this.appId ?? '',
      apiKey: this.apiKey ?? '',
      box: this.box ?? '',
      reflector: this.reflector ?? '',
      files: this.files ?? '',
      userId: this.userId ?? '',
      userToken: this.userToken ?? '',
      modelOptions: { ...roomRules(this.inactivityTimeout, this.newcomerReset, this.resetRule, this.slowMode, { siteKey: this.siteKey ?? '', verifiedOnly: this.verifiedOnly, moderators: this.moderators ?? '' }, this.historyLimit), ...this.modelOptions },
    };
  }

  private draftKey(): string {
    return draftKey(this.appId, this.session);
  }

  private announce(added: readonly ChatMessage[]): void {
    const fromOthers = added.filter((message) => message.kind === 'post' && !message.self && !message.deleted);
    const said = (message: ChatMessage) => {
      const action = meAction(message.text);
      // An image without a caption is announced by its alt text.
      const text = message.text || (message.image ? this.text.imageLabel(message.image.alt) : '');
      return action === null ? `${message.nickname}: ${text}` : `${message.nickname} ${action}`;
    };
    if (fromOthers.length) this.announcement = fromOthers.map(said).join('\n');
  }

  private handleComposerSubmit(event: CroquetChatComposerSubmitEvent): void {
    event.stopPropagation();
    const { text } = event.detail;
    const { replyTo } = this.reply;
    if (!emit(this, 'croquet-chat-send', { text, replyTo }, { cancelable: true })) return;
    if (text.trim() === '/reset' && this.resetRule === 'confirm') {
      void this.askToReset();
      return;
    }
    if (this.chat.post(text, { replyTo })) {
      this.clearDraft();
      this.reply.clear();
    }
  }

  /** Escape in the composer stops replying (after the composer's own use of it: closing the command list). */
  private readonly handleComposerKeydown = (event: KeyboardEvent): void => {
    if (this.reply.cancelFromKey(event)) event.stopPropagation();
  };

  private handleComposerInput(event: CroquetChatComposerInputEvent): void {
    event.stopPropagation();
    writeDraft(this.draftKey(), event.detail.text);
    if (event.detail.text.trim()) this.chat.typing();
  }

  private clearDraft(): void {
    this.composer?.clear();
    writeDraft(this.draftKey(), '');
  }

  /** Shows the question with focus on its safe answer (Cancel), as an alert dialog should. */
  private async askToReset(): Promise<void> {
    this.confirmingReset = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(SAFE_ANSWER_SELECTOR)?.focus();
  }

  /** The answer to the question: clear (or not), then focus back in the composer. */
  private readonly answerConfirm = (clear: boolean): void => {
    this.confirmingReset = false;
    if (clear && this.chat.reset()) this.clearDraft();
    void this.updateComplete.then(() => this.composer?.focus());
  };

  private readonly headerHandlers: HeaderHandlers = {
    startRename: () => {
      this.renameProblem = null;
      void this.startRename();
    },
    saveRename: (name) => {
      this.renameProblem = this.chat.nameProblem(name);
      if (this.renameProblem) return; // the form stays open and says why
      if (name !== this.chat.state.nickname) this.chat.rename(name);
      void this.endRename();
    },
    cancelRename: () => {
      this.renameProblem = null;
      void this.endRename();
    },
    toggleList: () => (this.listOpen = !this.listOpen),
    closeList: () => {
      this.listOpen = false;
      this.focusPart('participants');
    },
    personActions: (user) => this.personActions.renderActions(user, this.text),
  };

  /** Focus on the part `name` after the next render (where an action left the element whose focus it took). */
  private focusPart(name: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~="${name}"]`)?.focus());
  }

  /** The inline name input, focused with its text selected. */
  private async startRename(): Promise<void> {
    this.renaming = true;
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('[part~="name-input"]');
    input?.focus();
    input?.select();
  }

  /** Back to the name button, with focus on it, as a dialog would return it. */
  private async endRename(): Promise<void> {
    this.renaming = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="nickname"]')?.focus();
  }

  private readonly retryNow = (): void => {
    this.chat.retryNow();
  };

  private readonly logHandlers: LogHandlers = {
    scroll: () => this.logScroll.scrolled(),
    jumpToNewest: () => this.logScroll.jumpToNewest(),
    actions: (message) => this.messageActions.renderActions(message, this.text),
    sendAgain: (clientId) => {
      if (!this.chat.retryFailed(clientId)) this.focusPart('input');
    },
    discard: (clientId) => {
      this.chat.discardFailed(clientId);
      this.focusPart('input');
    },
    editor: (message) => this.messageActions.renderEditor(message, this.text),
    jumpTo: (id) => void this.reply.jumpTo(id),
    react: (id, emoji) => void this.chat.actions.react(id, emoji),
    isHighlighted: (id) => this.reply.isHighlighted(id),
    isJumpTarget: (id) => this.reply.isJumpTarget(id),
    image: (image, id) => (image ? this.postImages.render(image, this.text, (opener) => this.imageViewer.open(image, id, opener)) : nothing),
  };

  /** Whether the composer takes posts now (and so images): not in the error state, not muted or banned. */
  private get mayCompose(): boolean {
    return this.status !== 'error' && blockedReason(this.chat.state, this.chat.maySend, this.text) === '';
  }

  /** The error in the page's words when its strings table has them, else the detailed English sentence `errorMessage` has. */
  private errorSentence(strings: ChatStrings): string {
    const error = this.chat.error!;
    const translated = strings.errors[error.code];
    return translated !== DEFAULT_STRINGS.errors[error.code] ? translated : error.message;
  }

  /** The conversation's render plan, rebuilt only when the conversation changed (days follow the reader's time zone, not `lang`). */
  private rows(conversation: readonly ChatMessage[]): RenderRow<LogEntry>[] {
    const presenceLines = readPresenceLines(this.presenceLines);
    if (this.groupedFor?.conversation !== conversation || this.groupedFor.presenceLines !== presenceLines) {
      this.groupedFor = { conversation, presenceLines, rows: groupMessages(showPresence(conversation, presenceLines, Date.now())) };
    }
    return this.groupedFor.rows;
  }

  /** While a post waits for its turn under the room's flood control: when it goes (a second or more away). */
  private renderPacing(strings: ChatStrings): TemplateResult | typeof nothing {
    const at = this.chat.nextPostAt;
    const seconds = at === null ? 0 : Math.ceil((at - Date.now()) / 1000);
    if (seconds < 1) return nothing;
    const text = this.chat.slowMode > 0 ? strings.slowModeNextPost(seconds) : strings.nextPostIn(seconds);
    return html`<p part="pacing" class="pacing" role="status">${text}</p>`;
  }

  protected override render(): TemplateResult {
    const { status, text: strings } = this;
    const state = this.chat.state;
    const online = status === 'online';
    const header = { nickname: this.chat.displayName, personId: this.chat.personId, participants: state.participants, users: state.users, status, renaming: this.renaming, renameProblem: this.renameProblem, listOpen: this.listOpen, strings };
    // Offline too: the outbox keeps what is sent until the room is reachable; not while muted or banned.
    const canSend = status !== 'error';
    const blocked = blockedReason(state, this.chat.maySend, strings);
    const conversationIndex = { byId: messagesById(state.messages), names: personNames(state.users, state.messages) };
    return this.launcher.render(html`
      <section part="base" class="base" aria-label=${this.label || strings.chat}>
        <div class="top">${renderHeader(header, this.headerHandlers)}${this.notifications.renderButton(strings)}${renderParticipantList(header, this.headerHandlers)}${this.invitePanel.render(strings)}</div>
        ${status === 'error' && this.chat.error ? html`<p part="error" class="error" role="alert">${this.errorSentence(strings)}</p>` : nothing}
        ${status === 'offline' && this.chat.error ? renderOfflineBar({ retryAt: this.chat.retryAt, now: Date.now(), strings }, this.retryNow) : nothing}
        ${renderLog(
          {
            rows: this.rows(state.conversation),
            density: this.density === 'compact' ? 'compact' : 'comfortable',
            pending: this.chat.pending,
            failed: this.chat.failed,
            nickname: this.chat.displayName,
            typing: typingLine(state.typing, strings),
            newMessages: this.logScroll.newMessages,
            online,
            strings,
            lang: this.language || undefined,
            ...conversationIndex,
            selfId: state.personId,
            mentionNames: mentionNames(state.users, state.mentionable),
            rowInputs: this.rowInputs.token([
              strings, this.language, this.density, state.personId, status, state.moderator, this.chat.maySend, conversationIndex.names,
              mentionNames(state.users, state.mentionable), new Date().toDateString(), // "Today" becomes "Yesterday"
              this.menus.drawn.count, this.reactionPicker.drawn.count, this.reply.drawn.count, this.messageActions.drawn.count, this.postImages.drawn.count,
            ]),
          },
          this.logHandlers,
        )}
        <p class="visually-hidden" aria-live="polite">${this.announcement}</p>
        ${this.renderPacing(strings)}
        ${this.confirmingReset ? renderResetConfirm(strings, this.answerConfirm) : nothing}
        ${renderMutedBar(state, strings, this.language || undefined)}
        ${this.reply.renderBar({ ...conversationIndex, strings })}
        ${this.imageInput.renderStatus(strings)}
        <croquet-chat-composer
          exportparts="form, input, send-button, counter, reason, help, help-close, mention-list, mention-option"
          .strings=${strings}
          .mentionable=${state.mentionable}
          placeholder=${this.placeholder}
          ?reset-command=${this.chat.resetAllowed}
          ?disabled=${!canSend || blocked !== ''}
          reason=${canSend ? blocked : strings.composerDisabled[status]}
          @croquet-chat-composer-submit=${this.handleComposerSubmit}
          @croquet-chat-composer-input=${this.handleComposerInput}
          @keydown=${this.handleComposerKeydown}
          @paste=${this.imageInput.handlePaste}
        >${this.imageInput.renderAttach(strings, !canSend || blocked !== '')}</croquet-chat-composer>
        ${this.imageInput.renderDropTarget(strings)}${this.imageViewer.render(conversationIndex.byId, strings)}
      </section>
    `, this.unread, strings, this.language || undefined);
  }

}
