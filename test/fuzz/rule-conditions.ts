// Hostile table-rule conditions and rule bodies (docs/decisions/0049): token soup, near-grammatical expressions over the
// entity's real fields, injection and odd strings, deep nesting, huge inputs. Seeded: a failing case replays.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import type { Rng } from '../helpers/prng.ts';
import { hostileString, hostileValue, ODD_STRINGS, PROTO_KEYS, SQL_PAYLOADS } from './payloads.ts';

const KEYWORDS = ['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ESCAPE', 'BETWEEN', 'TRUE', 'FALSE', 'TODAY', 'NOW', 'DATE', 'TIMESTAMP', 'CHANGED', 'OLD.', 'NEW.', 'and', 'oR', 'nOt'];
const OPERATORS = ['=', '<>', '!=', '<', '<=', '>', '>=', '(', ')', ',', '.', '--', ';', '*', '+', '-', '/', '||', '&&', '==', '!', '?', '`', '\\'];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function fieldNames(entity: EntityName): string[] {
  return [...Object.keys(entityDef(entity).fields), 'territory', 'territoryId', 'id', 'updatedAt', 'nosuchfield', '__proto__', 'constructor'];
}

function literal(rng: Rng, entity: EntityName): string {
  const def = entityDef(entity);
  return rng.weighted<() => string>([
    [3, () => quote(rng.pick(Object.values(def.fields).flatMap((f) => (f.kind === 'select' ? [...f.options] : ['x']))))],
    [2, () => String(rng.pick([0, -1, 1.5, 10000, 1e15, -0.0001, 2 ** 53]))],
    [1, () => rng.pick(['1e999', '-', '1.', '.5', '0x10', '1_000', '٣'])],
    [2, () => quote(hostileString(rng).slice(0, 300))],
    [1, () => `DATE ${quote(rng.pick(['2026-12-05', '2026-02-30', 'tomorrow', '', '9999-99-99']))}`],
    [1, () => `TIMESTAMP ${quote(rng.pick(['2026-12-05T10:00:00Z', '2026-12-05T25:00Z', 'now']))}`],
    [1, () => rng.pick(['TRUE', 'FALSE', 'NULL', 'TODAY', 'NOW'])],
    [1, () => `'${rng.pick(['unclosed', "it's", "'"])}`],
  ])();
}

function operand(rng: Rng, entity: EntityName): string {
  if (rng.chance(0.55)) {
    const name = rng.pick(fieldNames(entity));
    const side = rng.pick(['', '', '', 'OLD.', 'NEW.', 'old . ']);
    return rng.chance(0.1) ? `[${name}]` : rng.chance(0.05) ? `"${name}"` : `${side}${name}`;
  }
  return literal(rng, entity);
}

/** A near-grammatical expression: mostly well formed, with the types and fields a careless (or hostile) author picks. */
export function expression(rng: Rng, entity: EntityName, depth = 0): string {
  if (depth < 4 && rng.chance(0.45)) {
    const l = expression(rng, entity, depth + 1);
    const r = expression(rng, entity, depth + 1);
    return rng.weighted<() => string>([
      [3, () => `${l} AND ${r}`],
      [3, () => `${l} OR ${r}`],
      [2, () => `NOT (${l})`],
      [2, () => `(${l}) ${rng.pick(['AND', 'OR'])} NOT ${r}`],
    ])();
  }
  const a = operand(rng, entity);
  return rng.weighted<() => string>([
    [5, () => `${a} ${rng.pick(['=', '<>', '!=', '<', '<=', '>', '>='])} ${operand(rng, entity)}`],
    [2, () => `${a} ${rng.pick(['', 'NOT '])}IN (${Array.from({ length: rng.between(1, 4) }, () => literal(rng, entity)).join(', ')})`],
    [2, () => `${a} ${rng.pick(['', 'NOT '])}LIKE ${quote(rng.pick(['%', '%a%', '_', '%%%%%%%%%%%%%%%%%%%%%%%%%b', '100!%', '[a-z]*', '.*(a+)+$']))}${rng.chance(0.3) ? ` ESCAPE ${quote(rng.pick(['!', '\\', '', 'ab']))}` : ''}`],
    [1, () => `${a} ${rng.pick(['', 'NOT '])}BETWEEN ${operand(rng, entity)} AND ${operand(rng, entity)}`],
    [2, () => `${a} IS ${rng.pick(['', 'NOT '])}NULL`],
    [1, () => `CHANGED(${rng.pick(fieldNames(entity))})`],
    [1, () => a],
  ])();
}

/** Any text a condition box might receive. */
export function hostileCondition(rng: Rng, entity: EntityName): string {
  return rng.weighted<() => string>([
    [6, () => expression(rng, entity)],
    [3, () => Array.from({ length: rng.between(1, 25) }, () => rng.pick([...KEYWORDS, ...OPERATORS, ...fieldNames(entity), literal(rng, entity)])).join(rng.pick([' ', '', '\n', '\t']))],
    [2, () => rng.pick([...SQL_PAYLOADS, ...ODD_STRINGS])],
    [1, () => `name = ${quote(rng.pick(SQL_PAYLOADS))} ${rng.pick(SQL_PAYLOADS)}`],
    [1, () => `${'('.repeat(rng.pick([39, 40, 41, 500, 5000]))}name = 'x'${')'.repeat(rng.pick([0, 39, 40, 41, 500, 5000]))}`],
    [1, () => `${'NOT '.repeat(rng.pick([10, 39, 41, 1000]))}allDay`],
    [1, () => Array.from({ length: rng.pick([60, 200, 400]) }, () => `name = 'x'`).join(' OR ')],
    [1, () => `name = '${'x'.repeat(rng.pick([1990, 2001, 100_000]))}'`],
    [1, () => `name LIKE '${'%a'.repeat(rng.pick([50, 900]))}b'`],
    [1, () => `${rng.pick(PROTO_KEYS)} = 1 OR constructor.constructor('return process')() = 1`],
    [1, () => "status = 'active'; DROP TABLE company; --"],
    [1, () => '\u0000\ud800 = \u202e'],
  ])();
}

/** A condition that type-checks: a predicate that suits each picked field's kind, joined with AND, OR and NOT. */
export function validCondition(rng: Rng, entity: EntityName): string {
  const def = entityDef(entity);
  const one = (): string => {
    const [name, f] = rng.pick(Object.entries(def.fields));
    switch (f.kind) {
      case 'select':
        return `${name} ${rng.pick(['=', '<>'])} ${quote(rng.pick(f.options))}`;
      case 'number':
      case 'amount':
        return `${name} ${rng.pick(['>', '<=', '='])} ${rng.pick([0, 10, 10000.5])}`;
      case 'boolean':
        return rng.chance(0.5) ? name : `NOT ${name}`;
      case 'date':
      case 'datetime':
        return `${name} ${rng.pick(['<', '>='])} ${rng.pick(['TODAY', "DATE '2026-01-01'", "'2027-06-30'"])}`;
      case 'emails':
      case 'phones':
      case 'addresses':
        return `${name} ${rng.pick(['IS NOT NULL', "LIKE '%a%'", "= 'x'"])}`;
      default:
        return `${name} ${rng.pick(['IS NULL', "LIKE 'a%'", "IN ('a', 'b')", "= 'O''Brien'"])}`;
    }
  };
  return Array.from({ length: rng.between(1, 3) }, one).join(` ${rng.pick(['AND', 'OR'])} `);
}

/** A rule body as a hostile client might send it: mostly the right shape, with one part (or all) wrong. */
export function hostileRule(rng: Rng, entity: EntityName, users: readonly string[]): unknown {
  const fields = Object.keys(entityDef(entity).fields);
  const action = (): unknown =>
    rng.weighted<() => unknown>([
      [3, () => ({ kind: 'set', field: rng.pick([...fields, 'id', 'territoryId', '__proto__', 'nosuch']), value: rng.chance(0.5) ? hostileValue(rng, 1) : rng.pick(['x', 1, true, null, 'TODAY', '2026-12-05']) })],
      [2, () => ({ kind: 'refuse', message: rng.chance(0.6) ? 'No {title}' : hostileValue(rng, 1) })],
      [3, () => ({ kind: 'notify', users: rng.chance(0.6) ? [rng.pick([...users, '$actor'])] : hostileValue(rng, 1), message: rng.chance(0.7) ? 'Look at {title}' : hostileString(rng) })],
      [2, () => ({ kind: 'task', subject: rng.chance(0.7) ? 'Call {title}' : hostileValue(rng, 1), ownerId: rng.pick([...users, '$actor', '', 'u-nobody', 7]), dueInDays: rng.pick([0, 1, 3650, 3651, -1, 1.5, '2', 1e308]) })],
      [1, () => hostileValue(rng, 2)],
    ])();
  const body: Record<string, unknown> = {
    name: rng.chance(0.8) ? `Fuzz ${rng.int(1e6)}` : hostileValue(rng, 1),
    entity: rng.chance(0.85) ? entity : rng.pick(['conflict', 'setting', 'notification', 'quoteItem', '__proto__', 'nosuch', 3]),
    events: rng.chance(0.8) ? rng.pick([['insert'], ['update'], ['insert', 'update'], ['delete']]) : hostileValue(rng, 1),
    condition: rng.weighted<() => unknown>([
      [4, () => validCondition(rng, entity)],
      [5, () => hostileCondition(rng, entity)],
      [1, () => hostileValue(rng, 1)],
    ])(),
    actions: rng.chance(0.85) ? Array.from({ length: rng.pick([1, 1, 2, 3, 11]) }, action) : hostileValue(rng, 1),
  };
  if (rng.chance(0.2)) body.enabled = rng.pick([true, false, 'yes', null]);
  if (rng.chance(0.1)) body[rng.pick(PROTO_KEYS)] = { enabled: false, polluted: true };
  return body;
}
