// A change that did not land as its author made it: a same-field conflict lost to another edit, or a write the server refused.
import { datetime, defineEntity, longtext, ref, select, text } from './fields.ts';

export const conflict = defineEntity({
  name: 'conflict',
  scope: 'owner',
  fields: {
    kind: select(['conflict', 'rejected'], 'conflict'),
    status: select(['open', 'reapplied', 'dismissed'], 'open', { indexed: true }),
    ownerId: ref(['user'], { required: true, indexed: true }),
    entity: text(30, { required: true }),
    recordId: ref(['company', 'person', 'lead', 'communication', 'note'], { required: true, indexed: true }),
    recordTitle: text(200),
    /** For a conflict: the field both sides changed. */
    field: text(60),
    /** JSON: the author's value (conflict) or the author's whole record (rejected). */
    mine: longtext(64000),
    /** JSON: the value that won (conflict). */
    theirs: longtext(64000),
    winnerBy: text(40),
    happenedAt: datetime({ required: true, indexed: true }),
    /** Error code of a refusal (FC-AUTH-003 no right, FC-VAL-001 invalid…). */
    reason: text(20),
    /** JSON list of field issues of a refusal. */
    issues: longtext(16000),
  },
  title: ['recordTitle'],
  sort: { field: 'happenedAt', direction: 'desc' },
  listFields: ['kind', 'entity', 'field', 'happenedAt', 'status'],
  searchFields: ['recordTitle'],
  formFields: ['kind', 'entity', 'recordTitle', 'field', 'mine', 'theirs', 'winnerBy', 'happenedAt', 'reason'],
});
