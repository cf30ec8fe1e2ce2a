// Build-time checks and fixes for old phones (Safari 13, Chrome on Android 9-10): both run on the emitted JavaScript.
import { parse, tokenizer } from 'acorn';

/**
 * Safari 13 has no BigInt: a literal like `0n` is a syntax error that kills the whole bundle. RxDB's query engine
 * (mingo) ships a few; rewriting them to `BigInt("0")` keeps the file parseable, and those paths only run for
 * bigint values, which FieldCRM never stores (test/unit/legacy-syntax.test.ts proves the rewrite).
 */
export function rewriteBigIntLiterals(code: string): { code: string; count: number } {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const tok of tokenizer(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true })) {
    const value: unknown = (tok as unknown as { value: unknown }).value;
    if (tok.type.label === 'num' && typeof value === 'bigint') {
      edits.push({ start: tok.start, end: tok.end, text: `BigInt("${value.toString()}")` });
    }
  }
  let out = code;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out, count: edits.length };
}

/**
 * Returns the parse error when `code` is not valid ES2019 (what Safari 13.0 understands: no `?.`, no `??`), with two
 * ES2020 exceptions in modules that both targets do run: `import()` (Safari 11.1, Chrome 63) and `import.meta`
 * (Safari 11.1, Chrome 64). They let a feature's code load as its own chunk (reports, docs/decisions/0036).
 */
export function es2019Error(code: string, sourceType: 'module' | 'script'): string | null {
  try {
    parse(code, { ecmaVersion: 2019, sourceType });
    return null;
  } catch (err) {
    const strict = err instanceof Error ? err.message : String(err);
    if (sourceType !== 'module') return strict;
    let ast: unknown;
    try {
      ast = parse(code, { ecmaVersion: 2020, sourceType });
    } catch {
      return strict;
    }
    return es2020Beyond(ast);
  }
}

/** The first ES2020 construct other than `import()` and `import.meta` in a parsed program, as a message; null if none. */
function es2020Beyond(root: unknown): string | null {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const n = node as { type?: string; operator?: string; bigint?: string; exported?: unknown; start?: number };
    if (n.type === 'ChainExpression') return `optional chaining (?.) at ${n.start}`;
    if (n.type === 'LogicalExpression' && n.operator === '??') return `nullish coalescing (??) at ${n.start}`;
    if (n.type === 'Literal' && n.bigint !== undefined) return `a BigInt literal at ${n.start}`;
    if (n.type === 'ExportAllDeclaration' && n.exported) return `export * as at ${n.start}`;
    for (const v of Object.values(node)) if (v && typeof v === 'object') stack.push(v);
  }
  return null;
}
