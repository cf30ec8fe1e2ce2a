// How many records the pull pages being answered may carry at once (docs/decisions/0009, third pass, and 0061).

/**
 * Records in flight are what a page waits behind: twenty devices first-syncing five collections each, 1,000 records a
 * page, kept about 100,000 records in flight and a page took seconds (Little's law: in flight / records per second).
 * A client that says it takes a shorter page than it asked for (`fit=1`: the first sync, which goes on while
 * `remaining` > 0) is given its share of this budget, never less than `MIN_FIT_PAGE`: one device alone still gets full
 * pages, twenty at once get pages of about a hundred, answered in a fraction of a second each, all moving together.
 * RxDB's own replication ends a round on a short page, so pulls without `fit=1` always get what they asked for.
 */
export const PULL_RECORDS_IN_FLIGHT = 10_000;
export const MIN_FIT_PAGE = 100;
const ABANDONED_MS = 120_000;

export class PullBudget {
  private inFlight = 0;

  constructor(private readonly records = PULL_RECORDS_IN_FLIGHT, private readonly minPage = MIN_FIT_PAGE) {}

  /** Pull pages being answered right now (read and written out). */
  get pages(): number {
    return this.inFlight;
  }

  /**
   * A page starts: the limit it gets, and `done` to call once its answer is written out (or failed). Every page counts
   * toward the pages in flight, those that do not fit too.
   */
  enter(asked: number, fits: boolean): { limit: number; done: () => void } {
    this.inFlight++;
    let left = false;
    const done = (): void => {
      if (left) return;
      left = true;
      clearTimeout(timer);
      this.inFlight--;
    };
    // An answer whose stream is neither read to the end nor cancelled (a client gone without a word) leaves anyway.
    const timer = setTimeout(done, ABANDONED_MS);
    timer.unref?.();
    const limit = fits ? Math.min(asked, Math.max(this.minPage, Math.floor(this.records / this.inFlight))) : asked;
    return { limit, done };
  }
}
