// Fan-out to the live streams of this server instance: "collection X changed up to seq N", and "user U was signed out".
// What happens here is told to the other instances through the database (feed/change-feed.ts), and what they did
// arrives back through `deliver` and `revokeHere`.
import type { EntityName } from '../shared/entities/index.ts';
import type { StreamEvent } from '../shared/sync.ts';

export type Listener = (event: StreamEvent) => void;

/** What the other instances must hear that no committed record carries: a revocation, or a nudge to pull. */
export type OutboxEvent = { kind: 'revoke'; userId: string; keep: string } | { kind: 'revoke-one'; userId: string; tokenHash: string } | { kind: 'nudge'; collection: EntityName };

export class ChangeBus {
  private readonly listeners = new Set<Listener>();
  private readonly revocations = new Map<string, Set<{ onRevoke: () => void; tokenHash: string }>>();
  /** The latest sequence announced here per collection: the feed does not announce a write twice. */
  private readonly announced = new Map<EntityName, number>();
  private outbox: ((event: OutboxEvent) => void) | undefined;

  /** Where revocations and nudges go for the other instances (the change feed sets it; alone, nowhere). */
  relayTo(outbox: (event: OutboxEvent) => void): void {
    this.outbox = outbox;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells this instance's streams. A write's event (seq > 0) reaches the other instances by the change sequence
   * itself; a nudge (seq 0: pull now, nothing was written, e.g. rights changed) is relayed through the outbox.
   */
  publish(event: StreamEvent): void {
    if (event.seq === 0) this.outbox?.({ kind: 'nudge', collection: event.collection });
    // Always told: on SQL Server a write committing late can carry a smaller sequence than one already announced.
    if (event.seq > (this.announced.get(event.collection) ?? 0)) this.announced.set(event.collection, event.seq);
    this.fanOut(event);
  }

  /**
   * To this instance's streams only (the feed's entry). `commitOrdered` (SQLite: sequences commit in order): a write
   * this instance announced itself is not announced again. On SQL Server every feed event goes out: a write announced
   * here may have been pulled under a cap held back by another instance's open transaction, which only now committed.
   */
  deliver(event: StreamEvent, commitOrdered: boolean): void {
    const announced = this.announced.get(event.collection) ?? 0;
    if (event.seq > 0 && commitOrdered && event.seq <= announced) return;
    if (event.seq > announced) this.announced.set(event.collection, event.seq);
    this.fanOut(event);
  }

  private fanOut(event: StreamEvent): void {
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

  /** Ends the live streams of one session of the user, on every instance (an administrator revoked that session only). */
  revokeSession(userId: string, tokenHash: string): void {
    this.outbox?.({ kind: 'revoke-one', userId, tokenHash });
    this.revokeSessionHere(userId, tokenHash);
  }

  /** Ends the live streams of one session of the user on this instance only (the feed's entry). */
  revokeSessionHere(userId: string, tokenHash: string): void {
    for (const e of [...(this.revocations.get(userId) ?? [])]) if (e.tokenHash === tokenHash) e.onRevoke();
  }

  /** Ends every live stream of the user on every instance, except the session `keep` (the one that changed the password). */
  revoke(userId: string, keep?: string): void {
    this.outbox?.({ kind: 'revoke', userId, keep: keep ?? '' });
    this.revokeHere(userId, keep);
  }

  /** Ends the user's live streams on this instance only (the feed's entry). */
  revokeHere(userId: string, keep?: string): void {
    for (const e of [...(this.revocations.get(userId) ?? [])]) if (!keep || e.tokenHash !== keep) e.onRevoke();
  }

  get size(): number {
    return this.listeners.size;
  }
}
