/**
 * One name per person across an app id's rooms: every `<croquet-chat>` of the same app id (and
 * `user-id`) on this page, and in this browser's other tabs, asks its room for the same name. The name is
 * kept by identity.ts (so later visits have it too); this module tells the open rooms when it changes.
 */
import { nameStorageKey, rememberName, rememberedName } from './identity.js';

/** Called (after the current task) when the shared name of the person it watches changed. */
export type SharedNameListener = () => void;

/** Open rooms by the storage key of the person they watch. */
const watchers = new Map<string, Set<SharedNameListener>>();

/** The name this person uses in every room of `appId` ('' until a room gave them one). */
export function sharedName(appId: string, userId: string): string {
  return rememberedName(appId, userId);
}

/**
 * This person chose `name` (normalized already): it is kept, and every open room of `appId` asks for it.
 * Returns whether the name changed (and the rooms will be told).
 */
export function setSharedName(appId: string, userId: string, name: string): boolean {
  if (!name || name === sharedName(appId, userId)) return false;
  rememberName(appId, userId, name);
  tell(nameStorageKey(appId, userId));
  return true;
}

/**
 * The first name a room gave this person becomes their name everywhere, unless they already have one
 * (an earlier visit, or another room that was quicker). Rooms join at once, so whichever is first wins
 * and the others rename to it.
 */
export function claimSharedName(appId: string, userId: string, name: string): void {
  if (sharedName(appId, userId) === '') setSharedName(appId, userId, name);
}

/** Calls `listener` whenever this person's shared name changes, here or in another tab; returns the way to stop. */
export function watchSharedName(appId: string, userId: string, listener: SharedNameListener): () => void {
  const key = nameStorageKey(appId, userId);
  if (watchers.size === 0) globalThis.addEventListener?.('storage', otherTabChanged);
  let listeners = watchers.get(key);
  if (!listeners) watchers.set(key, (listeners = new Set()));
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    watchers.delete(key);
    if (watchers.size === 0) globalThis.removeEventListener?.('storage', otherTabChanged);
  };
}

function tell(key: string): void {
  const listeners = watchers.get(key);
  if (!listeners) return;
  // After the current task: a room that claims the name from inside its own update is not re-entered.
  queueMicrotask(() => {
    for (const listener of [...listeners]) listener();
  });
}

/** Another tab of this origin wrote localStorage: its rooms' name reaches this page's rooms (null: storage was cleared). */
function otherTabChanged(event: StorageEvent): void {
  if (event.storageArea !== globalThis.localStorage) return;
  if (event.key === null) {
    for (const key of watchers.keys()) tell(key);
  } else if (watchers.has(event.key)) {
    tell(event.key);
  }
}
