// 389-171818-QA: a company's new address never changes its persons' addresses silently. After the company is saved,
// the persons who shared an address it replaced are listed, and the new one is applied only to those the user picks.
// Plain logic, tested in Node; the record form shows the offer.
import type { AddressEntry, AnyRecord } from '../../../shared/entities/index.ts';
import { recordTitle } from '../../../shared/records.ts';
import { entityDef } from '../../../shared/entities/index.ts';

export interface AddressChange {
  from: AddressEntry;
  to: AddressEntry;
}

const PARTS = ['street', 'postcode', 'city', 'region', 'country'] as const;
const norm = (v: unknown): string => String(v ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
/** The same place (the entry's type aside), whatever the case and spacing. */
export const samePlace = (a: AddressEntry, b: AddressEntry): boolean => PARTS.every((p) => norm(a[p]) === norm(b[p]));

/** Each address entry of `before` that `after` replaced (same position, another place): what the persons may follow. */
export function addressChanges(before: readonly AddressEntry[] | undefined, after: readonly AddressEntry[] | undefined): AddressChange[] {
  const out: AddressChange[] = [];
  (before ?? []).forEach((from, i) => {
    const to = (after ?? [])[i];
    if (to && !samePlace(from, to) && !(after ?? []).some((a) => samePlace(a, from))) out.push({ from, to });
  });
  return out;
}

export interface Offer {
  person: AnyRecord;
  title: string;
  /** The person's address entries as they would be, the shared ones replaced (each keeps its own type). */
  next: AddressEntry[];
}

/** The persons holding an address the company replaced, with what they would hold after. */
export function offersFor(persons: readonly AnyRecord[], changes: readonly AddressChange[]): Offer[] {
  const def = entityDef('person');
  const out: Offer[] = [];
  for (const person of persons) {
    const own = ((person as Record<string, unknown>).addresses as AddressEntry[] | undefined) ?? [];
    let touched = false;
    const next = own.map((a) => {
      const c = changes.find((x) => samePlace(x.from, a));
      if (!c) return a;
      touched = true;
      return { ...c.to, type: a.type };
    });
    if (touched) out.push({ person, title: recordTitle(def, person as Record<string, unknown>) || person.id, next });
  }
  return out;
}
