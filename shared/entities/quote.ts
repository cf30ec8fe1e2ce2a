// The quote: prices offered to a company (optionally for a person and an opportunity), with its lines; converts to an order (online only, desktop).
import { date, defineEntity, longtext, ref, select, text } from './fields.ts';
import { documentMoney, LINE_FORM, LINE_LIST, lineFields } from './sales-lines.ts';

export const quote = defineEntity({
  name: 'quote',
  online: true,
  territoryFrom: 'companyId',
  fields: {
    /** Filled by the server when left empty (Q-2026-3F9A1C). */
    reference: text(40, { indexed: true }),
    description: text(200),
    companyId: ref(['company'], { required: true, indexed: true }),
    personId: ref(['person'], { indexed: true }),
    opportunityId: ref(['opportunity'], { indexed: true }),
    status: select(['draft', 'sent', 'accepted', 'declined', 'ordered'], 'draft', { indexed: true }),
    issuedAt: date({ indexed: true }),
    validUntil: date(),
    ownerId: ref(['user'], { indexed: true }),
    ...documentMoney,
    notes: longtext(4000),
  },
  title: ['reference', 'description'],
  sort: { field: 'issuedAt', direction: 'desc' },
  listFields: ['reference', 'description', 'companyId', 'status', 'total', 'issuedAt'],
  searchFields: ['reference', 'description'],
  formFields: ['reference', 'description', 'companyId', 'personId', 'opportunityId', 'status', 'issuedAt', 'validUntil', 'ownerId', 'currency', 'taxRate', 'subtotal', 'tax', 'total', 'notes'],
});

/** A line of a quote: written only with its quote (PUT /api/quotes/:id/lines), in one transaction. */
export const quoteItem = defineEntity({
  name: 'quoteItem',
  online: true,
  territoryFrom: 'quoteId',
  rightsFrom: 'quote',
  fields: {
    quoteId: ref(['quote'], { required: true, indexed: true }),
    ...lineFields,
  },
  title: ['description'],
  sort: { field: 'lineNo', direction: 'asc' },
  listFields: [...LINE_LIST],
  searchFields: ['description'],
  formFields: ['quoteId', ...LINE_FORM],
});
