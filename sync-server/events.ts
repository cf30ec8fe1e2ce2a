// In-process fan-out of "collection X changed up to seq N" to the live streams of this server instance.
import type { StreamEvent } from '../shared/sync.ts';

export type Listener = (event: StreamEvent) => void;

export class ChangeBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: StreamEvent): void {
    for (const l of this.listeners) l(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}
