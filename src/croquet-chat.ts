/**
 * The side-effect entry point: importing this module defines `<croquet-chat>` (once).
 * Import `croquet-chat` (index.js) instead to get the class without registering the tag.
 */
import { CroquetChatComposer } from './ui/chat-composer.js';
import { CroquetChat } from './croquet-chat.component.js';

export * from './index.js';

// The composer first: <croquet-chat> renders it.
if (!customElements.get('croquet-chat-composer')) customElements.define('croquet-chat-composer', CroquetChatComposer);
if (!customElements.get('croquet-chat')) customElements.define('croquet-chat', CroquetChat);

declare global {
  interface HTMLElementTagNameMap {
    'croquet-chat': CroquetChat;
    'croquet-chat-composer': CroquetChatComposer;
  }
}
