/**
 * What a script needs to act in a room as a view does, for tests that play an attacker or a view the
 * widget would never be: a person's key, a binding, signed identifies and acts (exactly as ChatView
 * makes them), and holding back a page's Croquet frames (e.g. its JOIN) to order what the room sees.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { App, Session, View, type CroquetSession } from '../src/croquet.js';
import { toBase64url } from '../src/model/base64url.js';
import { ChatModel } from '../src/model/chat-model.js';
import { IDENTIFY, actMessage, identifyMessage, inputScope } from '../src/model/topics.js';
import type { IdentifyPayload, Signed, SignedEvent } from '../src/model/topics.js';
import { DEFAULT_APP_ID, DEFAULT_PASSWORD } from '../src/session/chat-session.js';
import type { ChatModelOptions } from '../src/types.js';
import { testBox } from './helpers.js';

/** A person as a script holds one: an Ed25519 secret key and its public key, the person id. */
export interface Person {
  readonly secret: Uint8Array;
  readonly personId: string;
}

export function newPerson(): Person {
  const secret = ed25519.utils.randomSecretKey();
  return { secret, personId: toBase64url(ed25519.getPublicKey(secret)) };
}

/** A binding as ChatView picks one for each stay of a view: 16 random bytes, base64url. */
export function newBinding(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * An identify as ChatView publishes it (no site token), signed by `by`, whose person id it names unless
 * `fields` names another.
 */
export function signedIdentify(sessionId: string, by: Person, fields: Omit<IdentifyPayload, 'person' | 'sig' | 'token'> & { person?: unknown }): IdentifyPayload {
  const request = { person: by.personId, token: '', ...fields } as Omit<IdentifyPayload, 'sig'>;
  return { ...request, sig: toBase64url(ed25519.sign(identifyMessage(sessionId, request), by.secret)) };
}

/** An event that acts for a person, as ChatView publishes it: `payload` (view, counter, data) signed by `by` with `binding`. */
export function signedAct<T extends object>(event: SignedEvent, sessionId: string, binding: string, by: Person, payload: T & Omit<Signed, 'sig'>): T & Signed {
  const message = actMessage(event, sessionId, binding, { ...payload, sig: '' });
  if (!message) throw new Error(`${event}: a field ChatView would never send`);
  return { ...payload, sig: toBase64url(ed25519.sign(message, by.secret)) };
}

/** A Croquet view of this page in a room that says to the model whatever a view can say, signed as ChatView signs. */
export class SigningView extends View {
  readonly room: ChatModel;
  /** Counts this view's signed events, as ChatView does. */
  private counter = 0;

  constructor(
    model: ChatModel,
    /** The person this view signs for once it identifies itself. */
    readonly person: Person,
    /** This view's binding: its identify binds it to the person, and its other events are signed with it. */
    readonly binding: string,
  ) {
    super(model);
    this.room = model;
  }

  /** Publishes `data` as view input: the model cannot tell it from a widget's. */
  say(event: string, data: unknown): void {
    this.publish(inputScope(this.room.sessionId), event, data);
  }

  /** Says who this view is, exactly as ChatView does when it arrives: its person, binding and model time, signed. */
  identify(name: string): void {
    this.say(IDENTIFY, signedIdentify(this.room.sessionId, this.person, { viewId: this.viewId, binding: this.binding, time: this.now(), name, wallTime: Date.now() }));
  }

  /** Acts for this view's person as ChatView does (numbered, bound, signed), from this view or one it claims (`viewId`). */
  act<T extends object>(event: SignedEvent, data: T, viewId = this.viewId): T & Signed {
    const payload = signedAct(event, this.room.sessionId, this.binding, this.person, { ...data, viewId, n: ++this.counter });
    this.say(event, payload);
    return payload;
  }

  /** Whether the room knows who this view is. */
  get identified(): boolean {
    return this.room.personOf(this.viewId) !== undefined;
  }
}

/**
 * Joins room `session` on the test server as a view of this page of class `view`, as a widget with the
 * same app id and password would. `options` are the room's rules: exactly the pages' (as the element
 * makes them from its attributes and `modelOptions`, in that order), or it is another session.
 */
export async function joinAsView<V extends View>(session: string, view: new (model: ChatModel) => V, options: ChatModelOptions = {}): Promise<CroquetSession<V>> {
  const app = App as unknown as { root: unknown };
  app.root ??= false; // no Croquet overlays on the test page
  return Session.join<ChatModel, V, ChatModelOptions>({ appId: DEFAULT_APP_ID, name: session, password: DEFAULT_PASSWORD, box: testBox(), model: ChatModel, view, options, autoSleep: false });
}

/** Frames a page's Croquet wanted to send to the server and that are held back, in order. */
export interface HeldFrames {
  readonly frames: readonly string[];
  /** Sends the held frames, in order, and lets every later frame go at once. */
  release(): void;
}

/**
 * Holds back every text frame of Croquet's `action` (e.g. "JOIN") that the page `win` sends, until
 * released. Returns the hold and a function that puts the page's sending back as it was.
 */
export function holdFrames(win: Window & typeof globalThis, action: string): HeldFrames & { restore(): void } {
  const proto = win.WebSocket.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the socket as `this`
  const { send } = proto;
  const held: [WebSocket, string][] = [];
  proto.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    const hold = typeof data === 'string' && data.includes(`"action":"${action}"`) && (JSON.parse(data) as { action?: string }).action === action;
    if (hold) held.push([this, data]);
    else send.call(this, data);
  };
  return {
    get frames() {
      return held.map(([, data]) => data);
    },
    release() {
      proto.send = send;
      for (const [socket, data] of held.splice(0)) send.call(socket, data);
    },
    restore() {
      proto.send = send;
    },
  };
}

/** The view id a Croquet JOIN frame asks the reflector for (a viewId, `[viewId]`, or `{id, data}`). */
export function joiningViewId(frame: string): string {
  const { user } = (JSON.parse(frame) as { args: { user: string | [string] | { id: string } } }).args;
  return typeof user === 'string' ? user : Array.isArray(user) ? user[0] : user.id;
}
