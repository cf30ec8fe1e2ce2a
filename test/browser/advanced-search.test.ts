// Advanced search in the browser: a select field's look-up offers every value (674-171544-QA), conditions find the
// records, alone or in OR groups, and the search saved as a dynamic group lists the same members.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, type SelectField } from '../../shared/entities/index.ts';
import { makeDoc } from '../helpers/docs.ts';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('conditions on a company’s type and industry, saved as a dynamic group', async () => {
  const server = await startAppServer(0);
  const browser = await launch();
  try {
    await server.store.insertMany('company', [
      makeDoc('company', { id: 'ab-1', name: 'Forge Alpha', type: 'supplier', industry: 'Steel' }),
      makeDoc('company', { id: 'ab-2', name: 'Forge Beta', type: 'customer', industry: 'steel' }),
      makeDoc('company', { id: 'ab-3', name: 'Mill Gamma', type: 'supplier', industry: 'Paper' }),
    ]);
    // The page is a desktop feature (the mobile theme runs no custom pages): at 375 px, the desktop theme chosen.
    for (const [width, height] of [[1366, 900], [375, 812]] as const) {
      const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width, height } })).newPage();
      await signInUI(page, server.url, 'admin');
      await waitReady(page);
      if (width < 500) {
        // A phone gets the mobile theme; its user switches to the desktop theme for desktop features.
        await page.locator('header details.menu summary').click();
        await page.locator('[data-theme-switch]').click();
      }
      await page.goto(`${server.url}/#/page/advanced-search`);
      const form = page.locator('fc-advanced-search form[data-advanced-search]');
      await form.waitFor({ timeout: 20_000 }).catch(async (e: unknown) => { await page.screenshot({ path: `.tmp/as-fail-${width}.png` }); throw e; });
      const row = form.locator('[data-condition="0"]');
      await row.locator('[data-field]').selectOption('type');
      // Every value of the select field is offered, not the first few.
      const options = (entityDef('company').fields.type as SelectField).options;
      assert.is(await row.locator('select[data-value] option').count(), options.length);
      await row.locator('select[data-value]').selectOption('supplier');
      await form.locator('[data-add-condition]').click();
      const second = form.locator('[data-condition="1"]');
      await second.locator('[data-field]').selectOption('industry');
      await second.locator('[data-op]').selectOption('contains');
      await second.locator('input[data-value]').fill('STEEL');
      await form.locator('[data-run-search]').click();
      const results = page.locator('fc-advanced-search [data-results] li');
      await results.first().waitFor();
      assert.equal(await results.allTextContents(), ['Forge Alpha']);
      // An OR group: (supplier and steel) or (paper).
      await form.locator('[data-add-group]').click();
      const third = form.locator('[data-group="1"] [data-condition="2"]');
      await third.locator('[data-field]').selectOption('industry');
      await third.locator('[data-op]').selectOption('equals');
      await third.locator('input[data-value]').fill('paper');
      await form.locator('[data-or]').first().waitFor();
      await form.locator('[data-run-search]').click();
      await page.locator('fc-advanced-search [data-results] li', { hasText: 'Mill Gamma' }).waitFor();
      assert.equal((await results.allTextContents()).sort(), ['Forge Alpha', 'Mill Gamma']);
      if (width === 1366) await page.screenshot({ path: '.tmp/advanced-search-or-1366.png', fullPage: true });
      // Its last condition removed, the group goes: the first group alone again.
      await third.getByRole('button', { name: 'Remove' }).click();
      await form.locator('[data-group="1"]').waitFor({ state: 'detached' });
      await form.locator('[data-run-search]').click();
      await page.locator('fc-advanced-search [data-results] li', { hasText: 'Mill Gamma' }).waitFor({ state: 'detached' });
      if (width === 1366) {
        await page.locator('fc-advanced-search #as-group').fill('Steel suppliers');
        await page.locator('fc-advanced-search [data-save-group]').click();
        await page.locator('fc-advanced-search [data-saved] a').waitFor();
        await page.screenshot({ path: '.tmp/advanced-search-1366.png', fullPage: true });
        await page.locator('fc-advanced-search [data-saved] a').click();
        await page.locator('fc-group-view').getByText('Forge Alpha').waitFor({ timeout: 20_000 });
        assert.is(await page.locator('fc-group-view').getByText('Mill Gamma').count(), 0);
      } else {
        await page.screenshot({ path: '.tmp/advanced-search-375.png', fullPage: true });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
