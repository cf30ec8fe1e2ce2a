// Figure 7: the real app (dist/, with its service worker) started warm, with the data on the device, to its first list
// rendered; and the JavaScript that first screen loaded, gzipped.
import type { Browser } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median, type Figure } from '../report.ts';

/** The first row of the record list, looked for through every shadow root (string: evaluated in the page). */
const FIRST_ROW = `(() => {
  const find = (root) => {
    const list = root.querySelector('fc-record-list');
    if (list && list.shadowRoot && list.shadowRoot.querySelector('[data-id] a, a[data-id]')) return true;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot && find(el.shadowRoot)) return true;
    return false;
  };
  return find(document) ? performance.now() : false;
})()`;

/**
 * `device`: the figure names of issue 26's "100k on one device" (warm start only, with the storage the device uses
 * after its first sync, from navigator.storage.estimate()) instead of figure 7's.
 */
export async function startFigures(o: { browser: Browser; url: string; staticDir: string; total: number; runs: number; log: (s: string) => void; device?: boolean }): Promise<Figure[]> {
  // bypassCSP only lets Playwright's polling evaluate its string predicate; the app runs as served.
  const ctx = await o.browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(o.url);
  await page.fill('#login', 'admin');
  await page.fill('#password', 'Panoply2026');
  const t0 = Date.now();
  await page.click('button[type=submit]');
  await page.waitForSelector('fc-status');
  // The first-sync bar shows once the device has read its (empty) state: wait for it to show, then to go. Waiting only
  // for it to be absent passed before it had shown (a 100k run reported its first sync done in 0.3 s, 14 MB stored).
  await page.waitForFunction(() => !!document.querySelector('fc-app')?.shadowRoot?.querySelector('.progress'), undefined, { timeout: 60_000, polling: 'raf' });
  await page.waitForFunction(() => !document.querySelector('fc-app')?.shadowRoot?.querySelector('.progress'), undefined, { timeout: 300_000 });
  o.log(`real app: first sync of ${o.total} records through the UI in ${((Date.now() - t0) / 1000).toFixed(1)} s (sign-in included)`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  });
  const estimate = (await page.evaluate('navigator.storage.estimate().then((e) => ({ usage: e.usage, quota: e.quota }))')) as { usage: number; quota: number };
  o.log(`storage used after the first sync: ${(estimate.usage / 1048576).toFixed(1)} MB (quota ${(estimate.quota / 1048576).toFixed(0)} MB)`);
  const times: number[] = [];
  let jsFiles: string[] = [];
  for (let i = 0; i < o.runs + 1; i++) {
    await page.reload({ waitUntil: 'commit' });
    const handle = await page.waitForFunction(FIRST_ROW, undefined, { timeout: 60_000, polling: 'raf' });
    const ms = (await handle.jsonValue()) as number;
    const fromSw = (await page.evaluate('navigator.serviceWorker.controller !== null')) as boolean;
    if (!fromSw) throw new Error('warm start: the page is not controlled by the service worker');
    // The first reload after the first sync also compacts and warms storage: count it as warm-up.
    if (i > 0) times.push(ms);
    o.log(`warm start ${i}: first list at ${ms.toFixed(0)} ms${i === 0 ? ' (warm-up)' : ''}`);
    const scripts = (await page.evaluate(`performance.getEntriesByType('resource').map((e) => e.name).concat([...document.scripts].map((s) => s.src)).filter((u) => /\\.js(\\?|$)/.test(u))`)) as string[];
    jsFiles = [...new Set(scripts.map((u) => new URL(u).pathname))];
  }
  // The scripts of the last warm start, each gzipped once.
  const gzipped = jsFiles.map((p) => {
    const f = join(o.staticDir, p);
    return { name: p.split('/').pop(), bytes: existsSync(f) ? gzipSync(readFileSync(f), { level: 9 }).length : 0 };
  });
  const jsGzip = gzipped.reduce((n, g) => n + g.bytes, 0);
  o.log(`first-screen JavaScript: ${gzipped.map((g) => `${g.name} ${(g.bytes / 1024).toFixed(1)} KB`).join(', ')}`);
  await ctx.close();
  const k = `${Math.round(o.total / 1000)}k`;
  if (o.device)
    return [
      { name: `16. ${k} on one device: warm start to first list (real app)`, value: median(times), unit: 'ms', target: 1500, better: 'lower', note: `median of ${o.runs} reloads, service worker and ${o.total} records on the device` },
      { name: `16. ${k} on one device: storage used`, value: estimate.usage / 1048576, unit: 'MB', target: null, better: 'lower', note: `navigator.storage.estimate() after the first sync of ${o.total} records (${((estimate.usage / o.total) | 0)} bytes per record; quota ${(estimate.quota / 1048576).toFixed(0)} MB)` },
    ];
  return [
    { name: '7. warm start to first list (real app)', value: median(times), unit: 'ms', target: 1500, better: 'lower', note: `median of ${o.runs} reloads, service worker and ${o.total} records on the device` },
    { name: '7. first-screen JavaScript, gzipped', value: jsGzip / 1024, unit: 'KB', target: 250, better: 'lower', note: jsFiles.join(', ') },
  ];
}
