// Custom entities as data (docs/decisions/0050): definitions checked, the declaration screens and the REST API see,
// their records' rights taken from the entity, their custom values packed per row by its entity key, captions in both
// languages, and the screens' tabs and relations that include them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, checkEntityChange, checkNewEntity, checkNewField, customEntityDef, EMPTY_CUSTOMIZATION, entityDef, offlineEntityKeys, parseCustomization, replicatedCollections, REPLICATED, storedDefOf, type Customization, type EntityName } from '../../shared/entities/index.ts';
import { relationsOf } from '../../shared/entities/relations.ts';
import { customRecordMigrations, customRecordSchema } from '../../pwa/db/schemas.ts';
import '../../shared/i18n/custom-texts.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { lookup } from '../../shared/i18n/messages.ts';
import { mainGroup, recordTabs } from '../../shared/screens.ts';
import { can, rightsEntity, scopeKey } from '../../shared/security.ts';
import { validateRecord } from '../../shared/validation.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { fromRow, planOf, toRow } from '../../sync-server/db/columns.ts';

const PROJECT = { code: 'project', label: { en: 'Project', fr: 'Projet' }, plural: { en: 'Projects', fr: 'Projets' }, parent: 'company', territory: 'parent' };

function withProject(): Customization {
  const e = checkNewEntity(PROJECT, EMPTY_CUSTOMIZATION);
  if ('issues' in e) throw new Error(JSON.stringify(e.issues));
  let c: Customization = { revision: 1, fields: [], entities: [e.spec] };
  const f = checkNewField({ entity: 'x_project', code: 'budget', kind: 'amount', label: { en: 'Budget', fr: 'Budget' }, required: true, screens: { form: true, list: true, search: false } }, c);
  if ('issues' in f) throw new Error(JSON.stringify(f.issues));
  c = { ...c, revision: 2, fields: [f.spec] };
  return c;
}

test('a definition is checked; hostile input gets issues, never an exception', () => {
  const ok = checkNewEntity(PROJECT, EMPTY_CUSTOMIZATION);
  assert.ok('spec' in ok && ok.spec.key === 'x_project' && ok.spec.territory === 'parent');
  const none = checkNewEntity({ code: 'contract', label: { en: 'Contract', fr: 'Contrat' }, parent: 'none' }, EMPTY_CUSTOMIZATION);
  assert.ok('spec' in none && none.spec.territory === 'own' && none.spec.plural.fr === 'Contrat', 'own territory and the label as plural by default');
  const bad: unknown[] = [null, 1, [], {}, { code: 'A b', label: { en: 'x', fr: 'y' } }, { code: 'ok_ok', label: 'x' }, { code: 'ok_ok', label: { en: 'x', fr: 'y' }, parent: 'lead' }, { code: 'ok_ok', label: { en: 'x', fr: 'y' }, parent: 'none', territory: 'parent' }, { code: 'x'.repeat(40), label: { en: 'x', fr: 'y' } }];
  for (const b of bad) assert.ok('issues' in checkNewEntity(b, EMPTY_CUSTOMIZATION), JSON.stringify(b));
  const twice = checkNewEntity(PROJECT, withProject());
  assert.ok('issues' in twice && twice.issues.some((i) => i.code === 'name-taken'));
  // Only the labels change afterwards.
  const changed = checkEntityChange({ label: { en: 'Job', fr: 'Chantier' }, parent: 'none', key: 'x_other' }, withProject().entities![0]!);
  assert.ok('spec' in changed && changed.spec.key === 'x_project' && changed.spec.parent === 'company' && changed.spec.label.fr === 'Chantier');
});

test('the declaration every consumer sees: name, parent (required when it gives the territory), custom fields, owner', () => {
  applyCustomization(withProject());
  try {
    const def = customEntityDef('x_project')!;
    assert.equal(def.formFields, ['name', 'companyId', 'c_budget', 'ownerId', 'details']);
    assert.equal(def.listFields, ['name', 'companyId', 'c_budget', 'ownerId']);
    assert.is(def.territoryFrom, 'companyId');
    assert.is(def.online, true);
    assert.ok(def.fields.companyId?.required && def.fields.c_budget?.required);
    assert.is(entityDef('x_project' as EntityName), def, 'entityDef falls back to it');
    assert.is(customEntityDef('x_nothing'), undefined);
    assert.is(customEntityDef('company'), undefined);
    const issues = validateRecord(def, { id: 'r1', territoryId: 't', updatedAt: '', updatedBy: '', name: '', companyId: '', ownerId: '', details: '', c_budget: null });
    assert.equal(issues.map((i) => i.field).sort(), ['c_budget', 'companyId', 'name']);
    // Captions in both languages, for the navigation and the screens.
    assert.is(lookup(en, 'nav.x_project'), 'Projects');
    assert.is(lookup(fr, 'entity.x_project'), 'Projet');
    assert.is(lookup(fr, 'field.x_project.c_budget'), 'Budget');
    // Screens: a navigation tab, a tab on the parent company, the record's communications.
    assert.ok(mainGroup().tabs.some((x) => x.target === 'list:x_project'));
    assert.ok(recordTabs('company').tabs.some((x) => x.target === 'related:x_project'));
    assert.ok(recordTabs('x_project').tabs.some((x) => x.target === 'related:communication'));
    assert.ok(relationsOf('company').some((r) => r.entity === ('x_project' as EntityName) && r.field === 'companyId'));
    assert.equal(relationsOf('x_project'), [{ entity: 'communication', field: 'regardingId' }]);
    assert.equal(relationsOf('lead'), [{ entity: 'note', field: 'parentId', prefill: { parentType: 'lead' } }]);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test('a custom record is guarded by its entity’s rights, never customRecord’s', () => {
  const rights = { x_project: { view: ['t-eu'], insert: ['t-eu'], edit: [], delete: [] } };
  const rec = { entityKey: 'x_project', territoryId: 't-eu' };
  assert.is(rightsEntity('customRecord', rec), 'x_project');
  assert.is(rightsEntity('customRecord', { entityKey: '' }), 'customRecord');
  assert.is(rightsEntity('company', rec), 'company');
  assert.ok(can(rights, 'view', rightsEntity('customRecord', rec), 't-eu'));
  assert.not.ok(can(rights, 'view', 'customRecord', 't-eu'));
});

test('custom values are packed by each row’s own entity key, and a stored customisation is read back safely', () => {
  applyCustomization(withProject());
  try {
    const doc = { id: 'r1', territoryId: 't', updatedAt: '', updatedBy: '', _deleted: false, entityKey: 'x_project', name: 'A', companyId: 'c1', personId: '', ownerId: '', details: '', c_budget: 1500, c_stray: 'x' } as unknown as WireDoc;
    const row = toRow(planOf('customRecord'), doc);
    assert.equal(JSON.parse(String(row.custom)), { c_budget: 1500 });
    assert.is((fromRow(planOf('customRecord'), row) as unknown as Record<string, unknown>).c_budget, 1500);
    const other = toRow(planOf('customRecord'), { ...doc, entityKey: 'x_other' } as WireDoc);
    assert.equal(JSON.parse(String(other.custom)), {}, 'an unknown entity keeps no values');
    const raw = JSON.stringify({ ...withProject(), entities: [...withProject().entities!, { key: 'bad key' }, { key: 'x_ok', label: {}, plural: {}, parent: 'lead', territory: 'own' }] });
    assert.equal(parseCustomization(raw).entities!.map((e) => e.key), ['x_project']);
    assert.equal(parseCustomization(raw).fields.map((f) => f.key), ['c_budget']);
    assert.equal(parseCustomization(JSON.stringify({ revision: 3, fields: [{ entity: 'x_gone', key: 'c_a' }] })).fields, [], 'fields of an entity that does not exist are dropped');
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();

test('kept on devices (0057): the option, the one collection only when needed, each record with its own fields', () => {
  const site = checkNewEntity({ code: 'site', label: { en: 'Site', fr: 'Site' }, parent: 'company', offline: true }, EMPTY_CUSTOMIZATION);
  if ('issues' in site) throw new Error(JSON.stringify(site.issues));
  assert.is(site.spec.offline, true);
  assert.ok('issues' in checkNewEntity({ code: 'site', label: { en: 'Site', fr: 'Site' }, offline: 'yes' }, EMPTY_CUSTOMIZATION));
  // Fixed once made: the same value passes, another is an issue on `offline`.
  assert.ok('spec' in checkEntityChange({ offline: true }, site.spec));
  const changed = checkEntityChange({ offline: false }, site.spec);
  assert.ok('issues' in changed && changed.issues.some((i) => i.field === 'offline'));

  // Online-only entities add no collection; the first offline one adds customRecord, after the built-in ones.
  applyCustomization(withProject());
  assert.equal(replicatedCollections(), REPLICATED);
  assert.is(customEntityDef('x_project')!.online, true);
  const base = withProject();
  const floors = { entity: 'x_site', key: 'c_floors', kind: 'number' as const, label: { en: 'Floors', fr: 'Étages' }, required: false, screens: { form: true, list: true, search: false }, hidden: false };
  // The same key on the online project as an amount: never part of a site's record.
  const c: Customization = { revision: 3, entities: [...(base.entities ?? []), site.spec], fields: [...base.fields, floors as never] };
  applyCustomization(c);
  assert.equal(replicatedCollections(), [...REPLICATED, 'customRecord']);
  assert.equal(offlineEntityKeys(), ['x_site']);
  assert.is(customEntityDef('x_site')!.online, false);
  const stored = storedDefOf('customRecord', { entityKey: 'x_site' });
  assert.ok('c_floors' in stored.fields && 'entityKey' in stored.fields && 'personId' in stored.fields);
  assert.not.ok('c_budget' in stored.fields, "another entity's custom field is not a site's");
  assert.ok('c_budget' in storedDefOf('customRecord', { entityKey: 'x_project' }).fields);
  assert.is(storedDefOf('company', {}), entityDef('company'));
  // The scope fingerprint of the custom records' collection is its own: the built-in collections' does not move.
  const rights = { company: { view: ['t-eu'], insert: [], edit: [], delete: [] }, x_site: { view: ['t-eu'], insert: [], edit: [], delete: [] } };
  const more = { ...rights, x_site: { view: ['t-eu', 't-na'], insert: [], edit: [], delete: [] } };
  assert.is(scopeKey(rights), scopeKey(more));
  assert.is.not(scopeKey(rights, 'customRecord'), scopeKey(more, 'customRecord'));
  applyCustomization(EMPTY_CUSTOMIZATION);
});

test('the device schema of custom records: every offline entity’s fields, optional; one key of two kinds takes either', () => {
  const make = (code: string) => {
    const r = checkNewEntity({ code, label: { en: code, fr: code }, parent: 'none', offline: true }, EMPTY_CUSTOMIZATION);
    if ('issues' in r) throw new Error(JSON.stringify(r.issues));
    return r.spec;
  };
  const field = (entity: string, kind: 'number' | 'text') => ({ entity, key: 'c_level', kind, label: { en: 'Level', fr: 'Niveau' }, required: false, screens: { form: true, list: false, search: false }, hidden: false });
  applyCustomization({ revision: 5, entities: [make('site'), make('depot')], fields: [field('x_site', 'number'), field('x_depot', 'text')] as never });
  const schema = customRecordSchema() as unknown as { properties: Record<string, { type?: unknown; maxLength?: number }>; required: string[]; version: number };
  assert.ok(schema.required.includes('entityKey') && !schema.required.includes('c_level'), 'custom fields are optional');
  assert.equal([...(schema.properties.c_level!.type as string[])].sort(), ['null', 'number', 'string']);
  assert.is(schema.properties.c_level!.maxLength, 255);
  // The migration step keeps a record's own entity's fields and drops anything else.
  const step = customRecordMigrations()[schema.version]!;
  const doc = step({ id: 'a', territoryId: 't', updatedAt: '', updatedBy: '', entityKey: 'x_site', name: 'A', c_gone: 1 });
  assert.is(doc.c_level, null, 'its own field, filled empty');
  assert.not.ok('c_gone' in doc);
  assert.is(doc.companyId, '');
  applyCustomization(EMPTY_CUSTOMIZATION);
});
