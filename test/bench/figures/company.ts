// Figures 14 and 15: the server at a company's size. A rep whose scope is 10,000 records first-syncs from a server
// holding 1,000,000 records over 100 territories, beside the same rep on a 100,000-record server (cost must follow the
// rep's share, not the table); then twenty reps' devices first-sync at once from the 1,000,000-record server.
// The devices are light Node clients speaking the device's pull protocol as its first sync does (every collection at
// once, a first page of 100 then pages of 1,000, gzip negotiated by fetch), so the server's work is what is measured.
import { readFileSync } from 'node:fs';
import { readPullAnswer, type PullAnswer } from '../../../shared/sync.ts';
import { companyDb, repLogin } from '../company.ts';
import { SYNCED } from '../data.ts';
import { median, percentile, type Figure } from '../report.ts';
import { BenchServer, signInToken } from '../server.ts';

/** User + system CPU seconds of a process so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface DeviceRun {
  records: number;
  ms: number;
  pages: number[];
}

/**
 * `fit=1` and `form=columns` as the first sync asks (shorter pages while many pull at once; documents as columns,
 * decision 0063); BENCH_FIT=0 asks full pages, BENCH_FORM=documents whole documents (before/after).
 */
const FIT = `${process.env.BENCH_FIT === '0' ? '' : '&fit=1'}&form=${process.env.BENCH_FORM ?? 'columns'}`;

/** One device's first sync through the pull endpoint: every collection at once, as pwa/db/first-sync.ts pulls. */
export async function nodeFirstSync(url: string, token: string, batch = 1000): Promise<DeviceRun> {
  const t0 = performance.now();
  const pages: number[] = [];
  let records = 0;
  await Promise.all(
    SYNCED.map(async (entity) => {
      let seq = 0;
      let scope = '';
      let limit = Math.min(100, batch);
      for (;;) {
        const p0 = performance.now();
        const res = await fetch(`${url}/sync/${entity}/pull?seq=${seq}&limit=${limit}&scope=${encodeURIComponent(scope)}${FIT}`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`pull ${entity}: ${res.status} ${await res.text()}`);
        const page = readPullAnswer((await res.json()) as PullAnswer);
        pages.push(performance.now() - p0);
        records += page.documents.length;
        seq = page.checkpoint.seq;
        scope = page.checkpoint.scope;
        limit = batch;
        if (page.remaining === 0 || page.documents.length === 0) break;
      }
    }),
  );
  return { records, ms: performance.now() - t0, pages };
}

export async function companyFigures(o: { total: number; small: number; share: number; runs: number; devices: number; log: (s: string) => void }): Promise<Figure[]> {
  const big = await companyDb(o.total, o.share, o.log);
  const small = await companyDb(o.small, o.share, o.log);
  const servers = { big: await BenchServer.start(big), small: await BenchServer.start(small) };
  const out: Figure[] = [];
  try {
    const tokens = { big: await signInToken(servers.big.url, repLogin(0)), small: await signInToken(servers.small.url, repLogin(0)) };
    // A first sync each to warm both (page cache, statements): not counted.
    for (const k of ['big', 'small'] as const) await nodeFirstSync(servers[k].url, tokens[k]);
    const time = { big: [] as number[], small: [] as number[] };
    const cpu = { big: [] as number[], small: [] as number[] };
    let records = 0;
    for (let i = 0; i < o.runs; i++) {
      for (const k of ['big', 'small'] as const) {
        const c0 = cpuSeconds(servers[k].pid);
        const r = await nodeFirstSync(servers[k].url, tokens[k]);
        const c = cpuSeconds(servers[k].pid) - c0;
        time[k].push(r.ms / 1000);
        cpu[k].push(c);
        if (k === 'big') records = r.records;
        o.log(`company size, ${k === 'big' ? o.total : o.small}-record server: ${r.records} records in ${(r.ms / 1000).toFixed(2)} s, server CPU ${c.toFixed(2)} s`);
      }
    }
    const tb = median(time.big);
    const ts = median(time.small);
    const cb = median(cpu.big);
    const cs = median(cpu.small);
    const M = `${o.total / 1e6}M`;
    const K = `${o.small / 1000}k`;
    const note = `median of ${o.runs} interleaved runs; ${records} records in the rep's scope (1 of 100 territories), Node client, pages of 1,000, gzip`;
    out.push(
      { name: `14. company size: first sync of a ${o.share / 1000}k share, ${M}-record server`, value: tb, unit: 's', target: null, better: 'lower', note: `${note}; server CPU ${cb.toFixed(2)} s` },
      { name: `14. company size: same share, ${K}-record server`, value: ts, unit: 's', target: null, better: 'lower', note: `${note}; server CPU ${cs.toFixed(2)} s` },
      { name: `14. company size: time ratio ${M} / ${K}`, value: tb / ts, unit: '×', target: 1.5, better: 'lower', peer: ts, ratio: tb / ts, note: `${tb.toFixed(2)} s / ${ts.toFixed(2)} s` },
      { name: `14. company size: server CPU ratio ${M} / ${K}`, value: cb / cs, unit: '×', target: 1.5, better: 'lower', peer: cs, ratio: cb / cs, note: `${cb.toFixed(2)} s / ${cs.toFixed(2)} s of server CPU` },
    );
    await servers.small.stop();

    // Twenty devices at once on the big server, each rep their own territory (rep000…rep019).
    const devTokens: string[] = [];
    for (let i = 0; i < o.devices; i++) devTokens.push(await signInToken(servers.big.url, repLogin(i)));
    let rssMax = servers.big.rssMb();
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, servers.big.rssMb())), 50);
    const t0 = performance.now();
    const c0 = cpuSeconds(servers.big.pid);
    const runs = await Promise.all(devTokens.map((t) => nodeFirstSync(servers.big.url, t)));
    const wall = (performance.now() - t0) / 1000;
    const c = cpuSeconds(servers.big.pid) - c0;
    clearInterval(sampler);
    rssMax = Math.max(rssMax, servers.big.rssMb());
    const served = runs.reduce((n, r) => n + r.records, 0);
    const pages = runs.flatMap((r) => r.pages);
    o.log(`twenty devices: ${served} records in ${wall.toFixed(2)} s (${(served / wall).toFixed(0)} records/s), ${pages.length} pages, p50 ${percentile(pages, 50).toFixed(0)} ms, p95 ${percentile(pages, 95).toFixed(0)} ms, server CPU ${c.toFixed(2)} s, RSS max ${rssMax.toFixed(0)} MB`);
    const dnote = `${o.devices} devices × ${Math.round(served / o.devices)} records at once from the ${M}-record server; Node clients, gzip; wall ${wall.toFixed(2)} s, server CPU ${c.toFixed(2)} s`;
    out.push(
      { name: `15. twenty devices at once: records served per second`, value: served / wall, unit: 'records/s', target: 20_000, better: 'higher', note: dnote },
      { name: `15. twenty devices at once: p95 page latency`, value: percentile(pages, 95), unit: 'ms', target: 500, better: 'lower', note: `${pages.length} pages; p50 ${percentile(pages, 50).toFixed(0)} ms` },
      { name: `15. twenty devices at once: server RSS (max)`, value: rssMax, unit: 'MB', target: 400, better: 'lower', note: 'sampled every 50 ms' },
    );
  } finally {
    await servers.big.stop();
    await servers.small.stop();
  }
  return out;
}
