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

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_spacing) / 2) var(--_spacing);
    padding: var(--_spacing) calc(var(--_spacing) * 1.5);
    border-block-end: 1px solid var(--_border);
    font-size: 0.875em;
  }

  .nickname {
    font-weight: 600;
  }

  .participants {
    color: var(--_muted);
  }

  .status {
    margin-inline-start: auto;
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    color: var(--_muted);
  }

  .status::before {
    content: '';
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

  .error {
    margin: 0;
    padding: var(--_spacing) calc(var(--_spacing) * 1.5);
    border-block-end: 1px solid var(--_border);
    color: var(--_bad);
    font-size: 0.875em;
  }

  .offline-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_spacing) * 0.5) var(--_spacing);
    padding: calc(var(--_spacing) * 0.5) calc(var(--_spacing) * 1.5);
    border-block-end: 1px solid var(--_border);
    font-size: 0.875em;
  }

  .pacing {
    margin: 0;
    padding: calc(var(--_spacing) * 0.25) calc(var(--_spacing) * 1.5);
    color: var(--_muted);
    font-size: 0.8125em;
  }

  .retry {
    font: inherit;
    padding: 0.25em 0.75em;
    border: 1px solid currentColor;
    border-radius: calc(var(--_radius) * 0.5);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }

  .retry:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .log {
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_spacing) calc(var(--_spacing) * 1.5);
  }

  .log:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }

  .empty {
    margin: 0;
    color: var(--_muted);
  }

  .messages {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_spacing) / 2);
  }

  .message {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }

  /* Each piece of a line is its own bidi island: a Latin name next to a Latin post must not merge into
     one left-to-right run inside a right-to-left widget (or an Arabic name into one in a left-to-right one).
     Post text takes its direction from its own first strong character. */
  .author,
  .time,
  .nickname,
  .participant-list li {
    unicode-bidi: isolate;
  }
  .message .text {
    unicode-bidi: plaintext;
  }

  .author {
    font-weight: 600;
    margin-inline-end: 0.4em;
  }

  .author::after {
    content: ':';
  }

  .own .author {
    color: var(--_accent);
  }

  .time {
    margin-inline-start: 0.5em;
    color: var(--_muted);
    font-size: 0.8em;
    white-space: nowrap;
  }

  .system {
    color: var(--_muted);
    font-style: italic;
  }

  /* Header buttons look like the text they replace, until hovered or focused. */
  .nickname,
  .participants {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0 0.25em;
  }
  button.nickname,
  button.participants {
    cursor: pointer;
  }
  button.nickname:hover,
  button.participants:hover,
  button.participants[aria-expanded='true'] {
    border-color: var(--_border);
  }

  button:focus-visible,
  .name-input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }

  .rename {
    display: flex;
    gap: calc(var(--_spacing) / 2);
    align-items: center;
  }
  .rename button,
  .confirm button,
  .new-messages {
    font: inherit;
    font-size: 0.875em;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.1em 0.6em;
    cursor: pointer;
  }
  .name-input {
    font: inherit;
    inline-size: 12em;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.1em 0.4em;
  }

  .participant-list {
    list-style: none;
    margin: 0;
    padding: calc(var(--_spacing) / 2) calc(var(--_spacing) * 1.5);
    border-block-end: 1px solid var(--_border);
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_spacing) / 2) var(--_spacing);
    max-block-size: 30%;
    overflow-y: auto;
  }
  .you {
    color: var(--_muted);
  }

  .day {
    align-self: center;
    color: var(--_muted);
    font-size: 0.8em;
    padding-block: calc(var(--_spacing) / 2);
  }

  .continued {
    margin-block-start: calc(var(--_spacing) / -2);
  }

  /* Pending posts stay readable (contrast) and differ by shape, not by fading. */
  .pending .text {
    font-style: italic;
  }

  .message a {
    color: var(--_accent);
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
    color: var(--_accent-contrast);
    background: var(--_accent);
    border-color: var(--_accent);
  }

  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_spacing);
    align-items: center;
    padding: var(--_spacing) calc(var(--_spacing) * 1.5);
    border-block-start: 1px solid var(--_border);
  }

  /* Marks beside names: verified, moderator, muted, edited. Small, in the secondary colour. */
  .verified {
    margin-inline-start: 0.25em;
    color: var(--_accent);
    font-weight: 600;
  }
  .person-name {
    unicode-bidi: isolate;
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

  /* A removed post: muted words in place of its text, upright (italic is for pending posts and notices). */
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
  .edit-input {
    font: inherit;
    inline-size: 100%;
    resize: vertical;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.25em 0.4em;
  }
  .edit-input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .edit-buttons {
    display: flex;
    gap: calc(var(--_spacing) / 2);
  }
  .edit-buttons button {
    font: inherit;
    font-size: 0.875em;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.1em 0.6em;
    cursor: pointer;
  }

  /* Muted or banned: said above the composer, which stays disabled meanwhile. */
  .muted-bar {
    margin: 0;
    padding: calc(var(--_spacing) / 2) calc(var(--_spacing) * 1.5);
    border-block-start: 1px solid var(--_border);
    border-inline-start: 3px solid var(--_warn);
    font-size: 0.875em;
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
`;
