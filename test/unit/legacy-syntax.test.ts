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
});

test('modules may load a chunk with import() and read import.meta (Safari 11.1+, Chrome 63+), and nothing else of ES2020', () => {
  assert.is(es2019Error('const m = import("./reports.js"); export const u = import.meta.url;', 'module'), null);
  assert.ok(es2019Error('import("./x.js"); a?.b', 'module'));
  assert.ok(es2019Error('import("./x.js"); a ?? b', 'module'));
  assert.ok(es2019Error('import("./x.js"); const n = 1n;', 'module'));
  assert.ok(es2019Error('import("./x.js")', 'script'), 'a classic script (the service worker) stays ES2019');
});

test.run();
