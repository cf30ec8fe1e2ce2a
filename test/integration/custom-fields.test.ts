// Issue #24, custom fields on a running server: an administrator adds fields over the API; a device that is already
// syncing learns them, reopens its collections at the next schema version with its waiting changes kept, fills them
// in, and the values reach the server, the REST API, search and OpenAPI. Hidden fields keep their data; a purge
// erases it. Hostile definitions get 422s with field codes, never a server error.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS } from '../../shared/api.ts';
import { CUSTOMIZATION_KEY } from '../../sync-server/customization/service.ts';
import { applyCustomization, checkNewField, EMPTY_CUSTOMIZATION, entityDef, type AnyRecord, type Customization } from '../../shared/entities/index.ts';
import { schemaVersion } from '../../pwa/db/schemas.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { callApi } from '../helpers/http.ts';

const t = suite<{ server: TestServer; admin: string; sales: string; device: TestDevice; companyId: string; v0: number }>('custom fields');

const call = (ctx: { server: TestServer }, token: string, method: string, path: string, body?: unknown) => callApi(ctx.server.url, token, method, path, body);

const RATING = {
  entity: 'company',
  code: 'rating',
  kind: 'select',
  label: { en: 'Rating', fr: 'Note' },
  required: false,
  options: [
    { value: 'gold', en: 'Gold', fr: 'Or' },
    { value: 'silver', en: 'Silver', fr: 'Argent' },
  ],
  screens: { form: true, list: true, search: true },
};

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 3 });
  ctx.admin = await signIn(ctx.server.url, 'admin');
  ctx.sales = await signIn(ctx.server.url, 'sales');
  ctx.device = await openDevice(ctx.server.url, ctx.sales, { userId: 'u-sales' });
  await ctx.device.engine.awaitInitial();
  await ctx.device.engine.awaitInSync();
  ctx.v0 = ctx.device.db.collections.company.schema.version;
  const company = (await ctx.device.db.collections.company.find().exec())[0]!.toJSON() as unknown as AnyRecord;
  ctx.companyId = company.id;
});
t.after(async (ctx) => {
  await ctx.device.close();
  await ctx.server.close();
  // One registry per process: the next test file's server starts from no customisation.
  applyCustomization(EMPTY_CUSTOMIZATION);
});

t('hostile definitions are refused with field codes, and nothing is written', async (ctx) => {
  const bad: unknown[] = [
    null,
    [],
    'text',
    { entity: 'users', code: 'x1', kind: 'text', label: { en: 'A', fr: 'B' } },
    { entity: 'company', code: 'Bad Code', kind: 'text', label: { en: 'A', fr: 'B' } },
    { entity: 'company', code: 'ok_code', kind: 'script', label: { en: 'A', fr: 'B' } },
    { entity: 'company', code: 'ok_code', kind: 'text', label: { en: '', fr: 'B' } },
    { entity: 'company', code: 'ok_code', kind: 'text', label: { en: 'x'.repeat(81), fr: 'B' } },
    { entity: 'company', code: 'ok_code', kind: 'text', label: { en: '\u0000', fr: '\ud800' } },
    { entity: 'company', code: 'ok_code', kind: 'select', label: { en: 'A', fr: 'B' }, options: [] },
    { entity: 'company', code: 'ok_code', kind: 'select', label: { en: 'A', fr: 'B' }, options: [{ value: "x' OR 1=1 --", en: 'a', fr: 'b' }] },
    { entity: 'company', code: 'ok_code', kind: 'select', label: { en: 'A', fr: 'B' }, options: [{ value: 'a', en: 'a', fr: 'b' }, { value: 'a', en: 'a', fr: 'b' }] },
    { entity: 'company', code: 'ok_code', kind: 'ref', label: { en: 'A', fr: 'B' }, to: 'users' },
    { entity: 'company', code: '__proto__', kind: 'text', label: { en: 'A', fr: 'B' } },
    { entity: 'company', code: 'a'.repeat(31), kind: 'text', label: { en: 'A', fr: 'B' } },
  ];
  for (const body of bad) {
    const r = await call(ctx, ctx.admin, 'POST', API_PATHS.customFields, body);
    assert.ok(r.status === 422 || r.status === 400, `${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.json)}`);
    if (r.status === 422) assert.ok(Array.isArray(r.json.issues) && (r.json.issues as unknown[]).length > 0);
  }
  const now = await call(ctx, ctx.sales, 'GET', API_PATHS.customization);
  assert.equal(now.json, { revision: 0, fields: [] }, 'nothing was written');
  // Not an administrator: refused.
  assert.is((await call(ctx, ctx.sales, 'POST', API_PATHS.customFields, RATING)).status, 403);
});

t('a field added on the running server reaches a syncing device; waiting changes survive its migration', async (ctx) => {
  // A change waits on the device, offline, while the administrator adds the field.
  ctx.device.online = false;
  assert.ok((await ctx.device.repo.update('company', ctx.companyId, { website: 'https://waited.example' })).ok);
  const added = await call(ctx, ctx.admin, 'POST', API_PATHS.customFields, RATING);
  assert.is(added.status, 201, JSON.stringify(added.json));
  assert.is((added.json.field as { key: string }).key, 'c_rating');
  const headcount = await call(ctx, ctx.admin, 'POST', API_PATHS.customFields, { entity: 'company', code: 'headcount', kind: 'number', label: { en: 'Headcount', fr: 'Effectif' }, required: false, screens: { form: true, list: false, search: false } });
  assert.is(headcount.status, 201);
  // Taken: the same code twice on one entity.
  assert.is((await call(ctx, ctx.admin, 'POST', API_PATHS.customFields, RATING)).status, 422);

  ctx.device.online = true;
  await waitFor('the device on the new schema', () => ctx.device.db.collections.company.schema.version === ctx.v0 + 2, 15_000);
  assert.is(ctx.device.db.collections.company.schema.version, schemaVersion(2));
  await ctx.device.engine.awaitInSync();
  await waitFor('the change that waited, on the server', async () => (await ctx.server.store.getByIds('company', [ctx.companyId]))[0]?.website === 'https://waited.example', 10_000);

  // Filled on the device: validated there with the same rules as the server.
  const wrong = await ctx.device.repo.update('company', ctx.companyId, { c_rating: 'platinum' } as Partial<AnyRecord>);
  assert.not.ok(wrong.ok);
  const ok = await ctx.device.repo.update('company', ctx.companyId, { c_rating: 'gold', c_headcount: 420 } as Partial<AnyRecord>);
  assert.ok(ok.ok, JSON.stringify(ok));
  await ctx.device.engine.awaitInSync();
  await waitFor('the values on the server', async () => (await ctx.server.store.getByIds('company', [ctx.companyId]))[0]?.c_rating === 'gold', 10_000);
  const stored = (await ctx.server.store.getByIds('company', [ctx.companyId]))[0] as Record<string, unknown>;
  assert.is(stored.c_headcount, 420);
});

t('the REST API, search and OpenAPI show the field with no code of their own', async (ctx) => {
  const byId = await fetch(`${ctx.server.url}/api/records/company?ids=${ctx.companyId}`, { headers: { authorization: `Bearer ${ctx.sales}` } });
  const [rec] = (await byId.json()) as Record<string, unknown>[];
  assert.is(rec?.c_rating, 'gold');
  assert.is(rec?.c_headcount, 420);
  const found = (await (await fetch(`${ctx.server.url}/api/records/company/search?q=gold`, { headers: { authorization: `Bearer ${ctx.sales}` } })).json()) as { id: string }[];
  assert.ok(found.some((r) => r.id === ctx.companyId), 'a searched custom field is searched on the server');
  const doc = (await (await fetch(`${ctx.server.url}/api/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } };
  const company = Object.entries(doc.components.schemas).find(([k]) => k.toLowerCase() === 'company')?.[1];
  assert.equal(company?.properties.c_rating?.enum, ['', 'gold', 'silver']);
  assert.ok(company?.properties.c_headcount);
  // The record list sorts and filters by custom fields (their values in the JSON column), with the same checks.
  const listed = await call(ctx, ctx.sales, 'GET', '/api/records/company/list?sort=-c_headcount,name&filter[c_rating]=gold&filter[c_headcount.from]=400');
  assert.is(listed.status, 200, JSON.stringify(listed.json));
  assert.equal((listed.json.records as { id: string }[]).map((r) => r.id), [ctx.companyId]);
  const sorted = await call(ctx, ctx.sales, 'GET', '/api/records/company/list?sort=-c_headcount&limit=1');
  assert.equal((sorted.json.records as { id: string }[]).map((r) => r.id), [ctx.companyId], 'the only company with a headcount comes first, descending');
  assert.is((await call(ctx, ctx.sales, 'GET', '/api/records/company/list?filter[c_rating]=platinum')).json.code, 'FC-REC-004');
  // Advanced search: conditions on custom fields (an option and a number), and the field list offers them.
  const fields = await call(ctx, ctx.sales, 'GET', '/api/search/company/fields');
  assert.ok(JSON.stringify(fields.json).includes('"c_rating"'));
  const adv = await call(ctx, ctx.sales, 'POST', '/api/search/company', { conditions: [{ field: 'c_rating', op: 'equals', value: 'gold' }, { field: 'c_headcount', op: 'more-than', value: '400' }], offset: 0, limit: 10 });
  assert.is(adv.status, 200, JSON.stringify(adv.json));
  assert.equal(((adv.json.records ?? adv.json.items) as { id: string }[]).map((r) => r.id), [ctx.companyId]);
  const none = await call(ctx, ctx.sales, 'POST', '/api/search/company', { conditions: [{ field: 'c_headcount', op: 'less-than', value: '400' }], offset: 0, limit: 10 });
  assert.equal((none.json.records ?? none.json.items) as unknown[], []);
  // Reports: a custom field is a column, a filter and a grouping like any other.
  const report = await call(ctx, ctx.sales, 'POST', '/api/reports/run', {
    definition: { entity: 'company', columns: ['name', 'c_rating', 'c_headcount'], filters: [{ field: 'c_rating', op: 'eq', value: 'gold' }], sort: [], groupBy: [], details: true, chart: false },
  });
  assert.is(report.status, 200, JSON.stringify(report.json));
  const rows = report.json.rows as { kind: string; cells: Record<string, unknown> }[];
  assert.equal(rows.filter((r) => r.kind === 'record').map((r) => r.cells), [{ name: 'Panoply Ltd', c_rating: 'gold', c_headcount: 420 }], 'one record row, filtered on the custom field');
  assert.ok(JSON.stringify(report.json.rows).includes('420'));
  // Mail merge: the template fields offered for a company include them.
  const merge = await call(ctx, ctx.sales, 'GET', '/api/templates/fields?entity=company');
  assert.ok((merge.json.fields as string[]).some((f) => f.endsWith('c_rating')), JSON.stringify(merge.json).slice(0, 400));
  // On screens: list column and search field for the rating, the entry screen for both.
  assert.ok(entityDef('company').listFields.includes('c_rating'));
  assert.ok(entityDef('company').formFields.includes('c_headcount'));
});

t('hidden: off the screens, data kept; purged: values erased, on the server and the device', async (ctx) => {
  assert.is((await call(ctx, ctx.admin, 'DELETE', API_PATHS.customField('company', 'c_rating'))).status, 409, 'a visible field is not purged');
  const hidden = await call(ctx, ctx.admin, 'PATCH', API_PATHS.customField('company', 'c_rating'), { hidden: true });
  assert.is(hidden.status, 200, JSON.stringify(hidden.json));
  assert.not.ok(entityDef('company').listFields.includes('c_rating'));
  assert.is((await ctx.server.store.getByIds('company', [ctx.companyId]))[0]?.c_rating, 'gold', 'kept while hidden');
  const purged = await call(ctx, ctx.admin, 'DELETE', API_PATHS.customField('company', 'c_rating'));
  assert.is(purged.status, 200, JSON.stringify(purged.json));
  assert.is(purged.json.purged, 1);
  const after = (await ctx.server.store.getByIds('company', [ctx.companyId]))[0] as Record<string, unknown>;
  assert.is(after.c_rating, undefined);
  assert.is(after.c_headcount, 420, 'other fields untouched');
  await waitFor('the device without the purged field', () => ctx.device.db.collections.company.schema.version === ctx.v0 + 4, 15_000);
  const onDevice = (await ctx.device.repo.get('company', ctx.companyId)) as Record<string, unknown> | null;
  assert.is(onDevice?.c_rating, undefined);
  assert.is(onDevice?.c_headcount, 420);
  const c = (await call(ctx, ctx.sales, 'GET', API_PATHS.customization)).json as unknown as Customization;
  assert.equal(c.fields.map((f) => f.key), ['c_headcount']);
  // A device still on the schema before the purge sends the old key: it is dropped, the rest of the change lands.
  const master = (await ctx.server.store.getByIds('company', [ctx.companyId]))[0] as unknown as Record<string, unknown>;
  const stale = await call(ctx, ctx.sales, 'POST', '/sync/company/push', [{ assumedMasterState: { ...master, c_rating: 'gold' }, newDocumentState: { ...master, c_rating: 'silver', website: 'https://after-purge.example' } }]);
  assert.is(stale.status, 200, JSON.stringify(stale.json));
  const landed = (await ctx.server.store.getByIds('company', [ctx.companyId]))[0] as unknown as Record<string, unknown>;
  assert.is(landed.website, 'https://after-purge.example');
  assert.is(landed.c_rating, undefined);
});

t('a field another instance added a moment ago is not lost when this one has not read it yet', async (ctx) => {
  // Another instance sharing the database wrote the customisation; this one read it less than 2 s ago.
  const now = (await call(ctx, ctx.sales, 'GET', API_PATHS.customization)).json as unknown as Customization;
  const checked = checkNewField({ entity: 'company', code: 'segment', kind: 'text', label: { en: 'Segment', fr: 'Segment' } }, now);
  assert.ok('spec' in checked);
  if (!('spec' in checked)) return;
  await ctx.server.store.putServerSetting(CUSTOMIZATION_KEY, JSON.stringify({ revision: now.revision + 1, fields: [...now.fields, checked.spec] }), 'u-admin', new Date().toISOString());
  assert.not.ok('c_segment' in entityDef('company').fields, 'not read here yet');
  const master = (await ctx.server.store.getByIds('company', [ctx.companyId]))[0] as unknown as Record<string, unknown>;
  const r = await call(ctx, ctx.sales, 'POST', '/sync/company/push', [{ assumedMasterState: master, newDocumentState: { ...master, c_segment: 'Retail' } }]);
  assert.is(r.status, 200, JSON.stringify(r.json));
  assert.is(((await ctx.server.store.getByIds('company', [ctx.companyId]))[0] as unknown as Record<string, unknown>).c_segment, 'Retail');
});

t('a device whose user is typing in an entry form waits to reopen for new fields, then reopens', async (ctx) => {
  let typing = true;
  const other = await openDevice(ctx.server.url, ctx.sales, { userId: 'u-sales', mayReplace: () => !typing });
  try {
    await other.engine.awaitInitial();
    const before = other.db.collections.company.schema.version;
    const firstBefore = ctx.device.db.collections.company.schema.version;
    const added = await call(ctx, ctx.admin, 'POST', API_PATHS.customFields, { entity: 'company', code: 'mood', kind: 'text', label: { en: 'Mood', fr: 'Humeur' }, required: false, screens: { form: true, list: false, search: false } });
    assert.is(added.status, 201, JSON.stringify(added.json));
    await waitFor('the first device on the new schema', () => ctx.device.db.collections.company.schema.version > firstBefore, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.is(other.db.collections.company.schema.version, before, 'no reopen while the form is open');
    typing = false;
    await waitFor('the typing device on the new schema once the form is closed', () => other.db.collections.company.schema.version > before, 15_000);
  } finally {
    await other.close();
  }
});

t.run();
