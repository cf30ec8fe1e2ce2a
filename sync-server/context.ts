// What every route can reach: the store, the change bus, the signed-in user. Typed once for Hono.
import type { EffectiveRights } from '../shared/security.ts';
import type { UserRow } from './db/accounts.ts';
import type { SyncStore } from './db/store.ts';
import type { ChangeBus } from './events.ts';
import type { MarketingOptions } from './marketing/mailchimp.ts';
import type { InstallerService } from './installer/service.ts';
import type { DocumentService } from './documents/service.ts';
import type { Lifecycle } from './ops/lifecycle.ts';
import type { Metrics } from './ops/metrics.ts';

export interface Services {
  store: SyncStore;
  bus: ChangeBus;
  version: string;
  /** Secrets and the MailChimp address (main.ts sets them; API-only tests may leave them out). */
  marketing?: MarketingOptions;
  /** The Outlook plug-in installer; when absent (tests), the configured stores with settings kept in memory. */
  installer?: InstallerService;
  /** Documents filed with records (main.ts gives its folder); without it the /api/documents routes are not served. */
  documents?: DocumentService;
  /** Starting, ready or draining (main.ts drives it; in tests an app is ready at once). */
  lifecycle?: Lifecycle;
  /** Prometheus counters the routes feed (main.ts makes one; tests may pass theirs). */
  metrics?: Metrics;
  /** A session unused this long ends (config SESSION_IDLE_HOURS; 12 hours when absent). */
  sessionIdleMs?: number;
  /** How often an open live stream checks that its session is still live (60 s when absent; tests make it short). */
  streamSessionCheckMs?: number;
}

export interface AppEnv {
  /** `user`, `tokenHash` and `rights` are set by the session middleware (auth/sessions.ts) when the request carries a live session; `rights` reads them once. */
  Variables: {
    user: UserRow;
    tokenHash: string;
    rights: () => Promise<EffectiveRights>;
    requestId: string;
    authKind: 'session' | 'token';
    /** The request carried an API token past its expiry date (then): `requireSession` says so rather than "sign in". */
    tokenExpired: string;
    /** The request's API token may only read (`tokenAccessGuard`). */
    readOnly: boolean;
  };
}
