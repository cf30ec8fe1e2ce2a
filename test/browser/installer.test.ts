// The Outlook plug-in in the browser: the administrator's signing settings and certificate report, and a user's
// download from the calendar page, checked by msiinfo and osslsigncode.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_BASENAME, DEMO_DIR } from '../../sync-server/installer/demo/demo-certificate.ts';
import { exportTable, runTool } from '../helpers/debian-tools.ts';
import type { TestServer } from '../helpers/server.ts';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const t = suite<{ server: TestServer; browser: Browser; dir: string }>('outlook plug-in');
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true } as const;
const DEMO_CER = readFileSync(join(DEMO_DIR, `${DEMO_BASENAME}.cer`));

t.before(async (ctx) => {
  ctx.server = await startAppServer(4);
  ctx.browser = await launch();
  ctx.dir = mkdtempSync(join(tmpdir(), 'fieldcrm-ui-msi-'));
});
t.after(async ({ server, browser, dir }) => {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

t('the administrator sees the chosen certificate, the refused ones with their reason, and turns signing off and on', async ({ server, browser }) => {
  const page = await (await browser.newContext(DESKTOP)).newPage();
  await signInUI(page, server.url, 'admin');
  await waitReady(page);
  await page.goto(`${server.url}/#/page/admin/integrations`);
  const chosen = page.locator('fc-installer-settings [data-installer-chosen]');
  await chosen.waitFor();
  assert.match(await chosen.innerText(), 'FieldCRM Demo Code Signing');
  assert.match(await chosen.innerText(), createHash('sha1').update(DEMO_CER).digest('hex').toUpperCase());
  assert.match(await page.locator(`fc-installer-settings tr[data-file="${DEMO_BASENAME}.cer"]`).innerText(), 'No private key');
  await page.getByLabel('Digitally sign plug-in installer').uncheck();
  await page.locator('fc-installer-settings button[type=submit]').click();
  await page.getByText('Installers are not signed').waitFor();
  await page.getByLabel('Digitally sign plug-in installer').check();
  await page.locator('fc-installer-settings button[type=submit]').click();
  await chosen.waitFor();
});

t('a user downloads their own signed installer from the calendar page', async ({ server, browser, dir }) => {
  const page = await (await browser.newContext(DESKTOP)).newPage();
  await signInUI(page, server.url, 'manager');
  await waitReady(page);
  await page.goto(`${server.url}/#/calendar`);
  await page.locator('fc-outlook-plugin summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-installer-download]').click()]);
  assert.is(download.suggestedFilename(), 'FieldCRM-Outlook-plugin-manager.msi');
  const msi = join(dir, 'manager.msi');
  await download.saveAs(msi);
  assert.match(exportTable(msi, 'Property'), 'FIELDCRM_LOGIN\tmanager');
  const ca = join(dir, 'demo.pem');
  writeFileSync(ca, forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(DEMO_CER.toString('binary')))));
  const r = runTool('osslsigncode', ['verify', '-in', msi, '-CAfile', ca]);
  assert.is(r.status, 0, r.out);
});

t.run();
