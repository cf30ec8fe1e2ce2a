// Mail-merge templates and merged documents on SQLite.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { MergedDocument } from '../../../shared/mail-merge.ts';
import { documentOf, templateOf } from '../mail-merge-rows.ts';
import type { DocumentRow, MailMergeStore, TemplateFilter, TemplateRow } from '../mail-merge.ts';
import { mergedDocuments, mergeTemplates } from './schema.ts';

export class SqliteMailMergeStore implements MailMergeStore {
  constructor(private readonly db: BetterSQLite3Database) {}

  async listTemplates(filter: TemplateFilter): Promise<TemplateRow[]> {
    const t = mergeTemplates;
    const where: SQL | undefined = and(filter.entity ? eq(t.entity, filter.entity) : undefined, filter.kind ? eq(t.kind, filter.kind) : undefined);
    return this.db.select().from(t).where(where).orderBy(asc(t.name), asc(t.id)).limit(500).all().map(templateOf);
  }

  async getTemplate(id: string): Promise<TemplateRow | null> {
    const row = this.db.select().from(mergeTemplates).where(eq(mergeTemplates.id, id)).get();
    return row ? templateOf(row) : null;
  }

  async createTemplate(row: TemplateRow): Promise<void> {
    this.db.insert(mergeTemplates).values(row).run();
  }

  async updateTemplate(id: string, changes: Pick<TemplateRow, 'name' | 'subject' | 'body' | 'updatedAt'>): Promise<TemplateRow | null> {
    const row = this.db.update(mergeTemplates).set(changes).where(eq(mergeTemplates.id, id)).returning().get();
    return row ? templateOf(row) : null;
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return this.db.delete(mergeTemplates).where(eq(mergeTemplates.id, id)).run().changes > 0;
  }

  async fileDocument(row: DocumentRow): Promise<void> {
    this.db.insert(mergedDocuments).values(row).run();
  }

  async documentsOf(entity: string, recordId: string): Promise<MergedDocument[]> {
    const d = mergedDocuments;
    // Without the HTML: a list needs only what describes each document.
    return this.db
      .select({ id: d.id, entity: d.entity, recordId: d.recordId, templateId: d.templateId, title: d.title, fileName: d.fileName, locale: d.locale, size: d.size, createdBy: d.createdBy, createdAt: d.createdAt })
      .from(d)
      .where(and(eq(d.entity, entity), eq(d.recordId, recordId)))
      .orderBy(desc(d.createdAt), asc(d.id))
      .limit(500)
      .all()
      .map(documentOf);
  }

  async getDocument(id: string): Promise<DocumentRow | null> {
    const row = this.db.select().from(mergedDocuments).where(eq(mergedDocuments.id, id)).get();
    return row ? { ...documentOf(row), html: row.html } : null;
  }
}
