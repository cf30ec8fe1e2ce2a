// The API's description: GET /api/openapi.json is valid OpenAPI 3.1 by an independent validator
// (@seriousme/openapi-schema-validator), documents every route the Hono app registers and no other, derives its record
// schemas and error codes from the metadata; /api/docs serves Swagger UI from the package. And find by ids
// (685-171907-QA): exactly the records asked for that the caller may see, over the documented route.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { entities, entityDef, type EntityName, type SelectField } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { createApp } from '../../sync-server/app.ts';
import { documentedRoutes } from '../../sync-server/openapi/document.ts';
import { OPERATIONS } from '../../sync-server/openapi/operations.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, { tags: string[]; parameters?: { name: string; in: string }[] }>>; components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }>; required?: string[] }> } };

const t = suite<{ server: TestServer; doc: Doc; registered: string[] }>('OpenAPI');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 4 });
  const res = await fetch(`${ctx.server.url}/api/openapi.json`);
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  ctx.doc = (await res.json()) as Doc;
  // The routes of an app built as main.ts builds it (documents and metrics on: every optional route is in).
  const app = createApp({ store: ctx.server.store, bus: ctx.server.bus, version: 'x', documents: ctx.server.documents });
  ctx.registered = documentedRoutes(app.routes).sort();
});
t.after(async ({ server }) => {
  await server.close();
});

t('the document is valid OpenAPI 3.1 (independent validator), readable without signing in', async ({ doc }) => {
  assert.is(doc.openapi, '3.1.0');
  const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
  assert.ok(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 3000));
});

t('every route the app registers is documented, and every documented route is registered', ({ doc, registered }) => {
  assert.ok(registered.length > 60, `${registered.length} routes`);
  const described = Object.keys(OPERATIONS).sort();
  assert.equal(registered.filter((r) => !described.includes(r)), [], 'registered but not described');
  assert.equal(described.filter((r) => !registered.includes(r)), [], 'described but not registered');
  const inDoc = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  assert.equal(inDoc, registered);
  assert.not.ok(JSON.stringify(doc).includes('Undescribed'));
});

t('every documented path answers from its own route, not the catch-all', async ({ doc, server }) => {
  const token = await signIn(server.url, 'admin');
  const fallbacks: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    const url = path.replace('{entity}', 'company').replace('{collection}', 'company').replace(/\{[^}]+\}/g, 'x-none');
    for (const method of Object.keys(ops)) {
      if (path === '/sync/stream') continue; // an endless stream
      const body = ['post', 'put', 'patch'].includes(method) && !path.startsWith('/api/documents/') ? '{}' : undefined;
      const res = await fetch(`${server.url}${url}`, { method: method.toUpperCase(), headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body } : {}) });
      const text = await res.text();
      if (/No such (API|sync) route|Nothing here/.test(text)) fallbacks.push(`${method} ${path}`);
      if (path === '/api/auth/sign-out') break;
    }
  }
  assert.equal(fallbacks, []);
});

t('record schemas come from the entity metadata; the problem body lists every error code', ({ doc }) => {
  for (const e of Object.keys(entities) as EntityName[]) {
    const name = e.charAt(0).toUpperCase() + e.slice(1);
    const schema = doc.components.schemas[name];
    assert.ok(schema, name);
    const def = entityDef(e);
    for (const [field, f] of Object.entries(def.fields)) {
      assert.ok(schema!.properties[field], `${name}.${field}`);
      if (f.kind === 'select') assert.equal(schema!.properties[field]!.enum, [...(f as SelectField).options], `${name}.${field} options`);
    }
  }
  assert.equal(doc.components.schemas.Problem!.properties.code!.enum!.sort(), Object.values(ERROR_CODES).sort());
  // The entity path parameter names the entities the route accepts.
  const find = doc.paths['/api/records/{entity}']!.get!.parameters!.find((p) => p.name === 'entity');
  assert.ok(find && find.in === 'path');
});

t('/api/docs: Swagger UI from the installed package, no other site', async ({ server }) => {
  const page = await fetch(`${server.url}/api/docs`);
  assert.is(page.status, 200);
  const html = await page.text();
  assert.not.match(html, /https?:\/\//, 'no CDN or other site');
  assert.not.match(html, /<script>(?!<)/, 'no inline script (the CSP allows none)');
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    assert.ok(html.includes(`/api/docs/${file}`), file);
    const res = await fetch(`${server.url}/api/docs/${file}`);
    assert.is(res.status, 200, file);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(dist, file))), `${file} is the package's`);
  }
  assert.is((await fetch(`${server.url}/api/docs/package.json`)).status, 404);
  assert.is((await fetch(`${server.url}/api/docs/..%2F..%2Fpackage.json`)).status, 404);
});

t('find by ids answers exactly the records asked for that the caller may see (685-171907-QA)', async ({ server }) => {
  await server.store.insertMany('company', [
    makeDoc('company', { id: 'f-eu-1', name: 'Asked EU 1', territoryId: 't-eu' }),
    makeDoc('company', { id: 'f-eu-2', name: 'Asked EU 2', territoryId: 't-eu' }),
    makeDoc('company', { id: 'f-eu-3', name: 'Not asked EU', territoryId: 't-eu' }),
    makeDoc('company', { id: 'f-na-1', name: 'Asked NA', territoryId: 't-na' }),
    { ...makeDoc('company', { id: 'f-eu-gone', name: 'Deleted', territoryId: 't-eu' }), _deleted: true },
  ]);
  const ask = async (login: string, ids: string): Promise<string[]> => {
    const token = await signIn(server.url, login);
    const res = await fetch(`${server.url}/api/records/company?ids=${ids}`, { headers: { authorization: `Bearer ${token}` } });
    assert.is(res.status, 200);
    return ((await res.json()) as { id: string }[]).map((d) => d.id).sort();
  };
  // Sales works Europe: the North American record, the deleted one and an unknown id are absent; nothing else is added.
  assert.equal(await ask('sales', 'f-eu-1,f-na-1,f-eu-2,f-eu-gone,f-missing'), ['f-eu-1', 'f-eu-2']);
  assert.equal(await ask('sales', 'f-eu-2'), ['f-eu-2']);
  assert.equal(await ask('admin', 'f-eu-1,f-na-1,f-eu-gone'), ['f-eu-1', 'f-na-1']);
  assert.equal(await ask('manager', 'f-na-1,f-na-1'), ['f-na-1'], 'an id asked twice comes once');
  const token = await signIn(server.url, 'sales');
  const none = await fetch(`${server.url}/api/records/company?ids=`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(none.status, 400, 'no ids is a malformed request, never "everything"');
});

t.run();
