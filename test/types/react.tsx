// Type test (tsc only, never run): <croquet-chat> in React 19 JSX, and the croquet-chat/react component.
import { useRef } from 'react';
import { CroquetChat } from 'croquet-chat/react';
import type { CroquetChatElement } from 'croquet-chat/react';
import type { ChatStatus } from 'croquet-chat';
import 'croquet-chat/jsx-react';

export function Rooms() {
  const ref = useRef<CroquetChatElement>(null);
  return (
    <>
      <croquet-chat session="x" box="/" app-id="com.example.chat" label="Chat" />
      <CroquetChat
        ref={ref}
        session="x"
        box="/"
        onMessage={(event) => event.detail.message.text.toUpperCase()}
        onPresence={(event) => event.detail.users.map((user) => user.nickname)}
        onStatus={(event) => event.detail.status satisfies ChatStatus}
        onError={(event) => event.detail.message.length}
        onSend={(event) => event.preventDefault()}
      />
      {/* @ts-expect-error the room name is a string */}
      <croquet-chat session={5} />
      {/* @ts-expect-error no such attribute */}
      <croquet-chat sesion="x" />
      {/* @ts-expect-error a message event carries a message, not a status */}
      <CroquetChat session="x" onMessage={(event) => event.detail.status} />
    </>
  );
}
