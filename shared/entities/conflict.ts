// A change that did not land as its author made it: a same-field conflict lost to another edit, a write the server
// refused, a delete made on an out-of-date copy, or an edit that met a newer deletion (decision 0015).
import { datetime, defineEntity, longtext, ref, select, text } from './fields.ts';

export const conflict = defineEntity({
  name: 'conflict',
  scope: 'owner',
  fields: {
    /**
     * `conflict`: a same-field loser (`field`, `mine`, `theirs`); `rejected`: a refused write (`mine` the whole record,
     * `reason`, `issues`); `delete`: a deletion refused because someone changed the record since the author's copy
     * (`mine` the deleted record, `field` and `theirs` what changed, `winnerBy` who); `deleted`: an edit, move or
     * restore that met a newer deletion (`mine` the author's whole record, `field` where it differs from the deleted
     * one, `theirs` when it was deleted, `winnerBy` who).
     * No option is longer than 8 characters: the column and the device schema stay as they are.
     */
    kind: select(['conflict', 'rejected', 'delete', 'deleted'], 'conflict'),
    status: select(['open', 'reapplied', 'dismissed'], 'open', { indexed: true }),
    ownerId: ref(['user'], { required: true, indexed: true }),
    entity: text(30, { required: true }),
    recordId: ref(['company', 'person', 'lead', 'communication', 'note'], { required: true, indexed: true }),
    recordTitle: text(200),
    /** The field both sides changed (conflict); comma-separated fields that differ (delete, deleted). */
    field: text(60),
    /** JSON: the author's value (conflict) or the author's whole record (rejected, delete, deleted). */
    mine: longtext(64000),
    /** JSON: the value that won (conflict), the fields changed since (delete), the deletion's time (deleted). */
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
