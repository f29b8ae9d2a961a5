import { css } from 'lit';

/**
 * Launcher mode: the round button in the inline-end bottom corner of the viewport and the panel above it
 * (the whole screen up to 480 px wide). Logical properties mirror both under `dir="rtl"`. Only elements
 * that exist in launcher mode are styled here, so inline mode looks exactly as before.
 */
export default css`
  :host([mode='launcher']) {
    --_launcher-size: var(--croquet-chat-launcher-size, 56px);
    --_launcher-inset: var(--croquet-chat-launcher-inset, 16px);
    --_launcher-layer: var(--croquet-chat-launcher-z-index, 1000);
    --_panel-width: var(--croquet-chat-panel-width, 380px);
    --_panel-height: var(--croquet-chat-panel-height, 600px);

    /* The button and the panel are fixed to the viewport: the element takes no room in the page. */
    height: auto;
  }

  .launcher {
    position: fixed;
    inset-inline-end: var(--_launcher-inset);
    inset-block-end: var(--_launcher-inset);
    z-index: var(--_launcher-layer);
    display: grid;
    place-items: center;
    inline-size: var(--_launcher-size);
    block-size: var(--_launcher-size);
    padding: 0;
    border: 0;
    border-radius: 50%;
    color: var(--_accent-contrast);
    background: var(--_accent);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.25);
    cursor: pointer;
  }
  .launcher:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 3px;
  }
  .launcher-icon {
    inline-size: 50%;
    block-size: 50%;
  }

  /* The same colours in both schemes: white on dark red reads well on any accent. */
  .launcher-badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 1.375rem;
    block-size: 1.375rem;
    padding-inline: 0.3rem;
    border: 2px solid #ffffff;
    border-radius: 0.6875rem;
    color: #ffffff;
    background: #b91c1c;
    font: 600 0.75rem/1.125rem var(--_font);
    text-align: center;
  }
  .launcher-badge[hidden] {
    display: none;
  }

  .launcher-panel {
    position: fixed;
    inset-inline-end: var(--_launcher-inset);
    inset-block-end: calc(var(--_launcher-inset) * 2 + var(--_launcher-size));
    z-index: var(--_launcher-layer);
    inline-size: min(var(--_panel-width), calc(100vw - var(--_launcher-inset) * 2));
    block-size: min(var(--_panel-height), calc(100dvh - var(--_launcher-inset) * 3 - var(--_launcher-size)));
    border-radius: var(--_radius);
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.22);
    animation: launcher-panel-in 160ms ease-out;
  }
  .launcher-panel[hidden] {
    display: none;
  }

  /* Fades only: the panel's box is where it will be from the first frame. */
  @keyframes launcher-panel-in {
    from {
      opacity: 0;
    }
  }

  .launcher-close {
    position: absolute;
    inset-block-start: calc(var(--_spacing) / 2);
    inset-inline-end: calc(var(--_spacing) / 2);
    z-index: 1;
    display: grid;
    place-items: center;
    inline-size: 1.75rem;
    block-size: 1.75rem;
    padding: 0;
    color: var(--_muted);
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.5);
    cursor: pointer;
  }
  .launcher-close:hover {
    color: var(--_foreground);
    border-color: var(--_border);
  }
  .launcher-close svg {
    inline-size: 1rem;
    block-size: 1rem;
  }

  /* The header's last item (the status) keeps clear of the close button. */
  .launcher-panel .header {
    padding-inline-end: calc(1.75rem + var(--_spacing));
  }

  @media (max-width: 480px) {
    .launcher-panel {
      inset: 0;
      inline-size: auto;
      block-size: auto;
      border-radius: 0;
      box-shadow: none;
    }
    .launcher-panel .base {
      border: 0;
      border-radius: 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .launcher-panel {
      animation: none;
    }
  }
`;
