/**
 * `import 'croquet-chat/jsx-react'` defines `<croquet-chat>` and types it in React 19's JSX, so
 * `<croquet-chat session="lobby" box="/" />` type-checks. For `on*` event props and typed events, use the
 * component from `croquet-chat/react` instead.
 */
import type { DetailedHTMLProps as ReactProps, HTMLAttributes as ReactHTMLAttributes } from 'react';
import type { CroquetChat } from '../croquet-chat.component.js';
import type { CroquetChatAttributes } from './jsx.js';
import '../croquet-chat.js';

declare module 'react' {
  // The frameworks declare JSX as a namespace; augmenting it takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'croquet-chat': ReactProps<ReactHTMLAttributes<CroquetChat>, CroquetChat> & CroquetChatAttributes;
    }
  }
}
