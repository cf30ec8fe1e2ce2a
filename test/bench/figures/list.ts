// Figures 10 and 11: the app's list element over N persons on the device: first rows, and the longest task while scrolling.
import type { Browser } from 'playwright-core';
import { benchPage, call } from '../browser.ts';
import { median, type Figure } from '../report.ts';

export async function listFigures(o: { browser: Browser; url: string; total: number; runs: number; log: (s: string) => void }): Promise<Figure[]> {
  const firsts: number[] = [];
  const longest: number[] = [];
  const frames: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const { ctx, page } = await benchPage(o.browser, o.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const r = await call<{ firstRowsMs: number; completeMs: number; rows: number; longTasks: number[]; maxFrameMs: number; scrolledPx: number }>(page, 'listScroll', { steps: 120, jumps: 40 });
    await ctx.close();
    const worst = r.longTasks.length ? Math.max(...r.longTasks) : 0;
    o.log(
      `list run ${i + 1}: ${r.rows} rows, first rows ${r.firstRowsMs.toFixed(0)} ms, all ${r.completeMs.toFixed(0)} ms; scrolled ${r.scrolledPx} px: ${r.longTasks.length} long task(s)${r.longTasks.length ? ` (${r.longTasks.map((d) => d.toFixed(0)).join(', ')} ms)` : ''}, longest frame ${r.maxFrameMs.toFixed(0)} ms`,
    );
    if (r.rows !== o.total) throw new Error(`the list shows ${r.rows} rows, not ${o.total}`);
    firsts.push(r.firstRowsMs);
    longest.push(worst);
    frames.push(r.maxFrameMs);
  }
  const k = Math.round(o.total / 1000);
  return [
    { name: `10. person list of ${k}k: first rows`, value: median(firsts), unit: 'ms', target: 300, better: 'lower', note: `median of ${o.runs} runs; fc-record-list (desktop table) from creation to its first rows in the page` },
    {
      name: `11. scroll ${k}k: longest task`,
      value: median(longest),
      unit: 'ms',
      target: 50,
      better: 'lower',
      note: `median of ${o.runs} runs of the longest long task (PerformanceObserver 'longtask'; 0 = none over 50 ms) during 120 steps of 600 px and 40 jumps; longest frame gap, median ${median(frames).toFixed(0)} ms`,
    },
  ];
}
