import { css } from 'lit';

/**
 * Avatars: initials on the person's hue (`--_hue`, set per avatar by avatar.ts), at a lightness that
 * keeps them AA in either scheme. Shared by the element and the composer (its own shadow root); each
 * sets `--_avatar-size` where it wants them smaller.
 */
export default css`
  .avatar {
    flex: none;
    display: inline-grid;
    place-items: center;
    inline-size: var(--_avatar-size, 2rem);
    block-size: var(--_avatar-size, 2rem);
    border-radius: 50%;
    font-size: calc(var(--_avatar-size, 2rem) * 0.4);
    font-weight: 600;
    line-height: 1;
    letter-spacing: 0.02em;
    color: #ffffff;
    background: oklch(0.5 0.12 var(--_hue, 250));
    user-select: none;
  }
  @media (prefers-color-scheme: dark) {
    .avatar {
      color: #111827;
      background: oklch(0.8 0.1 var(--_hue, 250));
    }
  }
`;
