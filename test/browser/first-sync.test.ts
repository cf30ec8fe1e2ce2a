// A fresh device while its first sync stores records: the lists say the records are on their way, not that there are none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goOffline, launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('while the first sync stores records, an empty list says they are still arriving, then shows them', async () => {
  const server = await startAppServer(20);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    // The companies' pages wait (a slow network); every other collection arrives.
    await ctx.route('**/sync/company/pull*', async (route) => {
      await held;
      await route.continue();
    });
    const page = await ctx.newPage();
    await signInUI(page, server.url);
    await page.getByText('Your records are still arriving on this device…').waitFor({ timeout: 15_000 });
    assert.is(await page.getByText('Nothing here yet.').count(), 0);
    release();
    await page.getByText('20 records').waitFor({ timeout: 15_000 });
    assert.is(await page.getByText('Your records are still arriving on this device…').count(), 0);
  } finally {
    await browser.close();
    await server.close();
  }
});

for (const [width, locale, count, preparing] of [
  [1366, 'en-GB', '20 records', 'Preparing this device'],
  [375, 'fr-FR', '20 enregistrements', 'Préparation'],
] as const) {
  test(`after an offline reload with every record on the device, no "preparing" bar (${width} px, ${locale})`, async () => {
    const server = await startAppServer(20);
    const browser = await launch();
    try {
      const ctx = await browser.newContext({ locale, viewport: { width, height: 700 }, ...(width < 700 ? { isMobile: true, hasTouch: true } : {}) });
      const page = await ctx.newPage();
      await signInUI(page, server.url);
      await waitReady(page);
      if (locale === 'fr-FR') await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
      await goOffline(ctx, server);
      // Watch for the bar from the very first frame of the reloaded page.
      // (A string: tsx would wrap a named inner function in a helper the page does not have.)
      await page.addInitScript(`
        window.sawBar = '';
        const timer = setInterval(function () {
          const app = document.querySelector('fc-app');
          const bar = app && app.shadowRoot && app.shadowRoot.querySelector('.progress');
          if (bar) { window.sawBar = bar.textContent.trim() || 'bar'; clearInterval(timer); }
        }, 5);
      `);
      await page.reload();
      await page.locator('fc-record-list [data-count]', { hasText: count }).waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1500);
      assert.is(await page.evaluate(() => (window as unknown as { sawBar: string }).sawBar), '', 'no first-sync bar at any moment');
      assert.is(await page.getByText(preparing).count(), 0);
      await page.screenshot({ path: `.tmp/offline-reload-${width}.png` });
    } finally {
      await browser.close();
      await server.close();
    }
  });
}

test.run();
