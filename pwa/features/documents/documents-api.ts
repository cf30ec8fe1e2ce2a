// The documents API as the desktop pages use it (online only), and uploads over XMLHttpRequest, whose upload progress
// every supported browser reports (fetch has none in the browsers we support).
import { UPLOAD_HEADER, type DocumentInfo, type DocumentPolicy, type DocumentSettings, type DocumentTarget, type EmailFiled } from '../../../shared/documents.ts';
import { ApiError, apiError, type ApiClient } from '../../net/api.ts';

export interface DocumentPage {
  total: number;
  offset: number;
  limit: number;
  documents: DocumentInfo[];
}

export interface DocumentQuery {
  record?: { entity: DocumentTarget; id: string };
  q: string;
  offset: number;
  limit: number;
  /** `sort` as the server takes it (`-size`) and `filter[...]` terms (DOCUMENT_LIST in shared/documents.ts). */
  sort?: string;
  filters?: readonly (readonly [string, string])[];
}

const enc = encodeURIComponent;

export const documentsApi = (api: ApiClient) => ({
  settings: () => api.get<DocumentSettings>('/api/documents/settings'),
  saveSettings: (changes: Partial<DocumentSettings>) => api.request<DocumentSettings>('PUT', '/api/admin/documents/settings', changes),
  list: (query: DocumentQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams({ q: query.q, offset: String(query.offset), limit: String(query.limit) });
    if (query.record) {
      params.set('entity', query.record.entity);
      params.set('recordId', query.record.id);
    }
    if (query.sort) params.set('sort', query.sort);
    for (const [k, v] of query.filters ?? []) params.set(`filter[${k}]`, v);
    return api.get<DocumentPage>(`/api/documents?${params.toString()}`, signal);
  },
  setPolicy: (id: string, policy: DocumentPolicy, territoryId?: string) => api.request<DocumentInfo>('PATCH', `/api/documents/${enc(id)}`, policy === 'territory' ? { policy, territoryId } : { policy }),
  remove: (id: string) => api.request<{ deleted: string }>('DELETE', `/api/documents/${enc(id)}`),
});

/** Where a document's bytes are: as an attachment (download) or inline (images and PDF files only). */
export const contentUrl = (id: string): string => `/api/documents/${enc(id)}/content`;
export const previewUrl = (id: string): string => `/api/documents/${enc(id)}/preview`;

export interface UploadTask<T> {
  done: Promise<T>;
  abort(): void;
}

/**
 * Sends one file as the request body (no form encoding: the server streams it to disk), to be filed with a record,
 * or, for an e-mail, filed as a communication. `onProgress` gets the bytes sent so far.
 */
export function uploadFile<T extends DocumentInfo | EmailFiled>(file: Blob & { name: string }, target: { entity: DocumentTarget; recordId: string }, asEmail: boolean, onProgress: (sent: number, total: number) => void, base = ''): UploadTask<T> {
  const xhr = new XMLHttpRequest();
  const params = new URLSearchParams({ entity: target.entity, recordId: target.recordId, name: file.name });
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', `${base}/api/documents/${asEmail ? 'email' : 'upload'}?${params.toString()}`);
    xhr.setRequestHeader(UPLOAD_HEADER, '1');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(apiError(xhr.status, body));
    };
    // A refused upload may end with the connection closed before its answer is read: a network error to the browser.
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload did not reach the server.'));
    xhr.onabort = () => reject(new ApiError(0, 'network', 'The upload was stopped.'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
