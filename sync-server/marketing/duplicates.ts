// The e-mail duplicates report and the address check: who holds an address, named only where the user may view.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { isEmailEntity } from '../../shared/email.ts';
import { recordTitle } from '../../shared/records.ts';
import { can, type EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { idsByEntity, type ClaimRow } from '../db/email-claims.ts';
import type { SyncStore } from '../db/store.ts';

export interface HolderView {
  entity: EntityName;
  id: string;
  title: string;
  territoryId: string;
}

export interface AddressHolders {
  address: string;
  /** The records the user may view. */
  records: HolderView[];
  /** How many others hold it that the user may not see. */
  hidden: number;
}

async function holders(store: SyncStore, claims: readonly ClaimRow[], rights: EffectiveRights): Promise<AddressHolders[]> {
  const docs = new Map<string, WireDoc>();
  for (const [entity, ids] of idsByEntity(claims)) for (const d of await store.getByIds(entity, ids)) docs.set(`${entity}:${d.id}`, d);
  const out = new Map<string, AddressHolders>();
  for (const c of claims) {
    if (!isEmailEntity(c.entity)) continue;
    const row = out.get(c.address) ?? { address: c.address, records: [], hidden: 0 };
    out.set(c.address, row);
    const doc = docs.get(`${c.entity}:${c.recordId}`);
    if (!doc || doc._deleted) continue;
    if (can(rights, 'view', c.entity, doc.territoryId)) row.records.push({ entity: c.entity, id: c.recordId, title: recordTitle(entityDef(c.entity), doc as unknown as Record<string, unknown>), territoryId: doc.territoryId });
    else row.hidden++;
  }
  return [...out.values()];
}

/** A page of the addresses used by more than one company, person or lead record. */
export async function duplicatesReport(store: SyncStore, rights: EffectiveRights, offset: number, limit: number): Promise<{ total: number; offset: number; addresses: AddressHolders[] }> {
  const { total, claims } = await store.duplicateEmails(offset, limit);
  return { total, offset, addresses: await holders(store, claims, rights) };
}

/** Who holds these addresses, other than the record being edited (`self`). */
export async function addressCheck(store: SyncStore, rights: EffectiveRights, addresses: readonly string[], self: { entity: string; id: string }): Promise<AddressHolders[]> {
  const claims = (await store.emailClaims(addresses)).filter((c) => !(c.entity === self.entity && c.recordId === self.id));
  const found = await holders(store, claims, rights);
  return addresses.map((a) => found.find((f) => f.address === a) ?? { address: a, records: [], hidden: 0 });
}
