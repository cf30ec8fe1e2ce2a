// The change feed between instances sharing a database (docs/decisions/0025): polls the database's change sequence and
// hands what other instances committed to this instance's live streams; sends this instance's revocations and nudges.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { FeedPage, ServerEvent, SyncStore } from '../db/store.ts';
import type { ChangeBus, OutboxEvent } from '../events.ts';
import type { Metrics } from '../ops/metrics.ts';

export interface FeedOptions {
  /** Names this instance in the events it writes, so it does not act on them twice. */
  instanceId?: string;
  /** Poll interval right after a change (ms); doubled on each idle poll up to `maxMs`. */
  minMs?: number;
  maxMs?: number;
  /** Server events older than this are deleted (ms; every instance prunes, now and then). */
  keepEventsMs?: number;
  metrics?: Metrics;
  log?: Pick<Logger, 'warn'>;
}

/** What the feed needs of the store: the SQL store, or another source if a deployment ever wants one (a broker). */
export type FeedSource = Pick<SyncStore, 'feedHead' | 'changesSince' | 'appendEvent' | 'pruneEvents' | 'dialect'>;

export class ChangeFeed {
  readonly instanceId: string;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly keepEventsMs: number;
  private cursor = 0;
  private interval: number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> = Promise.resolve();
  private lastPollAt = 0;
  private lastPruneAt = 0;
  /** Events this instance has yet to write (in order: a revocation must not overtake the nudge before it). */
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: FeedSource,
    private readonly bus: ChangeBus,
    private readonly opts: FeedOptions = {},
  ) {
    this.instanceId = opts.instanceId ?? randomUUID();
    this.minMs = opts.minMs ?? 100;
    this.maxMs = Math.max(this.minMs, opts.maxMs ?? 500);
    this.keepEventsMs = opts.keepEventsMs ?? 24 * 3600_000;
    this.interval = this.minMs;
  }

  /** Starts at the database's head now (what committed before was never this instance's streams' to hear). */
  async start(): Promise<void> {
    this.cursor = await this.source.feedHead();
    this.lastPollAt = Date.now();
    this.running = true;
    this.bus.relayTo((e) => this.send(e));
    this.schedule();
  }

  /** Stops polling; waits for a poll in flight and for the events still being written. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling;
    await this.sending;
  }

  /** One poll now (tests; the timer calls it too). */
  poll(): Promise<void> {
    // A poll never rejects (pollOnce logs and backs off), so the chain and the timer carry on whatever happens.
    this.polling = this.polling.then(() =>
      this.pollOnce().catch((err: unknown) => {
        this.opts.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'change feed: poll failed');
        this.interval = this.maxMs;
      }),
    );
    return this.polling;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.interval);
    this.timer.unref();
  }

  private async pollOnce(): Promise<void> {
    const started = Date.now();
    let page: FeedPage;
    try {
      page = await this.source.changesSince(this.cursor);
    } catch (err) {
      // A busy or briefly unreachable database: try again later; nothing is lost, the cursor stays.
      this.opts.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'change feed: poll failed');
      this.interval = this.maxMs;
      return;
    }
    const found = page.changes.length > 0 || page.events.length > 0;
    this.cursor = page.head;
    const commitOrdered = this.source.dialect === 'sqlite';
    for (const c of page.changes) this.bus.deliver(c, commitOrdered);
    let lag = (started - this.lastPollAt) / 1000;
    for (const e of page.events) {
      if (e.origin === this.instanceId) continue;
      lag = Math.max(lag, (started - Date.parse(e.createdAt)) / 1000);
      if (e.kind === 'revoke') this.bus.revokeHere(e.userId, e.keep || undefined);
      else if (e.kind === 'revoke-one') this.bus.revokeSessionHere(e.userId, e.tokenHash);
      else this.bus.deliver({ collection: e.collection, seq: 0 }, commitOrdered);
    }
    // The lag is an upper bound: a change found now committed at most one interval ago (events carry their time).
    if (found) this.opts.metrics?.feedLag.set(Math.max(0, lag));
    this.lastPollAt = started;
    this.interval = found ? this.minMs : Math.min(this.maxMs, this.interval * 2);
    if (started - this.lastPruneAt > 10 * 60_000) {
      this.lastPruneAt = started;
      await this.source.pruneEvents(new Date(started - this.keepEventsMs).toISOString()).catch(() => 0);
    }
  }

  private send(e: OutboxEvent): void {
    const createdAt = new Date().toISOString();
    const event: ServerEvent = { ...e, origin: this.instanceId, createdAt };
    this.sending = this.sending
      .then(() => this.source.appendEvent(event))
      .catch((err: unknown) => this.opts.log?.warn({ err: err instanceof Error ? err.message : String(err), kind: e.kind }, 'change feed: event not recorded; other instances will not hear it'));
  }
}
