// Shapes of the REST answers the PWA reads (sign-in, the current user, reference data).
import type { EffectiveRights } from './security.ts';
import type { Customization } from './entities/custom.ts';
import type { SettingKey } from './settings.ts';

export interface PublicUser {
  id: string;
  login: string;
  displayName: string;
  role: 'admin' | 'manager' | 'sales' | 'marketing';
  territoryId: string;
  locale: string;
  timeZone: string;
  email?: string;
  /** The password in use was set by an administrator for one use: the app asks for a new one before anything else. */
  mustChangePassword?: boolean;
}

export interface Person {
  id: string;
  displayName: string;
}

export interface Territory {
  id: string;
  name: string;
  parentId: string;
}

/** The answer to sign-in and to `GET /api/me`: everything the device keeps to work offline. */
export interface SessionInfo {
  user: PublicUser;
  territories: Territory[];
  /** What the user may do where; the server enforces it, the PWA only hides what would be refused. */
  rights: EffectiveRights;
  /** Colleagues' names, for "changed by", calendars and owner pickers. */
  people: Person[];
  /** Rights the user's profile has as a whole (e.g. `mailchimp`); the PWA combines them with the settings it pulls. */
  features: string[];
  /** System settings (duplicate e-mail detection…): kept with the session, so the device has them offline. */
  settings: Partial<Record<SettingKey, boolean>>;
  /** Custom fields (docs/decisions/0044): kept with the session, so the device opens its collections with them offline. */
  customization?: Customization;
  version: string;
  /** Only in the sign-in answer: a bearer token for clients that do not keep cookies. */
  token?: string;
}

export interface VersionInfo {
  product: 'FieldCRM';
  version: string;
  /** The IANA time-zone release the server computes with ("2026d"; docs/decisions/0016). */
  tzdata: string;
}

export const API_PATHS = {
  signIn: '/api/auth/sign-in',
  signOut: '/api/auth/sign-out',
  me: '/api/me',
  myPassword: '/api/me/password',
  version: '/api/version',
  /** Custom fields (docs/decisions/0044): what every signed-in user's screens and device open with. */
  customization: '/api/customization',
  customFields: '/api/admin/custom-fields',
  customField: (entity: string, key: string) => `/api/admin/custom-fields/${encodeURIComponent(entity)}/${encodeURIComponent(key)}`,
} as const;
