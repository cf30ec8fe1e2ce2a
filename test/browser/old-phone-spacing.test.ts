// Without flex gap (Safari before 14.1, Chrome before 84) toolbar buttons still do not touch: the page is served with
// every `gap` taken out of its styles and the fallback turned on, as iOS 13 would read them, at 320 and 375 px.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_FLEX_GAP } from '../../pwa/build/gap-fallback.ts';
import { launch, signInUI, startAppServer } from './helpers.ts';

test('toolbars keep their spacing with no flex gap (320 px English, 375 px French)', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    for (const [width, locale] of [[320, 'en-GB'], [375, 'fr-FR']] as const) {
      // No service worker: it would answer from its cache, past the rewriting below.
      const ctx = await browser.newContext({ locale, viewport: { width, height: 667 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
      await ctx.route('**/assets/*.js', async (route) => {
        const res = await route.fetch();
        const body = (await res.text()).replace(/([{;\s])gap:/g, '$1--no-gap:').split(NO_FLEX_GAP).join('@supports (inset: 0)');
        await route.fulfill({ response: res, body });
      });
      const page = await ctx.newPage();
      await signInUI(page, server.url);
      if (locale === 'fr-FR') {
        await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
        await page.reload();
      }
      await page.goto(`${server.url}/#/company/c00000`);
      const toolbar = page.locator('fc-record-view .toolbar').first();
      await toolbar.locator('button, a').nth(1).waitFor({ timeout: 20_000 });
      assert.is(await toolbar.evaluate((el) => getComputedStyle(el).getPropertyValue('gap')), 'normal', 'the gap is gone, as on iOS 13');
      const boxes = await toolbar.locator(':scope > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      assert.ok(boxes.length >= 2, `${boxes.length} buttons`);
      for (let i = 1; i < boxes.length; i++) {
        const a = boxes[i - 1]!;
        const b = boxes[i]!;
        const sameLine = Math.abs(a.top - b.top) < 4;
        if (sameLine) assert.ok(b.left - a.right >= 6, `buttons ${i} and ${i + 1} are ${b.left - a.right} px apart`);
        else assert.ok(b.top - a.bottom >= 6 || b.top >= a.bottom + 6, `wrapped buttons ${i} and ${i + 1} are ${b.top - a.bottom} px apart`);
      }
      await page.screenshot({ path: `.tmp/no-flex-gap-${width}.png` });
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
