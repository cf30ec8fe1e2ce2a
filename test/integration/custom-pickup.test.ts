// Issue #24: custom fields and custom entities picked up with no code by reports, mail merge, advanced search and
// table rules (docs/decisions/0058). A custom field of a built-in entity is a report column, filter and grouping, a
// merge field and a search condition; a custom entity is a report's base, a template's entity and a searchable entity,
// read with that entity's rights; a rule on a custom entity names its own custom fields, sets one, and a rule naming a
// field removed since is reported to administrators without blocking writes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS } from '../../shared/api.ts';
import { applyCustomization, EMPTY_CUSTOMIZATION, type AnyRecord } from '../../shared/entities/index.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { callApi, type Json } from '../helpers/http.ts';

interface Ctx {
  server: TestServer;
  tokens: Record<string, string>;
  eu: AnyRecord;
  na: AnyRecord;
  projects: Record<string, Record<string, unknown>>;
  opps: Record<string, Record<string, unknown>>;
}
const t = suite<Ctx>('custom fields and entities in reports, mail merge, advanced search and rules');

const call = (ctx: Ctx, who: string, method: string, path: string, body?: unknown) => callApi(ctx.server.url, ctx.tokens[who], method, path, body);
const ok = <T extends { status: number; text: string }>(r: T, status = 200): T => {
  assert.is(r.status, status, r.text.slice(0, 400));
  return r;
};

const RW = { view: true, insert: true, edit: true, delete: true };
/** 30 options: the look-up must offer every one (674-171544-QA), not a first page. */
const TIERS = Array.from({ length: 30 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { value: `t${n}`, en: `Tier ${n}`, fr: `Niveau ${n}` };
});

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 12 });
  ctx.tokens = {};
  for (const login of ['admin', 'sales', 'manager', 'marketing']) ctx.tokens[login] = await signIn(ctx.server.url, login);
  const companies = (await call(ctx, 'admin', 'GET', '/api/records/company/list?limit=100')).json.records as unknown as AnyRecord[];
  ctx.eu = companies.find((c) => c.territoryId === 't-eu')!;
  ctx.na = companies.find((c) => c.territoryId === 't-na')!;

  // Custom fields on a built-in entity (opportunity) and on companies (for a saved search as a group).
  const fields = [
    { entity: 'opportunity', code: 'tier', kind: 'select', label: { en: 'Tier', fr: 'Niveau' }, options: TIERS, screens: { form: true, list: true, search: false } },
    { entity: 'opportunity', code: 'score', kind: 'number', label: { en: 'Score', fr: 'Note' } },
    { entity: 'company', code: 'segment', kind: 'select', label: { en: 'Segment', fr: 'Segment' }, options: [{ value: 'smb', en: 'Small business', fr: 'PME' }, { value: 'key', en: 'Key account', fr: 'Grand compte' }] },
  ];
  for (const f of fields) ok(await call(ctx, 'admin', 'POST', API_PATHS.customFields, f), 201);
  // A custom entity under companies, in their territory; the manager views North American projects only; marketing nothing.
  ok(
    await call(ctx, 'admin', 'POST', API_PATHS.customEntities, {
      code: 'project',
      label: { en: 'Project', fr: 'Projet' },
      plural: { en: 'Projects', fr: 'Projets' },
      parent: 'company',
      territory: 'parent',
      rights: [
        { profileId: 'p-admin', territoryId: 't-world', ...RW },
        { profileId: 'p-sales-eu', territoryId: 't-eu', ...RW },
        { profileId: 'p-manager', territoryId: 't-na', view: true, insert: false, edit: false, delete: false },
      ],
    }),
    201,
  );
  const projectFields = [
    { entity: 'x_project', code: 'budget', kind: 'amount', label: { en: 'Budget', fr: 'Budget' }, required: true },
    { entity: 'x_project', code: 'phase', kind: 'select', label: { en: 'Phase', fr: 'Phase' }, options: [{ value: 'design', en: 'Design', fr: 'Conception' }, { value: 'build', en: 'Build', fr: 'Réalisation' }] },
    { entity: 'x_project', code: 'code', kind: 'text', label: { en: 'Code', fr: 'Code' } },
  ];
  for (const f of projectFields) ok(await call(ctx, 'admin', 'POST', API_PATHS.customFields, f), 201);

  ctx.projects = {};
  const project = async (who: string, name: string, company: AnyRecord, budget: number, phase: string) =>
    (ctx.projects[name] = ok(await call(ctx, who, 'POST', '/api/records/x_project', { name, companyId: company.id, c_budget: budget, c_phase: phase }), 201).json);
  await project('sales', 'Alpha', ctx.eu, 500_000, 'design');
  await project('sales', 'Beta', ctx.eu, 2_000_000, 'build');
  await project('admin', 'Gamma', ctx.na, 300_000, 'design');

  ctx.opps = {};
  const opp = async (description: string, company: AnyRecord, tier: string, score: number) =>
    (ctx.opps[description] = ok(await call(ctx, 'admin', 'POST', '/api/records/opportunity', { description, companyId: company.id, currency: 'EUR', forecast: 100_000, c_tier: tier, c_score: score }), 201).json);
  await opp('Pickup EU big', ctx.eu, 't29', 80);
  await opp('Pickup NA', ctx.na, 't02', 20);
  await opp('Pickup EU small', ctx.eu, 't29', 5);
});
t.after(async (ctx) => {
  await ctx.server.close();
  applyCustomization(EMPTY_CUSTOMIZATION);
});

const runReport = (ctx: Ctx, who: string, definition: unknown) => call(ctx, who, 'POST', '/api/reports/run', { name: 'Pickup', definition });
type Row = { kind: string; cells: Record<string, unknown>; group: string[]; count: number };

t('reports: a custom field of a built-in entity is a column, a filter, a grouping and a sort key', async (ctx) => {
  const def = { entity: 'opportunity', columns: ['description', 'c_tier', 'c_score'], filters: [{ field: 'c_tier', op: 'eq', value: 't29' }], sort: [{ field: 'c_score', direction: 'desc' }], groupBy: ['c_tier'] };
  const r = ok(await runReport(ctx, 'admin', def)).json;
  assert.is(r.count, 2);
  const rows = r.rows as unknown as Row[];
  assert.equal(rows.filter((x) => x.kind === 'record').map((x) => x.cells.description), ['Pickup EU big', 'Pickup EU small']);
  assert.equal(rows.filter((x) => x.kind === 'record').map((x) => x.cells.c_tier), ['t29', 't29']);
  const subtotal = rows.find((x) => x.kind === 'subtotal')!;
  assert.equal(subtotal.group, ['t29']);
  assert.is(subtotal.cells.c_score, 85);
  assert.equal((r.groups as unknown as { key: string; count: number }[]).map((g) => [g.key, g.count]), [['t29', 2]]);
  // A range filter on the custom number, and every opportunity the caller may view (the sales rep: Europe only).
  const more = ok(await runReport(ctx, 'admin', { entity: 'opportunity', columns: ['description', 'c_score'], filters: [{ field: 'c_score', op: 'gt', value: 10 }] })).json;
  assert.equal(((more.rows as unknown as Row[]).filter((x) => x.kind === 'record').map((x) => x.cells.description) as string[]).sort(), ['Pickup EU big', 'Pickup NA']);
  const hers = ok(await runReport(ctx, 'sales', { entity: 'opportunity', columns: ['description', 'c_score'], filters: [{ field: 'c_score', op: 'notEmpty' }] })).json;
  assert.equal(((hers.rows as unknown as Row[]).filter((x) => x.kind === 'record').map((x) => x.cells.description) as string[]).sort(), ['Pickup EU big', 'Pickup EU small']);
  // Exported with the custom field's caption in the runner's language (the sales rep reads French).
  const csv = ok(await call(ctx, 'sales', 'POST', '/api/reports/export.csv', { name: 'Pickup', definition: def }));
  assert.match(csv.text.split('\n')[0]!, /Niveau/);
  assert.match(csv.text, /Niveau 29/);
  // A custom field that does not exist is refused clearly.
  const bad = await runReport(ctx, 'admin', { entity: 'opportunity', columns: ['c_nope'] });
  assert.is(bad.status, 400);
  assert.match(bad.text, /c_nope/);
});

t('reports: a custom entity is a base entity, read with its own rights (no rows of x_project for who may not view it)', async (ctx) => {
  const def = { entity: 'x_project', columns: ['name', 'companyId', 'c_phase', 'c_budget'], filters: [], sort: [{ field: 'name', direction: 'asc' }], groupBy: ['c_phase'] };
  const names = (r: Json): string[] => (r.rows as unknown as Row[]).filter((x) => x.kind === 'record').map((x) => String(x.cells.name)).sort();
  const admin = ok(await runReport(ctx, 'admin', def)).json;
  assert.equal(names(admin), ['Alpha', 'Beta', 'Gamma']);
  const alpha = (admin.rows as unknown as Row[]).find((x) => x.cells.name === 'Alpha')!;
  assert.is(alpha.cells.companyId, ctx.eu.name, 'its company by name');
  assert.is(alpha.cells.c_budget, 500_000);
  const design = (admin.rows as unknown as Row[]).find((x) => x.kind === 'subtotal' && x.group[0] === 'design')!;
  assert.is(design.cells.c_budget, 800_000);
  assert.equal(names(ok(await runReport(ctx, 'sales', def)).json), ['Alpha', 'Beta']);
  assert.equal(names(ok(await runReport(ctx, 'manager', def)).json), ['Gamma']);
  const none = ok(await runReport(ctx, 'marketing', def)).json;
  assert.is(none.count, 0);
  assert.equal(names(none), []);
  // A filter on its custom field; saved and shared, it runs with each runner's rights.
  const filtered = { ...def, filters: [{ field: 'c_budget', op: 'gte', value: 400_000 }] };
  assert.equal(names(ok(await runReport(ctx, 'admin', filtered)).json), ['Alpha', 'Beta']);
  const saved = ok(await call(ctx, 'admin', 'POST', '/api/reports', { name: 'Big projects', shared: true, definition: filtered }), 201).json;
  const list = ok(await call(ctx, 'marketing', 'GET', '/api/reports')).json.reports as unknown as { id: string; entity: string }[];
  assert.is(list.find((r) => r.id === saved.id)?.entity, 'x_project');
  assert.is(ok(await call(ctx, 'marketing', 'GET', `/api/reports/${String(saved.id)}/run`)).json.count, 0);
  assert.is(ok(await call(ctx, 'manager', 'GET', `/api/reports/${String(saved.id)}/run`)).json.count, 0, 'Gamma is under 4,000.00');
  assert.is(ok(await call(ctx, 'sales', 'GET', `/api/reports/${String(saved.id)}/run`)).json.count, 2);
  // Exported with captions: the entity's own fields and its custom ones.
  const csv = ok(await call(ctx, 'admin', 'GET', `/api/reports/${String(saved.id)}/export.csv`));
  assert.match(csv.text.split('\n')[0]!, /Name.*Company.*Phase.*Budget/);
  // An entity that is not one (or customRecord itself) is refused.
  for (const entity of ['x_nothing', 'customRecord']) assert.is((await runReport(ctx, 'admin', { entity, columns: ['name'] })).status, 400, entity);
});

t('mail merge: custom fields are merge fields; a custom entity has templates and its records merge, within their rights', async (ctx) => {
  const entities = ok(await call(ctx, 'sales', 'GET', '/api/templates/entities')).json.entities as unknown as string[];
  assert.ok(entities.includes('x_project'));
  assert.not.ok(entities.includes('customRecord'));
  const oppFields = ok(await call(ctx, 'admin', 'GET', '/api/templates/fields?entity=opportunity')).json.fields as unknown as string[];
  assert.ok(oppFields.includes('opportunity.c_tier') && oppFields.includes('opportunity.c_score') && oppFields.includes('company.c_segment'));
  const projectFields = ok(await call(ctx, 'admin', 'GET', '/api/templates/fields?entity=x_project')).json.fields as unknown as string[];
  for (const f of ['x_project.name', 'x_project.c_budget', 'x_project.c_phase', 'company.name', 'user.name']) assert.ok(projectFields.includes(f), f);

  // A built-in entity's template with its custom fields: the option's caption and the number, never blanks (766-171775-QA).
  const oppTpl = ok(await call(ctx, 'admin', 'POST', '/api/templates', { name: 'Opp sheet', kind: 'document', entity: 'opportunity', body: '<p>{{ opportunity.description }}: {{ opportunity.c_tier }} / {{ opportunity.c_score }}</p>' }), 201).json;
  const merged = ok(await call(ctx, 'admin', 'POST', '/api/merge', { templateId: oppTpl.id, recordId: ctx.opps['Pickup EU big']!.id }), 201).json;
  const oppHtml = ok(await call(ctx, 'admin', 'GET', `/api/merged-documents/${String((merged.document as Record<string, unknown>).id)}`)).text;
  assert.match(oppHtml, /Pickup EU big: Tier 29 \/ 80/);

  // A custom entity's template: its fields and its company; checked against its fields when saved.
  const body = '<h1>{{ x_project.name }}</h1><p>{{ company.name }} – {{ x_project.c_phase }} – {{ x_project.c_budget }} – {{ x_project.ownerId }}</p>';
  const unknownField = await call(ctx, 'admin', 'POST', '/api/templates', { name: 'Bad', kind: 'document', entity: 'x_project', body: '{{ x_project.c_nope }}' });
  assert.is(unknownField.status, 422);
  assert.match(unknownField.text, /c_nope/);
  assert.is((await call(ctx, 'admin', 'POST', '/api/templates', { name: 'Bad', kind: 'document', entity: 'x_nothing', body: 'x' })).status, 400);
  const tpl = ok(await call(ctx, 'admin', 'POST', '/api/templates', { name: 'Project sheet', kind: 'document', entity: 'x_project', body }), 201).json;
  const listed = ok(await call(ctx, 'sales', 'GET', '/api/templates?entity=x_project')).json.templates as unknown as { id: string }[];
  assert.equal(listed.map((x) => x.id), [tpl.id]);
  const alpha = ctx.projects.Alpha!;
  // The sales rep (French) merges her project: French captions and number format.
  const out = ok(await call(ctx, 'sales', 'POST', '/api/merge', { templateId: tpl.id, recordId: alpha.id }), 201).json;
  const doc = out.document as Record<string, unknown>;
  assert.is(doc.entity, 'x_project');
  const html = ok(await call(ctx, 'sales', 'GET', `/api/merged-documents/${String(doc.id)}`)).text;
  assert.match(html, /<h1>Alpha<\/h1>/);
  assert.ok(html.includes(String(ctx.eu.name)), 'its company');
  assert.match(html, /Conception/);
  assert.match(html, /– 5\s000 –/, 'the budget in units, French digits');
  assert.match(html, /Sophie Martin/);
  // Filed with the record; who may not view the record sees neither it nor its documents.
  const docs = ok(await call(ctx, 'sales', 'GET', `/api/merged-documents?entity=x_project&recordId=${String(alpha.id)}`)).json.documents as unknown as { id: string }[];
  assert.equal(docs.map((d) => d.id), [doc.id]);
  assert.is((await call(ctx, 'manager', 'GET', `/api/merged-documents/${String(doc.id)}`)).status, 404);
  assert.is((await call(ctx, 'manager', 'GET', `/api/merged-documents?entity=x_project&recordId=${String(alpha.id)}`)).status, 404);
  assert.is((await call(ctx, 'marketing', 'POST', '/api/merge', { templateId: tpl.id, recordId: alpha.id })).status, 404);
  assert.is((await call(ctx, 'sales', 'POST', '/api/merge', { templateId: tpl.id, recordId: ctx.projects.Gamma!.id })).status, 404, 'a North American project');
  // A record of the wrong entity does not merge with it.
  assert.is((await call(ctx, 'admin', 'POST', '/api/merge', { templateId: tpl.id, recordId: ctx.opps['Pickup NA']!.id })).status, 404);
});

t('advanced search: conditions on custom fields; custom entities searchable within their rights; option look-ups list every value (674-171544-QA)', async (ctx) => {
  const fields = ok(await call(ctx, 'admin', 'GET', '/api/search/opportunity/fields')).json.fields as unknown as { name: string; kind: string; ops: string[]; options?: string[] }[];
  const tier = fields.find((f) => f.name === 'c_tier')!;
  assert.equal(tier.options?.filter(Boolean), TIERS.map((x) => x.value), 'all 30 values');
  assert.ok(fields.find((f) => f.name === 'c_score')?.ops.includes('more-than'));
  const search = (who: string, entity: string, body: unknown) => call(ctx, who, 'POST', `/api/search/${entity}`, body);
  const titles = (r: { json: Json }, key = 'description'): string[] => (r.json.records as unknown as Record<string, unknown>[]).map((x) => String(x[key])).sort();
  assert.equal(titles(ok(await search('admin', 'opportunity', { conditions: [{ field: 'c_tier', op: 'equals', value: 't29' }] }))), ['Pickup EU big', 'Pickup EU small']);
  assert.equal(titles(ok(await search('admin', 'opportunity', { conditions: [{ field: 'c_score', op: 'more-than', value: '10' }] }))), ['Pickup EU big', 'Pickup NA']);
  assert.equal(titles(ok(await search('admin', 'opportunity', { text: 'Pickup', conditions: [{ field: 'c_score', op: 'less-than', value: '10' }] }))), ['Pickup EU small']);
  assert.is((await search('admin', 'opportunity', { conditions: [{ field: 'c_tier', op: 'equals', value: 't99' }] })).status, 400, 'not one of its values');

  // A custom entity: its fields (an option field with every value), its records where the caller may view the entity.
  const pf = ok(await call(ctx, 'sales', 'GET', '/api/search/x_project/fields')).json.fields as unknown as { name: string; options?: string[] }[];
  assert.equal(pf.find((f) => f.name === 'c_phase')?.options?.filter(Boolean), ['design', 'build']);
  assert.ok(pf.some((f) => f.name === 'c_budget') && pf.some((f) => f.name === 'companyId'));
  const big = { conditions: [{ field: 'c_budget', op: 'more-than', value: '400000' }] };
  assert.equal(titles(ok(await search('admin', 'x_project', big)), 'name'), ['Alpha', 'Beta']);
  assert.equal(titles(ok(await search('sales', 'x_project', big)), 'name'), ['Alpha', 'Beta']);
  assert.equal(titles(ok(await search('manager', 'x_project', big)), 'name'), []);
  assert.equal(titles(ok(await search('manager', 'x_project', { conditions: [] })), 'name'), ['Gamma']);
  assert.is(ok(await search('marketing', 'x_project', { conditions: [] })).json.total, 0);
  assert.equal(titles(ok(await search('admin', 'x_project', { conditions: [{ field: 'c_phase', op: 'equals', value: 'design' }] })), 'name'), ['Alpha', 'Gamma']);
  assert.equal(titles(ok(await search('admin', 'x_project', { text: 'gam', conditions: [{ field: 'companyId', op: 'equals', value: String(ctx.na.id) }] })), 'name'), ['Gamma']);
  assert.equal(titles(ok(await search('admin', 'x_project', { conditions: [{ field: 'c_code', op: 'empty' }, { field: 'c_phase', op: 'not-equals', value: 'design' }] })), 'name'), ['Beta']);
  // Records of other custom entities never show; customRecord itself and unknown entities have no search.
  assert.is((await search('admin', 'x_nothing', { conditions: [] })).status, 404);
  assert.is((await search('admin', 'customRecord', { conditions: [] })).status, 404);
  assert.is((await search('admin', 'x_project', { conditions: [{ field: 'entityKey', op: 'equals', value: 'x_other' }] })).status, 400);
  // OpenAPI names the custom entity among the searchable ones.
  const api = (await (await fetch(`${ctx.server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] }>> };
  assert.ok(api.paths['/api/search/{entity}']?.post?.parameters?.find((p) => p.name === 'entity')?.schema.enum?.includes('x_project'));
});

t('advanced search saved as a dynamic group: a condition on a custom field of companies finds its members', async (ctx) => {
  // The European company becomes a key account (a device's push, as companies are written).
  const [master] = await ctx.server.store.getByIds('company', [String(ctx.eu.id)]);
  const pushed = ok(await call(ctx, 'admin', 'POST', '/sync/company/push', [{ assumedMasterState: master, newDocumentState: { ...master, c_segment: 'key' } }]));
  assert.equal(pushed.json, { conflicts: [] });
  const criteria = { text: '', conditions: [{ field: 'c_segment', op: 'equals', value: 'key' }] };
  assert.equal(ok(await call(ctx, 'sales', 'POST', '/api/search/company', criteria)).json.total, 1);
  const group = ok(await call(ctx, 'sales', 'POST', '/api/groups', { name: 'Key accounts', entity: 'company', kind: 'dynamic', criteria }), 201).json;
  const members = ok(await call(ctx, 'sales', 'GET', `/api/groups/${String(group.id)}/members`)).json;
  assert.equal((members.records as unknown as AnyRecord[]).map((r) => r.id), [ctx.eu.id]);
  // Groups are of companies, persons and leads: a custom entity's search is not saved as one.
  assert.is((await call(ctx, 'admin', 'POST', '/api/groups', { name: 'Projects', entity: 'x_project', kind: 'dynamic', criteria: { text: '', conditions: [] } })).status, 400);
});

t("table rules on a custom entity name its own custom fields, set one and create a task, as the writer", async (ctx) => {
  const meta = ok(await call(ctx, 'admin', 'GET', '/api/admin/rules/meta')).json.entities as unknown as { name: string; fields: { name: string; settable: boolean }[] }[];
  const project = meta.find((e) => e.name === 'x_project');
  assert.ok(project, 'the custom entity is offered');
  assert.ok(project.fields.find((f) => f.name === 'c_budget')?.settable);
  assert.ok(project.fields.find((f) => f.name === 'c_code')?.settable);
  // Its fields are its own: customRecord does not have c_budget, and an unknown field is refused with its place.
  const unknownField = await call(ctx, 'admin', 'POST', '/api/admin/rules/check', { entity: 'x_project', condition: 'c_nope > 1' });
  assert.is(unknownField.status, 422);
  assert.match(unknownField.text, /rule-unknown-field/);
  assert.is((await call(ctx, 'admin', 'POST', '/api/admin/rules/check', { entity: 'customRecord', condition: 'c_budget > 1' })).status, 422);
  ok(await call(ctx, 'admin', 'POST', '/api/admin/rules/check', { entity: 'x_project', condition: "c_budget > 10000 AND c_phase = 'design'" }));
  const made = await call(ctx, 'admin', 'POST', '/api/admin/rules', {
    name: 'Big designs',
    entity: 'x_project',
    events: ['insert', 'update'],
    condition: "c_budget > 10000 AND c_phase = 'design'",
    actions: [
      { kind: 'set', field: 'c_code', value: 'BIG' },
      { kind: 'task', subject: 'Review {title}', dueInDays: 2 },
      { kind: 'notify', users: ['$actor'], message: '{title} is a big design' },
    ],
  });
  ok(made, 201);
  // 20,000.00 in design: the rule sets the code and books the review, linked to the project, as the sales rep.
  const delta = ok(await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Delta', companyId: ctx.eu.id, c_budget: 2_000_000, c_phase: 'design' }), 201).json;
  assert.is(delta.c_code, 'BIG');
  const tasks = ok(await call(ctx, 'sales', 'GET', `/api/records/communication/list?field=regardingId&value=${String(delta.id)}`)).json.records as unknown as AnyRecord[];
  assert.equal(tasks.map((x) => [x.subject, x.updatedBy]), [['Review Delta', 'u-sales']]);
  // The notice names the project by its entity, and the dashboard links it for who may open it.
  const notices = ok(await call(ctx, 'sales', 'GET', '/api/dashboard/notifications')).json.items as unknown as { title: string; target?: Record<string, unknown> }[];
  assert.equal(notices.find((n) => n.title === 'Delta is a big design')?.target, { entity: 'x_project', id: delta.id, available: true, title: 'Delta' });
  // Under the threshold, or another phase: nothing.
  const small = ok(await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Epsilon', companyId: ctx.eu.id, c_budget: 100, c_phase: 'design' }), 201).json;
  assert.is(small.c_code, '');
  // An update that makes it hold fires it then.
  const grown = ok(await call(ctx, 'sales', 'PATCH', `/api/records/x_project/${String(small.id)}`, { c_budget: 5_000_000 })).json;
  assert.is(grown.c_code, 'BIG');
  // A change of custom values only is written, not taken for a retry of what is stored (customRecord's own fields are equal).
  const [stored] = await ctx.server.store.getByIds('customRecord', [String(small.id)]);
  assert.is((stored as unknown as AnyRecord).c_budget, 5_000_000);
  assert.is((stored as unknown as AnyRecord).c_code, 'BIG');
  // Another custom entity's records are not this rule's.
  ok(await call(ctx, 'admin', 'POST', API_PATHS.customEntities, { code: 'site', label: { en: 'Site', fr: 'Site' }, parent: 'none', territory: 'own', rights: [{ profileId: 'p-admin', territoryId: 't-world', ...RW }] }), 201);
  ok(await call(ctx, 'admin', 'POST', API_PATHS.customFields, { entity: 'x_site', code: 'budget', kind: 'amount', label: { en: 'Budget', fr: 'Budget' } }), 201);
  ok(await call(ctx, 'admin', 'POST', API_PATHS.customFields, { entity: 'x_site', code: 'code', kind: 'text', label: { en: 'Code', fr: 'Code' } }), 201);
  const site = ok(await call(ctx, 'admin', 'POST', '/api/records/x_site', { name: 'Depot', c_budget: 9_000_000 }), 201).json;
  assert.is(site.c_code, '');
  // Refusing by a custom field: the writer gets the message, nothing is written.
  ok(await call(ctx, 'admin', 'POST', '/api/admin/rules', { name: 'Builds need a code', entity: 'x_project', events: ['insert'], condition: "c_phase = 'build' AND c_code IS NULL", actions: [{ kind: 'refuse', message: '{title}: a build needs a code' }] }), 201);
  const refused = await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Zeta', companyId: ctx.eu.id, c_budget: 1, c_phase: 'build' });
  assert.is(refused.status, 422);
  assert.match(refused.text, /FC-RULE-001/);
  assert.match(refused.text, /Zeta: a build needs a code/);
  ok(await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Eta', companyId: ctx.eu.id, c_budget: 1, c_phase: 'build', c_code: 'E1' }), 201);
  // Tried on a record from Administration, nothing written.
  const tried = ok(await call(ctx, 'admin', 'POST', '/api/admin/rules/test', { ruleId: made.json.id, recordId: delta.id, event: 'update' })).json;
  assert.is(tried.holds, true);
  assert.equal(tried.set, { c_code: 'BIG' });
  assert.is((await call(ctx, 'admin', 'POST', '/api/admin/rules/test', { ruleId: made.json.id, recordId: site.id })).status, 404, 'a site is not a project');
});

t('a rule naming a custom field purged since is reported to administrators and never blocks writes', async (ctx) => {
  ok(await call(ctx, 'admin', 'POST', API_PATHS.customFields, { entity: 'x_project', code: 'temp', kind: 'text', label: { en: 'Temp', fr: 'Temp' } }), 201);
  const rule = ok(await call(ctx, 'admin', 'POST', '/api/admin/rules', { name: 'Temp flag', entity: 'x_project', events: ['insert'], condition: "c_temp = 'x'", actions: [{ kind: 'set', field: 'c_code', value: 'TEMP' }] }), 201).json;
  const before = ok(await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Theta', companyId: ctx.eu.id, c_budget: 1, c_temp: 'x' }), 201).json;
  assert.is(before.c_code, 'TEMP');
  ok(await call(ctx, 'admin', 'PATCH', API_PATHS.customField('x_project', 'c_temp'), { hidden: true }));
  ok(await call(ctx, 'admin', 'DELETE', API_PATHS.customField('x_project', 'c_temp')));
  // The write goes on (the other rules still run), the broken rule is counted and audited once.
  const after = ok(await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Iota', companyId: ctx.eu.id, c_budget: 2_000_000, c_phase: 'design' }), 201).json;
  assert.is(after.c_code, 'BIG', 'the healthy rule still acts');
  ok(await call(ctx, 'sales', 'POST', '/api/records/x_project', { name: 'Kappa', companyId: ctx.eu.id, c_budget: 1 }), 201);
  const listed = ok(await call(ctx, 'admin', 'GET', '/api/admin/rules')).json as unknown as { id: string; health: { failures: number; lastCode: string } | null }[];
  const health = listed.find((r) => r.id === rule.id)?.health;
  assert.ok(health && health.failures >= 2, JSON.stringify(health));
  assert.is(health.lastCode, 'rule-unknown-field');
  const audit = ok(await call(ctx, 'admin', 'GET', '/api/admin/audit?action=rule.failed')).text;
  assert.is(audit.match(new RegExp(String(rule.id), 'g'))?.length ?? 0, 1, 'audited once, then counted');
  // Re-enabling or saving it again as it is refused with the reason.
  assert.is((await call(ctx, 'admin', 'PUT', `/api/admin/rules/${String(rule.id)}`, { name: 'Temp flag', entity: 'x_project', events: ['insert'], condition: "c_temp = 'x'", actions: [{ kind: 'set', field: 'c_code', value: 'TEMP' }] })).status, 422);
});

t.run();
