// Propagation across instances (issue #20): three server processes on one SQLite file; a write through one instance
// reaches light devices (live stream + pull) connected to the other two, through the database change feed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../../pwa/net/api.ts';
import { SYNC_PATHS, type PushResponse, type WireDoc } from '../../../shared/sync.ts';
import { freePort, ServerProcess } from '../../chaos/server-process.ts';
import { signIn } from '../../helpers/server.ts';
import { percentile, type Figure } from '../report.ts';
import { Follower } from './propagation.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const wall = (): number => performance.timeOrigin + performance.now();

export async function instanceFigures(s: { changes: number; followersPerInstance: number; log: (s: string) => void }): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-bench-instances-'));
  const file = join(dir, 'shared.db');
  const servers = await Promise.all([0, 1, 2].map(async () => new ServerProcess(file, await freePort(), () => {}, { LOG_LEVEL: 'silent' })));
  const followers: { on: number; f: Follower }[] = [];
  try {
    await Promise.all(servers.map((x) => x.start()));
    const token = await signIn(servers[0]!.url, 'admin');
    const api = (i: number): ApiClient => new ApiClient({ baseUrl: servers[i]!.url, token: () => token });
    for (let i = 0; i < servers.length; i++) for (let k = 0; k < s.followersPerInstance; k++) followers.push({ on: i, f: new Follower(api(i)) });
    await Promise.all(followers.map(({ f }) => f.start()));
    // Let every feed settle at its longest idle interval, as in production between bursts.
    await sleep(1500);
    const lat: number[] = [];
    for (let n = 0; n < s.changes; n++) {
      const via = n % servers.length;
      const writer = api(via);
      const [master] = await writer.get<WireDoc[]>('/api/records/company?ids=c00002');
      if (!master) throw new Error('instances: no company c00002');
      const value = `fan-x${n}-${Date.now().toString(36)}`;
      const t = wall();
      const res = await writer.post<PushResponse>(SYNC_PATHS.push('company'), [{ assumedMasterState: master, newDocumentState: { ...master, industry: value } }]);
      if (res.conflicts.length) throw new Error('instances: the write conflicted');
      const others = followers.filter((x) => x.on !== via);
      const end = Date.now() + 10_000;
      while (others.some(({ f }) => !f.arrivals.has(value))) {
        if (Date.now() > end) throw new Error(`instances: ${others.filter(({ f }) => !f.arrivals.has(value)).length} clients on other instances never got ${value}`);
        await sleep(2);
      }
      for (const { f } of others) lat.push(f.arrivals.get(value)! - t);
      // Spaced like people's edits, so the feeds back off between them (the worst case for the feed's latency).
      await sleep(300 + Math.random() * 700);
    }
    const p50 = percentile(lat, 50);
    const p95 = percentile(lat, 95);
    s.log(`propagation across instances: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${lat.length} arrivals`);
    const note = `3 instances on one SQLite file, ${s.changes} writes rotating over them, ${s.followersPerInstance} clients per instance, measured on the other two`;
    return [
      { name: '4. propagation across instances: p50', value: p50, unit: 'ms', target: null, better: 'lower', note },
      { name: '4. propagation across instances: p95', value: p95, unit: 'ms', target: 1000, better: 'lower', note },
    ];
  } finally {
    for (const { f } of followers) f.stop();
    await Promise.all(servers.map((x) => x.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
