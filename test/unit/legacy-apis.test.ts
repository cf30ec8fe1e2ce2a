// The old-phone API lint (pwa/build/legacy-apis.ts) on planted code: what it must catch, and what it must let through.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findApiUses, formatReport, hasLookbehind, LEGACY_APIS, lintFile, missingIn, type Allowance, type JudgedUse } from '../../pwa/build/legacy-apis.ts';
import { OLD_PHONES } from '../../pwa/build/legacy-policy.ts';

function lint(code: string, opts: { polyfilled?: string[]; allowlist?: Allowance[]; sourceType?: 'module' | 'script' } = {}): JudgedUse[] {
  return lintFile('planted.js', code, opts.sourceType ?? 'module', { target: OLD_PHONES, polyfilled: new Set(opts.polyfilled ?? []), allowlist: opts.allowlist ?? [] });
}
const failures = (code: string, opts?: Parameters<typeof lint>[1]): string[] => lint(code, opts).filter((u) => u.verdict === 'FAIL').map((u) => u.api.name);
const verdicts = (code: string, opts?: Parameters<typeof lint>[1]): string[] => lint(code, opts).map((u) => `${u.api.name}:${u.verdict}`);

test('catches an unguarded structuredClone(x), [1].at(-1) and a lookbehind regex', () => {
  assert.equal(failures('export const a = structuredClone(x);'), ['structuredClone']);
  assert.equal(failures('export const last = [1].at(-1);'), ['Array/String/TypedArray.prototype.at']);
  assert.equal(failures('export const re = /(?<=\\$)\\d+/;'), ['RegExp lookbehind (?<= (?<!']);
  assert.equal(failures('export const re = /(?<!x)y/g;'), ['RegExp lookbehind (?<= (?<!']);
});

test('accepts typeof structuredClone === "function" ? structuredClone(x) : copy(x)', () => {
  assert.equal(failures(`export const a = typeof structuredClone === 'function' ? structuredClone(x) : copy(x);`), []);
  assert.equal(verdicts(`export const a = typeof structuredClone === 'function' ? structuredClone(x) : copy(x);`), ['structuredClone:guarded']);
});

test('other guards: if, &&, early return, a flag, a detection function, a case, try', () => {
  assert.equal(failures(`if (typeof structuredClone !== 'undefined') { y = structuredClone(x); }`), []);
  assert.equal(failures(`window.structuredClone && structuredClone(x);`), []);
  assert.equal(failures(`function f(x) { if (typeof structuredClone !== 'function') return copy(x); return structuredClone(x); }`), []);
  assert.equal(failures(`const can = typeof structuredClone == 'function'; function f(x) { return can ? structuredClone(x) : copy(x); }`), []);
  assert.equal(failures(`const has = (o) => typeof o.databases === 'function'; function f(i) { return has(i) ? i.databases() : []; }`), []);
  assert.equal(failures(`function h(v) { switch (typeof v) { case 'bigint': return Number(v & BigInt(255)); default: return 0; } }`), []);
  assert.equal(failures('const make = typeof WeakRef === "function" ? weak : strong; function weak(o) { return new WeakRef(o); } function strong(o) { return { deref: () => o }; }'), []);
  assert.equal(verdicts('try { y = structuredClone(x); } catch { y = copy(x); }'), ['structuredClone:guarded-try']);
  // Lit's pattern, minified: a flag with template-literal strings.
  assert.equal(failures('var u = `adoptedStyleSheets` in Document.prototype && `replace` in CSSStyleSheet.prototype; function g(e, t) { if (u) e.adoptedStyleSheets = t; } function s() { if (u) new CSSStyleSheet().replaceSync(`a{}`); }'), []);
});

test('not guards: a check of something else, a call in the condition, a try around a later callback', () => {
  assert.equal(failures(`if (typeof x === 'function') y = structuredClone(x);`), ['structuredClone']);
  assert.equal(failures(`if (structuredClone(x)) y = structuredClone(x);`), ['structuredClone', 'structuredClone']);
  assert.equal(failures(`try { setTimeout(() => structuredClone(x)); } catch {}`), ['structuredClone']);
  // An early `if` that does not leave is no guard.
  assert.equal(failures(`function f(x) { if (typeof structuredClone !== 'function') log(); return structuredClone(x); }`), ['structuredClone']);
  // A function also referenced where nothing checks.
  assert.equal(failures('const a = typeof WeakRef === "function" ? weak : null; const b = weak; function weak(o) { return new WeakRef(o); }'), ['WeakRef']);
});

test('feature checks themselves are not uses; a bare global read is one', () => {
  assert.equal(lint(`const ok = typeof structuredClone === 'function' && typeof globalThis !== 'undefined';`), []);
  assert.equal(lint(`const hasOwn = Object.hasOwn || ((o, k) => Object.prototype.hasOwnProperty.call(o, k)); if (Object.fromEntries) {}`), []);
  assert.equal(lint(`let t; (t = matchMedia('(x)').addEventListener) == null || t.call(m, 'change', f);`), []);
  assert.equal(failures('const g = globalThis;'), ['globalThis']);
  assert.equal(failures('if (globalThis) {}'), ['globalThis'], 'a bare read throws where globalThis is missing');
  assert.equal(failures('export const e = Object.hasOwn(o, "k"), f = Object.fromEntries(p), s = Promise.allSettled(q);'), ['Object.hasOwn', 'Object.fromEntries', 'Promise.allSettled']);
});

test('names that are not the API are left alone', () => {
  assert.equal(lint('function f(structuredClone) { return structuredClone(1); } const o = { at: 1, globalThis: 2 }; class A { at() {} } label: for (;;) break label;'), []);
  assert.equal(lint('const { BroadcastChannel } = lib; new BroadcastChannel("x");'), []);
  assert.equal(lint('document.body.addEventListener("click", f); el.addEventListener("x", g);'), []);
  assert.equal(failures('matchMedia("(max-width: 1px)").addEventListener("change", f);'), ['MediaQueryList.prototype.addEventListener']);
  assert.equal(lint('const a = [1, [2]].flat(); const b = x.flatMap(f); el.toggleAttribute("hidden");'), [], 'Chrome 69 and Safari 12 have these');
});

test('constructors, options and RegExp strings', () => {
  assert.equal(failures('const t = new EventTarget(); class Bus extends EventTarget {}'), ['new EventTarget()', 'new EventTarget()']);
  assert.equal(failures(`const f = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });`), ['Intl.DateTimeFormat option dateStyle']);
  assert.equal(failures(`const re = new RegExp('(?<=a)b');`), ['RegExp lookbehind (?<= (?<!']);
  assert.equal(verdicts(`let re; try { re = new RegExp('(?<=a)b'); } catch { re = /b/; }`), ['RegExp lookbehind (?<= (?<!:guarded-try']);
});

test('a lookbehind literal fails even when guarded, polyfilled or allowlisted: the file does not parse', () => {
  const code = `try { if (typeof x) { r = /(?<=a)b/; } } catch {}`;
  const uses = lint(code, { polyfilled: ['RegExp lookbehind (?<= (?<!'], allowlist: [{ api: 'RegExp lookbehind (?<= (?<!', reason: 'no' }] });
  assert.equal(uses.map((u) => [u.verdict, u.fatal]), [['FAIL', true]]);
  assert.ok(hasLookbehind('(?<=a)') && hasLookbehind('x(?<!y)'));
  assert.not.ok(hasLookbehind('(?<name>a)\\k<name>'), 'a named group is fine (Safari 11.1)');
  assert.not.ok(hasLookbehind('[(?<=]') || hasLookbehind('\\(?<=a'), 'in a class or escaped');
});

test('polyfilled and allowlisted uses pass; the allowance must be near its use', () => {
  assert.equal(verdicts('queueMicrotask(f);', { polyfilled: ['queueMicrotask'] }), ['queueMicrotask:polyfilled']);
  const allow: Allowance = { api: 'BroadcastChannel', near: 'messagesCallback', reason: 'chosen only when canBeUsed() says so' };
  assert.equal(verdicts('function create(n) { return { messagesCallback: null, bc: new BroadcastChannel(n) }; }', { allowlist: [allow] }), ['BroadcastChannel:allowlisted']);
  assert.equal(verdicts('function other(n) { return new BroadcastChannel(n); }', { allowlist: [allow] }), ['BroadcastChannel:FAIL']);
});

test('the report names the file, the place, the API and the code', () => {
  const uses = lint('const a = 1;\nexport const b = structuredClone(a);');
  const report = formatReport(uses);
  assert.match(report, /planted\.js:2:18 {2}structuredClone \(global; Safari 15\.4, Chrome 98\) — unguarded/);
  assert.match(report, /export const b = structuredClone\(a\);/);
  assert.match(report, /structuredClone +FAIL 1/);
});

test('the version table: the target is the intersection of Safari 13.0 and Chrome 69', () => {
  const api = (name: string) => LEGACY_APIS.find((a) => a.name === name) ?? { name, kind: 'global' as const, key: name, safari: null, chrome: null };
  assert.ok(missingIn(api('globalThis'), OLD_PHONES), 'Chrome 71');
  assert.ok(missingIn(api('Promise.allSettled'), OLD_PHONES), 'Chrome 76 although Safari 13.0 has it');
  assert.ok(missingIn(api('String.prototype.replaceAll'), OLD_PHONES), 'Safari 13.1');
  assert.ok(missingIn(api('requestIdleCallback'), OLD_PHONES), 'no Safari');
  assert.not.ok(missingIn(api('Array.prototype.flat'), OLD_PHONES), 'Chrome 69, Safari 12');
  assert.not.ok(missingIn(api('Intl.DateTimeFormat option hourCycle'), { safari: '13.0', chrome: 73 }));
  assert.ok(missingIn(api('ResizeObserver'), { safari: '13.0', chrome: 120 }), '13.1 > 13.0');
  // Every entry findable: a use of each key in isolation is found.
  assert.ok(findApiUses('x.at(1)', 'script').length === 1);
});

test('a data property named like a method is not a use: `t.at <= ms` (timezonecomplete), `{ at: 1 }.at`', () => {
  assert.equal(failures('export const f = (t, ms) => t.at <= ms && (t.at = ms);'), []);
  assert.equal(failures('export const g = (xs) => xs.sort((a, b) => a.at - b.at);'), []);
  assert.equal(failures('export const h = (xs) => xs.at(-1);'), ['Array/String/TypedArray.prototype.at']);
});

test.run();
