// Kept conflicts read as a person would: names, not user ids; values as the record view shows them, never raw JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, checkNewEntity, checkNewField, EMPTY_CUSTOMIZATION, type ConflictRecord } from '../../shared/entities/index.ts';
import { describe, showValue, type Lookups } from '../../pwa/features/conflicts/describe.ts';
import { screenEntity } from '../../pwa/features/conflicts/settle.ts';
import '../../shared/i18n/custom-texts.ts';
import { loadLocale, setLocale } from '../../pwa/i18n/index.ts';
import { makeDoc } from '../helpers/docs.ts';

// French is loaded on demand in the PWA (pwa/i18n/index.ts).
test.before(() => loadLocale('fr'));

const look: Lookups = { personName: (id) => ({ 'u-manager': 'Dan Rivera' })[id] ?? id, territoryName: (id) => ({ 't-na': 'North America' })[id] ?? id, timeZone: 'UTC' };
const when = (iso: string): string => `at ${iso}`;
const conflict = (fields: Partial<ConflictRecord>): ConflictRecord => ({ ...(makeDoc('conflict', { ownerId: 'u-sales', recordId: 'c1', entity: 'company', happenedAt: '2026-12-04T10:00:00.000Z' }) as unknown as ConflictRecord), ...fields });
/** Every text a person reads in the rows. */
const texts = (rows: { mine?: unknown; theirs?: unknown }[]): string =>
  rows.flatMap((r) => [r.mine, r.theirs]).map((v) => (v && typeof v === 'object' && 'text' in v ? String(v.text) : '')).join(' | ');

test('a same-field conflict on phones names the winner and shows numbers with their type', () => {
  setLocale('en', false);
  const d = describe(conflict({ kind: 'conflict', field: 'phones', winnerBy: 'u-manager', mine: JSON.stringify([{ type: 'business', number: '+33 6 12 34 56 78' }]), theirs: JSON.stringify([{ type: 'mobile', number: '+1 303 555 0100' }]) }), look, when);
  assert.match(d.summary, 'Dan Rivera');
  assert.not.match(d.summary, 'u-manager');
  assert.equal(d.rows[0]!.mine, { text: '+33 6 12 34 56 78 (Business)' });
  assert.equal(d.rows[0]!.theirs, { text: '+1 303 555 0100 (Mobile)' });
});

test('a refused delete lists what changed since, territories and options by name', () => {
  const d = describe(conflict({ kind: 'delete', field: 'territoryId,type', winnerBy: 'u-manager', mine: JSON.stringify({ ...makeDoc('company', { id: 'c1', type: 'prospect' }), _deleted: true }), theirs: JSON.stringify({ territoryId: 't-na', type: 'customer' }) }), look, when);
  assert.match(d.summary, 'Dan Rivera had changed it');
  assert.equal(d.rows.map((r) => [r.label, r.theirs]), [['Territory', { text: 'North America' }], ['Type', { text: 'Customer' }]]);
  assert.not.match(texts(d.rows), /[[{"]|u-manager/);
});

test('an edit that met a deletion shows the changed fields; references stay references (titles come from the screen)', () => {
  const mine = { ...makeDoc('person', { id: 'p1', lastName: 'Martin', companyId: 'c9' }), _deleted: false };
  const d = describe(conflict({ entity: 'person', recordId: 'p1', kind: 'deleted', field: 'companyId', winnerBy: 'u-manager', mine: JSON.stringify(mine), theirs: JSON.stringify('2026-12-04T09:00:00.000Z') }), look, when);
  assert.match(d.summary, 'Dan Rivera deleted this record (at 2026-12-04T09:00:00.000Z)');
  assert.equal(d.rows.map((r) => r.mine), [{ ref: { entity: 'company', id: 'c9' } }]);
  assert.equal(showValue('communication', 'ownerId', 'u-manager', {}, look), { text: 'Dan Rivera' });
  assert.equal(showValue('note', 'parentId', 'p1', { parentType: 'person' }, look), { ref: { entity: 'person', id: 'p1' } });
});

test('in French too', () => {
  setLocale('fr', false);
  const d = describe(conflict({ kind: 'deleted', field: '', winnerBy: 'u-manager', mine: JSON.stringify({ ...makeDoc('company', { id: 'c1', name: 'Panoply' }), _deleted: false }), theirs: '""' }), look, when);
  assert.match(d.summary, 'Dan Rivera a supprimé cet enregistrement');
  assert.ok(d.rows.some((r) => r.label === 'Nom' || r.label === 'Raison sociale' || JSON.stringify(r.mine).includes('Panoply')));
  setLocale('en', false);
});

test('a same-field conflict of a custom record reads with its custom entity, named by the record on the device', () => {
  setLocale('en', false);
  const site = checkNewEntity({ code: 'site', label: { en: 'Site', fr: 'Site' }, parent: 'company', territory: 'parent', offline: true }, EMPTY_CUSTOMIZATION);
  if (!('spec' in site)) throw new Error(JSON.stringify(site.issues));
  const floors = checkNewField({ entity: 'x_site', code: 'floors', kind: 'number', label: { en: 'Floors', fr: 'Étages' }, screens: { form: true, list: true, search: false } }, { revision: 1, fields: [], entities: [site.spec] });
  if (!('spec' in floors)) throw new Error(JSON.stringify(floors.issues));
  applyCustomization({ revision: 2, fields: [floors.spec], entities: [site.spec] });
  try {
    const c = conflict({ entity: 'customRecord', recordId: 's1', kind: 'conflict', field: 'c_floors', winnerBy: 'u-manager', mine: '3', theirs: '5' });
    // The conflict keeps one value, not the record: the entity is told by the record on the device.
    assert.is(screenEntity(c), null);
    assert.is(screenEntity(c, 'x_site'), 'x_site');
    assert.is(screenEntity(c, 'x_gone'), null, 'a key no longer declared opens nothing');
    const d = describe(c, look, when, 'x_site');
    assert.match(d.summary, 'Floors');
    assert.equal(d.rows.map((r) => [r.label, r.mine, r.theirs]), [['Floors', { text: '3' }, { text: '5' }]]);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
