// The pure parts of sync: the three-way merge, the push plan, pending changes, and routes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entities } from '../../shared/entities/index.ts';
import { mergeThreeWay } from '../../shared/merge.ts';
import { boundedJson, planPush } from '../../sync-server/db/push-plan.ts';
import { validateRecord } from '../../shared/validation.ts';
import { MemoryKeyValue, PendingChanges } from '../../pwa/db/pending.ts';
import { href, parseRoute } from '../../pwa/app/router.ts';
import { fullRights, makeDoc, pushCtx } from '../helpers/docs.ts';

const now = '2026-11-29T00:00:00.000Z';
const ctx = { ...pushCtx('u1'), now };

test('merge: different fields both survive; same field keeps the master and reports the loser', () => {
  const base = { ...makeDoc('company'), name: 'A', industry: 'X', website: '' } as Record<string, unknown>;
  const master = { ...base, name: 'A-master', industry: 'Y' };
  const mine = { ...base, industry: 'Z', website: 'mine.example' };
  const r = mergeThreeWay(entities.company, base, master, mine);
  assert.is(r.merged.name, 'A-master');
  assert.is(r.merged.industry, 'Y');
  assert.is(r.merged.website, 'mine.example');
  assert.equal(r.lost, [{ field: 'industry', mine: 'Z', theirs: 'Y' }]);
  assert.ok(r.changed);
});

test('merge: lists compare by value, not identity', () => {
  const base = { ...makeDoc('company'), emails: [{ type: 'business', address: 'a@b.co' }] } as Record<string, unknown>;
  const r = mergeThreeWay(entities.company, base, { ...base, emails: [{ address: 'a@b.co', type: 'business' }] }, { ...base });
  assert.not.ok(r.changed);
  assert.equal(r.lost, []);
});

test('push plan: new record, unchanged master, retry, stale master', () => {
  const doc = makeDoc('company', { id: 'c1', name: 'New' });
  let p = planPush('company', [{ assumedMasterState: null, newDocumentState: doc }], new Map(), ctx);
  assert.is(p.writes.length, 1);
  assert.is(p.writes[0]!.updatedBy, 'u1');
  assert.is(p.writes[0]!.updatedAt, now);

  const master = { ...doc, updatedAt: 'earlier', updatedBy: 'u0' };
  p = planPush('company', [{ assumedMasterState: master, newDocumentState: { ...master, name: 'Edit' } }], new Map([['c1', master]]), ctx);
  assert.equal([p.writes.length, p.conflictIds.length], [1, 0]);

  // The same push again after it applied: master already equals the new state.
  const applied = { ...master, name: 'Edit', updatedAt: now, updatedBy: 'u1' };
  p = planPush('company', [{ assumedMasterState: master, newDocumentState: { ...master, name: 'Edit' } }], new Map([['c1', applied]]), ctx);
  assert.equal([p.writes.length, p.conflictIds.length], [0, 0]);

  // Someone else changed the name meanwhile: the master stands, and the device hears about it.
  const other = { ...master, name: 'Other' };
  p = planPush('company', [{ assumedMasterState: master, newDocumentState: { ...master, name: 'Mine' } }], new Map([['c1', other]]), ctx);
  assert.equal([p.writes.length, p.conflictIds], [0, ['c1']]);
});

test('pending changes: a push confirms only the writes it carried', () => {
  const kv = new MemoryKeyValue();
  const p = new PendingChanges(kv, 'k');
  p.markWritten('company', 'a');
  p.markWritten('company', 'b');
  const snap = p.snapshot('company', ['a', 'b']);
  p.markWritten('company', 'b'); // edited again while the push was in flight
  p.confirm(snap);
  assert.is(p.count, 1);
  assert.ok(p.has('company', 'b'));
  assert.is(new PendingChanges(kv, 'k').count, 1, 'survives a reload');
});

test('routes round-trip', () => {
  const routes = [
    { view: 'list', entity: 'person' },
    { view: 'show', entity: 'company', id: 'c1', tab: 'note' },
    { view: 'edit', entity: 'note', id: 'n1', back: '#/company/c1?tab=note' },
    { view: 'new', entity: 'communication', prefill: { companyId: 'c1', kind: 'task' }, back: '#/company/c1' },
  ] as const;
  for (const r of routes) assert.equal(parseRoute(href(r)), r);
  assert.equal(parseRoute('#/nonsense'), { view: 'list', entity: 'company' });
});

test('a create sent again after its answer was lost undoes no later edit, move or delete', () => {
  const created = makeDoc('company', { id: 'c9', name: 'New', industry: 'Mine' });
  const edited = { ...created, industry: 'Theirs', territoryId: 't-na', updatedBy: 'u2' };
  const rights = { ...ctx, rights: fullRights(['t-eu', 't-na']), lenient: true };
  let p = planPush('company', [{ assumedMasterState: null, newDocumentState: created }], new Map([['c9', edited]]), rights);
  assert.equal(p.writes, [], 'the master stands');
  assert.equal(p.conflictIds, ['c9']);
  assert.equal(p.notices.map((n) => n.field).sort(), ['industry', 'territoryId'], 'the retried values are kept for their author');
  const deleted = { ...created, _deleted: true, updatedBy: 'u2' };
  p = planPush('company', [{ assumedMasterState: null, newDocumentState: created }], new Map([['c9', deleted]]), rights);
  assert.equal(p.writes, [], 'a deleted record does not come back');
});

test('kept values stay within the conflict record: long and deep values are cut, never thrown', () => {
  assert.is(boundedJson({ a: 'x' }, 100), '{"a":"x"}');
  const long = boundedJson({ id: 'c1', name: 'y'.repeat(70_000) }, 64_000);
  assert.ok(long.length <= 64_000 && JSON.parse(long)._truncated === true && JSON.parse(long).id === 'c1');
  let deep: unknown = 'leaf';
  for (let i = 0; i < 20_000; i++) deep = [deep];
  const cut = boundedJson({ id: 'c2', text: deep }, 64_000);
  assert.ok(cut.length <= 64_000);
  assert.is(JSON.parse(cut).id, 'c2');
});

test('validation: prototype keys are unknown fields; a lone surrogate is not text', () => {
  const doc = { ...makeDoc('company'), constructor: 1, toString: 'x' } as Record<string, unknown>;
  assert.equal(validateRecord(entities.company, doc, ['_deleted']).map((i) => `${i.field}:${i.code}`), ['constructor:unknown-field', 'toString:unknown-field']);
  assert.equal(validateRecord(entities.company, { ...makeDoc('company'), name: 'a\ud800b' }, ['_deleted']).map((i) => i.code), ['not-text']);
  assert.equal(validateRecord(entities.company, { ...makeDoc('company'), name: 'a😀b' }, ['_deleted']), []);
});

test.run();
