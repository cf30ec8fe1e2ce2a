// A record of a custom entity this device is about to keep, saved before the device has reopened with its collection
// (#24's weak point): a clear issue with a stable code, nothing written, no exception.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase } from '../../pwa/db/database.ts';
import { MemoryKeyValue, PendingChanges } from '../../pwa/db/pending.ts';
import { RecordRepository } from '../../pwa/db/repository.ts';
import { applyCustomization, checkNewEntity, EMPTY_CUSTOMIZATION, type EntityName } from '../../shared/entities/index.ts';
import { FIELD_CODES } from '../../shared/errors.ts';
import type { AnyRecord } from '../../shared/entities/index.ts';

test('before the reopen, save, update and restore answer "device reopening"; remove does nothing; nothing is written', async () => {
  applyCustomization(EMPTY_CUSTOMIZATION);
  const db = await openDatabase({ name: `reopen${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false });
  const pending = new PendingChanges(new MemoryKeyValue(), 'reopen');
  try {
    const site = checkNewEntity({ code: 'site', label: { en: 'Site', fr: 'Site' }, parent: 'none', offline: true }, EMPTY_CUSTOMIZATION);
    if ('issues' in site) throw new Error(JSON.stringify(site.issues));
    // The device has just learnt of an entity kept on devices: its database has no custom records' collection yet.
    applyCustomization({ revision: 1, entities: [site.spec], fields: [] });
    assert.is(db.collections.customRecord, undefined);
    const repo = new RecordRepository(db, pending, { userId: 'u-sales', territoryId: 't-eu' });
    const entity = 'x_site' as EntityName;
    const record = { id: 's1', territoryId: 't-eu', name: 'Depot' } as unknown as AnyRecord;
    const expected = { ok: false, issues: [{ field: '', code: FIELD_CODES.DEVICE_REOPENING }] };
    assert.equal(await repo.save(entity, record), expected);
    assert.equal(await repo.update(entity, 's1', { name: 'Depot 2' }), expected);
    assert.equal(await repo.restore(entity, record), expected);
    await repo.remove(entity, 's1');
    assert.is(pending.count, 0, 'nothing waits to be sent');
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
    await db.close();
  }
});

test.run();
