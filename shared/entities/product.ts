// The product: what quotes and orders sell, with a list price in each currency it is sold in (online only, desktop).
import { CURRENCIES, MAX_AMOUNT } from '../money.ts';
import { amount, defineEntity, longtext, ref, select, text } from './fields.ts';

export const product = defineEntity({
  name: 'product',
  online: true,
  fields: {
    name: text(120, { required: true, indexed: true }),
    code: text(40, { indexed: true }),
    unit: select(['each', 'hour', 'day', 'month', 'box', 'kg'], 'each'),
    status: select(['active', 'discontinued'], 'active'),
    description: longtext(2000),
  },
  title: ['name'],
  listFields: ['name', 'code', 'unit', 'status'],
  searchFields: ['name', 'code'],
  formFields: ['name', 'code', 'unit', 'status', 'description'],
});

/** One list price of a product in one currency (one per currency: the server refuses a second). */
export const productPrice = defineEntity({
  name: 'productPrice',
  online: true,
  territoryFrom: 'productId',
  rightsFrom: 'product',
  fields: {
    productId: ref(['product'], { required: true, indexed: true }),
    currency: select(CURRENCIES, 'EUR', { required: true }),
    listPrice: amount('currency', 0, MAX_AMOUNT, { required: true }),
  },
  title: ['currency'],
  sort: { field: 'productId', direction: 'asc' },
  listFields: ['currency', 'listPrice'],
  searchFields: ['currency'],
  formFields: ['productId', 'currency', 'listPrice'],
});
