// The records a record points at (a person's company, a note's parent): which entity and id each reference names.
import { isEntityName, type EntityDef, type EntityName } from './entities/index.ts';

export interface RefTarget {
  field: string;
  entity: EntityName;
  id: string;
}

/**
 * The entity a reference field of `doc` points at: its one target, or for a field with several (a note's `parentId`)
 * the one its sibling `…Type` field names (`parentType`). Empty for users and for what cannot be told.
 */
export function refTarget(def: EntityDef, field: string, doc: Record<string, unknown>): EntityName | '' {
  const f = def.fields[field];
  if (f?.kind !== 'ref') return '';
  const typed = doc[field.replace(/Id$/, 'Type')];
  const target = f.to.length === 1 ? f.to[0] : typeof typed === 'string' && f.to.includes(typed) ? typed : undefined;
  return target && target !== 'user' && isEntityName(target) ? target : '';
}

/**
 * The references of `doc` to other records (never to users), for the fields that differ from `before` (all of them
 * when there is no `before`): a record whose parent later became hidden can still be edited, but nobody can point a
 * record at a parent they may not see.
 */
export function changedRefs(def: EntityDef, doc: Record<string, unknown>, before: Record<string, unknown> | null): RefTarget[] {
  const out: RefTarget[] = [];
  for (const [field, f] of Object.entries(def.fields)) {
    if (f.kind !== 'ref') continue;
    const id = doc[field];
    if (typeof id !== 'string' || id === '' || (before && before[field] === id)) continue;
    const target = refTarget(def, field, doc);
    if (target) out.push({ field, entity: target, id });
  }
  return out;
}
