// Table rule conditions (docs/decisions/0049): the peggy grammar (precedence, quoting, escapes, numbers and dates,
// errors with positions), the type check against the entity's metadata, and SQL's three-valued evaluation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef } from '../../shared/entities/index.ts';
import { blankRecord } from '../../shared/records.ts';
import { checkCondition, evaluate, like, type Sides } from '../../sync-server/rules/condition.ts';
import { ConditionError, parseCondition, type Expr } from '../../sync-server/rules/grammar.ts';
import { parseRule } from '../../sync-server/rules/definition.ts';
import { runRules } from '../../sync-server/rules/run.ts';
import { compileRule } from '../../sync-server/rules/definition.ts';
import type { WireDoc } from '../../shared/sync.ts';

/** The tree without positions, as a compact string: (a AND b), NOT x, f=v… */
function shape(e: Expr | null): string {
  if (!e) return '∅';
  const op = (o: any): string => (o.type === 'field' ? `${o.side === 'plain' ? '' : o.side + '.'}${o.name}` : o.type === 'string' ? `'${o.value}'` : o.type === 'null' ? 'NULL' : o.type === 'today' || o.type === 'now' ? o.type : String(o.value));
  switch (e.type) {
    case 'and':
    case 'or':
      return `(${shape(e.left)} ${e.type.toUpperCase()} ${shape(e.right)})`;
    case 'not':
      return `NOT ${shape(e.expr)}`;
    case 'compare':
      return `${op(e.left)}${e.op}${op(e.right)}`;
    case 'in':
      return `${op(e.operand)} ${e.negated ? 'NOT ' : ''}IN [${e.list.map(op).join(',')}]`;
    case 'like':
      return `${op(e.operand)} ${e.negated ? 'NOT ' : ''}LIKE ${op(e.pattern)}${e.escape ? ` ESC ${e.escape}` : ''}`;
    case 'between':
      return `${op(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${op(e.low)} ${op(e.high)}`;
    case 'isnull':
      return `${op(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'changed':
      return `CHANGED(${e.field.name})`;
    case 'truth':
      return `?${op(e.operand)}`;
  }
}
const p = (s: string) => shape(parseCondition(s));
function fails(s: string): { code: string; line?: number; column?: number; message: string } {
  try {
    parseCondition(s);
  } catch (err) {
    if (err instanceof ConditionError) return err.issue;
    throw err;
  }
  throw new Error(`parsed: ${s}`);
}

test('precedence: NOT binds tighter than AND, AND tighter than OR; parentheses override; AND/OR are left-associative', () => {
  assert.is(p("a = 1 OR b = 2 AND c = 3"), '(a=1 OR (b=2 AND c=3))');
  assert.is(p("(a = 1 OR b = 2) AND c = 3"), '((a=1 OR b=2) AND c=3)');
  assert.is(p('NOT a = 1 AND b = 2'), '(NOT a=1 AND b=2)');
  assert.is(p('NOT (a = 1 AND b = 2)'), 'NOT (a=1 AND b=2)');
  assert.is(p('a = 1 AND b = 2 AND c = 3'), '((a=1 AND b=2) AND c=3)');
  assert.is(p('NOT NOT x'), 'NOT NOT ?x');
  assert.is(p("status = 'Closed' AND amount > 10000"), "(status='Closed' AND amount>10000)");
});

test('keywords ignore case and never start a longer name; comments and line breaks are blanks', () => {
  assert.is(p("a=1 and b=2 oR c=3"), '((a=1 AND b=2) OR c=3)');
  assert.is(p('ANDROID = 1'), 'ANDROID=1');
  assert.is(p('notes IS NOT NULL'), 'notes IS NOT NULL');
  assert.is(p("a = 1 -- the first\n AND b = 2"), '(a=1 AND b=2)');
  assert.is(p('   '), '∅');
});

test('every predicate: comparisons (<> and != alike), IN, LIKE with ESCAPE, BETWEEN, IS [NOT] NULL, CHANGED, OLD./NEW.', () => {
  assert.is(p('a <> 1'), 'a<>1');
  assert.is(p('a != 1'), 'a<>1');
  assert.is(p('a<=1 OR a>=2 OR a<3 OR a>4'), '(((a<=1 OR a>=2) OR a<3) OR a>4)');
  assert.is(p("territory IN ('t-eu','t-na')"), "territory IN ['t-eu','t-na']");
  assert.is(p("territory NOT IN ( 't-eu' )"), "territory NOT IN ['t-eu']");
  assert.is(p("name NOT LIKE '100\\%%' ESCAPE '\\'"), "name NOT LIKE '100\\%%' ESC \\");
  assert.is(p('n BETWEEN 1 AND 5 AND m = 2'), '(n BETWEEN 1 5 AND m=2)');
  assert.is(p('email IS NULL'), 'email IS NULL');
  assert.is(p('CHANGED(status) AND OLD.status <> NEW . status'), '(CHANGED(status) AND old.status<>new.status)');
  assert.is(p('old = 1'), 'old=1', 'OLD without a dot is a field name');
});

test('quoting: strings double their quotes, names may be quoted with [..] or ".."', () => {
  assert.is(p("name = 'O''Brien'"), "name='O'Brien'");
  assert.is(p("name = ''''"), "name='''");
  assert.is(p("name = ''"), "name=''");
  assert.is(p('[my field] = 1 AND "other one" = 2'), '(my field=1 AND other one=2)');
  assert.is(p("note = 'a -- not a comment'"), "note='a -- not a comment'");
  assert.is(fails("name = 'unclosed").code, 'rule-syntax');
});

test('numbers and dates: signs, decimals, exponents; DATE and TIMESTAMP checked; TODAY and NOW', () => {
  assert.is(p('a = -12.5'), 'a=-12.5');
  assert.is(p('a = 1e3'), 'a=1000');
  assert.is(p('a = 0.000001'), 'a=0.000001');
  assert.is(fails('a = 1e999').code, 'rule-syntax', 'an infinite number');
  assert.is(fails('a = 12abc').code, 'rule-syntax');
  assert.is(p("d = DATE '2026-02-28'"), 'd=2026-02-28');
  assert.match(fails("d = DATE '2026-02-30'").message, /DATE is written YYYY-MM-DD/);
  assert.is(p("d > TIMESTAMP '2026-12-05T10:00:00+01:00'"), 'd>2026-12-05T09:00:00.000Z');
  assert.is(fails("d > TIMESTAMP 'yesterday'").code, 'rule-syntax');
  assert.is(p('d < TODAY OR d < NOW'), '(d<today OR d<now)');
});

test('errors carry their position: line, column and offset, on the first line and after line breaks', () => {
  const e = fails("status = 'active' AND AND");
  assert.equal([e.code, e.line, e.column], ['rule-syntax', 1, 23]);
  const multi = fails("status = 'active'\n  AND (amount > 1\n  OR )");
  assert.equal([multi.line, multi.column], [3, 6]);
  assert.match(multi.message, /^Line 3, column 6: Expected/);
  assert.equal([fails('a =').line, fails('a =').column], [1, 4]);
  assert.is(fails('a = 1 b = 2').column, 7);
});

test('limits: a condition over 2000 characters or nested past 40 is refused before parsing (no stack overflow)', () => {
  assert.is(fails(`a = '${'x'.repeat(2000)}'`).code, 'rule-too-complex');
  assert.is(fails(`${'('.repeat(41)}a = 1${')'.repeat(41)}`).code, 'rule-too-complex');
  assert.is(fails(`${'NOT '.repeat(41)}a`).code, 'rule-too-complex');
  assert.is(p(`${'('.repeat(30)}a = 1${')'.repeat(30)}`), 'a=1');
  assert.is(p("a = '(((((((((((((((((((((((((((((((((((((((((((('"), "a='(((((((((((((((((((((((((((((((((((((((((((('", 'parentheses inside strings do not count');
});

const check = (entity: string, s: string) => checkCondition(entityDef(entity as 'company'), parseCondition(s)).map((i) => `${i.code}@${i.line}:${i.column}`);

test('type check against the metadata: unknown fields, wrong types, options, dates, NULL comparisons, bare non-booleans', () => {
  assert.equal(check('company', "status = 'active' AND type IN ('customer', 'partner') AND industry LIKE 'Log%'"), []);
  assert.equal(check('company', 'revenue > 10'), ['rule-unknown-field@1:1']);
  assert.equal(check('company', "name > 5"), ['rule-type-mismatch@1:1']);
  assert.equal(check('company', "status = 'Closed'"), ['rule-not-an-option@1:10']);
  assert.equal(check('company', "STATUS = 'ACTIVE'"), [], 'names and options ignore case, as SQL Server');
  assert.equal(check('company', 'industry = NULL'), ['rule-use-is-null@1:1']);
  assert.equal(check('company', 'name'), ['rule-not-boolean@1:1']);
  assert.equal(check('company', "emails LIKE '%@panoply.example' AND phones IS NOT NULL"), []);
  assert.equal(check('company', 'emails > 3'), ['rule-type-mismatch@1:1']);
  assert.equal(check('company', "territory IN ('t-eu') AND territoryId <> 't-na' AND updatedAt > '2026-01-01'"), []);
  assert.equal(check('company', "updatedAt > 'last week'"), ['rule-bad-date@1:1']);
  assert.equal(check('communication', "allDay AND NOT allDay = FALSE AND startsAt >= DATE '2026-01-01' AND startsAt < TODAY"), []);
  assert.equal(check('communication', 'allDay > TRUE'), ['rule-type-mismatch@1:1']);
  assert.equal(check('lead', 'estimatedValue BETWEEN 10 AND 100 AND estimatedValue > 1.5'), []);
  assert.equal(check('lead', "estimatedValue BETWEEN 'a' AND 100"), ['rule-type-mismatch@1:1']);
  assert.equal(check('opportunity', "forecast > 10000 AND closeDate < '2027-01-01' AND CHANGED(stage)"), []);
  assert.equal(check('company', 'CHANGED(nothing)'), ['rule-unknown-field@1:9']);
});

const now = '2026-12-05T10:00:00.000Z';
function rec(entity: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...(blankRecord(entityDef(entity as 'company'), 'x1', 't-eu') as Record<string, unknown>), ...fields };
}
const on = (entity: string, cond: string, doc: Record<string, unknown>, old: Record<string, unknown> | null = null, plain: Sides['plain'] = 'new') =>
  evaluate(entityDef(entity as 'company'), parseCondition(cond), { old, new: plain === 'old' ? null : doc, plain, now });

test('evaluation: SQL three-valued logic (empty values are NULL: unknown is not true), case-insensitive text', () => {
  const c = rec('company', { name: 'Panoply', status: 'active', industry: '' });
  assert.is(on('company', "status = 'ACTIVE'", c), true);
  assert.is(on('company', "industry = 'x'", c), null, 'NULL compared: unknown');
  assert.is(on('company', "NOT industry = 'x'", c), null, 'NOT unknown is unknown');
  assert.is(on('company', "industry = 'x' OR name = 'panoply'", c), true);
  assert.is(on('company', "industry = 'x' AND name = 'nope'", c), false);
  assert.is(on('company', 'industry IS NULL AND emails IS NULL', c), true);
  assert.is(on('company', "industry NOT IN ('a')", c), null);
  assert.is(on('company', "name IN ('a', 'PANOPLY')", c), true);
  assert.is(on('company', "name < 'Q' AND name > 'oz'", c), true);
  assert.is(on('company', '', c), true, 'no condition: always');
});

test('evaluation: numbers, amounts in their units (by the record’s currency), dates and instants, TODAY, lists, LIKE', () => {
  const lead = rec('lead', { estimatedValue: 25000 });
  assert.is(on('lead', 'estimatedValue > 10000 AND estimatedValue BETWEEN 20000 AND 30000', lead), true);
  assert.is(on('lead', 'estimatedValue NOT BETWEEN 20000 AND 30000', lead), false);
  assert.is(on('opportunity', 'forecast > 10000', rec('opportunity', { currency: 'EUR', forecast: 1_000_001 })), true, '10,000.01 EUR');
  assert.is(on('opportunity', 'forecast > 10000', rec('opportunity', { currency: 'JPY', forecast: 9_999 })), false, 'JPY has no minor unit');
  assert.is(on('opportunity', 'forecast IS NULL', rec('opportunity', { forecast: null })), true);
  const appt = rec('communication', { startsAt: '2026-12-05T08:30:00.000Z', allDay: true });
  assert.is(on('communication', "startsAt = DATE '2026-12-05' AND startsAt = TODAY AND allDay", appt), true, 'an instant on that day (UTC)');
  assert.is(on('communication', "startsAt < TIMESTAMP '2026-12-05T09:00:00+00:00' AND startsAt < NOW", appt), true);
  assert.is(on('communication', "startsAt > '2026-12-06'", appt), false);
  const withMail = rec('company', { emails: [{ type: 'business', address: 'Anna@Panoply.example' }, { type: 'other', address: 'x@y.example' }] });
  assert.is(on('company', "emails = 'anna@panoply.example'", withMail), true, 'any entry');
  assert.is(on('company', "emails LIKE '%@panoply.example'", withMail), true);
  assert.is(on('company', "emails NOT LIKE '%@panoply.example'", withMail), false);
});

test('LIKE: % and _ wildcards, the escape character, no regular expression (a hostile pattern stays fast)', () => {
  assert.ok(like('Panoply Ltd', 'pan%ltd', null));
  assert.ok(like('abc', 'a_c', null));
  assert.not.ok(like('abbc', 'a_c', null));
  assert.ok(like('100%', '100!%', '!'));
  assert.not.ok(like('1000', '100!%', '!'));
  assert.ok(like('a_b', 'a\\_b', '\\'));
  assert.not.ok(like('axb', 'a\\_b', '\\'));
  assert.ok(like('', '%', null));
  assert.not.ok(like('', '_', null));
  assert.ok(like('.*+?^$()[]{}|', '.*+?^$()[]{}|', null), 'regex characters are plain');
  // A backtracking matcher never finishes this one (500 stars over 20,000 characters); the table does it in one pass per token.
  assert.not.ok(like('a'.repeat(20000), `${'%a'.repeat(500)}b`, null));
});

test('OLD, NEW and CHANGED; on a delete, plain names read the record deleted', () => {
  const before = rec('company', { status: 'active', name: 'A' });
  const after = rec('company', { status: 'inactive', name: 'A' });
  assert.is(on('company', "OLD.status = 'active' AND NEW.status = 'inactive' AND CHANGED(status) AND NOT CHANGED(name)", after, before), true);
  assert.is(on('company', 'OLD.status IS NULL', after, null), true, 'an insert has no old state');
  assert.is(on('company', "status = 'active' AND NEW.status IS NULL", before, before, 'old'), true, 'a delete');
});

test('rules run: set, notify and task once each; a loop of two rules settles; refusal stops everything; failures reported', () => {
  const users = new Set(['u-admin', 'u-sales']);
  const make = (name: string, body: Record<string, unknown>) => {
    const { rule, issues } = parseRule({ name, entity: 'company', events: ['insert'], ...body }, users, 'u-admin', now);
    assert.equal(issues, [], name);
    return compileRule(rule);
  };
  const rights = { company: { view: ['t-eu'], insert: ['t-eu'], edit: ['t-eu'], delete: ['t-eu'] }, communication: { view: ['t-eu'], insert: ['t-eu'], edit: ['t-eu'], delete: ['t-eu'] } } as never;
  const doc = { ...rec('company', { name: 'Loop', industry: 'ping' }), id: 'c1', _deleted: false } as unknown as WireDoc;
  const ping = make('A', { condition: "industry = 'ping'", actions: [{ kind: 'set', field: 'industry', value: 'pong' }, { kind: 'notify', users: ['$actor'], message: 'Hi {title}' }] });
  const pong = make('B', { condition: "industry = 'pong'", actions: [{ kind: 'set', field: 'industry', value: 'ping' }, { kind: 'task', subject: 'Call {title}', ownerId: 'u-admin', dueInDays: 3 }] });
  const run = runRules('company', undefined, doc, [ping, pong], { userId: 'u-sales', rights, now });
  assert.equal([(run.doc as unknown as { industry: string }).industry, run.fired.length, run.notifications.length, run.tasks.length, run.failures.length], ['ping', 2, 1, 1, 0]);
  assert.is((run.notifications[0] as unknown as { title: string }).title, 'Hi Loop');
  assert.equal([(run.tasks[0] as unknown as Record<string, unknown>).companyId, (run.tasks[0] as unknown as Record<string, unknown>).ownerId, run.tasks[0]!.startsAt], ['c1', 'u-admin', '2026-12-08T10:00:00.000Z']);
  const refuse = make('C', { condition: '', actions: [{ kind: 'refuse', message: 'No {title}' }] });
  const refused = runRules('company', undefined, doc, [ping, refuse], { userId: 'u-sales', rights, now });
  assert.equal(refused.refused?.message, 'No Loop');
  const noRights = runRules('company', undefined, doc, [pong, make('D', { condition: "industry = 'ping'", actions: [{ kind: 'task', subject: 'x', ownerId: '$actor' }] })], { userId: 'u-sales', rights: {} as never, now });
  assert.equal(noRights.failures.map((f) => f.issue.code), ['rule-no-right']);
  assert.is(noRights.tasks.length, 0);
});

test.run();
