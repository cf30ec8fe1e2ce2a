// Online records over REST (quotes, orders, products, opportunities; desktop, online only): lists from the metadata,
// and writes through the same rights and validation as sync plus each entity's rules (docs/decisions/0012).
import { Hono, type Context } from 'hono';
import { customEntity, entityDef, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, readJson } from '../errors.ts';
import { CustomRecords } from '../online/custom-records.ts';
import { OnlineRecords, type Caller } from '../online/records.ts';
import { convertToOrder, isSalesKind, saveLines } from '../quotes/documents.ts';
import { SALES_RULES } from '../quotes/rules.ts';
import { LIST_QUERY_LIMITS } from '../../shared/list-query.ts';
import { filtersOf, sortOf } from '../list-params.ts';
import { pageOf } from '../paging.ts';

const bad = (message: string): AppError => new AppError(400, ERROR_CODES.RECORD_BAD_INPUT, message);

export async function callerOf(c: Context<AppEnv>): Promise<Caller> {
  const user = c.get('user');
  return { user, rights: await c.get('rights')(), now: new Date().toISOString() };
}

function entityOf(name: string): EntityName {
  // Custom records are reached through their entity's key (`/api/records/x_project`), never as customRecord.
  if (!isEntityName(name) || name === 'customRecord') throw new AppError(404, ERROR_CODES.UNKNOWN_COLLECTION, `There is no collection called "${name.slice(0, 40)}".`);
  return name;
}

export function onlineRecords(services: Services): OnlineRecords {
  return new OnlineRecords(services.store, services.bus, SALES_RULES, (entity, out) => {
    if (out.rules?.fired) services.metrics?.rulesFired.inc({ entity }, out.rules.fired);
    if (out.rules?.failed) services.metrics?.rulesFailed.inc({ entity }, out.rules.failed);
  });
}

export function onlineRecordRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const records = onlineRecords(services);
  const customs = new CustomRecords(records);
  for (const path of ['/api/records/*', '/api/quotes/*', '/api/orders/*']) app.use(path, requireSession);

  /**
   * A page of live records the caller may view: `q` over the search fields, `field`+`value` an equality (a quote's
   * lines), `filter[...]` the filter row's terms, `sort` the order (then the id); all checked against the metadata.
   */
  app.get('/api/records/:entity/list', async (c) => {
    const name = c.req.param('entity');
    const q = (c.req.query('q') ?? '').trim();
    if (q.length > 100) throw bad('Search for at most 100 characters.');
    const field = c.req.query('field');
    const value = c.req.query('value');
    if ((field === undefined) !== (value === undefined) || (value !== undefined && value.length > 100)) throw bad('Give field and value together (a value of at most 100 characters).');
    const { offset, limit } = pageOf(c, LIST_QUERY_LIMITS.page, ERROR_CODES.RECORD_BAD_INPUT);
    // A custom entity's list is checked against its own declaration (its custom fields filter and sort too).
    const custom = customEntity(name) !== undefined;
    const def = custom ? customs.def(name) : entityDef(entityOf(name));
    const sort = sortOf(c, def);
    const filters = filtersOf(c, def);
    const query = { ...(q ? { text: q } : {}), ...(field !== undefined && value !== undefined ? { equals: { [field]: value } } : {}), filters, sort };
    const caller = await callerOf(c);
    const page = custom ? await customs.list(caller, name, query, { offset, limit }) : await records.list(caller, entityOf(name), query, { offset, limit });
    return c.json({ total: page.total, offset, limit, records: page.records });
  });

  app.post('/api/records/:entity', async (c) => {
    const name = c.req.param('entity');
    if (customEntity(name)) return c.json(await customs.create(await callerOf(c), name, await readJson(c)), 201);
    const entity = entityOf(name);
    const doc = await records.create(await callerOf(c), entity, await readJson(c));
    return c.json(doc, 201);
  });

  app.patch('/api/records/:entity/:id', async (c) => {
    const name = c.req.param('entity');
    if (customEntity(name)) return c.json(await customs.update(await callerOf(c), name, c.req.param('id'), await readJson(c)));
    const entity = entityOf(name);
    return c.json(await records.update(await callerOf(c), entity, c.req.param('id'), await readJson(c)));
  });

  app.delete('/api/records/:entity/:id', async (c) => {
    const name = c.req.param('entity');
    const id = c.req.param('id');
    if (customEntity(name)) {
      await customs.remove(await callerOf(c), name, id);
      return c.json({ deleted: id });
    }
    const entity = entityOf(name);
    await records.remove(await callerOf(c), entity, id);
    return c.json({ deleted: id });
  });

  /** Sets all of a quote's or order's lines at once (in order), priced, with its totals: one transaction. */
  for (const kind of ['quote', 'order'] as const) {
    app.put(`/api/${kind}s/:id/lines`, async (c) => {
      if (!isSalesKind(kind)) throw bad('Unknown document.');
      return c.json(await saveLines(records, await callerOf(c), kind, c.req.param('id'), await readJson(c)));
    });
  }

  /** Converts a quote to an order (once): the order, its lines, and the quote marked ordered, in one transaction. */
  app.post('/api/quotes/:id/convert', async (c) => c.json(await convertToOrder(records, await callerOf(c), c.req.param('id')), 201));
  return app;
}
