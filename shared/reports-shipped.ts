// The reports that ship with FieldCRM (issue 22): definitions like any saved one, with fixed ids and translated names.
import type { ReportDefinition } from './reports.ts';

export interface ShippedReport {
  id: string;
  /** i18n key of the name. */
  name: string;
  definition: ReportDefinition;
}

export const SHIPPED_REPORTS: readonly ShippedReport[] = [
  {
    id: 'pipeline-by-stage',
    name: 'report.shipped.pipeline',
    definition: {
      entity: 'opportunity',
      columns: ['stage', 'closeDate:month', 'description', 'companyId', 'ownerId', 'closeDate', 'currency', 'forecast'],
      filters: [{ field: 'stage', op: 'in', value: ['prospecting', 'qualification', 'proposal', 'negotiation'] }],
      sort: [{ field: 'closeDate', direction: 'asc' }],
      groupBy: ['stage', 'closeDate:month'],
      details: true,
      chart: true,
    },
  },
  {
    id: 'communications-per-user',
    name: 'report.shipped.communications',
    definition: {
      entity: 'communication',
      columns: ['ownerId', 'startsAt', 'kind', 'subject', 'status', 'companyId'],
      filters: [{ field: 'startsAt', op: 'thisMonth' }],
      sort: [{ field: 'startsAt', direction: 'asc' }],
      groupBy: ['ownerId'],
      details: true,
      chart: true,
    },
  },
  {
    id: 'companies-by-territory',
    name: 'report.shipped.companies',
    definition: {
      entity: 'company',
      columns: ['territoryId', 'type', 'name', 'status', 'industry'],
      filters: [],
      sort: [{ field: 'name', direction: 'asc' }],
      groupBy: ['territoryId', 'type'],
      details: true,
      chart: true,
    },
  },
  {
    id: 'quotes-by-status',
    name: 'report.shipped.quotes',
    definition: {
      entity: 'quote',
      columns: ['status', 'reference', 'companyId', 'issuedAt', 'currency', 'subtotal', 'total'],
      filters: [],
      sort: [{ field: 'issuedAt', direction: 'desc' }],
      groupBy: ['status'],
      details: true,
      chart: true,
    },
  },
];
