import { css } from 'lit';

/**
 * The composer's look. Colors come from the private `--_*` variables `<croquet-chat>` sets on its host
 * (custom properties inherit into this shadow root), with the same defaults when used alone.
 * Logical properties only (inline/block), so the layout mirrors itself in RTL.
 */
export default css`
  :host {
    display: block;
    --_lines: 5; /* the textarea grows to this many lines, then scrolls */
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

  .row {
    display: flex;
    align-items: flex-end;
    gap: var(--_spacing, 8px);
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
    min-block-size: calc(1.4em + 2 * calc(var(--_spacing, 8px) * 0.75) + 2px);
    max-block-size: calc(var(--_lines) * 1.4em + 2 * calc(var(--_spacing, 8px) * 0.75) + 2px);
    color: var(--_foreground, #111827);
    background: var(--_background, #ffffff);
    border: 1px solid var(--_border, #d1d5db);
    border-radius: calc(var(--_radius, 8px) * 0.75);
    padding-block: calc(var(--_spacing, 8px) * 0.75);
    padding-inline: var(--_spacing, 8px);
    text-align: start;
    overflow-wrap: anywhere;
  }

  .input:focus-visible,
  .send-button:focus-visible {
    outline: 2px solid var(--_accent, #2563eb);
    outline-offset: 1px;
  }

  .send-button {
    flex: none;
    font: inherit;
    font-weight: 600;
    color: var(--_accent-contrast, #ffffff);
    background: var(--_accent, #2563eb);
    border: 1px solid var(--_accent, #2563eb);
    border-radius: calc(var(--_radius, 8px) * 0.75);
    padding-block: calc(var(--_spacing, 8px) * 0.75);
    padding-inline: calc(var(--_spacing, 8px) * 1.5);
    cursor: pointer;
  }

  .send-button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .notes {
    display: flex;
    gap: var(--_spacing, 8px);
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

  /* Slides rather than fades: text mid-fade has too little contrast for the moment it is checked or read. */
  @keyframes appear {
    from {
      transform: translateY(0.25em);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .counter,
    .reason {
      animation: none;
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
