// Figure 6: type-ahead search over N persons on the device, through the repository the list screen uses; p95 per keystroke.
import type { Browser } from 'playwright-core';
import { benchPage, call } from '../browser.ts';
import { median, percentile, type Figure } from '../report.ts';

/** What people type: names, a city, an e-mail fragment, a street, and a miss; one keystroke at a time. */
const QUERIES = ['nadia', 'dubois', 'paris', 'emma.4', 'main street 2', 'kowalski-1', 'zzq'];

/** `file`: the bench-data file of persons (default `persons`, `total` of them); `name`: the figure names' prefix. */
export async function searchFigures(o: { browser: Browser; url: string; total: number; runs: number; log: (s: string) => void; file?: string; name?: string }): Promise<Figure[]> {
  const p95s: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const { ctx, page } = await benchPage(o.browser, o.url);
    const r = await call<{ loadMs: number; firstListMs: number; keystrokes: { q: string; ms: number; n: number }[] }>(page, 'search', { queries: QUERIES, file: o.file ?? 'persons' });
    await ctx.close();
    const ms = r.keystrokes.map((k) => k.ms);
    const p95 = percentile(ms, 95);
    o.log(`search run ${i + 1}: ${r.keystrokes.length} keystrokes, p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms; first list ${r.firstListMs.toFixed(0)} ms`);
    p95s.push(p95);
    firsts.push(r.firstListMs);
  }
  if (o.name)
    return [
      { name: `${o.name}: search p95 per keystroke`, value: median(p95s), unit: 'ms', target: 50, better: 'lower', note: `median of ${o.runs} runs over ${o.total} persons on the device; ${QUERIES.join(' / ')} typed one character at a time` },
    ];
  return [
    { name: `6. local search over ${Math.round(o.total / 1000)}k persons: p95 per keystroke`, value: median(p95s), unit: 'ms', target: 50, better: 'lower', note: `median of ${o.runs} runs; ${QUERIES.join(' / ')} typed one character at a time` },
    { name: `6. person list of ${Math.round(o.total / 1000)}k: first result`, value: median(firsts), unit: 'ms', target: null, better: 'lower', note: 'the list query before any search: informational' },
  ];
}
