// Desktop lists: what the filter row keeps, the order a sorted column gives, and the CSV and Excel files of the rows shown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { strFromU8, unzipSync } from 'fflate';
import { entityDef, type AnyRecord } from '../../shared/entities/index.ts';
import { activeFilters, arrange, filterControls, newRecordPrefill, nextSort, sortable, type Helpers } from '../../pwa/features/records/list-model.ts';
import readXlsxFile from 'read-excel-file/node';
import { toXlsx } from '../../pwa/features/export/xlsx.ts';
import { safeName, tableOf, toCsv, type ExportTable } from '../../pwa/features/export/table.ts';
import { zoneRules } from '../../pwa/time/zones.ts';

const company = entityDef('company');
const communication = entityDef('communication');
const h = (zone = 'UTC'): Helpers => ({ rules: zoneRules, zone, personName: (id) => ({ u1: 'Zoé', u2: 'adam' })[id] ?? id, collator: new Intl.Collator('fr', { sensitivity: 'base', numeric: true }) });
const rec = (o: Record<string, unknown>): AnyRecord => ({ id: String(o.id), territoryId: 't1', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'u1', ...o }) as unknown as AnyRecord;

test('filter controls: option fields, owner, territory, dates and the last change', () => {
  const kinds = filterControls(communication).map((c) => `${c.kind}:${c.field}`);
  assert.ok(kinds.includes('person:ownerId'));
  assert.ok(kinds.includes('territory:territoryId'));
  assert.ok(kinds.includes('dates:updatedAt'));
  assert.ok(kinds.some((k) => k.startsWith('option:')));
  assert.ok(kinds.some((k) => k.startsWith('dates:') && k !== 'dates:updatedAt'), kinds.join());
  const type = filterControls(company).find((c) => c.field === 'type');
  assert.ok(type && type.kind === 'option' && !type.options.includes(''), 'no empty option to pick');
});

test('sorting: accents and numbers as a reader expects, empty values last, stable, and the three-click cycle', () => {
  const rows = [rec({ id: 'a', name: 'Éclair 10' }), rec({ id: 'b', name: 'eclair 9' }), rec({ id: 'c', name: '' }), rec({ id: 'd', name: 'Alpha' })];
  assert.equal(arrange(company, rows, {}, { field: 'name', direction: 'asc' }, h()).map((r) => r.id), ['d', 'b', 'a', 'c']);
  assert.equal(arrange(company, rows, {}, { field: 'name', direction: 'desc' }, h()).map((r) => r.id), ['a', 'b', 'd', 'c']);
  assert.equal(arrange(company, rows, {}, null, h()).map((r) => r.id), ['a', 'b', 'c', 'd'], 'no sort: the list order');
  assert.equal(nextSort(null, 'name'), { field: 'name', direction: 'asc' });
  assert.equal(nextSort({ field: 'name', direction: 'asc' }, 'name'), { field: 'name', direction: 'desc' });
  assert.is(nextSort({ field: 'name', direction: 'desc' }, 'name'), null);
  assert.equal(nextSort({ field: 'name', direction: 'desc' }, 'type'), { field: 'type', direction: 'asc' });
  assert.ok(sortable(communication, 'ownerId'), 'the owner sorts by name');
  assert.not.ok(sortable(communication, 'companyId'), 'another record id does not sort');
  const owned = [rec({ id: 'x', ownerId: 'u1' }), rec({ id: 'y', ownerId: 'u2' })];
  assert.equal(arrange(communication, owned, {}, { field: 'ownerId', direction: 'asc' }, h()).map((r) => r.id), ['y', 'x'], 'adam before Zoé');
});

test('filters: exact options and territory; a date range is whole days on the user wall clock', () => {
  const rows = [
    rec({ id: 'a', type: 'customer', territoryId: 't1', updatedAt: '2026-03-09T23:30:00.000Z' }),
    rec({ id: 'b', type: 'supplier', territoryId: 't2', updatedAt: '2026-03-10T12:00:00.000Z' }),
    rec({ id: 'c', type: 'customer', territoryId: 't2', updatedAt: '2026-03-11T00:30:00.000Z' }),
  ];
  assert.equal(arrange(company, rows, { type: 'customer' }, null, h()).map((r) => r.id), ['a', 'c']);
  assert.equal(arrange(company, rows, { type: 'customer', territoryId: 't2' }, null, h()).map((r) => r.id), ['c']);
  assert.equal(arrange(company, rows, { 'updatedAt.from': '2026-03-10', 'updatedAt.to': '2026-03-10' }, null, h()).map((r) => r.id), ['b'], 'UTC');
  // In Paris (UTC+1 in March) a's 23:30 UTC is already the 10th, and c's 00:30 UTC still the 11th.
  assert.equal(arrange(company, rows, { 'updatedAt.from': '2026-03-10', 'updatedAt.to': '2026-03-10' }, null, h('Europe/Paris')).map((r) => r.id), ['a', 'b']);
  assert.is(activeFilters({ type: 'customer', 'updatedAt.from': '' }), 1);
});

const sample = (): ExportTable =>
  tableOf(
    entityDef('quote'),
    'Quotes',
    [
      { field: 'reference', label: 'Reference' },
      { field: 'companyId', label: 'Company' },
      { field: 'total', label: 'Total' },
    ].filter((c) => c.field in entityDef('quote').fields || c.field === 'reference'),
    [rec({ id: 'q1', reference: '=HYPERLINK("x")', companyId: 'c1', currency: 'EUR', total: 123456 }), rec({ id: 'q2', reference: 'Q "2", b', companyId: 'c2', currency: 'JPY', total: null })],
    { format: (_f, v) => String(v ?? ''), title: (_f, id) => ({ c1: 'Panoply & Co' })[id] ?? '' },
  );

test('export table: numbers stay numbers in their unit, empty values stay empty, references by title', () => {
  const t = sample();
  const total = entityDef('quote').fields.total;
  if (total) {
    assert.is(t.rows[0]![2], 1234.56, 'an amount in euros, not cents');
    assert.is(t.rows[1]![2], null, 'an empty amount is an empty cell (394-171800-QA)');
  }
  assert.is(t.rows[0]![1], 'Panoply & Co');
  assert.is(t.rows[1]![1], 'c2', 'no title found: the id');
});

test('CSV: RFC 4180 quoting, CRLF, a BOM, and formulas defused', () => {
  const csv = toCsv({ name: 'x', header: ['A', 'B'], rows: [['=1+2', 'a,b'], ['say "hi"', 3], [null, -2]] });
  assert.is(csv, '\uFEFFA,B\r\n\'=1+2,"a,b"\r\n"say ""hi""",3\r\n,-2\r\n');
});

test('Excel (write-excel-file): one sheet, a frozen bold header, numeric cells, text kept as text, no cell for an empty value', async () => {
  const blob = await toXlsx({ name: 'Persons: [all]', header: ['Name', 'Score', 'Phone'], rows: [['Zoé <&> "x"', 1.5, '+33 6 12'], ['bad\u0001char', null, '0042']] });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  // Read back with an independent reader: the values and their types.
  const [read] = await readXlsxFile(Buffer.from(bytes));
  assert.is(read?.sheet, 'Persons   all');
  assert.equal(read?.data, [
    ['Name', 'Score', 'Phone'],
    ['Zoé <&> "x"', 1.5, '+33 6 12'],
    ['badchar', null, '0042'],
  ]);
  const files = unzipSync(bytes);
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  assert.not.match(sheet, /r="B3"/, 'no cell for the empty score');
  assert.match(sheet, /ySplit="1"/, 'the header row is frozen');
  assert.match(strFromU8(files['xl/styles.xml']!), /<b\/>/, 'a bold font for the header');
  assert.is(safeName(''), 'Export');
});

test('a new appointment from a list starts in the user zone, today, at the next whole hour', () => {
  const now = Date.parse('2026-12-04T15:20:00Z'); // 09:20 in Edmonton (UTC-6 all year since 2026)
  assert.equal(newRecordPrefill(communication, zoneRules, 'America/Edmonton', now), {
    timeZone: 'America/Edmonton',
    startsAt: '2026-12-04T16:00:00.000Z',
    endsAt: '2026-12-04T17:00:00.000Z',
  });
  assert.equal(newRecordPrefill(company, zoneRules, 'Europe/Paris', now), {}, 'a record with no wall clock: nothing');
});

test.run();
