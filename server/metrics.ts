// /metrics: Prometheus text through prom-client, one registry per server. Node's default process
// metrics (CPU, memory, event-loop lag, GC, handles) plus the reflector's and the file store's own.
// The reflector counts in plain fields on its hot path; they are read here at scrape time.

import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Reflector } from './reflector.js';
import type { FileStore } from './file-store.js';

export class ServerMetrics {
  readonly registry = new Registry();
  private uploads = 0;
  private uploadBytes = 0;
  private collected = 0;

  constructor(reflector: Reflector, files: FileStore) {
    const r = reflector;
    const m = r.metrics;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({ name, help, registers, collect() { this.set(read()); } }); // prettier-ignore
    };
    const counter = (name: string, help: string, read: () => number): void => {
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read()); } }); // prettier-ignore
    };
    const labelled = (name: string, help: string, label: string, read: () => Record<string, number>): void => {
      new Counter({
        name,
        help,
        labelNames: [label],
        registers,
        collect() {
          this.reset();
          for (const [value, n] of Object.entries(read())) this.inc({ [label]: value }, n);
        },
      });
    };
    gauge('croquet_sessions', 'Sessions held in memory.', () => r.islands.size);
    gauge('croquet_connections', 'Open reflector sockets.', () => m.connections);
    gauge('croquet_clients', 'Joined clients with an open socket.', () => {
      let n = 0;
      for (const island of r.islands.values()) for (const c of island.clients) if (c.active && c.open) n++;
      return n;
    });
    gauge('croquet_store_bytes', 'Bytes held in the /files store.', () => files.storedBytes);
    counter('croquet_messages_in_total', 'Frames received from clients.', () => m.framesIn);
    counter('croquet_messages_out_total', 'Frames sent to clients.', () => m.framesOut);
    counter('croquet_bytes_in_total', 'Payload bytes received from clients.', () => m.bytesIn);
    counter('croquet_bytes_out_total', 'Payload bytes sent to clients.', () => m.bytesOut);
    counter('croquet_reflected_messages_total', 'Messages stamped and stored.', () => m.messages);
    counter('croquet_uploads_total', 'Files stored in /files.', () => this.uploads);
    counter('croquet_upload_bytes_total', 'Bytes stored in /files.', () => this.uploadBytes);
    counter('croquet_collected_files_total', 'Superseded snapshots and persisted blobs deleted by garbage collection.', () => this.collected);
    labelled('croquet_closes_total', 'Sockets closed by the server, by close code.', 'code', () => m.closes);
    labelled('croquet_refusals_total', 'Connections, frames and requests refused, by reason (see the README).', 'reason', () => m.refusals);
  }

  uploaded(bytes: number): void {
    this.uploads++;
    this.uploadBytes += bytes;
  }

  collectedFiles(n: number): void {
    this.collected += n;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
