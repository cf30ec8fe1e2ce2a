// The old-phone fix: BigInt literals become BigInt("…") calls that parse as ES2019 and mean the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { es2019Error, rewriteBigIntLiterals } from '../../pwa/build/legacy-syntax.ts';

test('BigInt literals are rewritten; strings and other numbers are left alone', () => {
  const src = 'const a = 0n, b = 8n; const s = "10n"; const c = 1e3; function f(x){ return x >> 8n; }';
  const { code, count } = rewriteBigIntLiterals(src);
  assert.is(count, 3);
  assert.ok(code.includes('"10n"'));
  assert.ok(code.includes('BigInt("8")'));
  assert.is(es2019Error(code, 'script'), null);
  assert.ok(es2019Error(src, 'script') !== null, 'the original is not ES2019');
  // Same values at run time.
  const run = (s: string): unknown => new Function(`${s}; return [a, b, f(256n)];`)();
  assert.equal(run(code), run(src));
});

test('optional chaining and nullish coalescing are caught as not ES2019', () => {
  assert.ok(es2019Error('a?.b', 'script'));
  assert.ok(es2019Error('a ?? b', 'script'));
  assert.is(es2019Error('a && a.b', 'script'), null);
  assert.ok(es2019Error('x = 1n', 'script'));
  assert.ok(es2019Error('export * as ns from "./m.js"', 'module'));
  assert.ok(es2019Error('let a = {b: 1}; a?.b', 'module'));
});

test('dynamic import() and import.meta pass: Safari 11.1 and Chrome 63-64 have them (chunks loaded on demand)', () => {
  assert.is(es2019Error('const m = () => import("./xlsx.js"); const u = import.meta.url;', 'module'), null);
});

test.run();
