// A table rule as an administrator sends it: every part checked against the entity's metadata (read now, so custom
// fields and entities take part with no change here), and compiled for running.
import { randomUUID } from 'node:crypto';
import { customEntities, customEntityDef, entities, entityDef, isEntityName, type EntityDef, type EntityName } from '../../shared/entities/index.ts';
import { minorDigits } from '../../shared/money.ts';
import { isObject } from '../../shared/objects.ts';
import { blankRecord } from '../../shared/records.ts';
import { RULE_ACTION_KINDS, RULE_ACTOR, RULE_CODES, RULE_EVENTS, RULE_LIMITS, type RuleAction, type RuleEvent, type RuleIssue, type TableRule } from '../../shared/rules.ts';
import { validateRecord } from '../../shared/validation.ts';
import { checkCondition, isIsoDate } from './condition.ts';
import { ConditionError, parseCondition, type Expr } from './grammar.ts';

/**
 * Entities rules may be set on: the CRM records users write (per-user records, settings and lines written with their
 * parent are the server's), then each custom entity by its key (`x_project`): a rule on it runs on its customRecord
 * rows and names its own fields, custom ones included. Read from the registry each time: entities added later take part.
 */
export function ruleEntities(): EntityName[] {
  const builtIn = (Object.keys(entities) as EntityName[]).filter((e) => {
    const d = entityDef(e);
    return (d.scope === undefined || d.scope === 'territory') && d.rightsFrom === undefined;
  });
  return [...builtIn, ...customEntities().map((c) => c.key as EntityName)];
}

/** The declaration a rule on `entity` is checked and run against (a custom entity's own), or undefined when it is gone. */
export function ruleDef(entity: string): EntityDef | undefined {
  if (isEntityName(entity)) return entityDef(entity);
  return customEntityDef(entity);
}

/** The entity whose writes run a rule on `entity`: a custom entity's rules run on customRecord writes of its key. */
export const storedEntity = (entity: string): string => (isEntityName(entity) ? entity : 'customRecord');

/** Does a rule on `ruleEntity` run on this write of `entity`? (`doc`: the record written, for a custom entity's key.) */
export function ruleApplies(ruleEntity: string, entity: EntityName, doc: { entityKey?: unknown } | null | undefined): boolean {
  if (ruleEntity === entity) return true;
  return entity === 'customRecord' && !isEntityName(ruleEntity) && doc?.entityKey === ruleEntity;
}

/**
 * Fields a `set` action may write: those a person types, whose value nothing else derives from or checks against. Not
 * computed fields, not the embedded lists, not references (they are checked against what the writer may view before
 * the rules run), not a currency that amounts are kept in, not a wall-clock booking's zone and times (their instants
 * are derived together).
 */
export function settableFields(def: EntityDef): string[] {
  const amountsIn = Object.values(def.fields).some((f) => f.kind === 'amount' && f.scale === 'currency');
  const clock = new Set(def.wallClock ? [def.wallClock.zone, ...def.wallClock.times.flatMap((t) => [t.instant, t.wall])] : []);
  return Object.entries(def.fields)
    .filter(([n, f]) => !f.computed && f.kind !== 'emails' && f.kind !== 'phones' && f.kind !== 'addresses' && f.kind !== 'ref' && !(amountsIn && n === 'currency') && !clock.has(n) && n !== def.territoryFrom)
    .map(([n]) => n);
}

/** A compiled rule: its tree, or why it cannot run (a field removed since it was saved). */
export interface Compiled {
  rule: TableRule;
  expr: Expr | null;
  broken: RuleIssue | null;
}

const bad = (at: string, message: string, code: RuleIssue['code'] = RULE_CODES.BAD_ACTION, detail?: string): RuleIssue => ({ at, code, message, ...(detail === undefined ? {} : { detail }) });

/** The parsed condition and its problems (syntax with position, then type errors with positions). */
export function conditionIssues(entity: EntityName, condition: string): { expr: Expr | null; issues: RuleIssue[] } {
  try {
    const expr = parseCondition(condition);
    const def = ruleDef(entity);
    if (!def) return { expr: null, issues: [bad('entity', `The entity "${String(entity).slice(0, 40)}" no longer exists.`, RULE_CODES.FAILED)] };
    return { expr, issues: checkCondition(def, expr) };
  } catch (err) {
    if (err instanceof ConditionError) return { expr: null, issues: [err.issue] };
    throw err;
  }
}

/**
 * A stored value for `set` from what was typed (text for text, dates and options; a number; true/false), or the
 * problem. Amounts are typed in units and kept as given: the record's currency decides the scale when the rule runs.
 */
export function setValue(def: EntityDef, field: string, value: unknown): { value: string | number | boolean | null } | { issue: string } {
  const f = def.fields[field];
  if (!f) return { issue: 'unknown field' };
  if (value === null || value === '') return { value: null };
  switch (f.kind) {
    case 'number':
    case 'amount':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { issue: 'a number' };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { issue: 'true or false' };
    case 'select': {
      const o = typeof value === 'string' ? f.options.find((x) => x.toLowerCase() === value.toLowerCase()) : undefined;
      return o === undefined ? { issue: `one of ${f.options.join(', ')}` } : { value: o };
    }
    case 'date':
    case 'datetime':
      if (typeof value === 'string' && (/^(today|now)$/i.test(value) || isIsoDate(value))) return { value: value.length <= 5 ? value.toUpperCase() : value };
      return { issue: 'a date (YYYY-MM-DD), TODAY or NOW' };
    default:
      return typeof value === 'string' ? { value } : { issue: 'text' };
  }
}

/** What `set` writes into the record, as the field keeps it (amount units to minor units, TODAY to the day). */
export function storedValue(def: EntityDef, field: string, value: string | number | boolean | null, record: Record<string, unknown>, now: string): unknown {
  const f = def.fields[field]!;
  if (value === null) return f.kind === 'select' ? f.default : f.kind === 'number' || f.kind === 'amount' ? null : f.kind === 'boolean' ? false : '';
  if (f.kind === 'amount' && typeof value === 'number') {
    const scale = f.scale === 'currency' ? minorOf(record) : f.scale;
    return Math.round(value * 10 ** scale);
  }
  if ((f.kind === 'date' || f.kind === 'datetime') && typeof value === 'string') {
    const when = value === 'TODAY' ? now.slice(0, 10) : value === 'NOW' ? now : value;
    return f.kind === 'date' ? when.slice(0, 10) : when.length === 10 ? `${when}T00:00:00.000Z` : new Date(when).toISOString();
  }
  return value;
}
const minorOf = (record: Record<string, unknown>) => minorDigits(String(record.currency ?? ''));

function actionOf(def: EntityDef, raw: unknown, i: number, events: readonly RuleEvent[], users: ReadonlySet<string>, issues: RuleIssue[]): RuleAction | null {
  const at = `actions.${i}`;
  if (!isObject(raw) || typeof raw.kind !== 'string' || !(RULE_ACTION_KINDS as readonly string[]).includes(raw.kind)) {
    issues.push(bad(at, `Action ${i + 1}: choose set, refuse, notify or task.`));
    return null;
  }
  const text = (k: string, max: number, required: boolean): string | null => {
    const v = raw[k];
    if (typeof v !== 'string' || (required && v.trim() === '') || v.length > max) {
      issues.push(bad(`${at}.${k}`, `Action ${i + 1}: ${k} is text of ${required ? '1' : '0'} to ${max} characters.`, RULE_CODES.BAD_ACTION, String(max)));
      return null;
    }
    return v.trim();
  };
  const user = (id: unknown, k: string): string | null => {
    if (typeof id !== 'string' || (id !== RULE_ACTOR && !users.has(id))) {
      issues.push(bad(`${at}.${k}`, `Action ${i + 1}: "${String(id).slice(0, 40)}" is not a user.`, RULE_CODES.UNKNOWN_USER));
      return null;
    }
    return id;
  };
  switch (raw.kind) {
    case 'set': {
      if (events.includes('delete')) issues.push(bad(`${at}.field`, `Action ${i + 1}: a deleted record is not changed; a rule on delete may refuse, notify or create a task.`));
      const field = typeof raw.field === 'string' ? raw.field : '';
      if (!settableFields(def).includes(field)) {
        issues.push(bad(`${at}.field`, `Action ${i + 1}: "${field.slice(0, 60)}" is not a field a rule may set on ${def.name}.`, RULE_CODES.UNKNOWN_FIELD, field.slice(0, 60)));
        return null;
      }
      const v = setValue(def, field, raw.value);
      if ('issue' in v) {
        issues.push(bad(`${at}.value`, `Action ${i + 1}: ${field} takes ${v.issue}.`, RULE_CODES.BAD_VALUE, v.issue));
        return null;
      }
      // The value must pass the field's own checks (length, range, format, required), as a person typing it would.
      const probe: Record<string, unknown> = { ...(blankRecord(def, 'probe', 'probe') as Record<string, unknown>), currency: 'EUR' };
      probe[field] = storedValue(def, field, v.value, probe, new Date().toISOString());
      const found = validateRecord(def, probe).filter((x) => x.field === field);
      if (found.length) {
        issues.push(bad(`${at}.value`, `Action ${i + 1}: this value is not valid for ${field} (${found[0]!.code}).`, RULE_CODES.BAD_VALUE, found[0]!.code));
        return null;
      }
      return { kind: 'set', field, value: v.value };
    }
    case 'refuse': {
      const message = text('message', RULE_LIMITS.message, true);
      return message === null ? null : { kind: 'refuse', message };
    }
    case 'notify': {
      const message = text('message', RULE_LIMITS.message, true);
      const list = Array.isArray(raw.users) ? raw.users : null;
      if (!list || list.length === 0 || list.length > RULE_LIMITS.notifyUsers) {
        issues.push(bad(`${at}.users`, `Action ${i + 1}: notify 1 to ${RULE_LIMITS.notifyUsers} users.`, RULE_CODES.BAD_ACTION, String(RULE_LIMITS.notifyUsers)));
        return null;
      }
      const ids = list.map((u, k) => user(u, `users.${k}`));
      if (message === null || ids.some((x) => x === null)) return null;
      return { kind: 'notify', users: [...new Set(ids as string[])], message };
    }
    default: {
      const subject = text('subject', RULE_LIMITS.subject, true);
      const ownerId = user(raw.ownerId === undefined || raw.ownerId === '' ? RULE_ACTOR : raw.ownerId, 'ownerId');
      const due = raw.dueInDays === undefined ? 0 : raw.dueInDays;
      if (typeof due !== 'number' || !Number.isInteger(due) || due < 0 || due > RULE_LIMITS.dueInDays) {
        issues.push(bad(`${at}.dueInDays`, `Action ${i + 1}: due in 0 to ${RULE_LIMITS.dueInDays} days.`, RULE_CODES.BAD_ACTION, String(RULE_LIMITS.dueInDays)));
        return null;
      }
      if (subject === null || ownerId === null) return null;
      return { kind: 'task', subject, ownerId, dueInDays: due };
    }
  }
}

/**
 * A rule from a request body, every problem at once: the entity must take rules, the events be known, the condition
 * parse and type-check against the entity's fields, each action be well-formed. `users`: the ids that exist.
 */
export function parseRule(body: unknown, users: ReadonlySet<string>, by: string, now: string, id?: string): { rule: TableRule; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const b = isObject(body) ? body : {};
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (!name || name.length > RULE_LIMITS.name) issues.push(bad('name', `A rule has a name of 1 to ${RULE_LIMITS.name} characters.`, RULE_CODES.BAD_ACTION, String(RULE_LIMITS.name)));
  const entityName = typeof b.entity === 'string' && (ruleEntities() as string[]).includes(b.entity) ? (b.entity as EntityName) : null;
  if (!entityName) issues.push(bad('entity', `Rules are set on ${ruleEntities().join(', ')}.`, RULE_CODES.BAD_ACTION));
  const rawEvents: unknown[] = Array.isArray(b.events) ? b.events : [];
  const events = [...new Set(rawEvents.filter((e): e is RuleEvent => typeof e === 'string' && (RULE_EVENTS as readonly string[]).includes(e)))];
  if (!events.length || events.length !== new Set(rawEvents).size) issues.push(bad('events', 'Choose when the rule runs: insert, update and/or delete.', RULE_CODES.BAD_ACTION));
  const condition = typeof b.condition === 'string' ? b.condition : '';
  if (b.condition !== undefined && typeof b.condition !== 'string') issues.push(bad('condition', 'The condition is text.', RULE_CODES.SYNTAX));
  const actions: RuleAction[] = [];
  if (entityName) {
    issues.push(...conditionIssues(entityName, condition).issues);
    const raw = Array.isArray(b.actions) ? b.actions : [];
    if (raw.length === 0 || raw.length > RULE_LIMITS.actions) issues.push(bad('actions', `A rule has 1 to ${RULE_LIMITS.actions} actions.`, RULE_CODES.BAD_ACTION, String(RULE_LIMITS.actions)));
    else raw.forEach((a, i) => {
      const one = actionOf(ruleDef(entityName)!, a, i, events, users, issues);
      if (one) actions.push(one);
    });
  }
  if (b.enabled !== undefined && typeof b.enabled !== 'boolean') issues.push(bad('enabled', 'enabled is true or false.', RULE_CODES.BAD_ACTION));
  const rule: TableRule = { id: id ?? `r${randomUUID().replace(/-/g, '').slice(0, 20)}`, name, entity: entityName ?? '', events, condition, actions, enabled: b.enabled !== false, updatedAt: now, updatedBy: by };
  return { rule, issues };
}

/** A stored rule ready to run; one whose condition or actions no longer fit the entity (a field removed) is `broken`. */
export function compileRule(rule: TableRule): Compiled {
  const def = ruleDef(rule.entity);
  if (!def) return { rule, expr: null, broken: bad('entity', `The entity "${rule.entity}" no longer exists.`, RULE_CODES.FAILED) };
  const { expr, issues } = conditionIssues(rule.entity as EntityName, rule.condition);
  if (issues.length) return { rule, expr: null, broken: issues[0]! };
  for (const [i, a] of rule.actions.entries()) {
    if (a.kind === 'set' && !settableFields(def).includes(a.field)) return { rule, expr: null, broken: bad(`actions.${i}.field`, `"${a.field}" is no longer a field of ${def.name}.`, RULE_CODES.UNKNOWN_FIELD, a.field) };
  }
  return { rule, expr, broken: null };
}

/**
 * Compiled rules by their stored text and the entity's fields as they are: a push compiles each rule once per process,
 * and a rule is compiled again as soon as its entity's fields change (a custom field added or removed). Bounded.
 */
const compiled = new Map<string, Compiled>();
/** The text of a declaration's fields, once per declaration object (a customisation makes a new one). */
const fieldsText = new WeakMap<object, string>();
function fingerprint(def: EntityDef): string {
  let text = fieldsText.get(def.fields);
  if (text === undefined) fieldsText.set(def.fields, (text = JSON.stringify(def.fields)));
  return text;
}
export function compileStored(text: string): Compiled | null {
  const rule = ruleFromJson(text);
  if (!rule) return null;
  const def = ruleDef(rule.entity);
  const fields = def ? fingerprint(def) : '';
  const key = `${fields}\u0000${text}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  if (compiled.size >= 500) compiled.clear();
  const c = compileRule(rule);
  compiled.set(key, c);
  return c;
}

/** A stored rule's JSON back to a rule, or null when it is not one (never trusted blindly: a hand-edited row). */
export function ruleFromJson(text: string): TableRule | null {
  try {
    const r = JSON.parse(text) as unknown;
    if (!isObject(r) || typeof r.id !== 'string' || typeof r.entity !== 'string' || typeof r.condition !== 'string' || !Array.isArray(r.actions) || !Array.isArray(r.events)) return null;
    return r as unknown as TableRule;
  } catch {
    return null;
  }
}
