/**
 * `import 'croquet-chat/jsx-solid'` defines `<croquet-chat>` and types it in Solid's JSX, so
 * `<croquet-chat session="lobby" box="/" on:croquet-chat-message={(event) => …} />` type-checks, with
 * every `croquet-chat-*` event typed for Solid's `on:` syntax.
 */
import type { JSX as SolidJSX } from 'solid-js';
import type { CroquetChat } from '../croquet-chat.component.js';
import type { CroquetChatEventMap } from '../events.js';
import type { CroquetChatAttributes } from './jsx.js';
import '../croquet-chat.js';

declare module 'solid-js' {
  // The frameworks declare JSX as a namespace; augmenting it takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'croquet-chat': SolidJSX.HTMLAttributes<CroquetChat> & CroquetChatAttributes;
    }
    // Declaration merging: Solid reads `on:` event types from this interface.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface CustomEvents extends CroquetChatEventMap {}
  }
}
