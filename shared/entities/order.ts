// The order: what a company ordered, usually converted from a quote, with its lines (online only, desktop).
import { date, defineEntity, longtext, ref, select, text } from './fields.ts';
import { documentMoney, LINE_FORM, LINE_LIST, lineFields } from './sales-lines.ts';

export const order = defineEntity({
  name: 'order',
  online: true,
  territoryFrom: 'companyId',
  fields: {
    /** Filled by the server when left empty (Q-2026-3F9A1C). */
    reference: text(40, { indexed: true }),
    description: text(200),
    companyId: ref(['company'], { required: true, indexed: true }),
    personId: ref(['person'], { indexed: true }),
    opportunityId: ref(['opportunity'], { indexed: true }),
    /** The quote it was converted from. */
    quoteId: ref(['quote'], { indexed: true }),
    status: select(['open', 'confirmed', 'shipped', 'invoiced', 'cancelled'], 'open', { indexed: true }),
    orderedAt: date({ indexed: true }),
    deliveryDate: date(),
    ownerId: ref(['user'], { indexed: true }),
    ...documentMoney,
    notes: longtext(4000),
  },
  title: ['reference', 'description'],
  sort: { field: 'orderedAt', direction: 'desc' },
  listFields: ['reference', 'description', 'companyId', 'status', 'total', 'orderedAt'],
  searchFields: ['reference', 'description'],
  formFields: ['reference', 'description', 'companyId', 'personId', 'opportunityId', 'quoteId', 'status', 'orderedAt', 'deliveryDate', 'ownerId', 'currency', 'taxRate', 'subtotal', 'tax', 'total', 'notes'],
});

/** A line of an order: written only with its order (PUT /api/orders/:id/lines), in one transaction. */
export const orderItem = defineEntity({
  name: 'orderItem',
  online: true,
  territoryFrom: 'orderId',
  rightsFrom: 'order',
  fields: {
    orderId: ref(['order'], { required: true, indexed: true }),
    ...lineFields,
  },
  title: ['description'],
  sort: { field: 'lineNo', direction: 'asc' },
  listFields: [...LINE_LIST],
  searchFields: ['description'],
  formFields: ['orderId', ...LINE_FORM],
});
