// Mail-merge templates and the documents merged from them: the store interface both dialects implement (sqlite/, mssql/).
import type { MergedDocument, MergeTemplate } from '../../shared/mail-merge.ts';

export type TemplateRow = Omit<MergeTemplate, 'ownerName' | 'mayEdit'>;
export interface DocumentRow extends MergedDocument {
  html: string;
}

export interface TemplateFilter {
  entity?: string;
  kind?: string;
}

export interface MailMergeStore {
  /** Templates by name then id, optionally of one entity and kind (at most 500). */
  listTemplates(filter: TemplateFilter): Promise<TemplateRow[]>;
  getTemplate(id: string): Promise<TemplateRow | null>;
  createTemplate(row: TemplateRow): Promise<void>;
  /** Changes name, subject and body; null when there is no such template. */
  updateTemplate(id: string, changes: Pick<TemplateRow, 'name' | 'subject' | 'body' | 'updatedAt'>): Promise<TemplateRow | null>;
  deleteTemplate(id: string): Promise<boolean>;
  /** Files a merged document with its record. */
  fileDocument(row: DocumentRow): Promise<void>;
  /** The documents filed with a record, newest first (without their HTML). */
  documentsOf(entity: string, recordId: string): Promise<MergedDocument[]>;
  getDocument(id: string): Promise<DocumentRow | null>;
}
