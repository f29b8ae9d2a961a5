/**
 * Sends images: checks and scales the file at once, waits for the room to be reachable, stores the bytes
 * with the room's Data API, then posts through the outbox like any text (so the post, with its handle, is
 * kept across outages and reloads from then on). Until its upload is done an image lives in this page only.
 */
import { ImageRejected, prepareImage, storeImage, type PreparedImage, type SessionData } from './image-data.js';
import type { ChatImage } from '../types.js';

/** What the sender needs from the session it sends into. */
export interface ImageSenderHost {
  /** Which room the element is set to now: an image goes to the room it was sent in, or nowhere. */
  room(): string;
  /** The room's Data API while online, else undefined. */
  data(): SessionData | undefined;
  /** Resolves when the element is online (at once if it is); rejects when it leaves the room or fails. */
  whenOnline(): Promise<void>;
  /** Posts `text` with a stored image through the outbox; false when the room would not take it. */
  post(text: string, options: { replyTo?: number; image: ChatImage }): boolean;
  /** Something the element shows changed (an upload started or ended). */
  changed(): void;
}

/** Tries to store one image before giving up, and the wait between them (ms). */
const UPLOAD_TRIES = 3;
const RETRY_MS = 2_000;

export class ImageSender {
  private uploads: readonly string[] = [];

  constructor(private readonly host: ImageSenderHost) {}

  /** Names (alt texts) of the images being prepared or uploaded now, oldest first. */
  get uploading(): readonly string[] {
    return this.uploads;
  }

  /**
   * Sends `file` with `alt` (and `text`, a caption): throws ImageRejected for a file that breaks the
   * rules; resolves to whether the post was handed to the outbox (false if the room went away meanwhile).
   */
  async send(file: Blob, options: { alt: string; text?: string; replyTo?: number }): Promise<boolean> {
    const room = this.host.room();
    const prepared = await prepareImage(file, options.alt);
    this.track(options.alt, +1);
    try {
      const image = await this.upload(prepared, room);
      return image !== null && this.host.room() === room && this.host.post(options.text ?? '', { replyTo: options.replyTo, image });
    } finally {
      this.track(options.alt, -1);
    }
  }

  /**
   * Stores the bytes once online; an upload cut by an outage is tried again when the room is back. One
   * the file server refuses while online (its quota is full) fails after {@link UPLOAD_TRIES} tries.
   */
  private async upload(prepared: PreparedImage, room: string): Promise<ChatImage | null> {
    for (let failed = 0; ; ) {
      try {
        await this.host.whenOnline();
      } catch {
        return null; // the element left the room
      }
      if (this.host.room() !== room) return null;
      const data = this.host.data();
      if (!data) continue;
      try {
        return await storeImage(data, prepared);
      } catch (error) {
        if (++failed >= UPLOAD_TRIES) throw new ImageRejected('upload', `The image could not be stored: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private track(name: string, change: 1 | -1): void {
    if (change > 0) this.uploads = Object.freeze([...this.uploads, name]);
    else {
      const at = this.uploads.indexOf(name);
      this.uploads = Object.freeze(this.uploads.filter((_, i) => i !== at));
    }
    this.host.changed();
  }
}
