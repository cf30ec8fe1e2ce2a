// Online records (quotes, orders, products, opportunities): list, read, create, change and delete over REST, through the
// same write path as sync (rights, validation, territories) plus each entity's rules (prices, totals, territory from a parent).
import { randomUUID } from 'node:crypto';
import { entityDef, ID_MAX, isEntityName, type EntityName, type RefField } from '../../shared/entities/index.ts';
import { RELATED } from '../../shared/entities/relations.ts';
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { blankRecord } from '../../shared/records.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { validateRecord } from '../../shared/validation.ts';
import { mayView, pullScope, requireRight } from '../auth/rights.ts';
import type { UserRow } from '../db/accounts.ts';
import type { PushContext } from '../db/push-plan.ts';
import type { PushOutcome, RecordBatch, RecordPage, RecordQuery, SyncStore } from '../db/store.ts';
import type { ChangeBus } from '../events.ts';
import { AppError, invalid } from '../errors.ts';
import { isObject } from '../../shared/objects.ts';

/** Who asks, with their effective rights, and the time stamped on what they write. */
export interface Caller {
  user: UserRow;
  rights: EffectiveRights;
  now: string;
}

/** A record about to be written, and the state it replaces (null for a new one). */
export interface Write {
  entity: EntityName;
  doc: WireDoc;
  master: WireDoc | null;
}

/** What an entity adds to the generic path (sync-server/quotes/rules.ts for quotes and orders). */
export interface EntityRules {
  /** Fills defaults and computed fields of a header write, and returns every write that goes with it (its lines). Throws to refuse. */
  prepare?(caller: Caller, write: Write, records: OnlineRecords): Promise<Write[]>;
}

export const notFound = (entity: string): AppError => new AppError(404, ERROR_CODES.NOT_FOUND, `There is no such ${entity.slice(0, 30)} (or you may not view it).`);
const bad = (message: string): AppError => new AppError(400, ERROR_CODES.RECORD_BAD_INPUT, message);

/** Children that take their parent's rights (a quote's lines, a product's prices): written with it, deleted with it. */
export function ownedChildren(entity: EntityName): { entity: EntityName; field: string }[] {
  return RELATED[entity].filter((r) => entityDef(r.entity).rightsFrom === entity).map((r) => ({ entity: r.entity, field: r.field }));
}

/** The entity whose records are written only with this one's parent (quoteItem → quote), if any. */
function writtenWith(entity: EntityName): EntityName | null {
  const from = entityDef(entity).rightsFrom;
  // A product's prices are records of their own (a form, a list); a document's lines are not.
  return from && isEntityName(from) && (entity === 'quoteItem' || entity === 'orderItem') ? from : null;
}

export class OnlineRecords {
  constructor(
    readonly store: SyncStore,
    private readonly bus: ChangeBus,
    private readonly rules: Partial<Record<EntityName, EntityRules>> = {},
    /** Told of each write's outcome (the metrics count the table rules that acted or failed). */
    private readonly onWritten?: (entity: EntityName, out: PushOutcome) => void,
  ) {}

  /** A page of live records the caller may view, in the entity's list order. */
  async list(caller: Caller, entity: EntityName, query: RecordQuery, page: { offset: number; limit: number }): Promise<RecordPage> {
    const def = entityDef(entity);
    for (const k of Object.keys(query.equals ?? {})) if (!Object.prototype.hasOwnProperty.call(def.fields, k)) throw bad(`${entity} has no field "${k.slice(0, 40)}" to filter on.`);
    return this.store.listRecords(entity, query, pullScope(entity, caller.user, caller.rights), page);
  }

  /** The live record, if the caller may view it; else 404 (whether it exists is not theirs to know). */
  async get(caller: Caller, entity: EntityName, id: string): Promise<WireDoc> {
    const doc = await this.find(caller, entity, id);
    if (!doc) throw notFound(entity);
    return doc;
  }

  async find(caller: Caller, entity: EntityName, id: string): Promise<WireDoc | null> {
    if (!id || id.length > ID_MAX) return null;
    const [doc] = await this.store.getByIds(entity, [id]);
    return doc && !doc._deleted && mayView(entity, caller.user, caller.rights, doc) ? doc : null;
  }

  /** Live records of `entity` whose `field` is `value`, that the caller may view (a quote's lines), in list order. */
  async children(caller: Caller, entity: EntityName, field: string, value: string): Promise<WireDoc[]> {
    const out: WireDoc[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await this.list(caller, entity, { equals: { [field]: value } }, { offset, limit: 500 });
      out.push(...page.records);
      if (out.length >= page.total || page.records.length === 0) return out;
    }
  }

  async create(caller: Caller, entity: EntityName, body: unknown): Promise<WireDoc> {
    this.writable(entity);
    const values = this.values(entity, body, true);
    const id = typeof values.id === 'string' && values.id ? values.id : randomUUID();
    if ((await this.store.getByIds(entity, [id])).length) throw bad(`A ${entity} with id ${id.slice(0, 40)} exists already.`);
    const def = entityDef(entity);
    const doc = { ...(blankRecord(def, id, caller.user.territoryId) as Record<string, unknown>), ...values, id, _deleted: false } as Record<string, unknown>;
    if ('ownerId' in def.fields && !doc.ownerId) doc.ownerId = caller.user.id;
    return this.write(caller, { entity, doc: doc as unknown as WireDoc, master: null });
  }

  /** Changes the given fields on top of the record as it is now. */
  async update(caller: Caller, entity: EntityName, id: string, body: unknown): Promise<WireDoc> {
    this.writable(entity);
    const master = await this.get(caller, entity, id);
    const values = this.values(entity, body, false);
    return this.write(caller, { entity, doc: { ...master, ...values, id } as WireDoc, master });
  }

  /** Deletes the record and the children that live only through it (a quote's lines), in one transaction. */
  async remove(caller: Caller, entity: EntityName, id: string): Promise<void> {
    this.writable(entity);
    const master = await this.get(caller, entity, id);
    requireRight(caller.rights, 'delete', entity, master.territoryId);
    const writes: Write[] = [{ entity, doc: { ...master, _deleted: true }, master }];
    for (const child of ownedChildren(entity)) for (const kid of await this.children(caller, child.entity, child.field, id)) writes.push({ entity: child.entity, doc: { ...kid, _deleted: true }, master: kid });
    await this.commit(caller, writes);
  }

  /** Runs the entity's rules, checks references and territory, validates everything, then writes it all or nothing. */
  async write(caller: Caller, write: Write): Promise<WireDoc> {
    const doc = write.doc as unknown as Record<string, unknown>;
    // What the client sent is checked first, so the rules compute only from valid values (a tax rate, a currency);
    // a missing value may still be one the rules fill (a reference), so "required" waits for the final check.
    const issues = validateRecord(entityDef(write.entity), doc, ['_deleted']).filter((i) => i.code !== FIELD_CODES.REQUIRED);
    const refs = new Map<string, WireDoc>();
    if (!issues.length) issues.push(...(await this.checkRefs(caller, write.entity, doc, refs)));
    if (issues.length) throw invalid(issues);
    await this.placeInTerritory(caller, write, refs);
    const extra = (await this.rules[write.entity]?.prepare?.(caller, write, this)) ?? [];
    await this.commit(caller, [write, ...extra]);
    return write.doc;
  }

  /** Validates and writes in one transaction; issues of a line are named `items.<n>.<field>` by the rules that made it. */
  async commit(caller: Caller, writes: readonly Write[]): Promise<void> {
    const issues: FieldIssue[] = [];
    for (const w of writes) {
      if (w.doc._deleted) continue;
      const found = validateRecord(entityDef(w.entity), w.doc as unknown as Record<string, unknown>, ['_deleted']);
      issues.push(...found);
    }
    if (issues.length) throw invalid(issues);
    const batches = new Map<EntityName, RecordBatch & { rows: { assumedMasterState: WireDoc | null; newDocumentState: WireDoc }[] }>();
    for (const w of writes) {
      const b = batches.get(w.entity) ?? { entity: w.entity, rows: [] };
      b.rows.push({ assumedMasterState: w.master, newDocumentState: w.doc });
      batches.set(w.entity, b);
    }
    const ctx: PushContext = { userId: caller.user.id, login: caller.user.login, rights: caller.rights, lenient: false, now: caller.now };
    const out = await this.store.writeRecords([...batches.values()], ctx);
    // Open screens of these records (and devices, for a conflict kept for the author) hear of it.
    this.bus.publishWrite(out);
    if (writes[0]) this.onWritten?.(writes[0].entity, out);
    for (const w of writes) Object.assign(w.doc, { updatedAt: caller.now, updatedBy: caller.user.id });
    // A table rule that set a field: the record answered is the one written (the store answers it as the master).
    const written = new Map(out.conflicts.map((d) => [d.id, d]));
    for (const w of writes) {
      const d = written.get(w.doc.id);
      if (d && !d._deleted) Object.assign(w.doc, d);
    }
  }

  /** A record whose territory comes from its parent (a quote from its company) takes it; the parent must be viewable (`refs`: those checkRefs read). */
  private async placeInTerritory(caller: Caller, write: Write, refs: ReadonlyMap<string, WireDoc>): Promise<void> {
    const def = entityDef(write.entity);
    if (!def.territoryFrom) return;
    const field = def.fields[def.territoryFrom] as RefField | undefined;
    const target = field?.to[0];
    const parentId = (write.doc as unknown as Record<string, unknown>)[def.territoryFrom];
    if (!target || !isEntityName(target) || typeof parentId !== 'string' || !parentId) return; // validation says "required"
    const parent = refs.get(def.territoryFrom) ?? (await this.find(caller, target, parentId));
    if (!parent) throw invalid([{ field: def.territoryFrom, code: FIELD_CODES.REF_UNAVAILABLE }]);
    write.doc = { ...write.doc, territoryId: parent.territoryId };
  }

  /** Every reference names a live record the caller may view (or a user that exists): a quote cannot point at a hidden company. Those found go in `found`, by field. */
  private async checkRefs(caller: Caller, entity: EntityName, doc: Record<string, unknown>, found: Map<string, WireDoc>): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    for (const [name, f] of Object.entries(entityDef(entity).fields)) {
      const v = doc[name];
      if (f.kind !== 'ref' || typeof v !== 'string' || v === '' || f.to.length !== 1) continue;
      const target = f.to[0]!;
      if (target === 'user') {
        // The caller, or a user looked up by id (compared exactly: SQL Server's collation ignores case).
        if (v !== caller.user.id && (await this.store.getUser(v))?.id !== v) issues.push({ field: name, code: FIELD_CODES.REF_UNAVAILABLE });
      } else if (isEntityName(target)) {
        const ref = await this.find(caller, target, v);
        if (ref) found.set(name, ref);
        else issues.push({ field: name, code: FIELD_CODES.REF_UNAVAILABLE });
      }
    }
    return issues;
  }

  private writable(entity: EntityName): void {
    if (!entityDef(entity).online) throw new AppError(409, ERROR_CODES.RECORD_NOT_WRITABLE_HERE, `${entity} records are kept on devices: write them through sync.`);
    const parent = writtenWith(entity);
    if (parent) throw new AppError(409, ERROR_CODES.RECORD_NOT_WRITABLE_HERE, `${entity} records are written with their ${parent}: PUT /api/${parent}s/:id/lines.`);
  }

  /** The keys a client may send: the entity's fields that are not computed, its territory (unless it comes from a parent), and an id on create. */
  private values(entity: EntityName, body: unknown, creating: boolean): Record<string, unknown> {
    if (!isObject(body)) throw bad(`Send the ${entity}'s fields as a JSON object.`);
    const def = entityDef(entity);
    const out: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(body)) {
      const f = Object.prototype.hasOwnProperty.call(def.fields, k) ? def.fields[k] : undefined;
      if (f) {
        if (!f.computed) out[k] = v;
      } else if (k === 'territoryId' && !def.territoryFrom) out[k] = v;
      else if (k === 'id' && creating) out[k] = v;
      // What a client read back may come with it: the server's stamps and the deletion flag are the server's to set.
      else if (!['id', 'territoryId', 'updatedAt', 'updatedBy', '_deleted'].includes(k)) unknown.push(k);
    }
    if (unknown.length) throw bad(`${entity} has no fields ${unknown.slice(0, 5).map((k) => `"${k.slice(0, 40)}"`).join(', ')}.`);
    return out;
  }
}
