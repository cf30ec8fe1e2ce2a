// The records of every custom entity, in one online-only entity: which custom entity (`entityKey`), its name, its
// parent, and the entity's own fields in the JSON column of custom values (docs/decisions/0050).
import { defineEntity, longtext, ref, text } from './fields.ts';

export const customRecord = defineEntity({
  name: 'customRecord',
  online: true,
  fields: {
    /** The custom entity (`x_<code>`); set by the server from the path, never changed. */
    entityKey: text(30, { required: true, indexed: true }),
    name: text(200, { required: true, indexed: true, label: 'field.customRecord.name' }),
    companyId: ref(['company'], { indexed: true, label: 'field.customRecord.companyId' }),
    personId: ref(['person'], { indexed: true, label: 'field.customRecord.personId' }),
    ownerId: ref(['user'], { indexed: true, label: 'field.customRecord.ownerId' }),
    details: longtext(4000, { label: 'field.customRecord.details' }),
  },
  title: ['name'],
  listFields: ['name', 'ownerId'],
  searchFields: ['name'],
  formFields: ['name', 'companyId', 'personId', 'ownerId', 'details'],
});
