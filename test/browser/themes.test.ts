// Desktop and mobile themes from the tab metadata (394-171793-QA), online-only pages, touch targets, and the theme choice.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { goOffline, goOnline, launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const t = suite<{ server: TestServer; browser: Browser }>('themes');
t.before(async (ctx) => {
  ctx.server = await startAppServer(8);
  ctx.browser = await launch();
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' } as const;
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'en-GB' } as const;
const tabIds = (page: import('playwright-core').Page) => page.locator('fc-nav nav.main a[data-tab]').evaluateAll((as) => as.map((a) => a.getAttribute('data-tab')));

t('desktop runs every action: the customfile and url tabs are there, and the custom page works', async ({ server, browser }) => {
  const page = await (await browser.newContext(DESKTOP)).newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  assert.equal(await tabIds(page), ['dashboard', 'companies', 'persons', 'calendar', 'sales', 'marketing', 'documents', 'reports', 'admin', 'help']);
  assert.is(await page.locator('[data-desktop-only]').count(), 0);
  // runtabgroup and runblock work on desktop too.
  await page.locator('a[data-tab="sales"]').click();
  await page.locator('fc-nav nav.sub a[data-tab="leads"]').click();
  await page.waitForURL(/#\/lead$/);
  await page.locator('a[data-tab="admin"]').click();
  await page.locator('tr[data-user="sales"]').waitFor();
  // Help is a group: About (runblock) and the manual (url, a new tab).
  await page.locator('a[data-tab="help"]').click();
  await page.waitForURL(/#\/about$/);
  assert.is(await page.locator('fc-nav nav.sub a[data-tab="manual"]').getAttribute('target'), '_blank');
});

t('mobile runs only runtabgroup and runblock; the other tabs are named as desktop-only', async ({ server, browser }) => {
  const page = await (await browser.newContext(PHONE)).newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  assert.equal(await tabIds(page), ['dashboard', 'companies', 'persons', 'calendar', 'sales', 'help']);
  const note = page.locator('[data-desktop-only]');
  // Marketing's tabs (groups, E-mail duplicates) are all custom pages: the group itself is desktop-only.
  assert.is(await note.getAttribute('data-desktop-only'), 'marketing documents reports admin');
  assert.match(await note.innerText(), /Marketing, Documents, Reports, Administration: available in the desktop theme/);
  // runtabgroup: Sales opens its group; runblock: its tabs render lists.
  await page.locator('a[data-tab="sales"]').click();
  await page.locator('fc-nav nav.sub a[data-tab="communications"]').click();
  await page.waitForURL(/#\/communication$/);
  await page.locator('fc-record-list').getByText(/\d+ records?$/).waitFor();
  // A custom page asked for directly is not run on mobile either.
  await page.goto(`${server.url}/#/page/admin`);
  await page.getByText('Administration: available in the desktop theme.').first().waitFor();
  assert.is(await page.locator('fc-admin-page').count(), 0);
});

t('mobile touch targets are at least 44 px', async ({ server, browser }) => {
  const page = await (await browser.newContext(PHONE)).newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  for (const url of ['/#/company', '/#/company/c00000', '/#/company/c00000/edit']) {
    await page.goto(server.url + url);
    await page.waitForTimeout(400);
    // A string, not a function: the test runner's transpiler would wrap named helpers in code the page lacks.
    const small = (await page.evaluate(`(() => {
      const out = [];
      const walk = (root) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          if (el.shadowRoot) walk(el.shadowRoot);
          if (!el.matches('button, a[href], input:not([type=checkbox]), select, [role=tab]')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          if (r.height < 43.5 || r.width < 43.5) out.push(el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 30) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
        }
      };
      walk(document);
      return out;
    })()`)) as string[];
    assert.equal(small, [], `small touch targets on ${url}`);
  }
});

t('the theme follows the device, and the user\'s choice is remembered', async ({ server, browser }) => {
  const page = await (await browser.newContext(PHONE)).newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  assert.is(await page.locator('fc-app').getAttribute('theme'), 'mobile');
  // On a phone the header is one row: the theme switch is in its menu.
  await page.locator('header details.menu summary').click();
  await page.locator('[data-theme-switch]').click();
  assert.is(await page.locator('fc-app').getAttribute('theme'), 'desktop');
  await page.reload();
  await page.locator('a[data-tab="admin"]').waitFor();
  assert.is(await page.locator('fc-app').getAttribute('theme'), 'desktop');
});

t('an online-only feature says so offline and comes back by itself', async ({ server, browser }) => {
  const ctx = await browser.newContext(DESKTOP);
  const page = await ctx.newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  await page.locator('a[data-tab="admin"]').click();
  await page.locator('tr[data-user="sales"]').waitFor();
  await goOffline(ctx, server);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await page.locator('[data-offline]').getByText('Administration is available when online.').waitFor();
  // Kept (hidden) rather than thrown away, so a blip does not lose what the page held.
  assert.not.ok(await page.locator('tr[data-user="sales"]').isVisible());
  await goOnline(ctx, server);
  await page.locator('tr[data-user="sales"]').waitFor({ timeout: 15_000 });
});

t.run();
