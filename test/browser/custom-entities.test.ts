// Issue #24 in the browser (docs/decisions/0050): an administrator creates a custom entity in Administration with its
// rights and a field, reaches it from the navigation, creates a record of it under a company (form from the metadata),
// sees it on the company's screen and books a task for it; then the same in French with a second entity.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, EMPTY_CUSTOMIZATION, type AnyRecord } from '../../shared/entities/index.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

test('a custom entity created in Administration, and a record of it, in English and in French', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const companies = (await server.store.listRecords('company', {}, { kind: 'everyone' }, { offset: 0, limit: 10 })).records as unknown as AnyRecord[];
    const company = companies[0]!;

    // English: Projects, under a company, in its territory; the administrator's profile may do everything.
    await page.goto(`${server.url}/#/page/admin/customisation`);
    const admin = page.locator('fc-custom-entities');
    await admin.locator('[data-no-custom-entities]').waitFor();
    await admin.locator('[data-entity-add] summary').click();
    await admin.locator('#entity-label-en').fill('Project');
    await admin.locator('#entity-label-fr').fill('Projet');
    await admin.locator('#entity-plural-en').fill('Projects');
    await admin.locator('#entity-plural-fr').fill('Projets');
    await admin.locator('#entity-code').fill('Project!');
    await admin.locator('#entity-parent').selectOption('company');
    for (const a of ['view', 'insert', 'edit', 'delete']) await admin.locator(`input[name="${a}-p-admin"]`).check();
    await admin.locator('[data-entity-submit]').click();
    // A bad code is refused on the spot, with the reason.
    await admin.locator('[data-issue="code"]').waitFor();
    await admin.locator('#entity-code').fill('project');
    await admin.locator('[data-entity-submit]').click();
    await admin.getByText('Entity “Project” created').waitFor();
    await admin.locator('tr[data-custom-entity="x_project"]').waitFor();

    // Its field, from the custom fields screen, on the new entity.
    const fields = page.locator('fc-custom-fields');
    await fields.locator('#custom-entity option[value="x_project"]').waitFor({ state: 'attached' });
    await fields.locator('#custom-entity').selectOption('x_project');
    await fields.locator('[data-custom-add] summary').click();
    await fields.locator('#custom-label-en').fill('Code name');
    await fields.locator('#custom-label-fr').fill('Nom de code');
    await fields.locator('#custom-code').fill('codename');
    await fields.locator('input[name=onList]').check();
    await fields.locator('[data-custom-submit]').click();
    await fields.getByText('Field “Code name” added').waitFor();
    await admin.screenshot({ path: '.tmp/custom-entities-admin.png' });

    // The navigation leads to its list; its form is the metadata's.
    await page.locator('fc-nav a[data-tab="x_project"]').click();
    await page.locator('fc-record-list').waitFor();
    await page.goto(`${server.url}/#/x_project/new?companyId=${company.id}`);
    const form = page.locator('fc-record-form');
    await form.locator('#name').waitFor({ timeout: 20_000 });
    await form.locator('#name').fill('Panoply roll-out');
    await form.locator('#c_codename').fill('bluebird');
    await form.locator('button[type=submit]').click();
    const stored = await onServer('the project on the server', async () => {
      const page1 = await server.store.listRecords('customRecord', { equals: { entityKey: 'x_project' } }, { kind: 'everyone' }, { offset: 0, limit: 5 });
      return page1.records[0] as unknown as AnyRecord | undefined;
    });
    assert.is(stored.name, 'Panoply roll-out');
    assert.is(stored.c_codename, 'bluebird');
    assert.is(stored.companyId, company.id);
    assert.is(stored.territoryId, company.territoryId, 'in its company’s territory');
    // Its view: the custom field and its own fields, labelled.
    await page.locator('fc-record-view').getByText('Code name').first().waitFor();
    await page.locator('fc-record-view').getByText('Name', { exact: true }).first().waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-view-en.png', fullPage: true });

    // A task for the project, from its screen (781-171888-QA): it goes up with the device's sync and lists under the project.
    await page.goto(`${server.url}/#/x_project/${String(stored.id)}?tab=communication`);
    await page.locator('fc-record-view button', { hasText: 'New task' }).click();
    await form.locator('#subject').waitFor({ timeout: 20_000 });
    await form.locator('#subject').fill('Kick-off pack');
    await form.locator('button[type=submit]').click();
    const task = await onServer('the task on the server', async () => {
      const p = await server.store.listRecords('communication', { equals: { regardingId: String(stored.id) } }, { kind: 'everyone' }, { offset: 0, limit: 5 });
      return p.records[0] as unknown as AnyRecord | undefined;
    });
    assert.is(task.subject, 'Kick-off pack');
    assert.is(task.kind, 'task');
    await page.goto(`${server.url}/#/x_project/${String(stored.id)}?tab=communication`);
    await page.locator('fc-record-view', { hasText: 'Kick-off pack' }).first().waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-task.png', fullPage: true });

    // In the list, with its column; and on its company's screen, as a tab.
    await page.goto(`${server.url}/#/x_project`);
    await page.locator('fc-record-list', { hasText: 'bluebird' }).first().waitFor();
    await page.goto(`${server.url}/#/company/${company.id}?tab=x_project`);
    await page.locator('fc-record-view', { hasText: 'Panoply roll-out' }).first().waitFor();

    // Quick search finds it (661-171474-QA), under the entity's name.
    const search = page.locator('fc-quick-search input').first();
    await search.fill('roll-out');
    await page.locator('fc-quick-search', { hasText: 'Panoply roll-out' }).first().waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-search.png' });
    await search.fill('');

    // French: the Administration in French, a second entity with no parent, and a record of it.
    await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await page.reload();
    await waitReady(page);
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await admin.locator('tr[data-custom-entity="x_project"]').getByText('Projets').waitFor();
    await admin.locator('[data-entity-add] summary').click();
    await admin.locator('#entity-label-en').fill('Contract');
    await admin.locator('#entity-label-fr').fill('Contrat');
    await admin.locator('#entity-plural-en').fill('Contracts');
    await admin.locator('#entity-plural-fr').fill('Contrats');
    await admin.locator('#entity-code').fill('contract');
    await admin.locator('#entity-parent').selectOption('none');
    for (const a of ['view', 'insert', 'edit']) await admin.locator(`input[name="${a}-p-admin"]`).check();
    await admin.locator('[data-entity-submit]').click();
    await admin.getByText('Entité « Contrat » créée').waitFor();
    await admin.screenshot({ path: '.tmp/custom-entities-admin-fr.png' });

    await page.locator('fc-nav a[data-tab="x_contract"]', { hasText: 'Contrats' }).click();
    await page.goto(`${server.url}/#/x_contract/new`);
    await form.locator('#name').waitFor({ timeout: 20_000 });
    await form.locator('#name').fill('Contrat cadre 2027');
    await form.locator('button[type=submit]').click();
    await onServer('the contract on the server', async () => {
      const p = await server.store.listRecords('customRecord', { equals: { entityKey: 'x_contract' } }, { kind: 'everyone' }, { offset: 0, limit: 5 });
      return p.records[0]?.name === 'Contrat cadre 2027';
    });
    await page.getByText('Contrat cadre 2027').first().waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-view-fr.png', fullPage: true });

    // The contracts removed in Administration: the key typed again, then the entity, its record and its tab are gone.
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await admin.locator('tr[data-custom-entity="x_contract"] [data-entity-remove]').click();
    const removal = admin.locator('[data-entity-removal="x_contract"]');
    await removal.getByText('Supprimer « Contrats »').waitFor();
    const confirm = removal.locator('[data-entity-remove-confirm]');
    assert.ok(await confirm.isDisabled(), 'not until the key is typed');
    await removal.locator('#entity-confirm').fill('x_contrac');
    assert.ok(await confirm.isDisabled());
    await removal.locator('#entity-confirm').fill('x_contract');
    await admin.screenshot({ path: '.tmp/custom-entities-remove-fr.png' });
    await confirm.click();
    await admin.getByText('« Contrats » supprimée : 1 enregistrement supprimé.').waitFor();
    await admin.locator('tr[data-custom-entity="x_contract"]').waitFor({ state: 'detached' });
    await page.locator('fc-nav a[data-tab="x_contract"]').waitFor({ state: 'detached', timeout: 20_000 });
    const left = await server.store.listRecords('customRecord', { equals: { entityKey: 'x_contract' } }, { kind: 'everyone' }, { offset: 0, limit: 5 });
    assert.is(left.records.length, 0, 'its record deleted');
    assert.ok((await admin.locator('tr[data-custom-entity="x_project"]').count()) === 1, 'the projects stay');
  } finally {
    await browser.close();
    await server.close();
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
