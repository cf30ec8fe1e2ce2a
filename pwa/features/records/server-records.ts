// Records the server keeps (quotes, orders, products, opportunities: online only) read and written over REST, with the
// same methods the screens use on the device's repository, so lists, views and forms stay the metadata's for both.
import { combineLatest, debounceTime, distinctUntilChanged, filter, from, map, of, startWith, Subject, switchMap, type Observable } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { childEntities, entityDef, type AnyRecord, type EntityName } from '../../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../../shared/errors.ts';
import { blankRecord, recordTitle } from '../../../shared/records.ts';
import type { StreamEvent } from '../../../shared/sync.ts';
import { validateRecord } from '../../../shared/validation.ts';
import { newId } from '../../db/ids.ts';
import type { Author, SaveResult } from '../../db/repository.ts';
import { ApiError, type ApiClient } from '../../net/api.ts';

/** A server list's order and filter row, as the list route reads them (`sort=total,-issuedAt`, `filter[key]=value`). */
export interface ServerListParams {
  sort: string;
  filters: readonly (readonly [string, string])[];
}

export interface RecordPage {
  total: number;
  records: AnyRecord[];
}

const enc = encodeURIComponent;

/** What a refused write says to the form: the server's field issues, else one issue naming why. */
function refusal(err: unknown): SaveResult {
  if (err instanceof ApiError) {
    const issues = (err.problem?.issues ?? []).map(({ field, code, detail }) => ({ field, code, ...(detail === undefined ? {} : { detail }) })) as FieldIssue[];
    if (issues.length) return { ok: false, issues };
    if (err.code === ERROR_CODES.FORBIDDEN) return { ok: false, issues: [{ field: 'territoryId', code: FIELD_CODES.NO_RIGHT }] };
  }
  throw err;
}

export class ServerRecords {
  /** Bumped by this device's own writes and by the live stream's news of other users' (per entity). */
  private readonly changed = new Subject<{ entity: string; n: number }>();
  private n = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly author: Author,
    events: Observable<StreamEvent>,
  ) {
    events.subscribe((e) => this.touch(e.collection));
  }

  private touch(entity: string): void {
    this.changed.next({ entity, n: ++this.n });
  }

  /** Emits now (every subscriber reads once) and whenever records of these entities change. */
  private changes(...entities: string[]): Observable<number> {
    return this.changed.pipe(
      filter((c) => entities.includes(c.entity)),
      map((c) => c.n),
      startWith(0),
    );
  }

  blank(entity: EntityName, values: Record<string, unknown> = {}): AnyRecord {
    const def = entityDef(entity);
    const base = blankRecord(def, newId(), this.author.territoryId) as Record<string, unknown>;
    if ('ownerId' in def.fields) base.ownerId = this.author.userId;
    return { ...base, ...values } as AnyRecord;
  }

  async get(entity: EntityName, id: string): Promise<AnyRecord | null> {
    if (!id) return null;
    const found = await this.api.get<AnyRecord[]>(`/api/records/${entity}?ids=${enc(id)}`);
    return found[0] ?? null;
  }

  get$(entity: EntityName, id: string): Observable<AnyRecord | null> {
    return this.changes(entity, ...childEntities(entity)).pipe(switchMap(() => from(this.get(entity, id)).pipe(catchError(() => of(null)))));
  }

  async page(entity: EntityName, query: { q?: string; field?: string; value?: string } & Partial<ServerListParams>, offset: number, limit: number, signal?: AbortSignal): Promise<RecordPage> {
    const p = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    if (query.q) p.set('q', query.q);
    if (query.field !== undefined && query.value !== undefined) {
      p.set('field', query.field);
      p.set('value', query.value);
    }
    if (query.sort) p.set('sort', query.sort);
    for (const [k, v] of query.filters ?? []) p.set(`filter[${k}]`, v);
    return this.api.get<RecordPage>(`/api/records/${entity}/list?${p.toString()}`, signal);
  }

  /** A list screen: the first `first` records that the text finds, in list order, with how many there are in all. */
  listView$(entity: EntityName, text$: Observable<string>, first: number): Observable<{ records: AnyRecord[]; complete: boolean; total: number }> {
    return combineLatest([text$.pipe(debounceTime(200), startWith(''), distinctUntilChanged()), this.changes(entity)]).pipe(
      switchMap(([text]) =>
        from(this.page(entity, { q: text.trim().slice(0, 100) }, 0, first)).pipe(
          map((p) => ({ records: p.records, complete: true, total: p.total })),
          catchError(() => of({ records: [] as AnyRecord[], complete: true, total: 0 })),
        ),
      ),
    );
  }

  /**
   * A paged list screen: the page at `offset$` of what the text finds, with how many there are in all. A new text
   * starts again at the first page (the caller resets the offset); a change of these records reads the page again.
   */
  pageView$(
    entity: EntityName,
    text$: Observable<string>,
    offset$: Observable<number>,
    limit: number,
    params$: Observable<ServerListParams> = of({ sort: '', filters: [] }),
  ): Observable<{ records: AnyRecord[]; total: number; offset: number; failed: boolean }> {
    const params = params$.pipe(distinctUntilChanged((a, b) => a.sort === b.sort && JSON.stringify(a.filters) === JSON.stringify(b.filters)));
    return combineLatest([text$.pipe(debounceTime(200), startWith(''), distinctUntilChanged()), offset$.pipe(distinctUntilChanged()), params, this.changes(entity)]).pipe(
      // A new sort or filter also resets the offset: the two arrive together, so only the last pair is read.
      debounceTime(0),
      switchMap(([text, offset, { sort, filters }]) =>
        from(this.page(entity, { q: text.trim().slice(0, 100), sort, filters }, offset, limit)).pipe(
          map((p) => ({ records: p.records, total: p.total, offset, failed: false })),
          catchError(() => of({ records: [] as AnyRecord[], total: 0, offset, failed: true })),
        ),
      ),
    );
  }

  /** Records where `field` equals `value` (a product's prices, an opportunity's quotes). */
  related$(entity: EntityName, field: string, value: string): Observable<AnyRecord[]> {
    return this.changes(entity).pipe(switchMap(() => from(this.page(entity, { field, value }, 0, 500)).pipe(map((p) => p.records), catchError(() => of([] as AnyRecord[])))));
  }

  /** Checks what the form can (the same metadata rules), then creates on the server, which applies the entity's rules. */
  async save(entity: EntityName, record: AnyRecord): Promise<SaveResult> {
    const def = entityDef(entity);
    const issues = validateRecord(def, record as Record<string, unknown>, ['_deleted']).filter((i) => !def.fields[i.field]?.computed);
    if (issues.length) return { ok: false, issues };
    const body: Record<string, unknown> = { id: record.id };
    for (const [k, f] of Object.entries(def.fields)) if (!f.computed) body[k] = (record as Record<string, unknown>)[k];
    if (!def.territoryFrom) body.territoryId = record.territoryId;
    try {
      const saved = await this.api.post<AnyRecord>(`/api/records/${entity}`, body);
      this.touch(entity);
      return { ok: true, record: saved };
    } catch (err) {
      return refusal(err);
    }
  }

  async update(entity: EntityName, id: string, changes: Record<string, unknown>): Promise<SaveResult> {
    const def = entityDef(entity);
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(changes)) if ((def.fields[k] && !def.fields[k]?.computed) || (k === 'territoryId' && !def.territoryFrom)) body[k] = v;
    try {
      const saved = await this.api.request<AnyRecord>('PATCH', `/api/records/${entity}/${enc(id)}`, body);
      this.touch(entity);
      return { ok: true, record: saved };
    } catch (err) {
      return refusal(err);
    }
  }

  async remove(entity: EntityName, id: string): Promise<void> {
    await this.api.request('DELETE', `/api/records/${entity}/${enc(id)}`);
    this.touch(entity);
  }

  /** Announces a change made through another call (a quote's lines, a conversion), so open screens read again. */
  changedOutside(...entities: EntityName[]): void {
    for (const e of entities) this.touch(e);
  }

  async lookup(entity: EntityName, text: string, limit = 20): Promise<{ id: string; title: string }[]> {
    const def = entityDef(entity);
    const page = await this.page(entity, { q: text.trim().slice(0, 100) }, 0, limit);
    return page.records.map((r) => ({ id: r.id, title: recordTitle(def, r as Record<string, unknown>) || r.id }));
  }

  async title(entity: EntityName, id: string): Promise<string> {
    const r = id ? await this.get(entity, id).catch(() => null) : null;
    return r ? recordTitle(entityDef(entity), r as Record<string, unknown>) : '';
  }

  duplicateDetection(): boolean {
    return false;
  }
}
