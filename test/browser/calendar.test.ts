// Calendar and communications in the browser, each seed behaviour named by its id, with users in different time zones.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { makeDoc } from '../helpers/docs.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const t = suite<{ server: TestServer; browser: Browser }>('calendar');
t.before(async (ctx) => {
  ctx.server = await startAppServer(6);
  ctx.browser = await launch();
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

async function managerPage(browser: Browser, server: TestServer, timezoneId = 'America/Denver'): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-GB', timezoneId, viewport: { width: 1280, height: 900 } })).newPage();
  await signInUI(page, server.url, 'manager');
  await waitReady(page);
  return page;
}

t('704-171863-QA: open an item from the Tasks view, Cancel: back on the Tasks view; the same for Save', async ({ server, browser }) => {
  const page = await managerPage(browser, server);
  await page.goto(`${server.url}/#/calendar/tasks`);
  const first = page.locator('fc-calendar ul.tasks li a').first();
  await first.click();
  await page.locator('fc-record-form form').waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForURL(/#\/calendar\/tasks/);
  await page.locator('fc-calendar ul.tasks').waitFor();
  await page.locator('fc-calendar ul.tasks li a').first().click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/#\/calendar\/tasks/);
  // And from the Month view.
  await page.goto(`${server.url}/#/calendar/month`);
  await page.locator('fc-calendar .cell a[data-id]').first().click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForURL(/#\/calendar\/month/);
});

t('tasks complete in one tap', async ({ server, browser }) => {
  const page = await managerPage(browser, server);
  await page.goto(`${server.url}/#/calendar/tasks`);
  const row = page.locator('fc-calendar ul.tasks li').filter({ hasText: 'Pending' }).first();
  const id = await row.getAttribute('data-id');
  await row.locator('input[type=checkbox]').click();
  await onServer('the task completed', async () => (await server.store.getByIds('communication', [id!]))[0]!.status === 'complete');
});

t('389-171819-QA: an appointment made from a company carries the company, its main person, phone and e-mail', async ({ server, browser }) => {
  const page = await managerPage(browser, server);
  await page.goto(`${server.url}/#/company/c00001?tab=communication`);
  await page.getByRole('button', { name: '+ New appointment' }).click();
  await page.locator('fc-record-form form').waitFor();
  const person = (await server.store.pull('person', 0, 100, { kind: 'territory', territories: ['t-na'] })).documents.filter((p) => p.companyId === 'c00001').sort((a, b) => a.id.localeCompare(b.id))[0]!;
  const phone = (person.phones as { number: string }[])[0]!.number;
  const email = (person.emails as { address: string }[])[0]!.address;
  assert.is(await page.locator('#phone').inputValue(), phone);
  assert.is(await page.locator('#email').inputValue(), email);
  await page.fill('#subject', 'Visit from the company screen');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/#\/company\/c00001\?tab=communication/);
  const saved = await onServer('the new appointment', async () => (await server.store.search('communication', 'Visit from the company screen', { kind: 'territory', territories: ['t-na'] }, 5))[0]);
  assert.equal([saved.companyId, saved.personId, saved.phone, saved.email, saved.ownerId], ['c00001', person.id, phone, email, 'u-manager']);
});

t('783-171743-QA and 685-171625-QA: a time changed by editing and by dragging is saved, in Mountain Time', async ({ server, browser }) => {
  const page = await managerPage(browser, server, 'America/Denver');
  // Edit: 10:30 wall-clock in Denver on a date after the November change (MST, UTC-7).
  const id = 'm000010';
  await page.goto(`${server.url}/#/communication/${id}/edit`);
  await page.fill('#startsAt', '2026-12-02T10:30');
  await page.locator('#startsAt').dispatchEvent('change');
  await page.fill('#endsAt', '2026-12-02T11:30');
  await page.locator('#endsAt').dispatchEvent('change');
  await page.getByRole('button', { name: 'Save' }).click();
  let rec = await onServer('the edited time', async () => (await server.store.getByIds('communication', [id]))[0]!.startsAt === '2026-12-02T17:30:00.000Z' && (await server.store.getByIds('communication', [id]))[0]);
  assert.equal([rec.startsAt, rec.endsAt, rec.timeZone], ['2026-12-02T17:30:00.000Z', '2026-12-02T18:30:00.000Z', 'America/Denver']);

  // Drag in the Day view: one hour down.
  await page.goto(`${server.url}/#/calendar/day/2026-12-02`);
  const item = page.locator(`fc-calendar a.item[data-id="${id}"]`);
  await item.scrollIntoViewIfNeeded();
  const box = (await item.boundingBox())!;
  await page.mouse.move(box.x + 10, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 10, box.y + 5 + 24, { steps: 4 });
  await page.mouse.move(box.x + 10, box.y + 5 + 48, { steps: 4 });
  await page.mouse.up();
  rec = await onServer('the dragged time', async () => (await server.store.getByIds('communication', [id]))[0]!.startsAt === '2026-12-02T18:30:00.000Z' && (await server.store.getByIds('communication', [id]))[0]);
  assert.equal([rec.startsAt, rec.endsAt], ['2026-12-02T18:30:00.000Z', '2026-12-02T19:30:00.000Z'], 'moved by one hour, length kept');
  await page.locator(`fc-calendar a.item[data-id="${id}"]`, { hasText: '11:30' }).waitFor();
  // Appointments show whom they are with: the company and the person.
  const [company] = await server.store.getByIds('company', [rec.companyId as string]);
  await page.locator(`fc-calendar a.item[data-id="${id}"]`, { hasText: String(company!.name) }).waitFor();
});

t('685-171625-QA: a colleague in another zone sees the same instant in their own time (browser in Casablanca)', async ({ server, browser }) => {
  // A 11:30 Mountain Time appointment on Dan's calendar, on its own (not left by another test).
  await server.store.insertMany('communication', [
    makeDoc('communication', { id: 'tz1', territoryId: 't-na', ownerId: 'u-manager', kind: 'appointment', subject: 'Zones apart', startsAt: '2026-12-03T18:30:00.000Z', endsAt: '2026-12-03T19:00:00.000Z', timeZone: 'America/Denver' }),
  ]);
  // The admin's profile zone is Europe/London; their browser runs in Africa/Casablanca (UTC+1 in December).
  const page = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'Africa/Casablanca' })).newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  await page.goto(`${server.url}/#/calendar/day/2026-12-03?user=u-manager`);
  // 18:30Z (11:30 in Denver) is 18:30 in London: the profile zone, whatever the browser's.
  await page.locator('fc-calendar a.item[data-id="tz1"]', { hasText: '18:30' }).waitFor({ timeout: 20_000 });
});

t('394-171429-QA: printing a communication prints that communication, not the page around it', async ({ server, browser }) => {
  const page = await managerPage(browser, server);
  await page.goto(`${server.url}/#/communication/m000010`);
  await page.locator('fc-record-view h1').waitFor();
  await page.emulateMedia({ media: 'print' });
  const visible = async (sel: string): Promise<boolean> => page.locator(sel).first().isVisible();
  assert.is(await visible('fc-app header'), false);
  assert.is(await visible('fc-nav'), false);
  assert.is(await visible('fc-record-view .actions'), false);
  assert.is(await visible('fc-record-view h1'), true);
  assert.is(await visible('fc-record-view dd[data-field="subject"]'), true);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
});

t('subscribe: the link the calendar screen makes serves an iCalendar feed until it is revoked', async ({ server, browser }) => {
  const page = await managerPage(browser, server);
  await page.goto(`${server.url}/#/calendar/week`);
  await page.locator('fc-calendar-feed summary').click();
  await page.locator('[data-feed-make]').click();
  const input = page.locator('fc-calendar-feed input');
  await input.waitFor();
  const url = await input.inputValue();
  assert.match(url, /\/api\/calendar\/[^/]+\.ics$/);
  const feed = await fetch(url);
  assert.is(feed.status, 200);
  assert.match(feed.headers.get('content-type') ?? '', /text\/calendar/);
  assert.match(await feed.text(), /BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT/);
  await page.locator('[data-feed-revoke]').click();
  await page.getByText('The link no longer works.').waitFor();
  assert.is((await fetch(url)).status, 404);
});

t.run();
