// The communication: an appointment or a task, linked to a company and/or a person.
import { boolean, datetime, defineEntity, longtext, ref, select, text } from './fields.ts';

export const communication = defineEntity({
  name: 'communication',
  fields: {
    /** `email`: a message filed from a mail program (documents, issue 8); never on a calendar. */
    kind: select(['appointment', 'task', 'email'], 'appointment', { indexed: true }),
    subject: text(200, { required: true }),
    startsAt: datetime({ required: true, indexed: true }),
    endsAt: datetime(),
    timeZone: text(64, { format: 'timezone', required: true }),
    /** The wall times as booked in `timeZone` ("2027-06-15T09:00"): `startsAt`/`endsAt` are derived from them (wallClock). */
    localStart: text(16, { format: 'wall-time' }),
    localEnd: text(16, { format: 'wall-time' }),
    allDay: boolean(),
    status: select(['pending', 'in-progress', 'complete', 'cancelled'], 'pending'),
    priority: select(['low', 'normal', 'high'], 'normal'),
    companyId: ref(['company'], { indexed: true }),
    personId: ref(['person'], { indexed: true }),
    /** The custom entity's record it is for (docs/decisions/0050; 781-171888-QA): guarded by that entity's rights. */
    regardingId: ref(['customRecord'], { indexed: true }),
    /** Whose calendar it is on: the user it is for (by default, who created it). */
    ownerId: ref(['user'], { indexed: true }),
    /** Contact details for the meeting, filled from the person or company it is made from (389-171819-QA). */
    phone: text(40, { format: 'phone' }),
    email: text(254, { format: 'email' }),
    location: text(200),
    details: longtext(4000),
  },
  wallClock: { zone: 'timeZone', times: [{ instant: 'startsAt', wall: 'localStart' }, { instant: 'endsAt', wall: 'localEnd' }] },
  title: ['subject'],
  sort: { field: 'startsAt', direction: 'desc' },
  listFields: ['startsAt', 'kind', 'subject', 'status'],
  searchFields: ['subject', 'location'],
  formFields: ['kind', 'subject', 'startsAt', 'endsAt', 'timeZone', 'allDay', 'status', 'priority', 'ownerId', 'companyId', 'personId', 'phone', 'email', 'location', 'details'],
});
