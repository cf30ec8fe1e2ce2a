// A user's effective rights, read from their security profile and the territory tree; every route asks here.
import { entities, entityDef, offlineEntityKeys, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { can, expandRights, rightsEntity, type Action, type EffectiveRights } from '../../shared/security.ts';
import type { UserRow } from '../db/accounts.ts';
import type { PullScope, SyncStore } from '../db/store.ts';
import { AppError } from '../errors.ts';

export async function rightsOf(store: SyncStore, user: UserRow): Promise<EffectiveRights> {
  const [rows, territories] = await Promise.all([store.profileRights(user.profileId), store.listTerritories()]);
  return inheritRights(expandRights(rows, territories));
}

/** Entities guarded by their parent's rights (a quote's lines, a product's prices) get exactly the parent's. */
export function inheritRights(rights: EffectiveRights): EffectiveRights {
  const out: EffectiveRights = { ...rights };
  for (const [name, def] of Object.entries(entities)) {
    const from = (def as { rightsFrom?: string }).rightsFrom;
    if (from === undefined) continue;
    const parent = rights[from];
    if (parent) out[name] = { view: [...parent.view], insert: [...parent.insert], edit: [...parent.edit], delete: [...parent.delete] };
    else delete out[name];
  }
  return out;
}

/** What a pull of `entity` may return to this user. */
export function pullScope(entity: EntityName, user: UserRow, rights: EffectiveRights): PullScope {
  const scope = entityDef(entity).scope;
  if (scope === 'owner') return { kind: 'owner', ownerId: user.id };
  if (scope === 'everyone') return { kind: 'everyone' };
  // Custom records replicate only for the entities kept on devices, each where its own view right says (0057).
  if (entity === 'customRecord') return { kind: 'keyed', byKey: offlineEntityKeys().map((key) => ({ key, territories: rights[key]?.view ?? [] })) };
  return { kind: 'territory', territories: rights[entity]?.view ?? [] };
}

export function mayView(entity: EntityName, user: UserRow, rights: EffectiveRights, doc: { territoryId: string; ownerId?: unknown; entityKey?: unknown }): boolean {
  const scope = entityDef(entity).scope;
  if (scope === 'owner') return doc.ownerId === user.id;
  if (scope === 'everyone') return true;
  return can(rights, 'view', rightsEntity(entity, doc), doc.territoryId);
}

export function requireRight(rights: EffectiveRights, action: Action, entity: string, territoryId: string): void {
  if (!can(rights, action, entity, territoryId)) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'You may not do that here.');
}

export function requireAdmin(user: UserRow): void {
  if (user.role !== 'admin') throw new AppError(403, ERROR_CODES.FORBIDDEN, 'Only an administrator may do that.');
}
