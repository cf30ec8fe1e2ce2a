// 389-171818-QA in the browser: a company's new address is offered to its persons who had the old one, listed by
// name; only those ticked change, on the server too; a person elsewhere is never touched.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeDoc } from '../helpers/docs.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const place = (street: string) => ({ street, city: 'Berlin', postcode: '10115', region: '', country: 'Germany' });

test("changing a company's address offers it to the persons who shared the old one", async () => {
  const server = await startAppServer(0);
  const browser = await launch();
  try {
    await server.store.insertMany('company', [makeDoc('company', { id: 'k-move', name: 'Moving GmbH', addresses: [{ type: 'business', ...place('1 Old Street') }] })]);
    await server.store.insertMany('person', [
      makeDoc('person', { id: 'p-anna', firstName: 'Anna', lastName: 'Alt', companyId: 'k-move', addresses: [{ type: 'business', ...place('1 Old Street') }] }),
      makeDoc('person', { id: 'p-ben', firstName: 'Ben', lastName: 'Bleibt', companyId: 'k-move', addresses: [{ type: 'business', ...place('1 old street') }] }),
      makeDoc('person', { id: 'p-cleo', firstName: 'Cleo', lastName: 'Fern', companyId: 'k-move', addresses: [{ type: 'private', ...place('7 Far Away') }] }),
    ]);
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    await page.goto(`${server.url}/#/company/k-move/edit`);
    await page.locator('input[name="addresses.0.street"]').fill('9 New Street');
    await page.locator('fc-record-form button[type=submit]').click();
    const offer = page.locator('[data-address-offer]');
    await offer.getByText('Anna Alt').waitFor();
    await offer.getByText('Ben Bleibt').waitFor();
    assert.is(await offer.getByText('Cleo Fern').count(), 0, 'a person elsewhere is not offered');
    await page.screenshot({ path: '.tmp/address-offer.png' });
    await offer.locator('input[data-person="p-ben"]').uncheck();
    await offer.getByRole('button', { name: 'Apply to the persons ticked (1)' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/company/k-move'));
    const street = async (id: string) => ((await server.store.getByIds('person', [id]))[0] as unknown as { addresses: { street: string }[] }).addresses[0]!.street;
    await onServer("Anna's new address", async () => (await street('p-anna')) === '9 New Street');
    assert.is(await street('p-ben'), '1 old street', 'unticked: unchanged');
    assert.is(await street('p-cleo'), '7 Far Away');
    assert.is(((await server.store.getByIds('company', ['k-move']))[0] as unknown as { addresses: { street: string }[] }).addresses[0]!.street, '9 New Street');
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
