// A phone's header is one row (status, badge, bell, menu); the menu holds the rest inside the screen; the "desktop
// theme" note can be put away for good; a tab row longer than the screen says there is more.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('phone header at 375 and 320 px, in English and French', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    for (const [width, locale, signOut] of [[375, 'en-GB', 'Sign out'], [320, 'fr-FR', 'Se déconnecter']] as const) {
      const page = await (await browser.newContext({ locale, viewport: { width, height: 667 }, isMobile: true, hasTouch: true })).newPage();
      await signInUI(page, server.url, locale === 'fr-FR' ? 'sales' : 'admin');
      await waitReady(page);
      const header = await page.locator('header').boundingBox();
      assert.ok(header && header.height < 70, `one row at ${width} px (${header?.height} px high)`);
      await page.locator('header details.menu summary').click();
      const out = page.locator('header .menu-items').getByRole('button', { name: signOut });
      await out.waitFor();
      const box = await out.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `the menu stays on screen at ${width} px`);
      await page.screenshot({ path: `.tmp/phone-header-${width}.png` });
      await page.locator('header details.menu summary').click();

      const note = page.locator('[data-desktop-only]');
      await note.waitFor();
      await note.getByRole('button').click();
      await note.waitFor({ state: 'detached' });
      await page.reload();
      await waitReady(page);
      assert.is(await page.locator('[data-desktop-only]').count(), 0, 'shown once, not on every screen');
      if (width === 320) assert.is(await page.locator('fc-nav nav.main').getAttribute('data-more'), '', 'more tabs than the screen: the row says so');
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
