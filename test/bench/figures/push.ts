// Figures 5 and 8: 50 clients pushing new records concurrently to the server on SQLite, every write checked afterwards,
// and the server's resident memory sampled meanwhile.
import { entityDef } from '../../../shared/entities/index.ts';
import { blankRecord } from '../../../shared/records.ts';
import type { PushResponse, PushRow, WireDoc } from '../../../shared/sync.ts';
import { SqliteStore } from '../../../sync-server/db/sqlite/store.ts';
import { median, type Figure } from '../report.ts';
import { BenchServer, prepareDb, signInToken } from '../server.ts';

export interface PushSetup {
  clients: number;
  batchesPerClient: number;
  rowsPerBatch: number;
  runs: number;
  log: (s: string) => void;
}

function company(id: string, name: string): WireDoc {
  return { ...(blankRecord(entityDef('company'), id, 't-eu') as Record<string, unknown>), name, industry: 'Bench', updatedAt: '', updatedBy: '', _deleted: false } as unknown as WireDoc;
}

async function oneRun(s: PushSetup, run: number): Promise<{ perSec: number; lost: number; rssMax: number; written: number }> {
  const file = await prepareDb(null, 20);
  const server = await BenchServer.start(file);
  const token = await signInToken(server.url);
  let rssMax = server.rssMb();
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMb())), 50);
  let accepted = 0;
  let firstConflict = '';
  const expected = new Map<string, string>();
  const client = async (c: number): Promise<void> => {
    for (let b = 0; b < s.batchesPerClient; b++) {
      const rows: PushRow[] = [];
      for (let i = 0; i < s.rowsPerBatch; i++) {
        const id = `bp${run}x${c}x${b}x${i}`;
        const name = `Bench ${run}/${c}/${b}/${i}`;
        expected.set(id, name);
        rows.push({ assumedMasterState: null, newDocumentState: company(id, name) });
      }
      const res = await fetch(`${server.url}/sync/company/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, prefer: 'handling=lenient' }, body: JSON.stringify(rows) });
      if (!res.ok) throw new Error(`push answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as PushResponse;
      accepted += rows.length - body.conflicts.length;
      // New records answered as conflicts were not taken as sent: say how, once a run (the figure counts only accepted).
      if (body.conflicts.length && !firstConflict) {
        const got = body.conflicts[0] as unknown as Record<string, unknown>;
        const sent = (rows.find((r) => r.newDocumentState.id === got.id)?.newDocumentState ?? {}) as unknown as Record<string, unknown>;
        firstConflict = `${body.conflicts.length} of ${rows.length} answered as conflicts, first ${String(got.id)}: ${JSON.stringify(Object.keys({ ...sent, ...got }).filter((k) => JSON.stringify(sent[k]) !== JSON.stringify(got[k])).map((k) => [k, sent[k], got[k]])).slice(0, 400)}`;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: s.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  rssMax = Math.max(rssMax, server.rssMb());
  await server.stop();
  // Every write, read back from the database file once the server is gone.
  const store = new SqliteStore(file);
  const ids = [...expected.keys()];
  let found = 0;
  for (let i = 0; i < ids.length; i += 500) {
    for (const d of await store.getByIds('company', ids.slice(i, i + 500))) if (!d._deleted && d.name === expected.get(d.id)) found++;
  }
  await store.close();
  const lost = expected.size - found;
  s.log(`push run ${run + 1}: ${accepted} accepted in ${seconds.toFixed(2)} s = ${(accepted / seconds).toFixed(0)} writes/s; ${found}/${expected.size} on the server; server RSS max ${rssMax.toFixed(0)} MB${firstConflict ? `; ${firstConflict}` : ''}`);
  return { perSec: accepted / seconds, lost, rssMax, written: expected.size };
}

export async function pushFigures(s: PushSetup): Promise<Figure[]> {
  const runs = [];
  for (let r = 0; r < s.runs; r++) runs.push(await oneRun(s, r));
  const note = `median of ${s.runs}; ${s.clients} clients × ${s.batchesPerClient} pushes × ${s.rowsPerBatch} new companies`;
  return [
    { name: `5. push throughput, ${s.clients} clients (SQLite)`, value: median(runs.map((r) => r.perSec)), unit: 'writes/s', target: 3000, better: 'higher', note },
    { name: '5. push: writes lost (all runs)', value: runs.reduce((n, r) => n + r.lost, 0), unit: 'writes', target: 0, better: 'lower', note: `${runs.reduce((n, r) => n + r.written, 0)} writes checked in the database` },
    { name: '8. server RSS under push load (max)', value: median(runs.map((r) => r.rssMax)), unit: 'MB', target: 300, better: 'lower', note: `median over runs of the max, sampled every 50 ms` },
  ];
}
