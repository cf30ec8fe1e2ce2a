// The mail-merge template calls the Templates pages make (online only), and how a template problem reads with its line.
import type { MergeTemplate, TemplateEntity, TemplateKind } from '../../../shared/mail-merge.ts';
import { t } from '../../i18n/index.ts';
import { ApiError, type ApiClient } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';

const enc = encodeURIComponent;

export interface TemplateDraft {
  name: string;
  kind: TemplateKind;
  entity: TemplateEntity;
  subject: string;
  body: string;
}

export const templatesApi = (api: ApiClient) => ({
  list: () => api.get<{ templates: MergeTemplate[] }>('/api/templates'),
  get: (id: string) => api.get<MergeTemplate>(`/api/templates/${enc(id)}`),
  /** The entities a template may be for, as the server offers them (never "System": 756-171755-ENH). */
  entities: () => api.get<{ entities: TemplateEntity[] }>('/api/templates/entities'),
  fields: (entity: string) => api.get<{ fields: string[] }>(`/api/templates/fields?entity=${enc(entity)}`),
  check: (draft: Pick<TemplateDraft, 'entity' | 'body' | 'subject'>) => api.post<{ ok: true }>('/api/templates/check', draft),
  create: (draft: TemplateDraft) => api.post<MergeTemplate>('/api/templates', draft),
  update: (id: string, changes: Partial<Pick<TemplateDraft, 'name' | 'subject' | 'body'>>) => api.request<MergeTemplate>('PUT', `/api/templates/${enc(id)}`, changes),
  remove: (id: string) => api.request<{ deleted: string }>('DELETE', `/api/templates/${enc(id)}`),
});

/** A template problem as the author reads it: where (line and column) and what (an unknown field, a syntax error). */
export function templateProblem(err: unknown): { text: string; line: number | null } {
  if (err instanceof ApiError && err.problem?.line) {
    const p = err.problem;
    return { text: t('templates.errorAt', { line: p.line ?? 1, column: p.column ?? 1, message: errorText(err), detail: p.detail ?? '' }), line: p.line ?? null };
  }
  return { text: errorText(err), line: null };
}
