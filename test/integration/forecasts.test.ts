// Sales forecasts against the real server: per month or quarter, amount and currency, open opportunities beside them;
// edited by their user or by the one they report to only, whatever the profile (781-171899-QA); a team rolled up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

function client(server: TestServer, token: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { get: (p: string) => call('GET', p), put: (p: string, b: unknown) => call('PUT', p, b), del: (p: string) => call('DELETE', p), patch: (p: string, b: unknown) => call('PATCH', p, b), post: (p: string, b: unknown) => call('POST', p, b) };
}

test('781-171899-QA: a manager edits a forecast only when set as its user\'s "reports to", whatever the profile', async () => {
  const server = await startServer();
  try {
    const sophie = client(server, await signIn(server.url, 'sales'));
    const dan = client(server, await signIn(server.url, 'manager'));
    const admin = client(server, await signIn(server.url, 'admin'));
    // Her own, per month and per quarter.
    assert.is((await sophie.put('/api/forecasts/u-sales/2026-12', { amount: 1_500_000, currency: 'EUR' })).status, 200);
    assert.is((await sophie.put('/api/forecasts/u-sales/2027-Q1', { amount: 4_000_000, currency: 'EUR' })).status, 200);
    const bad = await sophie.put('/api/forecasts/u-sales/2026-13', { amount: 1, currency: 'EUR' });
    assert.equal([bad.status, bad.body.code], [400, 'FC-FCS-003']);
    const wrong = await sophie.put('/api/forecasts/u-sales/2026-11', { amount: -5, currency: 'XYZ' });
    assert.equal(wrong.body.issues.map((i: { field: string; code: string }) => `${i.field}:${i.code}`), ['amount:negative', 'currency:not-in-list']);

    // Sophie reports to Dan (the demo's organisation): he may change hers.
    const byDan = await dan.put('/api/forecasts/u-sales/2026-12', { amount: 1_750_000, currency: 'EUR' });
    assert.equal([byDan.status, byDan.body.updatedBy], [200, 'u-manager']);
    const asDan = (await dan.get('/api/forecasts/u-sales?from=2026-01&to=2027-Q4')).body;
    assert.equal([asDan.right, asDan.user.reportsToName, asDan.forecasts.map((f: { period: string; amount: number }) => `${f.period}=${f.amount}`)], ['reports-to', 'Dan Rivera', ['2026-12=1750000', '2027-Q1=4000000']]);
    // The administrator's profile gives every right, but not this one.
    const byAdmin = await admin.put('/api/forecasts/u-sales/2026-12', { amount: 1, currency: 'EUR' });
    assert.equal([byAdmin.status, byAdmin.body.code], [403, 'FC-FCS-001']);
    assert.is((await admin.get('/api/forecasts/u-sales?from=2026-01&to=2026-12')).body.right, 'not-reports-to', 'read-only, and why');
    // Sophie may not touch Dan's, nor read it.
    assert.is((await sophie.put('/api/forecasts/u-manager/2026-12', { amount: 1, currency: 'EUR' })).body.code, 'FC-FCS-001');
    assert.is((await sophie.get('/api/forecasts/u-manager?from=2026-01&to=2026-12')).body.code, 'FC-FCS-002');

    // Reports to someone else now: Dan's right goes with it.
    await admin.patch('/api/admin/users/u-sales', { reportsTo: 'u-admin' });
    assert.is((await dan.put('/api/forecasts/u-sales/2026-12', { amount: 2, currency: 'EUR' })).body.code, 'FC-FCS-001');
    assert.is((await dan.get('/api/forecasts/u-sales?from=2026-01&to=2026-12')).body.code, 'FC-FCS-002', 'no longer his team');
    assert.is((await admin.put('/api/forecasts/u-sales/2026-12', { amount: 1_800_000, currency: 'EUR' })).status, 200);
    assert.is((await admin.del('/api/forecasts/u-sales/2027-Q1')).body.deleted, true);
    assert.equal((await server.store.forecasts.list(['u-sales'], '', '')).map((f) => `${f.period}:${f.amount}:${f.periodStart}`), ['2026-12:1800000:2026-12-01']);
  } finally {
    await server.close();
  }
});

test('open opportunities beside the forecast; the team rolled up per currency, quarters from their months', async () => {
  const server = await startServer({ companies: 8 });
  try {
    const sophie = client(server, await signIn(server.url, 'sales'));
    const dan = client(server, await signIn(server.url, 'manager'));
    const now = new Date().toISOString();
    const opp = (id: string, stage: string, closeDate: string) => ({ id, territoryId: 't-eu', updatedAt: now, updatedBy: 'u-sales', _deleted: false, description: `Deal ${id}`, companyId: 'c00001', stage, currency: 'EUR', forecast: 500_00, closeDate, ownerId: 'u-sales' });
    await server.store.insertMany('opportunity', [opp('o-open', 'proposal', '2026-12-15'), opp('o-won', 'won', '2026-12-10'), opp('o-later', 'proposal', '2027-06-01')] as never[]);
    const view = (await sophie.get('/api/forecasts/u-sales?from=2026-12&to=2026-12')).body;
    assert.equal(view.opportunities.map((o: { id: string }) => o.id), ['o-open'], 'open, and closing in the range');

    await sophie.put('/api/forecasts/u-sales/2026-10', { amount: 100, currency: 'EUR' });
    await sophie.put('/api/forecasts/u-sales/2026-11', { amount: 200, currency: 'EUR' });
    await dan.put('/api/forecasts/u-manager/2026-Q4', { amount: 1000, currency: 'USD' });
    await dan.put('/api/forecasts/u-manager/2026-12', { amount: 999, currency: 'USD' });
    const team = (await dan.get('/api/forecasts-team?period=2026-Q4')).body;
    assert.equal(team.members.map((m: { id: string; amounts: Record<string, number> }) => [m.id, m.amounts]), [['u-manager', { USD: 1000 }], ['u-sales', { EUR: 300 }]]);
    assert.equal(team.totals, { USD: 1000, EUR: 300 });
    const month = (await dan.get('/api/forecasts-team?period=2026-12')).body;
    assert.equal(month.totals, { USD: 999 });
    const alone = (await sophie.get('/api/forecasts-team?period=2026-Q4')).body;
    assert.equal(alone.members.map((m: { id: string }) => m.id), ['u-sales']);
    const people = (await dan.get('/api/forecasts')).body as { id: string; editable: boolean }[];
    assert.equal(people.map((p) => `${p.id}:${p.editable}`).sort(), ['u-manager:true', 'u-sales:true']);
  } finally {
    await server.close();
  }
});

test.run();
