// A parsed condition checked against an entity's fields (read from its metadata at run time) and evaluated over a record:
// SQL's three-valued logic, no JavaScript evaluated, no SQL built.
import { emptyValue, type EntityDef, type Field } from '../../shared/entities/index.ts';
import { minorDigits } from '../../shared/money.ts';
import { jsonEqual } from '../../shared/records.ts';
import { RULE_CODES, type RuleIssue } from '../../shared/rules.ts';
import type { Expr, FieldRef, Operand, Pos } from './grammar.ts';

/** What a value is compared as. Amounts compare in their units (10000 is 10,000.00 in the record's currency). */
export type Category = 'text' | 'number' | 'date' | 'boolean' | 'list';

const SYSTEM: Record<string, Category> = { id: 'text', territoryId: 'text', updatedAt: 'date', updatedBy: 'text' };
/** Friendlier names for system fields. */
const ALIASES = new Map<string, string>([['territory', 'territoryId']]);

function categoryOf(f: Field): Category {
  switch (f.kind) {
    case 'number':
    case 'amount':
      return 'number';
    case 'date':
    case 'datetime':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'emails':
    case 'phones':
    case 'addresses':
      return 'list';
    default:
      return 'text';
  }
}

type Resolved = { name: string; cat: Category; field?: Field };
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function pick(def: EntityDef, n: string): Resolved | null {
  if (hasOwn(def.fields, n)) return { name: n, cat: categoryOf(def.fields[n]!), field: def.fields[n]! };
  return hasOwn(SYSTEM, n) ? { name: n, cat: SYSTEM[n]! } : null;
}

/**
 * The field a name in a condition means: exact, then an alias, then the one field of that name in any case (SQL names
 * ignore case). Written without closures: it runs for every field of every rule on every write.
 */
export function resolveField(def: EntityDef, name: string): Resolved | null {
  // A Map, not an object: a name such as `constructor` must never find something on a prototype.
  const exact = ALIASES.get(name.toLowerCase()) ?? name;
  const direct = pick(def, exact);
  if (direct) return direct;
  const lower = exact.toLowerCase();
  let found: string | null = null;
  for (const n of Object.keys(def.fields).concat(Object.keys(SYSTEM))) {
    if (n.toLowerCase() !== lower) continue;
    if (found !== null) return null;
    found = n;
  }
  return found === null ? null : pick(def, found);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
export function isIsoDate(s: string): boolean {
  if (!ISO_DAY.test(s) && !ISO_INSTANT.test(s)) return false;
  const day = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === s.slice(0, 10);
}

function issue(code: RuleIssue['code'], message: string, pos: Pos, detail?: string): RuleIssue {
  return { at: 'condition', code, message: `Line ${pos.line}, column ${pos.column}: ${message}`, line: pos.line, column: pos.column, offset: pos.offset, ...(detail === undefined ? {} : { detail }) };
}

/** Every problem of the condition against the entity's fields, with its position; none means it may be saved and run. */
export function checkCondition(def: EntityDef, expr: Expr | null): RuleIssue[] {
  const out: RuleIssue[] = [];
  if (!expr) return out;
  const cat = (o: Operand): Category | 'null' | null => {
    switch (o.type) {
      case 'field': {
        const f = resolveField(def, o.name);
        if (!f) out.push(issue(RULE_CODES.UNKNOWN_FIELD, `"${o.name.slice(0, 60)}" is not a field of ${def.name}.`, o.pos, o.name.slice(0, 60)));
        return f ? f.cat : null;
      }
      case 'string':
        return 'text';
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      default:
        return 'date';
    }
  };
  /** Two operands compared: same category (a string literal reads as a date next to a date), no NULL, a select's value one of its options. */
  const pair = (a: Operand, b: Operand, pos: Pos, ordered: boolean): void => {
    const ca = cat(a);
    const cb = cat(b);
    if (ca === null || cb === null) return;
    if (ca === 'null' || cb === 'null') return void out.push(issue(RULE_CODES.USE_IS_NULL, 'Compare with NULL using IS NULL or IS NOT NULL.', pos));
    const dateText = (x: Operand, cx: Category, cy: Category) => cy === 'date' && cx === 'text' && x.type === 'string';
    if (dateText(a, ca, cb) || dateText(b, cb, ca)) {
      const s = (a.type === 'string' ? a : (b as { value: string })).value;
      if (!isIsoDate(s)) out.push(issue(RULE_CODES.BAD_DATE, `'${s.slice(0, 40)}' is not a date (YYYY-MM-DD).`, pos));
      return;
    }
    const list = ca === 'list' || cb === 'list';
    if (list) {
      if ((ca === 'list' ? cb : ca) !== 'text' && !(ca === 'list' && cb === 'list')) out.push(issue(RULE_CODES.TYPE_MISMATCH, 'A list (e-mails, phones, addresses) is compared with text.', pos));
      else if (ordered) out.push(issue(RULE_CODES.TYPE_MISMATCH, 'A list (e-mails, phones, addresses) takes =, <>, LIKE or IS NULL.', pos));
      return;
    }
    if (ca !== cb) return void out.push(issue(RULE_CODES.TYPE_MISMATCH, `A ${ca} value cannot be compared with a ${cb} value.`, pos, `${ca},${cb}`));
    if (ca === 'boolean' && ordered) return void out.push(issue(RULE_CODES.TYPE_MISMATCH, 'Yes/no values take = or <> only.', pos));
    for (const [x, y] of [[a, b], [b, a]] as const) option(x, y);
  };
  /** A select field compared with a string: the string must be one of its options (in any case). */
  const option = (x: Operand, y: Operand): void => {
    if (x.type !== 'field' || y.type !== 'string') return;
    const f = resolveField(def, x.name)?.field;
    if (f?.kind === 'select' && !f.options.some((o) => o.toLowerCase() === y.value.toLowerCase()))
      out.push(issue(RULE_CODES.NOT_AN_OPTION, `'${y.value.slice(0, 40)}' is not a value of ${x.name}: ${f.options.join(', ')}.`, y.pos, f.options.join(',')));
  };
  const text = (o: Operand, pos: Pos, what: string): void => {
    const c = cat(o);
    if (c === 'null') out.push(issue(RULE_CODES.USE_IS_NULL, 'Compare with NULL using IS NULL or IS NOT NULL.', pos));
    else if (c !== null && c !== 'text' && !(c === 'list' && what === 'value')) out.push(issue(RULE_CODES.TYPE_MISMATCH, `LIKE works on text: the ${what} is ${c}.`, pos));
  };
  const walk = (e: Expr): void => {
    switch (e.type) {
      case 'and':
      case 'or':
        walk(e.left);
        walk(e.right);
        return;
      case 'not':
        return walk(e.expr);
      case 'compare':
        return pair(e.left, e.right, e.pos, e.op !== '=' && e.op !== '<>');
      case 'in':
        for (const item of e.list) pair(e.operand, item, item.pos, false);
        return;
      case 'between':
        pair(e.operand, e.low, e.pos, true);
        pair(e.operand, e.high, e.pos, true);
        return;
      case 'like':
        text(e.operand, e.pos, 'value');
        text(e.pattern, e.pattern.pos, 'pattern');
        return;
      case 'isnull':
        cat(e.operand);
        return;
      case 'changed':
        cat(e.field);
        return;
      case 'truth': {
        const c = cat(e.operand);
        if (c !== null && c !== 'boolean') out.push(issue(RULE_CODES.NOT_BOOLEAN, 'A condition on its own must be a yes/no field (or TRUE/FALSE); compare other fields with =, <, IN…', e.pos));
        return;
      }
    }
  };
  walk(expr);
  return out;
}

/** The two states of the record a condition reads; null where there is none (OLD on an insert). */
export interface Sides {
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
  /** Which state a plain field name reads: the new one, except on a delete. */
  plain: 'old' | 'new';
  /** The write's time (ISO), for TODAY and NOW. */
  now: string;
}

type Value = { cat: Category; v: string | number | boolean | string[] } | null;

function listEntries(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((e) => {
    if (typeof e !== 'object' || e === null) return String(e);
    const r = e as Record<string, unknown>;
    if (typeof r.address === 'string') return r.address;
    if (typeof r.number === 'string') return r.number;
    return ['street', 'city', 'postcode', 'region', 'country'].map((k) => String(r[k] ?? '')).filter(Boolean).join(', ');
  });
}

/** A field of one side as compared: empty values ('' , null, []) are SQL's NULL; amounts in their units. */
function fieldValue(def: EntityDef, ref: FieldRef, s: Sides): Value {
  const rec = s[ref.side === 'plain' ? s.plain : ref.side];
  const f = resolveField(def, ref.name);
  if (!f) throw new Error(`unknown field ${ref.name}`); // checked before running: a field removed since
  if (!rec) return null;
  const raw = rec[f.name] ?? (f.field ? emptyValue(f.field) : null);
  if (raw === null || raw === '' || raw === undefined) return null;
  switch (f.cat) {
    case 'list': {
      const entries = listEntries(raw);
      return entries.length ? { cat: 'list', v: entries } : null;
    }
    case 'number': {
      if (typeof raw !== 'number') return null;
      if (f.field?.kind !== 'amount') return { cat: 'number', v: raw };
      const scale = f.field.scale === 'currency' ? minorDigits(String(rec.currency ?? '')) : f.field.scale;
      return { cat: 'number', v: raw / 10 ** scale };
    }
    case 'boolean':
      return { cat: 'boolean', v: raw === true };
    default:
      return { cat: f.cat, v: String(raw) };
  }
}

function operand(def: EntityDef, o: Operand, s: Sides): Value {
  switch (o.type) {
    case 'field':
      return fieldValue(def, o, s);
    case 'string':
      return { cat: 'text', v: o.value };
    case 'number':
      return { cat: 'number', v: o.value };
    case 'boolean':
      return { cat: 'boolean', v: o.value };
    case 'null':
      return null;
    case 'date':
      return { cat: 'date', v: o.value };
    case 'today':
      return { cat: 'date', v: s.now.slice(0, 10) };
    case 'now':
      return { cat: 'date', v: s.now };
  }
}

/** -1, 0, 1, or null when the two cannot be ordered (NULL on either side). Text ignores case, as SQL Server's default collation. */
function order(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (a.cat === 'number' && b.cat === 'number') return Math.sign((a.v as number) - (b.v as number));
  if (a.cat === 'boolean' || b.cat === 'boolean') return a.v === b.v ? 0 : 1;
  let x = String(a.v);
  let y = String(b.v);
  if (a.cat === 'date' || b.cat === 'date') {
    // A day against an instant compares the instant's day (UTC): `startsAt = DATE '2026-12-05'` is "on that day".
    if (x.length === 10 && y.length > 10) y = y.slice(0, 10);
    else if (y.length === 10 && x.length > 10) x = x.slice(0, 10);
    else if (x.length > 10 && y.length > 10) {
      x = new Date(x).toISOString();
      y = new Date(y).toISOString();
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  x = x.toLowerCase();
  y = y.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function equalAny(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (a.cat === 'list' || b.cat === 'list') {
    const [list, other] = a.cat === 'list' ? [a, b] : [b, a];
    const items = list.v as string[];
    if (other.cat === 'list') return items.some((i) => (other.v as string[]).some((j) => i.toLowerCase() === j.toLowerCase()));
    return items.some((i) => i.toLowerCase() === String(other.v).toLowerCase());
  }
  return order(a, b) === 0;
}

/**
 * SQL LIKE: `%` any run, `_` one character, the escape character makes the next one literal; case ignored. Matched by
 * dynamic programming over the pattern (linear in the text per pattern token), never by a backtracking regular expression.
 */
export function like(value: string, pattern: string, escape: string | null): boolean {
  type Tok = { any: true } | { one: true } | { ch: string };
  const toks: Tok[] = [];
  const p = [...pattern.toLowerCase()];
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (escape !== null && c === escape.toLowerCase() && i + 1 < p.length) toks.push({ ch: p[++i]! });
    else if (c === '%') {
      if (!toks.length || !('any' in toks[toks.length - 1]!)) toks.push({ any: true });
    } else if (c === '_') toks.push({ one: true });
    else toks.push({ ch: c });
  }
  const s = [...value.toLowerCase()];
  // reach[j]: the first j characters of the text are matched by the tokens read so far.
  let reach = new Array<boolean>(s.length + 1).fill(false);
  reach[0] = true;
  for (const t of toks) {
    const next = new Array<boolean>(s.length + 1).fill(false);
    if ('any' in t) {
      let seen = false;
      for (let j = 0; j <= s.length; j++) next[j] = seen = seen || reach[j]!;
    } else {
      for (let j = 0; j < s.length; j++) if (reach[j] && ('one' in t || s[j] === t.ch)) next[j + 1] = true;
    }
    reach = next;
  }
  return reach[s.length]!;
}

const not = (x: boolean | null): boolean | null => (x === null ? null : !x);

/** True, false, or null (unknown, as SQL: a rule runs only when its condition is true). */
export function evaluate(def: EntityDef, e: Expr | null, s: Sides): boolean | null {
  if (!e) return true;
  switch (e.type) {
    case 'and': {
      const l = evaluate(def, e.left, s);
      if (l === false) return false;
      const r = evaluate(def, e.right, s);
      return r === false ? false : l === null || r === null ? null : true;
    }
    case 'or': {
      const l = evaluate(def, e.left, s);
      if (l === true) return true;
      const r = evaluate(def, e.right, s);
      return r === true ? true : l === null || r === null ? null : false;
    }
    case 'not':
      return not(evaluate(def, e.expr, s));
    case 'compare': {
      const a = operand(def, e.left, s);
      const b = operand(def, e.right, s);
      if (e.op === '=') return equalAny(a, b);
      if (e.op === '<>') return not(equalAny(a, b));
      const o = order(a, b);
      if (o === null) return null;
      return e.op === '<' ? o < 0 : e.op === '<=' ? o <= 0 : e.op === '>' ? o > 0 : o >= 0;
    }
    case 'in': {
      const a = operand(def, e.operand, s);
      if (a === null) return null;
      let unknown = false;
      for (const item of e.list) {
        const hit = equalAny(a, operand(def, item, s));
        if (hit === true) return !e.negated;
        if (hit === null) unknown = true;
      }
      return unknown ? null : e.negated;
    }
    case 'between': {
      const a = operand(def, e.operand, s);
      const lo = order(a, operand(def, e.low, s));
      const hi = order(a, operand(def, e.high, s));
      if (lo === null || hi === null) return null;
      const inside = lo >= 0 && hi <= 0;
      return e.negated ? !inside : inside;
    }
    case 'like': {
      const a = operand(def, e.operand, s);
      const p = operand(def, e.pattern, s);
      if (a === null || p === null) return null;
      const values = a.cat === 'list' ? (a.v as string[]) : [String(a.v)];
      const hit = values.some((v) => like(v, String(p.v), e.escape));
      return e.negated ? !hit : hit;
    }
    case 'isnull': {
      const empty = operand(def, e.operand, s) === null;
      return e.negated ? !empty : empty;
    }
    case 'changed': {
      const f = resolveField(def, e.field.name);
      if (!f) throw new Error(`unknown field ${e.field.name}`);
      const before = s.old?.[f.name] ?? null;
      const after = s.new?.[f.name] ?? null;
      return !jsonEqual(before, after);
    }
    case 'truth': {
      const v = operand(def, e.operand, s);
      return v === null ? null : v.v === true;
    }
  }
}
