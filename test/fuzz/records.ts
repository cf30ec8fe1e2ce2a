// Records built from the entity declarations: valid ones (with hostile text where text is allowed) and mutated ones.
import { ADDRESS_TYPES, EMAIL_TYPES, entityDef, ID_MAX, LIST_LIMITS, PHONE_TYPES, type EntityName, type Field } from '../../shared/entities/index.ts';
import { deepNesting, HTML_PAYLOADS, hostileString, otherType, PROTO_KEYS, SQL_PAYLOADS, withKey } from './payloads.ts';
import type { Rng } from '../helpers/prng.ts';

/** What the fuzzer knows of the database it attacks: ids to point at, territories, users. */
export interface World {
  /** Existing record ids per entity (some in the signed-in user's territories, some not). */
  ids: Partial<Record<EntityName, string[]>>;
  territories: string[];
  userIds: string[];
}

/** Text that passes validation (within maxLength, never blank when required) but carries an injection payload. */
function payloadText(rng: Rng, max: number, required: boolean): string {
  const s = rng.weighted<string>([
    [3, rng.pick(HTML_PAYLOADS)],
    [3, rng.pick(SQL_PAYLOADS)],
    [1, rng.pick(PROTO_KEYS)],
    [1, `Panoply ${rng.int(1000)}`],
    [required ? 0 : 1, ''],
  ]);
  const out = s.slice(0, max);
  return required && out.trim() === '' ? 'x' : out;
}

export const newId = (rng: Rng): string => `fz${rng.int(2 ** 31).toString(36)}${rng.int(2 ** 31).toString(36)}`.slice(0, ID_MAX);

function validValue(rng: Rng, world: World, f: Field): unknown {
  const required = f.required === true;
  switch (f.kind) {
    case 'text':
      if (f.format === 'email') return rng.chance(0.5) || required ? `fz${rng.int(1e6)}@example.com` : '';
      if (f.format === 'url') return rng.chance(0.5) || required ? 'https://example.com/<script>' : '';
      if (f.format === 'timezone') return rng.pick(['Europe/Paris', 'America/Denver', 'Africa/Casablanca']);
      return payloadText(rng, f.maxLength, required);
    case 'longtext':
      return payloadText(rng, f.maxLength, required);
    case 'select': {
      const options = required ? f.options.filter((o) => o !== '') : f.options;
      return rng.pick(options.length ? options : f.options);
    }
    case 'ref': {
      const pool = f.to.flatMap((e) => (e === 'user' ? world.userIds : (world.ids[e as EntityName] ?? [])));
      if (!required && rng.chance(0.3)) return '';
      return pool.length && rng.chance(0.8) ? rng.pick(pool) : newId(rng);
    }
    case 'date':
      return required || rng.chance(0.5) ? '2026-02-28' : '';
    case 'datetime':
      return required || rng.chance(0.5) ? '2026-03-01T09:00:00.000Z' : '';
    case 'number':
      return required || rng.chance(0.7) ? rng.between(Math.max(f.min, -1e6), Math.min(f.max, 1e6)) : null;
    case 'boolean':
      return rng.chance(0.5);
    case 'emails':
      return rng.chance(0.5) ? [] : [{ type: rng.pick(EMAIL_TYPES), address: `fz${rng.int(1e6)}@example.com` }];
    case 'phones':
      return rng.chance(0.5) ? [] : [{ type: rng.pick(PHONE_TYPES), number: payloadText(rng, LIST_LIMITS.phone, true) }];
    case 'addresses':
      return rng.chance(0.5)
        ? []
        : [
            {
              type: rng.pick(ADDRESS_TYPES),
              street: payloadText(rng, LIST_LIMITS.street, false),
              city: payloadText(rng, LIST_LIMITS.city, false),
              postcode: payloadText(rng, LIST_LIMITS.postcode, false),
              region: '',
              country: payloadText(rng, LIST_LIMITS.country, false),
            },
          ];
  }
}

/** A record that should pass validation; whether the user may write it (territory, owner) is left to chance. */
export function validDoc(rng: Rng, world: World, entity: EntityName, id = newId(rng)): Record<string, unknown> {
  const doc: Record<string, unknown> = { id, territoryId: rng.pick(world.territories), updatedAt: '', updatedBy: '' };
  for (const [name, f] of Object.entries(entityDef(entity).fields)) doc[name] = validValue(rng, world, f);
  doc._deleted = rng.chance(0.1);
  return doc;
}

type Path = (string | number)[];

/** Every place in a JSON value where a value sits (the root is the empty path). */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

/**
 * Breaks one place in a value: a wrong type there, the key removed, a prototype key or unknown key added
 * next to it, or a hostile string. Returns a description of the change for the failure report.
 */
export function mutate(rng: Rng, root: unknown): { value: unknown; change: string } {
  const all = paths(root);
  const path = rng.pick(all);
  const where = path.length ? path.join('.') : '(root)';
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = path.length ? (getAt(root, parentPath) as Record<string | number, unknown>) : undefined;
  const op = rng.int(5);
  if (!parent || key === undefined) return { value: otherType(rng, root), change: 'root replaced by another type' };
  if (op === 0) {
    const deep = rng.chance(0.35);
    parent[key] = deep ? deepNesting(rng) : otherType(rng, parent[key]);
    return { value: root, change: `${where}: ${deep ? 'deeply nested value' : 'another type'}` };
  }
  if (op === 1) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return { value: root, change: `${where}: removed` };
  }
  if (op === 2 && !Array.isArray(parent)) {
    const k = rng.pick(PROTO_KEYS);
    withKey(parent, k, rng.chance(0.5) ? { polluted: true, isAdmin: true } : hostileString(rng));
    return { value: root, change: `${parentPath.join('.') || '(root)'}: own key ${k} added` };
  }
  if (op === 3 && !Array.isArray(parent)) {
    const k = hostileString(rng).slice(0, 60);
    withKey(parent, k, hostileString(rng));
    return { value: root, change: `${parentPath.join('.') || '(root)'}: unknown key ${JSON.stringify(k).slice(0, 40)} added` };
  }
  parent[key] = hostileString(rng);
  return { value: root, change: `${where}: hostile string` };
}
