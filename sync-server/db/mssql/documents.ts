// Documents on SQL Server: the statements (builders, so test/unit/mssql-documents-tsql.test.ts compiles them without a server) and the store.
import { and, asc, count, desc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import { DOCUMENT_TARGETS } from '../../../shared/documents.ts';
import { documentOf, nameKey, namePattern, type DocumentListQuery, type DocumentRow, type DocumentStore, type DocumentVisibility } from '../documents.ts';
import { col, inList, MAX_PARAMS, type Db } from './queries.ts';
import { documentContents, documents as d, entityTables, type EntityTable } from './schema.ts';

/**
 * The documents a user may see (mayViewDocument in shared/documents.ts, as T-SQL): per kind of record, those filed
 * with a live record in a territory where the user may view that kind, and whose policy lets them. Each kind lists its
 * territories twice; with five kinds that stays far below SQL Server's 2100 parameters for any real territory tree.
 */
export function visibleDocuments(db: Db, v: DocumentVisibility): SQL {
  const tables = entityTables as Partial<Record<string, EntityTable>>;
  const parts: SQL[] = [];
  let params = 0;
  for (const target of DOCUMENT_TARGETS) {
    const territories = v.view[target] ?? [];
    const t = tables[target];
    if (!t || territories.length === 0) continue;
    params += 2 * territories.length + 5;
    if (params > MAX_PARAMS) throw new Error('too many territories for one documents query');
    const records = db
      .select({ id: col(t, 'id') })
      .from(t)
      .where(and(eq(col(t, '_deleted'), false), inList(col(t, 'territoryId'), territories)));
    const policy = or(eq(d.policy, 'inherit'), and(eq(d.policy, 'territory'), inList(d.territoryId, territories)), v.admin ? eq(d.policy, 'private') : and(eq(d.policy, 'private'), eq(d.ownerId, v.userId)));
    parts.push(and(eq(d.entity, target), inArray(d.recordId, records), policy) as SQL);
  }
  return parts.length ? (or(...parts) as SQL) : sql`1 = 0`;
}

/** The list's filter: what the user may see, on one record (filed with it or dropped on it), whose name contains the text. */
export function documentFilter(db: Db, q: DocumentListQuery): SQL | undefined {
  return and(
    visibleDocuments(db, q.visibility),
    q.record ? or(and(eq(d.entity, q.record.entity), eq(d.recordId, q.record.id)), and(eq(d.viaEntity, q.record.entity), eq(d.viaRecordId, q.record.id))) : undefined,
    q.text.trim() ? sql`${d.nameKey} like ${namePattern(q.text)} escape '\\'` : undefined,
  );
}

export function documentCountQuery(db: Db, q: DocumentListQuery) {
  return db.select({ n: count() }).from(d).where(documentFilter(db, q));
}

/** A page of documents, newest first (then by id, so pages never overlap). */
export function documentPageQuery(db: Db, q: DocumentListQuery) {
  return db.select().from(d).where(documentFilter(db, q)).orderBy(desc(d.createdAt), asc(d.id)).offset(q.offset).fetch(q.limit);
}

export function documentByIdQuery(db: Db, id: string) {
  return db.select().from(d).where(eq(d.id, id));
}

/** The row WITH (UPDLOCK, HOLDLOCK), held to commit: a delete reads what it removes and nobody changes it in between. */
export function lockDocumentQuery(db: Db, id: string) {
  // Columns as SQL (mapped back to their types): Drizzle refuses a table's own columns over a hinted `from`.
  const fields: Record<string, SQL> = {};
  for (const [key, c] of Object.entries(getTableColumns(d))) fields[key] = sql`${c}`.mapWith(c);
  return db.select(fields).from(sql`${d} with (updlock, holdlock)`).where(eq(d.id, id));
}

export function insertDocumentQuery(db: Db, row: DocumentRow) {
  return db.insert(d).values({ ...row, nameKey: nameKey(row.name) });
}

export function insertContentQuery(db: Db, documentId: string, content: Uint8Array) {
  return db.insert(documentContents).values({ documentId, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) });
}

export function contentQuery(db: Db, id: string) {
  return db.select({ content: documentContents.content }).from(documentContents).where(eq(documentContents.documentId, id));
}

export function updateDocumentQuery(db: Db, id: string, set: { policy: string; territoryId: string; updatedAt: string; updatedBy: string }) {
  return db.update(d).set(set).where(eq(d.id, id));
}

export function deleteContentQuery(db: Db, id: string) {
  return db.delete(documentContents).where(eq(documentContents.documentId, id));
}

export function deleteDocumentQuery(db: Db, id: string) {
  return db.delete(d).where(eq(d.id, id));
}

const affected = (res: { rowsAffected?: number[] }): number => (res.rowsAffected ?? []).reduce((a, b) => a + b, 0);

export class MssqlDocumentStore implements DocumentStore {
  /** `ready` connects on first use (the store's pool), so the store can be built before the database answers. */
  constructor(private readonly ready: () => Promise<Db>) {}

  async insert(rows: readonly DocumentRow[], contents: ReadonlyMap<string, Uint8Array>, beforeCommit?: () => void): Promise<void> {
    const db = await this.ready();
    await db.transaction(
      async (tx) => {
        for (const row of rows) {
          await insertDocumentQuery(tx, row);
          const bytes = contents.get(row.id);
          if (bytes) await insertContentQuery(tx, row.id, bytes);
        }
        // Files move into place last, inside the transaction: if that fails, the rows roll back with it.
        beforeCommit?.();
      },
      { isolationLevel: 'read committed' },
    );
  }

  async get(id: string): Promise<DocumentRow | null> {
    const [row] = await documentByIdQuery(await this.ready(), id);
    return row ? documentOf(row) : null;
  }

  async list(q: DocumentListQuery): Promise<{ total: number; rows: DocumentRow[] }> {
    const db = await this.ready();
    // Snapshot: the page and its total agree even while documents are filed.
    return db.transaction(
      async (tx) => {
        const [t] = await documentCountQuery(tx, q);
        // FETCH NEXT 0 ROWS does not parse: a zero limit asks for the total only.
        const rows = q.limit >= 1 ? await documentPageQuery(tx, q) : [];
        return { total: t?.n ?? 0, rows: rows.map(documentOf) };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  async content(id: string): Promise<Uint8Array | null> {
    const [row] = await contentQuery(await this.ready(), id);
    return row?.content ?? null;
  }

  async update(id: string, changes: { policy: DocumentRow['policy']; territoryId: string; updatedAt: string; updatedBy: string }): Promise<DocumentRow | null> {
    const db = await this.ready();
    if (affected(await updateDocumentQuery(db, id, changes)) === 0) return null;
    return this.get(id);
  }

  async delete(id: string): Promise<DocumentRow | null> {
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        const [row] = await lockDocumentQuery(tx, id);
        if (!row) return null;
        await deleteContentQuery(tx, id);
        await deleteDocumentQuery(tx, id);
        return documentOf(row);
      },
      { isolationLevel: 'read committed' },
    );
  }
}
