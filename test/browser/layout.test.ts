// At every window width from 320 to 1920 px the action buttons stay visible and clickable (674-171591-QA).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const WIDTHS = [320, 360, 414, 600, 768, 1024, 1280, 1600, 1920];
const SCREENS: { url: string; buttons: string[] }[] = [
  { url: '/#/company', buttons: ['+ New'] },
  { url: '/#/company/c00000', buttons: ['Edit', 'Delete'] },
  { url: '/#/company/c00000?tab=person', buttons: ['+ New person'] },
  { url: '/#/company/c00000?tab=communication', buttons: ['+ New appointment', '+ New task'] },
  { url: '/#/company/c00000/edit', buttons: ['Save', 'Cancel'] },
];

test('action buttons are in view and clickable at every width, in both themes', async () => {
  const server = await startAppServer(4);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const problems: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 700 });
      for (const screen of SCREENS) {
        await page.goto(server.url + screen.url);
        for (const name of screen.buttons) {
          const button = page.getByRole(name.startsWith('Edit') ? 'link' : 'button', { name, exact: true }).or(page.getByRole('link', { name, exact: true })).first();
          try {
            await button.waitFor({ state: 'visible', timeout: 5000 });
            const box = await button.boundingBox();
            // In view without scrolling: inside the window, fully.
            if (!box || box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > 700 + 0.5) problems.push(`${width}px ${screen.url} "${name}" out of view: ${JSON.stringify(box)}`);
            await button.click({ trial: true, timeout: 2000 });
          } catch (err) {
            problems.push(`${width}px ${screen.url} "${name}": ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
      // No sideways scrolling of the page itself.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${width}px: the page scrolls sideways by ${overflow}px`);
    }
    assert.equal(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a quote (desktop theme, online only) fits every width: its actions in view, its lines scroll in their own box, not the page', async () => {
  const server = await startAppServer(4);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    // Quotes are a desktop feature: on a narrow window the user keeps the desktop theme by choice.
    await page.evaluate(() => localStorage.setItem('fieldcrm.theme', 'desktop'));
    const problems: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 700 });
      await page.goto(`${server.url}/#/quote/qu0001`);
      await page.reload();
      await page.locator('fc-sales-document tr[data-row="2"]').waitFor({ timeout: 10_000 });
      for (const name of ['Edit', 'Delete']) {
        const button = page.getByRole('link', { name, exact: true }).or(page.getByRole('button', { name, exact: true })).first();
        const box = await button.boundingBox();
        if (!box || box.x < 0 || box.x + box.width > width + 0.5 || box.y + box.height > 700 + 0.5) problems.push(`${width}px quote "${name}" out of view: ${JSON.stringify(box)}`);
      }
      const merge = await page.locator('fc-sales-document [data-merge]').boundingBox();
      if (!merge || merge.x < 0 || merge.x + merge.width > width + 0.5) problems.push(`${width}px quote "Merge" out of the window sideways: ${JSON.stringify(merge)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${width}px: the quote page scrolls sideways by ${overflow}px`);
    }
    assert.equal(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
