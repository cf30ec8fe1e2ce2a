// In-process fan-out to the live streams of this server instance: "collection X changed up to seq N", and "user U was signed out".
import type { EntityName } from '../shared/entities/index.ts';
import type { StreamEvent } from '../shared/sync.ts';

export type Listener = (event: StreamEvent) => void;

export class ChangeBus {
  private readonly listeners = new Set<Listener>();
  private readonly revocations = new Map<string, Set<{ onRevoke: () => void; tokenHash: string }>>();

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

  /**
   * Called by a user's open streams: `onRevoke` ends the stream when an administrator signs the user out (or the user
   * changes their password elsewhere). `tokenHash` names the stream's session, so one session can be spared.
   */
  onRevoke(userId: string, onRevoke: () => void, tokenHash = ''): () => void {
    let set = this.revocations.get(userId);
    if (!set) this.revocations.set(userId, (set = new Set()));
    const entry = { onRevoke, tokenHash };
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0) this.revocations.delete(userId);
    };
  }

  /** Ends the live streams of one session of the user (an administrator revoked that session only). */
  revokeSession(userId: string, tokenHash: string): void {
    for (const e of [...(this.revocations.get(userId) ?? [])]) if (e.tokenHash === tokenHash) e.onRevoke();
  }

  /** Ends every live stream of the user, except the session `keep` (the one that changed the password). */
  revoke(userId: string, keep?: string): void {
    for (const e of [...(this.revocations.get(userId) ?? [])]) if (!keep || e.tokenHash !== keep) e.onRevoke();
  }

  get size(): number {
    return this.listeners.size;
  }
}
