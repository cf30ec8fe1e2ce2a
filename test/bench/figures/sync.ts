// Figures 1, 2, 3 and 9: a fresh device's first sync, the storage's bulk-insert limit, the same sync from the peer, and resume.
import type { Browser } from 'playwright-core';
import { benchPage, call } from '../browser.ts';
import type { CouchPeer } from '../couch.ts';
import { median, type Figure } from '../report.ts';
import { signInToken, type BenchServer } from '../server.ts';

export interface SyncSetup {
  browser: Browser;
  server: BenchServer;
  couch: CouchPeer;
  total: number;
  runs: number;
  batch: number;
  log: (s: string) => void;
}

type Timed = { ms: number; docs: Record<string, number>; openMs?: number };
const sum = (docs: Record<string, number>): number => Object.values(docs).reduce((a, b) => a + b, 0);

/** Runs `fn` in a fresh browser context `runs` times; checks every run stored all the records. */
async function timed(s: SyncSetup, what: string, fn: string, arg: unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < s.runs; i++) {
    const { ctx, page } = await benchPage(s.browser, s.server.url);
    const r = await call<Timed>(page, fn, arg);
    await ctx.close();
    if (sum(r.docs) !== s.total) throw new Error(`${what}: stored ${sum(r.docs)} of ${s.total} records (${JSON.stringify(r.docs)})`);
    s.log(`${what} run ${i + 1}: ${(r.ms / 1000).toFixed(2)} s${r.openMs === undefined ? '' : ` (database opened in ${(r.openMs / 1000).toFixed(2)} s)`}`);
    out.push(r.ms / 1000);
  }
  return out;
}

export async function syncFigures(s: SyncSetup): Promise<Figure[]> {
  const token = await signInToken(s.server.url);
  const k = `${Math.round(s.total / 1000)}k`;
  const note = `median of ${s.runs}, ${s.total} records, pull batch ${s.batch}`;
  const ours = median(await timed(s, 'initial sync (ours)', 'ourSync', { token, batch: s.batch }));
  const limit = median(await timed(s, 'bulk insert (storage limit)', 'bulkInsert', {}));
  const couch = median(await timed(s, 'initial sync (RxDB CouchDB plugin ← pouchdb-server)', 'couchSync', { url: s.couch.url, batch: s.batch }));
  const pouch = median(await timed(s, 'initial sync (PouchDB replication ← pouchdb-server)', 'pouchSync', { url: s.couch.url, batch: s.batch }));
  return [
    // 8 s is the target for 50,000 records; a quick run with fewer records is held to the same rate.
    { name: `1. initial sync ${k} records: time`, value: ours, unit: 's', target: Number(((8 * s.total) / 50_000).toFixed(2)), better: 'lower', note },
    { name: `1. initial sync ${k} records: rate`, value: s.total / ours, unit: 'records/s', target: null, better: 'higher', note },
    { name: `2. bulk insert ${k} (storage limit)`, value: limit, unit: 's', target: null, better: 'lower', note: `median of ${s.runs}, one bulkInsert per collection, in parallel` },
    { name: '2. initial sync / storage limit', value: ours / limit, unit: '×', target: 1.25, better: 'lower', peer: limit, ratio: ours / limit },
    // Our time over the peer's: "at least 2× faster" is a ratio of at most 0.5. The peer's time is in seconds.
    { name: '3a. sync time / RxDB CouchDB plugin ← pouchdb-server', value: ours / couch, unit: '×', target: 0.5, better: 'lower', peer: couch, ratio: ours / couch, note: `ours ${ours.toFixed(2)} s, peer ${couch.toFixed(2)} s` },
    { name: '3b. sync time / PouchDB replication ← pouchdb-server', value: ours / pouch, unit: '×', target: 0.5, better: 'lower', peer: pouch, ratio: ours / pouch, note: `ours ${ours.toFixed(2)} s, peer ${pouch.toFixed(2)} s` },
  ];
}

/**
 * Figure 9: a first sync killed half-way (the tab closed mid-batch) and restarted in the same browser profile. Counts,
 * per collection, the documents fetched again that the device already had: at most one batch each.
 */
export async function resumeFigure(s: SyncSetup): Promise<Figure[]> {
  const token = await signInToken(s.server.url);
  const worst: number[] = [];
  for (let i = 0; i < s.runs; i++) {
    const instance = `-resume${Date.now().toString(36)}`;
    const { ctx, page } = await benchPage(s.browser, s.server.url);
    void call(page, 'ourSync', { token, batch: s.batch, instance, count: true }).catch(() => {});
    await page.waitForFunction(`Object.values(window.bench.fetched).reduce((a, b) => a + b, 0) >= ${Math.floor(s.total / 2)}`, undefined, { timeout: 120_000, polling: 10 });
    const first = (await page.evaluate('({ ...window.bench.fetched })')) as Record<string, number>;
    await page.close({ runBeforeUnload: false });
    const again = await benchPage(s.browser, s.server.url, ctx);
    const had = await call<Record<string, number>>(again.page, 'localCount', { instance });
    const second = await call<Timed>(again.page, 'ourSync', { token, batch: s.batch, instance, count: true });
    const refetched = (await again.page.evaluate('({ ...window.bench.fetched })')) as Record<string, number>;
    await ctx.close();
    if (sum(second.docs) !== s.total) throw new Error(`resume: stored ${sum(second.docs)} of ${s.total}`);
    // Fetched in the second run beyond what was missing = fetched again although the device had it.
    const per = Object.keys(second.docs).map((e) => (refetched[e] ?? 0) - ((second.docs[e] ?? 0) - (had[e] ?? 0)));
    s.log(`resume run ${i + 1}: first run fetched ${sum(first)}, device kept ${sum(had)}, second run fetched ${sum(refetched)}; again per collection ${per.join(', ')}`);
    worst.push(Math.max(...per));
  }
  return [{ name: '9. resume: re-fetched per collection (worst)', value: median(worst), unit: 'docs', target: s.batch, better: 'lower', note: `median of ${s.runs}; target: one pull batch` }];
}
