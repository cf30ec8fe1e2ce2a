// Strength against what attackers try first: common passwords and words, and the user's own login and name
// (zxcvbn-ts with its common-password dictionaries; too large for the phone bundle, so the server's alone).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { passwordIssues } from '../../shared/passwords.ts';

const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

/** Score 3 of 4 ("safely unguessable: moderate protection from offline slow-hash attacks") is the least accepted. */
const MIN_SCORE = 3;

/** Every rule: the shared ones, then strength with the user's own words counted as known. */
export function checkPassword(password: string, userWords: readonly string[], field = 'password'): FieldIssue[] {
  const issues = passwordIssues(password, field);
  if (issues.length) return issues;
  const words = userWords.flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3);
  const lower = password.toLowerCase();
  const built = words.some((w) => lower.includes(w) && w.length * 2 >= lower.length);
  if (built || zxcvbn.check(password, words).score < MIN_SCORE) issues.push({ field, code: FIELD_CODES.PASSWORD_WEAK });
  return issues;
}
