// The shipped "forecast vs. actual per user" report (issue 22, on #19's forecasts, docs/decisions/0023): for each user
// whose forecasts the runner may read, each quarter of the year: the forecast (the quarter's own figure, else the sum
// of its months', as #19's rollup), and the actual: won opportunities they own closing in it, that the runner may view.
import { mayViewForecasts, parsePeriod } from '../../shared/forecasts.ts';
import type { ReportColumn, ReportGroup, ReportResult, ReportRow } from '../../shared/reports.ts';
import { pullScope } from '../auth/rights.ts';
import type { SyncStore } from '../db/store.ts';
import type { Caller } from '../online/records.ts';

export const FORECAST_REPORT_ID = 'forecast-vs-actual';

const COLUMNS: ReportColumn[] = [
  { key: 'userId', label: 'field.forecast.userId', kind: 'text' },
  { key: 'period', label: 'field.forecast.period', kind: 'text' },
  { key: 'currency', label: 'field.forecast.currency', kind: 'choice' },
  { key: 'forecast', label: 'field.forecast.forecast', kind: 'amount', currencyField: 'currency' },
  { key: 'actual', label: 'field.forecast.actual', kind: 'amount', currencyField: 'currency' },
  { key: 'difference', label: 'field.forecast.difference', kind: 'amount', currencyField: 'currency' },
];

interface Line {
  userId: string;
  user: string;
  quarter: string;
  currency: string;
  forecast: number | null;
  actual: number | null;
}

const quarterOf = (date: string): string => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
const add = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

export async function forecastVsActual(store: SyncStore, caller: Caller, name: string, page: { offset: number; limit: number } | null): Promise<ReportResult> {
  const year = Number(caller.now.slice(0, 4));
  const users = await store.listUsers();
  const visible = users.filter((u) => mayViewForecasts(caller.user, u.id, users)).sort((a, b) => a.displayName.localeCompare(b.displayName));
  const forecasts = await store.forecasts.list(
    visible.map((u) => u.id),
    `${year}-01-01`,
    `${year + 1}-01-01`,
  );
  const lines = new Map<string, Line>();
  const line = (userId: string, quarter: string, currency: string): Line => {
    const key = `${userId}\u0000${quarter}\u0000${currency}`;
    let l = lines.get(key);
    if (!l) lines.set(key, (l = { userId, user: users.find((u) => u.id === userId)?.displayName ?? userId, quarter, currency, forecast: null, actual: null }));
    return l;
  };
  // A quarter's own figure wins over its months' sum (decision 0023): months first, then quarters replace them.
  const ownQuarter = new Set<string>();
  for (const f of forecasts) {
    const p = parsePeriod(f.period);
    if (p?.kind === 'quarter') ownQuarter.add(`${f.userId}\u0000${f.period}`);
  }
  for (const f of forecasts) {
    const p = parsePeriod(f.period);
    if (!p) continue;
    const quarter = p.kind === 'quarter' ? p.id : quarterOf(p.start);
    if (p.kind === 'month' && ownQuarter.has(`${f.userId}\u0000${quarter}`)) continue;
    const l = line(f.userId, quarter, f.currency);
    l.forecast = add(l.forecast, f.amount);
  }
  // Actuals: won opportunities of these users closing this year, among those the runner may view.
  const scope = pullScope('opportunity', caller.user, caller.rights);
  const ids = new Set(visible.map((u) => u.id));
  for (let offset = 0; ; offset += 500) {
    const got = await store.listRecords('opportunity', { equals: { stage: 'won' } }, scope, { offset, limit: 500 });
    for (const o of got.records as unknown as Record<string, unknown>[]) {
      const owner = String(o.ownerId ?? '');
      const close = String(o.closeDate ?? '');
      if (!ids.has(owner) || !close.startsWith(String(year)) || typeof o.forecast !== 'number') continue;
      const l = line(owner, quarterOf(close), String(o.currency));
      l.actual = add(l.actual, o.forecast);
    }
    if (offset + 500 >= got.total || got.records.length === 0) break;
  }
  const sorted = [...lines.values()].sort((a, b) => a.user.localeCompare(b.user) || a.userId.localeCompare(b.userId) || a.quarter.localeCompare(b.quarter) || a.currency.localeCompare(b.currency));
  const cells = (l: { user: string | null; quarter: string | null; currency: string; forecast: number | null; actual: number | null }) => ({
    userId: l.user,
    period: l.quarter,
    currency: l.currency,
    forecast: l.forecast,
    actual: l.actual,
    difference: l.forecast === null && l.actual === null ? null : (l.actual ?? 0) - (l.forecast ?? 0),
  });
  const rows: ReportRow[] = [];
  const groups: ReportGroup[] = [];
  const totals = new Map<string, { forecast: number | null; actual: number | null; count: number }>();
  for (let i = 0; i < sorted.length; ) {
    const userId = sorted[i]!.userId;
    const mine = sorted.filter((l) => l.userId === userId);
    i += mine.length;
    const user = mine[0]!.user;
    const group: ReportGroup = { key: user, label: user, count: mine.length, sums: {} };
    for (const l of mine) rows.push({ kind: 'record', level: 1, group: [user], currency: l.currency, count: 1, cells: cells(l) });
    for (const currency of [...new Set(mine.map((l) => l.currency))].sort()) {
      const part = mine.filter((l) => l.currency === currency);
      const forecast = part.reduce<number | null>((s, l) => add(s, l.forecast), null);
      const actual = part.reduce<number | null>((s, l) => add(s, l.actual), null);
      rows.push({ kind: 'subtotal', level: 0, group: [user], currency, count: part.length, cells: cells({ user, quarter: null, currency, forecast, actual }) });
      group.sums[currency] = { ...(forecast === null ? {} : { forecast }), ...(actual === null ? {} : { actual }) };
      const t = totals.get(currency) ?? { forecast: null, actual: null, count: 0 };
      totals.set(currency, { forecast: add(t.forecast, forecast), actual: add(t.actual, actual), count: t.count + part.length });
    }
    groups.push(group);
  }
  for (const [currency, t] of [...totals.entries()].sort(([a], [b]) => a.localeCompare(b))) rows.push({ kind: 'total', level: 0, group: [], currency, count: t.count, cells: cells({ user: null, quarter: null, currency, forecast: t.forecast, actual: t.actual }) });
  const offset = page?.offset ?? 0;
  const limit = page?.limit ?? rows.length;
  return { id: FORECAST_REPORT_ID, name, entity: 'forecast', columns: COLUMNS, rows: rows.slice(offset, offset + limit), totalRows: rows.length, offset, limit, groups, count: sorted.length, chart: true, groupBy: [COLUMNS[0]!], measure: 'actual', compare: 'forecast' };
}
