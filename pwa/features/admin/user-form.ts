// The new-user and change-password forms' rules in the browser: what is wrong before sending (the server decides, and
// its answer's issues are shown the same way). Plain logic, tested in Node.
import type { FieldIssue } from '../../../shared/errors.ts';
import { passwordIssues } from '../../../shared/passwords.ts';
import { isValidTimeZone } from '../../../shared/validation.ts';

export interface NewUserInput {
  login: string;
  displayName: string;
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
  if (u.timeZone && !isValidTimeZone(u.timeZone)) issues.push({ field: 'timeZone', code: 'bad-timezone' });
  return issues;
}

/** Issues by field, for the form to show under each input. */
export function byField(issues: readonly FieldIssue[]): Map<string, FieldIssue[]> {
  const out = new Map<string, FieldIssue[]>();
  for (const i of issues) out.set(i.field, [...(out.get(i.field) ?? []), i]);
  return out;
}
