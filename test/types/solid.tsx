// Type test (tsc only, never run): <croquet-chat> in Solid's JSX, with typed on: events.
import type { ChatStatus } from 'croquet-chat';
import 'croquet-chat/jsx-solid';

export function Room() {
  return (
    <div>
      <croquet-chat
        session="x"
        box="/"
        on:croquet-chat-message={(event) => event.detail.message.text}
        on:croquet-chat-status={(event) => event.detail.status satisfies ChatStatus}
      />
      {/* @ts-expect-error the room name is a string */}
      <croquet-chat session={5} />
      {/* @ts-expect-error a presence event carries no message */}
      <croquet-chat on:croquet-chat-presence={(event) => event.detail.message} />
    </div>
  );
}
