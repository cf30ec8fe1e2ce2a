// Issue #24, custom entities on a running server (docs/decisions/0050): an administrator creates an entity with its
// parent, territory rule, rights per profile and fields; it is at once usable through the REST API and documented in
// OpenAPI; quick search finds its records only where the user may view them (661-171474-QA); appointments and tasks
// are created for its records by users with the rights, no 403 (781-171888-QA). Hostile input: 4xx, nothing written.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS } from '../../shared/api.ts';
import { applyCustomization, EMPTY_CUSTOMIZATION, type AnyRecord, type Customization } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { callApi } from '../helpers/http.ts';

interface Ctx {
  server: TestServer;
  tokens: Record<string, string>;
  eu: AnyRecord;
  na: AnyRecord;
  euRecord: Record<string, unknown>;
  naRecord: Record<string, unknown>;
}
const t = suite<Ctx>('custom entities');

const call = (ctx: Ctx, who: string, method: string, path: string, body?: unknown) => callApi(ctx.server.url, ctx.tokens[who], method, path, body);

const RW = { view: true, insert: true, edit: true, delete: true };
const PROJECT = {
  code: 'project',
  label: { en: 'Project', fr: 'Projet' },
  plural: { en: 'Projects', fr: 'Projets' },
  parent: 'company',
  territory: 'parent',
  rights: [
    { profileId: 'p-admin', territoryId: 't-world', ...RW },
    { profileId: 'p-sales-eu', territoryId: 't-eu', ...RW },
    // The manager may view projects in North America only (and write communications in both territories).
    { profileId: 'p-manager', territoryId: 't-na', view: true, insert: false, edit: false, delete: false },
  ],
};

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 12 });
  ctx.tokens = {};
  for (const login of ['admin', 'sales', 'manager', 'marketing']) ctx.tokens[login] = await signIn(ctx.server.url, login);
  const companies = (await call(ctx, 'admin', 'GET', '/api/records/company/list?limit=100')).json.records as unknown as AnyRecord[];
  ctx.eu = companies.find((c) => c.territoryId === 't-eu')!;
  ctx.na = companies.find((c) => c.territoryId === 't-na')!;
  assert.ok(ctx.eu && ctx.na, 'the demo has companies in Europe and North America');
});
t.after(async (ctx) => {
  await ctx.server.close();
  applyCustomization(EMPTY_CUSTOMIZATION);
});

t('hostile entity definitions are refused and write nothing', async (ctx) => {
  const bad: unknown[] = [
    null,
    [],
    { code: 'Bad Code', label: { en: 'A', fr: 'B' } },
    { code: 'x', label: { en: 'A', fr: 'B' } },
    { code: 'ok_one', label: { en: '', fr: 'B' } },
    { code: 'ok_one', label: { en: 'A', fr: 'B' }, parent: 'users' },
    { code: 'ok_one', label: { en: 'A', fr: 'B' }, parent: 'none', territory: 'parent' },
    { code: 'ok_one', label: { en: 'A', fr: 'B' }, rights: [{ profileId: 'p-nobody', territoryId: 't-eu', view: true }] },
    { code: 'ok_one', label: { en: 'A', fr: 'B' }, rights: [{ profileId: 'p-admin', territoryId: "t' OR 1=1", view: true }] },
    { code: '__proto__', label: { en: 'A', fr: 'B' } },
  ];
  for (const body of bad) {
    const r = await call(ctx, 'admin', 'POST', API_PATHS.customEntities, body);
    assert.ok(r.status === 422 || r.status === 400, `${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.json)}`);
  }
  const now = await call(ctx, 'sales', 'GET', API_PATHS.customization);
  assert.equal(now.json.entities ?? [], []);
  // Only administrators define entities.
  assert.is((await call(ctx, 'sales', 'POST', API_PATHS.customEntities, { ...PROJECT, code: 'other' })).status, 403);
});

t('an entity created on the running server is usable through the REST API at once, with its fields', async (ctx) => {
  const made = await call(ctx, 'admin', 'POST', API_PATHS.customEntities, PROJECT);
  assert.is(made.status, 201, JSON.stringify(made.json));
  assert.equal((made.json.entity as Record<string, unknown>).key, 'x_project');
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customEntities, PROJECT)).status, 422, 'the same code twice');
  // Its fields: custom fields on its key, with the custom-field kinds.
  const phase = { entity: 'x_project', code: 'phase', kind: 'select', label: { en: 'Phase', fr: 'Phase' }, options: [{ value: 'design', en: 'Design', fr: 'Conception' }, { value: 'build', en: 'Build', fr: 'Réalisation' }], screens: { form: true, list: true, search: false } };
  const codeName = { entity: 'x_project', code: 'codename', kind: 'text', label: { en: 'Code name', fr: 'Nom de code' }, screens: { form: true, list: false, search: true } };
  const budget = { entity: 'x_project', code: 'budget', kind: 'amount', label: { en: 'Budget', fr: 'Budget' }, required: true };
  for (const f of [phase, codeName, budget]) assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customFields, f)).status, 201, f.code);
  // Rights per profile landed in the profiles, like a built-in entity's.
  const profiles = (await call(ctx, 'admin', 'GET', '/api/admin/profiles')).json as unknown as { id: string; rights: { entity: string; territoryId: string; view: boolean }[] }[];
  assert.ok(profiles.find((p) => p.id === 'p-sales-eu')!.rights.some((r) => r.entity === 'x_project' && r.territoryId === 't-eu' && r.view));

  // The sales rep creates a project under a European company: it takes the company's territory.
  const created = await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Panoply roll-out', companyId: ctx.eu.id, c_phase: 'design', c_codename: 'bluebird', c_budget: 1_250_000 });
  assert.is(created.status, 201, JSON.stringify(created.json));
  ctx.euRecord = created.json;
  assert.is(created.json.territoryId, 't-eu');
  assert.is(created.json.c_codename, 'bluebird');
  assert.is(created.json.c_budget, 1_250_000);
  assert.is(created.json.ownerId, 'u-sales');
  // Read back, changed, listed by its parent.
  const byId = await call(ctx, 'sales', 'GET', `/api/records/x_project?ids=${String(created.json.id)}`);
  assert.is((byId.json[0] as Record<string, unknown>).c_phase, 'design');
  const changed = await call(ctx, 'sales', 'PATCH', `/api/records/x_project/${String(created.json.id)}`, { c_phase: 'build' });
  assert.is(changed.status, 200, JSON.stringify(changed.json));
  assert.is(changed.json.c_phase, 'build');
  assert.is(changed.json.c_codename, 'bluebird', 'other custom values kept');
  const children = await call(ctx, 'sales', 'GET', `/api/records/x_project/list?field=companyId&value=${ctx.eu.id}`);
  assert.equal((children.json.records as Record<string, unknown>[]).map((r) => r.id), [created.json.id]);

  // Bad input: clear errors, nothing written.
  const before = ((await call(ctx, 'admin', 'GET', '/api/records/x_project/list')).json.total as number);
  const refusals: [unknown, number][] = [
    [{ name: 'No budget', companyId: ctx.eu.id }, 422],
    [{ name: 'Bad phase', companyId: ctx.eu.id, c_budget: 1, c_phase: 'launch' }, 422],
    [{ name: 'Hidden company', companyId: ctx.na.id, c_budget: 1 }, 422],
    [{ name: 'No company', c_budget: 1 }, 422],
    [{ name: 'Unknown field', companyId: ctx.eu.id, c_budget: 1, c_nope: 1 }, 400],
    [{ name: 'Another entity', companyId: ctx.eu.id, c_budget: 1, entityKey: 'x_other' }, 201],
  ];
  for (const [body, status] of refusals) {
    const r = await call(ctx, 'sales', 'POST', '/api/records/x_project', body);
    assert.is(r.status, status, `${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.json)}`);
    if (r.status === 201) assert.is(r.json.entityKey, 'x_project', 'the path names the entity, not the body');
  }
  assert.is((await call(ctx, 'admin', 'GET', '/api/records/x_project/list')).json.total, before + 1);
  // The stored rows are not reachable as customRecord, and an unknown entity is 404.
  assert.is((await call(ctx, 'sales', 'GET', '/api/records/customRecord/list')).status, 404);
  assert.is((await call(ctx, 'sales', 'POST', '/api/records/customRecord', { name: 'x', entityKey: 'x_project' })).status, 404);
  assert.is((await call(ctx, 'sales', 'GET', '/api/records/x_nothing/list')).status, 404);

  // The administrator's project in North America, for the searches below.
  const na = await call(ctx, 'admin', 'POST', '/api/records/x_project', { name: 'Panoply Denver depot', companyId: ctx.na.id, c_budget: 5 });
  assert.is(na.status, 201, JSON.stringify(na.json));
  ctx.naRecord = na.json;
  assert.is(na.json.territoryId, 't-na');
});

t('rights per profile: who may view, write and delete', async (ctx) => {
  const id = String(ctx.naRecord.id);
  // The manager views North American projects but may not change them; the sales rep does not see them at all.
  assert.is((await call(ctx, 'manager', 'PATCH', `/api/records/x_project/${id}`, { name: 'Renamed' })).status, 403);
  assert.is((await call(ctx, 'sales', 'PATCH', `/api/records/x_project/${id}`, { name: 'Renamed' })).status, 404);
  assert.is((await call(ctx, 'manager', 'POST', '/api/records/x_project', { name: 'Mine', companyId: ctx.na.id, c_budget: 1 })).status, 403);
  // Marketing has no right on the entity: empty lists, 404 on a record.
  assert.is((await call(ctx, 'marketing', 'GET', '/api/records/x_project/list')).json.total, 0);
  assert.is((await call(ctx, 'marketing', 'DELETE', `/api/records/x_project/${String(ctx.euRecord.id)}`)).status, 404);
});

t('661-171474-QA: quick search finds custom entities records, only those the user may see', async (ctx) => {
  const titles = async (who: string, q: string): Promise<string[]> => {
    const r = await call(ctx, who, 'GET', `/api/records/x_project/search?q=${encodeURIComponent(q)}`);
    assert.is(r.status, 200, JSON.stringify(r.json));
    return (r.json as unknown as Record<string, unknown>[]).map((d) => String(d.name)).sort();
  };
  assert.equal(await titles('admin', 'Panoply'), ['Panoply Denver depot', 'Panoply roll-out']);
  assert.equal(await titles('sales', 'Panoply'), ['Panoply roll-out']);
  assert.equal(await titles('manager', 'Panoply'), ['Panoply Denver depot']);
  assert.equal(await titles('marketing', 'Panoply'), []);
  // A custom field shown among the searched ones is searched too.
  assert.equal(await titles('sales', 'bluebird'), ['Panoply roll-out']);
  assert.equal(await titles('manager', 'bluebird'), []);
  // The list's search box says the same.
  const listed = await call(ctx, 'manager', 'GET', '/api/records/x_project/list?q=Panoply');
  assert.equal((listed.json.records as Record<string, unknown>[]).map((r) => r.name), ['Panoply Denver depot']);
});

t('781-171888-QA: a task and an appointment for a custom record, by any user with the rights, no 403', async (ctx) => {
  const push = async (who: string, doc: WireDoc): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${ctx.server.url}/sync/communication/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ assumedMasterState: null, newDocumentState: doc }]),
    });
    return { status: res.status, json: await res.json() };
  };
  const stored = async (id: string): Promise<Record<string, unknown> | undefined> => (await ctx.server.store.getByIds('communication', [id]))[0] as Record<string, unknown> | undefined;

  // The sales rep (communications and projects in Europe) books a task and an appointment for the European project.
  const task = makeDoc('communication', { id: 'task-781', kind: 'task', subject: 'Kick-off pack', territoryId: 't-eu', ownerId: 'u-sales', companyId: ctx.eu.id, regardingId: String(ctx.euRecord.id) });
  const appt = makeDoc('communication', { id: 'appt-781', kind: 'appointment', subject: 'Site visit', territoryId: 't-eu', ownerId: 'u-sales', regardingId: String(ctx.euRecord.id) });
  for (const doc of [task, appt]) {
    const r = await push('sales', doc);
    assert.is(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json, { conflicts: [] }, `${doc.id}: accepted with no conflict`);
    assert.is((await stored(doc.id))?.regardingId, ctx.euRecord.id);
  }
  // The manager (communications in both, projects viewable in North America) books one for the North American project.
  const mgr = makeDoc('communication', { id: 'task-781-na', kind: 'task', subject: 'Depot survey', territoryId: 't-na', ownerId: 'u-manager', regardingId: String(ctx.naRecord.id) });
  const ok = await push('manager', mgr);
  assert.is(ok.status, 200);
  assert.equal(ok.json, { conflicts: [] });
  assert.ok(await stored(mgr.id));
  // ...but not for a project they may not view: refused as a hidden reference (a field error the device shows), not a 403.
  const hidden = makeDoc('communication', { id: 'task-781-hidden', kind: 'task', subject: 'Peek', territoryId: 't-eu', ownerId: 'u-manager', regardingId: String(ctx.euRecord.id) });
  const refused = await push('manager', hidden);
  assert.is(refused.status, 422, JSON.stringify(refused.json));
  assert.match(JSON.stringify(refused.json), /"field":"regardingId","code":"ref-unavailable"/);
  assert.is(await stored(hidden.id), undefined);
  // The project's appointments and tasks, as its screen lists them.
  const listed = await call(ctx, 'sales', 'GET', `/api/records/communication/list?field=regardingId&value=${String(ctx.euRecord.id)}`);
  assert.equal((listed.json.records as Record<string, unknown>[]).map((r) => r.id).sort(), ['appt-781', 'task-781']);
});

t('table rules target custom records (by entityKey): a set and a task linked to the record, as the writer', async (ctx) => {
  const made = await call(ctx, 'admin', 'POST', '/api/admin/rules', {
    name: 'Urgent projects',
    entity: 'customRecord',
    events: ['insert'],
    condition: "entityKey = 'x_project' AND name LIKE '%urgent%'",
    actions: [{ kind: 'set', field: 'details', value: 'Flagged by rule' }, { kind: 'task', subject: 'Call about {title}', dueInDays: 1 }],
  });
  assert.is(made.status, 201, JSON.stringify(made.json));
  const urgent = await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'An urgent fix', companyId: ctx.eu.id, c_budget: 10 });
  assert.is(urgent.status, 201, JSON.stringify(urgent.json));
  assert.is(urgent.json.details, 'Flagged by rule');
  const tasks = await call(ctx, 'sales', 'GET', `/api/records/communication/list?field=regardingId&value=${String(urgent.json.id)}`);
  assert.equal((tasks.json.records as Record<string, unknown>[]).map((r) => r.subject), ['Call about An urgent fix']);
  const calm = await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'A calm one', companyId: ctx.eu.id, c_budget: 10 });
  assert.is(calm.json.details, '');
});

t('a project follows its company to another territory (its territory is its parent’s)', async (ctx) => {
  const [company] = await ctx.server.store.getByIds('company', [String(ctx.eu.id)]);
  const res = await fetch(`${ctx.server.url}/sync/company/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.tokens.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ assumedMasterState: company, newDocumentState: { ...company, territoryId: 't-na' } }]),
  });
  assert.is(res.status, 200);
  const [moved] = await ctx.server.store.getByIds('customRecord', [String(ctx.euRecord.id)]);
  assert.is(moved?.territoryId, 't-na');
  // The sales rep (Europe) no longer sees it; the manager (North America) does.
  assert.is((await call(ctx, 'sales', 'GET', '/api/records/x_project/search?q=roll-out')).json.length, 0);
  assert.is((await call(ctx, 'manager', 'GET', '/api/records/x_project/search?q=roll-out')).json.length, 1);
});

t('OpenAPI documents the new entity with no code', async (ctx) => {
  const doc = (await (await fetch(`${ctx.server.url}/api/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> }; paths: Record<string, Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] }>> };
  const schema = doc.components.schemas.X_project;
  assert.ok(schema, 'a schema for x_project');
  assert.ok(schema.properties.c_budget && schema.properties.c_phase && schema.properties.name);
  assert.ok(schema.required?.includes('c_budget'));
  const post = doc.paths['/api/records/{entity}']?.post;
  assert.ok(post?.parameters?.find((p) => p.name === 'entity')?.schema.enum?.includes('x_project'));
});

t('an entity is removed only when nothing uses it and its key is typed again; its records, fields and rights go', async (ctx) => {
  const gadget = { code: 'gadget', label: { en: 'Gadget', fr: 'Gadget' }, parent: 'company', territory: 'parent', rights: [{ profileId: 'p-admin', territoryId: 't-world', ...RW }, { profileId: 'p-sales-eu', territoryId: 't-eu', ...RW }] };
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customEntities, gadget)).status, 201);
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customFields, { entity: 'x_gadget', code: 'colour', kind: 'text', label: { en: 'Colour', fr: 'Couleur' } })).status, 201);
  // A European company (the first one moved to North America above).
  const eu = ((await call(ctx, 'sales', 'GET', '/api/records/company/list?limit=100')).json.records as unknown as AnyRecord[]).find((c) => c.territoryId === 't-eu')!;
  const ids: string[] = [];
  for (const name of ['Widget', 'Sprocket']) {
    const made = await call(ctx, 'sales', 'POST', '/api/records/x_gadget', { name, companyId: eu.id, c_colour: 'red' });
    assert.is(made.status, 201, JSON.stringify(made.json));
    ids.push(String(made.json.id));
  }
  const path = `${API_PATHS.customEntities}/x_gadget`;
  const store = ctx.server.store;
  // Never one click away: the key typed again, and only by an administrator.
  assert.is((await call(ctx, 'admin', 'DELETE', path)).status, 422);
  assert.is((await call(ctx, 'admin', 'DELETE', `${path}?confirm=x_project`)).status, 422);
  assert.is((await call(ctx, 'sales', 'DELETE', `${path}?confirm=x_gadget`)).status, 403);
  assert.is((await call(ctx, 'admin', 'DELETE', `${API_PATHS.customEntities}/x_nothing?confirm=x_nothing`)).status, 404);
  // Used by a template and a saved report: refused, naming them, and nothing removed.
  const now = new Date().toISOString();
  await store.mailMerge.createTemplate({ id: 'tpl-gadget', name: 'Gadget sheet', kind: 'document', entity: 'x_gadget', subject: '', body: '<p>{{ x_gadget.name }}</p>', ownerId: 'u-admin', createdAt: now, updatedAt: now });
  const report = { id: 'r-00000000-0000-4000-8000-000000000001', name: 'Gadgets by colour', ownerId: 'u-admin', shared: true, definition: { entity: 'x_gadget', columns: ['name'], filters: [], sort: [] }, updatedAt: now };
  await store.putServerSetting(`report.saved.${report.id}`, JSON.stringify(report), 'u-admin', now);
  const used = await call(ctx, 'admin', 'DELETE', `${path}?confirm=x_gadget`);
  assert.is(used.status, 409, JSON.stringify(used.json));
  assert.is(used.json.code, ERROR_CODES.CUSTOM_ENTITY_IN_USE);
  assert.match(String(used.json.detail), 'Gadget sheet');
  assert.match(String(used.json.detail), 'Gadgets by colour');
  const declared = async (): Promise<Customization> => (await call(ctx, 'admin', 'GET', API_PATHS.customization)).json as unknown as Customization;
  assert.ok((await declared()).entities?.some((e) => e.key === 'x_gadget'), 'still declared');
  assert.is((await call(ctx, 'sales', 'GET', `/api/records/x_gadget?ids=${ids.join(',')}`)).json.length, 2, 'its records still there');

  await store.mailMerge.deleteTemplate('tpl-gadget');
  await store.deleteServerSetting(`report.saved.${report.id}`);
  const before = (await store.pull('customRecord', 0, 100_000, { kind: 'everyone' })).lastSeq;
  const removed = await call(ctx, 'admin', 'DELETE', `${path}?confirm=x_gadget`);
  assert.is(removed.status, 200, JSON.stringify(removed.json));
  assert.is(removed.json.removedRecords, 2);
  const custom = await declared();
  assert.not.ok(custom.entities?.some((e) => e.key === 'x_gadget'), 'the definition is gone');
  assert.not.ok(custom.fields.some((f) => String(f.entity) === 'x_gadget'), 'its fields too');
  assert.ok(custom.entities?.some((e) => e.key === 'x_project'), 'other entities stay');
  // Its records are deletions at new sequences (devices drop them); no record of it can be written any more.
  const after = (await store.pull('customRecord', before, 100_000, { kind: 'everyone' })).documents.filter((d) => ids.includes(d.id));
  assert.equal(after.map((d) => d._deleted), [true, true]);
  assert.is((await call(ctx, 'sales', 'GET', '/api/records/x_gadget/list')).status, 404);
  assert.is((await call(ctx, 'sales', 'POST', '/api/records/x_gadget', { name: 'Late', companyId: eu.id })).status, 404);
  const pushed = await fetch(`${ctx.server.url}/sync/customRecord/push`, { method: 'POST', headers: { authorization: `Bearer ${ctx.tokens.sales}`, 'content-type': 'application/json' }, body: JSON.stringify([{ assumedMasterState: null, newDocumentState: { id: 'g-late', entityKey: 'x_gadget', name: 'Late', territoryId: 't-eu', companyId: eu.id, personId: '', ownerId: 'u-sales', details: '', updatedAt: '', updatedBy: '', _deleted: false } }]) });
  assert.ok([403, 404, 422].includes(pushed.status), `a push of the removed entity: ${pushed.status}`);
  assert.equal(await store.getByIds('customRecord', ['g-late']), []);
  // The profiles' rights on it are gone; the removal is in the audit log.
  for (const p of await store.listProfiles()) assert.not.ok((await store.profileRights(p.id)).some((r) => r.entity === 'x_gadget'), p.id);
  const audit = await call(ctx, 'admin', 'GET', '/api/admin/audit?limit=50');
  assert.ok(JSON.stringify(audit.json).includes('customization.entity-remove'), 'audited');
  // The code is free again: a new entity of that code starts empty.
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customEntities, gadget)).status, 201);
  assert.equal((await call(ctx, 'sales', 'GET', '/api/records/x_gadget/list')).json.records, []);
});

t.run();
