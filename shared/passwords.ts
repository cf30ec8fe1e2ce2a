// The password rules both sides apply: the form says what is wrong before sending, the server decides (it also checks
// strength against common passwords, sync-server/auth/password-strength.ts, which is too large for the phone bundle).
import { FIELD_CODES, type FieldIssue } from './errors.ts';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** The rules that need no dictionary: first character, length. */
export function passwordIssues(password: string, field = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Letters and digits of any script count as alphanumeric (a password may start with "É" or "٣").
  if (password !== '' && !/^[\p{L}\p{N}]/u.test(password)) issues.push({ field, code: FIELD_CODES.PASSWORD_SYMBOL_START });
  if ([...password].length < PASSWORD_MIN) issues.push({ field, code: FIELD_CODES.PASSWORD_TOO_SHORT, detail: String(PASSWORD_MIN) });
  if (password.length > PASSWORD_MAX) issues.push({ field, code: FIELD_CODES.TOO_LONG, detail: String(PASSWORD_MAX) });
  return issues;
}
