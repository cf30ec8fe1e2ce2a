// The API's own description: GET /api/openapi.json (generated, openapi/document.ts) and a browsable reference at
// /api/docs, Swagger UI served from the swagger-ui-dist package (no CDN: it works offline and on a closed network;
// docs/decisions/0039). The page runs no inline script, so the server's Content-Security-Policy holds for it too.
import { currentCustomization } from '../../shared/entities/index.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { buildOpenApi, type RegisteredRoute } from '../openapi/document.ts';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FieldCRM API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

/** Starts Swagger UI on our document; requests tried from the page carry the session cookie (same origin). */
// Tags start folded, with a filter box: with every tag unfolded, Swagger UI 5 drew only the first three tags once the
// document passed 100 paths (seen with the table-rules routes), and 130 operations read better as a table of contents.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true, validatorUrl: null, tryItOutEnabled: false, docExpansion: 'none', filter: true });\n`;

/** The files of swagger-ui-dist the page needs, read once. */
const ASSETS: Record<string, string> = { 'swagger-ui-bundle.js': 'application/javascript; charset=utf-8', 'swagger-ui.css': 'text/css; charset=utf-8' };
let distDir: string | undefined;
const cache = new Map<string, Buffer>();
function asset(file: string): Buffer {
  let bytes = cache.get(file);
  if (!bytes) {
    distDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    bytes = readFileSync(join(distDir, file));
    cache.set(file, bytes);
  }
  return bytes;
}

/** `routes` is read when the document is asked for, once the app has every route. */
export function apiReferenceRoutes(routes: () => readonly RegisteredRoute[], version: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Built once per customisation: custom fields change the record schemas (docs/decisions/0044).
  let doc: string | undefined;
  let builtAt = -1;

  app.get('/api/openapi.json', (c) => {
    const revision = currentCustomization().revision;
    if (doc === undefined || builtAt !== revision) {
      doc = JSON.stringify(buildOpenApi(routes(), version));
      builtAt = revision;
    }
    return c.body(doc, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
  });
  app.get('/api/docs', (c) => c.html(PAGE, 200, { 'Cache-Control': 'no-cache' }));
  app.get('/api/docs/:file', (c) => {
    const file = c.req.param('file');
    if (file === 'init.js') return c.body(INIT, 200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
    const type = ASSETS[file];
    if (!type) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'No such file.');
    return c.body(new Uint8Array(asset(file)), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
  return app;
}
