// A fresh device while its first sync stores records: the lists say the records are on their way, not that there are none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer } from './helpers.ts';

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

test.run();
