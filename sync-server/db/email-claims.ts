// The e-mail claims both stores keep beside company, person and lead records (see the email_claims table): pure parts.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { emailKeys, isEmailEntity, type EmailOwner } from '../../shared/email.ts';
import { recordTitle } from '../../shared/records.ts';
import { can, type EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';

export interface ClaimRow {
  address: string;
  entity: string;
  recordId: string;
}

/** What to change in a record's claims so that they are its current addresses (none once deleted). */
export function claimChanges(doc: WireDoc, have: readonly string[]): { drop: string[]; add: string[] } {
  const wanted = doc._deleted ? [] : emailKeys(doc);
  return { drop: have.filter((a) => !wanted.includes(a)), add: wanted.filter((a) => !have.includes(a)) };
}

/** Every address the rows of a push mention, normalised: the owners to read before planning. */
export function mentionedKeys(docs: readonly WireDoc[]): string[] {
  return [...new Set(docs.flatMap((d) => emailKeys(d)))];
}

/** Claims grouped by entity: the record ids to load for titles and territories. */
export function idsByEntity(claims: readonly ClaimRow[]): Map<EntityName, string[]> {
  const out = new Map<EntityName, string[]>();
  for (const c of claims) if (isEmailEntity(c.entity)) out.set(c.entity, [...(out.get(c.entity) ?? []), c.recordId]);
  return out;
}

/** The owners of each address, named only where the user may view the record. */
export function ownersByAddress(claims: readonly ClaimRow[], records: ReadonlyMap<string, WireDoc>, rights: EffectiveRights): Map<string, EmailOwner[]> {
  const out = new Map<string, EmailOwner[]>();
  for (const c of claims) {
    const doc = records.get(`${c.entity}:${c.recordId}`);
    const visible = doc !== undefined && can(rights, 'view', c.entity, doc.territoryId);
    const owner: EmailOwner = visible ? { entity: c.entity, id: c.recordId, title: recordTitle(entityDef(c.entity as EntityName), doc) } : { entity: c.entity, id: c.recordId };
    out.set(c.address, [...(out.get(c.address) ?? []), owner]);
  }
  return out;
}
