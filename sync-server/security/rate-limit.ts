// Counting failed sign-ins per login and per client address in fixed windows, in bounded memory, on an injectable clock.
import { SIGN_IN_LIMITS } from './limits.ts';

export interface WindowLimit {
  /** Failures allowed in one window; the next attempt waits for the window to end. */
  max: number;
  windowMs: number;
}

/**
 * Failures per key in a fixed window that starts at the key's first failure. The map keeps insertion
 * order, which is window-start order, so expired entries sit at the front and eviction is cheap.
 */
export class FailureCounter {
  private readonly entries = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly limit: WindowLimit,
    private readonly maxKeys: number = SIGN_IN_LIMITS.maxKeys,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again; 0 when it may try now. */
  retryAfter(key: string): number {
    const e = this.live(key);
    if (!e || e.count < this.limit.max) return 0;
    return Math.max(1, Math.ceil((e.since + this.limit.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    const e = this.live(key);
    if (e) {
      e.count++;
      return;
    }
    this.entries.set(key, { count: 1, since: this.now() });
    if (this.entries.size > this.maxKeys) this.evict();
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  /** Keys held now (for tests of the memory bound). */
  get size(): number {
    return this.entries.size;
  }

  private live(key: string): { count: number; since: number } | undefined {
    const e = this.entries.get(key);
    if (e && this.now() - e.since >= this.limit.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Drops the oldest windows (expired ones come first in the map) until the bound holds again. */
  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) return;
      this.entries.delete(key);
    }
  }
}

export interface SignInGuardOptions {
  perLogin?: WindowLimit;
  perAddress?: WindowLimit;
  maxKeys?: number;
  now?: () => number;
}

/** The sign-in route's limiter: an attempt waits when its login or its address has failed too often. */
export class SignInGuard {
  private readonly logins: FailureCounter;
  private readonly addresses: FailureCounter;

  constructor(opts: SignInGuardOptions = {}) {
    const maxKeys = opts.maxKeys ?? SIGN_IN_LIMITS.maxKeys;
    const now = opts.now ?? Date.now;
    this.logins = new FailureCounter(opts.perLogin ?? SIGN_IN_LIMITS.perLogin, maxKeys, now);
    this.addresses = new FailureCounter(opts.perAddress ?? SIGN_IN_LIMITS.perAddress, maxKeys, now);
  }

  /** Seconds to wait before this login may be tried from this address; 0 when it may be tried now. */
  retryAfter(login: string, address: string): number {
    return Math.max(this.logins.retryAfter(login), this.addresses.retryAfter(address));
  }

  failed(login: string, address: string): void {
    this.logins.fail(login);
    this.addresses.fail(address);
  }

  /** A right password clears its login's count, not its address's: one known account must not reset a guesser. */
  succeeded(login: string): void {
    this.logins.clear(login);
  }

  /** Keys held by both counters. */
  get size(): number {
    return this.logins.size + this.addresses.size;
  }
}
