// The report engine (shared/reports.ts) and the dashboard layout check (shared/dashboard.ts), in Node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLayout } from '../../shared/dashboard.ts';
import { checkDefinition, runReport, type ReportDefinition } from '../../shared/reports.ts';

const quotes = [
  { id: 'q1', status: 'sent', currency: 'EUR', total: 1000, issuedAt: '2026-11-02', companyId: 'c1' },
  { id: 'q2', status: 'sent', currency: 'USD', total: 500, issuedAt: '2026-12-02', companyId: 'c1' },
  { id: 'q3', status: 'draft', currency: 'EUR', total: null, issuedAt: '2026-12-05', companyId: 'c2' },
  { id: 'q4', status: 'sent', currency: 'EUR', total: 250, issuedAt: '2026-12-09', companyId: 'c2' },
];
const ctx = { now: '2026-12-05T10:00:00.000Z', label: (_f: string, v: string) => ({ c1: 'Panoply Ltd', c2: 'Maple' })[v] ?? '' };
const def = (d: Partial<ReportDefinition>): ReportDefinition => checkDefinition({ entity: 'quote', columns: ['status', 'companyId', 'currency', 'total'], ...d }).definition!;

test('subtotals and totals are per currency, never summed across currencies; an empty amount stays empty', () => {
  const out = runReport(def({ groupBy: ['status'] }), quotes, ctx);
  const summary = out.rows.filter((r) => r.kind !== 'record').map((r) => [r.kind, r.group.join('/'), r.currency, r.cells.total]);
  assert.equal(summary, [
    ['subtotal', 'draft', 'EUR', null],
    ['subtotal', 'sent', 'EUR', 1250],
    ['subtotal', 'sent', 'USD', 500],
    ['total', '', 'EUR', 1250],
    ['total', '', 'USD', 500],
  ]);
  assert.equal(out.groups.map((g) => [g.key, g.count, g.sums]), [
    ['draft', 1, { EUR: {} }],
    ['sent', 3, { EUR: { total: 1250 }, USD: { total: 500 } }],
  ]);
  assert.is(out.rows.find((r) => r.id === 'q1')!.cells.companyId, 'Panoply Ltd', 'references by their title');
});

test('filters (this month, contains, in) and sort; records can be left out for the totals only', () => {
  const month = runReport(def({ filters: [{ field: 'issuedAt', op: 'thisMonth' }], sort: [{ field: 'total', direction: 'desc' }] }), quotes, ctx);
  assert.equal(month.rows.filter((r) => r.kind === 'record').map((r) => r.id), ['q2', 'q4', 'q3']);
  const only = runReport(def({ groupBy: ['status'], details: false, filters: [{ field: 'status', op: 'in', value: ['sent'] }] }), quotes, ctx);
  assert.not.ok(only.rows.some((r) => r.kind === 'record'));
  assert.is(only.count, 3);
});

test('"this month" is the runner\'s month in their time zone, not UTC\'s', () => {
  // 1 December 00:30 in Paris is still 30 November in UTC; on 1 December in Paris, it is this month.
  const comms = [
    { id: 'm1', startsAt: '2026-11-30T23:30:00.000Z' },
    { id: 'm2', startsAt: '2026-11-30T22:30:00.000Z' },
    { id: 'm3', startsAt: '2026-12-20T10:00:00.000Z' },
  ];
  const d = checkDefinition({ entity: 'communication', columns: ['subject'], filters: [{ field: 'startsAt', op: 'thisMonth' }] }).definition!;
  const paris = (iso: string): string => new Date(Date.parse(iso) + 3_600_000).toISOString().slice(0, 7); // UTC+1 in winter
  const now = '2026-12-01T00:10:00.000Z';
  assert.equal(runReport(d, comms, { ...ctx, now, month: paris }).rows.filter((r) => r.kind === 'record').map((r) => r.id), ['m1', 'm3']);
  assert.equal(runReport(d, comms, { ...ctx, now }).rows.filter((r) => r.kind === 'record').map((r) => r.id), ['m3'], 'without a zone: UTC');
});

test('a month column groups by month', () => {
  const out = runReport(def({ columns: ['issuedAt:month', 'total', 'currency'], groupBy: ['issuedAt:month'] }), quotes, ctx);
  assert.equal(out.groups.map((g) => g.key), ['2026-11', '2026-12']);
});

test('a definition is checked: entity, columns, grouping on numbers, filters, sort', () => {
  assert.ok(checkDefinition({ entity: 'conflict', columns: ['id'] }).issues.length);
  assert.ok(checkDefinition({ entity: 'quote', columns: [] }).issues.length);
  assert.ok(checkDefinition({ entity: 'quote', columns: ['nope'] }).issues.length);
  assert.ok(checkDefinition({ entity: 'quote', columns: ['total'], groupBy: ['total'] }).issues.length, 'no grouping by an amount');
  assert.ok(checkDefinition({ entity: 'quote', columns: ['total'], filters: [{ field: 'total', op: 'thisMonth', value: 1 }] }).issues.length);
  assert.ok(checkDefinition({ entity: 'quote', columns: ['notes'] }).issues.length, 'long text is not a column');
  assert.equal(checkDefinition({ entity: 'quote', columns: ['total'], filters: [{ field: 'total', op: 'gt', value: 10 }] }).issues, []);
});

test('a dashboard layout is checked: known kinds, unique ids, a report gadget names its report', () => {
  assert.equal(checkLayout({ gadgets: [{ id: 'a', kind: 'today' }, { id: 'b', kind: 'report', reportId: 'quotes-by-status', extra: 1 }] }), { gadgets: [{ id: 'a', kind: 'today' }, { id: 'b', kind: 'report', reportId: 'quotes-by-status' }] });
  assert.type(checkLayout({ gadgets: [{ id: 'a', kind: 'weather' }] }), 'string');
  assert.type(checkLayout({ gadgets: [{ id: 'a', kind: 'today' }, { id: 'a', kind: 'recent' }] }), 'string');
  assert.type(checkLayout({ gadgets: [{ id: 'a', kind: 'report' }] }), 'string');
  assert.type(checkLayout([]), 'string');
});

test.run();
