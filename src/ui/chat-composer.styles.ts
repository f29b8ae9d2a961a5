import { css } from 'lit';

/**
 * The composer's look. Colors come from the private `--_*` variables `<croquet-chat>` sets on its host
 * (custom properties inherit into this shadow root, and follow the light or dark scheme there), with the
 * light defaults when used alone. Logical properties only (inline/block), so the layout mirrors in RTL.
 *
 * One rounded field holds the textarea and the send button. The button is a solid accent fill whenever it
 * can send (white on #2563eb is 5.2:1, #0b1120 on #60a5fa 7.5:1); when it cannot, it turns into a neutral
 * outline with a not-allowed cursor, and the reason or the counter beneath says why.
 */
export default css`
  :host {
    display: block;
    --_lines: 5; /* the textarea grows to this many lines, then scrolls */
    --_pad: calc(var(--_spacing, 8px) * 0.75); /* the textarea's block padding */
    --_field: color-mix(in srgb, var(--_foreground, #111827) 4%, var(--_background, #ffffff));
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_spacing, 8px) / 2);
    padding: var(--_spacing, 8px);
    border-block-start: 1px solid var(--_border, #d1d5db);
  }

  .field {
    display: flex;
    align-items: flex-end;
    gap: calc(var(--_spacing, 8px) / 2);
    padding: calc(var(--_spacing, 8px) / 2);
    padding-inline-start: calc(var(--_spacing, 8px) * 0.75);
    background: var(--_field);
    border: 1px solid var(--_border, #d1d5db);
    border-radius: calc(var(--_radius, 8px) * 2.5);
    transition: border-color 120ms ease-out;
  }

  .field:has(.input:focus-visible) {
    border-color: var(--_accent, #2563eb);
    outline: 2px solid var(--_accent, #2563eb);
    outline-offset: -1px;
  }

  .field.too-long {
    border-color: var(--_bad, #b91c1c);
  }

  .input {
    flex: 1 1 auto;
    min-inline-size: 0;
    resize: none;
    overflow-y: auto;
    margin: 0;
    font: inherit;
    line-height: 1.4;
    /* One line to start; the script sets the height in between. */
    min-block-size: calc(1.4em + 2 * var(--_pad));
    max-block-size: calc(var(--_lines) * 1.4em + 2 * var(--_pad));
    color: var(--_foreground, #111827);
    background: transparent;
    border: 0;
    outline: none; /* the field around it shows focus */
    padding-block: var(--_pad);
    padding-inline: calc(var(--_spacing, 8px) / 4);
    text-align: start;
    overflow-wrap: anywhere;
  }

  .input::placeholder {
    color: var(--_muted, #4b5563);
    opacity: 1;
  }

  .send-button {
    flex: none;
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-block-size: calc(1.4em + 2 * var(--_pad) - 2px);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    color: var(--_accent-contrast, #ffffff);
    background: var(--_accent, #2563eb);
    border: 1px solid var(--_accent, #2563eb);
    border-radius: calc(var(--_radius, 8px) * 2);
    padding-block: calc(var(--_spacing, 8px) / 4);
    padding-inline: var(--_spacing, 8px) calc(var(--_spacing, 8px) * 1.5);
    cursor: pointer;
    /* Only the hover glow eases: a colour change (a scheme switch) is never caught half-way at low contrast. */
    transition: filter 120ms ease-out;
  }

  .send-button:hover:not(:disabled) {
    filter: brightness(1.08) saturate(1.1);
  }

  .send-button:active:not(:disabled) {
    filter: brightness(0.92);
  }

  .send-button:focus-visible,
  .help-close:focus-visible {
    outline: 2px solid var(--_accent, #2563eb);
    outline-offset: 2px;
  }

  /* Not a paler accent: a neutral outline, another cursor, and the reason or counter beneath. */
  .send-button:disabled {
    color: var(--_muted, #4b5563);
    background: transparent;
    border-color: var(--_border, #d1d5db);
    border-style: dashed;
    cursor: not-allowed;
  }

  .send-icon {
    inline-size: 1.15em;
    block-size: 1.15em;
    flex: none;
  }

  /* The plane flies toward the end of the line. */
  .send-icon:dir(rtl) {
    transform: scaleX(-1);
  }

  .notes {
    display: flex;
    gap: var(--_spacing, 8px);
    padding-inline: calc(var(--_spacing, 8px) * 0.75);
    font-size: 0.8em;
    color: var(--_muted, #4b5563);
  }

  .notes:empty {
    display: none;
  }

  .counter {
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
    animation: appear 150ms ease-out;
  }

  .counter.exhausted {
    color: var(--_bad, #b91c1c);
    font-weight: 600;
  }

  .reason {
    animation: appear 150ms ease-out;
  }

  /* The "@" suggestions: a list over the bottom of the log, just above the field. */
  .form {
    position: relative;
  }

  .mention-list {
    position: absolute;
    inset-inline: var(--_spacing, 8px);
    inset-block-end: calc(100% - var(--_spacing, 8px) / 2);
    z-index: 1;
    max-block-size: 15rem;
    overflow-y: auto;
    margin: 0;
    padding: calc(var(--_spacing, 8px) / 2);
    list-style: none;
    color: var(--_foreground, #111827);
    background: var(--_background, #ffffff);
    border: 1px solid var(--_border, #d1d5db);
    border-radius: var(--_radius, 8px);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }

  .mention-option {
    display: flex;
    align-items: center;
    gap: var(--_spacing, 8px);
    padding: calc(var(--_spacing, 8px) / 2) var(--_spacing, 8px);
    border-radius: calc(var(--_radius, 8px) * 0.75);
    cursor: pointer;
  }

  .mention-option:hover {
    background: color-mix(in srgb, var(--_foreground, #111827) 6%, transparent);
  }

  .mention-option.active {
    background: color-mix(in srgb, var(--_accent, #2563eb) 14%, var(--_background, #ffffff));
    box-shadow: inset 3px 0 0 var(--_accent, #2563eb);
  }

  .mention-option.active:dir(rtl) {
    box-shadow: inset -3px 0 0 var(--_accent, #2563eb);
  }

  .mention-name {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }

  /* Those here have a green dot; those only remembered, none. */
  .presence-dot {
    flex: none;
    inline-size: 0.5rem;
    block-size: 0.5rem;
    border-radius: 50%;
    background: var(--_ok, #15803d);
  }

  .presence-dot.away {
    visibility: hidden;
  }

  /* The avatars of the mention list (ui/avatar.styles.ts), a little smaller. */
  .mention-option .avatar {
    --_avatar-size: 1.5rem;
  }

  .help {
    padding: var(--_spacing, 8px) calc(var(--_spacing, 8px) * 1.5);
    padding-inline-end: calc(var(--_spacing, 8px) / 2);
    color: var(--_foreground, #111827);
    background: var(--_field);
    border: 1px solid var(--_border, #d1d5db);
    border-radius: var(--_radius, 8px);
    font-size: 0.875em;
    animation: appear 150ms ease-out;
  }

  .help:focus-visible {
    outline: 2px solid var(--_accent, #2563eb);
    outline-offset: -1px;
  }

  .help-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_spacing, 8px);
  }

  .help-title {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }

  .help-close {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 28px;
    block-size: 28px;
    padding: 0;
    color: var(--_muted, #4b5563);
    background: transparent;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }

  .help-close:hover {
    color: var(--_foreground, #111827);
    background: color-mix(in srgb, var(--_foreground, #111827) 8%, transparent);
  }

  .help-close svg {
    inline-size: 16px;
    block-size: 16px;
  }

  .commands {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_spacing, 8px) / 4) calc(var(--_spacing, 8px) * 1.5);
    margin: calc(var(--_spacing, 8px) / 2) 0 0;
    padding-inline-end: var(--_spacing, 8px);
  }

  .commands dt,
  .commands dd {
    margin: 0;
  }

  .commands code {
    font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-size: 0.95em;
  }

  .commands dd {
    color: var(--_muted, #4b5563);
  }

  /* Slides rather than fades: text mid-fade has too little contrast for the moment it is checked or read. */
  @keyframes appear {
    from {
      transform: translateY(0.25em);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .counter,
    .reason,
    .help {
      animation: none;
    }

    .field,
    .send-button {
      transition: none;
    }
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
