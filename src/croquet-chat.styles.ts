import { css } from 'lit';

/**
 * Public knobs are `--croquet-chat-*` custom properties (prefixed: they inherit from unknown pages).
 * Each maps once to a private `--_*` variable on :host; the rules below use only the private names.
 * The defaults follow `prefers-color-scheme`; a page that sets a token wins in both schemes.
 */
export default css`
  :host {
    --_accent: var(--croquet-chat-accent, #2563eb);
    --_accent-contrast: #ffffff;
    --_background: var(--croquet-chat-background, #ffffff);
    --_foreground: var(--croquet-chat-foreground, #111827);
    --_muted: var(--croquet-chat-muted, #4b5563);
    --_border: var(--croquet-chat-border, #d1d5db);
    --_radius: var(--croquet-chat-radius, 8px);
    --_font: var(--croquet-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_spacing: var(--croquet-chat-spacing, 8px);
    --_ok: #15803d;
    --_warn: #b45309;
    --_bad: #b91c1c;
    /* Derived colours follow the tokens, so a restyled theme keeps them consistent (and its dark mode). */
    --_surface: color-mix(in srgb, var(--_foreground) 6%, var(--_background));
    --_own: color-mix(in srgb, var(--_accent) 14%, var(--_background));
    --_link: color-mix(in srgb, var(--_accent) 70%, var(--_foreground));
    --_avatar-size: 2rem;

    display: block;
    height: 24rem;
    box-sizing: border-box;
    color-scheme: light dark;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--croquet-chat-accent, #60a5fa);
      --_accent-contrast: #0b1120;
      --_background: var(--croquet-chat-background, #111827);
      --_foreground: var(--croquet-chat-foreground, #f3f4f6);
      --_muted: var(--croquet-chat-muted, #9ca3af);
      --_border: var(--croquet-chat-border, #374151);
      --_ok: #4ade80;
      --_warn: #fbbf24;
      --_bad: #f87171;
    }
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .base {
    container: chat / inline-size;
    position: relative;
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    font-family: var(--_font);
    font-size: 0.9375rem;
    line-height: 1.4;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }

  /* The header and the participant popover under it. */
  .top {
    position: relative;
    z-index: 2;
  }

  .header {
    display: flex;
    flex-wrap: nowrap;
    align-items: center;
    gap: var(--_spacing);
    min-block-size: 3rem;
    padding: calc(var(--_spacing) * 0.75) calc(var(--_spacing) * 1.5);
    border-block-end: 1px solid var(--_border);
    font-size: 0.875em;
    white-space: nowrap;
  }
  .header.renaming {
    flex-wrap: wrap;
  }

  .nickname {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    font-weight: 600;
  }

  .participants {
    flex: none;
    color: var(--_muted);
  }

  .status {
    flex: none;
    margin-inline-start: auto;
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    color: var(--_muted);
  }

  .status::before {
    content: '';
    flex: none;
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: currentColor;
  }

  :host([status='online']) .status::before {
    background: var(--_ok);
  }
  :host([status='connecting']) .status::before,
  :host([status='reconnecting']) .status::before {
    background: var(--_warn);
  }
  :host([status='error']) .status::before {
    background: var(--_bad);
  }

  /* Where space is short the status is its dot (its word stays for screen readers and the tooltip). */
  @container chat (max-width: 360px) {
    .status-text {
      display: inline-block;
      max-inline-size: 0;
      overflow: hidden;
      vertical-align: bottom;
    }
    .header .avatar {
      display: none;
    }
  }

  /* Bars under the header and above the composer share one look: a tinted, rounded note. */
  .error,
  .offline-bar,
  .muted-bar,
  .confirm {
    --_tone: var(--_muted);
    margin: calc(var(--_spacing) * 0.75) var(--_spacing) 0;
    padding: calc(var(--_spacing) * 0.75) var(--_spacing);
    border: 1px solid color-mix(in srgb, var(--_tone) 40%, var(--_background));
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_tone) 10%, var(--_background));
    font-size: 0.875em;
  }
  .error {
    --_tone: var(--_bad);
    color: var(--_bad);
  }
  .offline-bar,
  .muted-bar {
    --_tone: var(--_warn);
  }
  .muted-bar {
    margin-block-end: calc(var(--_spacing) * 0.5);
  }

  .offline-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_spacing) * 0.5) var(--_spacing);
  }

  .pacing {
    margin: 0;
    padding: calc(var(--_spacing) * 0.25) calc(var(--_spacing) * 1.5);
    color: var(--_muted);
    font-size: 0.8125em;
  }

  /* Buttons: quiet by default, the accent for the one that does the thing. */
  .retry,
  .rename button,
  .confirm button,
  .edit-buttons button,
  .new-messages,
  .private-room,
  .copy-invite,
  .invite-close {
    font: inherit;
    font-size: 0.875em;
    font-weight: 500;
    line-height: 1.5;
    color: var(--_foreground);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0.2em 0.9em;
    cursor: pointer;
  }
  .retry:hover,
  .rename button:hover,
  .confirm button:hover,
  .edit-buttons button:hover,
  .private-room:hover,
  .copy-invite:hover,
  .invite-close:hover {
    border-color: var(--_muted);
  }
  [part~='rename-save'],
  [part~='edit-save'],
  .new-messages {
    color: var(--_accent-contrast);
    background: var(--_accent);
    border-color: var(--_accent);
  }

  button:focus-visible,
  .name-input:focus-visible,
  .retry:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  /* Avatars: see ui/avatar.styles.ts. */
  .header .avatar,
  .participant-list .avatar {
    --_avatar-size: 1.75rem;
  }

  /* Header buttons look like the text they replace, until hovered or focused. */
  .nickname,
  .participants {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    border-radius: 999px;
    padding: 0.15em 0.5em;
  }
  button.nickname,
  button.participants {
    cursor: pointer;
  }
  button.nickname:hover,
  button.participants:hover,
  button.participants[aria-expanded='true'] {
    border-color: var(--_border);
    background: var(--_surface);
  }

  .rename {
    display: flex;
    flex: 1 1 auto;
    flex-wrap: wrap;
    gap: calc(var(--_spacing) / 2);
    align-items: center;
    min-inline-size: 0;
  }
  .name-input {
    flex: 1 1 8em;
    min-inline-size: 0;
    font: inherit;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.3em 0.6em;
  }
  .name-input[aria-invalid='true'] {
    border-color: var(--_bad);
  }
  .name-problem {
    flex-basis: 100%;
    margin: 0;
    color: var(--_bad);
    white-space: normal;
  }

  .participant-list {
    position: absolute;
    inset-block-start: calc(100% + 2px);
    inset-inline-end: var(--_spacing);
    display: flex;
    flex-direction: column;
    gap: 2px;
    list-style: none;
    margin: 0;
    padding: calc(var(--_spacing) / 2);
    min-inline-size: min(14rem, calc(100% - 2 * var(--_spacing)));
    max-inline-size: calc(100% - 2 * var(--_spacing));
    max-block-size: 18rem;
    overflow-y: auto;
    font-size: 0.875em;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
  }
  .participant-list li {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.3em 0.5em;
    border-radius: calc(var(--_radius) * 0.75);
  }
  .participant-list li:hover {
    background: var(--_surface);
  }
  .person-name {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .you {
    color: var(--_muted);
    font-size: 0.875em;
  }

  .day {
    display: flex;
    align-items: center;
    gap: var(--_spacing);
    color: var(--_muted);
    font-size: 0.75rem;
    font-weight: 500;
    padding-block: calc(var(--_spacing) / 2);
  }
  .day::before,
  .day::after {
    content: '';
    flex: 1 1 0;
    border-block-start: 1px solid var(--_border);
  }

  .message a {
    color: var(--_link);
    text-decoration-thickness: 1px;
    text-underline-offset: 2px;
  }

  .typing {
    margin: 0;
    min-block-size: 1.4em;
    padding-inline: calc(var(--_spacing) * 1.5);
    color: var(--_muted);
    font-size: 0.8em;
  }

  .new-messages {
    align-self: center;
    margin-block: calc(var(--_spacing) / 2);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }

  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_spacing);
    align-items: center;
    margin-block-end: calc(var(--_spacing) * 0.5);
  }

  /* Marks beside names: verified, moderator, muted, edited. Small, in the secondary colour. */
  .verified {
    margin-inline-start: 0.25em;
    color: var(--_accent);
    font-weight: 600;
  }
  .badge,
  .muted-mark {
    margin-inline-start: 0.4em;
    padding: 0 0.35em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    color: var(--_muted);
    font-size: 0.8em;
  }
  .edited {
    margin-inline-start: 0.4em;
    color: var(--_muted);
    font-size: 0.8em;
  }

  /* A removed post: muted words in place of its text. */
  .removed {
    color: var(--_muted);
    font-style: normal;
  }

  /* The actions button looks like a quiet glyph until hovered, focused or open. */
  .actions-button {
    margin-inline-start: 0.4em;
    padding: 0 0.4em;
    font: inherit;
    line-height: 1.2;
    color: var(--_muted);
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.5);
    cursor: pointer;
    vertical-align: baseline;
  }
  .actions-button:hover,
  .actions-button[aria-expanded='true'] {
    color: var(--_foreground);
    border-color: var(--_border);
  }

  /* The menu sits in the flow under its line, so the log's scrolling never clips it. */
  .actions-menu {
    display: flex;
    flex-direction: column;
    inline-size: max-content;
    max-inline-size: 100%;
    margin-block: calc(var(--_spacing) / 4);
    padding: calc(var(--_spacing) / 4);
    white-space: normal;
    font-style: normal;
    font-size: 0.875rem;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.15);
  }
  .action {
    font: inherit;
    text-align: start;
    color: inherit;
    background: none;
    border: 0;
    border-radius: calc(var(--_radius) * 0.25);
    padding: 0.25em 0.75em;
    cursor: pointer;
  }
  .action:hover,
  .action:focus {
    color: var(--_accent-contrast);
    background: var(--_accent);
  }
  .action:focus-visible {
    outline-offset: -2px;
  }

  /* Editing your own post, in place of its text. */
  .edit-form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_spacing) / 2);
    margin-block: calc(var(--_spacing) / 4);
    white-space: normal;
  }
  /* Text fields in the log and the invite panel share one look. */
  .edit-input,
  .invite-link {
    font: inherit;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.25em 0.4em;
  }
  .edit-input:focus-visible,
  .invite-link:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .edit-input {
    inline-size: 100%;
    resize: vertical;
  }
  .edit-buttons {
    display: flex;
    gap: calc(var(--_spacing) / 2);
  }
  /* notify: the button that asks for permission to notify, a slim row under the header until answered. */
  .notify-button {
    display: flex;
    align-items: center;
    gap: 0.4em;
    inline-size: 100%;
    padding: calc(var(--_spacing) * 0.5) calc(var(--_spacing) * 1.5);
    font: inherit;
    font-size: 0.8125em;
    text-align: start;
    color: var(--_link);
    background: var(--_surface);
    border: 0;
    border-block-end: 1px solid var(--_border);
    cursor: pointer;
  }
  .notify-button:hover {
    text-decoration: underline;
  }
  .notify-button svg {
    flex: none;
    inline-size: 1.15em;
    block-size: 1.15em;
  }

  /* Private rooms (ui/invite-panel.ts): a bar under the participant list (placed under it, as wide as it, by
     the controller) and the invite panel, a popover under the header in the list's place. */
  .top:has(> .invite-bar) > .participant-list {
    border-end-start-radius: 0;
    border-end-end-radius: 0;
  }
  .invite-bar {
    position: absolute;
    inset-inline-end: var(--_spacing);
    padding: calc(var(--_spacing) / 2);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-end-start-radius: var(--_radius);
    border-end-end-radius: var(--_radius);
    box-shadow: 0 12px 24px -8px rgb(0 0 0 / 0.18);
  }
  /* The invite panel's buttons are the quiet buttons above, on the popover's own background. */
  .private-room,
  .invite-close {
    background: var(--_background);
  }
  .private-room {
    display: flex;
    align-items: center;
    gap: 0.4em;
    inline-size: 100%;
    padding: 0.25em 0.9em;
  }
  .private-room svg,
  .invite-close svg {
    flex: none;
    inline-size: 1.1em;
    block-size: 1.1em;
  }
  .invite-panel {
    position: absolute;
    inset-block-start: calc(100% + 2px);
    inset-inline: var(--_spacing);
    display: flex;
    flex-direction: column;
    gap: calc(var(--_spacing) * 0.75);
    padding: var(--_spacing) calc(var(--_spacing) * 1.5);
    font-size: 0.875em;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
  }
  .invite-head,
  .invite-row {
    display: flex;
    align-items: center;
    gap: calc(var(--_spacing) / 2);
  }
  .invite-title {
    flex: auto;
    font-weight: 600;
  }
  .invite-close {
    display: inline-grid;
    place-items: center;
    padding: 0.25em;
  }
  .invite-note {
    margin: 0;
    color: var(--_muted);
  }
  .invite-link {
    flex: auto;
    min-inline-size: 0;
    font-family: ui-monospace, monospace;
    background: var(--_surface);
  }
  .copy-invite {
    flex: none;
    padding: 0.2em 0.9em;
    color: var(--_accent-contrast);
    background: var(--_accent);
    border-color: var(--_accent);
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      scroll-behavior: auto !important;
      transition: none !important;
      animation: none !important;
    }
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  /* Replying: the bar above the composer says to whom, with the start of the original and a way out. */
  .reply-preview {
    display: flex;
    align-items: center;
    gap: var(--_spacing);
    margin: calc(var(--_spacing) * 0.5) var(--_spacing) 0;
    padding: calc(var(--_spacing) * 0.25) calc(var(--_spacing) * 0.5) calc(var(--_spacing) * 0.25) var(--_spacing);
    font-size: 0.8125em;
    background: var(--_surface);
    border-inline-start: 3px solid var(--_accent);
    border-radius: calc(var(--_radius) * 0.5);
  }
  .reply-preview-line {
    flex: 1 1 auto;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .reply-preview-to {
    font-weight: 600;
  }
  .reply-preview-text {
    color: var(--_muted);
    unicode-bidi: isolate;
  }
  .reply-cancel {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 28px;
    block-size: 28px;
    padding: 0;
    color: var(--_muted);
    background: none;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }
  .reply-cancel:hover {
    color: var(--_foreground);
    background: color-mix(in srgb, var(--_foreground) 8%, transparent);
  }
  .reply-cancel svg {
    inline-size: 16px;
    block-size: 16px;
  }
`;
