// The RxDB schema derived for every entity meets RxDB's and Dexie's rules, and opens in a real RxDB with dev-mode checks.
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, REPLICATED } from '../../shared/entities/index.ts';
import { rxSchemaOf } from '../../pwa/db/schemas.ts';
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

test('every field of the metadata is in the schema, and nothing else', () => {
  for (const e of REPLICATED) {
    const s = rxSchemaOf(entityDef(e)) as unknown as { properties: Record<string, unknown> };
    assert.equal(Object.keys(s.properties).sort(), ['id', 'territoryId', 'updatedAt', 'updatedBy', ...Object.keys(entityDef(e).fields)].sort(), e);
  }
});

test('RxDB dev-mode accepts every schema and a full record of every entity validates', async () => {
  addRxPlugin(RxDBDevModePlugin);
  const db = await createRxDatabase({ name: `schemacheck${Date.now()}`, storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }), multiInstance: false });
  const spec: Record<string, { schema: ReturnType<typeof rxSchemaOf> }> = {};
  for (const e of REPLICATED) spec[e] = { schema: rxSchemaOf(entityDef(e)) };
  await db.addCollections(spec);
  for (const e of REPLICATED) {
    const doc = { ...(makeDoc(e) as Record<string, unknown>) };
    delete doc._deleted;
    await db.collections[e]!.insert(doc);
    assert.is(await db.collections[e]!.count().exec(), 1);
  }
  await db.close();
});

test.run();
