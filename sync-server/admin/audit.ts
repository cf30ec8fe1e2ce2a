// Audit entries for administrative changes (docs/decisions/0021): who, what, when, and the target before and after.
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { AuditRow, UserRow } from '../db/accounts.ts';

/** What an administrator did, by stable name: the Audit page filters on these and translates them. */
export const AUDIT_ACTIONS = [
  'user.create', 'user.update', 'user.disable', 'user.enable', 'user.reset-password', 'user.sessions-revoke', 'session.revoke',
  'profile.rights', 'profile.create', 'profile.rename', 'profile.delete', 'territory.create', 'territory.update', 'territory.delete',
  'token.create', 'token.revoke',
  'setting.change', 'profile.features', 'mailchimp.key', 'mailchimp.audience', 'mailchimp.enabled', 'documents.settings', 'installer.settings',
  'customization.field-add', 'customization.field-change', 'customization.field-purge', 'customization.entity-add', 'customization.entity-change', 'customization.entity-remove',
  'rule.create', 'rule.update', 'rule.delete', 'rule.fired', 'rule.failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Fields never written to the log (a hash is still a secret's stand-in). */
const HIDDEN = new Set(['passwordHash', 'tokenHash']);

function json(value: unknown): string {
  if (value === null || value === undefined) return '';
  return JSON.stringify(value, (k, v: unknown) => (HIDDEN.has(k) ? undefined : v));
}

/** Only the keys that differ, before and after (a whole object when the other side is absent). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after) return { before, after };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (HIDDEN.has(k) || JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    b[k] = before[k];
    a[k] = after[k];
  }
  return { before: b, after: a };
}

/** Ids that sort by time; within one millisecond, in the order this process made them (then random, across servers). */
let counter = 0;
function auditId(at: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${at.replace(/\D/g, '')}-${String(counter).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
}

export function auditEntry(actor: Pick<UserRow, 'id' | 'login'>, action: AuditAction, target: { type: string; id: string }, before: unknown, after: unknown, at = new Date().toISOString()): AuditRow {
  return { id: auditId(at), at, actorId: actor.id, actorLogin: actor.login, action, targetType: target.type, targetId: target.id, before: json(before), after: json(after) };
}

/** The log as CSV (RFC 4180, a header row, UTF-8 with a BOM so spreadsheet programs read accents right). */
export function auditCsv(rows: readonly AuditRow[]): string {
  const header = ['at', 'actor', 'action', 'target_type', 'target_id', 'before', 'after'];
  // A cell starting with = + - @ would run as a formula in a spreadsheet: it is quoted as text (OWASP CSV injection).
  const cell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const lines = rows.map((r) => [r.at, r.actorLogin, r.action, r.targetType, r.targetId, r.before, r.after].map(cell));
  return '\uFEFF' + stringify([header, ...lines], { record_delimiter: '\r\n' });
}
