// The registry of entities: the one list every consumer derives its schemas, tables and screens from.
import { communication } from './communication.ts';
import { customField, EMPTY_CUSTOMIZATION, fieldsOf, isCustomEntity, withCustomFields, type CustomEntitySpec, type Customization } from './custom.ts';
import { company } from './company.ts';
import { customRecord } from './custom-record.ts';
import { conflict } from './conflict.ts';
import type { EntityDef, Field, RecordOf, SystemFields } from './fields.ts';
import { lead } from './lead.ts';
import { note } from './note.ts';
import { notification } from './notification.ts';
import { opportunity } from './opportunity.ts';
import { order, orderItem } from './order.ts';
import { person } from './person.ts';
import { product, productPrice } from './product.ts';
import { quote, quoteItem } from './quote.ts';
import { setting } from './setting.ts';

export * from './fields.ts';
export * from './custom.ts';

export const entities = {
  company,
  person,
  lead,
  communication,
  note,
  conflict,
  notification,
  setting,
  // Online only (desktop): kept by the server, never device collections (docs/decisions/0012).
  product,
  productPrice,
  opportunity,
  quote,
  quoteItem,
  order,
  orderItem,
  /** The records of every custom entity (docs/decisions/0050): online only, one table. */
  customRecord,
} as const;
export type Entities = typeof entities;
export type EntityName = keyof Entities;
/** The collections replicated to devices, in the order an initial sync fills them (parents first). */
export const REPLICATED: readonly EntityName[] = ['company', 'person', 'lead', 'communication', 'note', 'conflict'];
// `setting` and `notification` are kept by the server like any entity (a sequence, a pull) but are not device
// collections: RxDB's free build opens at most 13 collections per page or process, and a test process runs two
// devices. Settings reach devices in the session (kept for offline use, refreshed live); notifications over REST.
// See docs/decisions/0010-duplicate-email-detection.md.
/**
 * The collections a device opens now: REPLICATED, and `customRecord` once a custom entity is kept on devices
 * (docs/decisions/0057). Never unconditionally: RxDB's free build opens 13 collections per realm, and a test process
 * runs two devices of 6 collections each.
 */
export function replicatedCollections(): readonly EntityName[] {
  return offlineEntityKeys().length > 0 ? [...REPLICATED, 'customRecord'] : REPLICATED;
}
/** The keys of the custom entities kept on devices (docs/decisions/0057), in the order they were made. */
export function offlineEntityKeys(): string[] {
  return customEntities()
    .filter((e) => e.offline === true)
    .map((e) => e.key);
}
/** The CRM records users create and edit, guarded by territory rights (everything but per-user records). */
export const RECORD_ENTITIES: readonly EntityName[] = ['company', 'person', 'lead', 'communication', 'note'];
/** The online-only entities a profile grants rights on (their lines and prices take their parent's rights). */
export const ONLINE_ENTITIES: readonly EntityName[] = ['product', 'opportunity', 'quote', 'order'];

export type CompanyRecord = RecordOf<typeof company>;
export type PersonRecord = RecordOf<typeof person>;
export type LeadRecord = RecordOf<typeof lead>;
export type CommunicationRecord = RecordOf<typeof communication>;
export type NoteRecord = RecordOf<typeof note>;
export type ConflictRecord = RecordOf<typeof conflict>;
export type NotificationRecord = RecordOf<typeof notification>;
export type SettingRecord = RecordOf<typeof setting>;
export type ProductRecord = RecordOf<typeof product>;
export type ProductPriceRecord = RecordOf<typeof productPrice>;
export type OpportunityRecord = RecordOf<typeof opportunity>;
export type QuoteRecord = RecordOf<typeof quote>;
export type QuoteItemRecord = RecordOf<typeof quoteItem>;
export type OrderRecord = RecordOf<typeof order>;
export type OrderItemRecord = RecordOf<typeof orderItem>;
export type CustomRecordRecord = RecordOf<typeof customRecord>;
export type AnyRecord = SystemFields & Record<string, unknown>;

export function isEntityName(name: string): name is EntityName {
  return Object.prototype.hasOwnProperty.call(entities, name);
}
/** Entities written with and guarded by this one (a quote's lines, a product's prices): their changes change its view. */
export function childEntities(name: EntityName): EntityName[] {
  return (Object.keys(entities) as EntityName[]).filter((e) => entityDef(e).rightsFrom === name);
}
/**
 * An entity as every consumer sees it: its declaration, with the administrator's custom fields (custom.ts) once a
 * customisation is applied. `entities` itself stays the built-in declarations, for typed code.
 */
export function entityDef(name: EntityName): EntityDef {
  // A custom entity's key (screens route `x_project` like an entity; the server reaches it only through custom-records.ts).
  return effective.get(name) ?? (entities[name] as unknown as EntityDef | undefined) ?? (customEntityDef(name) as EntityDef);
}

let applied: Customization = EMPTY_CUSTOMIZATION;
const effective = new Map<EntityName, EntityDef>();
const listeners = new Set<(c: Customization) => void>();

/** Makes a customisation the registry's (the server after reading or changing it; a device from its session). */
export function applyCustomization(c: Customization): void {
  applied = c;
  effective.clear();
  for (const name of Object.keys(entities) as EntityName[]) {
    const def = withCustomFields(entities[name] as unknown as EntityDef, c.fields);
    if (def !== (entities[name] as unknown as EntityDef)) effective.set(name, def);
  }
  for (const l of listeners) l(c);
}
export function currentCustomization(): Customization {
  return applied;
}
/** Called after every applied customisation (caches derived from the metadata drop their entries). */
export function onCustomization(listener: (c: Customization) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An online-only entity (see EntityDef.online): kept by the server, never replicated to devices. */
export function isOnlineEntity(name: string): name is EntityName {
  return isEntityName(name) && entityDef(name).online === true;
}

/** Is `key` a hidden custom field of `entity` (off every screen, its values kept until purged)? */
export function isHiddenCustomField(entity: string, key: string): boolean {
  return applied.fields.some((s) => s.entity === entity && s.key === key && s.hidden);
}

/** The custom entities of the applied customisation, in the order they were made. */
export function customEntities(): readonly CustomEntitySpec[] {
  return applied.entities ?? [];
}
export function customEntity(key: string): CustomEntitySpec | undefined {
  return isCustomEntity(applied, key) ? applied.entities?.find((e) => e.key === key) : undefined;
}

/**
 * A custom entity as every consumer sees it: `customRecord`'s name, parent, owner and details (no `entityKey`, which
 * the path says), then the entity's custom fields, shown where each says. Its territory comes from its parent when
 * its rule says so. Undefined for a key that is not a custom entity.
 */
export function customEntityDef(key: string): EntityDef | undefined {
  const spec = customEntity(key);
  if (!spec) return undefined;
  let def = customDefs.get(key);
  if (def) return def;
  const base = entities.customRecord as unknown as EntityDef;
  const parentField = spec.parent === 'company' ? 'companyId' : spec.parent === 'person' ? 'personId' : undefined;
  const parentRef = parentField ? base.fields[parentField]! : undefined;
  const fields: EntityDef['fields'] = {
    name: base.fields.name!,
    ...(parentField && parentRef ? { [parentField]: { ...parentRef, required: spec.territory === 'parent' } } : {}),
    ownerId: base.fields.ownerId!,
    details: base.fields.details!,
  };
  const mine = applied.fields.filter((s) => s.entity === key);
  const shown = (k: 'form' | 'list' | 'search') => mine.filter((s) => !s.hidden && s.screens[k]).map((s) => s.key);
  const p = parentField ? [parentField] : [];
  def = {
    name: key,
    // Kept on devices (0057): read and written there like a built-in device entity; otherwise served by the server.
    online: spec.offline !== true,
    fields: { ...fields, ...fieldsOf(mine) },
    title: ['name'],
    listFields: ['name', ...p, ...shown('list'), 'ownerId'],
    searchFields: ['name', ...shown('search')],
    formFields: ['name', ...p, ...shown('form'), 'ownerId', 'details'],
    ...(spec.territory === 'parent' && parentField ? { territoryFrom: parentField } : {}),
  };
  customDefs.set(key, def);
  return def;
}
const customDefs = new Map<string, EntityDef>();
onCustomization(() => customDefs.clear());

/**
 * The declaration a stored custom record is compared, merged, validated on the wire and sent with: `customRecord`'s
 * columns (its `entityKey` included) and the custom fields of its own entity (docs/decisions/0058 and 0057). Any other
 * entity's record: its entity's. Per row, as one table (and on devices, one collection) holds every entity's records.
 */
export function storedDefOf(entity: EntityName, doc: object | null | undefined): EntityDef {
  if (entity !== 'customRecord') return entityDef(entity);
  const key = (doc as { entityKey?: unknown } | null | undefined)?.entityKey;
  return typeof key === 'string' && key !== '' ? storedCustomDef(key) : entityDef('customRecord');
}
function storedCustomDef(key: string): EntityDef {
  let def = storedDefs.get(key);
  if (!def) {
    const base = entityDef('customRecord');
    const own = customEntityDef(key);
    if (!own) return base;
    const fields: Record<string, Field> = { ...base.fields };
    for (const [k, f] of Object.entries(own.fields)) if (!(k in fields)) fields[k] = f;
    def = { ...base, fields };
    storedDefs.set(key, def);
  }
  return def;
}
const storedDefs = new Map<string, EntityDef>();
onCustomization(() => storedDefs.clear());

/**
 * The fields of every custom record a device keeps: `customRecord`'s, then each offline entity's custom fields. Two
 * entities may use one key for fields of different kinds; the device's schema then accepts either (database.ts).
 */
export function offlineCustomFields(): [string, Field][] {
  const out: [string, Field][] = [];
  for (const key of offlineEntityKeys()) for (const s of applied.fields) if (s.entity === key) out.push([s.key, customEntityDef(key)!.fields[s.key] ?? customField(s)]);
  return out;
}
