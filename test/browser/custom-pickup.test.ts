// Issue #24 in the browser (docs/decisions/0058): the report designer and the advanced search offer a custom field of a
// built-in entity (its caption, its option list with every value) and a custom entity, in English and in French; a
// custom entity's record merges with its document template from its own screen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Locator, Page } from 'playwright-core';
import { applyCustomization, EMPTY_CUSTOMIZATION, type AnyRecord } from '../../shared/entities/index.ts';
import { signIn } from '../helpers/server.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const RW = { view: true, insert: true, edit: true, delete: true };

/** A locator's count once it settles on `n` (screens re-render after a choice), else the last one seen. */
async function countSettles(locator: Locator, n: number, ms = 10_000): Promise<number> {
  const end = Date.now() + ms;
  let seen = await locator.count();
  while (seen !== n && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await locator.count();
  }
  return seen;
}
const TIERS = Array.from({ length: 12 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { value: `t${n}`, en: `Tier ${n}`, fr: `Niveau ${n}` };
});

test('reports, advanced search and mail merge offer custom fields and entities, in English and in French', async () => {
  const server = await startAppServer(6);
  const browser = await launch();
  try {
    // The administrator's customisation, made before anyone signs in (the session carries it).
    const token = await signIn(server.url, 'admin');
    const api = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    await api('POST', '/api/admin/custom-fields', { entity: 'opportunity', code: 'tier', kind: 'select', label: { en: 'Tier', fr: 'Niveau' }, options: TIERS, screens: { form: true, list: true, search: false } });
    await api('POST', '/api/admin/custom-fields', { entity: 'opportunity', code: 'score', kind: 'number', label: { en: 'Score', fr: 'Note' } });
    await api('POST', '/api/admin/custom-entities', {
      code: 'project',
      label: { en: 'Project', fr: 'Projet' },
      plural: { en: 'Projects', fr: 'Projets' },
      parent: 'company',
      territory: 'parent',
      rights: [
        { profileId: 'p-admin', territoryId: 't-world', ...RW },
        { profileId: 'p-sales-eu', territoryId: 't-eu', ...RW },
      ],
    });
    await api('POST', '/api/admin/custom-fields', { entity: 'x_project', code: 'budget', kind: 'amount', label: { en: 'Budget', fr: 'Budget' } });
    await api('POST', '/api/admin/custom-fields', { entity: 'x_project', code: 'phase', kind: 'select', label: { en: 'Phase', fr: 'Phase' }, options: [{ value: 'design', en: 'Design', fr: 'Conception' }, { value: 'build', en: 'Build', fr: 'Réalisation' }] });
    const companies = (await server.store.listRecords('company', {}, { kind: 'everyone' }, { offset: 0, limit: 50 })).records as unknown as AnyRecord[];
    const eu = companies.find((c) => c.territoryId === 't-eu')!;
    const na = companies.find((c) => c.territoryId === 't-na')!;
    assert.ok(eu && na);
    const alpha = await api('POST', '/api/records/x_project', { name: 'Alpha', companyId: eu.id, c_budget: 500_000, c_phase: 'design' });
    await api('POST', '/api/records/x_project', { name: 'Beta', companyId: eu.id, c_budget: 2_000_000, c_phase: 'build' });
    await api('POST', '/api/records/x_project', { name: 'Gamma', companyId: na.id, c_budget: 300_000, c_phase: 'design' });
    await api('POST', '/api/records/opportunity', { description: 'Pickup big', companyId: eu.id, currency: 'EUR', forecast: 100_000, c_tier: 't11', c_score: 80 });
    await api('POST', '/api/records/opportunity', { description: 'Pickup small', companyId: eu.id, currency: 'EUR', forecast: 1_000, c_tier: 't02', c_score: 5 });

    const logs: string[] = [];
    const open = async (login: string, lang: 'en' | 'fr'): Promise<Page> => {
      const page = await (await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
      page.on('console', (m) => void (m.type() === 'error' && logs.push(`${lang} console: ${m.text().slice(0, 300)}`)));
      page.on('pageerror', (e) => void logs.push(`${lang} page error: ${String(e.message).slice(0, 300)}`));
      page.on('requestfailed', (r) => void logs.push(`${lang} request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      await signInUI(page, server.url, login);
      await waitReady(page);
      await page.evaluate((l) => localStorage.setItem('fieldcrm.locale', l), lang);
      await page.reload();
      await waitReady(page);
      return page;
    };
    const words = {
      en: { tier: 'Tier', score: 'Score', t11: 'Tier 11', projects: 'Projects', budget: 'Budget', phase: 'Phase', design: 'Design' },
      fr: { tier: 'Niveau', score: 'Note', t11: 'Niveau 11', projects: 'Projets', budget: 'Budget', phase: 'Phase', design: 'Conception' },
    } as const;

    for (const [login, lang] of [['admin', 'en'], ['sales', 'fr']] as const) {
      const w = words[lang];
      const page = await open(login, lang);

      // The report designer: the custom field is a column, a filter (every option, captioned) and a grouping.
      await page.goto(`${server.url}/#/page/reports`);
      const screen = page.locator('fc-reports-page');
      await screen.locator('[data-new-report]').click();
      const builder = screen.locator('form[data-builder]');
      await builder.locator('select[name=entity]').selectOption('opportunity');
      const tierBox = builder.locator('label', { has: page.locator('input[data-column="c_tier"]') });
      assert.match(await tierBox.innerText(), new RegExp(w.tier));
      await tierBox.locator('input').check();
      await builder.locator('input[data-column="c_score"]').check();
      await builder.locator('select[name=filterField]').selectOption('c_tier');
      const value = builder.locator('select[name=filterValue]');
      assert.is(await countSettles(value.locator('option'), TIERS.length + 1), TIERS.length + 1, 'every value, and none');
      await value.selectOption({ label: w.t11 });
      await builder.locator('select[name=group0]').selectOption('c_tier');
      await builder.locator('[data-run]').click();
      const table = screen.locator('table[data-report-table]');
      await table.locator('th', { hasText: w.score }).waitFor();
      await table.locator('td', { hasText: w.t11 }).first().waitFor();
      await table.locator('td', { hasText: 'Pickup big' }).waitFor();
      assert.is(await countSettles(table.locator('td', { hasText: 'Pickup small' }), 0), 0, 'filtered on the custom field');
      await page.screenshot({ path: `.tmp/custom-pickup-report-${lang}.png`, fullPage: true });

      // A custom entity as the report's base: its own fields and custom ones, its records where the user may view them.
      await builder.locator('select[name=entity]').selectOption('x_project');
      assert.match(await builder.locator('select[name=entity] option[value="x_project"]').innerText(), new RegExp(w.projects));
      await builder.locator('input[data-column="c_budget"]').check();
      await builder.locator('[data-run]').click();
      await table.locator('th', { hasText: w.budget }).waitFor();
      await table.locator('td', { hasText: 'Alpha' }).waitFor();
      assert.is(await countSettles(table.locator('td', { hasText: 'Gamma' }), login === 'admin' ? 1 : 0), login === 'admin' ? 1 : 0, 'Gamma is in North America');

      // Advanced search on the custom entity, by its option field (every value offered, captioned).
      await page.goto(`${server.url}/#/page/advanced-search`);
      const form = page.locator('fc-advanced-search form[data-advanced-search]');
      await form.locator('#as-entity option[value="x_project"]').waitFor({ state: 'attached' });
      assert.match(await form.locator('#as-entity option[value="x_project"]').innerText(), new RegExp(w.projects));
      await form.locator('#as-entity').selectOption('x_project');
      const row = form.locator('[data-condition="0"]');
      await row.locator('[data-field] option[value="c_phase"]').waitFor({ state: 'attached' });
      assert.is(await row.locator('[data-field] option[value="c_phase"]').innerText(), w.phase);
      await row.locator('[data-field]').selectOption('c_phase');
      await row.locator('select[data-value]').selectOption({ label: w.design });
      await form.locator('[data-run-search]').click();
      const results = page.locator('fc-advanced-search [data-results] li');
      const expected = login === 'admin' ? ['Alpha', 'Gamma'] : ['Alpha'];
      await countSettles(results, expected.length);
      assert.equal((await results.allInnerTexts()).map((s) => s.trim()).sort(), expected);
      // ...and on a built-in entity's custom field.
      await form.locator('#as-entity').selectOption('opportunity');
      await row.locator('[data-field] option[value="c_tier"]').waitFor({ state: 'attached' });
      await row.locator('[data-field]').selectOption('c_tier');
      assert.is(await countSettles(row.locator('select[data-value] option'), TIERS.length + 1), TIERS.length + 1, 'every value (674-171544-QA), and none');
      await row.locator('select[data-value]').selectOption({ label: w.t11 });
      await form.locator('[data-run-search]').click();
      await page.locator('fc-advanced-search [data-results] li', { hasText: 'Pickup big' }).waitFor();
      assert.is(await countSettles(page.locator('fc-advanced-search [data-results] li'), 1), 1);
      await page.screenshot({ path: `.tmp/custom-pickup-search-${lang}.png`, fullPage: true });

      if (login === 'admin') {
        // The template editor offers the custom entity and its merge fields; a template for it is saved.
        await page.goto(`${server.url}/#/page/template/new`);
        const editor = page.locator('fc-template-editor');
        await editor.locator('#template-entity option[value="x_project"]').waitFor({ state: 'attached' });
        assert.is((await editor.locator('#template-entity option[value="x_project"]').innerText()).trim(), 'Project');
        await editor.locator('#template-entity').selectOption('x_project');
        await editor.locator('code', { hasText: '{{ x_project.c_phase }}' }).waitFor({ state: 'attached' });
        await editor.locator('#template-kind').selectOption('document');
        await editor.locator('#template-name').fill('Project sheet');
        await editor.locator('#template-body').fill('<h1>{{ x_project.name }}</h1><p>{{ x_project.c_phase }} – {{ company.name }}</p>');
        await editor.locator('[data-save]').click();
        const saved = await onServer('the template', async () => (await server.store.mailMerge.listTemplates({ entity: 'x_project' }))[0]);
        assert.is(saved.kind, 'document');
        // The editor opens the saved template: wait for it before leaving, or its navigation would come after ours.
        await page.waitForURL(new RegExp(`#/page/template/${saved.id}`));
      }
      if (login === 'admin') {
        // Table rules offer the custom entity, with its own fields to name in a condition.
        await page.goto(`${server.url}/#/page/rules`);
        const rules = page.locator('fc-rules-page');
        await rules.getByRole('button', { name: 'Add a rule' }).click();
        await rules.locator('#rule-entity option[value="x_project"]').waitFor({ state: 'attached' });
        assert.is((await rules.locator('#rule-entity option[value="x_project"]').innerText()).trim(), 'Project');
        await rules.locator('#rule-entity').selectOption('x_project');
        await rules.locator('[data-rule-form]', { hasText: 'c_budget' }).waitFor();
      }
      // The project's screen merges it with its template; the document is filed with it.
      await page.goto(`${server.url}/#/x_project/${String(alpha.id)}`);
      const panel = page.locator('fc-merge-panel [data-merge-panel]');
      await panel.locator('select[data-template] option', { hasText: 'Project sheet' }).waitFor({ state: 'attached' }).catch(async (err) => {
        await page.screenshot({ path: `.tmp/custom-pickup-FAIL-${lang}.png`, fullPage: true });
        console.log(logs.join('\n'));
        throw err;
      });
      const popup = page.context().waitForEvent('page');
      await panel.locator('[data-merge]').click();
      const doc = await popup;
      await doc.waitForLoadState();
      assert.match(await doc.content(), new RegExp(`<h1>Alpha</h1><p>${w.design} – `));
      await doc.close();
      await panel.locator('[data-documents] li').first().waitFor();
      await page.screenshot({ path: `.tmp/custom-pickup-merge-${lang}.png`, fullPage: true });
      await page.context().close();
    }
    const filed = await onServer('both documents filed', async () => {
      const docs = await server.store.mailMerge.documentsOf('x_project', String(alpha.id));
      return docs.length === 2 ? docs : null;
    });
    assert.is(filed.length, 2);
  } finally {
    await browser.close();
    await server.close();
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
