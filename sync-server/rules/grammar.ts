// The grammar of a table rule's condition (a WHERE clause), compiled once by peggy; parseCondition answers a typed tree.
import peggy from 'peggy';
import { RULE_CODES, RULE_LIMITS, type RuleIssue } from '../../shared/rules.ts';

export interface Pos {
  offset: number;
  line: number;
  column: number;
}

export type Literal =
  | { type: 'string'; value: string; pos: Pos }
  | { type: 'number'; value: number; pos: Pos }
  | { type: 'boolean'; value: boolean; pos: Pos }
  | { type: 'null'; pos: Pos }
  /** DATE '2026-12-05' (a day) or TIMESTAMP '2026-12-05T10:00:00Z' (an instant), checked when parsed. */
  | { type: 'date'; value: string; pos: Pos }
  /** TODAY and NOW, read from the write's time when the rule runs. */
  | { type: 'today' | 'now'; pos: Pos };

export interface FieldRef {
  type: 'field';
  /** `OLD.x` is the record before the write, `NEW.x` (and plain `x`) after it; on a delete, plain `x` is the record deleted. */
  side: 'old' | 'new' | 'plain';
  name: string;
  pos: Pos;
}

export type Operand = Literal | FieldRef;

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr; pos: Pos }
  | { type: 'not'; expr: Expr; pos: Pos }
  | { type: 'compare'; op: CompareOp; left: Operand; right: Operand; pos: Pos }
  | { type: 'in'; negated: boolean; operand: Operand; list: Operand[]; pos: Pos }
  | { type: 'like'; negated: boolean; operand: Operand; pattern: Operand; escape: string | null; pos: Pos }
  | { type: 'between'; negated: boolean; operand: Operand; low: Operand; high: Operand; pos: Pos }
  | { type: 'isnull'; negated: boolean; operand: Operand; pos: Pos }
  | { type: 'changed'; field: FieldRef; pos: Pos }
  /** A bare boolean operand (`allDay`, `NOT allDay`, `TRUE`). */
  | { type: 'truth'; operand: Operand; pos: Pos };

// Keywords are case-insensitive and never the start of a longer name (`ANDROID` is a field, not AND + ROID).
// Strings are SQL's: single quotes, a quote inside doubled (''). Names may be quoted with [..] or "..".
// Precedence, loosest first: OR, AND, NOT, then one predicate (comparison, IN, LIKE, BETWEEN, IS NULL) or parentheses.
const GRAMMAR = String.raw`
{{
  function validDay(s) { var d = new Date(s + 'T00:00:00Z'); return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; }
  function pos(l) { return { offset: l.start.offset, line: l.start.line, column: l.start.column }; }
  function fold(head, tail, type) {
    return tail.reduce(function (left, t) { return { type: type, left: left, right: t[3], pos: left.pos }; }, head);
  }
}}

Start = _ e:OrExpr _ { return e; }

OrExpr = head:AndExpr tail:(_ OR _ AndExpr)* { return fold(head, tail, 'or'); }
AndExpr = head:NotExpr tail:(_ AND _ NotExpr)* { return fold(head, tail, 'and'); }
NotExpr
  = NOT _ e:NotExpr { return { type: 'not', expr: e, pos: pos(location()) }; }
  / Predicate

Predicate
  = "(" _ e:OrExpr _ ")" { return e; }
  / CHANGED _ "(" _ f:FieldRef _ ")" { return { type: 'changed', field: f, pos: pos(location()) }; }
  / o:Operand _ IS _ n:(NOT _)? NULL { return { type: 'isnull', negated: n !== null, operand: o, pos: pos(location()) }; }
  / o:Operand _ n:(NOT _)? IN _ "(" _ head:Operand tail:(_ "," _ Operand)* _ ")" {
      return { type: 'in', negated: n !== null, operand: o, list: [head].concat(tail.map(function (t) { return t[3]; })), pos: pos(location()) };
    }
  / o:Operand _ n:(NOT _)? LIKE _ p:Operand e:(_ ESCAPE _ String)? {
      var esc = e === null ? null : e[3].value;
      if (esc !== null && esc.length !== 1) error('The ESCAPE character must be exactly one character.');
      return { type: 'like', negated: n !== null, operand: o, pattern: p, escape: esc, pos: pos(location()) };
    }
  / o:Operand _ n:(NOT _)? BETWEEN _ lo:Operand _ AND _ hi:Operand { return { type: 'between', negated: n !== null, operand: o, low: lo, high: hi, pos: pos(location()) }; }
  / l:Operand _ op:CompareOp _ r:Operand { return { type: 'compare', op: op === '!=' ? '<>' : op, left: l, right: r, pos: pos(location()) }; }
  / o:Operand { return { type: 'truth', operand: o, pos: pos(location()) }; }

CompareOp = "<>" / "!=" / "<=" / ">=" / "=" / "<" / ">"

Operand = Literal / FieldRef

Literal
  = String
  / Number
  / TRUE { return { type: 'boolean', value: true, pos: pos(location()) }; }
  / FALSE { return { type: 'boolean', value: false, pos: pos(location()) }; }
  / NULL { return { type: 'null', pos: pos(location()) }; }
  / TODAY { return { type: 'today', pos: pos(location()) }; }
  / NOW { return { type: 'now', pos: pos(location()) }; }
  / DATE _ s:String {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s.value) || !validDay(s.value)) error('A DATE is written YYYY-MM-DD (a real day).');
      return { type: 'date', value: s.value, pos: pos(location()) };
    }
  / TIMESTAMP _ s:String {
      var d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s.value) && validDay(s.value.slice(0, 10)) ? new Date(s.value) : null;
      if (!d || isNaN(d.getTime())) error('A TIMESTAMP is written YYYY-MM-DDTHH:MM[:SS]Z or with an offset (+01:00).');
      return { type: 'date', value: d.toISOString(), pos: pos(location()) };
    }

String = "'" chars:("''" { return "'"; } / [^'])* "'" { return { type: 'string', value: chars.join(''), pos: pos(location()) }; }

Number = "-"? [0-9]+ ("." [0-9]+)? ([eE] [+-]? [0-9]+)? !IdentChar {
    var n = Number(text());
    if (!isFinite(n)) error('This number is too large.');
    return { type: 'number', value: n, pos: pos(location()) };
  }

FieldRef
  = side:(s:(OLD / NEW) _ "." _ { return s; })? name:Name { return { type: 'field', side: side === null ? 'plain' : side, name: name, pos: pos(location()) }; }

Name
  = !Reserved first:[A-Za-z_] rest:IdentChar* { return first + rest.join(''); }
  / "[" chars:[^\]]+ "]" { return chars.join(''); }
  / '"' chars:[^"]+ '"' { return chars.join(''); }

IdentChar = [A-Za-z0-9_]

Reserved = (AND / OR / NOT / IN / IS / NULL / LIKE / BETWEEN / TRUE / FALSE / ESCAPE / TODAY / NOW / DATE / TIMESTAMP) 

AND = "AND"i !IdentChar
OR = "OR"i !IdentChar
NOT = "NOT"i !IdentChar
IN = "IN"i !IdentChar
IS = "IS"i !IdentChar
NULL = "NULL"i !IdentChar
LIKE = "LIKE"i !IdentChar
BETWEEN = "BETWEEN"i !IdentChar
TRUE = "TRUE"i !IdentChar
FALSE = "FALSE"i !IdentChar
ESCAPE = "ESCAPE"i !IdentChar
TODAY = "TODAY"i !IdentChar
NOW = "NOW"i !IdentChar
DATE = "DATE"i !IdentChar
TIMESTAMP = "TIMESTAMP"i !IdentChar
CHANGED = "CHANGED"i !IdentChar
OLD = "OLD"i !IdentChar { return 'old'; }
NEW = "NEW"i !IdentChar { return 'new'; }

_ = ([ \t\r\n] / "--" [^\n]*)*
`;

const parser = peggy.generate(GRAMMAR, { output: 'parser' });

/** Raised for a condition that does not parse (or is too long or deep): where and why. */
export class ConditionError extends Error {
  constructor(readonly issue: RuleIssue) {
    super(issue.message);
  }
}

/** How deep parentheses and NOTs nest, outside strings and quoted names: checked before parsing, so no input runs the parser out of stack. */
function nesting(text: string): number {
  let depth = 0;
  let most = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[') quote = ']';
    else if (c === '(') most = Math.max(most, ++depth);
    else if (c === ')') depth--;
  }
  const nots = text.match(/\bnot\b/gi)?.length ?? 0;
  return most + nots;
}

const at = (p: { offset: number; line: number; column: number }) => ({ offset: p.offset, line: p.line, column: p.column });

/** Parses a condition; an empty one (only blanks) is null, meaning "always". */
export function parseCondition(text: string): Expr | null {
  if (text.length > RULE_LIMITS.condition)
    throw new ConditionError({ at: 'condition', code: RULE_CODES.TOO_COMPLEX, message: `A condition has at most ${RULE_LIMITS.condition} characters.`, detail: String(RULE_LIMITS.condition) });
  if (text.trim() === '') return null;
  if (nesting(text) > RULE_LIMITS.depth)
    throw new ConditionError({ at: 'condition', code: RULE_CODES.TOO_COMPLEX, message: `Parentheses and NOT nest at most ${RULE_LIMITS.depth} deep.`, detail: String(RULE_LIMITS.depth) });
  try {
    return parser.parse(text) as Expr;
  } catch (err) {
    if (err instanceof parser.SyntaxError) {
      const e = err as peggy.parser.SyntaxError;
      return failAt(e.message, e.location.start);
    }
    if (err instanceof RangeError) throw new ConditionError({ at: 'condition', code: RULE_CODES.TOO_COMPLEX, message: 'This condition is too complex.' });
    throw err;
  }
}

function failAt(message: string, p: { offset: number; line: number; column: number }): never {
  throw new ConditionError({ at: 'condition', code: RULE_CODES.SYNTAX, message: `Line ${p.line}, column ${p.column}: ${message}`, detail: message.slice(0, 300), ...at(p) });
}
