// In-process fan-out to the live streams of this server instance: "collection X changed up to seq N", and "user U was signed out".
import type { EntityName } from '../shared/entities/index.ts';
import type { StreamEvent } from '../shared/sync.ts';

export type Listener = (event: StreamEvent) => void;

export class ChangeBus {
  private readonly listeners = new Set<Listener>();
  private readonly revocations = new Map<string, Set<() => void>>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: StreamEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** After a write (a push, a REST write): every entity it touched changed up to its last sequence; nothing when it wrote nothing. */
  publishWrite(out: { lastSeq: number | null; touched: readonly EntityName[] }): void {
    if (out.lastSeq === null) return;
    for (const collection of out.touched) this.publish({ collection, seq: out.lastSeq });
  }

  /** Called by a user's open streams: `onRevoke` ends the stream when an administrator signs the user out. */
  onRevoke(userId: string, onRevoke: () => void): () => void {
    let set = this.revocations.get(userId);
    if (!set) this.revocations.set(userId, (set = new Set()));
    set.add(onRevoke);
    return () => {
      set.delete(onRevoke);
      if (set.size === 0) this.revocations.delete(userId);
    };
  }

  revoke(userId: string): void {
    for (const f of [...(this.revocations.get(userId) ?? [])]) f();
  }

  get size(): number {
    return this.listeners.size;
  }
}
