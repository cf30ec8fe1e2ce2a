// Administration → Territories and Security profiles in the browser: add, rename, move and delete a territory (a
// non-empty one refused with the reason), create a profile as a copy, rename it, delete it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('territories and profiles: add, rename, move, delete (refused when not empty), copy a profile', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    // Administration opens on its users; each section is a tab with an address of its own.
    await page.goto(`${server.url}/#/page/admin`);
    await page.locator('fc-admin-page h2', { hasText: 'Users' }).first().waitFor();
    assert.is(await page.locator('fc-admin-organisation').count(), 0, 'one section at a time');
    await page.getByRole('link', { name: 'Territories and profiles' }).click();
    await page.waitForURL(/#\/page\/admin\/organisation$/);
    await page.locator('nav.sections a[aria-current="page"]', { hasText: 'Territories and profiles' }).waitFor();
    const org = page.locator('fc-admin-organisation[section="territories"]');
    const add = org.locator('form[aria-label="New territory"]');
    await add.locator('input[name=territoryName]').fill('France');
    await add.locator('select[name=territoryParent]').selectOption('t-na');
    await add.getByRole('button', { name: 'Add the territory' }).click();
    const row = org.locator('tr', { has: page.locator('input[aria-label="Name: France"]') });
    await row.waitFor();
    const fr = (await server.store.listTerritories()).find((x) => x.name === 'France')!;
    assert.is(fr.parentId, 't-na');
    await row.getByRole('combobox', { name: 'Move: France' }).selectOption('t-eu');
    await org.getByText('Done.').waitFor();
    await row.locator('input').fill('France métropolitaine');
    await row.getByRole('button', { name: 'Rename' }).click();
    await org.locator('input[aria-label="Name: France métropolitaine"]').waitFor();
    const moved = (await server.store.listTerritories()).find((x) => x.id === fr.id)!;
    assert.equal([moved.parentId, moved.name], ['t-eu', 'France métropolitaine']);
    // Deleting Europe is refused with the reason; France, empty, goes.
    await org.getByRole('button', { name: 'Delete: Europe' }).click();
    await org.locator('fc-confirm').getByRole('button', { name: 'Delete' }).click();
    await org.getByText('Only an empty territory can be deleted').waitFor();
    await org.getByRole('button', { name: 'Delete: France métropolitaine' }).click();
    await org.locator('fc-confirm').getByRole('button', { name: 'Delete' }).click();
    await org.locator('input[aria-label="Name: France métropolitaine"]').waitFor({ state: 'detached' });

    const profiles = page.locator('fc-admin-organisation[section="profiles"]');
    const np = profiles.locator('form[aria-label="New profile"]');
    await np.locator('input[name=profileName]').fill('Senior rep, Europe');
    await np.locator('select[name=copyFrom]').selectOption('p-sales-eu');
    await np.getByRole('button', { name: 'Create the profile' }).click();
    await profiles.getByText('Done.').waitFor();
    await page.locator('table[aria-label="Senior rep, Europe"]').waitFor();
    await page.screenshot({ path: '.tmp/organisation.png', fullPage: true });
    const made = (await server.store.listProfiles()).find((p) => p.name === 'Senior rep, Europe')!;
    assert.is((await server.store.profileRights(made.id)).length, (await server.store.profileRights('p-sales-eu')).length);
    await profiles.getByRole('button', { name: 'Delete: Administrator' }).click();
    await profiles.locator('fc-confirm').getByRole('button', { name: 'Delete' }).click();
    await profiles.getByText('Some users have this profile').waitFor();
    await profiles.getByRole('button', { name: 'Delete: Senior rep, Europe' }).click();
    await profiles.locator('fc-confirm').getByRole('button', { name: 'Delete' }).click();
    await page.locator('table[aria-label="Senior rep, Europe"]').waitFor({ state: 'detached' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
