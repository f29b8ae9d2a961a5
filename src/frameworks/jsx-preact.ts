/**
 * `import 'croquet-chat/jsx-preact'` defines `<croquet-chat>` and types it in Preact's JSX, so
 * `<croquet-chat session="lobby" box="/" />` type-checks. Events are typed on the element
 * (`ref.current.addEventListener('croquet-chat-message', …)`).
 */
import type { JSX as PreactJSX } from 'preact';
import type { CroquetChat } from '../croquet-chat.component.js';
import type { CroquetChatAttributes } from './jsx.js';
import '../croquet-chat.js';

declare module 'preact' {
  // The frameworks declare JSX as a namespace; augmenting it takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'croquet-chat': PreactJSX.HTMLAttributes<CroquetChat> & CroquetChatAttributes;
    }
  }
}
