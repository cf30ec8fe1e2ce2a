// Reports and the dashboard over the real API on SQLite (issue 22): the runnable list, shipped reports with the
// runner's rights and totals per currency, saved and shared reports, .xlsx and CSV export read back with a
// spreadsheet library (394-171800-QA), the dashboard's arrangement, and the notification gadget's items (741-171644-QA).
import { Writable } from 'node:stream';
import { unzipSync, strFromU8 } from 'fflate';
import { pino } from 'pino';
import { readSheet } from 'read-excel-file/node';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { blankRecord } from '../../shared/records.ts';
import type { ReportResult, ReportSummary } from '../../shared/reports.ts';
import type { NotificationView } from '../../shared/dashboard.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  raw: Response;
}
type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<Answer<T>>;

const t = suite<{ server: TestServer; as: Record<string, Caller>; logged: string[] }>('reports');

t.before(async (ctx) => {
  ctx.logged = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      ctx.logged.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  ctx.server = await startServer({ companies: 24, log: pino({ level: 'debug' }, sink) });
  ctx.as = {};
  for (const login of ['admin', 'sales', 'manager']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (method, path, body) => {
      const res = await fetch(`${ctx.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: (type.includes('json') ? await res.json() : null) as never, raw: res };
    };
  }
});
t.after(async ({ server }) => {
  await server.close();
});

const codeOf = (r: Answer): string => String((r.body as { code?: string } | null)?.code ?? `(status ${r.status})`);

t('GET /api/reports lists the shipped reports with id and name, in the caller’s language', async ({ as }) => {
  const en = await as.admin!<{ reports: ReportSummary[] }>('GET', '/api/reports');
  assert.is(en.status, 200);
  assert.equal(en.body.reports.map((r) => r.id), ['pipeline-by-stage', 'communications-per-user', 'companies-by-territory', 'quotes-by-status', 'forecast-vs-actual']);
  assert.is(en.body.reports[3]!.name, 'Quotes by status, totals per currency');
  const fr = await as.sales!<{ reports: ReportSummary[] }>('GET', '/api/reports');
  assert.is(fr.body.reports[2]!.name, 'Sociétés par territoire et par type');
});

t('741-171644-QA: the notification gadget works when empty, when an item’s record was deleted, and when the user lost the right to see it', async ({ server, as }) => {
  const empty = await as.manager!<{ items: NotificationView[] }>('GET', '/api/dashboard/notifications');
  assert.is(empty.status, 200);
  assert.equal(empty.body.items, []);

  const companies = (await server.store.pull('company', 0, 200, { kind: 'everyone' })).documents;
  const [kept, doomed] = companies.filter((c) => c.territoryId === 't-eu');
  const hidden = companies.find((c) => c.territoryId === 't-na')!;
  const note = (id: string, title: string, body: unknown, at: string): WireDoc =>
    ({ ...(blankRecord(entityDef('notification'), id, 'none') as Record<string, unknown>), id, kind: 'info', status: 'unread', ownerId: 'u-sales', title, body: JSON.stringify(body), happenedAt: at, _deleted: false }) as unknown as WireDoc;
  await server.store.insertMany('notification', [
    note('n-kept', 'Shared with you', { entity: 'company', id: kept!.id }, '2026-12-01T10:00:00.000Z'),
    note('n-deleted', 'Shared with you', { entity: 'company', id: doomed!.id }, '2026-12-01T11:00:00.000Z'),
    note('n-hidden', 'Shared with you', { entity: 'company', id: hidden.id }, '2026-12-01T12:00:00.000Z'),
    note('n-garbled', 'Odd', '{not json', '2026-12-01T13:00:00.000Z'),
    { ...note('n-group', 'Autumn mailing', {}, '2026-12-01T14:00:00.000Z'), kind: 'mailchimp', body: JSON.stringify({ groupId: 'g-gone', groupName: 'Autumn', members: 3, sent: 0, created: 0, updated: 0, missing: 0, invalid: 1, duplicate: 0, rejected: false, failed: 0 }) } as WireDoc,
  ]);
  // The record behind one item is deleted (by the administrator, through sync).
  const del = await as.admin!('POST', '/sync/company/push', [{ assumedMasterState: doomed, newDocumentState: { ...doomed, _deleted: true } }]);
  assert.is(del.status, 200, JSON.stringify(del.body));

  const r = await as.sales!<{ items: NotificationView[] }>('GET', '/api/dashboard/notifications');
  assert.is(r.status, 200, JSON.stringify(r.body));
  const byId = new Map(r.body.items.map((i) => [i.id, i]));
  assert.equal(byId.get('n-kept')!.target, { entity: 'company', id: kept!.id, available: true, title: String((kept as unknown as Record<string, unknown>).name) });
  assert.equal(byId.get('n-deleted')!.target, { entity: 'company', id: doomed!.id, available: false }, 'deleted: shown, not openable');
  assert.equal(byId.get('n-hidden')!.target, { entity: 'company', id: hidden.id, available: false }, 'not theirs to see: same answer, no title');
  assert.is(byId.get('n-garbled')!.target, undefined);
  assert.equal(byId.get('n-group')!.target, { entity: 'group', id: 'g-gone', available: false });
  assert.equal(r.body.items.map((i) => i.id), ['n-group', 'n-garbled', 'n-hidden', 'n-deleted', 'n-kept'], 'newest first');
  // Another user never sees them.
  assert.equal((await as.manager!<{ items: NotificationView[] }>('GET', '/api/dashboard/notifications')).body.items, []);
});

t('quotes by status: only the runner’s territories, totals per currency and never summed across currencies', async ({ server, as }) => {
  const all = (await server.store.pull('quote', 0, 1000, { kind: 'everyone' })).documents as (WireDoc & Record<string, unknown>)[];
  const mine = all.filter((q) => q.territoryId === 't-eu' || q.territoryId.startsWith('t-eu-'));
  const r = await as.sales!<ReportResult>('GET', '/api/reports/quotes-by-status/run?limit=1000');
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body.count, mine.length, 'the sales user sees Europe only');
  assert.ok(mine.length > 0 && mine.length < all.length);
  const totals = r.body.rows.filter((x) => x.kind === 'total');
  const currencies = [...new Set(mine.map((q) => String(q.currency)))].sort();
  assert.equal(totals.map((x) => x.currency), currencies, 'one total per currency');
  for (const row of totals) {
    const expected = mine.filter((q) => q.currency === row.currency).reduce((s, q) => s + Number(q.total), 0);
    assert.is(row.cells.total, expected, `${row.currency} total`);
  }
  // Every subtotal is in one currency, and a status's subtotals add up to that status's quotes.
  for (const row of r.body.rows.filter((x) => x.kind === 'subtotal')) {
    const expected = mine.filter((q) => q.status === row.group[0] && q.currency === row.currency).reduce((s, q) => s + Number(q.total), 0);
    assert.is(row.cells.total, expected, `${row.group[0]} in ${row.currency}`);
  }
  // Paged: a page of rows, the groups whole.
  const page = await as.sales!<ReportResult>('GET', '/api/reports/quotes-by-status/run?offset=0&limit=2');
  assert.is(page.body.rows.length, 2);
  assert.is(page.body.totalRows, r.body.rows.length);
  assert.equal(page.body.groups, r.body.groups);
  const admin = await as.admin!<ReportResult>('GET', '/api/reports/quotes-by-status/run?limit=1');
  assert.is(admin.body.count, all.length);
});

t('shipped reports run: pipeline by stage and month, communications per user this month, companies by territory and type', async ({ as }) => {
  const pipe = await as.admin!<ReportResult>('GET', '/api/reports/pipeline-by-stage/run');
  assert.is(pipe.status, 200, JSON.stringify(pipe.body));
  assert.ok(pipe.body.groups.length > 0);
  assert.not.ok(pipe.body.groups.some((g) => g.key === 'won' || g.key === 'lost'), 'open opportunities only');
  const comms = await as.admin!<ReportResult>('GET', '/api/reports/communications-per-user/run');
  assert.is(comms.status, 200);
  const month = new Date().toISOString().slice(0, 7);
  for (const row of comms.body.rows.filter((x) => x.kind === 'record')) assert.is(String(row.cells.startsAt).slice(0, 7), month);
  const companies = await as.admin!<ReportResult>('GET', '/api/reports/companies-by-territory/run?limit=1000');
  assert.ok(companies.body.groups.length >= 2);
  // Territories by name, not by id.
  assert.ok(companies.body.groups.every((g) => !g.key.startsWith('t-')), JSON.stringify(companies.body.groups.map((g) => g.key)));
});

t('a report on quote lines: only the lines of quotes the runner may view, quantities and money as numbers', async ({ server, as }) => {
  const lines = (await server.store.pull('quoteItem', 0, 2000, { kind: 'everyone' })).documents;
  const europe = lines.filter((l) => l.territoryId.startsWith('t-eu'));
  const definition = { entity: 'quoteItem', columns: ['description', 'quantity', 'currency', 'lineTotal'], groupBy: ['currency'] };
  const r = await as.sales!<ReportResult>('POST', '/api/reports/run?limit=1', { definition });
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body.count, europe.length);
  assert.ok(europe.length > 0 && europe.length < lines.length);
  assert.equal(r.body.columns.map((c) => c.kind), ['text', 'number', 'choice', 'amount']);
});

t('saved reports: own, shared, only the owner changes them; a bad definition is a 400 with its code', async ({ as }) => {
  const definition = { entity: 'company', columns: ['name', 'type'], groupBy: ['type'], filters: [{ field: 'type', op: 'eq', value: 'customer' }], sort: [{ field: 'name', direction: 'asc' }], chart: true };
  const made = await as.sales!<{ id: string }>('POST', '/api/reports', { name: 'My customers', shared: false, definition });
  assert.is(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  const listOf = async (who: string): Promise<string[]> => (await as[who]!<{ reports: ReportSummary[] }>('GET', '/api/reports')).body.reports.map((r) => r.id);
  assert.ok((await listOf('sales')).includes(id));
  assert.not.ok((await listOf('manager')).includes(id), 'not shared: the manager does not see it');
  assert.is(codeOf(await as.manager!('GET', `/api/reports/${id}/run`)), ERROR_CODES.REPORT_NOT_FOUND);
  assert.is((await as.sales!('PUT', `/api/reports/${id}`, { name: 'Our customers', shared: true, definition })).status, 200);
  assert.ok((await listOf('manager')).includes(id), 'shared');
  // The manager runs it with the manager's own rights: North America's customers, not Europe's.
  const run = await as.manager!<ReportResult>('GET', `/api/reports/${id}/run`);
  assert.is(run.status, 200);
  assert.is(codeOf(await as.manager!('PUT', `/api/reports/${id}`, { name: 'Mine now', definition })), ERROR_CODES.REPORT_NOT_YOURS);
  assert.is(codeOf(await as.manager!('DELETE', `/api/reports/${id}`)), ERROR_CODES.REPORT_NOT_YOURS);
  assert.is(codeOf(await as.sales!('POST', '/api/reports', { name: 'Bad', definition: { entity: 'company', columns: ['nope'] } })), ERROR_CODES.REPORT_BAD_DEFINITION);
  assert.is(codeOf(await as.sales!('POST', '/api/reports/run', { definition: { entity: 'conflict', columns: ['id'] } })), ERROR_CODES.REPORT_BAD_DEFINITION);
  assert.is((await as.sales!('DELETE', `/api/reports/${id}`)).status, 200);
  assert.not.ok((await listOf('sales')).includes(id));
});

t('394-171800-QA: an .xlsx export with empty numeric cells: real number, date and currency cells, empty cells empty, nothing logged about them', async ({ server, as, logged }) => {
  // Two opportunities in Europe without a forecast (an empty amount), beside the demo's.
  const eu = (await server.store.pull('company', 0, 200, { kind: 'everyone' })).documents.find((c) => c.territoryId === 't-eu')!;
  for (const [i, currency] of (['EUR', 'JPY'] as const).entries()) {
    const made = await as.sales!<WireDoc & Record<string, unknown>>('POST', '/api/records/opportunity', { description: `No figure yet ${i}`, companyId: eu.id, currency, forecast: null, closeDate: '2026-12-15' });
    assert.is(made.status, 201, JSON.stringify(made.body));
    assert.is(made.body.forecast ?? null, null);
  }
  const definition = { entity: 'opportunity', columns: ['description', 'closeDate', 'updatedAt', 'currency', 'forecast'], filters: [{ field: 'description', op: 'contains', value: 'No figure yet' }], sort: [{ field: 'description', direction: 'asc' }], groupBy: [] };
  const before = logged.length;
  const warnings: unknown[] = [];
  const saved = { warn: console.warn, error: console.error, log: console.log };
  console.warn = (...a: unknown[]) => void warnings.push(a);
  console.error = (...a: unknown[]) => void warnings.push(a);
  console.log = (...a: unknown[]) => void warnings.push(a);
  let res: Answer<null>;
  try {
    res = await as.sales!<null>('POST', '/api/reports/export.xlsx', { name: 'Empty figures', definition });
  } finally {
    Object.assign(console, saved);
  }
  assert.is(res.status, 200);
  assert.match(res.raw.headers.get('content-type') ?? '', /spreadsheetml/);
  assert.match(res.raw.headers.get('content-disposition') ?? '', /Empty-figures\.xlsx/);
  const bytes = Buffer.from(await res.raw.arrayBuffer());
  const rows = await readSheet(bytes);
  // French headers (the sales user's language), then the two records and the totals (one per currency).
  assert.is(rows[0]![0], 'Description');
  const records = rows.slice(1, 3);
  assert.equal(records.map((r) => r[0]), ['No figure yet 0', 'No figure yet 1']);
  for (const r of records) {
    assert.ok(r[1] instanceof Date, `a date cell: ${String(r[1])}`);
    assert.is((r[1] as Date).toISOString().slice(0, 10), '2026-12-15');
    assert.ok(r[2] instanceof Date, 'an instant as a date cell');
    assert.is(r[4], null, 'the empty amount is an empty cell');
  }
  const totals = rows.slice(3);
  assert.equal(totals.map((r) => r[0]), ['Total', 'Total']);
  assert.equal(totals.map((r) => r[4]), [null, null], 'a total over nothing is empty, not 0');
  // The cells' formats: dates as dates, amounts with their currency's decimals.
  const files = unzipSync(new Uint8Array(bytes));
  const styles = strFromU8(files['xl/styles.xml']!);
  assert.match(styles, /yyyy-mm-dd/);
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  assert.not.match(sheet, /<c r="E2"[^>]*t="(s|str|inlineStr)"/, 'no text where a number belongs');
  assert.equal(warnings, [], 'nothing written to the console');
  const mine = logged.slice(before).map((l) => JSON.parse(l) as { level: number; msg?: string });
  assert.equal(mine.filter((l) => l.level >= 40), [], 'no warning or error in the log');
  assert.ok(mine.every((l) => !/empty|null|NaN/i.test(String(l.msg ?? ''))), 'nothing logged about the empty cells');

  // The same with figures: numbers are number cells with a currency format; the quotes report by id (GET).
  const q = await as.admin!<null>('GET', '/api/reports/quotes-by-status/export.xlsx');
  assert.is(q.status, 200);
  const qBytes = Buffer.from(await q.raw.arrayBuffer());
  const qRows = await readSheet(qBytes);
  assert.equal(qRows[0], ['Status', 'Reference', 'Company', 'Date', 'Currency', 'Subtotal', 'Total']);
  const first = qRows[1]!;
  assert.is(typeof first[6], 'number', 'a total is a number cell');
  assert.ok(first[3] instanceof Date, 'issued is a date cell');
  const qStyles = strFromU8(unzipSync(new Uint8Array(qBytes))['xl/styles.xml']!);
  assert.match(qStyles, /#,##0\.00 &quot;(EUR|USD|GBP)&quot;/, 'a currency format');
});

t('CSV export: plain decimals, the currency beside them, a total per currency', async ({ as }) => {
  const res = await as.admin!<null>('GET', '/api/reports/quotes-by-status/export.csv');
  assert.is(res.status, 200);
  assert.match(res.raw.headers.get('content-type') ?? '', /text\/csv/);
  const text = await res.raw.text();
  const lines = text.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.is(lines[0], 'Status,Reference,Company,Date,Currency,Subtotal,Total');
  const totals = lines.filter((l) => l.startsWith('Total,'));
  assert.ok(totals.length >= 2, 'one total line per currency');
  for (const l of totals) assert.match(l, /^Total,,,,[A-Z]{3},\d+(\.\d{2,3})?,\d+(\.\d{2,3})?$/, l);
});

t('the dashboard: each user’s gadgets, kept on the server; a malformed arrangement is refused with its code', async ({ as }) => {
  const first = await as.sales!<{ gadgets: { kind: string }[] }>('GET', '/api/dashboard');
  assert.ok(first.body.gadgets.some((g) => g.kind === 'notifications'));
  const layout = { gadgets: [{ id: 'g-report-1', kind: 'report', reportId: 'quotes-by-status' }, { id: 'g-notifications', kind: 'notifications' }] };
  assert.is((await as.sales!('PUT', '/api/dashboard', layout)).status, 200);
  assert.equal((await as.sales!('GET', '/api/dashboard')).body, layout);
  assert.not.equal((await as.manager!('GET', '/api/dashboard')).body, layout, 'per user');
  assert.is(codeOf(await as.sales!('PUT', '/api/dashboard', { gadgets: [{ id: 'x', kind: 'weather' }] })), ERROR_CODES.DASHBOARD_BAD_LAYOUT);
  assert.is(codeOf(await as.sales!('PUT', '/api/dashboard', { gadgets: [{ id: 'x', kind: 'report', reportId: 'r-00000000-0000-0000-0000-000000000000' }] })), ERROR_CODES.DASHBOARD_BAD_LAYOUT);
});

t('a shared report is a shared item on the others’ dashboards: it opens the report, and says so once the report is gone', async ({ as }) => {
  const definition = { entity: 'company', columns: ['name'], groupBy: [] };
  const made = await as.sales!<{ id: string }>('POST', '/api/reports', { name: 'Shared with all', shared: true, definition });
  assert.is(made.status, 201);
  const find = async (): Promise<NotificationView | undefined> => (await as.manager!<{ items: NotificationView[] }>('GET', '/api/dashboard/notifications')).body.items.find((i) => i.target?.id === made.body.id);
  const item = await find();
  assert.ok(item, 'the manager has a notification');
  assert.is(item!.title, 'Sophie Martin shared the report “Shared with all” with everyone.');
  assert.equal(item!.target, { entity: 'report', id: made.body.id, available: true, title: 'Shared with all' });
  assert.is((await as.sales!('DELETE', `/api/reports/${made.body.id}`)).status, 200);
  assert.equal((await find())!.target, { entity: 'report', id: made.body.id, available: false });
});

t.run();
