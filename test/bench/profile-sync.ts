// Dev aid (not part of the bench): CPU profile of the bench page's first sync, self time by function.
import { benchPage, call, launch, staticDir } from './browser.ts';
import { recordMix, SYNCED } from './data.ts';
import { BenchServer, prepareDb, signInToken } from './server.ts';
const N = Number(process.argv[2] ?? 10000);
const fn = process.argv[3] ?? 'ourSync';
const mix = recordMix(N);
const records = Object.fromEntries(SYNCED.map((e) => [e, mix[e]]));
const dir = await staticDir(records);
const server = await BenchServer.start(await prepareDb(records), dir);
const token = await signInToken(server.url);
const browser = await launch();
const { page } = await benchPage(browser, server.url);
const cdp = await page.context().newCDPSession(page);
// SLOW=1: the slow phone profile (figure 12), as experiment.ts sets it.
if (process.env.SLOW) {
  const { SLOW_PHONE } = await import('./figures/sync.ts');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpu });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: SLOW_PHONE.latency, downloadThroughput: SLOW_PHONE.down, uploadThroughput: SLOW_PHONE.up });
}
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
const r = await call<{ ms: number }>(page, fn, { token, batch: 1000 });
const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples: number[]; timeDeltas: number[] } };
console.log(fn, r.ms);
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => {
  const n = byId.get(id)!;
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${(n.callFrame as { columnNumber?: number }).columnNumber ?? ''}`;
  self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(v.toFixed(0).padStart(6), k);
await browser.close(); await server.stop(); process.exit(0);
