// Demo data for a fresh database: territories, demo users, and a few hundred companies in the spirit of the seed's "Panoply".
import type { Feature } from '../../shared/screens.ts';
import type { EntityName } from '../../shared/entities/index.ts';
import { entities, entityDef, RECORD_ENTITIES } from '../../shared/entities/index.ts';
import type { ProfileRight } from '../../shared/security.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { instantToWall, wallToInstant } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../time/zones.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Role, TerritoryRow } from '../db/accounts.ts';
import type { SyncStore } from '../db/store.ts';
import { ensureSampleTemplates } from '../mail-merge/service.ts';
import { demoSales } from './sales.ts';

export const DEMO_PASSWORD = 'Panoply2026';
export const DEMO_USERS: { login: string; displayName: string; role: Role; territoryId: string; profileId: string; locale: string; timeZone: string; reportsTo?: string }[] = [
  { login: 'admin', displayName: 'Alex Admin', role: 'admin', territoryId: 't-world', profileId: 'p-admin', locale: 'en', timeZone: 'Europe/London' },
  // Sophie reports to Dan: he may edit her forecasts (781-171899-QA).
  { login: 'sales', displayName: 'Sophie Martin', role: 'sales', territoryId: 't-eu', profileId: 'p-sales-eu', locale: 'fr', timeZone: 'Europe/Paris', reportsTo: 'u-manager' },
  { login: 'manager', displayName: 'Dan Rivera', role: 'manager', territoryId: 't-na', profileId: 'p-manager', locale: 'en', timeZone: 'America/Denver' },
  { login: 'marketing', displayName: 'Amina El Idrissi', role: 'marketing', territoryId: 't-af', profileId: 'p-marketing', locale: 'fr', timeZone: 'Africa/Casablanca' },
];

export const ALL = { view: true, insert: true, edit: true, delete: true };
export const VIEW = { view: true, insert: false, edit: false, delete: false };
export const forRecords = (territoryId: string, r: typeof ALL, only: readonly EntityName[] = RECORD_ENTITIES): ProfileRight[] => only.map((entity) => ({ entity, territoryId, ...r }));
/** Quotes, orders and opportunities in a territory; the product catalogue (kept in Worldwide) to view. */
export const forSales = (territoryId: string, r: typeof ALL): ProfileRight[] => [...forRecords(territoryId, r, ['opportunity', 'quote', 'order'])];
const catalogue = (r: typeof ALL): ProfileRight[] => forRecords('t-world', r, ['product']);
/** The products of a territory (the catalogue is kept in the root territory). */
export const catalogueIn = (territoryId: string, r: typeof ALL): ProfileRight[] => forRecords(territoryId, r, ['product']);

/** Security profiles: an administrator, a sales rep in one territory, a manager over two, a marketing user. */
export const DEMO_PROFILES: { id: string; name: string; rights: ProfileRight[]; features: Feature[] }[] = [
  { id: 'p-admin', name: 'Administrator', rights: [...forRecords('t-world', ALL), ...forSales('t-world', ALL), ...catalogue(ALL)], features: ['mailchimp'] },
  { id: 'p-sales-eu', name: 'Sales rep, Europe', rights: [...forRecords('t-eu', ALL), ...forSales('t-eu', ALL), ...catalogue(VIEW)], features: [] },
  {
    id: 'p-manager',
    name: 'Sales manager, North America and Europe',
    rights: [...forRecords('t-na', ALL), ...forRecords('t-eu', ALL), ...forSales('t-na', ALL), ...forSales('t-eu', ALL), ...catalogue(ALL)],
    features: [],
  },
  {
    id: 'p-marketing',
    name: 'Marketing',
    rights: [
      ...forRecords('t-world', VIEW, ['company', 'person', 'lead', 'note']),
      ...forRecords('t-af', { view: true, insert: true, edit: true, delete: false }, ['company', 'person', 'lead', 'note']),
      ...forSales('t-world', VIEW),
      ...catalogue(VIEW),
    ],
    features: ['mailchimp'],
  },
];

export const DEMO_TERRITORIES: TerritoryRow[] = [
  { id: 't-world', name: 'Worldwide', parentId: '' },
  { id: 't-eu', name: 'Europe', parentId: 't-world' },
  { id: 't-na', name: 'North America', parentId: 't-world' },
  { id: 't-af', name: 'Africa', parentId: 't-world' },
];

const PLACES: Record<string, { city: string; country: string; region: string; phone: string }[]> = {
  't-eu': [
    { city: 'Paris', country: 'France', region: 'Île-de-France', phone: '+33 1' },
    { city: 'Lyon', country: 'France', region: 'Auvergne-Rhône-Alpes', phone: '+33 4' },
    { city: 'London', country: 'United Kingdom', region: 'England', phone: '+44 20' },
    { city: 'Dublin', country: 'Ireland', region: 'Leinster', phone: '+353 1' },
    { city: 'Berlin', country: 'Germany', region: 'Berlin', phone: '+49 30' },
  ],
  't-na': [
    { city: 'Denver', country: 'United States', region: 'CO', phone: '+1 303' },
    { city: 'Chicago', country: 'United States', region: 'IL', phone: '+1 312' },
    { city: 'Toronto', country: 'Canada', region: 'ON', phone: '+1 416' },
  ],
  't-af': [
    { city: 'Casablanca', country: 'Morocco', region: 'Casablanca-Settat', phone: '+212 522' },
    { city: 'Nairobi', country: 'Kenya', region: 'Nairobi', phone: '+254 20' },
    { city: 'Cape Town', country: 'South Africa', region: 'Western Cape', phone: '+27 21' },
  ],
};
const ZONES: Record<string, string> = { 't-eu': 'Europe/Paris', 't-na': 'America/Denver', 't-af': 'Africa/Casablanca' };
/** Whose calendar a territory's appointments are on. */
const OWNERS: Record<string, string> = { 't-eu': 'u-sales', 't-na': 'u-manager', 't-af': 'u-marketing' };
const PREFIX = ['Panoply', 'Gatecom', 'Design Right', 'Eurolandia', 'Magnum', 'Northwind', 'Blue Harbour', 'Atlas', 'Sahara', 'Maple', 'Cedar', 'Orion', 'Vega', 'Lumen', 'Kestrel'];
const SUFFIX = ['Ltd', 'Office Supplies', 'Systems', 'Trading', 'Logistics', 'Consulting', 'Foods', 'Engineering', 'Media', 'Partners'];
const INDUSTRY = ['Retail', 'Manufacturing', 'Software', 'Logistics', 'Food', 'Construction', 'Finance', 'Media'];
const FIRST = ['Anna', 'Paul', 'Claire', 'Omar', 'Lena', 'Marc', 'Nadia', 'John', 'Sara', 'Yusuf', 'Emma', 'Luis', 'Fatima', 'Tom', 'Ines'];
const LAST = ['Durand', 'Smith', 'Bennani', 'Müller', 'Okafor', 'García', 'Dubois', 'Kowalski', 'Haddad', 'Brown', 'Rossi', 'Moreau', 'Njoroge', 'Lefèvre'];
const SUBJECTS = ['Quarterly review', 'Product demo', 'Contract renewal', 'Follow-up call', 'Site visit', 'Send price list', 'Prepare quote', 'Check delivery'];
const NOTES = ['Interested in the new range; call back after the trade fair.', 'Prefers e-mail to phone.', 'Budget approved for Q3.', 'Asked for a discount on volume orders.', 'New purchasing manager since spring.'];

/** Deterministic pseudo-random numbers, so every fresh install has the same demo data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoSize {
  companies: number;
}

/** Builds the demo records (pure: no database), `now` anchoring the appointments around today. */
export function demoRecords(size: DemoSize, now: Date): Record<EntityName, WireDoc[]> {
  const r = rng(2020);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out = Object.fromEntries(Object.keys(entities).map((e) => [e, []])) as unknown as Record<EntityName, WireDoc[]>;
  const make = (entity: EntityName, id: string, territoryId: string, fields: Record<string, unknown>): WireDoc =>
    ({ ...(blankRecord(entityDef(entity), id, territoryId) as Record<string, unknown>), ...fields, updatedAt: now.toISOString(), updatedBy: 'u-admin', _deleted: false }) as unknown as WireDoc;
  const territories = Object.keys(PLACES);
  const pad = (n: number): string => String(n).padStart(5, '0');
  const day = 86_400_000;
  const slug = (s: string): string => s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '');

  for (let i = 0; i < size.companies; i++) {
    const t = territories[i % territories.length]!;
    const place = pick(PLACES[t]!);
    const name = i === 0 ? 'Panoply Ltd' : `${pick(PREFIX)} ${pick(SUFFIX)} ${i}`;
    const domain = `${slug(name)}.example`;
    const cid = `c${pad(i)}`;
    const num = () => `${place.phone} ${String(Math.floor(r() * 9e6) + 1e6)}`;
    out.company.push(
      make('company', cid, t, {
        name,
        type: pick(['customer', 'customer', 'prospect', 'supplier', 'partner'] as const),
        industry: pick(INDUSTRY),
        website: `https://www.${domain}`,
        emails: [{ type: 'business', address: `info@${domain}` }],
        phones: [{ type: 'business', number: num() }],
        addresses: [{ type: 'business', street: `${1 + Math.floor(r() * 200)} ${pick(['High Street', 'Rue de la Paix', 'Main Street', 'Boulevard Anfa', 'Market Road'])}`, city: place.city, postcode: String(10000 + Math.floor(r() * 89999)), region: place.region, country: place.country }],
      }),
    );
    const people = 1 + Math.floor(r() * 3);
    let mainAddress = '';
    for (let p = 0; p < people; p++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const pid = `p${pad(i)}${p}`;
      if (p === 0) mainAddress = `${slug(first)}.${slug(last)}${i}@${domain}`;
      out.person.push(
        make('person', pid, t, {
          firstName: first,
          lastName: last,
          companyId: cid,
          title: pick(['Purchasing Manager', 'CEO', 'Office Manager', 'Sales Director', 'Accountant']),
          emails: [{ type: 'business', address: `${slug(first)}.${slug(last)}${i}@${domain}` }],
          phones: [{ type: 'mobile', number: num() }],
        }),
      );
      if (p === 0) {
        for (let k = 0; k < 2; k++) {
          // Office hours in the territory's own zone: 08:00 to 16:00 wall-clock time, from 15 days ago to 25 ahead.
          const date = new Date(now.getTime() + (Math.floor(r() * 40) - 15) * day).toISOString().slice(0, 10);
          const localStart = `${date}T${String(8 + Math.floor(r() * 9)).padStart(2, '0')}:00`;
          const start = new Date(wallToInstant(zoneRules, ZONES[t]!, localStart));
          const task = k === 1;
          const end = new Date(start.getTime() + 3_600_000);
          out.communication.push(
            make('communication', `m${pad(i)}${k}`, t, {
              kind: task ? 'task' : 'appointment',
              subject: `${pick(SUBJECTS)}: ${name}`,
              startsAt: start.toISOString(),
              endsAt: task ? '' : end.toISOString(),
              timeZone: ZONES[t]!,
              localStart,
              localEnd: task ? '' : instantToWall(zoneRules, ZONES[t]!, end.getTime()),
              status: start.getTime() < now.getTime() && r() < 0.7 ? 'complete' : 'pending',
              priority: pick(['low', 'normal', 'normal', 'high'] as const),
              companyId: cid,
              personId: pid,
              ownerId: OWNERS[t]!,
              phone: num(),
              email: `${slug(first)}.${slug(last)}${i}@${domain}`,
              location: task ? '' : place.city,
            }),
          );
        }
      }
    }
    out.note.push(make('note', `n${pad(i)}`, t, { parentType: 'company', parentId: cid, text: pick(NOTES) }));
    if (i % 5 === 0) {
      out.lead.push(
        make('lead', `l${pad(i)}`, t, {
          description: `${pick(['Office furniture', 'Printer fleet', 'Stationery contract', 'Laptops'])} for ${pick(PREFIX)} ${pick(SUFFIX)}`,
          stage: pick(['new', 'contacted', 'qualified'] as const),
          source: pick(['web', 'phone', 'referral', 'event'] as const),
          companyName: `${pick(PREFIX)} ${pick(SUFFIX)}`,
          firstName: pick(FIRST),
          lastName: pick(LAST),
          estimatedValue: Math.round(r() * 50_000),
          // Every fourth lead was entered for someone already on file: the same address twice (E-mail duplicates).
          emails: [{ type: 'business', address: i % 20 === 0 ? mainAddress : `lead${i}@${domain}` }],
        }),
      );
    }
  }
  Object.assign(out, demoSales(out.company, out.person, make));
  return out;
}

/** Fills an empty database; does nothing when users exist already. */
export async function seedDemo(store: SyncStore, size: DemoSize = { companies: 300 }): Promise<boolean> {
  if (await store.findUserByLogin('admin')) return false;
  await store.insertTerritories(DEMO_TERRITORIES);
  await store.insertProfiles(DEMO_PROFILES.map(({ id, name }) => ({ id, name })));
  for (const p of DEMO_PROFILES) await store.setProfileRights(p.id, p.rights);
  for (const p of DEMO_PROFILES) if (p.features.length) await store.setProfileFeatures(p.id, p.features);
  const hash = await hashPassword(DEMO_PASSWORD);
  await store.insertUsers(DEMO_USERS.map((u) => ({ ...u, id: `u-${u.login}`, passwordHash: hash })));
  const records = demoRecords(size, new Date());
  for (const [entity, docs] of Object.entries(records) as [EntityName, WireDoc[]][]) await store.insertMany(entity, docs);
  await ensureSampleTemplates(store);
  return true;
}
