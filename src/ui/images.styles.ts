import { css } from 'lit';

/**
 * Images: the attach button (slotted into the composer's field), the upload notes above the composer,
 * the drop target over the widget, thumbnails in posts and the viewer dialog. They use the private
 * `--_*` tokens that croquet-chat.styles.ts maps from the public custom properties.
 */
export default css`
  /* In the composer's field, beside the textarea, as tall as the send button. */
  .attach-button {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: calc(1.4em + 2 * var(--_pad, 6px) - 2px);
    block-size: calc(1.4em + 2 * var(--_pad, 6px) - 2px);
    padding: 0;
    color: var(--_muted);
    background: none;
    border: 1px solid transparent;
    border-radius: 50%;
    cursor: pointer;
  }
  .attach-button:hover:not(:disabled) {
    color: var(--_foreground);
    background: color-mix(in srgb, var(--_foreground) 8%, transparent);
  }
  .attach-button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .attach-button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .attach-button svg {
    inline-size: 1.35em;
    block-size: 1.35em;
  }

  /* Above the composer: "Sending image… cat.png", or why a file was not sent. */
  .upload-status,
  .upload-problem {
    display: flex;
    align-items: center;
    gap: 0.4em;
    margin: calc(var(--_spacing) * 0.5) var(--_spacing) 0;
    font-size: 0.8125em;
  }
  .upload-status {
    color: var(--_muted);
  }
  .upload-problem {
    color: var(--_bad);
  }
  .upload-text {
    flex: 1 1 auto;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .file-name {
    font-weight: 600;
  }
  .upload-spinner {
    flex: none;
    inline-size: 0.9em;
    block-size: 0.9em;
    border: 2px solid currentColor;
    border-block-start-color: transparent;
    border-radius: 50%;
    animation: croquet-chat-spin 900ms linear infinite;
  }
  @keyframes croquet-chat-spin {
    to {
      transform: rotate(1turn);
    }
  }
  .upload-dismiss {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: 24px;
    block-size: 24px;
    margin-inline-start: auto;
    padding: 0;
    color: inherit;
    background: none;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }
  .upload-dismiss svg {
    inline-size: 14px;
    block-size: 14px;
  }

  /* Over the whole widget while files are dragged over it; the drop lands on what is under it. */
  .drop-target {
    position: absolute;
    inset: 0;
    z-index: 5;
    display: grid;
    place-items: center;
    padding: var(--_spacing);
    pointer-events: none;
    background: color-mix(in srgb, var(--_background) 75%, transparent);
    border: 2px dashed var(--_accent);
    border-radius: inherit;
  }
  /* The words on a solid pill: the conversation shows through around them. */
  .drop-target > span {
    padding: 0.5em 1em;
    font-weight: 600;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_accent);
    border-radius: 999px;
  }

  /* A thumbnail: sized before its bytes arrive (width from the image, height from its aspect ratio). */
  .post-image {
    display: grid;
    place-items: center;
    inline-size: var(--_thumb-width);
    max-inline-size: 100%;
    overflow: hidden;
    margin-block: 0.2rem;
    padding: 0;
    font: inherit;
    font-size: 0.8125em;
    color: var(--_muted);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.25);
    cursor: zoom-in;
    white-space: normal;
  }
  .post-image img {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  .post-image.loading,
  .post-image.unavailable {
    align-content: center;
    gap: 0.2em;
    padding: 0.5em;
    text-align: center;
  }
  .post-image.unavailable {
    cursor: pointer;
  }
  .post-image .image-note {
    font-weight: 600;
  }
  .post-image:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* In a bubble: inset 0.4rem from its edges on every side it touches, corners that follow the bubble's
     (1.1rem less the inset), and the picture sets the bubble's width: a caption wraps under it instead
     of widening the bubble beside it. */
  .bubble .post-image {
    margin-inline: -0.35rem;
    max-inline-size: calc(100% + 0.7rem);
    border-radius: 0.7rem;
  }
  .bubble > .post-image:first-child {
    margin-block-start: 0;
  }
  .bubble > .post-image:has(+ .text:empty) {
    margin-block-end: 0;
  }
  .bubble:has(> .post-image) {
    inline-size: min-content;
  }
  :host([density='compact']) .post-image {
    margin-block: 0.25rem;
  }
  :host([density='compact']) .pending .post-image {
    opacity: 0.75;
  }

  /* The viewer: the image as large as the window allows, on a dark backdrop. */
  .image-viewer {
    display: flex;
    flex-direction: column;
    gap: var(--_spacing);
    max-inline-size: min(96vw, 1600px);
    max-block-size: 96vh;
    padding: var(--_spacing) calc(var(--_spacing) * 1.5) calc(var(--_spacing) * 1.5);
    font-family: var(--_font);
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .image-viewer:not([open]) {
    display: none;
  }
  .image-viewer::backdrop {
    background: rgb(0 0 0 / 0.75);
  }
  .viewer-bar {
    display: flex;
    justify-content: flex-end;
    align-items: center;
    gap: var(--_spacing);
  }
  .viewer-button {
    padding: 0.2em 0.8em;
    font: inherit;
    color: var(--_foreground);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    cursor: pointer;
  }
  .viewer-close {
    display: inline-grid;
    place-items: center;
    inline-size: 32px;
    block-size: 32px;
    padding: 0;
    color: var(--_foreground);
    background: none;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }
  .viewer-close svg {
    inline-size: 18px;
    block-size: 18px;
  }
  .viewer-close:hover,
  .viewer-button:hover {
    background: color-mix(in srgb, var(--_foreground) 10%, var(--_background));
  }
  .viewer-close:focus-visible,
  .viewer-button:focus-visible,
  .alt-input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .viewer-image {
    display: grid;
    place-items: center;
    min-block-size: 0;
  }
  .viewer-image img {
    display: block;
    max-inline-size: 100%;
    max-block-size: calc(96vh - 8rem);
    inline-size: auto;
    block-size: auto;
    object-fit: contain;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .viewer-image .image-note {
    margin: 2rem;
    color: var(--_muted);
  }
  .viewer-alt {
    margin: 0;
    max-inline-size: 60ch;
    font-size: 0.875em;
    color: var(--_muted);
    unicode-bidi: plaintext;
  }
  .alt-form {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_spacing) * 0.5) var(--_spacing);
  }
  .alt-label {
    font-weight: 600;
  }
  .alt-input {
    flex: 1 1 16rem;
    min-inline-size: 0;
    padding: 0.3em 0.5em;
    font: inherit;
    color: var(--_foreground);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
  }
  .alt-hint {
    flex-basis: 100%;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .alt-buttons {
    display: flex;
    gap: calc(var(--_spacing) * 0.5);
  }
`;
