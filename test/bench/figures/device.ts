// Figure 16: 100,000 records on one device. The real app (dist/, service worker) first-syncs 100,000 records of the
// demo mix through its UI, then starts warm to its first list (median of reloads), with the storage the device uses
// (navigator.storage.estimate()); and type-ahead search over 100,000 persons on the device (p95 per keystroke).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { EntityName } from '../../../shared/entities/index.ts';
import { persons, recordMix, SYNCED } from '../data.ts';
import type { Figure } from '../report.ts';
import { BenchServer, prepareDb } from '../server.ts';
import { searchFigures } from './search.ts';
import { startFigures } from './start.ts';

export async function deviceFigures(o: { browser: Browser; staticDir: string; total: number; runs: number; searchRuns: number; log: (s: string) => void }): Promise<Figure[]> {
  const mix = recordMix(o.total);
  const records = Object.fromEntries(SYNCED.map((e) => [e, mix[e]])) as Record<EntityName, (typeof mix)['company']>;
  const file = `persons${o.total}`;
  writeFileSync(join(o.staticDir, 'bench-data', `${file}.json`), JSON.stringify(persons(o.total)));
  const server = await BenchServer.start(await prepareDb(records), o.staticDir);
  const k = `${Math.round(o.total / 1000)}k`;
  try {
    o.log(`${k} on one device: server ready`);
    const start = await startFigures({ browser: o.browser, url: server.url, staticDir: o.staticDir, total: o.total, runs: o.runs, log: o.log, device: true });
    const search = await searchFigures({ browser: o.browser, url: server.url, total: o.total, runs: o.searchRuns, log: o.log, file, name: `16. ${k} on one device` });
    return [...start, ...search];
  } finally {
    await server.stop();
  }
}
