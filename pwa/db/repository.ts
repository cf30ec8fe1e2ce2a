// Reads and writes records on the device: validation first (the same rules as the server), then RxDB, then the pending count.
import type { Observable } from 'rxjs';
import { catchError, combineLatest, defer, EMPTY, map, merge, share, takeUntil, throwError } from 'rxjs';
import { customEntity, emptyValue, entityDef, storedDefOf, type AnyRecord, type EntityDef, type EntityName, type RefField } from '../../shared/entities/index.ts';
import { FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { blankRecord, recordTitle, sameUserState, searchText } from '../../shared/records.ts';
import { changedRefs } from '../../shared/refs.ts';
import { validateRecord } from '../../shared/validation.ts';
import { withCurrentInstants, withTypedInstant } from '../../shared/time/wall-clock.ts';
import { zoneRules } from '../time/zones.ts';
import { duplicateEmailIssues, EMAIL_ENTITIES, emailKeys, isEmailEntity, type EmailOwner } from '../../shared/email.ts';
import type { SettingKey } from '../../shared/settings.ts';
import type { FieldDatabase } from './database.ts';
import { newId } from './ids.ts';
import type { PendingChanges } from './pending.ts';
import { storedDocuments } from './rxdb-internals.ts';

export interface Author {
  userId: string;
  territoryId: string;
}

/**
 * A custom entity kept on devices whose collection this database does not have yet: the device reopens with it in a
 * moment. Answered as an issue, not thrown, so the form says so and keeps what was typed.
 */
const REOPENING = { ok: false as const, issues: [{ field: '', code: FIELD_CODES.DEVICE_REOPENING }] };

/** `unchanged`: the record already had every value asked for, so nothing was written (and nothing waits to be sent). */
export type SaveResult = { ok: true; record: AnyRecord; unchanged?: true } | { ok: false; issues: FieldIssue[] };

/** E-mail addresses are kept without surrounding spaces (typed or pasted ones often carry one). */
function trimAddresses(values: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(values.emails)) return values;
  return { ...values, emails: (values.emails as unknown[]).map((e) => (e && typeof e === 'object' && typeof (e as { address?: unknown }).address === 'string' ? { ...e, address: (e as { address: string }).address.trim() } : e)) };
}

/** A plain copy of a stored document, without RxDB's bookkeeping keys. */
function plain(doc: { toJSON(): unknown }): AnyRecord {
  return doc.toJSON() as AnyRecord;
}

/**
 * What screens read: a record whose times are booked on a wall clock (appointments) with its instants as the
 * shipped zone rules say now, so a stored instant computed under other rules never shows (decision 0016).
 */
function readable(def: EntityDef, record: AnyRecord): AnyRecord {
  return def.wallClock ? (withCurrentInstants(def, zoneRules, record as unknown as Record<string, unknown>) as unknown as AnyRecord) : record;
}

interface Indexed {
  record: AnyRecord;
  /** Lower-case search text (searchText), and the title for the reference look-up. */
  text: string;
  title: string;
}

/**
 * Each stored document's plain copy and search text, computed once. RxDB hands out one immutable RxDocument per
 * revision, so a changed record is a new key and the entry of the old revision goes with its document. Without it,
 * every keystroke copied and lower-cased every record again: 50,000 persons took hundreds of ms (docs/decisions/0009).
 */
const INDEX = new WeakMap<object, Indexed>();

function indexed(def: EntityDef, doc: { toJSON(): unknown }): Indexed {
  let e = INDEX.get(doc);
  if (!e) {
    const record = readable(def, plain(doc));
    e = { record, text: searchText(def, record), title: recordTitle(def, record) };
    INDEX.set(doc, e);
  }
  return e;
}

export class RecordRepository {
  constructor(
    private readonly db: FieldDatabase,
    private readonly pending: PendingChanges,
    private readonly author: Author,
    /** System settings as the session has them (pulled from the server, kept for offline use). */
    private readonly settings: () => Partial<Record<SettingKey, boolean>> = () => ({}),
    /** Called before every local write with the stored document as it is (RxDB's `_meta` and `_rev` included). */
    private readonly beforeWrite: (entity: EntityName, stored: Record<string, unknown> | null) => Promise<void> = async () => undefined,
  ) {}

  /** The stored document with RxDB's bookkeeping, for `beforeWrite` (the sync engine reads its `_meta`). */
  private async prepareWrite(entity: EntityName, doc: { toJSON(withMeta: true): unknown } | null): Promise<void> {
    await this.beforeWrite(entity, doc ? (doc.toJSON(true) as Record<string, unknown>) : null);
  }

  /**
   * The collection an entity's records are in: its own, or for a custom entity kept on devices the one collection of
   * custom records, where its records are those with its key (docs/decisions/0057).
   */
  private col(entity: EntityName): FieldDatabase['collections'][EntityName] {
    return this.db.collections[customEntity(entity) ? 'customRecord' : entity];
  }
  /** The selector of an entity's records in its collection (a custom entity's: its key). */
  private mine(entity: EntityName): Record<string, string> {
    return customEntity(entity) ? { entityKey: entity } : {};
  }
  /**
   * A live query of a database closed under it (a reopen for a new customisation: screens resubscribe once the new one
   * is open) ends quietly instead of failing (RxDB's COL21, an uncaught error on the page).
   */
  private live<T>(entity: EntityName, make: () => Observable<T>): Observable<T> {
    // A custom entity kept on devices whose collection this database does not have yet (the device reopens with it
    // in a moment, and the screens are rebuilt then): nothing to show until then.
    if (!this.has(entity)) return EMPTY;
    return defer(make).pipe(catchError((err: unknown) => (this.db.closed || this.col(entity).closed ? EMPTY : throwError(() => err))));
  }
  /** This database has the entity's collection (a custom entity's: once the device has reopened with it). */
  private has(entity: EntityName): boolean {
    return this.col(entity) !== undefined;
  }
  /** A stored document of another custom entity is not this one's record. */
  private owns(entity: EntityName, doc: { get(k: string): unknown } | null): boolean {
    return doc !== null && (!customEntity(entity) || doc.get('entityKey') === entity);
  }
  /** Keys a custom record stores that its entity does not declare (its key, the parent it does not have). */
  private undeclared(entity: EntityName): string[] {
    if (!customEntity(entity)) return [];
    const own = entityDef(entity).fields;
    return Object.keys(storedDefOf('customRecord', { entityKey: entity }).fields).filter((k) => !(k in own));
  }
  /**
   * A custom record as the collection keeps it: its key, empty values for the columns its entity does not declare,
   * and, when its territory is its parent's, the parent's territory (the server places it so too).
   */
  private async stored(entity: EntityName, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!customEntity(entity)) return doc;
    const out: Record<string, unknown> = { ...doc, entityKey: entity };
    const def = entityDef(entity);
    for (const [k, f] of Object.entries(storedDefOf('customRecord', out).fields)) if (k !== 'entityKey' && (!(k in def.fields) || out[k] === undefined)) out[k] = emptyValue(f);
    const from = def.territoryFrom;
    const ref = from ? (def.fields[from] as RefField | undefined) : undefined;
    const parentId = from ? out[from] : undefined;
    if (ref && typeof parentId === 'string' && parentId) {
      const parent = await this.db.collections[ref.to[0] as EntityName]?.findOne(parentId).exec();
      if (parent) out.territoryId = parent.get('territoryId');
    }
    return out;
  }

  /** A new, unsaved record with defaults, a fresh id, the author's territory and the given values. */
  blank(entity: EntityName, values: Record<string, unknown> = {}): AnyRecord {
    const def = entityDef(entity);
    const base = blankRecord(def, newId(), this.author.territoryId) as Record<string, unknown>;
    // A new appointment or task is on its author's calendar unless said otherwise.
    if ('ownerId' in def.fields && def.scope !== 'owner') base.ownerId = this.author.userId;
    return { ...base, ...values } as AnyRecord;
  }

  async get(entity: EntityName, id: string): Promise<AnyRecord | null> {
    if (!this.has(entity)) return null;
    const doc = await this.col(entity).findOne(id).exec();
    return doc && this.owns(entity, doc) ? readable(entityDef(entity), plain(doc)) : null;
  }

  get$(entity: EntityName, id: string): Observable<AnyRecord | null> {
    return this.live(entity, () => this.col(entity).findOne(id).$).pipe(map((d) => (d && this.owns(entity, d) ? readable(entityDef(entity), plain(d)) : null)));
  }

  /** The record as this author writes it now (stamped, addresses trimmed), and what its fields' own rules say. */
  private stamped(entity: EntityName, record: AnyRecord): { doc: Record<string, unknown>; issues: FieldIssue[] } {
    // Booked wall times are stored with the instants they give (filled in from the instants when a record had none).
    const doc = readable(entityDef(entity), trimAddresses({ ...record, updatedAt: new Date().toISOString(), updatedBy: this.author.userId } as Record<string, unknown>) as AnyRecord) as Record<string, unknown>;
    delete doc._deleted;
    return { doc, issues: validateRecord(entityDef(entity), doc, this.undeclared(entity)) };
  }

  /** Validates and stores; on invalid input nothing is written and the issues say why. */
  async save(entity: EntityName, record: AnyRecord): Promise<SaveResult> {
    if (!this.has(entity)) return REOPENING;
    const def = entityDef(entity);
    const stamped = this.stamped(entity, record);
    if (stamped.issues.length) return { ok: false, issues: stamped.issues };
    const doc = await this.stored(entity, stamped.doc);
    // Saving what is already stored changes nothing: no write, and nothing to count as waiting (it would never go up).
    const current = await this.col(entity).findOne(record.id).exec();
    // An id of another custom entity's record is not this one's to overwrite.
    if (current && !this.owns(entity, current)) return { ok: false, issues: [{ field: 'id', code: FIELD_CODES.BAD_ID }] };
    if (current && sameUserState(def, plain(current) as Record<string, unknown>, doc)) return { ok: true, record: plain(current) };
    const refused = await this.refIssues(entity, doc, current ? plain(current) : null);
    if (refused.length) return { ok: false, issues: refused };
    await this.prepareWrite(this.collectionName(entity), current);
    await this.col(entity).upsert(doc as AnyRecord);
    this.pending.markWritten(this.collectionName(entity), record.id);
    return { ok: true, record: doc as AnyRecord };
  }

  /**
   * Changes some fields of a stored record, on top of its current state: a form or a drag that read the record a
   * while ago must not write back the other fields as they were then (that would undo a colleague's change that
   * arrived meanwhile). The merged record is validated like any save; nothing is written if it is invalid.
   */
  async update(entity: EntityName, id: string, changes: Record<string, unknown>): Promise<SaveResult> {
    if (!this.has(entity)) return REOPENING;
    const doc = await this.col(entity).findOne(id).exec();
    if (!doc || !this.owns(entity, doc)) return { ok: false, issues: [{ field: 'id', code: FIELD_CODES.BAD_ID }] };
    // A custom record settled from the conflicts screen (by its collection's name): with its own entity's fields.
    const def = entity === 'customRecord' ? storedDefOf(entity, plain(doc)) : entityDef(entity);
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(trimAddresses({ ...changes }))) if (k in def.fields || k === 'territoryId') clean[k] = v;
    let next = { ...plain(doc), ...clean, updatedAt: new Date().toISOString(), updatedBy: this.author.userId } as Record<string, unknown>;
    if (def.wallClock) {
      // A new instant without its wall time (a drag) books the wall time it names; then instants follow wall times.
      for (const t of def.wallClock.times) if (t.instant in clean && !(t.wall in clean)) next = withTypedInstant(def, zoneRules, next, t.instant, String(clean[t.instant] ?? ''));
      next = withCurrentInstants(def, zoneRules, next);
      const before = plain(doc) as Record<string, unknown>;
      for (const t of def.wallClock.times) for (const k of [t.instant, t.wall]) if (next[k] !== before[k]) clean[k] = next[k];
    }
    delete next._deleted;
    const issues = validateRecord(def, next, this.undeclared(entity));
    if (issues.length) return { ok: false, issues };
    // A custom record whose parent changed moves to the new parent's territory (docs/decisions/0057).
    const placed = await this.stored(entity, next);
    if (placed.territoryId !== next.territoryId) clean.territoryId = next.territoryId = placed.territoryId;
    if (sameUserState(def, plain(doc) as Record<string, unknown>, next)) return { ok: true, record: plain(doc), unchanged: true };
    const refused = await this.refIssues(entity, next, plain(doc));
    if (refused.length) return { ok: false, issues: refused };
    await this.prepareWrite(this.collectionName(entity), doc);
    await doc.incrementalPatch({ ...clean, updatedAt: next.updatedAt, updatedBy: next.updatedBy } as Partial<AnyRecord>);
    this.pending.markWritten(this.collectionName(entity), id);
    return { ok: true, record: next as AnyRecord };
  }

  /**
   * What the server would refuse besides the fields' own rules: a new reference to a record this device does not hold
   * (the device holds every record its user may view, so the parent is hidden or gone), and a duplicate e-mail.
   */
  private async refIssues(entity: EntityName, next: Record<string, unknown>, before: Record<string, unknown> | null): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    for (const r of changedRefs(entityDef(entity), next, before)) {
      // A record the server keeps (a custom entity's, docs/decisions/0050) is not on the device: the server checks it.
      if (entityDef(r.entity).online) continue;
      if (!(await this.db.collections[r.entity].findOne(r.id).exec())) issues.push({ field: r.field, code: FIELD_CODES.REF_UNAVAILABLE });
    }
    return issues.length ? issues : this.duplicateEmails(entity, next, before);
  }

  /**
   * Brings back a record deleted on the server, with the values its author had (a kept `deleted` conflict): the same
   * id, over the device's tombstone, so the push carries the deletion it replaces as its base. Validated like a save.
   */
  async restore(entity: EntityName, record: AnyRecord): Promise<SaveResult> {
    if (!this.has(entity)) return REOPENING;
    const stamped = this.stamped(entity, record);
    if (stamped.issues.length) return { ok: false, issues: stamped.issues };
    const doc = await this.stored(entity, stamped.doc);
    const live = await this.col(entity).findOne(record.id).exec();
    if (live) return this.save(entity, doc as AnyRecord); // restored already (or never deleted here): an ordinary edit
    const refused = await this.refIssues(entity, doc, null);
    if (refused.length) return { ok: false, issues: refused };
    const name = this.collectionName(entity);
    await this.beforeWrite(name, (await storedDocuments(this.db.collections[name], [record.id]))[0] ?? null);
    await this.col(entity).insert(doc as AnyRecord);
    this.pending.markWritten(name, record.id);
    return { ok: true, record: doc as AnyRecord };
  }

  /** Duplicate e-mail detection is on (a system setting, pulled read-only from the server). */
  duplicateDetection(): boolean {
    return this.settings().duplicateEmailDetection === true;
  }

  /**
   * The duplicate e-mail rule against what this device holds (offline, at once): the server checks everything
   * again at push, where a record the device never had can still refuse the change (kept for its author to fix).
   * A full scan of companies, persons and leads, only when the record gains an address and the rule is on.
   */
  async duplicateEmails(entity: EntityName, next: Record<string, unknown>, before: Record<string, unknown> | AnyRecord | null): Promise<FieldIssue[]> {
    if (!isEmailEntity(entity)) return [];
    const had = before ? emailKeys(before) : [];
    const gained = emailKeys(next).filter((k) => !had.includes(k));
    if (!gained.length || !this.duplicateDetection()) return [];
    const owners = new Map<string, EmailOwner[]>();
    for (const e of EMAIL_ENTITIES) {
      for (const d of await this.db.collections[e].find().exec()) {
        const r = plain(d);
        for (const k of emailKeys(r)) if (gained.includes(k)) owners.set(k, [...(owners.get(k) ?? []), { entity: e, id: r.id, title: recordTitle(entityDef(e), r) }]);
      }
    }
    return duplicateEmailIssues(next, before, { entity, id: String(next.id) }, (k) => owners.get(k) ?? []);
  }

  async remove(entity: EntityName, id: string): Promise<void> {
    if (!this.has(entity)) return; // nothing of it is on this device yet
    const doc = await this.col(entity).findOne(id).exec();
    if (!doc || !this.owns(entity, doc)) return;
    await this.prepareWrite(this.collectionName(entity), doc);
    await doc.remove();
    this.pending.markWritten(this.collectionName(entity), id);
  }

  /** The collection name writes are counted and synced under (a custom entity's: the custom records'). */
  private collectionName(entity: EntityName): EntityName {
    return customEntity(entity) ? 'customRecord' : entity;
  }

  /** Records where `field` equals `value` (a company's persons, a record's notes), newest change first. */
  related$(entity: EntityName, field: string, value: string): Observable<AnyRecord[]> {
    return this.live(entity, () => this.col(entity).find({ selector: { ...this.mine(entity), [field]: value } }).$).pipe(map((docs) => docs.map((d) => readable(entityDef(entity), plain(d))).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))));
  }

  /** Every record of an entity, sorted by title, filtered by the type-ahead text (name, city, e-mail… per metadata). */
  list$(entity: EntityName, text$: Observable<string>): Observable<AnyRecord[]> {
    return this.sorted$(entity, text$, undefined);
  }

  /**
   * A list screen: the first `first` records in list order at once (one indexed range read), then every record once
   * they have all loaded (`complete`). With 8,000 companies on the device, waiting for all of them before showing
   * any put the warm start past 1.5 s (docs/decisions/0009).
   */
  listView$(entity: EntityName, text$: Observable<string>, first: number): Observable<{ records: AnyRecord[]; complete: boolean }> {
    const full$ = this.list$(entity, text$).pipe(
      map((records) => ({ records, complete: true })),
      share(),
    );
    const head$ = this.sorted$(entity, text$, first).pipe(map((records) => ({ records, complete: false })));
    return merge(head$.pipe(takeUntil(full$)), full$);
  }

  private sorted$(entity: EntityName, text$: Observable<string>, limit: number | undefined): Observable<AnyRecord[]> {
    const def = entityDef(entity);
    const sort = def.sort ?? { field: def.title[0] ?? 'id', direction: 'asc' };
    const query = { selector: this.mine(entity), sort: [{ [sort.field]: sort.direction } as never], ...(limit === undefined ? {} : { limit }) };
    const all$ = this.live(entity, () => this.col(entity).find(query).$);
    // Per result set (a new one comes only when records change): the records and their search texts side by side,
    // so a keystroke is one tight loop over strings; and the positions the last text matched, so a text that extends
    // it (typing on) looks only among those. 100,000 persons: see decision 0009.
    return defer(() => {
      let docsSeen: unknown = null;
      let records: AnyRecord[] = [];
      let texts: string[] = [];
      let lastQ = '';
      let lastHits: number[] | null = null;
      return combineLatest([all$, text$]).pipe(
        map(([docs, text]) => {
          if (docs !== docsSeen) {
            docsSeen = docs;
            records = new Array<AnyRecord>(docs.length);
            texts = new Array<string>(docs.length);
            for (let i = 0; i < docs.length; i++) {
              const e = indexed(def, docs[i]!);
              records[i] = e.record;
              texts[i] = e.text;
            }
            lastHits = null;
          }
          const q = text.trim().toLowerCase();
          if (q === '') {
            lastQ = '';
            lastHits = null;
            return records.slice();
          }
          const hits: number[] = [];
          const out: AnyRecord[] = [];
          if (lastHits && lastQ !== '' && q.startsWith(lastQ)) {
            for (const i of lastHits) if (texts[i]!.includes(q)) hits.push(i);
          } else {
            for (let i = 0; i < texts.length; i++) if (texts[i]!.includes(q)) hits.push(i);
          }
          for (const i of hits) out.push(records[i]!);
          lastQ = q;
          lastHits = hits;
          return out;
        }),
      );
    });
  }

  /** Up to `limit` records whose title or search text contains `text`: the look-up of a reference field. */
  async lookup(entity: EntityName, text: string, limit = 20): Promise<{ id: string; title: string }[]> {
    const def = entityDef(entity);
    const q = text.trim().toLowerCase();
    if (!this.has(entity)) return [];
    const docs = await this.col(entity).find({ selector: this.mine(entity) }).exec();
    const out: { id: string; title: string }[] = [];
    for (const d of docs) {
      const e = indexed(def, d);
      if (q === '' || e.text.includes(q) || e.title.toLowerCase().includes(q)) out.push({ id: e.record.id, title: e.title });
    }
    return out.sort((a, b) => a.title.localeCompare(b.title)).slice(0, limit);
  }

  async title(entity: EntityName, id: string): Promise<string> {
    if (!id) return '';
    const r = await this.get(entity, id);
    return r ? recordTitle(entityDef(entity), r) : '';
  }
}
