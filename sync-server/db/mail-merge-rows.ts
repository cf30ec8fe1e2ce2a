// Database rows of templates and merged documents as the rest of the server sees them (both dialects map through here).
import { isEntityName } from '../../shared/entities/index.ts';
import { isTemplateEntity, isTemplateKind, type MergedDocument } from '../../shared/mail-merge.ts';
import type { TemplateRow } from './mail-merge.ts';

export function templateOf(row: { id: string; name: string; kind: string; entity: string; subject: string; body: string; ownerId: string; createdAt: string; updatedAt: string }): TemplateRow {
  return { ...row, kind: isTemplateKind(row.kind) ? row.kind : 'document', entity: isTemplateEntity(row.entity) ? row.entity : 'company' };
}

export function documentOf(row: { id: string; entity: string; recordId: string; templateId: string; title: string; fileName: string; locale: string; size: number; createdBy: string; createdAt: string }): MergedDocument {
  return {
    id: row.id,
    entity: isEntityName(row.entity) ? row.entity : 'company',
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
