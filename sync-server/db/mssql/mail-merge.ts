// Mail-merge templates and merged documents on SQL Server: statements as builders (test/unit/mssql-records-tsql.test.ts compiles them), and the store.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { MergedDocument } from '../../../shared/mail-merge.ts';
import { documentOf, templateOf } from '../mail-merge-rows.ts';
import type { DocumentRow, MailMergeStore, TemplateFilter, TemplateRow } from '../mail-merge.ts';
import type { Db } from './queries.ts';
import { mergedDocuments, mergeTemplates } from './schema.ts';

export function templateListQuery(db: Db, filter: TemplateFilter) {
  const t = mergeTemplates;
  const where: SQL | undefined = and(filter.entity ? eq(t.entity, filter.entity) : undefined, filter.kind ? eq(t.kind, filter.kind) : undefined);
  return db.select().top(500).from(t).where(where).orderBy(asc(t.name), asc(t.id));
}

export function templateByIdQuery(db: Db, id: string) {
  return db.select().from(mergeTemplates).where(eq(mergeTemplates.id, id));
}

export function insertTemplateQuery(db: Db, row: TemplateRow) {
  return db.insert(mergeTemplates).values(row);
}

export function updateTemplateQuery(db: Db, id: string, changes: Pick<TemplateRow, 'name' | 'subject' | 'body' | 'updatedAt'>) {
  return db.update(mergeTemplates).set(changes).where(eq(mergeTemplates.id, id));
}

export function deleteTemplateQuery(db: Db, id: string) {
  return db.delete(mergeTemplates).where(eq(mergeTemplates.id, id));
}

export function insertDocumentQuery(db: Db, row: DocumentRow) {
  return db.insert(mergedDocuments).values(row);
}

/** A record's documents, newest first, without their HTML (nvarchar(max) is read only when one is opened). */
export function documentsOfQuery(db: Db, entity: string, recordId: string) {
  const d = mergedDocuments;
  return db
    .select({ id: d.id, entity: d.entity, recordId: d.recordId, templateId: d.templateId, title: d.title, fileName: d.fileName, locale: d.locale, size: d.size, createdBy: d.createdBy, createdAt: d.createdAt })
    .top(500)
    .from(d)
    .where(and(eq(d.entity, entity), eq(d.recordId, recordId)))
    .orderBy(desc(d.createdAt), asc(d.id));
}

export function documentByIdQuery(db: Db, id: string) {
  return db.select().from(mergedDocuments).where(eq(mergedDocuments.id, id));
}

const affected = (res: { rowsAffected?: number[] }): number => (res.rowsAffected ?? []).reduce((a, b) => a + b, 0);

export class MssqlMailMergeStore implements MailMergeStore {
  constructor(private readonly ready: () => Promise<Db>) {}

  async listTemplates(filter: TemplateFilter): Promise<TemplateRow[]> {
    return (await templateListQuery(await this.ready(), filter)).map(templateOf);
  }

  async getTemplate(id: string): Promise<TemplateRow | null> {
    const [row] = await templateByIdQuery(await this.ready(), id);
    return row ? templateOf(row) : null;
  }

  async createTemplate(row: TemplateRow): Promise<void> {
    await insertTemplateQuery(await this.ready(), row);
  }

  async updateTemplate(id: string, changes: Pick<TemplateRow, 'name' | 'subject' | 'body' | 'updatedAt'>): Promise<TemplateRow | null> {
    if (affected(await updateTemplateQuery(await this.ready(), id, changes)) === 0) return null;
    return this.getTemplate(id);
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return affected(await deleteTemplateQuery(await this.ready(), id)) > 0;
  }

  async fileDocument(row: DocumentRow): Promise<void> {
    await insertDocumentQuery(await this.ready(), row);
  }

  async documentsOf(entity: string, recordId: string): Promise<MergedDocument[]> {
    return (await documentsOfQuery(await this.ready(), entity, recordId)).map(documentOf);
  }

  async getDocument(id: string): Promise<DocumentRow | null> {
    const [row] = await documentByIdQuery(await this.ready(), id);
    return row ? { ...documentOf(row), html: row.html } : null;
  }
}
