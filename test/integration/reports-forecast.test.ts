// Forecast vs. actual per user (issue 22 on #19's forecasts): quarters of this year, a quarter's own figure over its
// months' sum, actuals from won opportunities the runner may view, per currency; whose forecasts by "reports to".
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReportResult, ReportSummary } from '../../shared/reports.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { readSheet } from 'read-excel-file/node';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T; raw: Response }>;
const t = suite<{ server: TestServer; as: Record<string, Caller> }>('reports-forecast');
const year = new Date().getUTCFullYear();

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 24 });
  ctx.as = {};
  for (const login of ['admin', 'sales', 'manager']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (method, path, body) => {
      const res = await fetch(`${ctx.server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: ((res.headers.get('content-type') ?? '').includes('json') ? await res.json() : null) as never, raw: res };
    };
  }
});
t.after(async ({ server }) => {
  await server.close();
});

t('forecast vs. actual: listed, per quarter, the quarter’s own figure over its months, actuals from won opportunities, per currency', async ({ server, as }) => {
  const list = await as.sales!<{ reports: ReportSummary[] }>('GET', '/api/reports');
  assert.ok(list.body.reports.some((r) => r.id === 'forecast-vs-actual' && r.entity === 'forecast'));
  // Sophie's forecasts: two months of Q1, and Q2 both as a quarter and as one of its months (the quarter counts).
  for (const [period, amount] of [[`${year}-01`, 10000], [`${year}-02`, 20000], [`${year}-Q2`, 40000], [`${year}-04`, 999]] as const) {
    const r = await as.sales!('PUT', `/api/forecasts/u-sales/${period}`, { amount, currency: 'EUR' });
    assert.is(r.status, 200, JSON.stringify(r.body));
  }
  const eu = (await server.store.pull('company', 0, 200, { kind: 'everyone' })).documents.find((c) => c.territoryId === 't-eu')!;
  const won = await as.sales!<WireDoc>('POST', '/api/records/opportunity', { description: 'Won in February', companyId: eu.id, currency: 'EUR', forecast: 50000, stage: 'won', closeDate: `${year}-02-10`, ownerId: 'u-sales' });
  assert.is(won.status, 201, JSON.stringify(won.body));
  const all = (await server.store.pull('opportunity', 0, 1000, { kind: 'everyone' })).documents as unknown as Record<string, unknown>[];
  const actualOf = (quarterMonths: string[], viewer: (o: Record<string, unknown>) => boolean): number =>
    all.filter((o) => o.stage === 'won' && o.ownerId === 'u-sales' && o.currency === 'EUR' && quarterMonths.some((m) => String(o.closeDate).startsWith(`${year}-${m}`)) && viewer(o)).reduce((s, o) => s + Number(o.forecast), 0);
  const inEurope = (o: Record<string, unknown>): boolean => String(o.territoryId).startsWith('t-eu');

  const r = await as.sales!<ReportResult>('GET', '/api/reports/forecast-vs-actual/run');
  assert.is(r.status, 200, JSON.stringify(r.body));
  const mine = r.body.rows.filter((x) => x.kind === 'record' && x.cells.userId === 'Sophie Martin' && x.currency === 'EUR');
  const q1 = mine.find((x) => x.cells.period === `${year}-Q1`)!;
  assert.equal([q1.cells.forecast, q1.cells.actual], [30000, actualOf(['01', '02', '03'], inEurope)]);
  assert.is(q1.cells.difference, Number(q1.cells.actual) - 30000);
  const q2 = mine.find((x) => x.cells.period === `${year}-Q2`)!;
  assert.is(q2.cells.forecast, 40000, 'the quarter’s own figure, not plus its month');
  // Sophie does not report to herself only: she sees no one else's forecasts; Dan (she reports to him) sees hers.
  assert.ok(r.body.rows.filter((x) => x.kind === 'record').every((x) => x.cells.userId === 'Sophie Martin'));
  const dan = await as.manager!<ReportResult>('GET', '/api/reports/forecast-vs-actual/run');
  assert.ok(dan.body.rows.some((x) => x.kind === 'record' && x.cells.userId === 'Sophie Martin' && x.cells.period === `${year}-Q1`));
  // Totals per currency; a subtotal per user and currency.
  for (const row of r.body.rows.filter((x) => x.kind !== 'record')) assert.ok(row.currency, 'every subtotal and total is in one currency');
  assert.ok(r.body.groups.some((g) => g.key === 'Sophie Martin' && g.sums.EUR?.forecast !== undefined));

  const x = await as.sales!<null>('GET', '/api/reports/forecast-vs-actual/export.xlsx');
  assert.is(x.status, 200);
  const rows = await readSheet(Buffer.from(await x.raw.arrayBuffer()));
  assert.equal(rows[0], ['Utilisateur', 'Trimestre', 'Devise', 'Prévision', 'Réalisé (gagné)', 'Écart']);
  assert.ok(rows.slice(1).some((row) => row[1] === `${year}-Q1` && row[3] === 300), 'a number cell in euros');
});

t.run();
