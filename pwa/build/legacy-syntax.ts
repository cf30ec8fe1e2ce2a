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
 * Returns the parse error when `code` is not valid ES2019 (what Safari 13.0 understands: no `?.`, no `??`), with the
 * two ES2020 module features Safari 13 and Chrome 69 do have: `import()` (Safari 11.1, Chrome 63) and `import.meta`
 * (Safari 11.1, Chrome 64). Vite emits both for a chunk loaded on demand (the Excel writer, the ResizeObserver
 * polyfill); what `import.meta` offers beyond `url` (`resolve`) is feature-checked by Vite's helper.
 */
export function es2019Error(code: string, sourceType: 'module' | 'script'): string | null {
  let ast: unknown;
  try {
    ast = parse(code, { ecmaVersion: 2020, sourceType });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return es2020Only(ast);
}

/** The first ES2020 syntax other than `import()` and `import.meta` in a parsed program, or null. */
function es2020Only(root: unknown): string | null {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const node = n as { type?: string; operator?: string; bigint?: string; exported?: unknown; start?: number };
    const at = ` (${node.start ?? 0})`;
    if (node.type === 'ChainExpression') return `Optional chaining is not ES2019${at}`;
    if (node.type === 'LogicalExpression' && node.operator === '??') return `Nullish coalescing is not ES2019${at}`;
    if (node.type === 'Literal' && node.bigint !== undefined) return `A BigInt literal is not ES2019${at}`;
    if (node.type === 'ExportAllDeclaration' && node.exported) return `\`export * as\` is not ES2019${at}`;
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && v && typeof v === 'object') stack.push(v);
  }
  return null;
}
