// Two instances' change feeds on one database, on every store: SQLite always, SQL Server when MSSQL_URL names a
// database (CI, .github/workflows/sqlserver.yml). Both start at once under the start-up lock.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StreamEvent } from '../../shared/sync.ts';
import type { SyncStore } from '../../sync-server/db/store.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { ChangeBus } from '../../sync-server/events.ts';
import { ChangeFeed } from '../../sync-server/feed/change-feed.ts';
import { Metrics } from '../../sync-server/ops/metrics.ts';
import { startUp, STARTUP_KEYS } from '../../sync-server/ops/startup.ts';
import { waitFor } from '../helpers/client.ts';
import { makeDoc } from '../helpers/docs.ts';

async function twoInstances(name: string, open: () => Promise<SyncStore>, cleanup: () => void): Promise<void> {
  const [a, b] = [await open(), await open()];
  const key = randomBytes(32);
  await Promise.all([a, b].map((s) => startUp(s, { version: '0.1.0', secretKey: key, keySource: 'FIELDCRM_SECRET_KEY' })));
  assert.is(await a.getServerSetting(STARTUP_KEYS.release), '0.1.0', name);
  const [busA, busB] = [new ChangeBus(), new ChangeBus()];
  const metrics = new Metrics();
  metrics.watchPool(() => b.poolStats());
  const feeds = [new ChangeFeed(a, busA, { minMs: 20, maxMs: 100 }), new ChangeFeed(b, busB, { minMs: 20, maxMs: 100, metrics })];
  for (const f of feeds) await f.start();
  const heard: StreamEvent[] = [];
  busB.subscribe((e) => heard.push(e));
  let revoked = 0;
  busB.onRevoke('u-feed', () => revoked++);
  try {
    const id = `c-feed-${Date.now().toString(36)}`;
    await a.insertMany('company', [makeDoc('company', { id })]);
    const [seq] = (await b.pull('company', 0, 100_000, { kind: 'everyone' })).seqs.slice(-1);
    await waitFor(`${name}: the write heard on B`, () => heard.find((e) => e.collection === 'company' && e.seq >= (seq ?? 1)), 1500);
    // The metrics: how late the change reached B (at most one interval here), and B's connections.
    const lag = Number(/^fieldcrm_change_feed_lag_seconds (\S+)$/m.exec(await metrics.registry.getSingleMetricAsString('fieldcrm_change_feed_lag_seconds'))?.[1]);
    assert.ok(lag > 0 && lag < 1, `${name}: lag ${lag}`);
    assert.match(await metrics.registry.getSingleMetricAsString('fieldcrm_db_pool_connections'), /fieldcrm_db_pool_connections\{state="size"\} [1-9]/);
    busA.publish({ collection: 'person', seq: 0 });
    await waitFor(`${name}: the nudge heard on B`, () => heard.find((e) => e.collection === 'person' && e.seq === 0), 1500);
    busA.revoke('u-feed');
    await waitFor(`${name}: the revocation acted on B`, () => revoked === 1, 1500);
  } finally {
    for (const f of feeds) await f.stop();
    await a.close();
    await b.close();
    cleanup();
  }
}

test('sqlite: two instances on one file hear each other through the change feed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-feed-'));
  await twoInstances('sqlite', async () => new SqliteStore(join(dir, 'f.db')), () => rmSync(dir, { recursive: true, force: true }));
});

const url = process.env.MSSQL_URL;
test(`mssql: two instances on one database hear each other through the change feed${url ? '' : ' (MSSQL_URL unset: NOT RUN)'}`, async () => {
  if (!url) return console.log('  change feed on SQL Server NOT RUN (MSSQL_URL unset)');
  const { MssqlStore } = await import('../../sync-server/db/mssql/store.ts');
  await twoInstances('mssql', async () => new MssqlStore(url), () => undefined);
});

test.run();
