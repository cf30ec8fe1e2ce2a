// How many records a first sync's pull page may carry while many devices pull at once (docs/decisions/0061).

/**
 * A pull page waits behind the pages of everybody pulling at the same time: the server answers them one after another
 * on its one thread. Twenty devices first-syncing five collections each, 1,000 records a page, kept about 100,000
 * records ahead of any new page, and a page took seconds to come back (Little's law: records in flight / records per
 * second). So a client that takes a shorter page than it asked for (`fit=1`: the first sync, which goes on while
 * `remaining` > 0) gets its share of `PULL_RECORDS_IN_FLIGHT` among the pullers seen in the last `WINDOW_MS` (a device's
 * collection counts as one puller: it has one page on its way at a time), never less than `MIN_FIT_PAGE`. One device
 * alone still gets full pages; twenty at once get about a hundred records a page, and every device moves on together.
 * RxDB's own replication ends a round on a short page, so a pull without `fit=1` always gets what it asked for (and
 * counts as a puller all the same).
 *
 * Counted by arrival rather than by requests being handled: the server handles one at a time, so the requests waiting
 * for it are in its sockets, where no handler sees them.
 */
export const PULL_RECORDS_IN_FLIGHT = 10_000;
export const MIN_FIT_PAGE = 100;
export const WINDOW_MS = 2_000;

export class PullBudget {
  /** Each puller's last arrival, oldest first (a new arrival moves its puller to the end). */
  private readonly seen = new Map<string, number>();
  private prunedAt = 0;

  constructor(
    private readonly records = PULL_RECORDS_IN_FLIGHT,
    private readonly minPage = MIN_FIT_PAGE,
    private readonly windowMs = WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Pullers seen in the last window. */
  get pullers(): number {
    this.prune(this.now());
    return this.seen.size;
  }

  /**
   * A page is asked for by `puller` (who and which collection): the limit it gets, `asked` or, when the client takes
   * shorter pages (`fits`), its share of the budget.
   */
  limit(puller: string, asked: number, fits: boolean): number {
    const t = this.now();
    this.seen.delete(puller);
    this.seen.set(puller, t);
    if (t - this.prunedAt > this.windowMs / 4) this.prune(t);
    return fits ? Math.min(asked, Math.max(this.minPage, Math.floor(this.records / this.seen.size))) : asked;
  }

  private prune(t: number): void {
    this.prunedAt = t;
    for (const [k, at] of this.seen) {
      if (t - at <= this.windowMs) break;
      this.seen.delete(k);
    }
  }
}
