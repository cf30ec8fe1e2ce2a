// Browser test helpers: Debian Chromium through Playwright, the real server on a temporary SQLite serving the built PWA.
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
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

/** Waits until the first sync finished (the progress bar is gone) and the service worker controls the page. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('fc-app')?.shadowRoot?.querySelector('.progress'), undefined, { timeout: 20_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

export async function statusOf(page: Page): Promise<{ state: string; pending: number }> {
  return page.evaluate(() => {
    const root = document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-status')?.shadowRoot;
    const pill = root?.querySelector('[data-state]');
    const pending = root?.querySelector('[data-pending]');
    return { state: pill?.getAttribute('data-state') ?? '', pending: Number(pending?.getAttribute('data-pending') ?? 0) };
  });
}

const API = /\/(api|sync)\//;
const abort = (route: Route): Promise<void> => route.abort('internetdisconnected');

/**
 * Takes a browser context off the network. Chromium's offline emulation alone was seen letting a push through
 * (a request reusing an open connection), so API and sync requests are also refused outright.
 */
export async function goOffline(ctx: BrowserContext): Promise<void> {
  await ctx.setOffline(true);
  await ctx.route(API, abort);
}

export async function goOnline(ctx: BrowserContext): Promise<void> {
  await ctx.unroute(API, abort);
  await ctx.setOffline(false);
}
