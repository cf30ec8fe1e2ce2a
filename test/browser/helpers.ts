// Browser test helpers: Debian Chromium through Playwright, the real server on a temporary SQLite serving the built PWA.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { join } from 'node:path';
import { ROOT } from '../../sync-server/config.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function startAppServer(companies = 20): Promise<TestServer> {
  return startServer({ companies, staticDir: join(ROOT, 'dist') });
}

export async function signInUI(page: Page, url: string, login = 'admin', password = 'Panoply2026'): Promise<void> {
  await page.goto(url);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('fc-status');
}

/**
 * The first sync has stored everything (no progress bar) and the replication that follows it has gone quiet, so a
 * test's next step is not raced by the device's own catching-up requests; and the service worker controls the page.
 */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('fc-app')?.shadowRoot?.querySelector('.progress'), undefined, { timeout: 20_000 });
  await page.waitForFunction(
    () => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-status')?.shadowRoot?.querySelector('[data-state]')?.getAttribute('data-state') === 'online',
    undefined,
    { timeout: 20_000 },
  );
  const controlled = (timeout: number) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout }).then(() => true, () => false);
  // An install cut short by a navigation is retried at the next page load: reload once if it has not taken over.
  if (!(await controlled(10_000))) {
    await page.reload();
    await page.waitForSelector('fc-status');
    if (!(await controlled(20_000))) throw new Error('the service worker never took control of the page');
  }
}

export async function statusOf(page: Page): Promise<{ state: string; pending: number }> {
  return page.evaluate(() => {
    const root = document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-status')?.shadowRoot;
    const pill = root?.querySelector('[data-state]');
    const pending = root?.querySelector('[data-pending]');
    return { state: pill?.getAttribute('data-state') ?? '', pending: Number(pending?.getAttribute('data-pending') ?? 0) };
  });
}

/**
 * Takes a browser context off the network: Chromium's offline emulation (so the page sees it), and the server
 * cutting every connection that carries the context's session cookie, because emulation alone does not stop
 * open connections or the requests a service worker passes through.
 */
export async function goOffline(ctx: BrowserContext, server: TestServer): Promise<void> {
  await ctx.setOffline(true);
  server.cut(await sessionOf(ctx));
}

export async function goOnline(ctx: BrowserContext, server: TestServer): Promise<void> {
  server.heal(await sessionOf(ctx));
  await ctx.setOffline(false);
}

async function sessionOf(ctx: BrowserContext): Promise<string> {
  const c = (await ctx.cookies()).find((x) => x.name === 'fc_session');
  if (!c) throw new Error('the context is not signed in');
  return `fc_session=${c.value}`;
}

/**
 * Polls until `check` holds on the server: a save goes up asynchronously, so reading the server at once (or
 * trusting a "nothing pending" read taken before the save registered) would race it.
 */
export async function onServer<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`the server never had ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
