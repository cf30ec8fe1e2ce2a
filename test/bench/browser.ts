// The browser side of the bench: the bench page built by Vite next to the built PWA, served by the real server, and Debian Chromium.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../browser/chromium.ts';
import { ROOT, WORK } from './server.ts';

/** Builds the PWA (dist/) and the bench page, and puts both, the bench data and PouchDB's browser build in one folder. */
export async function staticDir(data: Partial<Record<EntityName | 'persons', WireDoc[]>>): Promise<string> {
  const dir = join(WORK, 'static');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  const page = join(WORK, 'bench-page');
  await build({
    configFile: false,
    root: join(ROOT, 'test/bench/page'),
    logLevel: 'warn',
    build: { outDir: page, emptyOutDir: true, target: 'es2020', minify: process.env.BENCH_MINIFY !== '0', assetsDir: 'bench-assets', chunkSizeWarningLimit: 5000, rollupOptions: { input: join(ROOT, 'test/bench/page/bench.html') } },
  });
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  cpSync(page, dir, { recursive: true });
  cpSync(join(ROOT, 'node_modules/pouchdb/dist/pouchdb.min.js'), join(dir, 'pouchdb.min.js'));
  mkdirSync(join(dir, 'bench-data'), { recursive: true });
  for (const [name, docs] of Object.entries(data)) writeFileSync(join(dir, 'bench-data', `${name}.json`), JSON.stringify(docs));
  return dir;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh context (its own IndexedDB) with the bench page loaded and ready. */
export async function benchPage(browser: Browser, url: string, ctx?: BrowserContext): Promise<{ ctx: BrowserContext; page: Page }> {
  // The server's CSP allows connections to itself only: the peer lives on another port.
  const context = ctx ?? (await browser.newContext({ bypassCSP: true }));
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[bench page] ${e.message}`));
  await page.goto(`${url}/bench.html`);
  await page.waitForFunction('document.title === "bench ready"', undefined, { timeout: 30_000 });
  return { ctx: context, page };
}

/** Calls `window.bench[fn](arg)` in the page (a string script: tsx would inject helpers into a function). */
export async function call<T>(page: Page, fn: string, arg: unknown = {}): Promise<T> {
  return page.evaluate(`window.bench.${fn}(${JSON.stringify(arg)})`) as Promise<T>;
}
