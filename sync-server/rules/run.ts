// Runs an entity's rules on one write, as the acting user: pure (the store writes what it answers in the write's transaction).
import { blankRecord, jsonEqual, recordTitle } from '../../shared/records.ts';
import { entityDef, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { can, type EffectiveRights } from '../../shared/security.ts';
import { RULE_ACTOR, RULE_CODES, type RuleEvent, type RuleIssue, type TableRule } from '../../shared/rules.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { validateRecord } from '../../shared/validation.ts';
import { evaluate, type Sides } from './condition.ts';
import { ruleApplies, ruleDef, storedValue, type Compiled } from './definition.ts';
import { contentId } from '../db/content-id.ts';

export interface RuleActor {
  userId: string;
  rights: EffectiveRights;
  now: string;
}

export interface Fired {
  rule: TableRule;
  recordId: string;
  event: RuleEvent;
  /** Fields the rule set, with their new values. */
  set: Record<string, unknown>;
  notified: string[];
  taskIds: string[];
}

export interface Failure {
  rule: TableRule;
  recordId: string;
  issue: RuleIssue;
}

export interface RuleRun {
  /** The record as the rules leave it (their `set` actions applied). */
  doc: WireDoc;
  changed: boolean;
  /** The first rule that refused the write, with its message: then nothing of the write (nor of its rules) is kept. */
  refused: { rule: TableRule; message: string } | null;
  notifications: WireDoc[];
  tasks: WireDoc[];
  fired: Fired[];
  failures: Failure[];
}

/** What kind of write this is, or null when no rule runs (a deletion of what is already gone). */
export function eventOf(master: WireDoc | undefined, doc: WireDoc): RuleEvent | null {
  const live = master !== undefined && !master._deleted;
  if (doc._deleted) return live ? 'delete' : null;
  return live ? 'update' : 'insert';
}

/** A deterministic id, so the same write's effects are the same rows if it is ever replayed. */
const effectId = contentId;

const fill = (text: string, title: string): string => text.replace(/\{title\}/g, title);

/**
 * Runs the rules of the write's event in order. Each rule fires at most once per write; after a `set` changes the
 * record, the rules not yet fired are evaluated again on the new state (a rule's `set` may make another's condition
 * hold), so a chain of rules settles and two rules undoing each other stop after one round each: no loop. A rule that
 * cannot run (a field removed since, an action the user may not take, a value its field refuses) is a failure for
 * administrators, and the write goes on without that rule's effect. Effects (tasks, notifications) run no rules.
 */
export function runRules(entity: EntityName, master: WireDoc | undefined, doc: WireDoc, rules: readonly Compiled[], actor: RuleActor): RuleRun {
  const event = eventOf(master, doc);
  const out: RuleRun = { doc, changed: false, refused: null, notifications: [], tasks: [], fired: [], failures: [] };
  if (!event) return out;
  const before = master && !master._deleted ? (master as unknown as Record<string, unknown>) : null;
  // A custom entity's rules (docs/decisions/0050) run on its customRecord rows and read them with its own declaration.
  const stored = (before ?? doc) as { entityKey?: unknown };
  const mine = rules.filter((c) => c.rule.enabled && ruleApplies(c.rule.entity, entity, stored) && c.rule.events.includes(event));
  if (!mine.length) return out;
  let current = { ...(doc as unknown as Record<string, unknown>) };
  const done = new Set<string>();
  const fail = (rule: TableRule, issue: RuleIssue) => out.failures.push({ rule, recordId: doc.id, issue });
  for (let round = 0; round <= mine.length; round++) {
    let changedNow = false;
    for (const c of mine) {
      if (done.has(c.rule.id)) continue;
      if (c.broken) {
        done.add(c.rule.id);
        fail(c.rule, c.broken);
        continue;
      }
      const def = ruleDef(c.rule.entity) ?? entityDef(entity);
      const sides: Sides = event === 'delete' ? { old: before, new: null, plain: 'old', now: actor.now } : { old: before, new: current, plain: 'new', now: actor.now };
      let holds: boolean;
      try {
        holds = evaluate(def, c.expr, sides) === true;
      } catch (err) {
        done.add(c.rule.id);
        fail(c.rule, { at: 'condition', code: RULE_CODES.FAILED, message: `The condition could not be evaluated: ${String((err as Error).message ?? err).slice(0, 200)}` });
        continue;
      }
      if (!holds) continue;
      done.add(c.rule.id);
      const fired: Fired = { rule: c.rule, recordId: doc.id, event, set: {}, notified: [], taskIds: [] };
      const record = event === 'delete' ? before ?? current : current;
      const title = recordTitle(def, record);
      for (const [i, a] of c.rule.actions.entries()) {
        if (a.kind === 'refuse') {
          out.refused = { rule: c.rule, message: fill(a.message, title) };
          return out;
        }
        if (a.kind === 'set') {
          if (event === 'delete' || !def.fields[a.field]) {
            fail(c.rule, { at: `actions.${i}.field`, code: RULE_CODES.UNKNOWN_FIELD, message: `"${a.field}" is not a field of ${entity}.`, detail: a.field });
            continue;
          }
          const value = storedValue(def, a.field, a.value, current, actor.now);
          const next = { ...current, [a.field]: value };
          const issues = validateRecord(def, next, ['_deleted']).filter((x) => x.field === a.field);
          if (issues.length) {
            fail(c.rule, { at: `actions.${i}.value`, code: RULE_CODES.BAD_VALUE, message: `${a.field} does not take this value (${issues[0]!.code}).`, detail: issues[0]!.code });
            continue;
          }
          fired.set[a.field] = value;
          if (!jsonEqual(current[a.field] ?? null, value)) {
            current = next;
            changedNow = true;
          }
          continue;
        }
        const who = (id: string) => (id === RULE_ACTOR ? actor.userId : id);
        if (a.kind === 'notify') {
          for (const userId of a.users.map(who)) {
            const n = {
              ...(blankRecord(entityDef('notification'), effectId('rn', [c.rule.id, String(i), doc.id, userId, actor.now]), 'none') as Record<string, unknown>),
              kind: 'info',
              status: 'unread',
              ownerId: userId,
              title: fill(a.message, title).slice(0, 200),
              // A custom record is named by its entity's key, which the dashboard opens (docs/decisions/0058).
              body: JSON.stringify({ entity: isEntityName(c.rule.entity) ? entity : c.rule.entity, id: doc.id, rule: c.rule.name, ruleId: c.rule.id, event, by: actor.userId }),
              happenedAt: actor.now,
              updatedAt: actor.now,
              updatedBy: actor.userId,
              _deleted: false,
            };
            out.notifications.push(n as unknown as WireDoc);
            fired.notified.push(userId);
          }
          continue;
        }
        // A task: in the record's territory, linked to the record where the task has a reference to its entity.
        const territoryId = String(record.territoryId ?? '');
        if (!can(actor.rights, 'insert', 'communication', territoryId)) {
          fail(c.rule, { at: `actions.${i}`, code: RULE_CODES.NO_RIGHT, message: `The user who made the change may not create tasks in territory ${territoryId}: no task was created.`, detail: territoryId });
          continue;
        }
        const cdef = entityDef('communication');
        const start = new Date(Date.parse(actor.now) + a.dueInDays * 86_400_000).toISOString();
        const task: Record<string, unknown> = {
          ...(blankRecord(cdef, effectId('rt', [c.rule.id, String(i), doc.id, actor.now]), territoryId) as Record<string, unknown>),
          kind: 'task',
          subject: fill(a.subject, title).slice(0, 200),
          startsAt: start,
          timeZone: 'UTC',
          localStart: start.slice(0, 16),
          ownerId: who(a.ownerId),
          details: `${c.rule.name}`.slice(0, 4000),
          updatedAt: actor.now,
          updatedBy: actor.userId,
          _deleted: false,
        };
        if (event !== 'delete') for (const [name, f] of Object.entries(cdef.fields)) if (f.kind === 'ref' && f.to.length === 1 && f.to[0] === entity) task[name] = doc.id;
        const issues = validateRecord(cdef, task, ['_deleted']);
        if (issues.length) {
          fail(c.rule, { at: `actions.${i}`, code: RULE_CODES.FAILED, message: `The task is not valid (${issues[0]!.field}: ${issues[0]!.code}).`, detail: issues[0]!.code });
          continue;
        }
        out.tasks.push(task as unknown as WireDoc);
        fired.taskIds.push(String(task.id));
      }
      out.fired.push(fired);
    }
    if (!changedNow) break;
  }
  out.changed = !jsonEqual(current, doc);
  out.doc = current as unknown as WireDoc;
  return out;
}
