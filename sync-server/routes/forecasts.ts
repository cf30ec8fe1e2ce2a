// Sales forecasts (docs/decisions/0023): a user's amounts per month or quarter with their open opportunities beside
// them; edited by the user or by the one they report to only (781-171899-QA); a manager's team rolled up.
import { Hono } from 'hono';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { editRight, mayViewForecasts, parsePeriod, teamOf, type Period } from '../../shared/forecasts.ts';
import { isCurrency, MAX_AMOUNT } from '../../shared/money.ts';
import { isObject } from '../../shared/objects.ts';
import { pullScope } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { ForecastRow, UserRow } from '../db/accounts.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';

const CLOSED = new Set(['won', 'lost']);

function periodOf(id: string | undefined): Period {
  const p = parsePeriod(id ?? '');
  if (!p) throw new AppError(400, ERROR_CODES.FORECAST_BAD_PERIOD, 'A period is a month (2026-12) or a quarter (2026-Q4).');
  return p;
}

export function forecastRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  app.use('/api/forecasts/*', requireSession);
  app.use('/api/forecasts', requireSession);

  /** The owner named in the path, when the signed-in user may read their forecasts. */
  const ownerFor = async (viewer: UserRow, id: string): Promise<{ owner: UserRow; users: UserRow[] }> => {
    const users = await store.listUsers();
    const owner = users.find((u) => u.id === id);
    if (!owner) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such user.');
    if (!mayViewForecasts(viewer, owner.id, users)) throw new AppError(403, ERROR_CODES.FORECAST_NOT_VISIBLE, 'You may read your own forecasts and those of the people who report to you.');
    return { owner, users };
  };

  // The people whose forecasts the user may read: themselves, their team (by "reports to"), everyone for an administrator.
  app.get('/api/forecasts', async (c) => {
    const me = c.get('user');
    const users = await store.listUsers();
    const team = new Set(teamOf(me.id, users));
    return c.json(users.filter((u) => u.id === me.id || team.has(u.id) || me.role === 'admin').map((u) => ({ id: u.id, displayName: u.displayName, reportsTo: u.reportsTo, editable: editRight(me.id, u) !== 'not-reports-to' })));
  });

  // One user's forecasts whose period starts in [from, to) (periods), whether the signed-in user may edit them and
  // why, and that user's open opportunities the signed-in user may view, closing in that range.
  app.get('/api/forecasts/:userId', async (c) => {
    const me = c.get('user');
    const { owner, users } = await ownerFor(me, c.req.param('userId'));
    const from = periodOf(c.req.query('from'));
    const to = periodOf(c.req.query('to'));
    const forecasts = await store.forecasts.list([owner.id], from.start, to.end);
    const scope = pullScope('opportunity', me, await c.get('rights')());
    const page = await store.listRecords('opportunity', { equals: { ownerId: owner.id } }, scope, { offset: 0, limit: 500 });
    const opportunities = page.records.filter((o) => !CLOSED.has(String(o.stage)) && (!o.closeDate || (String(o.closeDate) >= from.start && String(o.closeDate) < to.end)));
    const manager = users.find((u) => u.id === owner.reportsTo);
    return c.json({
      user: { id: owner.id, displayName: owner.displayName, reportsTo: owner.reportsTo, reportsToName: manager?.displayName ?? '' },
      right: editRight(me.id, owner),
      forecasts: forecasts.map(({ period, amount, currency, updatedAt, updatedBy }) => ({ period, amount, currency, updatedAt, updatedBy })),
      opportunities: opportunities.map((o) => ({ id: o.id, description: o.description, stage: o.stage, forecast: o.forecast, currency: o.currency, closeDate: o.closeDate ?? '' })),
    });
  });

  // { amount (minor units), currency }: the user's own, or that of someone who reports to the signed-in user; anyone
  // else's is refused whatever the profile, administrators included (FC-FCS-001).
  app.put('/api/forecasts/:userId/:period', async (c) => {
    const me = c.get('user');
    const period = periodOf(c.req.param('period'));
    const owner = await store.getUser(c.req.param('userId'));
    if (!owner) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such user.');
    if (editRight(me.id, owner) === 'not-reports-to') throw new AppError(403, ERROR_CODES.FORECAST_NOT_YOURS, `Only ${owner.displayName} and the person they report to may change this forecast.`);
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { amount, currency }.');
    const issues = [];
    if (typeof body.amount !== 'number' || !Number.isSafeInteger(body.amount)) issues.push({ field: 'amount', code: FIELD_CODES.BAD_NUMBER });
    else if (body.amount < 0) issues.push({ field: 'amount', code: FIELD_CODES.NEGATIVE });
    else if (body.amount > MAX_AMOUNT) issues.push({ field: 'amount', code: FIELD_CODES.AMOUNT_TOO_LARGE, detail: MAX_AMOUNT });
    if (!isCurrency(body.currency)) issues.push({ field: 'currency', code: FIELD_CODES.NOT_IN_LIST });
    if (issues.length) throw invalid(issues);
    const row: ForecastRow = { id: `${owner.id}:${period.id}`, userId: owner.id, period: period.id, periodStart: period.start, amount: body.amount as number, currency: body.currency as string, updatedAt: new Date().toISOString(), updatedBy: me.id };
    await store.forecasts.put(row);
    return c.json({ period: row.period, amount: row.amount, currency: row.currency, updatedAt: row.updatedAt, updatedBy: row.updatedBy });
  });

  app.delete('/api/forecasts/:userId/:period', async (c) => {
    const me = c.get('user');
    const period = periodOf(c.req.param('period'));
    const owner = await store.getUser(c.req.param('userId'));
    if (!owner) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such user.');
    if (editRight(me.id, owner) === 'not-reports-to') throw new AppError(403, ERROR_CODES.FORECAST_NOT_YOURS, `Only ${owner.displayName} and the person they report to may change this forecast.`);
    return c.json({ deleted: await store.forecasts.delete(owner.id, period.id) });
  });

  // The signed-in user's team for one period: each member's forecast (for a quarter, their quarter's, else the sum of
  // its months), and the totals per currency (amounts in different currencies are never added together).
  app.get('/api/forecasts-team', requireSession, async (c) => {
    const me = c.get('user');
    const period = periodOf(c.req.query('period'));
    const users = await store.listUsers();
    const members = [me.id, ...teamOf(me.id, users)];
    const rows = await store.forecasts.list(members, period.start, period.end);
    const byUser = new Map<string, Map<string, number>>();
    const add = (userId: string, currency: string, amount: number): void => {
      const m = byUser.get(userId) ?? new Map<string, number>();
      m.set(currency, (m.get(currency) ?? 0) + amount);
      byUser.set(userId, m);
    };
    for (const id of members) {
      const mine = rows.filter((r) => r.userId === id);
      const exact = mine.filter((r) => r.period === period.id);
      for (const r of exact.length ? exact : period.kind === 'quarter' ? mine.filter((x) => parsePeriod(x.period)?.kind === 'month') : []) add(id, r.currency, r.amount);
    }
    const totals = new Map<string, number>();
    for (const m of byUser.values()) for (const [cur, n] of m) totals.set(cur, (totals.get(cur) ?? 0) + n);
    const name = new Map(users.map((u) => [u.id, u]));
    return c.json({
      period: period.id,
      members: members.map((id) => ({ id, displayName: name.get(id)?.displayName ?? id, reportsTo: name.get(id)?.reportsTo ?? '', amounts: Object.fromEntries(byUser.get(id) ?? []) })),
      totals: Object.fromEntries(totals),
    });
  });
  return app;
}
