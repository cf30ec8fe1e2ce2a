// The API reference page (/api/docs) renders in Chromium from this server alone: Swagger UI from the package, the
// generated document, no request to any other site, no script error (the server's CSP allows no inline script).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startServer } from '../helpers/server.ts';
import { launch } from './helpers.ts';

test('/api/docs shows every tag of the generated document, with nothing fetched from elsewhere', async () => {
  const server = await startServer({ companies: 0 });
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    // As on a closed network: anything not from this server fails.
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (problems.push(`outside: ${route.request().url()}`), route.abort())));
    await page.goto(`${server.url}/api/docs`);
    // Tags start folded (a table of contents): every tag of the document is there, and each unfolds to its operations.
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags: string[] }>> };
    assert.ok(Object.keys(doc.paths).length > 100, 'a document past 100 paths (Swagger UI drew three tags of it unfolded)');
    const tags = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags)));
    await page.locator(`.opblock-tag[data-tag="${[...tags].at(-1)}"]`).waitFor({ timeout: 20_000 });
    for (const tag of tags) assert.ok(await page.locator(`.opblock-tag[data-tag="${tag}"]`).count(), tag);
    await page.locator('.opblock-tag[data-tag="E-mail"]').click();
    await page.locator('.opblock-summary', { hasText: '/api/email/send' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.opblock-tag[data-tag="Records"]').click();
    await page.locator('.opblock-summary', { hasText: '/api/records/{entity}' }).first().click();
    await page.getByText('685-171907-QA').first().waitFor();
    assert.equal(problems, []);
    await page.screenshot({ path: '.tmp/api-docs-1366.png' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
