// Every number that bounds what a client may make the server do, in one place (why each value: docs/decisions/0004).

const KiB = 1024;
const MiB = 1024 * KiB;
const MINUTE = 60_000;

/** Largest request body per route, checked before anything is parsed. */
export const BODY_LIMITS = {
  /**
   * A device pushes up to 100 rows, each with two states of a record; 100 notes of 8,000 three-byte characters
   * come to about 4.8 MB. A refused push is retried by RxDB forever, so this must stay above any real batch
   * (test/integration/hardening.test.ts checks it against the entity declarations).
   */
  syncPush: 8 * MiB,
  /** Sign-in and sign-out: a login and a password, with room to spare. */
  auth: 64 * KiB,
  /** Other JSON calls under /api (the administration's rights table grows with entities × territories). */
  api: 1 * MiB,
  /** Pull and the live stream take no body; anything else under /sync/ gets the small limit. */
  sync: 64 * KiB,
} as const;

/**
 * Deepest nesting of arrays and objects in a JSON body. A push is 5 deep (batch, row, record, e-mail list,
 * entry); thousands deep parse fine but overflow the stack of any recursive code that walks them later.
 */
export const MAX_JSON_DEPTH = 20;

/** Failed sign-ins before the server answers 429 for a while (successes never count). */
export const SIGN_IN_LIMITS = {
  /** Per login: slows guessing one account without locking its owner out for long. */
  perLogin: { max: 10, windowMs: 10 * MINUTE },
  /** Per client address: stops one machine trying many accounts; an office behind one NAT still has room. */
  perAddress: { max: 50, windowMs: 10 * MINUTE },
  /** Keys remembered per limiter; past this, expired entries go first, then the oldest. */
  maxKeys: 10_000,
} as const;
