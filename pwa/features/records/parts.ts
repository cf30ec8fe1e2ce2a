// Blocks some entities' screens show under their summary (a quote's lines, totals, merge and documents): the record screen stays the metadata's.
import { html, type TemplateResult } from 'lit';
import type { AnyRecord, EntityName } from '../../../shared/entities/index.ts';
import '../quotes/fc-sales-document.ts';
// A custom entity's record merges with its templates (fc-record-view shows the panel for them).
import '../templates/fc-merge-panel.ts';

export const RECORD_PARTS: Partial<Record<EntityName, (entity: EntityName, record: Record<string, unknown>) => TemplateResult>> = {
  quote: (entity, record) => html`<fc-sales-document .entity=${entity} .record=${record as AnyRecord}></fc-sales-document>`,
  order: (entity, record) => html`<fc-sales-document .entity=${entity} .record=${record as AnyRecord}></fc-sales-document>`,
};
