// Type test (tsc only, never run): <croquet-chat> in Preact's JSX.
import { useRef } from 'preact/hooks';
import type { CroquetChat } from 'croquet-chat';
import 'croquet-chat/jsx-preact';

export function Room() {
  const ref = useRef<CroquetChat>(null);
  ref.current?.addEventListener('croquet-chat-message', (event) => event.detail.message.text);
  return (
    <div>
      <croquet-chat ref={ref} session="x" box="/" api-key="key" placeholder="Say hi" />
      {/* @ts-expect-error the room name is a string */}
      <croquet-chat session={5} />
    </div>
  );
}
