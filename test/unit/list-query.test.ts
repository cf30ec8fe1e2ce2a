// The list query's rules from the metadata (shared/list-query.ts): what sorts, how a sort and the filter row parse.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef } from '../../shared/entities/index.ts';
import { parseFilters, parseSort, sortableFields, sortParam, filterEntries } from '../../shared/list-query.ts';

const quote = entityDef('quote');

test('sortable: single values and the last change, never references, lists or long texts', () => {
  assert.equal(sortableFields(quote), ['reference', 'description', 'status', 'issuedAt', 'validUntil', 'currency', 'taxRate', 'subtotal', 'tax', 'total', 'updatedAt']);
  const company = sortableFields(entityDef('company'));
  assert.not.ok(company.includes('emails'));
  assert.not.ok(company.includes('ownerId'));
});

test('parseSort: comma-separated, "-" descending, "+" or nothing ascending; the round trip through sortParam', () => {
  const r = parseSort(quote, ' total , -issuedAt,+status');
  assert.equal(r, { ok: true, value: [{ field: 'total', direction: 'asc' }, { field: 'issuedAt', direction: 'desc' }, { field: 'status', direction: 'asc' }] });
  assert.is(r.ok && sortParam(r.value), 'total,-issuedAt,status');
  assert.equal(parseSort(quote, ''), { ok: true, value: [] });
  assert.equal(parseSort(quote, undefined), { ok: true, value: [] });
  for (const bad of ['toString', '__proto__', 'companyId', '-', 'total,,status', 'notes']) assert.not.ok(parseSort(quote, bad).ok, bad);
});

test('parseFilters: equality on options, references, territory, yes/no; ranges on dates, instants, amounts; values checked', () => {
  const r = parseFilters(quote, [
    ['status', 'sent'],
    ['ownerId', 'u-sales'],
    ['territoryId', 't-eu'],
    ['issuedAt.from', '2026-01-01'],
    ['issuedAt.to', '2026-01-31'],
    ['updatedAt.from', '2026-01-01T00:00Z'],
    ['total.to', '10000'],
    ['description', ''],
  ]);
  assert.equal(r, {
    ok: true,
    value: [
      { field: 'status', op: 'eq', value: 'sent' },
      { field: 'ownerId', op: 'eq', value: 'u-sales' },
      { field: 'territoryId', op: 'eq', value: 't-eu' },
      { field: 'issuedAt', op: 'gte', value: '2026-01-01' },
      { field: 'issuedAt', op: 'lte', value: '2026-01-31' },
      { field: 'updatedAt', op: 'gte', value: '2026-01-01T00:00:00.000Z' },
      { field: 'total', op: 'lte', value: 10000 },
    ],
  });
  for (const bad of [['status', 'nope'], ['issuedAt.from', '2026-02-30'], ['constructor', 'x'], ['total', '5'], ['emails', 'a@b.c'], ['updatedAt.to', '2026-01-01T00:00+01:00'], ['issuedAt.from.x', '2026-01-01']] as const)
    assert.not.ok(parseFilters(quote, [bad]).ok, bad.join('='));
  assert.not.ok(parseFilters(quote, [['status', 'sent'], ['status', 'draft']]).ok, 'a key twice');
  assert.equal(parseFilters(entityDef('company'), [['emails', '']]), { ok: true, value: [] }, 'an empty value is no filter, whatever its key');
});

test('filterEntries: only filter[...] keys, in order', () => {
  assert.equal(filterEntries(new URLSearchParams('q=x&filter[status]=sent&sort=total&filter[issuedAt.from]=2026-01-01').entries()), [['status', 'sent'], ['issuedAt.from', '2026-01-01']]);
});



test('serverFilters: the filter row as the list route reads it; a date-time range’s days become the user’s midnights, and the server accepts them', async () => {
  const { serverFilters } = await import('../../pwa/features/records/list-model.ts');
  const { zoneRules } = await import('../../pwa/time/zones.ts');
  const entries = serverFilters(quote, { status: 'sent', 'issuedAt.from': '2026-03-01', 'updatedAt.from': '2026-03-29', 'updatedAt.to': '2026-03-29', ownerId: '' }, { rules: zoneRules, zone: 'Europe/Paris' });
  // 29 March 2026 is the day Paris moves to summer time: 23 hours, from 23:00Z the day before to 22:00Z.
  assert.equal(entries, [
    ['status', 'sent'],
    ['issuedAt.from', '2026-03-01'],
    ['updatedAt.from', '2026-03-28T23:00:00.000Z'],
    ['updatedAt.to', '2026-03-29T22:00:00.000Z'],
  ]);
  const parsed = parseFilters(quote, entries);
  assert.ok(parsed.ok);
});
test.run();
