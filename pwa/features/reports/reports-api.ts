// The reports REST API as the PWA calls it (issue 22).
import type { ReportDefinition, ReportResult, ReportSummary, SavedReport } from '../../../shared/reports.ts';
import { runtime } from '../../app/runtime.ts';

export const reportsApi = {
  list: async (): Promise<ReportSummary[]> => (await runtime.api.get<{ reports: ReportSummary[] }>('/api/reports')).reports,
  get: (id: string): Promise<{ id: string; name: string; definition: ReportDefinition; ownerId?: string; shared?: boolean; entity?: 'forecast' }> => runtime.api.get(`/api/reports/${encodeURIComponent(id)}`),
  run: (id: string, offset = 0, limit = 50): Promise<ReportResult> => runtime.api.get(`/api/reports/${encodeURIComponent(id)}/run?offset=${offset}&limit=${limit}`),
  runUnsaved: (definition: ReportDefinition, name: string, offset = 0, limit = 50): Promise<ReportResult> => runtime.api.post(`/api/reports/run?offset=${offset}&limit=${limit}`, { definition, name }),
  save: (body: { name: string; shared: boolean; definition: ReportDefinition }, id?: string): Promise<SavedReport> =>
    id ? runtime.api.request('PUT', `/api/reports/${encodeURIComponent(id)}`, body) : runtime.api.post('/api/reports', body),
  remove: (id: string): Promise<unknown> => runtime.api.request('DELETE', `/api/reports/${encodeURIComponent(id)}`),
  exportUrl: (id: string, format: 'xlsx' | 'csv'): string => `/api/reports/${encodeURIComponent(id)}/export.${format}`,
};
