// A record's Documents tab (desktop, online only): the drop zone and the record's documents, refreshed as files are filed.
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { DocumentTarget } from '../../../shared/documents.ts';
import { base } from '../../ui/styles.ts';
import './fc-document-drop.ts';
import './fc-document-list.ts';
import type { FcDocumentList } from './fc-document-list.ts';

@customElement('fc-record-documents')
export class FcRecordDocuments extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
    `,
  ];
  @property() entity: DocumentTarget = 'company';
  @property({ attribute: 'record-id' }) recordId = '';
  @query('fc-document-list') private list!: FcDocumentList;

  override render() {
    return html`<fc-document-drop entity=${this.entity} record-id=${this.recordId} @fc-documents-filed=${() => void this.list?.reload()}></fc-document-drop>
      <fc-document-list entity=${this.entity} record-id=${this.recordId}></fc-document-list>`;
  }
}
