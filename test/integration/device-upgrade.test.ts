// Issue #20, upgrades on the device: a phone still on the previous release holds changes it has not sent; the new
// release opens its database at the next schema version (RxDB migrates the stored documents) and those changes still
// go up, once, with nothing else claimed as changed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RxJsonSchema } from 'rxdb';
import { MemoryKeyValue } from '../../pwa/db/pending.ts';
import { rxSchemaOf, SCHEMA_VERSION } from '../../pwa/db/schemas.ts';
import { entityDef, type AnyRecord } from '../../shared/entities/index.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { signIn, startServer } from '../helpers/server.ts';

/** The communication schema of the release before: one version lower, without the wall times added since (decision 0016). */
function previousCommunicationSchema(): RxJsonSchema<AnyRecord> {
  const now = rxSchemaOf(entityDef('communication')) as unknown as Record<string, unknown>;
  const added = ['localStart', 'localEnd'];
  const properties = { ...(now.properties as Record<string, unknown>) };
  for (const k of added) delete properties[k];
  return {
    ...now,
    version: SCHEMA_VERSION - 1,
    properties,
    required: (now.required as string[]).filter((k) => !added.includes(k)),
    indexes: ((now.indexes as (string | string[])[] | undefined) ?? []).filter((i) => !added.some((k) => (Array.isArray(i) ? i.includes(k) : i === k))),
  } as unknown as RxJsonSchema<AnyRecord>;
}

test('changes waiting on a device of the previous release go up after its database migrates to the new schema', async () => {
  const server = await startServer({ companies: 2 });
  const token = await signIn(server.url, 'sales');
  const keyValue = new MemoryKeyValue();
  const instance = `-upgrade-${Date.now()}`;
  const old = await openDevice(server.url, token, { userId: 'u-sales', instance, keyValue, schemaOf: (e) => (e === 'communication' ? previousCommunicationSchema() : undefined) });
  await old.engine.awaitInitial();
  await old.engine.awaitInSync();
  assert.is(old.db.collections.communication.schema.version, SCHEMA_VERSION - 1);

  // On the old release: a communication and a company, synced; then, offline, both edited and a note written.
  const company = (await old.db.collections.company.find().exec())[0]!.toJSON() as unknown as AnyRecord & { id: string; territoryId: string };
  const made = await old.repo.save('communication', { ...old.repo.blank('communication'), id: 'm-upgrade-1', subject: 'Visit before the upgrade', territoryId: company.territoryId, companyId: company.id, startsAt: '2026-12-10T09:00:00.000Z', endsAt: '2026-12-10T10:00:00.000Z', timeZone: 'Europe/Paris' } as AnyRecord);
  assert.ok(made.ok, JSON.stringify(made));
  await old.engine.awaitInSync();
  await waitFor('the communication on the server', async () => (await server.store.getByIds('communication', ['m-upgrade-1'])).length === 1, 10_000);
  old.online = false;
  assert.ok((await old.repo.update('communication', 'm-upgrade-1', { subject: 'Visit, written offline' })).ok);
  assert.ok((await old.repo.update('company', company.id, { website: 'https://written-offline.example' })).ok);
  assert.ok((await old.repo.save('note', { ...old.repo.blank('note'), id: 'n-upgrade-1', parentType: 'company', parentId: company.id, text: 'Written offline, before the upgrade', territoryId: company.territoryId } as AnyRecord)).ok);
  assert.ok(old.pending.count >= 3, `waiting: ${old.pending.count}`);
  await old.close();

  // The new release opens the same database: the communication collection migrates; the changes still wait, then go up.
  const upgraded = await openDevice(server.url, token, { userId: 'u-sales', instance, keyValue });
  assert.is(upgraded.db.collections.communication.schema.version, SCHEMA_VERSION);
  const migrated = await upgraded.repo.get('communication', 'm-upgrade-1');
  assert.is(migrated?.subject, 'Visit, written offline', 'the offline edit survived the migration on the device');
  assert.ok(upgraded.pending.count >= 3, `still waiting after the upgrade: ${upgraded.pending.count}`);
  await upgraded.engine.awaitInSync();
  await waitFor(
    'the offline edits on the server',
    async () => {
      const [m] = await server.store.getByIds('communication', ['m-upgrade-1']);
      const [c] = await server.store.getByIds('company', [company.id]);
      const [n] = await server.store.getByIds('note', ['n-upgrade-1']);
      return m?.subject === 'Visit, written offline' && c?.website === 'https://written-offline.example' && n?.text === 'Written offline, before the upgrade';
    },
    15_000,
  );
  await waitFor('nothing left waiting', () => upgraded.pending.count === 0, 10_000);
  // Nothing else was claimed as changed: no conflict or refused change was kept for the user.
  const kept = (await server.store.pull('conflict', 0, 100, { kind: 'owner', ownerId: 'u-sales' })).documents;
  assert.equal(kept.map((k) => `${String(k.kind)} ${String(k.recordId)} ${String(k.field ?? '')}`), []);
  await upgraded.close();
  await server.close();
});

test.run();
