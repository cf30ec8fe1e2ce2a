// The opportunity: a sale being worked on with a company, with its forecast; quotes may belong to one (online only, desktop).
import { CURRENCIES, MAX_AMOUNT } from '../money.ts';
import { amount, date, defineEntity, longtext, ref, select, text } from './fields.ts';

export const opportunity = defineEntity({
  name: 'opportunity',
  online: true,
  territoryFrom: 'companyId',
  fields: {
    description: text(200, { required: true, indexed: true }),
    companyId: ref(['company'], { required: true, indexed: true }),
    personId: ref(['person'], { indexed: true }),
    stage: select(['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost'], 'prospecting'),
    currency: select(CURRENCIES, 'EUR', { required: true }),
    forecast: amount('currency', 0, MAX_AMOUNT),
    closeDate: date(),
    ownerId: ref(['user'], { indexed: true }),
    details: longtext(4000),
  },
  title: ['description'],
  listFields: ['description', 'companyId', 'stage', 'forecast', 'closeDate'],
  searchFields: ['description'],
  formFields: ['description', 'companyId', 'personId', 'stage', 'currency', 'forecast', 'closeDate', 'ownerId', 'details'],
});
