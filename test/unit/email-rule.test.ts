// The duplicate e-mail rule's pure parts (742-171455-ENH): the normal form, a record's addresses, the rule itself,
// the push plan applying it (with a batch's own claims), and how a group's addresses stand for a mailing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyAddresses, duplicateEmailIssues, emailKeys, mailingAddress, normaliseEmail, type EmailOwner } from '../../shared/email.ts';
import { settingOn } from '../../shared/settings.ts';
import { planPush } from '../../sync-server/db/push-plan.ts';
import { claimChanges } from '../../sync-server/db/email-claims.ts';
import { makeDoc, pushCtx } from '../helpers/docs.ts';

const mails = (...addresses: string[]) => addresses.map((address) => ({ type: 'business', address }));

test('742-171455-ENH: addresses compare trimmed and case-insensitively (and in one Unicode form)', () => {
  assert.is(normaliseEmail('  Jean.Martin@Panoply.EXAMPLE '), 'jean.martin@panoply.example');
  assert.is(normaliseEmail('Ame\u0301lie@x.example'), normaliseEmail('Am\u00e9lie@x.example'));
  assert.equal(emailKeys({ emails: mails('A@x.example', ' a@x.example', '', 'b@x.example') }), ['a@x.example', 'b@x.example']);
  assert.equal(emailKeys({ emails: 'not a list' }), []);
});

test('742-171455-ENH: the rule refuses only addresses the record gains, naming the holder or saying it is hidden', () => {
  const owners = new Map<string, EmailOwner[]>([
    ['jean@x.example', [{ entity: 'person', id: 'p1', title: 'Jean Martin' }]],
    ['secret@x.example', [{ entity: 'company', id: 'c9' }]],
  ]);
  const of = (k: string) => owners.get(k) ?? [];
  const rec = { emails: mails('free@x.example', 'JEAN@x.example', 'secret@x.example') };
  assert.equal(duplicateEmailIssues(rec, null, { entity: 'lead', id: 'l1' }, of), [
    { field: 'emails.1.address', code: 'duplicate-email', detail: 'Jean Martin' },
    { field: 'emails.2.address', code: 'duplicate-email-hidden' },
  ]);
  // An address the record already had is not judged again (editing an existing duplicate's other fields).
  assert.equal(duplicateEmailIssues(rec, { emails: mails('jean@x.example', 'secret@x.example') }, { entity: 'lead', id: 'l1' }, of), []);
  // A record never collides with itself.
  assert.equal(duplicateEmailIssues({ emails: mails('jean@x.example') }, null, { entity: 'person', id: 'p1' }, of), []);
});

test('742-171455-ENH: push plan with the rule on: a held address is refused (strict codes), a batch sees its own claims and releases', () => {
  const ctx = { ...pushCtx('u1', { lenient: true }), emails: { owners: new Map<string, EmailOwner[]>([['held@x.example', [{ entity: 'company', id: 'c1', title: 'Held Ltd' }]]]) } };
  const rows = [
    { assumedMasterState: null, newDocumentState: makeDoc('person', { id: 'p1', emails: mails('Held@x.example') }) },
    { assumedMasterState: null, newDocumentState: makeDoc('person', { id: 'p2', emails: mails('new@x.example') }) },
    { assumedMasterState: null, newDocumentState: makeDoc('person', { id: 'p3', emails: mails('NEW@x.example') }) },
  ];
  const plan = planPush('person', rows, new Map(), ctx);
  assert.equal(plan.writes.map((w) => w.id), ['p2']);
  assert.equal(plan.refusals.map((r) => [r.id, r.code, r.issues[0]?.code, r.issues[0]?.detail]), [
    ['p1', 'FC-VAL-001', 'duplicate-email', 'Held Ltd'],
    ['p3', 'FC-VAL-001', 'duplicate-email', 'Person p2'],
  ]);
  assert.is(plan.notices.length, 2, 'each refusal is kept for its author');
  // The holder moving off the address in the same batch frees it for a later row.
  const p4 = makeDoc('person', { id: 'p4', emails: mails('mine@x.example') });
  const ctx2 = { ...pushCtx('u1', { lenient: true }), emails: { owners: new Map<string, EmailOwner[]>([['mine@x.example', [{ entity: 'person', id: 'p4', title: 'P4' }]]]) } };
  const plan2 = planPush('person', [
    { assumedMasterState: p4, newDocumentState: { ...p4, emails: mails('other@x.example') } as never },
    { assumedMasterState: null, newDocumentState: makeDoc('person', { id: 'p5', emails: mails('mine@x.example') }) },
  ], new Map([['p4', p4]]), ctx2);
  assert.equal(plan2.writes.map((w) => w.id), ['p4', 'p5']);
  // With the rule off (no `emails` in the context) nothing is judged.
  assert.equal(planPush('person', rows, new Map(), pushCtx('u1', { lenient: true })).writes.map((w) => w.id), ['p1', 'p2', 'p3']);
});

test('claims follow the record: added, dropped, all dropped when deleted', () => {
  const doc = makeDoc('lead', { emails: mails('a@x.example', 'B@x.example') });
  assert.equal(claimChanges(doc, ['a@x.example', 'old@x.example']), { drop: ['old@x.example'], add: ['b@x.example'] });
  assert.equal(claimChanges({ ...doc, _deleted: true }, ['a@x.example']), { drop: ['a@x.example'], add: [] });
});

test('742-171455-ENH: a group\'s addresses for a mailing: missing, invalid, duplicate (across records), ok', () => {
  const recs = [
    { id: 'a', emails: mails('one@x.example') },
    { id: 'b', emails: [{ type: 'private', address: 'x@x.example' }, { type: 'business', address: 'ONE@x.example' }] },
    { id: 'c', emails: mails('broken@') },
    { id: 'd', emails: [] },
    { id: 'e', emails: mails('two@x.example') },
  ];
  assert.is(mailingAddress(recs[1]!), 'ONE@x.example', 'the business address is the mailing one');
  assert.equal(Object.fromEntries(classifyAddresses(recs)), { a: 'duplicate', b: 'duplicate', c: 'invalid', d: 'missing', e: 'ok' });
});

test('settings: a stored value, else the default', () => {
  assert.is(settingOn('duplicateEmailDetection', null), false);
  assert.is(settingOn('duplicateEmailDetection', { value: 'true' }), true);
  assert.is(settingOn('duplicateEmailDetection', { value: 'nonsense' }), false);
  assert.is(settingOn('duplicateEmailDetection', { value: 'true', _deleted: true }), false);
});

test.run();
