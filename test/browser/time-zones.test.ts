// Time that stays right in the browser (issue 17): a device whose own zone data is stale still shows the right hour,
// the appointment form keeps the typed wall time when the zone changes, and Help › About names both tzdata releases.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { ROOT } from '../../sync-server/config.ts';
import { makeDoc } from '../helpers/docs.ts';
import { zoneRules } from '../helpers/zones.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const SHOTS = join(ROOT, '.tmp');
mkdirSync(SHOTS, { recursive: true });

/**
 * Pins this page's Intl to zone rules from before IANA 2026c, as an iPhone that stopped updating keeps them:
 * Casablanca on +01 (no permanent +00 from 20 September 2026), Edmonton on Denver's daylight-saving rules.
 */
const STALE_DEVICE = `(() => {
  const Real = Intl.DateTimeFormat;
  const stale = { 'Africa/Casablanca': 'Etc/GMT-1', 'America/Edmonton': 'America/Denver' };
  function DateTimeFormat(locales, options) {
    const o = options && options.timeZone && stale[options.timeZone] ? Object.assign({}, options, { timeZone: stale[options.timeZone] }) : options;
    return new Real(locales, o);
  }
  DateTimeFormat.prototype = Real.prototype;
  DateTimeFormat.supportedLocalesOf = Real.supportedLocalesOf;
  Intl.DateTimeFormat = DateTimeFormat;
})();`;

const t = suite<{ server: TestServer; browser: Browser }>('time zones');
t.before(async (ctx) => {
  ctx.server = await startAppServer(2);
  ctx.browser = await launch();
  // Amina's zone for the administrator, who may see everyone's calendar.
  await ctx.server.store.updateUser('u-admin', { timeZone: 'Africa/Casablanca' });
  await ctx.server.store.insertMany('communication', [
    // Booked at 09:00 Casablanca on 15 June 2027: the current rules say 09:00Z,
    makeDoc('communication', { id: 'casa-now', territoryId: 't-na', ownerId: 'u-manager', kind: 'appointment', subject: 'Booked under 2026d', timeZone: 'Africa/Casablanca', localStart: '2027-06-15T09:00', localEnd: '2027-06-15T10:00', startsAt: '2027-06-15T09:00:00.000Z', endsAt: '2027-06-15T10:00:00.000Z' }),
    // and one stored by a server still on 2026b (08:00Z): the device reads it at the booked wall time.
    // Dan's 09:00 in Denver on the day clocks go back (MST: 16:00Z).
    makeDoc('communication', { id: 'den-fall', territoryId: 't-na', ownerId: 'u-manager', kind: 'appointment', subject: 'Denver, after the change', timeZone: 'America/Denver', localStart: '2027-11-07T09:00', localEnd: '2027-11-07T10:00', startsAt: '2027-11-07T16:00:00.000Z', endsAt: '2027-11-07T17:00:00.000Z' }),
    makeDoc('communication', { id: 'casa-old', territoryId: 't-na', ownerId: 'u-manager', kind: 'appointment', subject: 'Booked under 2026b', timeZone: 'Africa/Casablanca', localStart: '2027-06-15T11:00', localEnd: '2027-06-15T12:00', startsAt: '2027-06-15T10:00:00.000Z', endsAt: '2027-06-15T11:00:00.000Z' }),
  ]);
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

async function stalePage(browser: Browser, server: TestServer): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Africa/Casablanca', viewport: { width: 1280, height: 900 } });
  await context.addInitScript(STALE_DEVICE);
  const page = await context.newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  return page;
}

t('a device with stale zone data shows 09:00 Casablanca on 15 June 2027 (its own Intl says 10:00)', async ({ server, browser }) => {
  const page = await stalePage(browser, server);
  // The simulation holds: this page's Intl puts 09:00Z at 10:00 in Casablanca, as pre-2026c data does.
  const own = await page.evaluate(() => new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Casablanca', hour: '2-digit', minute: '2-digit', hour12: false }).format(Date.parse('2027-06-15T09:00:00Z')));
  assert.is(own, '10:00');
  await page.goto(`${server.url}/#/calendar/day/2027-06-15?user=u-manager`);
  await page.locator('fc-calendar a.item[data-id="casa-now"]', { hasText: '09:00' }).waitFor({ timeout: 20_000 });
  await page.locator('fc-calendar a.item[data-id="casa-old"]', { hasText: '11:00' }).waitFor();
  // A colleague's appointment in another zone: Denver's 09:00 MST is 16:00 in Casablanca (this device's Intl: 17:00).
  await page.goto(`${server.url}/#/calendar/day/2027-11-07?user=u-manager`);
  await page.locator('fc-calendar a.item[data-id="den-fall"]', { hasText: '16:00' }).waitFor({ timeout: 20_000 });
  // The record's own screen and the edit form read the same wall time.
  await page.goto(`${server.url}/#/communication/casa-now`);
  await page.locator('fc-record-view dd[data-field="startsAt"]', { hasText: '09:00' }).waitFor();
  await page.goto(`${server.url}/#/communication/casa-old/edit`);
  await page.locator('fc-record-form #startsAt').waitFor();
  assert.is(await page.locator('fc-record-form #startsAt').inputValue(), '2027-06-15T11:00');
  // Help › About says both releases, and that this browser's own rules are out of date for Casablanca.
  await page.locator('fc-nav a[data-tab="help"]').click();
  await page.locator('fc-nav nav.sub a[data-tab="about"]').waitFor();
  await page.locator('fc-about [data-server-tzdata]', { hasText: zoneRules.version }).waitFor();
  assert.is(await page.locator('fc-about [data-device-tzdata]').textContent(), zoneRules.version);
  assert.match(String(await page.locator('fc-about [data-browser-rules]').textContent()), /out of date for Africa\/Casablanca/);
  await page.screenshot({ path: join(SHOTS, 'about-stale-device.png') });
});

t('Dan in Denver (a current browser) sees the Casablanca 09:00 at 03:00 and his own at 09:00', async ({ server, browser }) => {
  const page = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'America/Denver', viewport: { width: 1280, height: 900 } })).newPage();
  await signInUI(page, server.url, 'manager');
  await waitReady(page);
  await page.goto(`${server.url}/#/calendar/day/2027-06-15`);
  await page.locator('fc-calendar a.item[data-id="casa-now"]', { hasText: '03:00' }).waitFor({ timeout: 20_000 });
  await page.goto(`${server.url}/#/calendar/day/2027-11-07`);
  await page.locator('fc-calendar a.item[data-id="den-fall"]', { hasText: '09:00' }).waitFor();
});

t('the form: changing the zone after typing 09:00 keeps 09:00, shows the new offset, and saves that wall time', async ({ server, browser }) => {
  const page = await stalePage(browser, server);
  await page.goto(`${server.url}/#/communication/new?kind=appointment&ownerId=u-manager&timeZone=Africa%2FCasablanca`);
  await page.locator('fc-record-form form').waitFor();
  await page.fill('#subject', 'Typed at nine');
  await page.fill('#startsAt', '2027-06-15T09:00');
  await page.locator('#startsAt').dispatchEvent('change');
  await page.fill('#endsAt', '2027-06-15T10:00');
  await page.locator('#endsAt').dispatchEvent('change');
  assert.is(await page.locator('fc-record-form [data-offset]').textContent(), 'UTC');
  await page.selectOption('#timeZone', 'America/Denver');
  assert.is(await page.locator('#startsAt').inputValue(), '2027-06-15T09:00', 'the typed wall time stays');
  assert.is(await page.locator('#endsAt').inputValue(), '2027-06-15T10:00');
  assert.is(await page.locator('fc-record-form [data-offset]').textContent(), 'UTC\u221206:00');
  await page.locator('fc-record-form [data-field="timeZone"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'form-zone-change.png') });
  await page.selectOption('#timeZone', 'America/Edmonton');
  assert.is(await page.locator('#startsAt').inputValue(), '2027-06-15T09:00');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = await onServer('the new appointment', async () => (await server.store.search('communication', 'Typed at nine', { kind: 'everyone' }, 5))[0]);
  assert.equal([saved.timeZone, saved.localStart, saved.localEnd, saved.startsAt, saved.endsAt], ['America/Edmonton', '2027-06-15T09:00', '2027-06-15T10:00', '2027-06-15T15:00:00.000Z', '2027-06-15T16:00:00.000Z']);
});

t.run();
