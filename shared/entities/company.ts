// The company: an organisation the team sells to or works with.
import { addresses, defineEntity, emails, phones, select, text } from './fields.ts';

export const company = defineEntity({
  name: 'company',
  fields: {
    name: text(120, { required: true, indexed: true }),
    type: select(['customer', 'prospect', 'supplier', 'partner', 'other'], 'prospect'),
    status: select(['active', 'inactive'], 'active'),
    industry: text(80),
    website: text(200, { format: 'url' }),
    emails: emails(),
    phones: phones(),
    addresses: addresses(),
  },
  title: ['name'],
  listFields: ['name', 'type', 'addresses', 'phones', 'emails'],
  searchFields: ['name', 'addresses', 'emails'],
  formFields: ['name', 'type', 'status', 'industry', 'website', 'emails', 'phones', 'addresses'],
});
