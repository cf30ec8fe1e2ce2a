// The newest of a burst of requests wins: a search box asks again as the user types, and older answers are dropped.

/** How long typing must pause before a search box asks the server. */
export const TYPING_PAUSE_MS = 250;

export class LatestRequest {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: AbortController | null = null;

  constructor(private readonly pauseMs = TYPING_PAUSE_MS) {}

  /** The signal for a new request; the one before is aborted, so its answer (even a slower one) is dropped. */
  next(): AbortSignal {
    this.current?.abort();
    this.current = new AbortController();
    return this.current.signal;
  }

  /** Runs `ask` once calls to `later` have paused (each call starts the wait again). */
  later(ask: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(ask, this.pauseMs);
  }

  /** The element is gone: nothing waits and nothing is asked any more. */
  stop(): void {
    clearTimeout(this.timer);
    this.current?.abort();
  }
}
