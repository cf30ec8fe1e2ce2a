// The calls the quote and order screens make (online only): lines, conversion, templates, merging and the filed documents.
import type { AnyRecord } from '../../../shared/entities/index.ts';
import type { MergedDocument, MergeTemplate } from '../../../shared/mail-merge.ts';
import type { ApiClient } from '../../net/api.ts';
import type { LineInput } from './lines.ts';

const enc = encodeURIComponent;
type Page = { total: number; records: AnyRecord[] };

export const salesApi = (api: ApiClient) => ({
  items: (kind: 'quote' | 'order', id: string) => api.get<Page>(`/api/records/${kind}Item/list?field=${kind}Id&value=${enc(id)}&limit=500`),
  products: () => api.get<Page>('/api/records/product/list?limit=500'),
  prices: (currency: string) => api.get<Page>(`/api/records/productPrice/list?field=currency&value=${enc(currency)}&limit=500`),
  saveLines: (kind: 'quote' | 'order', id: string, items: LineInput[]) => api.request<{ record: AnyRecord; items: AnyRecord[] }>('PUT', `/api/${kind}s/${enc(id)}/lines`, { items }),
  convert: (id: string) => api.post<{ order: AnyRecord; items: AnyRecord[] }>(`/api/quotes/${enc(id)}/convert`, {}),
  templates: (entity: string, kind = 'document') => api.get<{ templates: MergeTemplate[] }>(`/api/templates?entity=${enc(entity)}&kind=${enc(kind)}`),
  merge: (templateId: string, recordId: string) => api.post<{ document?: MergedDocument; subject?: string; html?: string }>('/api/merge', { templateId, recordId }),
  documents: (entity: string, recordId: string) => api.get<{ documents: MergedDocument[] }>(`/api/merged-documents?entity=${enc(entity)}&recordId=${enc(recordId)}`),
});

/** Where a filed document opens (a page of its own: print it to PDF from the browser). */
export const documentHref = (id: string): string => `/api/merged-documents/${enc(id)}`;
