// Mail-merge templates and merged documents on any dialect.
import { and, asc, desc, eq } from 'drizzle-orm';
import { CUSTOM_ENTITY_KEY_RE, isEntityName, type CustomEntityKey } from '../../../shared/entities/index.ts';
import { isTemplateEntity, isTemplateKind, type MergedDocument } from '../../../shared/mail-merge.ts';
import type { Dialect } from '../dialect.ts';
import type { DocumentRow, MailMergeStore, TemplateFilter, TemplateRow } from '../mail-merge.ts';

/** Database rows as the rest of the server sees them. */
function templateOf(row: { id: string; name: string; kind: string; entity: string; subject: string; body: string; ownerId: string; createdAt: string; updatedAt: string }): TemplateRow {
  return { ...row, kind: isTemplateKind(row.kind) ? row.kind : 'document', entity: isTemplateEntity(row.entity) ? row.entity : 'company' };
}

function documentOf(row: { id: string; entity: string; recordId: string; templateId: string; title: string; fileName: string; locale: string; size: number; createdBy: string; createdAt: string }): MergedDocument {
  return {
    id: row.id,
    // A custom entity's key stays itself (docs/decisions/0050): the record is looked up with that entity's rights.
    entity: isEntityName(row.entity) ? row.entity : CUSTOM_ENTITY_KEY_RE.test(row.entity) ? (row.entity as CustomEntityKey) : 'company',
    recordId: row.recordId,
    templateId: row.templateId,
    title: row.title,
    fileName: row.fileName,
    locale: row.locale,
    size: Number(row.size),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export class SqlMailMergeStore implements MailMergeStore {
  constructor(private readonly d: Dialect) {}

  async listTemplates(filter: TemplateFilter): Promise<TemplateRow[]> {
    const t = this.d.tables.mergeTemplates;
    const where = and(filter.entity ? eq(t.entity, filter.entity) : undefined, filter.kind ? eq(t.kind, filter.kind) : undefined);
    return (await this.d.run((q) => q.rows(t, { where, orderBy: [asc(t.name), asc(t.id)], limit: 500 }))).map(templateOf);
  }

  async getTemplate(id: string): Promise<TemplateRow | null> {
    const t = this.d.tables.mergeTemplates;
    const [row] = await this.d.run((q) => q.rows(t, { where: eq(t.id, id) }));
    return row ? templateOf(row) : null;
  }

  async createTemplate(row: TemplateRow): Promise<void> {
    await this.d.run((q) => q.insert(this.d.tables.mergeTemplates, [row]));
  }

  async updateTemplate(id: string, changes: Pick<TemplateRow, 'name' | 'subject' | 'body' | 'updatedAt'>): Promise<TemplateRow | null> {
    const t = this.d.tables.mergeTemplates;
    return (await this.d.run((q) => q.update(t, changes, eq(t.id, id)))) ? this.getTemplate(id) : null;
  }

  async deleteTemplate(id: string): Promise<boolean> {
    const t = this.d.tables.mergeTemplates;
    return (await this.d.run((q) => q.delete(t, eq(t.id, id)))) > 0;
  }

  async fileDocument(row: DocumentRow): Promise<void> {
    await this.d.run((q) => q.insert(this.d.tables.mergedDocuments, [row]));
  }

  /** A record's documents, newest first, without their HTML (read only when one is opened). */
  async documentsOf(entity: string, recordId: string): Promise<MergedDocument[]> {
    const d = this.d.tables.mergedDocuments;
    const fields = ['id', 'entity', 'recordId', 'templateId', 'title', 'fileName', 'locale', 'size', 'createdBy', 'createdAt'] as const;
    const rows = await this.d.run((q) => q.rows(d, { fields, where: and(eq(d.entity, entity), eq(d.recordId, recordId)), orderBy: [desc(d.createdAt), asc(d.id)], limit: 500 }));
    return rows.map(documentOf);
  }

  async getDocument(id: string): Promise<DocumentRow | null> {
    const d = this.d.tables.mergedDocuments;
    const [row] = await this.d.run((q) => q.rows(d, { where: eq(d.id, id) }));
    return row ? { ...documentOf(row), html: row.html } : null;
  }
}
