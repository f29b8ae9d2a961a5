/**
 * What JSX may set on `<croquet-chat>`: its attributes, with the types of the properties behind them.
 * Shared by the React, Preact and Solid typings (`croquet-chat/jsx-react`, `…/jsx-preact`, `…/jsx-solid`).
 */
import type { CroquetChat } from '../croquet-chat.component.js';

export interface CroquetChatAttributes {
  session?: CroquetChat['session'];
  password?: CroquetChat['password'];
  'app-id'?: CroquetChat['appId'];
  'api-key'?: CroquetChat['apiKey'];
  box?: CroquetChat['box'];
  reflector?: CroquetChat['reflector'];
  files?: CroquetChat['files'];
  placeholder?: CroquetChat['placeholder'];
  label?: CroquetChat['label'];
  mode?: CroquetChat['mode'];
  open?: CroquetChat['open'];
  density?: CroquetChat['density'];
  'presence-lines'?: CroquetChat['presenceLines'];
  'history-limit'?: CroquetChat['historyLimit'];
  invite?: CroquetChat['invite'];
  'title-badge'?: CroquetChat['titleBadge'];
  sound?: CroquetChat['sound'];
  notify?: CroquetChat['notify'];
}
