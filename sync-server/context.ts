// What every route can reach: the store, the change bus, the signed-in user. Typed once for Hono.
import type { UserRow } from './db/accounts.ts';
import type { SyncStore } from './db/store.ts';
import type { ChangeBus } from './events.ts';

export interface Services {
  store: SyncStore;
  bus: ChangeBus;
  version: string;
}

export interface AppEnv {
  Variables: { user: UserRow; tokenHash: string };
}
