// A custom entity's records over REST (docs/decisions/0050): `customRecord` rows of one entity key, read and written
// through the online records' path (references, validation, rights, table rules) with that entity's declaration and rights.
import { randomUUID } from 'node:crypto';
import { customEntityDef, entityDef, ID_MAX, type EntityDef } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { validateRecord } from '../../shared/validation.ts';
import { requireRight } from '../auth/rights.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import type { PullScope, RecordPage, RecordQuery } from '../db/store.ts';
import { AppError, invalid } from '../errors.ts';
import { notDeclared, notFound, type Caller, type OnlineRecords } from './records.ts';

const bad = (message: string): AppError => new AppError(400, ERROR_CODES.RECORD_BAD_INPUT, message);
/** Keys a client may send back unchanged with what it read: stamps, the deletion flag, the entity key. */
const READ_BACK = ['id', 'territoryId', 'updatedAt', 'updatedBy', '_deleted', 'entityKey'];

export class CustomRecords {
  constructor(private readonly records: OnlineRecords) {}

  /** The entity's declaration, or 404 (an unknown key, or one removed since). */
  def(key: string): EntityDef {
    const def = customEntityDef(key);
    if (!def) throw new AppError(404, ERROR_CODES.UNKNOWN_COLLECTION, `There is no collection called "${key.slice(0, 40)}".`);
    return def;
  }

  /** A page of the entity's live records in the territories where the caller may view it. */
  async list(caller: Caller, key: string, query: RecordQuery, page: { offset: number; limit: number }): Promise<RecordPage> {
    const def = this.def(key);
    for (const k of Object.keys(query.equals ?? {})) if (!Object.prototype.hasOwnProperty.call(def.fields, k)) throw bad(`${key} has no field "${k.slice(0, 40)}" to filter on.`);
    return this.records.store.listRecords('customRecord', customQuery(key, query), customScope(caller.rights, key), page);
  }

  /** The live record of this entity, if the caller may view it; else 404. */
  async get(caller: Caller, key: string, id: string): Promise<WireDoc> {
    this.def(key);
    const doc = id && id.length <= ID_MAX ? await this.records.find(caller, 'customRecord', id) : null;
    if (!doc || (doc as unknown as Record<string, unknown>).entityKey !== key) throw notFound(key);
    return doc;
  }

  async create(caller: Caller, key: string, body: unknown): Promise<WireDoc> {
    const def = this.def(key);
    const values = this.values(def, body, true);
    const id = typeof values.id === 'string' && values.id ? values.id : randomUUID();
    if ((await this.records.store.getByIds('customRecord', [id])).length) throw bad(`A ${key} with id ${id.slice(0, 40)} exists already.`);
    const doc = { ...(blankRecord(def, id, caller.user.territoryId) as Record<string, unknown>), ...values, id, entityKey: key, _deleted: false } as Record<string, unknown>;
    if (!doc.ownerId) doc.ownerId = caller.user.id;
    return this.write(caller, def, doc, null);
  }

  async update(caller: Caller, key: string, id: string, body: unknown): Promise<WireDoc> {
    const def = this.def(key);
    const master = await this.get(caller, key, id);
    const values = this.values(def, body, false);
    return this.write(caller, def, { ...master, ...values, id, entityKey: key }, master);
  }

  async remove(caller: Caller, key: string, id: string): Promise<void> {
    const master = await this.get(caller, key, id);
    requireRight(caller.rights, 'delete', key, master.territoryId);
    await this.records.commit(caller, [{ entity: 'customRecord', doc: { ...master, _deleted: true }, master }]);
  }

  /**
   * Checked against the entity's declaration (its fields, custom ones included; the online path places it in its
   * parent's territory when its rule says so), then written as a `customRecord` (its rights: the entity's).
   */
  private async write(caller: Caller, def: EntityDef, doc: Record<string, unknown>, master: WireDoc | null): Promise<WireDoc> {
    const issues = validateRecord(def, doc, notDeclared({ entity: 'customRecord', doc: doc as unknown as WireDoc, master, def }));
    if (issues.length) throw invalid(issues);
    // A parent field the entity does not have stays empty (customRecord has both).
    for (const k of ['companyId', 'personId']) if (!(k in def.fields)) doc[k] = '';
    return this.records.write(caller, { entity: 'customRecord', doc: doc as unknown as WireDoc, master, def });
  }

  /** The keys a client may send: the entity's fields, its territory (unless it comes from its parent), an id on create. */
  private values(def: EntityDef, body: unknown, creating: boolean): Record<string, unknown> {
    if (!isObject(body)) throw bad(`Send the ${def.name}'s fields as a JSON object.`);
    const out: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(body)) {
      if (Object.prototype.hasOwnProperty.call(def.fields, k)) out[k] = v;
      else if (k === 'territoryId' && !def.territoryFrom) out[k] = v;
      else if (k === 'id' && creating) out[k] = v;
      else if (!READ_BACK.includes(k)) unknown.push(k);
    }
    if (unknown.length) throw bad(`${def.name} has no fields ${unknown.slice(0, 5).map((k) => `"${k.slice(0, 40)}"`).join(', ')}.`);
    return out;
  }
}

/** Where a custom entity's records may be read: the territories where the caller may view that entity (never customRecord's rights). */
export const customScope = (rights: EffectiveRights, key: string): PullScope => ({ kind: 'territory', territories: rights[key]?.view ?? [] });

/** A query on customRecord rows narrowed to one entity, searched and filtered with that entity's own declaration (its custom fields included). */
export const customQuery = (key: string, query: RecordQuery): RecordQuery => ({ ...query, equals: { ...query.equals, entityKey: key }, as: key });

/** The built-in declaration custom records are stored with (its `entityKey` included). */
export const storedDef = (): EntityDef => entityDef('customRecord');
