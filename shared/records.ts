// Plain helpers over records: empty records, comparison of what a user can change, titles, search text.
import { emptyValue, SERVER_STAMPED, type AnyRecord, type EntityDef } from './entities/index.ts';

/** A new record with every field at its empty value. */
export function blankRecord(def: EntityDef, id: string, territoryId: string): AnyRecord {
  const doc: Record<string, unknown> = { id, territoryId, updatedAt: '', updatedBy: '' };
  for (const [name, f] of Object.entries(def.fields)) doc[name] = emptyValue(f);
  return doc as AnyRecord;
}

/** Structural equality for JSON-shaped values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The keys a user edits: the entity's fields, its territory, and the deletion flag. Server stamps are not among them. */
export function userKeys(def: EntityDef): string[] {
  return [...Object.keys(def.fields), 'territoryId', '_deleted'];
}

/** A missing field reads as its empty value, so a document from before the field existed equals one that has it empty. */
function valueOf(def: EntityDef, doc: Record<string, unknown>, k: string): unknown {
  const v = doc[k];
  if (v !== undefined) return v;
  const f = def.fields[k];
  return f ? emptyValue(f) : k === '_deleted' ? false : null;
}

/** True when two states of a record are the same for everything a user can change. */
export function sameUserState(def: EntityDef, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return userKeys(def).every((k) => jsonEqual(valueOf(def, a, k), valueOf(def, b, k)));
}

export function isServerStamped(key: string): boolean {
  return (SERVER_STAMPED as readonly string[]).includes(key);
}

export function recordTitle(def: EntityDef, doc: Record<string, unknown>): string {
  return def.title
    .map((k) => doc[k])
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' ');
}

/** Lower-case text of the search fields; lists contribute every string inside their entries. */
export function searchText(def: EntityDef, doc: Record<string, unknown>): string {
  const parts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (typeof v === 'object' && v !== null) Object.entries(v).forEach(([k, x]) => k !== 'type' && collect(x));
  };
  for (const k of def.searchFields) collect(doc[k]);
  return parts.join(' ').toLowerCase();
}
