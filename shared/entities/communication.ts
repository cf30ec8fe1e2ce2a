// The communication: an appointment or a task, linked to a company and/or a person.
import { boolean, datetime, defineEntity, longtext, ref, select, text } from './fields.ts';

export const communication = defineEntity({
  name: 'communication',
  fields: {
    kind: select(['appointment', 'task'], 'appointment', { indexed: true }),
    subject: text(200, { required: true }),
    startsAt: datetime({ required: true, indexed: true }),
    endsAt: datetime(),
    timeZone: text(64, { format: 'timezone', required: true }),
    allDay: boolean(),
    status: select(['pending', 'in-progress', 'complete', 'cancelled'], 'pending'),
    priority: select(['low', 'normal', 'high'], 'normal'),
    companyId: ref(['company'], { indexed: true }),
    personId: ref(['person'], { indexed: true }),
    location: text(200),
    details: longtext(4000),
  },
  title: ['subject'],
  sort: { field: 'startsAt', direction: 'desc' },
  listFields: ['startsAt', 'kind', 'subject', 'status'],
  searchFields: ['subject', 'location'],
  formFields: ['kind', 'subject', 'startsAt', 'endsAt', 'timeZone', 'allDay', 'status', 'priority', 'companyId', 'personId', 'location', 'details'],
});
