// Custom fields and entities as reports, templates, advanced search and table rules see them (docs/decisions/0058):
// the entity lists follow the customisation, a custom entity's columns, merge fields, conditions and rule fields are
// its own declaration's, and a rule on it runs only on rows of its key.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkConditions, isSearchEntity, searchEntities, searchFields } from '../../shared/advanced-search.ts';
import { applyCustomization, checkNewEntity, checkNewField, EMPTY_CUSTOMIZATION, entityDef, storedDefOf, type Customization, type EntityName } from '../../shared/entities/index.ts';
import { isTemplateEntity, templateEntities } from '../../shared/mail-merge.ts';
import { checkDefinition, columnOf, isReportEntity, reportEntities, reportFields, runReport } from '../../shared/reports.ts';
import { sameUserState } from '../../shared/records.ts';
import { fieldPaths } from '../../sync-server/mail-merge/data.ts';
import { compileRule, parseRule, ruleApplies, ruleEntities, settableFields, storedEntity } from '../../sync-server/rules/definition.ts';
import { runRules } from '../../sync-server/rules/run.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { EU } from '../helpers/docs.ts';
import { fakePool, statements } from '../helpers/fake-mssql.ts';

function customisation(): Customization {
  const e = checkNewEntity({ code: 'project', label: { en: 'Project', fr: 'Projet' }, parent: 'company', territory: 'parent' }, EMPTY_CUSTOMIZATION);
  if ('issues' in e) throw new Error(JSON.stringify(e.issues));
  let c: Customization = { revision: 1, fields: [], entities: [e.spec] };
  for (const input of [
    { entity: 'x_project', code: 'budget', kind: 'amount', label: { en: 'Budget', fr: 'Budget' } },
    { entity: 'x_project', code: 'phase', kind: 'select', label: { en: 'Phase', fr: 'Phase' }, options: [{ value: 'design', en: 'Design', fr: 'Conception' }, { value: 'build', en: 'Build', fr: 'Réalisation' }] },
    { entity: 'opportunity', code: 'tier', kind: 'select', label: { en: 'Tier', fr: 'Niveau' }, options: [{ value: 'gold', en: 'Gold', fr: 'Or' }] },
  ]) {
    const f = checkNewField(input, c);
    if ('issues' in f) throw new Error(JSON.stringify(f.issues));
    c = { ...c, revision: c.revision + 1, fields: [...c.fields, f.spec] };
  }
  return c;
}

test('the entity lists follow the customisation: a custom entity by its key, never customRecord', () => {
  applyCustomization(EMPTY_CUSTOMIZATION);
  assert.not.ok(reportEntities().includes('x_project' as never));
  assert.not.ok(isReportEntity('x_project') || isTemplateEntity('x_project') || isSearchEntity('x_project'));
  applyCustomization(customisation());
  try {
    for (const list of [reportEntities(), templateEntities(), searchEntities(), ruleEntities()] as string[][]) {
      assert.ok(list.includes('x_project'));
      assert.not.ok(list.includes('x_other'));
    }
    assert.ok(isReportEntity('x_project') && isTemplateEntity('x_project') && isSearchEntity('x_project'));
    for (const e of ['customRecord', 'x_other', '__proto__', 'system']) assert.not.ok(isReportEntity(e) || isTemplateEntity(e) || isSearchEntity(e), e);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test("reports, templates and searches read a custom entity's own declaration and a built-in entity's custom fields", () => {
  applyCustomization(customisation());
  try {
    assert.ok(reportFields('x_project').includes('c_budget') && reportFields('x_project').includes('companyId'));
    assert.not.ok(reportFields('x_project').includes('entityKey'), 'the key is the entity, not a column');
    assert.equal(columnOf('x_project', 'c_phase'), { key: 'c_phase', label: 'field.x_project.c_phase', kind: 'choice' });
    assert.ok(reportFields('opportunity').includes('c_tier'));
    const def = checkDefinition({ entity: 'x_project', columns: ['name', 'c_budget'], groupBy: ['c_phase'], filters: [{ field: 'c_budget', op: 'gt', value: 100 }] });
    assert.ok(def.definition, JSON.stringify(def.issues));
    assert.ok(checkDefinition({ entity: 'x_project', columns: ['c_tier'] }).issues.length > 0, "another entity's field");
    const docs = [
      { id: 'a', name: 'A', c_budget: 500, c_phase: 'design' },
      { id: 'b', name: 'B', c_budget: 50, c_phase: 'design' },
      { id: 'c', name: 'C', c_budget: 900, c_phase: 'build' },
    ];
    const out = runReport(def.definition!, docs, { now: '2026-12-05T00:00:00Z', label: () => '' });
    assert.equal(out.groups.map((g) => [g.key, g.count]), [['build', 1], ['design', 1]]);
    const paths = fieldPaths('x_project');
    for (const p of ['x_project.name', 'x_project.c_budget', 'company.name', 'user.name']) assert.ok(paths.includes(p), p);
    assert.not.ok(paths.some((p) => p.startsWith('person.')), 'its parent is a company');
    assert.ok(fieldPaths('opportunity').includes('opportunity.c_tier'));
    // An entity under persons merges its person (and no company).
    const visit = checkNewEntity({ code: 'visit', label: { en: 'Visit', fr: 'Visite' }, parent: 'person', territory: 'own' }, customisation());
    if ('issues' in visit) throw new Error(JSON.stringify(visit.issues));
    applyCustomization({ ...customisation(), revision: 8, entities: [...(customisation().entities ?? []), visit.spec] });
    const visitPaths = fieldPaths('x_visit');
    assert.ok(visitPaths.includes('x_visit.personId') && visitPaths.includes('person.lastName'), visitPaths.join(' '));
    assert.not.ok(visitPaths.some((p) => p.startsWith('company.')));
    applyCustomization(customisation());
    assert.equal(searchFields('x_project' as EntityName).find((f) => f.name === 'c_phase')?.options, ['', 'design', 'build']);
    assert.ok(checkConditions('x_project' as EntityName, [{ field: 'c_budget', op: 'more-than', value: '10' }]).ok);
    assert.not.ok(checkConditions('x_project' as EntityName, [{ field: 'entityKey', op: 'equals', value: 'x' }]).ok);
    // Hidden: no longer offered, still understood (a saved report or search naming it keeps working until a purge).
    const c = customisation();
    applyCustomization({ ...c, revision: 9, fields: c.fields.map((f) => (f.key === 'c_phase' ? { ...f, hidden: true } : f)) });
    assert.not.ok(reportFields('x_project').includes('c_phase'));
    assert.ok(columnOf('x_project', 'c_phase'));
    assert.not.ok(searchFields('x_project' as EntityName).some((f) => f.name === 'c_phase'));
    assert.ok(checkConditions('x_project' as EntityName, [{ field: 'c_phase', op: 'equals', value: 'design' }]).ok);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test("a rule on a custom entity names its own fields, sets one, and runs only on rows of its key", () => {
  applyCustomization(customisation());
  try {
    const { rule, issues } = parseRule({ name: 'Big', entity: 'x_project', events: ['insert'], condition: "c_budget > 100 AND c_phase = 'design'", actions: [{ kind: 'set', field: 'details', value: 'Big' }] }, new Set(), 'u-admin', '2026-12-05T00:00:00Z');
    assert.equal(issues, []);
    assert.ok(settableFields(entityDef('x_project' as EntityName)).includes('c_budget'));
    assert.is(storedEntity('x_project'), 'customRecord');
    assert.is(storedEntity('company'), 'company');
    assert.ok(ruleApplies('x_project', 'customRecord', { entityKey: 'x_project' }));
    assert.not.ok(ruleApplies('x_project', 'customRecord', { entityKey: 'x_site' }));
    assert.not.ok(ruleApplies('x_project', 'company', { entityKey: 'x_project' }));
    const compiled = compileRule(rule);
    assert.is(compiled.broken, null);
    const doc = (over: Record<string, unknown>) => ({ id: 'p1', territoryId: 't-eu', updatedAt: '', updatedBy: '', _deleted: false, entityKey: 'x_project', name: 'P', companyId: 'c1', personId: '', ownerId: '', details: '', ...over }) as unknown as WireDoc;
    const actor = { userId: 'u-sales', rights: {}, now: '2026-12-05T00:00:00Z' };
    assert.is(runRules('customRecord', undefined, doc({ c_budget: 20_000, c_phase: 'design' }), [compiled], actor).doc.details, 'Big');
    assert.is(runRules('customRecord', undefined, doc({ c_budget: 50, c_phase: 'design' }), [compiled], actor).doc.details, '');
    assert.is(runRules('customRecord', undefined, doc({ entityKey: 'x_site', c_budget: 20_000, c_phase: 'design' }), [compiled], actor).fired.length, 0);
    // Stored rows compare with the entity's custom values: a change of those only is a change.
    assert.not.ok(sameUserState(storedDefOf('customRecord', { entityKey: 'x_project' }), doc({ c_budget: 1 }) as unknown as Record<string, unknown>, doc({ c_budget: 2 }) as unknown as Record<string, unknown>));
    // The entity's field purged: the rule is broken (reported when it runs), never a crash.
    applyCustomization({ ...customisation(), revision: 9, fields: customisation().fields.filter((f) => f.key !== 'c_budget') });
    assert.is(compileRule(rule).broken?.code, 'rule-unknown-field');
    const broken = runRules('customRecord', undefined, doc({ c_phase: 'design' }), [compileRule(rule)], actor);
    assert.is(broken.failures.length, 1);
    assert.is(broken.refused, null);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test("SQL Server: an advanced search on a custom entity compiles to its rows' key and JSON values, in the caller's territories", async () => {
  applyCustomization(customisation());
  try {
    const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[0]] : []));
    await store.groups.search('customRecord', { text: 'Pan', filters: {}, conditions: [{ field: 'c_budget', op: 'more-than', value: '100' }, { field: 'c_phase', op: 'equals', value: 'design' }] }, EU, { offset: 0, limit: 20 }, 'x_project');
    const [count] = statements(log);
    assert.ok(count, 'a statement');
    assert.match(count.sql, /\[customRecord\]\.\[territory_id\] in \(@par\d+\)/);
    assert.match(count.sql, /\[customRecord\]\.\[entity_key\] = @par\d+/);
    assert.match(count.sql, /\[customRecord\]\.\[name\] like @par\d+ escape/, 'the text in its own search fields');
    assert.match(count.sql, /try_cast\(json_value\(\[customRecord\]\.\[custom_values\], '\$\.c_budget'\) as float\) > @par\d+/);
    assert.match(count.sql, /coalesce\(json_value\(\[customRecord\]\.\[custom_values\], '\$\.c_phase'\), ''\) = @par\d+/);
    assert.ok(count.params.includes('x_project') && count.params.includes(100) && count.params.includes('design'), JSON.stringify(count.params));
    // Only checked keys ever reach the SQL text: the values are parameters.
    assert.not.ok(count.sql.includes('design') || count.sql.includes('Pan'));
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
