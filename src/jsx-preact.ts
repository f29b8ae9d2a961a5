/**
 * `import 'croquet-chat/jsx-preact'` defines `<croquet-chat>` and types it in Preact's JSX, so
 * `<croquet-chat session="lobby" box="/" />` type-checks. Events are typed on the element
 * (`ref.current.addEventListener('croquet-chat-message', …)`).
 */
import type { JSX as PreactJSX } from 'preact';
import type { CroquetChat } from './croquet-chat.component.js';
import type { CroquetChatAttributes } from './jsx.js';
import './croquet-chat.js';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'croquet-chat': PreactJSX.HTMLAttributes<CroquetChat> & CroquetChatAttributes;
    }
  }
}
