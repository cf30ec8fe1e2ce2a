// E-mail addresses as the duplicate rule and MailChimp see them: one normal form, and the addresses of a record.
import { FIELD_CODES, type FieldIssue } from './errors.ts';
import { isValidEmail } from './validation.ts';

/** The entities whose addresses must be unique when duplicate detection is on (Sage CRM 2020 R1: 742-171455-ENH). */
export const EMAIL_ENTITIES = ['company', 'person', 'lead'] as const;
export type EmailEntity = (typeof EMAIL_ENTITIES)[number];
export const isEmailEntity = (e: string): e is EmailEntity => (EMAIL_ENTITIES as readonly string[]).includes(e);

/** Trimmed and lower-cased (after Unicode NFC, so the same letters typed two ways compare equal). */
export function normaliseEmail(address: string): string {
  return address.normalize('NFC').trim().toLowerCase();
}

/** The record's distinct normalised addresses, in the order of its entries (empty entries left out). */
export function emailKeys(record: object): string[] {
  const out: string[] = [];
  const emails = (record as { emails?: unknown }).emails;
  const list = Array.isArray(emails) ? (emails as unknown[]) : [];
  for (const e of list) {
    const raw = typeof e === 'object' && e !== null ? (e as { address?: unknown }).address : undefined;
    if (typeof raw !== 'string') continue;
    const key = normaliseEmail(raw);
    if (key && !out.includes(key)) out.push(key);
  }
  return out;
}

/** The address a mailing uses: the first business one, else the first one; '' when the record has none. */
export function mailingAddress(record: object): string {
  const emails = (record as { emails?: unknown }).emails;
  const list = (Array.isArray(emails) ? emails : []) as { type?: unknown; address?: unknown }[];
  const pick = list.find((e) => e?.type === 'business' && typeof e.address === 'string' && e.address.trim()) ?? list.find((e) => typeof e?.address === 'string' && e.address.trim());
  return typeof pick?.address === 'string' ? pick.address.trim() : '';
}

export type AddressClass = 'ok' | 'missing' | 'invalid' | 'duplicate';

/**
 * How a list of records stands for a mailing: each record's mailing address is missing, invalid, shared with
 * another record of the list (duplicate), or ok. MailChimp identifies members by address and refuses a whole
 * batch in which two share one, so a group with any duplicate is refused before anything is sent.
 */
export function classifyAddresses<T extends { id: string }>(records: readonly T[]): Map<string, AddressClass> {
  const out = new Map<string, AddressClass>();
  const byKey = new Map<string, string[]>();
  for (const r of records) {
    const address = mailingAddress(r);
    if (!address) out.set(r.id, 'missing');
    else if (!isValidEmail(address)) out.set(r.id, 'invalid');
    else {
      const key = normaliseEmail(address);
      byKey.set(key, [...(byKey.get(key) ?? []), r.id]);
      out.set(r.id, 'ok');
    }
  }
  for (const ids of byKey.values()) if (ids.length > 1) for (const id of ids) out.set(id, 'duplicate');
  return out;
}

/** A record holding an address: `title` is absent when the user may not see that record (it is then not named). */
export interface EmailOwner {
  entity: string;
  id: string;
  title?: string;
}

/**
 * The duplicate e-mail rule for one record about to be written: every address it gains (new record, or an entry
 * added or changed; compared normalised) that another company, person or lead already holds is an issue on that
 * entry. Addresses the record already had are not re-judged: turning the rule on over existing duplicates must not
 * block unrelated edits of those records, only new claims on their addresses.
 */
export function duplicateEmailIssues(
  record: object,
  before: object | null,
  self: { entity: string; id: string },
  ownersOf: (key: string) => readonly EmailOwner[],
): FieldIssue[] {
  const had = new Set(before ? emailKeys(before) : []);
  const issues: FieldIssue[] = [];
  const emails = (record as { emails?: unknown }).emails;
  const list = Array.isArray(emails) ? (emails as { address?: unknown }[]) : [];
  list.forEach((e, i) => {
    if (typeof e?.address !== 'string') return;
    const key = normaliseEmail(e.address);
    if (!key || had.has(key)) return;
    const other = ownersOf(key).find((o) => !(o.entity === self.entity && o.id === self.id));
    if (!other) return;
    const field = `emails.${i}.address`;
    issues.push(other.title === undefined ? { field, code: FIELD_CODES.DUPLICATE_EMAIL_HIDDEN } : { field, code: FIELD_CODES.DUPLICATE_EMAIL, detail: other.title || other.id });
  });
  return issues;
}
