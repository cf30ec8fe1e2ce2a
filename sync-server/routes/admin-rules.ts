// Administration of table rules (issue #24, docs/decisions/0049): list, add, edit, enable or disable, delete, check a
// condition and test a rule on a record. Every change is audited; rules run on every write (sync-server/rules/run.ts).
import { Hono } from 'hono';
import type { EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, type FieldCode } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { RULE_ACTION_KINDS, RULE_CODES, RULE_EVENTS, RULE_LIMITS, type RuleEvent, type RuleIssue, type TableRule } from '../../shared/rules.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { auditEntry, diff } from '../admin/audit.ts';
import { requireAdmin } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError, badRequest, readJson } from '../errors.ts';
import { compileRule, conditionIssues, parseRule, ruleApplies, ruleDef, ruleEntities, settableFields, storedEntity } from '../rules/definition.ts';
import { runRules } from '../rules/run.ts';

/** A rule that cannot be saved: 422 with every issue (`field` names the part) and the first condition problem's place. */
function invalidRule(issues: readonly RuleIssue[]): AppError {
  const first = issues.find((i) => i.line !== undefined);
  return new AppError(
    422,
    ERROR_CODES.RULE_INVALID,
    issues[0]?.message ?? 'This rule is not valid.',
    issues.map((i) => ({ field: i.at, code: i.code as FieldCode, detail: i.detail ?? i.message, ...(i.line === undefined ? {} : { line: i.line, column: i.column! }) })),
    first ? { line: first.line!, column: first.column! } : undefined,
  );
}

const notFound = (): AppError => new AppError(404, ERROR_CODES.RULE_NOT_FOUND, 'There is no such rule.');

export function adminRuleRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  app.use('/api/admin/rules', requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });
  app.use('/api/admin/rules/*', requireSession, async (c, next) => {
    requireAdmin(c.get('user'));
    await next();
  });

  const userIds = async () => new Set((await store.listUsers()).map((u) => u.id));
  const find = async (id: string) => (await store.listRules()).find((r) => r.rule.id === id) ?? null;
  /** At most RULE_LIMITS.perEntity enabled rules per entity (the cost of a write stays bounded). */
  const withinLimit = async (rule: TableRule): Promise<RuleIssue[]> => {
    if (!rule.enabled) return [];
    const others = (await store.listRules()).filter((r) => r.rule.enabled && r.rule.entity === rule.entity && r.rule.id !== rule.id).length;
    return others >= RULE_LIMITS.perEntity ? [{ at: 'enabled', code: RULE_CODES.TOO_MANY, message: `At most ${RULE_LIMITS.perEntity} rules are enabled per entity.`, detail: String(RULE_LIMITS.perEntity) }] : [];
  };

  // Every rule with its health (failures since it was last saved, the last error).
  app.get('/api/admin/rules', async (c) => c.json((await store.listRules()).map(({ rule, health }) => ({ ...rule, health }))));

  // What the form offers, read from the entities' metadata now (custom fields and entities included when they exist).
  app.get('/api/admin/rules/meta', (c) =>
    c.json({
      events: RULE_EVENTS,
      actions: RULE_ACTION_KINDS,
      limits: RULE_LIMITS,
      entities: ruleEntities().map((name) => {
        const def = ruleDef(name)!;
        const settable = new Set(settableFields(def));
        return {
          name,
          fields: [
            ...Object.entries(def.fields).map(([field, f]) => ({ name: field, kind: f.kind, settable: settable.has(field), ...(f.kind === 'select' ? { options: f.options } : {}) })),
            { name: 'territoryId', kind: 'text', settable: false },
          ],
        };
      }),
    }),
  );

  // Checks a condition without saving anything: 200 when it parses and fits the entity's fields, else 422 with the place.
  app.post('/api/admin/rules/check', async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || typeof body.entity !== 'string' || !ruleDef(body.entity) || typeof body.condition !== 'string') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { entity, condition }.');
    const { issues } = conditionIssues(body.entity as EntityName, body.condition);
    if (issues.length) throw invalidRule(issues);
    return c.json({ ok: true });
  });

  app.post('/api/admin/rules', async (c) => {
    const user = c.get('user');
    const now = new Date().toISOString();
    const { rule, issues } = parseRule(await readJson(c), await userIds(), user.id, now);
    issues.push(...(await withinLimit(rule)));
    if (issues.length) throw invalidRule(issues);
    await store.saveRule(rule, [auditEntry(user, 'rule.create', { type: 'rule', id: rule.id }, null, rule, now)]);
    return c.json(rule, 201);
  });

  app.put('/api/admin/rules/:id', async (c) => {
    const user = c.get('user');
    const before = await find(c.req.param('id'));
    if (!before) throw notFound();
    const now = new Date().toISOString();
    const { rule, issues } = parseRule(await readJson(c), await userIds(), user.id, now, before.rule.id);
    issues.push(...(await withinLimit(rule)));
    if (issues.length) throw invalidRule(issues);
    const d = diff(before.rule as unknown as Record<string, unknown>, rule as unknown as Record<string, unknown>);
    await store.saveRule(rule, [auditEntry(user, 'rule.update', { type: 'rule', id: rule.id }, d.before, d.after, now)]);
    return c.json(rule);
  });

  // Enable or disable: { enabled }. A rule re-enabled is checked again against the entity's fields as they are now.
  app.patch('/api/admin/rules/:id', async (c) => {
    const user = c.get('user');
    const before = await find(c.req.param('id'));
    if (!before) throw notFound();
    const body = await readJson(c);
    if (!isObject(body) || typeof body.enabled !== 'boolean') throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { enabled: true | false }.');
    const now = new Date().toISOString();
    const rule: TableRule = { ...before.rule, enabled: body.enabled, updatedAt: now, updatedBy: user.id };
    if (rule.enabled) {
      const broken = compileRule(rule).broken;
      const issues = [...(broken ? [broken] : []), ...(await withinLimit(rule))];
      if (issues.length) throw invalidRule(issues);
    }
    await store.saveRule(rule, [auditEntry(user, 'rule.update', { type: 'rule', id: rule.id }, { enabled: before.rule.enabled }, { enabled: rule.enabled }, now)]);
    return c.json(rule);
  });

  app.delete('/api/admin/rules/:id', async (c) => {
    const user = c.get('user');
    const before = await find(c.req.param('id'));
    if (!before) throw notFound();
    await store.deleteRule(before.rule.id, [auditEntry(user, 'rule.delete', { type: 'rule', id: before.rule.id }, before.rule, null)]);
    return c.json({ ok: true });
  });

  /**
   * Tests a rule (saved, or as sent, unsaved) on a record without writing anything: { rule | ruleId, recordId, event? }.
   * The record is taken as it is now: as inserted (insert), as saved unchanged (update), as deleted (delete). The
   * answer says whether the condition holds and what the rule would do, run with the administrator's rights.
   */
  app.post('/api/admin/rules/test', async (c) => {
    const user = c.get('user');
    const body = await readJson(c);
    if (!isObject(body) || typeof body.recordId !== 'string' || body.recordId.length > 40) throw badRequest(ERROR_CODES.MALFORMED_BODY, 'Send { rule or ruleId, recordId, event? }.');
    const now = new Date().toISOString();
    let rule: TableRule;
    if (typeof body.ruleId === 'string') {
      const found = await find(body.ruleId);
      if (!found) throw notFound();
      rule = found.rule;
    } else {
      const parsed = parseRule(body.rule, await userIds(), user.id, now, 'test');
      if (parsed.issues.length) throw invalidRule(parsed.issues);
      rule = parsed.rule;
    }
    // A custom entity's rule is tried on a customRecord row of its key.
    const entity = storedEntity(rule.entity) as EntityName;
    const event: RuleEvent = typeof body.event === 'string' && (rule.events as string[]).includes(body.event) ? (body.event as RuleEvent) : rule.events[0]!;
    const [record] = await store.getByIds(entity, [body.recordId]);
    if (!record || record._deleted || !ruleApplies(rule.entity, entity, record as { entityKey?: unknown })) throw new AppError(404, ERROR_CODES.RULE_NOT_FOUND, `There is no ${rule.entity} with this id.`);
    const compiled = compileRule({ ...rule, enabled: true });
    const master: WireDoc | undefined = event === 'insert' ? undefined : record;
    const doc: WireDoc = event === 'delete' ? { ...record, _deleted: true } : record;
    const run = runRules(entity, master, doc, [compiled], { userId: user.id, rights: await c.get('rights')(), now });
    return c.json({
      event,
      holds: run.fired.length > 0 || run.refused !== null,
      refused: run.refused?.message ?? null,
      set: run.fired[0]?.set ?? {},
      notify: run.notifications.map((n) => ({ userId: (n as unknown as { ownerId: string }).ownerId, title: (n as unknown as { title: string }).title })),
      tasks: run.tasks.map((t) => ({ subject: (t as unknown as { subject: string }).subject, ownerId: (t as unknown as { ownerId: string }).ownerId, startsAt: t.startsAt })),
      failures: run.failures.map((f) => f.issue),
    });
  });

  return app;
}
