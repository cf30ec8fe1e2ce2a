// A message to one user from the server (e.g. the outcome of sending a group to MailChimp): shown in the app's
// notification area and on the dashboard. The server writes it; its owner only marks it read.
import { datetime, defineEntity, longtext, ref, select, text } from './fields.ts';

export const notification = defineEntity({
  name: 'notification',
  scope: 'owner',
  fields: {
    kind: select(['mailchimp', 'info'], 'info'),
    status: select(['unread', 'read'], 'unread', { indexed: true }),
    ownerId: ref(['user'], { required: true, indexed: true }),
    title: text(200),
    /** JSON with the details of the kind (counts, the group…). */
    body: longtext(16000),
    happenedAt: datetime({ required: true, indexed: true }),
  },
  title: ['title'],
  sort: { field: 'happenedAt', direction: 'desc' },
  listFields: ['title', 'happenedAt', 'status'],
  searchFields: ['title'],
  formFields: ['title', 'happenedAt', 'status'],
});
