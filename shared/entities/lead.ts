// The lead: a sales enquiry not yet qualified, possibly from someone not yet on file.
import { addresses, defineEntity, emails, longtext, number, phones, select, text } from './fields.ts';

export const lead = defineEntity({
  name: 'lead',
  fields: {
    description: text(200, { required: true, indexed: true }),
    stage: select(['new', 'contacted', 'qualified', 'lost'], 'new'),
    source: select(['', 'web', 'phone', 'referral', 'event', 'other'], ''),
    companyName: text(120),
    firstName: text(60),
    lastName: text(60),
    estimatedValue: number(0, 1_000_000_000, { format: 'currency' }),
    emails: emails(),
    phones: phones(),
    addresses: addresses(),
    details: longtext(4000),
  },
  title: ['description'],
  listFields: ['description', 'companyName', 'stage', 'estimatedValue'],
  searchFields: ['description', 'companyName', 'lastName', 'emails', 'addresses'],
  formFields: ['description', 'stage', 'source', 'companyName', 'firstName', 'lastName', 'estimatedValue', 'emails', 'phones', 'addresses', 'details'],
});
