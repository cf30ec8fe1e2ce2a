// The customisation (custom fields) on the server: kept as one server setting, applied to the entity registry, read
// again by every instance sharing the database, and changed by administrators (docs/decisions/0044).
import '../../shared/i18n/custom-texts.ts';
import { applyCustomization, currentCustomization, parseCustomization, type Customization } from '../../shared/entities/index.ts';
import type { Services } from '../context.ts';
import type { SyncStore } from '../db/store.ts';

export const CUSTOMIZATION_KEY = 'customization';
/** How stale another instance's change may be here: each instance reads the setting again at most this often. */
export const REFRESH_MS = 2000;

// Per store: a test process may run several servers (one registry, though: a server process is one database).
const readAt = new WeakMap<SyncStore, number>();
const reading = new WeakMap<SyncStore, Promise<void>>();

/** Reads the stored customisation and applies it when it is newer than the registry's. */
export async function loadCustomization(store: SyncStore): Promise<Customization> {
  const stored = parseCustomization(await store.getServerSetting(CUSTOMIZATION_KEY));
  if (stored.revision !== currentCustomization().revision) applyCustomization(stored);
  readAt.set(store, Date.now());
  return currentCustomization();
}

/** Before a request: another instance may have changed it (one cheap read every REFRESH_MS, shared by concurrent requests). */
export async function freshCustomization(store: SyncStore): Promise<void> {
  if (Date.now() - (readAt.get(store) ?? 0) < REFRESH_MS) return;
  let r = reading.get(store);
  if (!r) {
    r = loadCustomization(store)
      .then(() => undefined)
      .finally(() => reading.delete(store));
    reading.set(store, r);
  }
  await r;
}

/**
 * One change: `change` gets the stored customisation (read again, not the cached one) and returns the next fields,
 * or throws. The revision grows by one; devices learn it from their session (told by a setting event) and migrate.
 */
export function changeCustomization(services: Services, userId: string, change: (c: Customization) => Customization['fields']): Promise<{ before: Customization; after: Customization }> {
  // One change at a time in this instance, so two quick clicks never write over each other (across instances: 0044).
  const next = changing.then(() => writeChange(services, userId, change));
  changing = next.catch(() => undefined);
  return next;
}
let changing: Promise<unknown> = Promise.resolve();

async function writeChange(services: Services, userId: string, change: (c: Customization) => Customization['fields']): Promise<{ before: Customization; after: Customization }> {
  const before = parseCustomization(await services.store.getServerSetting(CUSTOMIZATION_KEY));
  const after: Customization = { revision: before.revision + 1, fields: change(before) };
  await services.store.putServerSetting(CUSTOMIZATION_KEY, JSON.stringify(after), userId, new Date().toISOString());
  applyCustomization(after);
  readAt.set(services.store, Date.now());
  // Devices fetch their session on a setting event: the new customisation comes with it.
  services.bus.publish({ collection: 'setting', seq: 0 });
  return { before, after };
}
