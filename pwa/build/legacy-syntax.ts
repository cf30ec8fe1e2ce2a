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

/** Returns the parse error when `code` is not valid ES2019 (what Safari 13.0 understands: no `?.`, no `??`). */
export function es2019Error(code: string, sourceType: 'module' | 'script'): string | null {
  try {
    parse(code, { ecmaVersion: 2019, sourceType });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
