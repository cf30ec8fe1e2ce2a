// The bench's data: a realistic mix of N records (the demo generator's companies, persons, communications, notes, leads), and N persons for search.
import { entities, entityDef, type EntityName } from '../../shared/entities/index.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { demoRecords } from '../../sync-server/demo/seed.ts';

export const SYNCED: readonly EntityName[] = ['company', 'person', 'lead', 'communication', 'note'];

/** Exactly `total` records in the demo data's proportions (about 1 company : 2 persons : 2 communications : 1 note : 0.2 leads). */
export function recordMix(total: number): Record<EntityName, WireDoc[]> {
  const all = demoRecords({ companies: Math.ceil(total / 6) + 50 }, new Date('2026-11-01T12:00:00Z'));
  const have = SYNCED.reduce((n, e) => n + all[e].length, 0);
  const out = Object.fromEntries(Object.keys(entities).map((e) => [e, []])) as unknown as Record<EntityName, WireDoc[]>;
  let taken = 0;
  for (const e of SYNCED) {
    out[e] = all[e].slice(0, Math.floor((all[e].length * total) / have));
    taken += out[e].length;
  }
  // Rounding leaves a few short: take them from the persons.
  out.person = all.person.slice(0, out.person.length + (total - taken));
  return out;
}

export function countOf(mix: Record<EntityName, WireDoc[]>): number {
  return SYNCED.reduce((n, e) => n + mix[e].length, 0);
}

const FIRST = ['Anna', 'Paul', 'Claire', 'Omar', 'Lena', 'Marc', 'Nadia', 'John', 'Sara', 'Yusuf', 'Emma', 'Luis', 'Fatima', 'Tom', 'Ines', 'Hugo', 'Maya', 'Ravi', 'Chen', 'Olga'];
const LAST = ['Durand', 'Smith', 'Bennani', 'Müller', 'Okafor', 'García', 'Dubois', 'Kowalski', 'Haddad', 'Brown', 'Rossi', 'Moreau', 'Njoroge', 'Lefèvre', 'Novak', 'Silva', 'Tanaka', 'Ivanova', 'Kaur', 'Nguyen'];
const CITY = ['Paris', 'Lyon', 'London', 'Dublin', 'Berlin', 'Denver', 'Chicago', 'Toronto', 'Casablanca', 'Nairobi', 'Cape Town', 'Madrid'];

/** `n` distinct persons with e-mails and addresses, for the type-ahead search figure. */
export function persons(n: number): WireDoc[] {
  const out: WireDoc[] = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}${i >= 400 ? `-${Math.floor(i / 400)}` : ''}`;
    const city = CITY[(i * 7) % CITY.length]!;
    out.push({
      ...(blankRecord(entityDef('person'), `sp${String(i).padStart(6, '0')}`, 't-eu') as Record<string, unknown>),
      firstName: first,
      lastName: last,
      title: 'Buyer',
      emails: [{ type: 'business', address: `${first.toLowerCase()}.${i}@example.com` }],
      addresses: [{ type: 'business', street: `${i % 300} Main Street`, city, postcode: String(10000 + (i % 80000)), region: '', country: 'France' }],
      updatedAt: '2026-11-01T12:00:00.000Z',
      updatedBy: 'u-admin',
      _deleted: false,
    } as unknown as WireDoc);
  }
  return out;
}
