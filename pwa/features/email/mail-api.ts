// The e-mail calls (online only): e-mail templates of an entity, a template merged with the record (the preview),
// sending, and the administrators' SMTP settings.
import type { DocumentInfo } from '../../../shared/documents.ts';
import type { MergeTemplate } from '../../../shared/mail-merge.ts';
import type { MailEntity, MailSent, OutgoingMail, SmtpInput, SmtpView } from '../../../shared/outgoing-mail.ts';
import type { ApiClient } from '../../net/api.ts';

const enc = encodeURIComponent;

export const mailApi = (api: ApiClient) => ({
  templates: (entity: MailEntity) => api.get<{ templates: MergeTemplate[] }>(`/api/templates?entity=${enc(entity)}&kind=email`),
  /** The template merged with the record's real values: what will be sent. */
  merge: (templateId: string, entity: MailEntity, recordId: string) => api.post<{ subject: string; html: string }>('/api/merge', { templateId, entity, recordId }),
  send: (mail: OutgoingMail) => api.post<MailSent>('/api/email/send', mail),
  /** The documents filed on a record (the ones the user may see), newest first. */
  filedDocuments: async (entity: string, recordId: string) => (await api.get<{ documents: DocumentInfo[] }>(`/api/documents?entity=${enc(entity)}&recordId=${enc(recordId)}`)).documents,
  smtp: () => api.get<SmtpView>('/api/admin/smtp'),
  saveSmtp: (input: SmtpInput) => api.request<SmtpView>('PUT', '/api/admin/smtp', input),
});

/** A file picked for attaching, as base64 (FileReader: every supported browser has it). */
export function fileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The record's first e-mail address, the natural first recipient (companies, persons and leads keep a list). */
export function firstAddress(record: Record<string, unknown> | null | undefined): string {
  const list = record?.emails;
  const first = Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined;
  if (typeof first?.address === 'string') return first.address;
  return typeof record?.email === 'string' ? record.email : '';
}
