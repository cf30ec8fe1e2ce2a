// A production start (DEMO_DATA=off): the standard security profiles over one root territory, and no user. The first
// administrator is made with `npm run admin -- create-admin --login <login>` (sync-server/admin/cli.ts).
import type { Feature } from '../../shared/screens.ts';
import type { ProfileRight } from '../../shared/security.ts';
import type { TerritoryRow } from '../db/accounts.ts';
import type { SyncStore } from '../db/store.ts';
import { ALL, catalogueIn, forRecords, forSales, VIEW } from './seed.ts';

export const ROOT_TERRITORY: TerritoryRow = { id: 't-root', name: 'Organisation', parentId: '' };
const root = ROOT_TERRITORY.id;

/** Administrator, Manager, Sales, Marketing: the demo's profiles, over the whole organisation. */
export const STANDARD_PROFILES: { id: string; name: string; rights: ProfileRight[]; features: Feature[] }[] = [
  { id: 'p-admin', name: 'Administrator', rights: [...forRecords(root, ALL), ...forSales(root, ALL), ...catalogueIn(root, ALL)], features: ['mailchimp'] },
  { id: 'p-manager', name: 'Manager', rights: [...forRecords(root, ALL), ...forSales(root, ALL), ...catalogueIn(root, ALL)], features: [] },
  { id: 'p-sales', name: 'Sales', rights: [...forRecords(root, ALL), ...forSales(root, ALL), ...catalogueIn(root, VIEW)], features: [] },
  {
    id: 'p-marketing',
    name: 'Marketing',
    rights: [
      ...forRecords(root, { view: true, insert: true, edit: true, delete: false }, ['company', 'person', 'lead', 'note']),
      ...forSales(root, VIEW),
      ...catalogueIn(root, VIEW),
    ],
    features: ['mailchimp'],
  },
];

/** On a database with no profile yet: the root territory and the standard profiles. Idempotent. */
export async function seedOrganisation(store: SyncStore): Promise<boolean> {
  if ((await store.listProfiles()).length > 0) return false;
  if ((await store.listTerritories()).length === 0) await store.insertTerritories([ROOT_TERRITORY]);
  await store.insertProfiles(STANDARD_PROFILES.map(({ id, name }) => ({ id, name })));
  for (const p of STANDARD_PROFILES) await store.setProfileRights(p.id, p.rights);
  for (const p of STANDARD_PROFILES) if (p.features.length) await store.setProfileFeatures(p.id, p.features);
  return true;
}

/** Where a new administrator lives: the root territory (the one with no parent). */
export async function rootTerritory(store: SyncStore): Promise<string> {
  const all = await store.listTerritories();
  return (all.find((t) => !t.parentId) ?? all[0] ?? ROOT_TERRITORY).id;
}
