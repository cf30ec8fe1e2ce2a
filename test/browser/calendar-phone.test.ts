// The calendar on a phone opens on the day, its week is an agenda list; on a desktop, overlapping appointments sit side
// by side, each with its whole start time and a subject cut with an ellipsis, never mid-word.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeDoc } from '../helpers/docs.ts';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const DAY = '2026-12-10';
const at = (h: number, m = 0): string => `${DAY}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;

test('phone: day first, week as an agenda; desktop: overlapping appointments side by side and readable', async () => {
  const server = await startAppServer(3);
  // Three overlapping appointments of the admin (Europe/London: UTC in December).
  await server.store.insertMany('communication', [
    makeDoc('communication', { id: 'ov1', territoryId: 't-eu', ownerId: 'u-admin', kind: 'appointment', subject: 'Follow up on the quote', startsAt: at(8), endsAt: at(9, 30), timeZone: 'Europe/London' }),
    makeDoc('communication', { id: 'ov2', territoryId: 't-eu', ownerId: 'u-admin', kind: 'appointment', subject: 'Site visit Panoply', startsAt: at(8, 30), endsAt: at(9, 30), timeZone: 'Europe/London' }),
    makeDoc('communication', { id: 'ov3', territoryId: 't-eu', ownerId: 'u-admin', kind: 'appointment', subject: 'Call back the buyer', startsAt: at(9), endsAt: at(10), timeZone: 'Europe/London' }),
  ]);
  const browser = await launch();
  try {
    for (const [width, locale, weekday] of [[375, 'fr-FR', 'jeudi 10 décembre'], [320, 'en-GB', 'Thursday 10 December']] as const) {
      const page = await (await browser.newContext({ locale, viewport: { width, height: 667 }, isMobile: true, hasTouch: true })).newPage();
      await signInUI(page, server.url);
      await waitReady(page);
      if (locale === 'fr-FR') {
        await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
        await page.reload();
        await waitReady(page);
      }
      // The nav's calendar tab names no view: a phone opens on the day.
      await page.goto(`${server.url}/#/calendar`);
      await page.locator('fc-calendar button[data-mode="day"][aria-pressed="true"]').waitFor();
      assert.is(await page.locator('fc-calendar .grid').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length), 2, 'hours and one day');
      // The week: a list of days, not seven columns.
      await page.goto(`${server.url}/#/calendar/week/${DAY}`);
      const agenda = page.locator('fc-calendar [data-agenda]');
      await agenda.waitFor();
      assert.is(await page.locator('fc-calendar .grid').count(), 0);
      const day = agenda.locator(`li[data-day="${DAY}"]`);
      assert.is((await day.locator('h2').textContent())?.trim(), weekday);
      await day.locator('a[data-id="ov1"]', { hasText: '08:00–09:30' }).waitFor();
      assert.match((await day.locator('a[data-id="ov1"]').textContent()) ?? '', /Follow up on the quote/);
      const box = await day.locator('a[data-id="ov3"]').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width && box.height >= 44, 'fits the screen, a finger-sized target');
      await page.screenshot({ path: `.tmp/calendar-phone-${width}.png` });
      await page.context().close();
    }

    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(page, server.url);
    await waitReady(page);
    await page.goto(`${server.url}/#/calendar`);
    await page.locator('fc-calendar button[data-mode="week"][aria-pressed="true"]').waitFor();
    await page.goto(`${server.url}/#/calendar/week/${DAY}`);
    const items = ['ov1', 'ov2', 'ov3'].map((id) => page.locator(`fc-calendar a.item[data-id="${id}"]`));
    await items[2]!.waitFor();
    await page.mouse.move(5, 700); // not resting on an item (the sign-in click left it mid-screen)
    const boxes = await Promise.all(items.map(async (i) => (await i.boundingBox())!));
    await page.screenshot({ path: ".tmp/calendar-week-overlap.png" });
    for (let i = 1; i < 3; i++) assert.ok(boxes[i]!.x >= boxes[i - 1]!.x + boxes[i - 1]!.width - 1, `item ${i + 1} sits beside item ${i}, not over it: ${JSON.stringify(boxes)}`);
    for (const item of items) {
      // The time is whole; the subject ends with an ellipsis rather than broken in a word.
      const time = item.locator('strong');
      assert.match((await time.textContent())?.trim() ?? '', /^\d{2}:\d{2}$/);
      assert.ok(await time.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the time is not cut');
      assert.is(await item.locator('.subject').evaluate((el) => getComputedStyle(el).textOverflow), 'ellipsis');
    }
    await items[0]!.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '.tmp/calendar-week-overlap.png' });
    await items[1]!.hover();
    assert.ok(((await items[1]!.boundingBox())?.width ?? 0) >= 160, 'pointed at, it opens up to be read');
    await page.screenshot({ path: '.tmp/calendar-week-overlap-hover.png' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
