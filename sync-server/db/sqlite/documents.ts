// Documents on SQLite: metadata rows, bytes in the database when the settings say so, and the list within what a user may see.
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { DOCUMENT_TARGETS } from '../../../shared/documents.ts';
import { documentOf, nameKey, namePattern, type DocumentListQuery, type DocumentRow, type DocumentStore, type DocumentVisibility } from '../documents.ts';
import * as schema from './schema.ts';

const d = schema.documents;

function col(t: schema.EntityTable, key: string) {
  const c = t[key];
  if (!c) throw new Error(`no column ${key}`);
  return c;
}

/**
 * The documents a user may see (mayViewDocument in shared/documents.ts, as SQL): per kind of record, those filed with
 * a live record in a territory where the user may view that kind, and whose policy lets them — `inherit` as is,
 * `territory` when the document's territory is viewable too, `private` for its filer or an administrator.
 */
export function visibleDocuments(db: BetterSQLite3Database, v: DocumentVisibility): SQL {
  const tables = schema.entityTables as Partial<Record<string, schema.EntityTable>>;
  const parts: SQL[] = [];
  for (const target of DOCUMENT_TARGETS) {
    const territories = [...(v.view[target] ?? [])];
    const t = tables[target];
    if (!t || territories.length === 0) continue;
    const records = db
      .select({ id: col(t, 'id') })
      .from(t)
      .where(and(eq(col(t, '_deleted'), false), inArray(col(t, 'territoryId'), territories)));
    const policy = or(eq(d.policy, 'inherit'), and(eq(d.policy, 'territory'), inArray(d.territoryId, territories)), v.admin ? eq(d.policy, 'private') : and(eq(d.policy, 'private'), eq(d.ownerId, v.userId)));
    parts.push(and(eq(d.entity, target), inArray(d.recordId, records), policy) as SQL);
  }
  return parts.length ? (or(...parts) as SQL) : sql`1 = 0`;
}

/** The list's filter: what the user may see, on one record (filed with it or dropped on it), whose name contains the text. */
export function documentFilter(db: BetterSQLite3Database, q: DocumentListQuery): SQL | undefined {
  return and(
    visibleDocuments(db, q.visibility),
    q.record ? or(and(eq(d.entity, q.record.entity), eq(d.recordId, q.record.id)), and(eq(d.viaEntity, q.record.entity), eq(d.viaRecordId, q.record.id))) : undefined,
    q.text.trim() ? sql`${d.nameKey} like ${namePattern(q.text)} escape '\\'` : undefined,
  );
}

const toRow = (r: DocumentRow): typeof d.$inferInsert => ({ ...r, nameKey: nameKey(r.name) });

export class SqliteDocumentStore implements DocumentStore {
  constructor(private readonly db: BetterSQLite3Database) {}

  async insert(rows: readonly DocumentRow[], contents: ReadonlyMap<string, Uint8Array>, beforeCommit?: () => void): Promise<void> {
    this.db.transaction(
      (tx) => {
        for (const row of rows) {
          tx.insert(d).values(toRow(row)).run();
          const bytes = contents.get(row.id);
          if (bytes) tx.insert(schema.documentContents).values({ documentId: row.id, content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }).run();
        }
        // Files move into place last, inside the transaction: if that fails, the rows roll back with it.
        beforeCommit?.();
      },
      { behavior: 'immediate' },
    );
  }

  async get(id: string): Promise<DocumentRow | null> {
    const row = this.db.select().from(d).where(eq(d.id, id)).get();
    return row ? documentOf(row) : null;
  }

  async list(q: DocumentListQuery): Promise<{ total: number; rows: DocumentRow[] }> {
    // One read transaction: the page and the total come from the same snapshot.
    return this.db.transaction((tx) => {
      const where = documentFilter(tx, q);
      const total = tx.select({ n: count() }).from(d).where(where).get()?.n ?? 0;
      const rows = q.limit < 1 ? [] : tx.select().from(d).where(where).orderBy(desc(d.createdAt), asc(d.id)).limit(q.limit).offset(q.offset).all();
      return { total, rows: rows.map(documentOf) };
    });
  }

  async content(id: string): Promise<Uint8Array | null> {
    return this.db.select({ content: schema.documentContents.content }).from(schema.documentContents).where(eq(schema.documentContents.documentId, id)).get()?.content ?? null;
  }

  async update(id: string, changes: { policy: DocumentRow['policy']; territoryId: string; updatedAt: string; updatedBy: string }): Promise<DocumentRow | null> {
    const row = this.db.update(d).set(changes).where(eq(d.id, id)).returning().get();
    return row ? documentOf(row) : null;
  }

  async delete(id: string): Promise<DocumentRow | null> {
    return this.db.transaction(
      (tx) => {
        const row = tx.select().from(d).where(eq(d.id, id)).get();
        if (!row) return null;
        tx.delete(schema.documentContents).where(eq(schema.documentContents.documentId, id)).run();
        tx.delete(d).where(eq(d.id, id)).run();
        return documentOf(row);
      },
      { behavior: 'immediate' },
    );
  }
}
