// Creating users and setting passwords: the rules the Administration API and the `npm run admin` command share.
import { randomBytes, randomInt } from 'node:crypto';
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { isValidEmail, isValidTimeZone } from '../../shared/validation.ts';
import { checkPassword } from '../auth/password-strength.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ROLES, type Role, type UserChanges, type UserRow } from '../db/accounts.ts';
import type { SyncStore } from '../db/store.ts';
import { AppError, invalid } from '../errors.ts';
import { auditEntry } from './audit.ts';

/** Who made an administrative change: a signed-in administrator, or the `npm run admin` command. */
export type Actor = Pick<UserRow, 'id' | 'login'>;
export const COMMAND_LINE: Actor = { id: '', login: '(command line)' };

/** A user as Administration shows them: never their hash. */
export type ShownUser = Omit<UserRow, 'passwordHash'>;
export const shown = ({ passwordHash: _hidden, ...u }: UserRow): ShownUser => u;

export interface NewUser {
  login: string;
  displayName: string;
  password: string;
  profileId: string;
  territoryId: string;
  locale?: string;
  timeZone?: string;
  role?: Role;
  email?: string;
  reportsTo?: string;
}

export const LOCALES = ['en', 'fr'] as const;
const LOGIN = /^[a-z0-9][a-z0-9._@-]{0,59}$/;

/** The standard profiles' roles (sync-server/demo/organisation.ts); another profile's users are sales users unless told. */
const ROLE_OF_PROFILE: Record<string, Role> = { 'p-admin': 'admin', 'p-manager': 'manager', 'p-marketing': 'marketing', 'p-sales': 'sales' };

/**
 * Checks every field (all problems at once, as a 422 with issues), then inserts the user and its audit entry; answers
 * it without its hash. A user an administrator creates must choose their own password at first sign-in (`oneTime`);
 * the first administrator, who typed theirs at the command line, need not.
 */
export async function createUser(store: SyncStore, input: Record<string, unknown>, opts: { actor: Actor; oneTime: boolean }): Promise<ShownUser> {
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
  const email = str('email', 254, false).trim();
  const reportsTo = str('reportsTo', 40, false);
  if (email && !isValidEmail(email)) issues.push({ field: 'email', code: FIELD_CODES.BAD_EMAIL });
  if (reportsTo && !(await store.getUser(reportsTo))) issues.push({ field: 'reportsTo', code: FIELD_CODES.REF_UNAVAILABLE });
  if (login && !LOGIN.test(login)) issues.push({ field: 'login', code: FIELD_CODES.NOT_IN_LIST });
  if (login && (await store.findUserByLogin(login))) issues.push({ field: 'login', code: FIELD_CODES.LOGIN_TAKEN });
  if (password) issues.push(...checkPassword(password, [login, displayName]));
  if (profileId && !(await store.listProfiles()).some((p) => p.id === profileId)) issues.push({ field: 'profileId', code: FIELD_CODES.REF_UNAVAILABLE });
  if (territoryId && !(await store.listTerritories()).some((t) => t.id === territoryId)) issues.push({ field: 'territoryId', code: FIELD_CODES.REF_UNAVAILABLE });
  if (!(LOCALES as readonly string[]).includes(locale)) issues.push({ field: 'locale', code: FIELD_CODES.NOT_IN_LIST });
  if (!isValidTimeZone(timeZone)) issues.push({ field: 'timeZone', code: FIELD_CODES.BAD_TIMEZONE });
  if (!(ROLES as readonly string[]).includes(role)) issues.push({ field: 'role', code: FIELD_CODES.NOT_IN_LIST });
  if (issues.length) throw invalid(issues);
  const user: UserRow = {
    id: `u-${randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '')}`, login, displayName, passwordHash: await hashPassword(password), role: role as Role, territoryId, profileId, locale, timeZone,
    email, disabled: false, mustChangePassword: opts.oneTime, reportsTo,
  };
  try {
    await store.insertUsers([user], [auditEntry(opts.actor, 'user.create', { type: 'user', id: user.id }, null, shown(user))]);
  } catch (err) {
    // Two administrators creating the same login at once: the database's unique index decides.
    if (await store.findUserByLogin(login)) throw invalid([{ field: 'login', code: FIELD_CODES.LOGIN_TAKEN }]);
    throw err;
  }
  return shown(user);
}

/**
 * Sets a user's password under the policy, ends their sessions and writes the audit entry, in one transaction. An
 * administrator's reset is `oneTime` (changed at next sign-in); the command line's is the administrator's own, and
 * also enables the account (it is how a locked-out administrator gets back in).
 */
export async function setPassword(store: SyncStore, user: UserRow, password: string, opts: { actor: Actor; oneTime: boolean; field?: string }): Promise<void> {
  const issues = checkPassword(password, [user.login, user.displayName], opts.field ?? 'password');
  if (issues.length) throw invalid(issues);
  const changes: UserChanges = { passwordHash: await hashPassword(password), mustChangePassword: opts.oneTime, ...(opts.oneTime ? {} : { disabled: false }) };
  const audit = auditEntry(opts.actor, 'user.reset-password', { type: 'user', id: user.id }, { mustChangePassword: user.mustChangePassword, disabled: user.disabled }, { mustChangePassword: opts.oneTime, disabled: opts.oneTime ? user.disabled : false });
  await store.updateUser(user.id, changes, { endSessions: true, audit: [audit] });
}

/** A one-time password an administrator reads out to the user: 4 groups of 4 from an alphabet without look-alikes. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const group = (): string => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  // Starts with a letter or digit (685-171867-QA), 19 characters, about 92 bits: never common, never the login.
  return [group(), group(), group(), group()].join('-');
}

/**
 * The fields an administrator may change (PATCH /api/admin/users/:id), each checked: all field problems at once (422),
 * a "reports to" loop with its own code. Answers the changes to write; nothing is written here.
 */
export async function userChanges(store: SyncStore, user: UserRow, body: Record<string, unknown>): Promise<UserChanges> {
  const issues: FieldIssue[] = [];
  const changes: UserChanges = {};
  const text = (k: string, max: number, required: boolean): string | undefined => {
    const v = body[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return void issues.push({ field: k, code: FIELD_CODES.NOT_TEXT });
    if (required && !v.trim()) return void issues.push({ field: k, code: FIELD_CODES.REQUIRED });
    if (v.length > max) return void issues.push({ field: k, code: FIELD_CODES.TOO_LONG, detail: max });
    return v.trim();
  };
  const displayName = text('displayName', 100, true);
  if (displayName !== undefined) changes.displayName = displayName;
  const locale = text('locale', 5, true);
  if (locale !== undefined) {
    if ((LOCALES as readonly string[]).includes(locale)) changes.locale = locale;
    else issues.push({ field: 'locale', code: FIELD_CODES.NOT_IN_LIST });
  }
  const timeZone = text('timeZone', 64, true);
  if (timeZone !== undefined) {
    if (isValidTimeZone(timeZone)) changes.timeZone = timeZone;
    else issues.push({ field: 'timeZone', code: FIELD_CODES.BAD_TIMEZONE });
  }
  const email = text('email', 254, false);
  if (email !== undefined) {
    if (email === '' || isValidEmail(email)) changes.email = email;
    else issues.push({ field: 'email', code: FIELD_CODES.BAD_EMAIL });
  }
  const profileId = text('profileId', 40, true);
  if (profileId !== undefined) {
    if ((await store.listProfiles()).some((p) => p.id === profileId)) changes.profileId = profileId;
    else issues.push({ field: 'profileId', code: FIELD_CODES.REF_UNAVAILABLE });
  }
  const territoryId = text('territoryId', 40, true);
  if (territoryId !== undefined) {
    if ((await store.listTerritories()).some((t) => t.id === territoryId)) changes.territoryId = territoryId;
    else issues.push({ field: 'territoryId', code: FIELD_CODES.REF_UNAVAILABLE });
  }
  const reportsTo = text('reportsTo', 40, false);
  let loop = false;
  if (reportsTo !== undefined) {
    const users = new Map((await store.listUsers()).map((u) => [u.id, u]));
    if (reportsTo !== '' && !users.has(reportsTo)) issues.push({ field: 'reportsTo', code: FIELD_CODES.REF_UNAVAILABLE });
    else {
      // Up the chain from the new manager: meeting this user again means a loop (themselves included).
      const seen = new Set<string>();
      for (let at = reportsTo; at && !seen.has(at); at = users.get(at)?.reportsTo ?? '') {
        if (at === user.id) loop = true;
        seen.add(at);
      }
      changes.reportsTo = reportsTo;
    }
  }
  if (issues.length) throw invalid(issues);
  if (loop) throw new AppError(422, ERROR_CODES.ADMIN_REPORTS_LOOP, 'A user cannot report to themselves, nor to someone who reports to them.');
  return changes;
}
