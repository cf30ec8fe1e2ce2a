// The Outlook add-in's server side (issue #25): its manifest for Outlook on the web and new Outlook, Office.js from the
// npm package (no CDN), and what the task pane asks (who the message's people are, a contact for an unknown sender).
// Filing itself goes through the documents route, the same path as a dropped .eml (docs/decisions/0053).
import { createReadStream, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import { OFFICE_JS_PATH, OUTLOOK_CONTACT_PATH, OUTLOOK_LOOKUP_PATH, OUTLOOK_MANIFEST_PATH } from '../../shared/outlook.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, readJson } from '../errors.ts';
import { ROOT } from '../config.ts';
import { readInstallerConfig } from '../installer/config.ts';
import { renderManifest } from '../outlook/manifest.ts';
import { OutlookLookupService, parseLookup } from '../outlook/lookup.ts';
import { clientOf } from '../security/client.ts';

/** Where the npm package keeps Office.js and the host scripts it loads next to itself. */
export const OFFICE_JS_DIR = join(createRequire(import.meta.url).resolve('@microsoft/office-js/package.json'), '..', 'dist');

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.png': 'image/png', '.gif': 'image/gif', '.svg': 'image/svg+xml' };

/** The address this server is reached at: PUBLIC_URL, else the request's (https behind a trusted proxy). */
export function serverUrlOf(c: Context, proxies: number, publicUrl: string | null): string {
  if (publicUrl) return publicUrl;
  const url = new URL(c.req.url);
  return `${clientOf(c, proxies).https ? 'https:' : url.protocol}//${url.host}`;
}

export function outlookRoutes(services: Services, opts: { proxies: number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const lookups = new OutlookLookupService(services.store, services.bus);
  // The same address the .msi carries (installer config: PUBLIC_URL), so both downloads agree.
  const publicUrl = (services.installer?.config ?? readInstallerConfig(ROOT, process.env)).publicUrl;
  const caller = async (c: Context<AppEnv>) => ({ user: c.get('user'), rights: await c.get('rights')() });
  app.use('/api/outlook/*', requireSession);

  /** The manifest for Outlook on the web, new Outlook and central deployment: this server's address, the user's language. */
  app.get(OUTLOOK_MANIFEST_PATH, requireSession, (c) =>
    c.body(renderManifest(serverUrlOf(c, opts.proxies, publicUrl), c.get('user').locale), 200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Disposition': 'attachment; filename="fieldcrm-outlook-manifest.xml"',
      'Cache-Control': 'private, no-store',
    }),
  );

  app.post(OUTLOOK_LOOKUP_PATH, async (c) => c.json(await lookups.lookup(await caller(c), parseLookup(await readJson(c)))));
  app.post(OUTLOOK_CONTACT_PATH, async (c) => c.json(await lookups.createContact(await caller(c), await readJson(c)), 201));

  // Office.js and the files it loads beside itself (host scripts, strings per language), from the npm package.
  app.get(`${OFFICE_JS_PATH}/*`, (c) => {
    const rel = normalize(decodeURIComponent(c.req.path.slice(OFFICE_JS_PATH.length + 1)));
    const file = join(OFFICE_JS_DIR, rel);
    if (rel.startsWith('..') || !file.startsWith(OFFICE_JS_DIR + sep)) throw new AppError(404, ERROR_CODES.NOT_FOUND, 'Nothing here.');
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new AppError(404, ERROR_CODES.NOT_FOUND, 'Nothing here.');
    }
    const ext = file.slice(file.lastIndexOf('.'));
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, {
      // Versioned by the package: a day's caching is safe, and an upgrade arrives the next day.
      headers: { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Content-Length': String(size), 'Cache-Control': 'public, max-age=86400' },
    });
  });
  return app;
}
