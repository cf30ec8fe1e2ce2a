// A system setting that devices need offline (e.g. duplicate e-mail detection): written by administrators through
// the server, replicated read-only to every signed-in device. Secrets never live here (see sync-server/settings/).
import { defineEntity, longtext, text } from './fields.ts';

export const setting = defineEntity({
  name: 'setting',
  scope: 'everyone',
  fields: {
    /** Caption key of the setting, for lists; the record id is the setting's key. */
    label: text(80),
    /** JSON of the value. */
    value: longtext(4000),
  },
  title: ['label'],
  listFields: ['label', 'value'],
  searchFields: ['label'],
  formFields: ['label', 'value'],
});
