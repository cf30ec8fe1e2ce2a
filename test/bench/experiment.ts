// Dev aid (not a figure): alternates bench-page sync variants on the same data, to compare them under the same load.
// node --import tsx test/bench/experiment.ts [records] [runs] [fn,fn,...] ['fn:{"json":"args"}' ...]
// e.g. 50000 3 ourSync,bulkInsert 'insert:{"via":"storage","depth":2}'. SERVER_CPU=1 prints the server's CPU per run.
// A name ending in @plain runs against a second server that answers uncompressed (BENCH_COMPRESS=0), e.g. ourSync,ourSync@plain;
// SLOW=1 runs every function on the slow phone profile (figure 12).
import { readdirSync, readFileSync } from 'node:fs';
import { benchPage, call, launch, staticDir } from './browser.ts';
import { recordMix, SYNCED } from './data.ts';
import { median } from './report.ts';
import { BenchServer, prepareDb, signInToken } from './server.ts';
import { SLOW_PHONE } from './figures/sync.ts';

/** User + system CPU seconds of a process so far (Linux /proc). */
function serverCpu(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every Chromium process so far, by process type (browser, renderer, utility = network service, gpu). */
function browserCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/chrom/i.test(cmd.split('\0')[0] ?? '')) continue;
      const type = /--type=([^\s\0]+)/.exec(cmd)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=([^\s\0]+)/.exec(cmd)?.[1] ?? '';
      const key = sub ? `${type}:${sub.split('.').pop()}` : type;
      out[key] = (out[key] ?? 0) + serverCpu(Number(pid));
    } catch {
      // gone
    }
  }
  return out;
}

const N = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 3);
const fns = (process.argv.length > 4 ? process.argv.slice(4) : ['ourSync,pullOnlySync']).flatMap((a) => (a.includes('{') ? [a] : a.split(',')));
/** `fn` or `fn:{...}`: the bench-page function and what it is called with besides the token and batch. */
const spec = (f: string): { name: string; args: Record<string, unknown> } => {
  const i = f.indexOf(':');
  return i < 0 ? { name: f, args: {} } : { name: f.slice(0, i), args: JSON.parse(f.slice(i + 1)) as Record<string, unknown> };
};
const mix = recordMix(N);
const records = Object.fromEntries(SYNCED.map((e) => [e, mix[e]]));
const dir = await staticDir(records);
const db = await prepareDb(records);
const server = await BenchServer.start(db, dir);
const plain = fns.some((f) => f.split(':')[0]!.endsWith('@plain')) ? await BenchServer.start(db, dir, { BENCH_COMPRESS: '0' }) : null;
const token = await signInToken(server.url);
const plainToken = plain ? await signInToken(plain.url) : '';
const browser = await launch();
const times: Record<string, number[]> = {};
for (let i = 0; i < runs; i++) {
  for (const fn of fns) {
    const onPlain = spec(fn).name.endsWith('@plain');
    const srv = onPlain ? plain! : server;
    const { ctx, page } = await benchPage(browser, srv.url);
    if (process.env.SLOW) {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpu });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: SLOW_PHONE.latency, downloadThroughput: SLOW_PHONE.down, uploadThroughput: SLOW_PHONE.up });
    }
    const cpu0 = serverCpu(srv.pid);
    const b0 = browserCpu();
    const r = await call<{ ms: number; log?: string[] }>(page, spec(fn).name.replace(/@plain$/, ''), { token: onPlain ? plainToken : token, batch: 1000, ...spec(fn).args });
    if (r.log) console.log(r.log.join('\n'));
    if (process.env.SERVER_CPU) {
      const b1 = browserCpu();
      const parts = Object.keys(b1).map((k) => `${k} ${(b1[k]! - (b0[k] ?? 0)).toFixed(2)}`).join(', ');
      console.log(`  server CPU ${(serverCpu(srv.pid) - cpu0).toFixed(2)} s; browser CPU ${parts}`);
    }
    await ctx.close();
    (times[fn] ??= []).push(r.ms / 1000);
    console.log(fn, (r.ms / 1000).toFixed(2), 's');
  }
}
for (const fn of fns) console.log(`${fn}: median ${median(times[fn]!).toFixed(2)} s of ${runs}`);
await browser.close();
await server.stop();
await plain?.stop();
process.exit(0);
