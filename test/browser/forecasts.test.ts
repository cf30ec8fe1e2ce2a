// Sales → Forecasts in the browser (781-171899-QA): the manager Sophie reports to edits her forecast; the administrator
// sees it read-only and why; the manager's team rolled up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('a manager edits a forecast of someone reporting to him; an administrator reads it, and why read-only', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const year = new Date().getFullYear();
    const dan = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(dan, server.url, 'manager');
    await waitReady(dan);
    await dan.goto(`${server.url}/#/page/forecasts`);
    const screen = dan.locator('fc-forecasts');
    await screen.locator('select[name=forecastUser]').selectOption('u-sales');
    await screen.getByText('Sophie Martin reports to you: you may change their forecasts.').waitFor();
    await screen.getByLabel(`Forecast ${year}-03`).fill('12500.50');
    await screen.getByRole('button', { name: `Save ${year}-03` }).click();
    await screen.getByText(`Forecast for ${year}-03 saved.`).waitFor();
    const [saved] = await server.store.forecasts.list(['u-sales'], '', '');
    assert.equal([saved?.period, saved?.amount, saved?.currency, saved?.updatedBy], [`${year}-03`, 1_250_050, 'EUR', 'u-manager']);
    await screen.locator('select[name=forecastKind]').selectOption('quarter');
    await screen.locator('select[name=teamPeriod]').selectOption(`${year}-Q1`);
    await screen.locator('tr[data-total]', { hasText: '12,500.50' }).waitFor();
    await dan.screenshot({ path: '.tmp/forecasts-1366.png', fullPage: true });

    const admin = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(admin, server.url, 'admin');
    await waitReady(admin);
    if ((await admin.locator('html').getAttribute('lang')) !== 'fr') await admin.getByRole('button', { name: 'Français' }).click();
    await admin.goto(`${server.url}/#/page/forecasts`);
    const ro = admin.locator('fc-forecasts');
    await ro.locator('select[name=forecastUser]').selectOption('u-sales');
    await ro.getByText('Lecture seule : seuls Sophie Martin et Dan Rivera, à qui il rend compte, peuvent modifier ces prévisions.').waitFor();
    assert.is(await ro.locator('tbody input').count(), 0, 'no field to type in');
    await ro.locator(`tr[data-period="${year}-03"]`, { hasText: '12 500,50' }).waitFor();
    await admin.screenshot({ path: '.tmp/forecasts-readonly-fr.png', fullPage: true });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
