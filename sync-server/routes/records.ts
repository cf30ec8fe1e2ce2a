// Records over REST for desktop features and integrations, under the same rights as sync.
import { Hono } from 'hono';
import { customEntity, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { mayView, pullScope } from '../auth/rights.ts';
import { SEARCH_MAX } from '../db/search.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest } from '../errors.ts';
import { CustomRecords } from '../online/custom-records.ts';
import { callerOf, onlineRecords } from './online-records.ts';

const MAX_IDS = 200;

function entityOf(name: string): EntityName {
  if (!isEntityName(name)) throw new AppError(404, ERROR_CODES.UNKNOWN_COLLECTION, `There is no collection called "${name.slice(0, 40)}".`);
  return name;
}

export function recordRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/api/records/*', requireSession);
  const customs = new CustomRecords(onlineRecords(services));

  /** Find by ids: exactly the records asked for that exist and that the user may view (685-171907-QA). */
  app.get('/api/records/:entity', async (c) => {
    const name = c.req.param('entity');
    const raw = c.req.query('ids') ?? '';
    const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
    if (ids.length === 0 || ids.length > MAX_IDS || ids.some((id) => id.length > 40)) throw badRequest(ERROR_CODES.MALFORMED_BODY, `Give 1 to ${MAX_IDS} ids, comma-separated.`);
    const user = c.get('user');
    const rights = await c.get('rights')();
    // A custom entity's records: customRecord rows of that entity (docs/decisions/0050).
    if (customEntity(name)) return c.json((await services.store.getByIds('customRecord', ids)).filter((d) => !d._deleted && (d as unknown as { entityKey: string }).entityKey === name && mayView('customRecord', user, rights, d)));
    const entity = entityOf(name);
    const docs = (await services.store.getByIds(entity, ids)).filter((d) => !d._deleted && mayView(entity, user, rights, d));
    return c.json(docs);
  });
  /** Search on the server (desktop features, integrations): only records the user may view. */
  app.get('/api/records/:entity/search', async (c) => {
    const name = c.req.param('entity');
    const q = (c.req.query('q') ?? '').trim();
    if (q.length < 1 || q.length > 100) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Search for 1 to 100 characters.');
    const limit = Math.min(SEARCH_MAX, Math.max(1, Number(c.req.query('limit') ?? 20) || 20));
    // Only the records of the territories where the user may view that entity (661-171474-QA).
    if (customEntity(name)) return c.json((await customs.list(await callerOf(c), name, { text: q }, { offset: 0, limit })).records);
    const entity = entityOf(name);
    const user = c.get('user');
    const rights = await c.get('rights')();
    return c.json(await services.store.search(entity, q, pullScope(entity, user, rights), limit));
  });
  return app;
}
