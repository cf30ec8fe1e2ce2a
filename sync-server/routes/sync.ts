// The replication endpoints of DESIGN §4: pull after a checkpoint, push with conflicts, and the live change stream.
import { loadCustomization } from '../customization/service.ts';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { CUSTOM_KEY_RE, customEntityDef, emptyValue, entityDef, isEntityName, offlineEntityKeys, storedDefOf, SYSTEM_FIELDS, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { scopeKey } from '../../shared/security.ts';
import { PULL_FORMS, PULL_HEADERS, SYNC_LIMITS, toColumns, type PullForm, type PullResponse, type PushResponse, type StreamEvent, type WireDoc } from '../../shared/sync.ts';
import { validateRecord } from '../../shared/validation.ts';
import { pullScope } from '../auth/rights.ts';
import { DEFAULT_IDLE_MS, requireSession, sessionLive } from '../auth/sessions.ts';
import type { PlanRow } from '../db/push-plan.ts';
import { PullBudget } from '../sync/pull-budget.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, invalid, readJson } from '../errors.ts';
import { isObject } from '../../shared/objects.ts';

/** A comment on an idle live stream this often keeps proxies from closing it. */
const PING_MS = 20_000;
/** An open live stream re-reads its session this often (idle timeout, end, sign-out elsewhere). */
const SESSION_CHECK_MS = 60_000;

function collectionOf(name: string): EntityName {
  // Online-only records (quotes, orders…) are no device's collection: their rules run only behind /api/records.
  // Custom records are one once a custom entity is kept on devices (docs/decisions/0057).
  if (name === 'customRecord' && offlineEntityKeys().length > 0) return name;
  if (!isEntityName(name) || entityDef(name).online) throw new AppError(404, ERROR_CODES.UNKNOWN_COLLECTION, `There is no collection called "${name.slice(0, 40)}".`);
  return name;
}

function intParam(raw: string | undefined, fallback: number, min: number, max: number, code: typeof ERROR_CODES.BAD_CHECKPOINT | typeof ERROR_CODES.MALFORMED_BODY): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw badRequest(code, `"${raw.slice(0, 20)}" is not a whole number.`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badRequest(code, `${n} is outside ${min}..${max}.`);
  return n;
}

/**
 * Checks the shape of the whole batch before anything is written. A strict push with an invalid row is refused
 * whole (422, the database unchanged); a lenient one (`Prefer: handling=lenient`, our devices) carries each row's
 * issues to the store, which keeps the row as a rejected change for its author instead of losing or blocking it.
 */
export function parsePushBody(entity: EntityName, body: unknown, lenient: boolean): PlanRow[] {
  if (!Array.isArray(body)) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'A push is a JSON array of rows.');
  if (body.length > SYNC_LIMITS.maxPushRows) throw new AppError(413, ERROR_CODES.BATCH_TOO_LARGE, `At most ${SYNC_LIMITS.maxPushRows} rows per push.`);
  const all: (FieldIssue & { row: number; id?: string })[] = [];
  const rows = body.map((row: unknown, i): PlanRow => {
    if (!isObject(row) || !isObject(row.newDocumentState) || !(row.assumedMasterState === null || row.assumedMasterState === undefined || isObject(row.assumedMasterState)))
      throw badRequest(ERROR_CODES.MALFORMED_BODY, `Row ${i} is not {assumedMasterState, newDocumentState}.`);
    // A custom record is stored with its own entity's custom fields (docs/decisions/0057); any other row with its entity's.
    const def = storedDefOf(entity, row.newDocumentState);
    const doc = withFieldsAddedSince(def, row.newDocumentState);
    // Without a usable id a row cannot even be kept as a rejected change: that is a malformed request.
    if (typeof doc.id !== 'string' || validateRecord(def, { ...doc }, Object.keys(doc)).some((x) => x.field === 'id'))
      throw badRequest(ERROR_CODES.MALFORMED_BODY, `Row ${i} has no valid id.`);
    if (isObject(row.assumedMasterState) && row.assumedMasterState.id !== doc.id) throw badRequest(ERROR_CODES.MALFORMED_BODY, `Row ${i}: the assumed master is another record.`);
    const issues = entity === 'customRecord' ? customRecordIssues(doc) : validateRecord(def, doc, ['_deleted']);
    if (typeof doc._deleted !== 'boolean') issues.push({ field: '_deleted', code: FIELD_CODES.BAD_BOOLEAN });
    for (const issue of issues) all.push({ ...issue, row: i, id: doc.id });
    const assumed = isObject(row.assumedMasterState) ? withFieldsAddedSince(def, row.assumedMasterState) : null;
    const out: PlanRow = { assumedMasterState: assumed as WireDoc | null, newDocumentState: clean(def, doc) };
    if (issues.length) out.issues = issues;
    return out;
  });
  if (all.length && !lenient) throw invalid(all);
  return rows;
}

/**
 * A pushed custom record, checked as the REST path checks it (custom-records.ts): its entity must be one kept on
 * devices, and its values are checked against that entity's declaration (required parent, its custom fields). The
 * parent column the entity does not have is left empty (set here, as the REST path sets it).
 */
function customRecordIssues(doc: Record<string, unknown>): FieldIssue[] {
  const key = doc.entityKey;
  const own = typeof key === 'string' && offlineEntityKeys().includes(key) ? customEntityDef(key) : undefined;
  if (!own) return [{ field: 'entityKey', code: FIELD_CODES.NOT_IN_LIST }];
  for (const k of ['companyId', 'personId']) if (!(k in own.fields)) doc[k] = '';
  const stored = storedDefOf('customRecord', doc);
  if (doc._deleted === true) return validateRecord(stored, doc, ['_deleted']);
  return validateRecord(own, doc, ['_deleted', ...Object.keys(stored.fields).filter((k) => !(k in own.fields))]);
}

/** True when a row carries a `c_` key the entity does not declare (now). */
function namesUnknownCustomField(entity: EntityName, body: unknown): boolean {
  if (!Array.isArray(body)) return false;
  return body.some((row: unknown) => {
    if (!isObject(row) || !isObject(row.newDocumentState)) return false;
    const fields = storedDefOf(entity, row.newDocumentState).fields;
    return Object.keys(row.newDocumentState).some((k) => CUSTOM_KEY_RE.test(k) && !Object.prototype.hasOwnProperty.call(fields, k));
  });
}

/**
 * A device still on the previous release (during a rollout, before its service worker updates) knows fewer fields:
 * a field its rows lack counts as its empty value, as the device's own schema migration would fill it. In the assumed
 * master too, so the three-way merge sees the field unchanged by the device and keeps the server's value.
 */
function withFieldsAddedSince(def: ReturnType<typeof entityDef>, doc: Record<string, unknown>): Record<string, unknown> {
  const out = { ...doc };
  for (const [name, f] of Object.entries(def.fields)) if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = emptyValue(f);
  // And the values of a custom field purged since (docs/decisions/0044) are dropped, not refused: they are gone for everyone.
  for (const k of Object.keys(out)) if (CUSTOM_KEY_RE.test(k) && !Object.prototype.hasOwnProperty.call(def.fields, k)) delete out[k];
  return out;
}

/** Only declared keys go further: a rejected row is stored as the author sent it, minus anything unknown. */
function clean(def: ReturnType<typeof entityDef>, doc: Record<string, unknown>): WireDoc {
  const out: Record<string, unknown> = {};
  for (const k of [...SYSTEM_FIELDS, ...Object.keys(def.fields), '_deleted']) if (Object.prototype.hasOwnProperty.call(doc, k)) out[k] = doc[k];
  if (typeof out._deleted !== 'boolean') out._deleted = false;
  return out as unknown as WireDoc;
}

/** Documents serialised per slice of a streamed pull answer. */
const PULL_SLICE = 100;

/**
 * A pull page as JSON (the same body `c.json` would send), written a slice at a time as the socket (or the compression
 * stream in front of it) asks for more: the page is never held as one string, and a compressed answer starts leaving
 * while the rest is still being serialised (decision 0009). As `documents` a hundred documents a slice; as `columns`
 * (`?form=columns`, decision 0063) a key's values a slice.
 */
function streamedPull(c: Context<AppEnv>, body: PullResponse, form: PullForm): Response {
  const { documents, ...tail } = body;
  const columns = form === 'columns' ? toColumns(documents) : null;
  const enc = new TextEncoder();
  const keys = columns ? Object.keys(columns) : [];
  /** The answer after its documents (`seqs`, `checkpoint`…), serialised once, at the end. */
  const rest = (): string => JSON.stringify(tail).slice(1);
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (columns) {
        if (at >= keys.length) {
          ctrl.enqueue(enc.encode(`},${rest()}`));
          ctrl.close();
          return;
        }
        const k = keys[at]!;
        ctrl.enqueue(enc.encode(`${at === 0 ? '{"columns":{' : ','}${JSON.stringify(k)}:${JSON.stringify(columns[k])}`));
        at++;
        return;
      }
      if (at >= documents.length) {
        ctrl.enqueue(enc.encode(documents.length ? `],${rest()}` : `{"documents":[],${rest()}`));
        ctrl.close();
        return;
      }
      const slice = documents.slice(at, at + PULL_SLICE).map((d) => JSON.stringify(d)).join(',');
      ctrl.enqueue(enc.encode(at === 0 ? `{"documents":[${slice}` : `,${slice}`));
      at += PULL_SLICE;
    },
  });
  return c.body(stream, 200, {
    'Content-Type': 'application/json',
    [PULL_HEADERS.checkpoint]: `${body.checkpoint.seq} ${encodeURIComponent(body.checkpoint.scope)}`,
    [PULL_HEADERS.count]: String(documents.length),
    [PULL_HEADERS.remaining]: String(body.remaining),
  });
}

/** A drained instance's devices reconnect within this window, spread at random. */
const RECONNECT_SPREAD_MS = 3000;

const isLenient = (prefer: string | undefined): boolean => /(^|[,;\s])handling=lenient\b/i.test(prefer ?? '');

export function syncRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // A first sync's pages share a budget of records among everybody pulling at once (sync-server/sync/pull-budget.ts).
  const budget = new PullBudget();
  app.use('/sync/*', requireSession);

  app.get('/sync/:collection/pull', async (c) => {
    const entity = collectionOf(c.req.param('collection'));
    const since = intParam(c.req.query('seq'), 0, 0, Number.MAX_SAFE_INTEGER, ERROR_CODES.BAD_CHECKPOINT);
    const limit = intParam(c.req.query('limit'), SYNC_LIMITS.defaultPullLimit, 1, SYNC_LIMITS.maxPullLimit, ERROR_CODES.BAD_CHECKPOINT);
    const asked = c.req.query('scope') ?? '';
    const form = (c.req.query('form') ?? 'documents') as PullForm;
    if (!PULL_FORMS.includes(form)) throw badRequest(ERROR_CODES.BAD_PULL_FORM, `Unknown page form: ${PULL_FORMS.join(' or ')}.`);
    if (asked.length > 40) throw badRequest(ERROR_CODES.BAD_CHECKPOINT, 'Unknown checkpoint scope.');
    const user = c.get('user');
    const rights = await c.get('rights')();
    const scope = scopeKey(rights, entity);
    // Rights changed since this checkpoint: records older than it may now be visible, others not. Start over.
    if (since > 0 && asked !== scope) return c.json({ documents: [], seqs: [], checkpoint: { seq: since, scope: asked }, remaining: 0, resync: true } satisfies PullResponse);
    // `fit=1`: the client goes on while `remaining` > 0, so it takes a shorter page while many devices pull at once.
    const fitted = budget.limit(`${c.get('tokenHash')}:${entity}`, limit, c.req.query('fit') === '1');
    const page = await services.store.pull(entity, since, fitted, pullScope(entity, user, rights));
    services.metrics?.pullPages.inc({ collection: entity });
    return streamedPull(c, { documents: page.documents, seqs: page.seqs, checkpoint: { seq: page.lastSeq, scope }, remaining: page.remaining }, form);
  });

  app.post('/sync/:collection/push', async (c) => {
    const entity = collectionOf(c.req.param('collection'));
    const lenient = isLenient(c.req.header('prefer'));
    const body = await readJson(c);
    // A custom field this instance does not know yet may have just been added by another one: read the customisation
    // again before a value of it would be taken for one of a purged field (and dropped).
    if (namesUnknownCustomField(entity, body)) await loadCustomization(services.store);
    const rows = parsePushBody(entity, body, lenient);
    const user = c.get('user');
    const out = await services.store.push(entity, rows, { userId: user.id, login: user.login, rights: await c.get('rights')(), lenient, now: new Date().toISOString() });
    services.bus.publishWrite(out);
    if (out.rules?.fired) services.metrics?.rulesFired.inc({ entity }, out.rules.fired);
    if (out.rules?.failed) services.metrics?.rulesFailed.inc({ entity }, out.rules.failed);
    services.metrics?.pushRows.inc({ collection: entity }, rows.length);
    if (out.conflicts.length) services.metrics?.conflicts.inc({ collection: entity }, out.conflicts.length);
    if (out.refusals.length) services.metrics?.refused.inc({ collection: entity }, out.refusals.length);
    if (lenient) c.header('Preference-Applied', 'handling=lenient');
    return c.json({ conflicts: out.conflicts } satisfies PushResponse);
  });

  app.get('/sync/stream', (c) => {
    const user = c.get('user');
    return streamSSE(c, async (stream) => {
      const queue: StreamEvent[] = [];
      let wake: (() => void) | null = null;
      let revoked = false;
      let draining = false;
      services.metrics?.streams.inc();
      // The instance is shutting down: the device is told to reconnect (to another instance) after a short random
      // delay, so a drained instance's devices do not all arrive at once.
      const undrain = services.lifecycle?.whenDraining(() => {
        draining = true;
        wake?.();
      });
      const unsubscribe = services.bus.subscribe((e) => {
        queue.push(e);
        wake?.();
      });
      // Signed out by an administrator: say so and end the stream at once, so the device stops syncing now.
      const unrevoke = services.bus.onRevoke(
        user.id,
        () => {
          revoked = true;
          wake?.();
        },
        c.get('tokenHash'),
      );
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      // An open stream is no use of the session (a phone left in a drawer keeps it open): past its idle timeout or its
      // end, the session is over here too, as it would be at the device's next request.
      const checkEvery = services.streamSessionCheckMs ?? SESSION_CHECK_MS;
      let checkedAt = Date.now();
      const sessionOver = async (): Promise<boolean> => {
        if (c.get('authKind') !== 'session' || Date.now() - checkedAt < checkEvery) return false;
        checkedAt = Date.now();
        const s = await services.store.findSession(c.get('tokenHash'));
        return !s || !sessionLive(s, checkedAt, services.sessionIdleMs ?? DEFAULT_IDLE_MS);
      };
      // "hello" tells a (re)connected client to pull: it may have missed changes while it was away.
      await stream.writeSSE({ event: 'hello', data: '{}' });
      let pingedAt = Date.now();
      while (!stream.aborted && !stream.closed && !revoked && !draining) {
        const e = queue.shift();
        if (e) {
          await stream.writeSSE({ event: 'change', data: JSON.stringify(e) });
          continue;
        }
        // Wait for a change, or send a comment every 20 s so proxies keep the connection open.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(PING_MS, checkEvery));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        if (!revoked && !stream.aborted && (await sessionOver())) revoked = true;
        if (queue.length === 0 && !stream.aborted && !revoked && !draining && Date.now() - pingedAt >= PING_MS) {
          pingedAt = Date.now();
          await stream.write(': ping\n\n');
        }
      }
      if (revoked && !stream.aborted) await stream.writeSSE({ event: 'revoked', data: '{}' });
      else if (draining && !stream.aborted) await stream.writeSSE({ event: 'reconnect', data: JSON.stringify({ afterMs: Math.floor(Math.random() * RECONNECT_SPREAD_MS) }) });
      unsubscribe();
      unrevoke();
      undrain?.();
      services.metrics?.streams.dec();
    });
  });
  return app;
}
