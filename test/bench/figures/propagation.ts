// Figure 4: a change saved on device A reaches device B (two browser contexts running the PWA's Device) through the
// live stream; and the same change reaching 100 Node clients that follow the live stream and pull, as devices do.
import type { Browser } from 'playwright-core';
import { SYNC_PATHS, type PullResponse, type PushResponse, type WireDoc } from '../../../shared/sync.ts';
import { ApiClient } from '../../../pwa/net/api.ts';
import { LiveStream } from '../../../pwa/net/live-stream.ts';
import { benchPage, call } from '../browser.ts';
import { percentile, type Figure } from '../report.ts';
import { BenchServer, prepareDb, signInToken } from '../server.ts';

export interface PropagationSetup {
  browser: Browser;
  staticDir: string;
  changes: number;
  fanoutClients: number;
  fanoutChanges: number;
  log: (s: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const wall = (): number => performance.timeOrigin + performance.now();

async function browsers(s: PropagationSetup, url: string, token: string): Promise<number[]> {
  const a = await benchPage(s.browser, url);
  const b = await benchPage(s.browser, url);
  await call(a.page, 'openLive', { token });
  await call(b.page, 'openLive', { token });
  const lat: number[] = [];
  const warmup = 5;
  for (let i = 0; i < s.changes + warmup; i++) {
    const value = `bench-${i}-${Date.now().toString(36)}`;
    const t = await call<number>(a.page, 'write', { id: 'c00001', value });
    await b.page.waitForFunction(`window.bench.arrivals[${JSON.stringify(value)}] !== undefined`, undefined, { timeout: 10_000, polling: 5 });
    const arrived = (await b.page.evaluate(`window.bench.arrivals[${JSON.stringify(value)}]`)) as number;
    if (i >= warmup) lat.push(arrived - t);
    await sleep(30);
  }
  await call(a.page, 'closeDevice');
  await call(b.page, 'closeDevice');
  await a.ctx.close();
  await b.ctx.close();
  return lat;
}

/** A light device: the PWA's live stream and pull protocol with no local database, so 100 of them fit in one process. */
export class Follower {
  private seq = 0;
  private scope = '';
  private pulling: Promise<void> | null = null;
  private again = false;
  readonly arrivals = new Map<string, number>();
  private readonly live: LiveStream;

  constructor(private readonly api: ApiClient) {
    this.live = new LiveStream(api, { onOpen: () => void this.pull(), onChange: (e) => e.collection === 'company' && void this.pull(), onDown: () => {} });
  }

  async start(): Promise<void> {
    await this.pull();
    this.live.start();
  }

  pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.again = false;
        for (;;) {
          const res = await this.api.get<PullResponse>(`${SYNC_PATHS.pull('company')}?seq=${this.seq}&limit=1000&scope=${encodeURIComponent(this.scope)}`);
          const t = wall();
          for (const d of res.documents) {
            const v = String((d as WireDoc & { industry?: string }).industry ?? '');
            if (v.startsWith('fan-') && !this.arrivals.has(v)) this.arrivals.set(v, t);
          }
          this.seq = res.checkpoint.seq;
          this.scope = res.checkpoint.scope;
          if (res.remaining === 0) break;
        }
      } while (this.again);
      this.pulling = null;
    })();
    return this.pulling;
  }

  stop(): void {
    this.live.stop();
  }
}

async function fanout(s: PropagationSetup, url: string, token: string): Promise<number[]> {
  const api = (): ApiClient => new ApiClient({ baseUrl: url, token: () => token });
  const followers = Array.from({ length: s.fanoutClients }, () => new Follower(api()));
  await Promise.all(followers.map((f) => f.start()));
  await sleep(500);
  const writer = api();
  const lat: number[] = [];
  for (let i = 0; i < s.fanoutChanges; i++) {
    const [master] = await writer.get<WireDoc[]>('/api/records/company?ids=c00002');
    if (!master) throw new Error('fan-out: no company c00002');
    const value = `fan-${i}-${Date.now().toString(36)}`;
    const t = wall();
    const res = await writer.post<PushResponse>(SYNC_PATHS.push('company'), [{ assumedMasterState: master, newDocumentState: { ...master, industry: value } }]);
    if (res.conflicts.length) throw new Error('fan-out: the write conflicted');
    const end = Date.now() + 10_000;
    while (followers.some((f) => !f.arrivals.has(value))) {
      if (Date.now() > end) throw new Error(`fan-out: ${followers.filter((f) => !f.arrivals.has(value)).length} clients never got ${value}`);
      await sleep(2);
    }
    for (const f of followers) lat.push(f.arrivals.get(value)! - t);
    await sleep(50);
  }
  followers.forEach((f) => f.stop());
  return lat;
}

export async function propagationFigures(s: PropagationSetup): Promise<Figure[]> {
  const server = await BenchServer.start(await prepareDb(null, 20), s.staticDir);
  const token = await signInToken(server.url);
  try {
    const two = await browsers(s, server.url, token);
    s.log(`propagation A→B: p50 ${percentile(two, 50).toFixed(1)} ms, p95 ${percentile(two, 95).toFixed(1)} ms over ${two.length} changes`);
    const fan = await fanout(s, server.url, token);
    s.log(`fan-out to ${s.fanoutClients}: p50 ${percentile(fan, 50).toFixed(1)} ms, p95 ${percentile(fan, 95).toFixed(1)} ms over ${fan.length} arrivals`);
    return [
      { name: '4. propagation A→B (browsers): p50', value: percentile(two, 50), unit: 'ms', target: 50, better: 'lower', note: `${two.length} changes` },
      { name: '4. propagation A→B (browsers): p95', value: percentile(two, 95), unit: 'ms', target: 200, better: 'lower', note: `${two.length} changes` },
      { name: `4. fan-out to ${s.fanoutClients} Node clients: p95`, value: percentile(fan, 95), unit: 'ms', target: 250, better: 'lower', note: `${s.fanoutChanges} changes × ${s.fanoutClients} clients; p50 ${percentile(fan, 50).toFixed(1)} ms` },
    ];
  } finally {
    await server.stop();
  }
}
