// The new-user and change-password forms' rules in the browser: what is wrong before sending (the server decides, and
// its answer's issues are shown the same way). Plain logic, tested in Node.
import type { FieldIssue } from '../../../shared/errors.ts';
import { passwordIssues } from '../../../shared/passwords.ts';
import { isValidEmail, isValidTimeZone } from '../../../shared/validation.ts';

export interface NewUserInput {
  login: string;
  displayName: string;
  email: string;
  password: string;
  profileId: string;
  territoryId: string;
  locale: string;
  timeZone: string;
}

export function newUserIssues(u: NewUserInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const k of ['login', 'displayName', 'password', 'profileId', 'territoryId'] as const) if (!u[k].trim()) issues.push({ field: k, code: 'required' });
  if (u.password) issues.push(...passwordIssues(u.password));
  if (u.email.trim() && !isValidEmail(u.email.trim())) issues.push({ field: 'email', code: 'bad-email' });
  if (u.timeZone && !isValidTimeZone(u.timeZone)) issues.push({ field: 'timeZone', code: 'bad-timezone' });
  return issues;
}

/** Issues by field, for the form to show under each input. */
export function byField(issues: readonly FieldIssue[]): Map<string, FieldIssue[]> {
  const out = new Map<string, FieldIssue[]>();
  for (const i of issues) out.set(i.field, [...(out.get(i.field) ?? []), i]);
  return out;
}

export interface UserEditInput {
  displayName: string;
  email: string;
  locale: string;
  timeZone: string;
  profileId: string;
  territoryId: string;
  reportsTo: string;
}

/** The edit form's problems before sending (the server checks again, and refuses loops with FC-ADM-002). */
export function editIssues(u: UserEditInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!u.displayName.trim()) issues.push({ field: 'displayName', code: 'required' });
  if (u.email.trim() && !isValidEmail(u.email.trim())) issues.push({ field: 'email', code: 'bad-email' });
  if (!isValidTimeZone(u.timeZone)) issues.push({ field: 'timeZone', code: 'bad-timezone' });
  return issues;
}

/**
 * Whom a user may report to: anyone but themselves and those who report to them, however indirectly (the server
 * refuses such a loop; the list does not offer it).
 */
export function reportsToChoices<U extends { id: string; reportsTo: string }>(userId: string, users: readonly U[]): U[] {
  const below = new Set([userId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of users) if (!below.has(u.id) && below.has(u.reportsTo)) grew = below.add(u.id).size > 0;
  }
  return users.filter((u) => !below.has(u.id));
}
