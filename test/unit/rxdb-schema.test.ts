// The RxDB schema derived for every entity meets RxDB's and Dexie's rules, and opens in a real RxDB with dev-mode checks.
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, REPLICATED } from '../../shared/entities/index.ts';
import { deviceIndexes, migrationStrategies, rxSchemaOf } from '../../pwa/db/schemas.ts';
import { RELATED } from '../../shared/entities/relations.ts';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { makeDoc } from '../helpers/docs.ts';

type Prop = { type?: string | string[]; maxLength?: number; minimum?: number; maximum?: number };

test('indexed fields are required and bounded (strings maxLength, numbers min/max)', () => {
  for (const e of REPLICATED) {
    const s = rxSchemaOf(entityDef(e)) as unknown as { properties: Record<string, Prop>; required: string[]; indexes: (string | string[])[]; primaryKey: string };
    const fields = [s.primaryKey, ...s.indexes.flat()];
    for (const f of fields) {
      const p = s.properties[f];
      assert.ok(p, `${e}.${f} exists`);
      assert.ok(s.required.includes(f), `${e}.${f} is required`);
      if (p!.type === 'string') assert.ok(typeof p!.maxLength === 'number' && p!.maxLength > 0, `${e}.${f} has maxLength`);
      else assert.ok(typeof p!.minimum === 'number' && typeof p!.maximum === 'number', `${e}.${f} is a bounded number`);
    }
  }
});

test('a device collection is indexed on its list order and the relations pointing at it, and on nothing no query reads', () => {
  for (const e of [...REPLICATED, 'customRecord' as const]) {
    const def = entityDef(e);
    const indexes = (rxSchemaOf(def) as unknown as { indexes: string[] }).indexes;
    assert.equal(indexes, deviceIndexes(def), e);
    if (def.sort) assert.ok(indexes.includes(def.sort.field), `${e} lists by ${def.sort.field}`);
    for (const rels of Object.values(RELATED)) for (const r of rels) if (r.entity === e) assert.ok(indexes.includes(r.field), `${e}.${r.field} (a related tab)`);
    assert.not.ok(indexes.includes('territoryId'), `${e}: no device query selects by territory`);
  }
  // The dashboard's queries, a custom entity's list and tabs.
  assert.ok(deviceIndexes(entityDef('company')).includes('updatedAt'));
  assert.ok(deviceIndexes(entityDef('person')).includes('updatedAt'));
  assert.ok(deviceIndexes(entityDef('communication')).includes('regardingId'));
  assert.equal(deviceIndexes(entityDef('customRecord')).filter((f) => ['entityKey', 'companyId', 'personId'].includes(f)).length, 3);
  // The first sync's biggest collections keep one index in two: a communication had eight of its own, now four.
  assert.equal(deviceIndexes(entityDef('communication')), ['startsAt', 'companyId', 'personId', 'regardingId']);
});

test('every field of the metadata is in the schema, and nothing else', () => {
  for (const e of REPLICATED) {
    const s = rxSchemaOf(entityDef(e)) as unknown as { properties: Record<string, unknown> };
    assert.equal(Object.keys(s.properties).sort(), ['id', 'territoryId', 'updatedAt', 'updatedBy', ...Object.keys(entityDef(e).fields)].sort(), e);
  }
});

test('RxDB dev-mode accepts every schema and a full record of every entity validates', async () => {
  addRxPlugin(RxDBDevModePlugin);
  addRxPlugin(RxDBMigrationSchemaPlugin);
  const db = await createRxDatabase({ name: `schemacheck${Date.now()}`, storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }), multiInstance: false });
  const spec: Record<string, { schema: ReturnType<typeof rxSchemaOf>; migrationStrategies: ReturnType<typeof migrationStrategies> }> = {};
  for (const e of REPLICATED) spec[e] = { schema: rxSchemaOf(entityDef(e)), migrationStrategies: migrationStrategies(entityDef(e)) };
  await db.addCollections(spec);
  for (const e of REPLICATED) {
    const doc = { ...(makeDoc(e) as Record<string, unknown>) };
    delete doc._deleted;
    await db.collections[e]!.insert(doc);
    assert.is(await db.collections[e]!.count().exec(), 1);
  }
  await db.close();
});

test('a device database of schema version 0 opens at the new version with its documents migrated', async () => {
  addRxPlugin(RxDBMigrationSchemaPlugin);
  // Dev-mode (on in this file) wants validated storage; the memory storage keeps data between the two opens.
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() });
  const name = `upgrade${Date.now()}`;
  const v0 = { ...(rxSchemaOf(entityDef('communication')) as unknown as Record<string, unknown>), version: 0 } as Record<string, unknown>;
  const props = { ...(v0.properties as Record<string, unknown>) };
  for (const k of ['ownerId', 'phone', 'email']) delete props[k];
  const old = { ...v0, properties: props, required: (v0.required as string[]).filter((k) => !['ownerId', 'phone', 'email'].includes(k)), indexes: (v0.indexes as string[]).filter((k) => k !== 'ownerId') };
  const db0 = await createRxDatabase({ name, storage, multiInstance: false });
  await db0.addCollections({ communication: { schema: old as never } });
  const doc = makeDoc('communication', { id: 'm1' }) as Record<string, unknown>;
  for (const k of ['_deleted', 'ownerId', 'phone', 'email']) delete doc[k];
  await db0.collections.communication!.insert(doc);
  await db0.close();

  const db1 = await createRxDatabase({ name, storage, multiInstance: false });
  await db1.addCollections({ communication: { schema: rxSchemaOf(entityDef('communication')), migrationStrategies: migrationStrategies(entityDef('communication')) } });
  const got = (await db1.collections.communication!.findOne('m1').exec())?.toJSON() as Record<string, unknown>;
  assert.equal([got.subject, got.ownerId, got.phone, got.email], [doc.subject, '', '', '']);
  await db1.close();
});

test.run();
