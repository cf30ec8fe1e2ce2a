// Accessibility: axe-core finds no serious or critical violation on the main screens of both themes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

async function serious(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const SCREENS = ['/#/company', '/#/company/c00000', '/#/company/c00000?tab=person', '/#/company/c00000/edit', '/#/communication', '/#/conflict'];

test('no serious or critical violations, desktop and mobile', async () => {
  const server = await startAppServer(4);
  const browser = await launch();
  try {
    const found: string[] = [];
    for (const [themeName, options] of [
      ['desktop', { viewport: { width: 1280, height: 800 } }],
      ['mobile', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
    ] as const) {
      const page = await (await browser.newContext({ locale: 'en-GB', ...options })).newPage();
      await page.goto(server.url);
      await page.locator('#login').waitFor();
      for (const v of await serious(page)) found.push(`${themeName} sign-in: ${v}`);
      await signInUI(page, server.url, 'admin');
      await waitReady(page);
      // The dashboard's gadgets and the reports screen (its table and chart), issue 22.
      const screens = themeName === 'desktop' ? [...SCREENS, '/#/dashboard', '/#/page/admin', '/#/page/admin/organisation', '/#/page/admin/customisation', '/#/page/admin/integrations', '/#/page/reports/quotes-by-status'] : [...SCREENS, '/#/dashboard'];
      for (const url of screens) {
        await page.goto(server.url + url);
        await page.waitForTimeout(500);
        for (const v of await serious(page)) found.push(`${themeName} ${url}: ${v}`);
      }
    }
    assert.equal(found, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
