// Creating users and setting passwords: the rules the Administration API and the `npm run admin` command share.
import { randomBytes } from 'node:crypto';
import { FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { isValidTimeZone } from '../../shared/validation.ts';
import { checkPassword } from '../auth/password-strength.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ROLES, type Role, type UserRow } from '../db/accounts.ts';
import type { SyncStore } from '../db/store.ts';
import { invalid } from '../errors.ts';

export interface NewUser {
  login: string;
  displayName: string;
  password: string;
  profileId: string;
  territoryId: string;
  locale?: string;
  timeZone?: string;
  role?: Role;
}

export const LOCALES = ['en', 'fr'] as const;
const LOGIN = /^[a-z0-9][a-z0-9._@-]{0,59}$/;

/** The standard profiles' roles (sync-server/demo/organisation.ts); another profile's users are sales users unless told. */
const ROLE_OF_PROFILE: Record<string, Role> = { 'p-admin': 'admin', 'p-manager': 'manager', 'p-marketing': 'marketing', 'p-sales': 'sales' };

/** Checks every field (all problems at once, as a 422 with issues), then inserts the user; answers it without its hash. */
export async function createUser(store: SyncStore, input: Record<string, unknown>): Promise<Omit<UserRow, 'passwordHash'>> {
  const issues: FieldIssue[] = [];
  const str = (k: string, max: number, required = true): string => {
    const v = input[k];
    if (v === undefined || v === null || v === '') {
      if (required) issues.push({ field: k, code: FIELD_CODES.REQUIRED });
      return '';
    }
    if (typeof v !== 'string') {
      issues.push({ field: k, code: FIELD_CODES.NOT_TEXT });
      return '';
    }
    if (v.length > max) issues.push({ field: k, code: FIELD_CODES.TOO_LONG, detail: String(max) });
    return v;
  };
  const login = str('login', 60).trim().toLowerCase();
  const displayName = str('displayName', 100).trim();
  const password = str('password', 200);
  const profileId = str('profileId', 40);
  const territoryId = str('territoryId', 40);
  const locale = str('locale', 5, false) || 'en';
  const timeZone = str('timeZone', 64, false) || 'UTC';
  const role = str('role', 20, false) || ROLE_OF_PROFILE[profileId] || 'sales';
  if (login && !LOGIN.test(login)) issues.push({ field: 'login', code: FIELD_CODES.NOT_IN_LIST });
  if (login && (await store.findUserByLogin(login))) issues.push({ field: 'login', code: FIELD_CODES.LOGIN_TAKEN });
  if (password) issues.push(...checkPassword(password, [login, displayName]));
  if (profileId && !(await store.listProfiles()).some((p) => p.id === profileId)) issues.push({ field: 'profileId', code: FIELD_CODES.REF_UNAVAILABLE });
  if (territoryId && !(await store.listTerritories()).some((t) => t.id === territoryId)) issues.push({ field: 'territoryId', code: FIELD_CODES.REF_UNAVAILABLE });
  if (!(LOCALES as readonly string[]).includes(locale)) issues.push({ field: 'locale', code: FIELD_CODES.NOT_IN_LIST });
  if (!isValidTimeZone(timeZone)) issues.push({ field: 'timeZone', code: FIELD_CODES.BAD_TIMEZONE });
  if (!(ROLES as readonly string[]).includes(role)) issues.push({ field: 'role', code: FIELD_CODES.NOT_IN_LIST });
  if (issues.length) throw invalid(issues);
  const user: UserRow = { id: `u-${randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '')}`, login, displayName, passwordHash: await hashPassword(password), role: role as Role, territoryId, profileId, locale, timeZone };
  try {
    await store.insertUsers([user]);
  } catch (err) {
    // Two administrators creating the same login at once: the database's unique index decides.
    if (await store.findUserByLogin(login)) throw invalid([{ field: 'login', code: FIELD_CODES.LOGIN_TAKEN }]);
    throw err;
  }
  const { passwordHash: _hidden, ...shown } = user;
  return shown;
}

/** Sets a user's password under the policy (an administrator's reset, the command line); their sessions end. */
export async function setPassword(store: SyncStore, user: UserRow, password: string, field = 'password'): Promise<void> {
  const issues = checkPassword(password, [user.login, user.displayName], field);
  if (issues.length) throw invalid(issues);
  await store.updateUser(user.id, { passwordHash: await hashPassword(password) });
  await store.deleteSessionsOfUser(user.id);
}
