// Mail merge over REST (desktop, online only): templates, the entities they may be for, merging, and the filed documents.
import { Hono } from 'hono';
import { customEntity, isEntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { templateEntities, type MergedDocument } from '../../shared/mail-merge.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, readJson } from '../errors.ts';
import { fieldPaths } from '../mail-merge/data.ts';
import { checkTemplateText, MailMerge, templateEntityOf } from '../mail-merge/service.ts';
import { DOCUMENT_CONTENT_SECURITY_POLICY } from '../security/headers.ts';
import { callerOf, onlineRecords } from './online-records.ts';
import { requireSession } from '../auth/sessions.ts';
import { isObject } from '../../shared/objects.ts';

export function mailMergeRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const merge = new MailMerge(services.store, onlineRecords(services));
  for (const path of ['/api/templates', '/api/templates/*', '/api/merge', '/api/merged-documents', '/api/merged-documents/*']) app.use(path, requireSession);

  /** The entities a template may be made for, custom entities included: never "System" (756-171755-ENH). */
  app.get('/api/templates/entities', (c) => c.json({ entities: templateEntities() }));

  /** The merge fields of an entity's templates (`quote.total`, `items.quantity`…), for the editor. */
  app.get('/api/templates/fields', (c) => c.json({ fields: fieldPaths(templateEntityOf(c.req.query('entity'))) }));

  /** Checks a template's text without saving it: 200 when it is fine, else 422 with the code and the line. */
  app.post('/api/templates/check', async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || typeof body.body !== 'string') throw new AppError(400, ERROR_CODES.MERGE_BAD_TEMPLATE, 'Send { "entity", "body", "subject"? }.');
    checkTemplateText(templateEntityOf(body.entity), body.body, typeof body.subject === 'string' ? body.subject : '');
    return c.json({ ok: true });
  });

  app.get('/api/templates', async (c) => {
    const entity = c.req.query('entity');
    const kind = c.req.query('kind');
    return c.json({ templates: await merge.listTemplates(await callerOf(c), { ...(entity ? { entity } : {}), ...(kind ? { kind } : {}) }) });
  });
  app.post('/api/templates', async (c) => c.json(await merge.createTemplate(await callerOf(c), await readJson(c)), 201));
  app.get('/api/templates/:id', async (c) => c.json(await merge.getTemplate(await callerOf(c), c.req.param('id'))));
  app.put('/api/templates/:id', async (c) => c.json(await merge.updateTemplate(await callerOf(c), c.req.param('id'), await readJson(c))));
  app.delete('/api/templates/:id', async (c) => {
    await merge.deleteTemplate(await callerOf(c), c.req.param('id'));
    return c.json({ deleted: c.req.param('id') });
  });

  /** Merges a record with a template: a document is filed with the record (201), an e-mail answers subject and body. */
  app.post('/api/merge', async (c) => {
    const out = await merge.merge(await callerOf(c), await readJson(c));
    return c.json(out, out.document ? 201 : 200);
  });

  /** The documents filed with a record. */
  app.get('/api/merged-documents', async (c) => {
    const entity = c.req.query('entity') ?? '';
    const recordId = c.req.query('recordId') ?? '';
    if ((!isEntityName(entity) && !customEntity(entity)) || !recordId) throw new AppError(400, ERROR_CODES.RECORD_BAD_INPUT, 'Give entity and recordId.');
    return c.json({ documents: await merge.documentsOf(await callerOf(c), entity as MergedDocument['entity'], recordId) });
  });

  /**
   * A merged document as a page of its own (open it, print it to PDF). Its values were escaped when merged, and the
   * page may run no script at all: a sandboxing CSP, whatever the template's author wrote.
   */
  app.get('/api/merged-documents/:id', async (c) => {
    const doc = await merge.document(await callerOf(c), c.req.param('id'));
    c.header('Content-Security-Policy', DOCUMENT_CONTENT_SECURITY_POLICY);
    c.header('Cache-Control', 'private, no-store');
    const disposition = c.req.query('download') === '1' ? 'attachment' : 'inline';
    c.header('Content-Disposition', `${disposition}; filename="${doc.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
    return c.body(doc.html, 200, { 'Content-Type': 'text/html; charset=utf-8' });
  });
  return app;
}
