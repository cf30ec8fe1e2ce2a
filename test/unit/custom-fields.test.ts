// Custom fields as data (shared/entities/custom.ts): definitions checked, turned into ordinary fields, merged into the
// registry, captions in both languages; the admin form's option lines; SQL for a custom field in both dialects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, checkFieldChange, checkNewField, customField, EMPTY_CUSTOMIZATION, entities, entityDef, parseCustomization, type Customization, type CustomFieldSpec } from '../../shared/entities/index.ts';
import '../../shared/i18n/custom-texts.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { lookup } from '../../shared/i18n/messages.ts';
import { validateRecord } from '../../shared/validation.ts';
import { blankRecord } from '../../shared/records.ts';
import { parseOptions } from '../../pwa/features/admin/custom-field-form.ts';
import { columnPlan, fromRow, toRow } from '../../sync-server/db/columns.ts';
import type { WireDoc } from '../../shared/sync.ts';

const RATING = { entity: 'company', code: 'rating', kind: 'select', label: { en: 'Rating', fr: 'Note' }, required: false, options: [{ value: 'gold', en: 'Gold', fr: 'Or' }], screens: { form: true, list: true, search: false } };

function added(...bodies: unknown[]): Customization {
  let c: Customization = EMPTY_CUSTOMIZATION;
  for (const b of bodies) {
    const r = checkNewField(b, c);
    if ('issues' in r) throw new Error(JSON.stringify(r.issues));
    c = { revision: c.revision + 1, fields: [...c.fields, r.spec] };
  }
  return c;
}

test('a definition is checked: codes, kinds, labels, options, targets; every issue has a path and a field code', () => {
  const ok = checkNewField(RATING, EMPTY_CUSTOMIZATION);
  assert.ok('spec' in ok);
  if ('spec' in ok) assert.is(ok.spec.key, 'c_rating');
  const issues = (body: unknown, c: Customization = EMPTY_CUSTOMIZATION) => {
    const r = checkNewField(body, c);
    return 'issues' in r ? r.issues.map((i) => `${i.field}:${i.code}`) : [];
  };
  assert.equal(issues({ ...RATING, code: 'Rating' }), ['code:bad-code']);
  assert.equal(issues({ ...RATING, code: '' }), ['code:required']);
  assert.equal(issues({ ...RATING, entity: 'users' }), ['entity:not-in-list']);
  assert.equal(issues({ ...RATING, kind: 'emails' }), ['kind:not-in-list']);
  assert.equal(issues({ ...RATING, label: { en: ' ', fr: 'x'.repeat(81) } }), ['label.en:required', 'label.fr:too-long']);
  assert.equal(issues({ ...RATING, options: [{ value: 'a b', en: 'x', fr: 'y' }, { value: 'ok', en: 'x', fr: 'y' }, { value: 'ok', en: 'x', fr: 'y' }] }), ['options.0.value:bad-option', 'options.2.value:duplicate-option']);
  assert.equal(issues({ ...RATING, kind: 'ref', to: 'users' }), ['to:not-in-list']);
  assert.equal(issues(RATING, added(RATING)), ['code:name-taken']);
  assert.equal(issues(null).sort(), ['code:required', 'entity:not-in-list', 'kind:not-in-list', 'label:required', 'label.en:required', 'label.fr:required'].sort());
});

test('a change keeps stored values valid: options are added or relabelled, never taken away', () => {
  const spec = added(RATING).fields[0]!;
  const more = checkFieldChange({ options: [{ value: 'gold', en: 'Golden', fr: 'Doré' }, { value: 'silver', en: 'Silver', fr: 'Argent' }], hidden: true }, spec);
  assert.ok('spec' in more && more.spec.hidden && more.spec.options?.length === 2);
  const fewer = checkFieldChange({ options: [{ value: 'silver', en: 'Silver', fr: 'Argent' }] }, spec);
  assert.ok('issues' in fewer);
});

test('custom fields join the registry: fields, screens, validation, captions in English and French', () => {
  const c = added(RATING, { entity: 'company', code: 'headcount', kind: 'number', label: { en: 'Headcount', fr: 'Effectif' }, required: true, screens: { form: true, list: false, search: false } });
  applyCustomization(c);
  try {
    const def = entityDef('company');
    assert.ok('c_rating' in def.fields && 'c_headcount' in def.fields);
    assert.is(entities.company.fields.name.kind, 'text', 'the built-in declaration is untouched');
    assert.not.ok('c_rating' in entities.company.fields);
    assert.ok(def.listFields.includes('c_rating') && !def.listFields.includes('c_headcount'));
    assert.ok(def.formFields.includes('c_headcount'));
    const record = { ...blankRecord(def, 'c1', 't-eu'), name: 'Panoply' } as Record<string, unknown>;
    assert.equal(validateRecord(def, record).map((i) => `${i.field}:${i.code}`), ['c_headcount:required']);
    assert.equal(validateRecord(def, { ...record, c_headcount: 12, c_rating: 'platinum' }).map((i) => `${i.field}:${i.code}`), ['c_rating:not-in-list']);
    assert.is(lookup(en, 'field.company.c_rating'), 'Rating');
    assert.is(lookup(fr, 'field.company.c_rating'), 'Note');
    assert.is(lookup(fr, 'option.gold'), 'Or');
    // Hidden: off every screen, still declared (its values are kept and synced).
    applyCustomization({ revision: c.revision + 1, fields: c.fields.map((f) => (f.key === 'c_rating' ? { ...f, hidden: true } : f)) });
    assert.not.ok(entityDef('company').listFields.includes('c_rating'));
    assert.ok('c_rating' in entityDef('company').fields);
    // A required field that is hidden (or off the entry screen) cannot be typed: it does not block a save.
    applyCustomization({ revision: c.revision + 2, fields: c.fields.map((f) => (f.key === 'c_headcount' ? { ...f, hidden: true } : f)) });
    assert.equal(validateRecord(entityDef('company'), record), []);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
  assert.not.ok('c_rating' in entityDef('company').fields);
});

test('stored: custom values go into one JSON column and come back flat; purged fields are not read back', () => {
  applyCustomization(added(RATING));
  try {
    const plan = columnPlan(entities.company as never);
    assert.equal(plan.filter((p) => p.kind === 'custom').map((p) => p.column), ['custom_values']);
    const doc = { ...blankRecord(entityDef('company'), 'c1', 't-eu'), name: 'Panoply', c_rating: 'gold', _deleted: false } as unknown as WireDoc;
    const row = toRow(plan, doc);
    assert.is(row.custom, '{"c_rating":"gold"}');
    assert.is((fromRow(plan, row) as unknown as Record<string, unknown>).c_rating, 'gold');
    applyCustomization(EMPTY_CUSTOMIZATION);
    assert.is((fromRow(plan, row) as unknown as Record<string, unknown>).c_rating, undefined);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test('a stored customisation that is not one reads as none; a select field offers empty first unless required', () => {
  assert.equal(parseCustomization('{nope'), EMPTY_CUSTOMIZATION);
  assert.equal(parseCustomization(JSON.stringify({ revision: 3, fields: [{ key: 'name', entity: 'company' }, { key: 'c_ok', entity: 'company' }] })).fields.map((f) => f.key), ['c_ok']);
  const spec = added(RATING).fields[0] as CustomFieldSpec;
  const f = customField(spec);
  assert.ok(f.kind === 'select' && f.options[0] === '' && f.default === '');
  const req = customField({ ...spec, required: true });
  assert.ok(req.kind === 'select' && req.options[0] === 'gold' && req.default === 'gold');
});

test('option lines: value | English | French, a lone word for all three', () => {
  assert.equal(parseOptions('gold | Gold | Or\n\nsilver|Silver\nbronze'), [
    { value: 'gold', en: 'Gold', fr: 'Or' },
    { value: 'silver', en: 'Silver', fr: 'Silver' },
    { value: 'bronze', en: 'bronze', fr: 'bronze' },
  ]);
});

test.run();
