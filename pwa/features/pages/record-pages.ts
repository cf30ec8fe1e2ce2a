// Custom pages that run in a record's tabs (`customfile` tabs of a record's tab group, shared/screens.ts): desktop
// features, online only. `strip` is an optional part shown under the record's summary (the documents drop zone).
import { html, type TemplateResult } from 'lit';
import { isDocumentTarget } from '../../../shared/documents.ts';
import '../documents/fc-document-drop.ts';
import '../documents/fc-record-documents.ts';

export interface RecordPage {
  render(entity: string, id: string): TemplateResult;
  strip?(entity: string, id: string): TemplateResult | null;
}

export const RECORD_PAGES: Record<string, RecordPage> = {
  'record-documents': {
    render: (entity, id) => html`<fc-record-documents entity=${entity} record-id=${id}></fc-record-documents>`,
    // Files dropped on the record's summary are filed with it too.
    strip: (entity, id) => (isDocumentTarget(entity) ? html`<fc-document-drop compact entity=${entity} record-id=${id}></fc-document-drop>` : null),
  },
};
