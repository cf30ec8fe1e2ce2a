// Profile features (rights a profile has as a whole): MailChimp campaigns need the right AND the integration on.
import { ERROR_CODES } from '../../shared/errors.ts';
import { FEATURES, type Feature } from '../../shared/screens.ts';
import type { UserRow } from '../db/accounts.ts';
import type { SyncStore } from '../db/store.ts';
import { AppError } from '../errors.ts';
import { activeFeatures as usable } from '../../shared/settings.ts';
import { allSettings } from './settings.ts';

/** The features a profile was given (an administrator's choice), whether or not their integration is on. */
export async function grantedFeatures(store: SyncStore, user: UserRow): Promise<Feature[]> {
  const had = await store.profileFeatures(user.profileId);
  return FEATURES.filter((f) => had.includes(f));
}

/** What the user may use now: granted, and (for MailChimp) the integration switched on. */
export async function activeFeatures(store: SyncStore, user: UserRow): Promise<Feature[]> {
  return usable(await grantedFeatures(store, user), await allSettings(store));
}

export async function requireFeature(store: SyncStore, user: UserRow, feature: Feature): Promise<void> {
  if (!(await activeFeatures(store, user)).includes(feature))
    throw new AppError(403, ERROR_CODES.FEATURE_OFF, feature === 'mailchimp' ? 'This needs the MailChimp integration switched on and the MailChimp campaign right.' : 'This feature is not available to you.');
}
