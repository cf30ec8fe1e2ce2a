// Marketing in the browser: duplicate e-mail detection switched on by an administrator and applied by the entry form
// online and offline, MailChimp configured against the local double, the E-mail duplicates screen, a group sent and
// the notification whose counts open the group filtered to the records to fix (742-171455-ENH).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../../sync-server/config.ts';
import { makeDoc } from '../helpers/docs.ts';
import { startMailChimpDouble, TEST_API_KEY, type MailChimpDouble } from '../helpers/mailchimp-double.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { goOffline, goOnline, launch, onServer, signInUI, waitReady } from './helpers.ts';

const t = suite<{ server: TestServer; browser: Browser; double: MailChimpDouble }>('marketing');
t.before(async (ctx) => {
  ctx.double = await startMailChimpDouble();
  // 21 demo companies: the leads of companies 0 and 20 share their main person's address (two duplicates).
  ctx.server = await startServer({ companies: 21, staticDir: join(ROOT, 'dist'), mailchimpBaseUrl: ctx.double.url });
  ctx.browser = await launch();
});
t.after(async ({ server, browser, double }) => {
  await browser.close();
  await server.close();
  await double.close();
});

async function desktop(browser: Browser, server: TestServer, login: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
  await signInUI(page, server.url, login);
  await waitReady(page);
  return page;
}

async function newPersonWith(page: Page, url: string, lastName: string, address: string): Promise<void> {
  await page.goto(`${url}/#/person`); // a fresh form, not the one already open
  await page.locator('fc-record-list').waitFor();
  await page.goto(`${url}/#/person/new`);
  await page.locator('fc-record-form #lastName').waitFor();
  // The person refused before was neither saved nor cancelled: its form comes back as a draft (decision 0060).
  const discard = page.locator('fc-record-form [data-discard-draft]');
  if (await discard.count()) {
    await discard.click();
    await discard.waitFor({ state: 'detached' });
  }
  await page.locator('fc-record-form #lastName').fill(lastName);
  await page.locator('fc-record-form [data-field=emails] button.add').click();
  await page.locator('fc-record-form input[name="emails.0.address"]').fill(address);
  await page.getByRole('button', { name: 'Save' }).click();
}

t('742-171455-ENH: switched on by an administrator, the form refuses a used address, online (asking the server) and offline (at once)', async ({ server, browser }) => {
  const page = await desktop(browser, server, 'admin');
  await page.goto(`${server.url}/#/page/admin/integrations`);
  await page.locator('fc-marketing-settings [data-setting=duplicateEmailDetection]').check();
  // Allowed over existing duplicates, and the administrator is pointed at them.
  const note = page.locator('fc-marketing-settings [data-existing-duplicates]');
  await note.waitFor();
  assert.is(await note.getAttribute('data-existing-duplicates'), '2');
  await page.screenshot({ path: join(ROOT, '.tmp', 'marketing-admin.png'), fullPage: true });

  await newPersonWith(page, server.url, 'Online', 'INFO@panoplyltd.example');
  const issue = page.locator('fc-record-form #emails\\.0\\.address-issue');
  await issue.waitFor();
  assert.match(await issue.innerText(), /already used by Panoply Ltd/);
  assert.match(page.url(), /#\/person\/new/, 'still on the form: nothing saved');

  const ctx = page.context();
  await goOffline(ctx, server);
  try {
    await newPersonWith(page, server.url, 'Offline', 'Info@PanoplyLtd.example '); // a pasted trailing space too
    await page.locator('fc-record-form #emails\\.0\\.address-issue').waitFor();
    assert.match(await page.locator('fc-record-form #emails\\.0\\.address-issue').innerText(), /already used by Panoply Ltd/);
    await page.screenshot({ path: join(ROOT, '.tmp', 'marketing-form-offline.png') });
  } finally {
    await goOnline(ctx, server);
  }
  await ctx.close();
});

t('MailChimp: configured by the administrator; a marketing user sees E-mail duplicates, sends a group, and the notification opens the group filtered to the duplicates', async ({ server, browser, double }) => {
  const admin = await desktop(browser, server, 'admin');
  await admin.goto(`${server.url}/#/page/admin/integrations`);
  await admin.locator('fc-marketing-settings #mc-key').fill(TEST_API_KEY);
  await admin.locator('fc-marketing-settings [data-save-key]').click();
  await admin.locator('fc-marketing-settings [data-audience] option[value=a1b2c3d4e5]').waitFor({ state: 'attached' });
  await admin.locator('fc-marketing-settings [data-audience]').selectOption('a1b2c3d4e5');
  await admin.locator('fc-marketing-settings [data-mailchimp-enabled]:not([disabled])').check();
  await admin.locator('fc-marketing-settings [data-mailchimp-state]').filter({ hasText: 'MailChimp is on' }).waitFor();
  await admin.context().close();

  // Members for a group: the two persons whose address a lead shares, one without an address, one with a broken one.
  await server.store.insertMany('person', [
    makeDoc('person', { id: 'mk-none', lastName: 'Noaddress', territoryId: 't-af' }),
    makeDoc('person', { id: 'mk-bad', lastName: 'Broken', territoryId: 't-af', emails: [{ type: 'business', address: 'broken@' }] }),
  ]);
  const page = await desktop(browser, server, 'marketing');
  await page.locator('fc-nav a[data-tab=marketing]').click();
  await page.locator('fc-nav a[data-tab=email-duplicates]').click();
  await page.locator('fc-email-duplicates [data-address]').first().waitFor();
  assert.is(await page.locator('fc-email-duplicates [data-address]').count(), 2);
  await page.screenshot({ path: join(ROOT, '.tmp', 'marketing-duplicates.png'), fullPage: true });

  const leads = (await server.store.getByIds('lead', ['l00000'])).concat(await server.store.getByIds('lead', ['l00020']));
  const res = await page.context().request.post(`${server.url}/api/groups`, { data: { name: 'Fair leads', entity: 'lead', kind: 'static' } });
  const group = (await res.json()) as { id: string };
  await page.context().request.post(`${server.url}/api/groups/${group.id}/members`, { data: { ids: leads.map((l) => l.id) } });
  // Add a person-shared address twice inside the group: a lead copying another lead's address.
  await server.store.insertMany('lead', [makeDoc('lead', { id: 'mk-l1', description: 'Copy', territoryId: 't-af', emails: leads[0]!.emails as never })]);
  await page.context().request.post(`${server.url}/api/groups/${group.id}/members`, { data: { ids: ['mk-l1'] } });
  const before = double.requests.length;

  await page.goto(`${server.url}/#/page/group/${group.id}`);
  await page.locator('[data-mailchimp-send]').click();
  await page.locator('[data-outcome] [data-rejected]').waitFor();
  assert.is(double.requests.length, before, 'a group with duplicates is refused before anything is sent');
  const badge = page.locator('fc-notifications [data-unread]');
  await badge.waitFor();
  assert.is(await badge.innerText(), '1');
  // The dashboard gadget shows it too, with the same links.
  await page.locator('fc-nav a[data-tab=dashboard]').click();
  await page.locator('fc-dashboard [data-gadget=notifications] a[data-only=duplicate]').waitFor();
  await page.screenshot({ path: join(ROOT, '.tmp', 'marketing-dashboard.png') });
  await page.goBack();
  await page.locator('fc-group-view').waitFor();
  await page.locator('fc-notifications [data-notifications]').click();
  await page.screenshot({ path: join(ROOT, '.tmp', 'marketing-notification.png') });
  await page.locator('fc-notifications a[data-only=duplicate]').click();
  await page.waitForURL(/only=duplicate/);
  await onServer('the filtered group', async () => (await page.locator('fc-group-view [data-member]').count()) === 2);
  await page.screenshot({ path: join(ROOT, '.tmp', 'marketing-group-duplicates.png'), fullPage: true });
});

t.run();
