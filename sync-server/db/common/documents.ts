// Documents on any dialect: metadata rows, bytes in the database when the settings say so, and the list within what a user may see.
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { DOCUMENT_TARGETS } from '../../../shared/documents.ts';
import { col, type Dialect, type Ops } from '../dialect.ts';
import { documentOf, MessageFiledAlready, nameKey, namePattern, type DocumentListQuery, type DocumentRow, type DocumentStore, type DocumentVisibility, type FiledMessageRow } from '../documents.ts';

const filedOf = (row: Record<string, unknown>): FiledMessageRow => ({ messageKey: String(row.messageKey), communicationId: String(row.communicationId), filedBy: String(row.filedBy), filedAt: String(row.filedAt) });
import { inList } from './scope.ts';
import { listFilter, listOrder, type ListColumns } from './plain-list.ts';

export class SqlDocumentStore implements DocumentStore {
  constructor(private readonly d: Dialect) {}

  private get t() {
    return this.d.tables.documents;
  }

  /**
   * The documents a user may see (mayViewDocument in shared/documents.ts, as SQL): per kind of record, those filed with
   * a live record in a territory where the user may view that kind, and whose policy lets them — `inherit` as is,
   * `territory` when the document's territory is viewable too, `private` for its filer or an administrator. Each kind
   * lists its territories twice; with five kinds that stays far below the parameter limit for any real territory tree.
   */
  private visible(q: Ops, v: DocumentVisibility): SQL {
    const d = this.t;
    const parts: SQL[] = [];
    let params = 0;
    for (const target of DOCUMENT_TARGETS) {
      const territories = v.view[target] ?? [];
      if (territories.length === 0) continue;
      params += 2 * territories.length + 5;
      if (params > this.d.maxParams) throw new Error('too many territories for one documents query');
      const t = this.d.entityTable(target);
      const records = q.subquery(t, { fields: ['id'], where: and(eq(col(t, '_deleted'), false), inList(col(t, 'territoryId'), territories)) });
      const policy = or(eq(d.policy, 'inherit'), and(eq(d.policy, 'territory'), inList(d.territoryId, territories)), v.admin ? eq(d.policy, 'private') : and(eq(d.policy, 'private'), eq(d.ownerId, v.userId)));
      parts.push(and(eq(d.entity, target), inArray(d.recordId, records), policy) as SQL);
    }
    return parts.length ? (or(...parts) as SQL) : sql`1 = 0`;
  }

  /** The list's filter: what the user may see, on one record (filed with it or dropped on it), whose name contains the text. */
  private filter(q: Ops, query: DocumentListQuery): SQL | undefined {
    const d = this.t;
    const record = query.record;
    return and(
      this.visible(q, query.visibility),
      record ? or(and(eq(d.entity, record.entity), eq(d.recordId, record.id)), and(eq(d.viaEntity, record.entity), eq(d.viaRecordId, record.id))) : undefined,
      query.text.trim() ? sql`${d.nameKey} like ${namePattern(query.text)} escape '\\'` : undefined,
      listFilter(this.columns, query.filters ?? []),
    );
  }

  /** The list's fields (DOCUMENT_LIST) as columns: the name sorts by its case-folded key. */
  private get columns(): ListColumns {
    const d = this.t;
    return { name: d.nameKey, contentType: d.contentType, size: d.size, entity: d.entity, createdAt: d.createdAt, updatedAt: d.updatedAt };
  }

  async insert(rows: readonly DocumentRow[], contents: ReadonlyMap<string, Uint8Array>, beforeCommit?: () => void, filed?: FiledMessageRow): Promise<void> {
    const { t, d } = this;
    await d.transaction('write', function* (q) {
      if (filed) {
        const f = d.tables.filedMessages;
        const [held] = yield* q.rows(f, { where: eq(f.messageKey, filed.messageKey), lock: 'hold' });
        if (held) {
          const c = d.entityTable('communication');
          const [live] = yield* q.rows(c, { fields: ['id'], where: and(eq(col(c, 'id'), held.communicationId), eq(col(c, '_deleted'), false)) });
          if (live) throw new MessageFiledAlready(filedOf(held));
          yield* q.delete(f, eq(f.messageKey, filed.messageKey));
        }
        // Two filers racing past the read both insert here: the primary key fails the second, which rolls back.
        yield* q.insert(f, [{ ...filed }]);
      }
      for (const row of rows) {
        yield* q.insert(t, [{ ...row, nameKey: nameKey(row.name) }]);
        const bytes = contents.get(row.id);
        if (bytes) yield* q.insert(d.tables.documentContents, [{ documentId: row.id, content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }]);
      }
      // Files move into place last, inside the transaction: if that fails, the rows roll back with it.
      beforeCommit?.();
    });
  }

  async filedMessage(messageKey: string): Promise<FiledMessageRow | null> {
    const { d } = this;
    const f = d.tables.filedMessages;
    const c = d.entityTable('communication');
    return d.transaction('read', function* (q) {
      const [held] = yield* q.rows(f, { where: eq(f.messageKey, messageKey) });
      if (!held) return null;
      const [live] = yield* q.rows(c, { fields: ['id'], where: and(eq(col(c, 'id'), held.communicationId), eq(col(c, '_deleted'), false)) });
      return live ? filedOf(held) : null;
    });
  }

  async get(id: string): Promise<DocumentRow | null> {
    const [row] = await this.d.run((q) => q.rows(this.t, { where: eq(this.t.id, id) }));
    return row ? documentOf(row) : null;
  }

  async list(query: DocumentListQuery): Promise<{ total: number; rows: DocumentRow[] }> {
    const t = this.t;
    // One read transaction: the page and the total agree even while documents are filed.
    return this.d.transaction('read', function* (this: SqlDocumentStore, q: Ops) {
      const total = yield* q.count(t, this.filter(q, query));
      const rows = yield* q.rows(t, { where: this.filter(q, query), orderBy: listOrder(this.columns, query.sort ?? [], [desc(t.createdAt)], t.id), offset: query.offset, limit: query.limit });
      return { total, rows: rows.map(documentOf) };
    }.bind(this));
  }

  async content(id: string): Promise<Uint8Array | null> {
    const c = this.d.tables.documentContents;
    const [row] = await this.d.run((q) => q.rows(c, { fields: ['content'], where: eq(c.documentId, id) }));
    return row?.content ?? null;
  }

  async update(id: string, changes: { policy: DocumentRow['policy']; territoryId: string; updatedAt: string; updatedBy: string }): Promise<DocumentRow | null> {
    return (await this.d.run((q) => q.update(this.t, changes, eq(this.t.id, id)))) ? this.get(id) : null;
  }

  /** The row is read locked, so nobody changes what is removed in between. */
  async delete(id: string): Promise<DocumentRow | null> {
    const { t, d } = this;
    return d.transaction('write', function* (q) {
      const [row] = yield* q.rows(t, { where: eq(t.id, id), lock: 'hold' });
      if (!row) return null;
      yield* q.delete(d.tables.documentContents, eq(d.tables.documentContents.documentId, id));
      yield* q.delete(t, eq(t.id, id));
      return documentOf(row);
    });
  }
}
