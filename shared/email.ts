// E-mail addresses as the duplicate rule and MailChimp see them: one normal form, and the addresses of a record.
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
export function emailKeys(record: { emails?: unknown }): string[] {
  const out: string[] = [];
  const list = Array.isArray(record.emails) ? (record.emails as unknown[]) : [];
  for (const e of list) {
    const raw = typeof e === 'object' && e !== null ? (e as { address?: unknown }).address : undefined;
    if (typeof raw !== 'string') continue;
    const key = normaliseEmail(raw);
    if (key && !out.includes(key)) out.push(key);
  }
  return out;
}

/** The address a mailing uses: the first business one, else the first one; '' when the record has none. */
export function mailingAddress(record: { emails?: unknown }): string {
  const list = (Array.isArray(record.emails) ? record.emails : []) as { type?: unknown; address?: unknown }[];
  const pick = list.find((e) => e?.type === 'business' && typeof e.address === 'string' && e.address.trim()) ?? list.find((e) => typeof e?.address === 'string' && e.address.trim());
  return typeof pick?.address === 'string' ? pick.address.trim() : '';
}

export type AddressClass = 'ok' | 'missing' | 'invalid' | 'duplicate';

/**
 * How a list of records stands for a mailing: each record's mailing address is missing, invalid, shared with
 * another record of the list (duplicate), or ok. MailChimp identifies members by address and refuses a whole
 * batch in which two share one, so a group with any duplicate is refused before anything is sent.
 */
export function classifyAddresses<T extends { id: string; emails?: unknown }>(records: readonly T[]): Map<string, AddressClass> {
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
