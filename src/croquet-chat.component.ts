import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DEFAULT_INACTIVITY_MINUTES, roomRules, type ChatResetAttribute } from './chat-server-options.js';
import { ChatSessionController, DEFAULT_APP_ID, DEFAULT_PASSWORD } from './chat-session.js';
import { emit } from './events.js';
import styles from './croquet-chat.styles.js';
import type { ChatErrorCode, ChatMessage, ChatModelOptions, ChatStatus, ChatUser } from './types.js';

/** Properties that decide which room on which server the element joins. */
const CONNECTION_PROPERTIES = [
  'session', 'password', 'appId', 'apiKey', 'box', 'reflector', 'files', 'userId', 'inactivityTimeout', 'newcomerReset', 'resetRule', 'modelOptions',
] as const;

/** `newcomer-reset="off"` (or false, no, 0) turns the rule off; the attribute's absence keeps the default (on). */
const onOffConverter = {
  fromAttribute: (value: string | null) => value === null || !/^(off|false|no|0)$/i.test(value.trim()),
  toAttribute: (value: boolean) => (value ? 'on' : 'off'),
};

const STATUS_TEXT: Record<ChatStatus, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  error: 'Error',
};

let timeFormat: Intl.DateTimeFormat | undefined;
function formatTime(time: number): string {
  timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return timeFormat.format(time);
}

/**
 * A multi-user chat room in one tag. Everyone on a page with the same `session` (room name), `app-id`
 * and server shares the room, kept in sync by Croquet; nicknames are assigned by the room.
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
 * @fires {CroquetChatSendEvent} croquet-chat-send - The user submitted text. Cancelable: `preventDefault()` keeps it from being posted (and in the input). `detail: {text}`.
 *
 * @csspart base - The outer wrapper.
 * @csspart header - The bar with nickname, participant count and status.
 * @csspart nickname - This participant's nickname.
 * @csspart participants - The number of people in the room.
 * @csspart status - The connection status (a live region).
 * @csspart error - The sentence explaining the error state (only in the error state).
 * @csspart log - The scrolling message area.
 * @csspart empty - The note shown while the history is empty.
 * @csspart message - One history entry (posts and system notices).
 * @csspart own-message - Added to `message` for entries posted by this participant.
 * @csspart system-message - Added to `message` for system notices (such as "Chat reset at user request").
 * @csspart author - The nickname on a post.
 * @csspart text - The text of an entry.
 * @csspart time - The time of an entry.
 * @csspart form - The message form.
 * @csspart input - The message input.
 * @csspart send-button - The send button.
 *
 * @cssprop [--croquet-chat-accent=#2563eb] - Accent color: send button, own nickname, focus rings (#60a5fa in dark mode).
 * @cssprop [--croquet-chat-background=#ffffff] - Background color (#111827 in dark mode).
 * @cssprop [--croquet-chat-foreground=#111827] - Text color (#f3f4f6 in dark mode).
 * @cssprop [--croquet-chat-muted=#4b5563] - Secondary text: times, counts, system notices (#9ca3af in dark mode).
 * @cssprop [--croquet-chat-border=#d1d5db] - Border and divider color (#374151 in dark mode).
 * @cssprop [--croquet-chat-radius=8px] - Corner radius.
 * @cssprop [--croquet-chat-font=system-ui, sans-serif] - Font family.
 * @cssprop [--croquet-chat-spacing=8px] - Base spacing unit for paddings and gaps.
 */
export class CroquetChat extends LitElement {
  static override styles = styles;

  /** The room name. Everyone with the same room name, app id and server is in the same room. Required. */
  @property() session = '';

  /**
   * The room's end-to-end encryption key: the server only sees ciphertext. Everyone in a room must use the
   * same password; a wrong one ends in the error state. The default, `croquet-chat-public`, suits public rooms.
   */
  @property() password = DEFAULT_PASSWORD;

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

  /** Placeholder text of the message input. */
  @property() placeholder = 'Type a message';

  /** Accessible name of the chat region. */
  @property() label = 'Chat';

  /**
   * The site's own id for this person (e.g. its signed-in user's id). Without it, this browser keeps a
   * random id per app id. Tabs with the same id are one person: one name, one entry in `users`.
   * A convenience, not authentication: anyone with the room's password can claim any id.
   */
  @property({ attribute: 'user-id' }) userId = '';

  /** Minutes without posts after which the room's history resets (the tutorial's 20); `0` never resets. A room rule. */
  @property({ attribute: 'inactivity-timeout', type: Number }) inactivityTimeout = DEFAULT_INACTIVITY_MINUTES;

  /** Whether a newcomer alone with a history they had no part in resets it, as in the tutorial. `newcomer-reset="off"` keeps it. A room rule. */
  @property({ attribute: 'newcomer-reset', converter: onOffConverter }) newcomerReset = true;

  /** Who may clear the room: `anyone` (`/reset` or `reset()`), `confirm` (the widget asks first), `none` (`/reset` is posted as text). A room rule. */
  @property({ attribute: 'reset' }) resetRule: ChatResetAttribute = 'anyone';

  /**
   * Options for the root model's init(), over those the room-rule attributes give; part of the room's identity. Meant for tests and tools.
   * @internal
   */
  @property({ attribute: false }) modelOptions?: ChatModelOptions;

  /** The name the page asked for ('' for the remembered or a random one). */
  private requestedNickname = '';

  @query('.log') private logElement?: HTMLElement;
  @query('.input') private inputElement?: HTMLInputElement;

  private readonly chat = new ChatSessionController(this, () => this.connectionOptions(), {
    status: (status, previous) => emit(this, 'croquet-chat-status', { status, previous }),
    messages: (added) => {
      if (added.some((message) => message.own)) this.followLog = true;
      for (const message of added) emit(this, 'croquet-chat-message', { message });
    },
    presence: (participants, users) => emit(this, 'croquet-chat-presence', { participants, users }),
    error: (error) => emit(this, 'croquet-chat-error', { code: error.code, message: error.message }),
  });

  /** Whether the log should stay scrolled to the newest message (false once the reader scrolls up). */
  private followLog = true;

  /** Connection status: `connecting`, `online`, `reconnecting`, `offline` (not in a document) or `error`. Reflected as the `status` attribute. */
  get status(): ChatStatus {
    return this.chat.status;
  }

  /**
   * This person's name in the room. Set it (or the `nickname` attribute) to choose the name, e.g. the
   * page's signed-in user; the room keeps names unique and may add a number. Reads the room's name for
   * this person once online, the requested one before. Without it the room picks a random food name.
   */
  @property()
  get nickname(): string {
    return this.chat.state.nickname || this.requestedNickname;
  }
  set nickname(value: string) {
    const old = this.requestedNickname;
    this.requestedNickname = typeof value === 'string' ? value : '';
    this.chat.rename(this.requestedNickname, false);
    this.requestUpdate('nickname', old);
  }

  /** Number of people in the room (0 until online). */
  get participants(): number {
    return this.chat.state.participants;
  }

  /** The people in the room, in order of arrival. */
  get users(): readonly ChatUser[] {
    return this.chat.state.users;
  }

  /** The shared history, oldest first (at most 100 entries). Frozen plain objects. */
  get messages(): readonly ChatMessage[] {
    return this.chat.state.messages;
  }

  /** In the error state, a sentence saying what went wrong; otherwise ''. */
  get errorMessage(): string {
    return this.chat.error?.message ?? '';
  }

  /** In the error state, a code for what went wrong; otherwise null. */
  get errorCode(): ChatErrorCode | null {
    return this.chat.error?.code ?? null;
  }

  /**
   * Posts `text` to the room as this participant (`/reset` resets the room instead). Does not fire
   * `croquet-chat-send`, which is for the user's own input. Returns false if not online or `text` is blank.
   */
  send(text: string): boolean {
    return this.chat.post(text);
  }

  /** Clears the room's history for everyone, leaving a "Chat reset at user request" notice. Returns false if not online or the `reset` rule is `none`. */
  reset(): boolean {
    return this.chat.reset();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (CONNECTION_PROPERTIES.some((name) => changed.has(name))) this.chat.configurationChanged();
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
  }

  protected override updated(): void {
    const log = this.logElement;
    if (log && this.followLog && log.scrollHeight - log.scrollTop - log.clientHeight > 1) {
      log.scrollTop = log.scrollHeight;
    }
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
      modelOptions: { ...roomRules(this.inactivityTimeout, this.newcomerReset, this.resetRule), ...this.modelOptions },
    };
  }

  private handleLogScroll(): void {
    const log = this.logElement;
    if (!log) return;
    this.followLog = log.scrollHeight - log.scrollTop - log.clientHeight < 16;
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.inputElement;
    if (!input || this.status !== 'online') return;
    const text = input.value;
    if (text.trim() === '') return;
    if (!emit(this, 'croquet-chat-send', { text }, { cancelable: true })) return;
    if (this.chat.post(text)) input.value = '';
  }

  private renderMessage(message: ChatMessage): TemplateResult {
    const time = html`<time part="time" class="time" datetime=${new Date(message.localTime).toISOString()}
      >${formatTime(message.localTime)}</time
    >`;
    if (message.kind === 'presence') {
      return html`<li part="presence-message" class="message system presence"><span part="text" class="text">${message.text}</span>${time}</li>`;
    }
    if (message.kind === 'system') {
      return html`<li part="message system-message" class="message system"><span part="text" class="text">${message.text}</span>${time}</li>`;
    }
    return html`<li part=${message.own ? 'message own-message' : 'message'} class=${message.own ? 'message own' : 'message'}
      ><span part="author" class="author">${message.nickname}</span><span part="text" class="text">${message.text}</span>${time}</li
    >`;
  }

  protected override render(): TemplateResult {
    const { status } = this;
    const { nickname, participants, messages, conversation } = this.chat.state;
    const online = status === 'online';
    return html`
      <section part="base" class="base" aria-label=${this.label}>
        <header part="header" class="header">
          <span part="nickname" class="nickname">${nickname ? `You are ${nickname}` : nothing}</span>
          <span part="participants" class="participants"
            >${online ? `${participants} ${participants === 1 ? 'person' : 'people'} here` : nothing}</span
          >
          <span part="status" class="status" role="status">${STATUS_TEXT[status]}</span>
        </header>
        ${this.chat.error ? html`<p part="error" class="error" role="alert">${this.chat.error.message}</p>` : nothing}
        <div part="log" class="log" role="log" aria-live="polite" aria-label="Messages" tabindex="0" @scroll=${this.handleLogScroll}>
          ${messages.length === 0 ? html`<p part="empty" class="empty">${online ? 'No messages yet.' : ''}</p>` : nothing}
          <ol class="messages">
            ${repeat(conversation, (message) => message.id, (message) => this.renderMessage(message))}
            ${repeat(this.chat.pending, (post) => post.clientId, (post) => html`<li part="pending-message" class="message own pending"
              ><span part="author" class="author">${nickname}</span><span part="text" class="text">${post.text}</span><span part="time" class="time">Sending…</span></li
            >`)}
          </ol>
        </div>
        <form part="form" class="form" @submit=${this.handleSubmit}>
          <input
            part="input"
            class="input"
            name="message"
            aria-label="Message"
            autocomplete="off"
            maxlength="2000"
            placeholder=${this.placeholder}
          />
          <button part="send-button" class="send-button" type="submit" ?disabled=${!online}>Send</button>
        </form>
      </section>
    `;
  }
}
