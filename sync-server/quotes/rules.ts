// The rules quotes, orders and product prices add to the generic online-records path (sync-server/online/records.ts).
import type { EntityName } from '../../shared/entities/index.ts';
import { FIELD_CODES } from '../../shared/errors.ts';
import { invalid } from '../errors.ts';
import type { EntityRules } from '../online/records.ts';
import { prepareHeader } from './documents.ts';

export const SALES_RULES: Partial<Record<EntityName, EntityRules>> = {
  quote: { prepare: (caller, write, records) => prepareHeader(records, caller, 'quote', write) },
  order: { prepare: (caller, write, records) => prepareHeader(records, caller, 'order', write) },
  productPrice: {
    /** One list price per product and currency: a second would make "the" price ambiguous. */
    async prepare(caller, write, records) {
      const doc = write.doc as unknown as Record<string, unknown>;
      const siblings = await records.children(caller, 'productPrice', 'productId', String(doc.productId));
      if (siblings.some((p) => p.id !== doc.id && p.currency === doc.currency)) throw invalid([{ field: 'currency', code: FIELD_CODES.CURRENCY_TAKEN, detail: String(doc.currency) }]);
      return [];
    },
  },
};
