// On a phone, a company's phone dials, its e-mail writes, its website opens and its address opens the maps app; its
// form asks for the right keyboards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('tap to act on a record, and the right keyboards in its form (375 px, iPhone)', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 13_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Mobile/15E148 Safari/604.1',
    });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const c = (await server.store.getByIds('company', ['c00000']))[0] as unknown as { phones: { number: string }[]; emails: { address: string }[]; website: string };
    await page.goto(`${server.url}/#/company/c00000`);
    const tel = page.locator('dd[data-field="phones"] a[data-act="tel"]').first();
    await tel.waitFor();
    assert.is(await tel.getAttribute('href'), `tel:${c.phones[0]!.number.replace(/(?!^\+)[^\d]/g, '')}`);
    assert.is(await page.locator('dd[data-field="emails"] a[data-act="mail"]').first().getAttribute('href'), `mailto:${c.emails[0]!.address}`);
    assert.match((await page.locator('dd[data-field="addresses"] a[data-act="map"]').first().getAttribute('href')) ?? '', /^https:\/\/maps\.apple\.com\/\?q=/);
    const web = page.locator('dd[data-field="website"] a[data-act="web"]');
    assert.equal([await web.getAttribute('href'), await web.getAttribute('target'), await web.getAttribute('rel')], [new URL(c.website).href, '_blank', 'noopener noreferrer']);

    await page.goto(`${server.url}/#/company/c00000/edit`);
    await page.locator('input[name="phones.0.number"]').waitFor();
    assert.equal(
      [await page.getAttribute('input[name="phones.0.number"]', 'type'), await page.getAttribute('input[name="emails.0.address"]', 'type'), await page.getAttribute('#website', 'type')],
      ['tel', 'email', 'url'],
    );
    await page.screenshot({ path: '.tmp/tap-to-act.png' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
