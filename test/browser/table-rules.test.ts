// Administration › Table rules in the browser (issue #24): an administrator adds a rule (the condition checked with its
// position), tests it on a record, and sees it act when a record is saved on their device; in French, a refusing rule's
// message reaches a sales rep's device under Conflicts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical accessibility violations on the page (as test/browser/a11y.test.ts judges the main screens). */
async function serious(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; help: string }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test('an administrator adds a rule in Administration and sees it act; in French a refusal shows under Conflicts', async () => {
  const server = await startAppServer(6);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    await page.goto(`${server.url}/#/page/admin`);
    await page.getByRole('link', { name: 'Table rules' }).click();
    const rules = page.locator('fc-rules-page');
    await rules.getByText('No rules yet.').waitFor();
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    const form = rules.locator('form[data-rule-form]');
    await form.getByLabel('Name', { exact: true }).fill('Mining companies are partners');
    await form.getByLabel('Records').selectOption('company');
    await form.getByLabel('Condition').fill("industri = 'Mining'");
    await form.getByRole('button', { name: 'Check the condition' }).click();
    await form.getByText('Line 1, column 1: “industri” is not a field of this entity.').waitFor();
    await page.screenshot({ path: '.tmp/table-rules-form-en.png', fullPage: true });
    await form.getByLabel('Condition').fill("industry = 'Mining' AND type <> 'partner'");
    await form.getByRole('button', { name: 'Check the condition' }).click();
    await form.getByText('The condition is valid.').waitFor();
    await form.locator('#rule-field-0').selectOption('type');
    await form.locator('#rule-value-0').selectOption('partner');
    await form.getByRole('button', { name: 'Add an action' }).click();
    await form.locator('#rule-message-1').fill('{title} is now a partner');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = rules.locator('tr', { hasText: 'Mining companies are partners' });
    await row.waitFor();
    await row.getByText("industry = 'Mining' AND type <> 'partner'").waitFor();
    await page.screenshot({ path: '.tmp/table-rules-en.png', fullPage: true });
    assert.equal(await serious(page), [], 'the list');
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    await form.getByRole('button', { name: 'Add an action' }).click();
    assert.equal(await serious(page), [], 'the form');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Tested on a record first: it does not hold (the company is not in mining); nothing is written.
    const company = (await server.store.getByIds('company', ['c00000']))[0]!;
    await row.getByRole('button', { name: 'Test', exact: true }).click();
    const tester = rules.locator('form[data-rule-test]');
    // Typing part of a name offers matching records (their ids, with their titles).
    await tester.getByLabel('Record id').pressSequentially(String(company.name).slice(0, 6));
    await tester.locator('#rule-test-found option[value="c00000"]').waitFor({ state: 'attached' });
    await tester.getByLabel('Record id').fill('c00000');
    await tester.getByRole('button', { name: 'Run the test' }).click();
    await tester.getByText('The condition does not hold: the rule would do nothing.').waitFor();
    await tester.getByRole('button', { name: 'Close' }).click();

    // Saved on the device, the record comes back changed by the rule, and the administrator is notified.
    await page.goto(`${server.url}/#/company/c00000/edit`);
    await page.fill('#industry', 'Mining');
    await page.click('button[type=submit]');
    await page.locator('dd[data-field="type"]', { hasText: 'Partner' }).waitFor({ timeout: 20_000 });
    const after = await onServer('the rule’s change', async () => {
      const [d] = await server.store.getByIds('company', ['c00000']);
      return d && d.type === 'partner' ? d : null;
    });
    assert.equal([after.industry, after.updatedBy], ['Mining', 'u-admin']);
    assert.is.not(company.type, 'partner');
    const fired = await server.store.audit.list({ action: 'rule.fired', offset: 0, limit: 10 });
    assert.is(fired.rows[0]?.targetId, 'c00000');

    // In French: the administrator disables the first rule and adds a refusal; a sales rep meets it on their device.
    const frCtx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    const fr = await frCtx.newPage();
    await signInUI(fr, server.url, 'admin');
    await fr.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
    await fr.reload();
    await fr.waitForSelector('fc-status');
    await waitReady(fr);
    await fr.goto(`${server.url}/#/page/rules`);
    const frRules = fr.locator('fc-rules-page');
    await frRules.getByRole('heading', { name: 'Règles de table' }).waitFor();
    await frRules.locator('tr', { hasText: 'Mining companies are partners' }).getByRole('button', { name: 'Désactiver' }).click();
    await frRules.getByText('Règle « Mining companies are partners » désactivée.').waitFor();
    await frRules.getByRole('button', { name: 'Ajouter une règle' }).click();
    const frForm = frRules.locator('form[data-rule-form]');
    await frForm.getByLabel('Nom', { exact: true }).fill('Pas de désactivation');
    await frForm.getByLabel('Enregistrements').selectOption('company');
    await frForm.locator('input[name=event][value=insert]').uncheck();
    await frForm.getByLabel('Condition').fill("OLD.status = 'active' AND NEW.status = 'inactive'");
    await frForm.locator('#rule-kind-0').selectOption('refuse');
    await frForm.locator('#rule-message-0').fill('Demandez à votre responsable de désactiver {title}.');
    await frForm.getByRole('button', { name: 'Enregistrer' }).click();
    await frRules.locator('tr', { hasText: 'Pas de désactivation' }).waitFor();
    await fr.screenshot({ path: '.tmp/table-rules-fr.png', fullPage: true });
    const saved = (await server.store.listRules()).map((r) => [r.rule.name, r.rule.enabled]);
    assert.equal(saved, [['Mining companies are partners', false], ['Pas de désactivation', true]]);

    const eu = (await server.store.listRecords('company', {}, { kind: 'territory', territories: ['t-eu'] }, { offset: 0, limit: 1 })).records[0]!;
    const salesCtx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    const sales = await salesCtx.newPage();
    await signInUI(sales, server.url, 'sales');
    await waitReady(sales);
    await sales.goto(`${server.url}/#/company/${eu.id}/edit`);
    await sales.selectOption('#status', 'inactive');
    await sales.click('button[type=submit]');
    const badge = sales.locator('header a[data-conflicts-badge]');
    await badge.waitFor({ timeout: 30_000 });
    await badge.click();
    const card = sales.locator('article[data-rejected]');
    await card.getByText('Une règle de votre organisation a refusé cette modification.').waitFor();
    await card.locator('li[data-issue="rule-refused"]', { hasText: `Demandez à votre responsable de désactiver ${String(eu.name)}.` }).waitFor();
    await sales.screenshot({ path: '.tmp/table-rules-conflict-fr.png', fullPage: true });
    assert.is((await server.store.getByIds('company', [eu.id]))[0]!.status, 'active');
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
