// The server on the shipped zone rules: /api/version says which, and a rules change moves stored instants, keeping
// booked wall times (issue 17). The store is the real SQLite one; the "old" server is the same code on IANA 2026b.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS, type VersionInfo } from '../../shared/api.ts';
import { MIN_TZDATA, olderRelease } from '../../shared/time/zone-rules.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { recomputeWallClockInstants, SYSTEM_USER } from '../../sync-server/time/recompute.ts';
import { makeDoc } from '../helpers/docs.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { staleRules, zoneRules } from '../helpers/zones.ts';

const t = suite<{ server: TestServer }>('zone rules on the server', { server: undefined as unknown as TestServer });
t.before(async (ctx) => {
  ctx.server = await startServer();
});
t.after(async (ctx) => {
  await ctx.server.close();
});

t('GET /api/version reports the server\'s tzdata release (2026c or later)', async ({ server }) => {
  const v = (await (await fetch(`${server.url}${API_PATHS.version}`)).json()) as VersionInfo;
  assert.is(v.tzdata, zoneRules.version);
  assert.ok(!olderRelease(v.tzdata, MIN_TZDATA), v.tzdata);
});

t('a server update to new rules: future instants move to the booked wall time, past ones stay, devices pull the change', async ({ server }) => {
  const NOW = new Date('2026-12-04T12:00:00Z');
  const appt = (id: string, zone: string, localStart: string, localEnd: string, startsAt: string, endsAt: string): WireDoc =>
    makeDoc('communication', { id, subject: id, kind: 'appointment', territoryId: 't-af', ownerId: 'u-marketing', timeZone: zone, localStart, localEnd, startsAt, endsAt, updatedAt: '2026-08-01T00:00:00.000Z' });
  // As a server on 2026b wrote them: Casablanca +01 after September 2026, Edmonton on MST in winter.
  await server.store.insertMany('communication', [
    appt('casa-june', 'Africa/Casablanca', '2027-06-15T09:00', '2027-06-15T10:00', '2027-06-15T08:00:00.000Z', '2027-06-15T09:00:00.000Z'),
    appt('edm-jan', 'America/Edmonton', '2027-01-14T09:00', '2027-01-14T10:00', '2027-01-14T16:00:00.000Z', '2027-01-14T17:00:00.000Z'),
    appt('den-fall', 'America/Denver', '2027-11-07T09:00', '2027-11-07T10:00', '2027-11-07T16:00:00.000Z', '2027-11-07T17:00:00.000Z'),
    // A row from before wall times were kept: its wall time is read from its instant (nothing to move).
    appt('old-row', 'Europe/Paris', '', '', '2027-03-01T08:00:00.000Z', '2027-03-01T09:00:00.000Z'),
    // In the past: it happened at its instant.
    appt('casa-past', 'Africa/Casablanca', '2026-10-01T09:00', '2026-10-01T10:00', '2026-10-01T08:00:00.000Z', '2026-10-01T09:00:00.000Z'),
  ]);
  // The old server at start: nothing to change (its rules gave those instants).
  const onOld = await recomputeWallClockInstants(server.store, staleRules(), NOW);
  assert.is(onOld.changed, 1, 'only the old row, which gains its wall time');
  const before = await server.store.pull('communication', 0, 1000, { kind: 'everyone' });

  // The server restarts on the shipped rules.
  const out = await recomputeWallClockInstants(server.store, zoneRules, NOW);
  assert.is(out.changed, 2, 'Casablanca in June and Edmonton in January');
  const byId = new Map((await server.store.getByIds('communication', ['casa-june', 'edm-jan', 'den-fall', 'old-row', 'casa-past'])).map((d) => [d.id, d as unknown as Record<string, unknown>]));
  const row = (id: string) => byId.get(id)!;
  assert.equal([row('casa-june').startsAt, row('casa-june').endsAt, row('casa-june').localStart], ['2027-06-15T09:00:00.000Z', '2027-06-15T10:00:00.000Z', '2027-06-15T09:00']);
  assert.equal([row('edm-jan').startsAt, row('edm-jan').localStart], ['2027-01-14T15:00:00.000Z', '2027-01-14T09:00']);
  assert.is(row('den-fall').startsAt, '2027-11-07T16:00:00.000Z', 'Denver did not change');
  assert.equal([row('old-row').startsAt, row('old-row').localStart], ['2027-03-01T08:00:00.000Z', '2027-03-01T09:00']);
  assert.is(row('casa-past').startsAt, '2026-10-01T08:00:00.000Z', 'the past keeps its instants');
  assert.is(row('casa-june').updatedBy, SYSTEM_USER);

  // Devices pull the rewritten records after their checkpoint.
  const after = await server.store.pull('communication', before.lastSeq, 1000, { kind: 'everyone' });
  assert.equal(after.documents.map((d) => d.id).sort(), ['casa-june', 'edm-jan']);

  // Idempotent: the same rules again change nothing.
  assert.is((await recomputeWallClockInstants(server.store, zoneRules, NOW)).changed, 0);
});

t.run();
