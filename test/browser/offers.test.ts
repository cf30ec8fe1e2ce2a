// Only what a profile allows is offered; Cancel returns to the record; a new form starts in its first field; the skip
// link reaches the screen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('Marketing is not offered new appointments or tasks; the administrator is', async () => {
  const server = await startAppServer(6);
  const browser = await launch();
  try {
    const amina = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(amina, server.url, 'marketing');
    await waitReady(amina);
    await amina.goto(`${server.url}/#/calendar`);
    await amina.locator('fc-calendar .modes').waitFor();
    assert.is(await amina.locator('fc-calendar a.button.primary').count(), 0, 'no "+ Nouveau rendez-vous"');
    await amina.goto(`${server.url}/#/company/c00000/communication`);
    await amina.locator('fc-record-view').waitFor();
    await amina.waitForTimeout(300);
    assert.is(await amina.getByRole('button', { name: /rendez-vous|tâche/i }).count(), 0);
    await amina.goto(`${server.url}/#/company`);
    await amina.locator('fc-record-list a.button.primary').waitFor(); // she may create companies

    const admin = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(admin, server.url, 'admin');
    await waitReady(admin);
    await admin.goto(`${server.url}/#/calendar`);
    await admin.locator('fc-calendar a.button.primary', { hasText: 'New appointment' }).waitFor();

    // Cancel on an edit form opened directly (a reload, a link) goes back to the record, not the list.
    await admin.goto(`${server.url}/#/company/c00001/edit`);
    await admin.locator('#industry').waitFor();
    await admin.getByRole('button', { name: 'Cancel' }).click();
    await admin.waitForFunction(() => /^#\/company\/c00001(\/summary)?$/.test(location.hash));
    // A new form starts in its first field.
    await admin.goto(`${server.url}/#/company/new`);
    await admin.locator('#name').waitFor();
    await admin.waitForFunction(() => {
      const host = document.querySelector('fc-app')?.shadowRoot?.querySelector('main fc-record-form');
      return host?.shadowRoot?.activeElement?.id === 'name';
    });
    // The skip link, first on the page, takes the keyboard past the header to the screen.
    // (A fresh load: the browser's Tab starting point is then the top of the page, as for a user arriving.)
    await admin.goto(`${server.url}/#/company`);
    await admin.reload();
    await admin.locator('fc-record-list').waitFor();
    await admin.keyboard.press('Tab');
    const skip = admin.getByText('Skip to content');
    assert.ok(await skip.isVisible());
    await admin.keyboard.press('Enter');
    await admin.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.activeElement?.tagName === 'MAIN');
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
