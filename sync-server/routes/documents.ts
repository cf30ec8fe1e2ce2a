// Documents over REST (desktop, online only): upload a file or an e-mail onto a record, list, download, preview, secure, delete.
import { auditEntry, diff } from '../admin/audit.ts';
import { Hono, type Context } from 'hono';
import { DOCUMENT_LIMITS, DOCUMENT_LIST, isDocumentPolicy, isDocumentTarget, UPLOAD_HEADER, type DocumentTarget } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import type { DocumentService, Upload } from '../documents/service.ts';
import { readDocumentSettings, saveDocumentSettings } from '../documents/settings.ts';
import { AppError, readJson } from '../errors.ts';
import { STREAMED_UPLOADS } from '../security/body.ts';
import { isObject } from '../../shared/objects.ts';
import { pageOf } from '../paging.ts';
import { filtersOf, sortOf } from '../list-params.ts';

const [UPLOAD_PATH, EMAIL_PATH] = STREAMED_UPLOADS as [string, string];

const bad = (message: string): AppError => new AppError(400, ERROR_CODES.DOC_BAD_INPUT, message);

/** Nothing may run in a document's answer, whatever a browser makes of it; a download is never framed. */
export const DOWNLOAD_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'";
/** An image or PDF preview: shown by the browser's own viewer in a frame of our page, in a sandbox, loading nothing else. */
export const PREVIEW_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the exact name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'document';
  const exact = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

/** Bytes read from the database are a Node Buffer over an ArrayBufferLike, which the DOM typings do not take as a body. */
const bodyInit = (body: ReadableStream<Uint8Array> | Uint8Array): BodyInit => (body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : body);

/** The upload's query and headers: where to file it, its name, the type it claims, its declared length. */
function uploadOf(c: Context<AppEnv>): Upload {
  if (c.req.header(UPLOAD_HEADER) !== '1') throw new AppError(400, ERROR_CODES.DOC_UPLOAD_HEADER, `An upload must carry the header ${UPLOAD_HEADER}: 1.`);
  const length = c.req.header('content-length');
  const declared = length === undefined ? null : Number(length);
  if (declared !== null && (!Number.isSafeInteger(declared) || declared < 0)) throw bad('Content-Length is not a number of bytes.');
  return {
    entity: c.req.query('entity') ?? '',
    recordId: c.req.query('recordId') ?? '',
    name: (c.req.query('name') ?? '').slice(0, 1000),
    claimedType: c.req.header('content-type') ?? '',
    body: c.req.raw.body,
    length: declared,
  };
}

export function documentRoutes(services: Services, docs: DocumentService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  for (const path of ['/api/documents', '/api/documents/*', '/api/admin/documents/*']) app.use(path, requireSession);

  /** The limits every user's browser checks before it starts an upload (the server checks again). */
  app.get('/api/documents/settings', async (c) => c.json(await docs.settings()));

  app.put('/api/admin/documents/settings', async (c) => {
    requireAdmin(c.get('user'));
    const before = await readDocumentSettings(store);
    const after = await saveDocumentSettings(store, await readJson(c), c.get('user').id);
    const d = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    if (Object.keys(d.after ?? {}).length) await store.audit.insert([auditEntry(c.get('user'), 'documents.settings', { type: 'settings', id: 'documents' }, d.before, d.after)]);
    return c.json(after);
  });

  /**
   * Documents the user may see: one record's (`entity` and `recordId`) or all, filtered by name (`q`) and by
   * `filter[...]` terms, sorted by `sort` (newest first when none), with the record lists' rules (FC-REC-003/004).
   */
  app.get('/api/documents', async (c) => {
    const { offset, limit } = pageOf(c, DOCUMENT_LIMITS.pageMax, ERROR_CODES.DOC_BAD_INPUT);
    const q = (c.req.query('q') ?? '').trim();
    if (q.length > 100) throw bad('Search for at most 100 characters.');
    const entity = c.req.query('entity');
    const recordId = c.req.query('recordId');
    let record: { entity: DocumentTarget; id: string } | undefined;
    if (entity !== undefined || recordId !== undefined) {
      if (!isDocumentTarget(entity) || !recordId || recordId.length > 40) throw bad('Filter by record with entity (company, person, lead, opportunity or communication) and recordId.');
      record = { entity, id: recordId };
    }
    const user = c.get('user');
    const page = await docs.list(user, await c.get('rights')(), { text: q, offset, limit, sort: sortOf(c, DOCUMENT_LIST), filters: filtersOf(c, DOCUMENT_LIST), ...(record ? { record } : {}) });
    return c.json({ total: page.total, offset, limit, documents: page.documents });
  });

  // Uploads answer with the connection closed on any refusal: the rest of a refused body is never read.
  const streamed = (handler: (c: Context<AppEnv>) => Promise<Response>) => async (c: Context<AppEnv>) => {
    try {
      return await handler(c);
    } catch (err) {
      c.header('Connection', 'close');
      throw err;
    }
  };

  /** One file, its bytes as the body (any type), onto `entity`/`recordId`, named `name`. */
  app.post(
    UPLOAD_PATH,
    streamed(async (c) => {
      const user = c.get('user');
      return c.json(await docs.file(user, await c.get('rights')(), uploadOf(c)), 201);
    }),
  );

  /** An .eml or .msg message: filed as an e-mail communication on the record, with its attachments as documents. */
  app.post(
    EMAIL_PATH,
    streamed(async (c) => {
      const user = c.get('user');
      return c.json(await docs.fileEmail(user, await c.get('rights')(), uploadOf(c)), 201);
    }),
  );

  app.get('/api/documents/:id', async (c) => {
    const user = c.get('user');
    return c.json(await docs.info(user, await c.get('rights')(), c.req.param('id')));
  });

  /** The bytes, as an attachment with a safe type: a browser saves them, never opens them as a page. */
  app.get('/api/documents/:id/content', async (c) => {
    const user = c.get('user');
    const { row, body } = await docs.open(user, await c.get('rights')(), c.req.param('id'));
    return new Response(bodyInit(body), {
      headers: {
        'Content-Type': row.contentType,
        'Content-Length': String(row.size),
        'Content-Disposition': contentDisposition('attachment', row.name),
        'Content-Security-Policy': DOWNLOAD_POLICY,
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      },
    });
  });

  /** Images and PDF files inline, for the library's preview; anything else has no preview. */
  app.get('/api/documents/:id/preview', async (c) => {
    const user = c.get('user');
    const { row, body } = await docs.open(user, await c.get('rights')(), c.req.param('id'), { preview: true });
    return new Response(bodyInit(body), {
      headers: {
        'Content-Type': row.contentType,
        'Content-Length': String(row.size),
        'Content-Disposition': contentDisposition('inline', row.name),
        'Content-Security-Policy': PREVIEW_POLICY,
        'X-Frame-Options': 'SAMEORIGIN',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      },
    });
  });

  /** Changes a document's security policy: `{ "policy": "inherit" | "private" }` or `{ "policy": "territory", "territoryId": "…" }`. */
  app.patch('/api/documents/:id', async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || !isDocumentPolicy(body.policy)) throw new AppError(400, ERROR_CODES.DOC_BAD_POLICY, 'Send { "policy": "inherit" | "territory" | "private", "territoryId"? }.');
    const extra = Object.keys(body).filter((k) => k !== 'policy' && k !== 'territoryId');
    if (extra.length) throw new AppError(400, ERROR_CODES.DOC_BAD_POLICY, `Unknown keys: ${extra.slice(0, 5).join(', ')}.`);
    if (body.policy === 'territory' && (typeof body.territoryId !== 'string' || !(await store.listTerritories()).some((t) => t.id === body.territoryId)))
      throw new AppError(400, ERROR_CODES.DOC_BAD_POLICY, 'The territory policy needs a known territoryId.');
    const user = c.get('user');
    const change = body.policy === 'territory' ? { policy: body.policy, territoryId: body.territoryId as string } : { policy: body.policy };
    return c.json(await docs.setPolicy(user, await c.get('rights')(), c.req.param('id'), change));
  });

  app.delete('/api/documents/:id', async (c) => {
    const user = c.get('user');
    await docs.remove(user, await c.get('rights')(), c.req.param('id'));
    return c.json({ deleted: c.req.param('id') });
  });
  return app;
}
