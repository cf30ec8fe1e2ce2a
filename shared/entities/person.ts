// The person: a contact, usually working for a company.
import { addresses, defineEntity, emails, phones, ref, select, text } from './fields.ts';

export const person = defineEntity({
  name: 'person',
  fields: {
    salutation: select(['', 'mr', 'ms', 'mx', 'dr'], ''),
    firstName: text(60),
    lastName: text(60, { required: true, indexed: true }),
    companyId: ref(['company'], { indexed: true }),
    title: text(80),
    emails: emails(),
    phones: phones(),
    addresses: addresses(),
  },
  title: ['firstName', 'lastName'],
  sort: { field: 'lastName', direction: 'asc' },
  listFields: ['lastName', 'firstName', 'title', 'emails', 'phones'],
  searchFields: ['firstName', 'lastName', 'emails', 'addresses'],
  formFields: ['salutation', 'firstName', 'lastName', 'companyId', 'title', 'emails', 'phones', 'addresses'],
});
