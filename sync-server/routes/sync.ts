// The replication endpoints of DESIGN §4: pull after a checkpoint, push with conflicts, and the live change stream.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { entityDef, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, type FieldIssue } from '../../shared/errors.ts';
import { SYNC_LIMITS, type PushRow, type StreamEvent, type WireDoc } from '../../shared/sync.ts';
import { validateRecord } from '../../shared/validation.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';

function collectionOf(name: string): EntityName {
  if (!isEntityName(name)) throw new AppError(404, ERROR_CODES.UNKNOWN_COLLECTION, `There is no collection called "${name.slice(0, 40)}".`);
  return name;
}

function intParam(raw: string | undefined, fallback: number, min: number, max: number, code: typeof ERROR_CODES.BAD_CHECKPOINT | typeof ERROR_CODES.MALFORMED_BODY): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw badRequest(code, `"${raw.slice(0, 20)}" is not a whole number.`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badRequest(code, `${n} is outside ${min}..${max}.`);
  return n;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the whole batch before anything is written: one bad row refuses the batch and the database stays unchanged. */
export function parsePushBody(entity: EntityName, body: unknown): PushRow[] {
  if (!Array.isArray(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'A push is a JSON array of rows.');
  if (body.length > SYNC_LIMITS.maxPushRows) throw new AppError(413, ERROR_CODES.BATCH_TOO_LARGE, `At most ${SYNC_LIMITS.maxPushRows} rows per push.`);
  const def = entityDef(entity);
  const issues: (FieldIssue & { row: number; id?: string })[] = [];
  body.forEach((row: unknown, i) => {
    if (!isObject(row) || !isObject(row.newDocumentState) || !(row.assumedMasterState === null || row.assumedMasterState === undefined || isObject(row.assumedMasterState)))
      throw badRequest(ERROR_CODES.MALFORMED_BODY, `Row ${i} is not {assumedMasterState, newDocumentState}.`);
    const doc = row.newDocumentState;
    const id = typeof doc.id === 'string' ? doc.id : undefined;
    for (const issue of validateRecord(def, doc, ['_deleted'])) issues.push({ ...issue, row: i, ...(id ? { id } : {}) });
    if (typeof doc._deleted !== 'boolean') issues.push({ field: '_deleted', code: 'bad-boolean', row: i });
    if (isObject(row.assumedMasterState) && row.assumedMasterState.id !== doc.id) issues.push({ field: 'id', code: 'bad-id', row: i });
  });
  if (issues.length) throw invalid(issues);
  return body.map((row: Record<string, unknown>) => ({
    assumedMasterState: (row.assumedMasterState ?? null) as WireDoc | null,
    newDocumentState: row.newDocumentState as WireDoc,
  }));
}

export function syncRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/sync/*', requireSession(services));

  app.get('/sync/:collection/pull', async (c) => {
    const entity = collectionOf(c.req.param('collection'));
    const since = intParam(c.req.query('seq'), 0, 0, Number.MAX_SAFE_INTEGER, ERROR_CODES.BAD_CHECKPOINT);
    const limit = intParam(c.req.query('limit'), SYNC_LIMITS.defaultPullLimit, 1, SYNC_LIMITS.maxPullLimit, ERROR_CODES.BAD_CHECKPOINT);
    return c.json(await services.store.pull(entity, since, limit));
  });

  app.post('/sync/:collection/push', async (c) => {
    const entity = collectionOf(c.req.param('collection'));
    const rows = parsePushBody(entity, await readJson(c));
    const out = await services.store.push(entity, rows, { userId: c.get('user').id });
    if (out.lastSeq !== null) services.bus.publish({ collection: entity, seq: out.lastSeq });
    return c.json({ conflicts: out.conflicts });
  });

  app.get('/sync/stream', (c) =>
    streamSSE(c, async (stream) => {
      const queue: StreamEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = services.bus.subscribe((e) => {
        queue.push(e);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      // "hello" tells a (re)connected client to pull: it may have missed changes while it was away.
      await stream.writeSSE({ event: 'hello', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        const e = queue.shift();
        if (e) {
          await stream.writeSSE({ event: 'change', data: JSON.stringify(e) });
          continue;
        }
        // Wait for a change, or send a comment every 20 s so proxies keep the connection open.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 20_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        if (queue.length === 0 && !stream.aborted) await stream.write(': ping\n\n');
      }
      unsubscribe();
    }),
  );
  return app;
}
