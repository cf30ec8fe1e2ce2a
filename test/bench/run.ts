// `npm run bench [-- --quick] [-- --only=list,search,…]`: the performance figures of issues 10 and 26, side by side with
// the peers; prints a table, writes results.json. Groups: instances, sync, slow, resume, propagation, push, company,
// search, list, start, device.
import { join } from 'node:path';
import type { EntityName } from '../../shared/entities/index.ts';
import { launch, staticDir } from './browser.ts';
import { CouchPeer } from './couch.ts';
import { countOf, persons, recordMix, SYNCED } from './data.ts';
import { instanceFigures } from './figures/instances.ts';
import { propagationFigures } from './figures/propagation.ts';
import { listFigures } from './figures/list.ts';
import { pushFigures } from './figures/push.ts';
import { searchFigures } from './figures/search.ts';
import { startFigures } from './figures/start.ts';
import { resumeFigure, slowPhoneFigures, syncFigures } from './figures/sync.ts';
import { companyFigures } from './figures/company.ts';
import { deviceFigures } from './figures/device.ts';
import { printTable, writeResults, type Figure } from './report.ts';
import { BenchServer, prepareDb, ROOT } from './server.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (n: string): boolean => !only || only.includes(n);
const started = Date.now();
const log = (s: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

const TOTAL = quick ? 10_000 : 50_000;
const RUNS = quick ? 1 : 3;
const BATCH = 1000;
/**
 * Slow-phone rounds (each one ours / peer / peer): three on 10,000 records, one on 50,000 (a round there takes about
 * three minutes, mostly the peers). A quick run takes the slow phone only when asked (--only=slow): two minutes.
 */
const SLOW_RUNS_10K = quick ? 1 : 3;
const SLOW_RUNS_50K = 1;
const slowWanted = quick ? only?.includes('slow') === true : want('slow');

const figures: Figure[] = [];
const failures: string[] = [];
/** One group of figures; a failure is reported and the others still run. */
async function group(name: string, fn: () => Promise<Figure[]>): Promise<void> {
  if (!want(name)) return;
  try {
    figures.push(...(await fn()));
  } catch (err) {
    failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    log(`FAILED ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
// Three server processes of their own: runs first, and alone with --only=instances (no data or browser needed).
await group('instances', () => instanceFigures({ changes: quick ? 30 : 100, followersPerInstance: 5, log }));
if (only && only.every((n) => n === 'instances')) {
  printTable(figures);
  if (failures.length) console.log(`\n${failures.length} group(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(failures.length ? 1 : 0);
}
const mix = recordMix(TOTAL);
log(`${quick ? 'quick' : 'full'} run: ${countOf(mix)} records, ${RUNS} run(s) per figure`);
const records = Object.fromEntries(SYNCED.map((e) => [e, mix[e]])) as Record<EntityName, (typeof mix)['company']>;
const dir = await staticDir({ ...records, persons: persons(TOTAL) });
const bigDb = await prepareDb(records);
log('data and pages ready');
const browser = await launch();
try {
  if (want('sync') || want('resume') || slowWanted) {
    const server = await BenchServer.start(bigDb, dir);
    const couch = await CouchPeer.start();
    if (want('sync') || slowWanted) await couch.load(records);
    log('servers ready');
    const setup = { browser, server, couch, total: TOTAL, runs: RUNS, batch: BATCH, log };
    await group('sync', () => syncFigures(setup));
    await group('resume', () => resumeFigure(setup));
    // The slow phone on the full data (50,000; a quick run has 10,000 here and takes no second size).
    if (slowWanted) {
      await group('slow', () => slowPhoneFigures(setup, TOTAL === 10_000 ? SLOW_RUNS_10K : SLOW_RUNS_50K));
    }
    await couch.stop();
    await server.stop();
  }
  // The slow phone on 10,000 records, beside the 50,000 of a full run.
  if (slowWanted && TOTAL !== 10_000) {
    const small = recordMix(10_000);
    const smallRecords = Object.fromEntries(SYNCED.map((e) => [e, small[e]])) as typeof records;
    const server = await BenchServer.start(await prepareDb(smallRecords), dir);
    const couch = await CouchPeer.start();
    await couch.load(smallRecords);
    await group('slow', () => slowPhoneFigures({ browser, server, couch, total: countOf(small), runs: RUNS, batch: BATCH, log }, SLOW_RUNS_10K));
    await couch.stop();
    await server.stop();
  }
  await group('propagation', () => propagationFigures({ browser, staticDir: dir, changes: quick ? 40 : 200, fanoutClients: 100, fanoutChanges: quick ? 10 : 40, log }));
  await group('push', () => pushFigures({ clients: 50, batchesPerClient: quick ? 4 : 10, rowsPerBatch: 100, runs: RUNS, log }));
  // Company size: 1,000,000 records over 100 territories (cached under test/bench/.cache after the first run).
  await group('company', () => companyFigures({ total: 1_000_000, small: 100_000, share: 10_000, runs: RUNS, devices: 20, log }));
  if (want('search') || want('start') || want('list')) {
    // The search page reads the persons from the static folder; the start figure needs the records on the server.
    const server = await BenchServer.start(bigDb, dir);
    await group('search', () => searchFigures({ browser, url: server.url, total: TOTAL, runs: RUNS, log }));
    await group('list', () => listFigures({ browser, url: server.url, total: TOTAL, runs: RUNS, log }));
    await group('start', () => startFigures({ browser, url: server.url, staticDir: dir, total: TOTAL, runs: quick ? 2 : 5, log }));
    await server.stop();
  }
  // 100,000 records on one device: the real app's warm start, search and storage (a full run only, or --only=device).
  if (want('device') && (!quick || only)) await group('device', () => deviceFigures({ browser, staticDir: dir, total: 100_000, runs: quick ? 2 : 5, searchRuns: RUNS, log }));
} finally {
  await browser.close();
}

console.log('');
printTable(figures);
// A quick run must not overwrite the committed figures of a full run.
const file = join(ROOT, quick ? 'test/bench/results.quick.json' : 'test/bench/results.json');
if (failures.length) console.log(`\n${failures.length} group(s) failed:\n  ${failures.join('\n  ')}`);
if (!only && failures.length === 0) writeResults(file, figures);
log(only || failures.length ? 'partial run: results.json left as it was' : `wrote ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failures.length ? 1 : 0);
