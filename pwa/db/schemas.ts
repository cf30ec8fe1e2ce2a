// RxDB JSON schemas derived from the entity metadata, within Dexie's rules (indexed fields required and bounded).
import type { RxJsonSchema } from 'rxdb';
import { ADDRESS_TYPES, currentCustomization, EMAIL_TYPES, emptyValue, entityDef, ID_MAX, LIST_LIMITS, offlineCustomFields, PHONE_TYPES, storedDefOf, TERRITORY_MAX, type EntityDef, type EntityName, type Field } from '../../shared/entities/index.ts';
import type { AnyRecord } from '../../shared/entities/index.ts';
import { RELATED } from '../../shared/entities/relations.ts';

type JsonSchema = Record<string, unknown>;

const str = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
const list = (item: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'array',
  maxItems: LIST_LIMITS.entries,
  items: { type: 'object', properties: item, required, additionalProperties: false },
});

function property(f: Field): JsonSchema {
  switch (f.kind) {
    case 'text':
    case 'longtext':
      return str(f.maxLength);
    case 'select':
      return { type: 'string', maxLength: Math.max(1, ...f.options.map((o) => o.length)) };
    case 'ref':
      return str(ID_MAX);
    case 'date':
      return str(10);
    case 'datetime':
      return str(40);
    case 'number':
      return { type: ['number', 'null'], minimum: f.min, maximum: f.max };
    case 'amount':
      return { type: ['integer', 'null'], minimum: f.min, maximum: f.max };
    case 'boolean':
      return { type: 'boolean' };
    case 'emails':
      return list({ type: { type: 'string', enum: [...EMAIL_TYPES] }, address: str(LIST_LIMITS.email) }, ['type', 'address']);
    case 'phones':
      return list({ type: { type: 'string', enum: [...PHONE_TYPES] }, number: str(LIST_LIMITS.phone) }, ['type', 'number']);
    case 'addresses':
      return list(
        {
          type: { type: 'string', enum: [...ADDRESS_TYPES] },
          street: str(LIST_LIMITS.street),
          city: str(LIST_LIMITS.city),
          postcode: str(LIST_LIMITS.postcode),
          region: str(LIST_LIMITS.region),
          country: str(LIST_LIMITS.country),
        },
        ['type', 'street', 'city', 'postcode', 'region', 'country'],
      );
  }
}

/**
 * Bump when a derived schema changes shape; RxDB then migrates stored documents with `migrationStrategies`.
 * 1: communications gained ownerId, phone and email.
 * 2: communications gained localStart and localEnd (wall times as booked; empty on old rows, read from the instant).
 * 3: communications gained regardingId (a custom entity's record, docs/decisions/0050).
 * 4: indexes only on what the device's queries read by (`deviceIndexes`, docs/decisions/0062).
 */
export const SCHEMA_VERSION = 4;

/**
 * The version a collection opens at: the release's, plus the customisation's revision, which grows with every change
 * of custom fields (docs/decisions/0044). A device that learns a new customisation reopens its database and RxDB
 * migrates the stored documents (the generic step below adds or drops the fields), waiting changes included.
 */
export function schemaVersion(revision: number = currentCustomization().revision): number {
  return SCHEMA_VERSION + revision;
}

/**
 * Every version step fills the fields a document lacks with their empty values: the metadata only ever adds
 * fields (a removed field would be dropped here too), so one generic strategy serves every step.
 */
export function migrationStrategies(def: EntityDef): Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> {
  const upgrade = (doc: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...doc };
    for (const [name, f] of Object.entries(def.fields)) if (out[name] === undefined) out[name] = emptyValue(f);
    for (const k of Object.keys(out)) if (!(k in def.fields) && !['id', 'territoryId', 'updatedAt', 'updatedBy', '_deleted', '_meta', '_rev', '_attachments'].includes(k)) delete out[k];
    return out;
  };
  const steps: Record<number, typeof upgrade> = {};
  for (let v = 1; v <= schemaVersion(); v++) steps[v] = upgrade;
  return steps;
}

/**
 * Fields the device reads a collection by besides its list order and the relations pointing at it (`deviceIndexes`),
 * each for one query.
 */
const QUERIED: Partial<Record<EntityName, readonly string[]>> = {
  // The dashboard's recently changed companies and persons (newest `updatedAt` first, five of each).
  company: ['updatedAt'],
  person: ['updatedAt'],
  // A custom entity's record's appointments and tasks (`relationsOf` a custom entity).
  communication: ['regardingId'],
  // A custom entity's list selects its key; its records list under their company or person (`relationsOf`).
  customRecord: ['entityKey', 'companyId', 'personId'],
  // The dashboard's count of open conflicts.
  conflict: ['status'],
};

/**
 * The fields a device collection is indexed on: what its queries read by, and nothing more. Each index costs every
 * record written an entry (its key built on the page's thread, a row written by the browser): in a first sync of
 * 50,000 records the indexes no query used were about a third of the CPU spent (docs/decisions/0062). The server's
 * indexes are the metadata's `indexed` fields; the device keeps
 * - the list's order (`sort`, or the title's first field when indexed): a list's first screenful is one range read;
 * - every relation's field pointing at the entity: a record's related tabs (a company's persons, a person's notes);
 * - the fields of `QUERIED`, one query each.
 * A new device query that selects or sorts by another field adds it to `QUERIED` (the schema's version step migrates).
 */
export function deviceIndexes(def: EntityDef): string[] {
  const out = new Set<string>();
  const order = def.sort?.field ?? def.title[0];
  if (order && def.fields[order]?.indexed === true) out.add(order);
  for (const relations of Object.values(RELATED)) for (const r of relations) if (r.entity === def.name) out.add(r.field);
  for (const f of QUERIED[def.name as EntityName] ?? []) out.add(f);
  return [...out];
}

export function rxSchemaOf(def: EntityDef): RxJsonSchema<AnyRecord> {
  const properties: Record<string, JsonSchema> = {
    id: str(ID_MAX),
    territoryId: str(TERRITORY_MAX),
    updatedAt: str(40),
    updatedBy: str(ID_MAX),
  };
  for (const [name, f] of Object.entries(def.fields)) properties[name] = property(f);
  return {
    title: def.name,
    version: schemaVersion(),
    primaryKey: 'id',
    type: 'object',
    properties,
    // Every field is always present on the wire and on the device: '' / null / [] stand for "empty".
    required: Object.keys(properties),
    indexes: deviceIndexes(def),
    additionalProperties: false,
  } as unknown as RxJsonSchema<AnyRecord>;
}

/** Keys RxDB and the protocol keep on every document, besides the declared fields. */
const KEPT = ['id', 'territoryId', 'updatedAt', 'updatedBy', '_deleted', '_meta', '_rev', '_attachments'];

/**
 * The collection of custom records kept on devices (docs/decisions/0057): `customRecord`'s columns, required as
 * always, then every offline entity's custom fields, optional, since a record carries only its own entity's. A key
 * two entities use for fields of different kinds accepts either kind.
 */
export function customRecordSchema(): RxJsonSchema<AnyRecord> {
  const base = rxSchemaOf(entityDef('customRecord')) as unknown as { properties: Record<string, JsonSchema> };
  const properties: Record<string, JsonSchema> = { ...base.properties };
  const own = new Set(Object.keys(properties));
  for (const [k, f] of offlineCustomFields()) {
    if (own.has(k)) continue;
    const p = property(f);
    const was = properties[k];
    properties[k] = was && JSON.stringify(was) !== JSON.stringify(p) ? either(was, p) : p;
  }
  return { ...base, properties } as unknown as RxJsonSchema<AnyRecord>;
}

/** A property that takes the values of either: the types of both, the longer text. */
function either(a: JsonSchema, b: JsonSchema): JsonSchema {
  const types = (x: JsonSchema): string[] => (Array.isArray(x.type) ? (x.type as string[]) : [String(x.type)]);
  const all = [...new Set([...types(a), ...types(b)])];
  if (all.includes('array') || all.includes('object')) return {};
  const out: JsonSchema = { type: all };
  const long = Math.max(Number(a.maxLength ?? 0), Number(b.maxLength ?? 0));
  if (long > 0) out.maxLength = long;
  return out;
}

/**
 * The generic step for the custom records' collection: `customRecord`'s columns and the record's own entity's custom
 * fields filled, every other key dropped (a field purged since, or one of an entity no longer kept on devices).
 */
export function customRecordMigrations(): Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> {
  const upgrade = (doc: Record<string, unknown>): Record<string, unknown> => {
    const def = storedDefOf('customRecord', doc);
    const out: Record<string, unknown> = { ...doc };
    for (const [name, f] of Object.entries(def.fields)) if (out[name] === undefined) out[name] = emptyValue(f);
    for (const k of Object.keys(out)) if (!(k in def.fields) && !KEPT.includes(k)) delete out[k];
    return out;
  };
  const steps: Record<number, typeof upgrade> = {};
  for (let v = 1; v <= schemaVersion(); v++) steps[v] = upgrade;
  return steps;
}

/** The schema and migrations a device collection opens with. */
export function collectionSchema(entity: EntityName): { schema: RxJsonSchema<AnyRecord>; migrationStrategies: ReturnType<typeof migrationStrategies> } {
  if (entity === 'customRecord') return { schema: customRecordSchema(), migrationStrategies: customRecordMigrations() };
  return { schema: rxSchemaOf(entityDef(entity)), migrationStrategies: migrationStrategies(entityDef(entity)) };
}
