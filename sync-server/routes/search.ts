// Advanced search (docs/decisions/0040): the fields an entity can be searched on (a select field with every one of its
// values, 674-171544-QA) and a search by conditions on any field, within the caller's territories. Custom fields and
// custom entities take part as declared (docs/decisions/0044, 0050).
import { Hono } from 'hono';
import { checkConditions, isSearchEntity, SEARCH_LIMITS, searchFields } from '../../shared/advanced-search.ts';
import { customEntity, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { pullScope } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, readJson } from '../errors.ts';
import { customScope } from '../online/custom-records.ts';

function entityOf(name: string): EntityName {
  if (!isSearchEntity(name)) throw new AppError(404, ERROR_CODES.UNKNOWN_COLLECTION, `There is no advanced search for "${name.slice(0, 40)}".`);
  return name;
}

export function searchRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/api/search/*', requireSession);

  app.get('/api/search/:entity/fields', (c) => {
    const entity = entityOf(c.req.param('entity'));
    return c.json({ entity, fields: searchFields(entity) });
  });

  app.post('/api/search/:entity', async (c) => {
    const entity = entityOf(c.req.param('entity'));
    const body = await readJson(c);
    if (!isObject(body)) throw badRequest(ERROR_CODES.RECORD_BAD_INPUT, 'Send { "text"?, "conditions": [...], "offset"?, "limit"? }.');
    const text = body.text ?? '';
    if (typeof text !== 'string' || text.trim().length > 100) throw badRequest(ERROR_CODES.RECORD_BAD_INPUT, 'text is at most 100 characters.');
    const checked = checkConditions(entity, body.conditions);
    if (!checked.ok) throw badRequest(ERROR_CODES.RECORD_BAD_INPUT, checked.message);
    const offset = body.offset ?? 0;
    const limit = body.limit ?? 50;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.pageMax)
      throw badRequest(ERROR_CODES.RECORD_BAD_INPUT, `offset is 0 or more, limit 1 to ${SEARCH_LIMITS.pageMax}.`);
    const rights = await c.get('rights')();
    const criteria = { text: text.trim(), filters: {}, conditions: checked.conditions };
    // A custom entity's records: customRecord rows of its key, in the territories where the caller may view that entity.
    const page = customEntity(entity)
      ? await services.store.groups.search('customRecord', criteria, customScope(rights, entity), { offset, limit }, entity)
      : await services.store.groups.search(entity, criteria, pullScope(entity, c.get('user'), rights), { offset, limit });
    return c.json({ total: page.total, offset, limit, records: page.records });
  });
  return app;
}
