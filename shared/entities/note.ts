// The note: free text on a company, person or lead.
import { defineEntity, longtext, ref, select } from './fields.ts';

export const note = defineEntity({
  name: 'note',
  fields: {
    parentType: select(['company', 'person', 'lead'], 'company'),
    parentId: ref(['company', 'person', 'lead'], { required: true, indexed: true }),
    text: longtext(8000, { required: true }),
  },
  title: ['text'],
  listFields: ['text'],
  searchFields: ['text'],
  formFields: ['text'],
});
