import { css } from 'lit';

/**
 * The log's styles: the scrolling region, posts in bubbles (the default look) or one line each
 * (`density="compact"`), pending and refused posts, system and presence lines, `/me` lines, the quote above
 * a reply, reactions and their picker, the highlight of a post a quote led to. They use the
 * private `--_*` tokens that croquet-chat.styles.ts maps from the public custom properties.
 */
export default css`
  .log {
    flex: 1 1 auto;
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_spacing) calc(var(--_spacing) * 1.5);
  }

  .log:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }

  /* In the middle of what the day line and your own arrival leave free. */
  .empty {
    margin: auto;
    padding: var(--_spacing);
    text-align: center;
    color: var(--_muted);
  }

  .messages {
    flex: none;
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_spacing) * 0.75);
  }

  .message {
    overflow-wrap: anywhere;
  }
  .text {
    white-space: pre-wrap;
  }

  /* Each piece of a line is its own bidi island: a Latin name next to a Latin post must not merge into
     one left-to-right run inside a right-to-left widget (or an Arabic name into one in a left-to-right one).
     Texts and names also carry dir="auto": each takes its direction from its own first strong character. */
  .author,
  .time,
  .nickname,
  .participant-list li,
  .person-name {
    unicode-bidi: isolate;
  }
  .message .text {
    unicode-bidi: plaintext;
  }

  .author {
    font-weight: 600;
  }

  .time,
  .pending-status {
    color: var(--_muted);
    font-size: 0.75rem;
    white-space: nowrap;
  }

  /* The default look: posts in bubbles, others' at the inline start under avatar and name, your own at the end. */
  .post {
    display: flex;
    align-items: flex-start;
    gap: var(--_spacing);
  }
  .post.continued {
    margin-block-start: calc(var(--_spacing) * -0.5);
  }
  .avatar-gap {
    flex: none;
    inline-size: var(--_avatar-size);
  }
  .post-body {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    min-inline-size: 0;
    max-inline-size: min(85%, 40rem);
  }
  .own .post-body {
    margin-inline-start: auto;
    align-items: flex-end;
  }
  .meta {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
    margin-block-end: 0.15rem;
    padding-inline: 0.25rem;
    font-size: 0.8125em;
  }
  /* Your own name is said to screen readers, not shown above each of your groups. */
  .post.own .meta .author {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  /* The bubble shrinks before its time or actions button would wrap under it; an open menu takes a row of its own. */
  .line {
    display: flex;
    flex-wrap: nowrap;
    align-items: flex-end;
    gap: 0.15rem 0.4rem;
    max-inline-size: 100%;
  }
  .line:has(> .actions-menu),
  .line:has(> .reaction-picker) {
    flex-wrap: wrap;
  }
  .line > .time,
  .line > .actions-button,
  .line > .pending-status {
    flex: none;
  }
  .own .line {
    flex-direction: row-reverse;
  }
  .line .actions-menu {
    flex-basis: 100%;
  }
  .bubble {
    min-inline-size: 0;
    padding: 0.4rem 0.75rem;
    border-radius: 1.1rem;
    background: var(--_surface);
  }
  .own .bubble {
    background: var(--_own);
  }
  /* Consecutive posts of a group hug each other on the author's side. */
  .post:not(.own):has(+ .continued) .bubble {
    border-end-start-radius: 0.35rem;
  }
  .post:not(.own).continued .bubble {
    border-start-start-radius: 0.35rem;
  }
  .post.own:has(+ .continued) .bubble {
    border-end-end-radius: 0.35rem;
  }
  .post.own.continued .bubble {
    border-start-end-radius: 0.35rem;
  }
  /* A later post's own time shows on hover and focus (still read by screen readers). */
  .line > .time {
    opacity: 0;
    transition: opacity 120ms;
  }
  .post:hover .line > .time,
  .post:focus-within .line > .time {
    opacity: 1;
  }
  @media (hover: hover) {
    .post .actions-button:not([aria-expanded='true']) {
      opacity: 0;
    }
    .post:hover .actions-button,
    .post:focus-within .actions-button {
      opacity: 1;
    }
  }
  .bubble .edit-form {
    min-inline-size: min(20rem, 60vw);
  }

  /* A post the room refused: outlined in the error colour, "Not sent" and its buttons under it. */
  .failed .bubble {
    background: transparent;
    outline: 1px solid var(--_bad);
    outline-offset: -1px;
  }
  .failed-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 0.4em;
    margin-block-start: 0.25rem;
  }
  .failed-status {
    color: var(--_bad);
    font-size: 0.75rem;
    font-weight: 500;
  }
  :host([density='compact']) .failed-status {
    margin-inline: 0.5em;
  }

  /* A post waiting in the outbox: dimmed, outlined, with a clock and "Sending…". */
  .pending .bubble {
    opacity: 0.75;
    background: transparent;
    outline: 1px dashed var(--_border);
    outline-offset: -1px;
  }
  .pending-status {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
  }
  .clock {
    position: relative;
    inline-size: 0.85em;
    block-size: 0.85em;
    border: 1.5px solid currentColor;
    border-radius: 50%;
  }
  .clock::before,
  .clock::after {
    content: '';
    position: absolute;
    inset-inline-start: calc(50% - 0.75px);
    inset-block-end: 50%;
    inline-size: 1.5px;
    block-size: 32%;
    background: currentColor;
    transform-origin: 50% 100%;
  }
  .clock::after {
    block-size: 26%;
    transform: rotate(90deg);
  }

  /* System and presence lines: small, muted, upright (scripts such as Arabic have no italic), centred. */
  .system {
    align-self: center;
    max-inline-size: 90%;
    text-align: center;
    color: var(--_muted);
    font-size: 0.8125em;
  }
  .system .time {
    margin-inline-start: 0.5em;
  }
  .me {
    padding-inline-start: calc(var(--_avatar-size) + var(--_spacing));
  }
  .me.own {
    align-self: flex-end;
    padding-inline-start: 0;
  }
  .me .time {
    margin-inline-start: 0.5em;
  }

  /* density="compact": one line per post, as a log ("Alice: hi 14:02"). */
  :host([density='compact']) .message:not(.system) {
    white-space: pre-wrap;
  }
  :host([density='compact']) .messages {
    gap: calc(var(--_spacing) / 2);
  }
  :host([density='compact']) .author {
    margin-inline-end: 0.4em;
  }
  :host([density='compact']) .author::after {
    content: ':';
  }
  :host([density='compact']) .own .author {
    color: var(--_accent);
  }
  :host([density='compact']) .message > .time,
  :host([density='compact']) .pending-status {
    margin-inline-start: 0.5em;
  }
  :host([density='compact']) .system {
    align-self: flex-start;
    text-align: start;
    max-inline-size: none;
  }
  :host([density='compact']) .continued {
    margin-block-start: calc(var(--_spacing) / -2);
  }
  :host([density='compact']) .pending .text {
    opacity: 0.75;
  }
  :host([density='compact']) .me {
    padding-inline-start: 0;
  }
  :host([density='compact']) .me.own {
    align-self: auto;
  }

  /* The quote above a reply: the original's author and the start of its text, on one line. */
  .reply-quote {
    display: flex;
    align-items: baseline;
    gap: 0.4em;
    inline-size: fit-content;
    max-inline-size: 100%;
    margin-block-end: 0.2rem;
    padding: 0.1rem 0.5rem;
    font: inherit;
    font-size: 0.8125em;
    line-height: 1.4;
    text-align: start;
    white-space: nowrap;
    color: var(--_foreground);
    background: color-mix(in srgb, var(--_foreground) 7%, transparent);
    border: 0;
    border-inline-start: 3px solid var(--_accent);
    border-radius: 0.35rem;
  }
  button.reply-quote {
    cursor: pointer;
  }
  button.reply-quote:hover {
    background: color-mix(in srgb, var(--_foreground) 12%, transparent);
  }
  .quote-author {
    flex: none;
    max-inline-size: 45%;
    overflow: hidden;
    text-overflow: ellipsis;
    font-weight: 600;
    unicode-bidi: isolate;
  }
  .quote-text {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    unicode-bidi: isolate;
  }
  .reply-quote.missing {
    color: var(--_muted);
    border-inline-start-color: var(--_border);
  }
  .me .reply-quote {
    margin-block-end: 0.15rem;
  }

  /* Reactions under a post: one pill per emoji with its count, yours in the accent. */
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin-block-start: 0.2rem;
    white-space: normal;
  }
  .reaction {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.05rem 0.5rem;
    font: inherit;
    font-size: 0.8125rem;
    line-height: 1.5;
    color: var(--_foreground);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  .reaction:hover:not(:disabled) {
    border-color: var(--_accent);
  }
  .reaction[aria-pressed='true'] {
    background: var(--_own);
    border-color: var(--_accent);
  }
  .reaction:disabled {
    cursor: default;
  }
  .reaction-count {
    font-variant-numeric: tabular-nums;
  }
  :host([density='compact']) .reactions {
    margin-block-start: 0.15rem;
  }

  /* The quick reaction picker, in the flow beside (or under) the post's actions button. */
  .line > .reaction-picker {
    flex: none;
  }
  .reaction-picker {
    display: flex;
    flex-wrap: wrap;
    gap: 0.1rem;
    inline-size: max-content;
    max-inline-size: 100%;
    margin-block: calc(var(--_spacing) / 4);
    padding: 0.15rem;
    white-space: normal;
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: 999px;
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.15);
  }
  .reaction-choice {
    inline-size: 2rem;
    block-size: 2rem;
    padding: 0;
    font: inherit;
    font-size: 1.1rem;
    line-height: 1;
    background: none;
    border: 0;
    border-radius: 50%;
    cursor: pointer;
  }
  .reaction-choice:hover,
  .reaction-choice:focus {
    background: var(--_surface);
  }
  .reaction-choice[aria-checked='true'] {
    background: var(--_own);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .reaction-choice:focus-visible {
    outline-offset: 0;
  }

  /* Mentions: the name in the link colour; this reader's own name on an accent tint, bold. A post that
     mentions the reader gets a thin accent ring, thick at its inline start (a ring, so the thick side
     reads as the bubble's edge where it follows the round corners, not as a loose crescent). */
  .mention {
    color: var(--_link);
    font-weight: 600;
  }
  .mention.self {
    padding-inline: 0.15em;
    color: var(--_foreground);
    background: color-mix(in srgb, var(--_accent) 24%, var(--_background));
    border-radius: 0.25em;
    font-weight: 700;
  }
  .post[part~='mentioned'] .bubble {
    box-shadow:
      inset 3px 0 0 var(--_accent),
      inset 0 0 0 1px color-mix(in srgb, var(--_accent) 45%, transparent);
  }
  .post[part~='mentioned'] .bubble:dir(rtl) {
    box-shadow:
      inset -3px 0 0 var(--_accent),
      inset 0 0 0 1px color-mix(in srgb, var(--_accent) 45%, transparent);
  }
  :host([density='compact']) .message[part~='mentioned'],
  .me[part~='mentioned'] .me-line {
    border-inline-start: 3px solid var(--_accent);
    padding-inline-start: 0.4em;
  }

  /* A post a quote led to: tinted for a moment, then fading back (at once under reduced motion). */
  .message {
    border-radius: var(--_radius);
    transition:
      background-color 800ms ease-out,
      box-shadow 800ms ease-out;
  }
  .message.highlighted {
    background-color: color-mix(in srgb, var(--_accent) 16%, transparent);
    box-shadow: 0 0 0 calc(var(--_spacing) / 2) color-mix(in srgb, var(--_accent) 16%, transparent);
  }
  .message[tabindex='-1']:focus {
    outline: none;
  }
  .message[tabindex='-1']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: calc(var(--_spacing) / 2);
  }

`;
