// Build-time lint for old phones: finds uses of JavaScript and web APIs that Safari 13.0 or Chrome 69 lack in the
// emitted JavaScript, and tells which are feature-checked where they are used. Policy (what we polyfill, what we
// accept and why) lives in legacy-policy.ts; the test that runs this over dist/ is test/browser/legacy-apis.test.ts.
import bcd from '@mdn/browser-compat-data/forLegacyNode';
import type { CompatStatement, SimpleSupportStatement } from '@mdn/browser-compat-data/types';
import { parse } from 'acorn';

export type ApiKind =
  /** A global binding: reading it where it is missing throws a ReferenceError (only `typeof X` is safe). */
  | 'global'
  /** A property of a named global (`Object.hasOwn`, `navigator.locks`): calling it where it is missing throws. */
  | 'static'
  /** A method or property found by name on any object (`x.at(-1)`): calling it where it is missing throws. */
  | 'member'
  /** A constructor that exists but cannot be called with `new` (or extended) before the given version. */
  | 'constructor'
  /** An option key in an object literal (Intl options): older engines ignore it silently and format differently. */
  | 'option'
  /** Regular-expression syntax: a literal with it is a SyntaxError when the file is parsed, killing the whole file. */
  | 'regex-syntax';

export interface LegacyApi {
  /** What a person calls it, e.g. `Array.prototype.at`. */
  name: string;
  kind: ApiKind;
  /** The identifier or property name that is looked for (`at`, `hasOwn`, `BroadcastChannel`, `dateStyle`). */
  key: string;
  /** For `static`: the global that owns it (`Object`, `Promise`, `navigator`, `Intl`). */
  object?: string;
  /** First Safari (iOS and macOS) that has it, as "major.minor"; null: no shipped Safari has it. Read from MDN's data. */
  safari: string | null;
  /** First Chrome (and Android WebView) that has it; null: none. Read from MDN's data. */
  chrome: number | null;
  /** For `member`: only when the object is the result of a call to this function (`matchMedia(q).addEventListener`). */
  on?: string;
  /**
   * For `member`: a method, used only when called (`x.at(-1)`), so a data property of the same name (`t.at <= ms`,
   * timezonecomplete's transitions) is not a use.
   */
  method?: boolean;
  /** Other strings whose test also guards a use: code under `typeof v === 'bigint'` cannot run where BigInt is missing. */
  guardedBy?: readonly string[];
}

/** The oldest browsers FieldCRM supports: Safari 13.0 (iOS 13) and Chrome 69 (Android 9 WebView). */
export interface BrowserTarget {
  safari: string;
  chrome: number;
}

/**
 * The APIs watched, each with where MDN's browser-compat data (@mdn/browser-compat-data) describes it; their first
 * versions are read from there (below), never typed in. Entries the target already has are kept on purpose: they
 * record that they were checked (Array.prototype.flat is Chrome 69, Safari 12), and an older target would flag them.
 */
const WATCHED: readonly (Omit<LegacyApi, 'safari' | 'chrome'> & { bcd: string | readonly string[] })[] = [
  // ECMAScript globals and constructors
  { name: 'globalThis', kind: 'global', key: 'globalThis', bcd: 'javascript.builtins.globalThis' },
  { name: 'queueMicrotask', kind: 'global', key: 'queueMicrotask', bcd: 'api.queueMicrotask' },
  { name: 'structuredClone', kind: 'global', key: 'structuredClone', bcd: 'api.structuredClone' },
  { name: 'AggregateError', kind: 'global', key: 'AggregateError', bcd: 'javascript.builtins.AggregateError' },
  { name: 'WeakRef', kind: 'global', key: 'WeakRef', bcd: 'javascript.builtins.WeakRef' },
  { name: 'FinalizationRegistry', kind: 'global', key: 'FinalizationRegistry', bcd: 'javascript.builtins.FinalizationRegistry' },
  { name: 'BigInt', kind: 'global', key: 'BigInt', bcd: 'javascript.builtins.BigInt', guardedBy: ['bigint'] },
  { name: 'BigInt64Array', kind: 'global', key: 'BigInt64Array', bcd: 'javascript.builtins.BigInt64Array' },
  { name: 'BigUint64Array', kind: 'global', key: 'BigUint64Array', bcd: 'javascript.builtins.BigUint64Array' },
  // ECMAScript statics
  { name: 'Object.fromEntries', kind: 'static', key: 'fromEntries', object: 'Object', bcd: 'javascript.builtins.Object.fromEntries' },
  { name: 'Object.hasOwn', kind: 'static', key: 'hasOwn', object: 'Object', bcd: 'javascript.builtins.Object.hasOwn' },
  { name: 'Object.groupBy', kind: 'static', key: 'groupBy', object: 'Object', bcd: 'javascript.builtins.Object.groupBy' },
  { name: 'Map.groupBy', kind: 'static', key: 'groupBy', object: 'Map', bcd: 'javascript.builtins.Map.groupBy' },
  { name: 'Promise.allSettled', kind: 'static', key: 'allSettled', object: 'Promise', bcd: 'javascript.builtins.Promise.allSettled' },
  { name: 'Promise.any', kind: 'static', key: 'any', object: 'Promise', bcd: 'javascript.builtins.Promise.any' },
  { name: 'Promise.withResolvers', kind: 'static', key: 'withResolvers', object: 'Promise', bcd: 'javascript.builtins.Promise.withResolvers' },
  { name: 'Array.fromAsync', kind: 'static', key: 'fromAsync', object: 'Array', bcd: 'javascript.builtins.Array.fromAsync' },
  // ECMAScript prototype methods (found by name on any object)
  { name: 'Array.prototype.flat', kind: 'member', key: 'flat', bcd: 'javascript.builtins.Array.flat' },
  { name: 'Array.prototype.flatMap', kind: 'member', key: 'flatMap', bcd: 'javascript.builtins.Array.flatMap' },
  { name: 'String.prototype.trimStart', kind: 'member', key: 'trimStart', bcd: 'javascript.builtins.String.trimStart' },
  { name: 'String.prototype.trimEnd', kind: 'member', key: 'trimEnd', bcd: 'javascript.builtins.String.trimEnd' },
  { name: 'String.prototype.matchAll', kind: 'member', key: 'matchAll', bcd: 'javascript.builtins.String.matchAll' },
  { name: 'String.prototype.replaceAll', kind: 'member', key: 'replaceAll', bcd: 'javascript.builtins.String.replaceAll' },
  { name: 'Array/String/TypedArray.prototype.at', kind: 'member', key: 'at', bcd: ['javascript.builtins.Array.at', 'javascript.builtins.String.at', 'javascript.builtins.TypedArray.at'], method: true },
  { name: 'Array.prototype.findLast', kind: 'member', key: 'findLast', bcd: 'javascript.builtins.Array.findLast' },
  { name: 'Array.prototype.findLastIndex', kind: 'member', key: 'findLastIndex', bcd: 'javascript.builtins.Array.findLastIndex' },
  { name: 'Array.prototype.toSorted', kind: 'member', key: 'toSorted', bcd: 'javascript.builtins.Array.toSorted' },
  { name: 'Array.prototype.toReversed', kind: 'member', key: 'toReversed', bcd: 'javascript.builtins.Array.toReversed' },
  { name: 'Array.prototype.toSpliced', kind: 'member', key: 'toSpliced', bcd: 'javascript.builtins.Array.toSpliced' },
  { name: 'String.prototype.isWellFormed', kind: 'member', key: 'isWellFormed', bcd: 'javascript.builtins.String.isWellFormed' },
  { name: 'String.prototype.toWellFormed', kind: 'member', key: 'toWellFormed', bcd: 'javascript.builtins.String.toWellFormed' },
  { name: 'Set.prototype.union', kind: 'member', key: 'union', bcd: 'javascript.builtins.Set.union' },
  { name: 'Set.prototype.intersection', kind: 'member', key: 'intersection', bcd: 'javascript.builtins.Set.intersection' },
  { name: 'Set.prototype.symmetricDifference', kind: 'member', key: 'symmetricDifference', bcd: 'javascript.builtins.Set.symmetricDifference' },
  { name: 'Set.prototype.isSubsetOf', kind: 'member', key: 'isSubsetOf', bcd: 'javascript.builtins.Set.isSubsetOf' },
  { name: 'Set.prototype.isSupersetOf', kind: 'member', key: 'isSupersetOf', bcd: 'javascript.builtins.Set.isSupersetOf' },
  { name: 'Set.prototype.isDisjointFrom', kind: 'member', key: 'isDisjointFrom', bcd: 'javascript.builtins.Set.isDisjointFrom' },
  { name: 'DataView.prototype.getBigInt64', kind: 'member', key: 'getBigInt64', bcd: 'javascript.builtins.DataView.getBigInt64' },
  { name: 'DataView.prototype.setBigInt64', kind: 'member', key: 'setBigInt64', bcd: 'javascript.builtins.DataView.setBigInt64' },
  // Intl
  { name: 'Intl.RelativeTimeFormat', kind: 'static', key: 'RelativeTimeFormat', object: 'Intl', bcd: 'javascript.builtins.Intl.RelativeTimeFormat' },
  { name: 'Intl.ListFormat', kind: 'static', key: 'ListFormat', object: 'Intl', bcd: 'javascript.builtins.Intl.ListFormat' },
  { name: 'Intl.Locale', kind: 'static', key: 'Locale', object: 'Intl', bcd: 'javascript.builtins.Intl.Locale' },
  { name: 'Intl.DisplayNames', kind: 'static', key: 'DisplayNames', object: 'Intl', bcd: 'javascript.builtins.Intl.DisplayNames' },
  { name: 'Intl.Segmenter', kind: 'static', key: 'Segmenter', object: 'Intl', bcd: 'javascript.builtins.Intl.Segmenter' },
  { name: 'Intl.supportedValuesOf', kind: 'static', key: 'supportedValuesOf', object: 'Intl', bcd: 'javascript.builtins.Intl.supportedValuesOf' },
  { name: 'Intl.DateTimeFormat/NumberFormat.prototype.formatToParts', kind: 'member', key: 'formatToParts', bcd: ['javascript.builtins.Intl.DateTimeFormat.formatToParts', 'javascript.builtins.Intl.NumberFormat.formatToParts'] },
  { name: 'Intl.DateTimeFormat.prototype.formatRange', kind: 'member', key: 'formatRange', bcd: 'javascript.builtins.Intl.DateTimeFormat.formatRange' },
  { name: 'Intl.DateTimeFormat option dateStyle', kind: 'option', key: 'dateStyle', bcd: 'javascript.builtins.Intl.DateTimeFormat.DateTimeFormat.options_parameter.options_dateStyle_parameter' },
  { name: 'Intl.DateTimeFormat option timeStyle', kind: 'option', key: 'timeStyle', bcd: 'javascript.builtins.Intl.DateTimeFormat.DateTimeFormat.options_parameter.options_timeStyle_parameter' },
  { name: 'Intl.DateTimeFormat option hourCycle', kind: 'option', key: 'hourCycle', bcd: 'javascript.builtins.Intl.DateTimeFormat.DateTimeFormat.options_parameter.options_hourCycle_parameter' },
  { name: 'Intl.DateTimeFormat option fractionalSecondDigits', kind: 'option', key: 'fractionalSecondDigits', bcd: 'javascript.builtins.Intl.DateTimeFormat.DateTimeFormat.options_parameter.options_fractionalSecondDigits_parameter' },
  { name: 'Intl.NumberFormat option notation', kind: 'option', key: 'notation', bcd: 'javascript.builtins.Intl.NumberFormat.NumberFormat.options_parameter.options_notation_parameter' },
  { name: 'Intl.NumberFormat option signDisplay', kind: 'option', key: 'signDisplay', bcd: 'javascript.builtins.Intl.NumberFormat.NumberFormat.options_parameter.options_signDisplay_parameter' },
  { name: 'Intl.NumberFormat option unitDisplay', kind: 'option', key: 'unitDisplay', bcd: 'javascript.builtins.Intl.NumberFormat.NumberFormat.options_parameter.options_unitDisplay_parameter' },
  // Web platform
  { name: 'BroadcastChannel', kind: 'global', key: 'BroadcastChannel', bcd: 'api.BroadcastChannel' },
  { name: 'ResizeObserver', kind: 'global', key: 'ResizeObserver', bcd: 'api.ResizeObserver' },
  { name: 'requestIdleCallback', kind: 'global', key: 'requestIdleCallback', bcd: 'api.Window.requestIdleCallback' },
  { name: 'cancelIdleCallback', kind: 'global', key: 'cancelIdleCallback', bcd: 'api.Window.cancelIdleCallback' },
  { name: 'new EventTarget()', kind: 'constructor', key: 'EventTarget', bcd: 'api.EventTarget.EventTarget' },
  { name: 'crypto.randomUUID', kind: 'member', key: 'randomUUID', bcd: 'api.Crypto.randomUUID' },
  { name: 'navigator.locks (Web Locks)', kind: 'static', key: 'locks', object: 'navigator', bcd: 'api.Navigator.locks' },
  { name: 'IDBFactory.databases', kind: 'member', key: 'databases', bcd: 'api.IDBFactory.databases' },
  { name: 'Document/ShadowRoot.adoptedStyleSheets', kind: 'member', key: 'adoptedStyleSheets', bcd: ['api.Document.adoptedStyleSheets', 'api.ShadowRoot.adoptedStyleSheets'] },
  // Constructable style sheets came with adoptedStyleSheets (Lit checks `"replace" in CSSStyleSheet.prototype`).
  { name: 'CSSStyleSheet.prototype.replaceSync', kind: 'member', key: 'replaceSync', bcd: 'api.CSSStyleSheet.replaceSync', guardedBy: ['replace', 'adoptedStyleSheets'] },
  { name: 'MediaQueryList.prototype.addEventListener', kind: 'member', key: 'addEventListener', on: 'matchMedia', bcd: 'api.MediaQueryList.change_event' },
  { name: 'HTMLDialogElement.prototype.showModal', kind: 'member', key: 'showModal', bcd: 'api.HTMLDialogElement.showModal' },
  { name: 'Element.prototype.replaceChildren', kind: 'member', key: 'replaceChildren', bcd: 'api.Element.replaceChildren' },
  { name: 'Element.prototype.toggleAttribute', kind: 'member', key: 'toggleAttribute', bcd: 'api.Element.toggleAttribute' },
  { name: 'HTMLFormElement.prototype.requestSubmit', kind: 'member', key: 'requestSubmit', bcd: 'api.HTMLFormElement.requestSubmit' },
  { name: 'AbortSignal.timeout', kind: 'static', key: 'timeout', object: 'AbortSignal', bcd: 'api.AbortSignal.timeout_static' },
  { name: 'AbortSignal.any', kind: 'static', key: 'any', object: 'AbortSignal', bcd: 'api.AbortSignal.any_static' },
  { name: 'AbortSignal.prototype.throwIfAborted', kind: 'member', key: 'throwIfAborted', bcd: 'api.AbortSignal.throwIfAborted' },
  { name: 'Response.json', kind: 'static', key: 'json', object: 'Response', bcd: 'api.Response.json_static' },
  { name: 'navigator.storage (StorageManager)', kind: 'static', key: 'storage', object: 'navigator', bcd: 'api.Navigator.storage' },
  { name: 'navigator.setAppBadge', kind: 'static', key: 'setAppBadge', object: 'navigator', bcd: 'api.Navigator.setAppBadge' },
  // Regular-expression syntax
  { name: 'RegExp lookbehind (?<= (?<!', kind: 'regex-syntax', key: 'lookbehind', bcd: 'javascript.regular_expressions.lookbehind_assertion' },
];

const versionOrder = (a: string, b: string): number => {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
};

/**
 * The first version of one browser that has the API at all, or null. Flagged, prefixed and renamed implementations do
 * not count (the code calls the plain name); a partial one does (the call works: AbortSignal.timeout in Chrome 103-123
 * aborts with another error name). `≤79`-style ranges count as the version named.
 */
function firstIn(compat: CompatStatement, browser: 'safari' | 'safari_ios' | 'chrome' | 'webview_android'): string | null {
  const statements: SimpleSupportStatement[] = [compat.support[browser] ?? []].flat();
  const versions = statements
    .filter((st) => !st.flags && !st.prefix && !st.alternative_name)
    .map((st) => (typeof st.version_added === 'string' && st.version_added !== 'preview' ? st.version_added.replace('≤', '') : null))
    .filter((v): v is string => v !== null);
  return versions.sort(versionOrder)[0] ?? null;
}

/** The later of two first versions; none (null) wins, as the API is then missing in one of them. */
const later = (a: string | null, b: string | null): string | null => (a === null || b === null ? null : versionOrder(a, b) >= 0 ? a : b);

/**
 * An API's first versions for our targets: Safari is the later of iOS Safari (the phones, iOS 13) and macOS Safari;
 * Chrome the later of Chrome and Android's WebView (Android 9). An API described in several places (`at` of arrays,
 * strings and typed arrays) counts from when all of them have it. A path MDN does not have is an error, not a guess.
 */
function supportOf(paths: string | readonly string[]): Pick<LegacyApi, 'safari' | 'chrome'> {
  let safari: string | null = '0';
  let chrome: string | null = '0';
  for (const path of [paths].flat()) {
    const compat = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], bcd) as { __compat?: CompatStatement } | undefined;
    if (!compat?.__compat) throw new Error(`@mdn/browser-compat-data has no ${path}`);
    safari = later(safari, later(firstIn(compat.__compat, 'safari'), firstIn(compat.__compat, 'safari_ios')));
    chrome = later(chrome, later(firstIn(compat.__compat, 'chrome'), firstIn(compat.__compat, 'webview_android')));
  }
  return { safari: safari === null ? null : safari.includes('.') ? safari : `${safari}.0`, chrome: chrome === null ? null : parseInt(chrome, 10) };
}

/** The watched APIs with their first versions from MDN's data. */
export const LEGACY_APIS: readonly LegacyApi[] = WATCHED.map(({ bcd: paths, ...api }) => ({ ...api, ...supportOf(paths) }));

function versionAtLeast(have: string, need: string): boolean {
  const [ha = 0, hb = 0] = have.split('.').map(Number);
  const [na = 0, nb = 0] = need.split('.').map(Number);
  return ha > na || (ha === na && hb >= nb);
}

/** True when the oldest Safari or the oldest Chrome of the target lacks the API. */
export function missingIn(api: LegacyApi, target: BrowserTarget): boolean {
  const safariHas = api.safari !== null && versionAtLeast(target.safari, api.safari);
  const chromeHas = api.chrome !== null && target.chrome >= api.chrome;
  return !safariHas || !chromeHas;
}

export function describeSupport(api: LegacyApi): string {
  return `Safari ${api.safari ?? 'none'}, Chrome ${api.chrome ?? 'none'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The walk

interface N {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is N => typeof v === 'object' && v !== null && typeof (v as N).type === 'string';

/**
 * Calls `visit` for every node with its ancestors (outermost first) and the keys under which each is held (the last is
 * the node's own). Both arrays are live: copy them to keep them past the call.
 */
function walk(root: N, visit: (node: N, ancestors: readonly N[], keys: readonly string[]) => void): void {
  const ancestors: N[] = [];
  const keys: string[] = [];
  const go = (node: N, key: string): void => {
    keys.push(key);
    visit(node, ancestors, keys);
    ancestors.push(node);
    for (const k in node) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'loc' || k === 'range') continue;
      const v = node[k];
      if (Array.isArray(v)) {
        for (const item of v) if (isNode(item)) go(item, k);
      } else if (isNode(v)) go(v, k);
    }
    ancestors.pop();
    keys.pop();
  };
  go(root, '');
}

/** The value of a string literal or a template literal without substitutions (minifiers emit `x` for "x"). */
function stringValue(n: unknown): string | null {
  if (!isNode(n)) return null;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && (n.expressions as N[]).length === 0) {
    const q = (n.quasis as N[])[0];
    return (q?.value as { cooked: string | null } | undefined)?.cooked ?? null;
  }
  return null;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const GLOBAL_OBJECTS = new Set(['window', 'self', 'globalThis', 'global']);

/** The property name of a member expression when it is static (`a.b` or `a["b"]`). */
function propName(m: N): string | null {
  const p = m.property as N;
  if (!m.computed && p.type === 'Identifier') return p.name as string;
  return m.computed ? stringValue(p) : null;
}

/** `X`, `window.X`, `self.X`, `globalThis.X`: the global name the expression stands for, if any. */
function globalName(e: N): string | null {
  if (e.type === 'Identifier') return e.name as string;
  if (e.type === 'MemberExpression' && (e.object as N).type === 'Identifier' && GLOBAL_OBJECTS.has((e.object as N).name as string)) return propName(e);
  return null;
}

/** The name of the function a call calls: `f(…)` → f, `a.b.f(…)` → f. */
function calleeName(call: N): string | null {
  const c = call.callee as N;
  if (c.type === 'Identifier') return c.name as string;
  if (c.type === 'MemberExpression') return propName(c);
  return null;
}

/** True when the object is what a call to `fn` returned: directly, through `(t = fn(…))`, or a variable set to it. */
function isResultOf(obj: N, fn: string, bindings: Bindings): boolean {
  if (obj.type === 'AssignmentExpression') return isResultOf(obj.right as N, fn, bindings);
  if (obj.type === 'CallExpression') return calleeName(obj) === fn;
  if (obj.type === 'Identifier') return (bindings.inits.get(obj.name as string) ?? []).some((d) => d.init.type === 'CallExpression' && calleeName(d.init) === fn);
  return false;
}

/** True when the identifier at this position is a reference (not a property key, a declaration or a label). */
function isReference(parent: N | undefined, key: string): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return key !== 'property' || parent.computed === true;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key === 'value' || parent.computed === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
    case 'MetaProperty':
      return false;
    case 'VariableDeclarator':
      return key === 'init';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return key !== 'id' && key !== 'params';
    case 'CatchClause':
      return key !== 'param';
    default:
      return true;
  }
}

/** Names bound by a pattern (`a`, `{a, b: [c]}`, `...d`, `e = 1`). */
function patternNames(p: unknown, out: string[] = []): string[] {
  if (!isNode(p)) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name as string);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties as N[]) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const el of p.elements as (N | null)[]) patternNames(el, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
  }
  return out;
}

const BLOCK_SCOPES = new Set(['BlockStatement', 'Program', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'StaticBlock']);

interface Ref {
  node: N;
  ancestors: N[];
  keys: string[];
}

/** Scope analysis just good enough to tell a local `BigInt` or `WeakRef` binding from the global. */
class Bindings {
  /** scope node → names declared in it */
  private readonly scopes = new Map<N, Set<string>>();
  /** name → declarations with an initialiser (for following a feature flag or a detection function) */
  readonly inits = new Map<string, { scope: N; init: N }[]>();
  private readonly refs = new Map<string, Ref[]>();

  constructor(private readonly program: N) {
    walk(program, (node, anc) => {
      const nearest = (pred: (n: N) => boolean): N => {
        for (let i = anc.length - 1; i >= 0; i--) if (pred(anc[i] as N)) return anc[i] as N;
        return program;
      };
      const fnScope = (): N => nearest((n) => FUNCTIONS.has(n.type));
      const blockScope = (): N => nearest((n) => FUNCTIONS.has(n.type) || BLOCK_SCOPES.has(n.type));
      if (node.type === 'VariableDeclaration') {
        const scope = node.kind === 'var' ? fnScope() : blockScope();
        for (const d of node.declarations as N[]) {
          for (const name of patternNames(d.id)) this.add(scope, name);
          if ((d.id as N).type === 'Identifier' && isNode(d.init)) this.addInit((d.id as N).name as string, scope, d.init);
        }
      } else if (node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') {
        const id = node.id as N | null;
        if (id) {
          const scope = blockScope();
          this.add(scope, id.name as string);
          if (node.type === 'FunctionDeclaration') this.addInit(id.name as string, scope, node);
        }
      }
      if (FUNCTIONS.has(node.type) || node.type === 'ClassExpression') {
        for (const p of (node.params as N[] | undefined) ?? []) for (const name of patternNames(p)) this.add(node, name);
        const id = node.id as N | null;
        if (id && node.type !== 'FunctionDeclaration') this.add(node, id.name as string);
      }
      if (node.type === 'CatchClause') for (const name of patternNames(node.param)) this.add(node, name);
      if (node.type === 'ImportDeclaration') for (const s of node.specifiers as N[]) this.add(program, (s.local as N).name as string);
    });
  }

  private add(scope: N, name: string): void {
    let set = this.scopes.get(scope);
    if (!set) this.scopes.set(scope, (set = new Set()));
    set.add(name);
  }

  private addInit(name: string, scope: N, init: N): void {
    const list = this.inits.get(name) ?? [];
    list.push({ scope, init });
    this.inits.set(name, list);
  }

  /** Every reference to `name` in the file (any binding of that name: more references, never fewer). */
  references(name: string): Ref[] {
    let list = this.refs.get(name);
    if (!list) {
      const found: Ref[] = [];
      walk(this.program, (node, anc, keys) => {
        if (node.type === 'Identifier' && node.name === name && isReference(anc[anc.length - 1], keys[keys.length - 1] ?? '')) found.push({ node, ancestors: [...anc], keys: [...keys] });
      });
      this.refs.set(name, (list = found));
    }
    return list;
  }

  /** The innermost of these scopes (outermost first) that declares `name`. */
  declaringScope(name: string, ancestors: readonly N[]): N | null {
    for (let i = ancestors.length - 1; i >= 0; i--) if (this.scopes.get(ancestors[i] as N)?.has(name)) return ancestors[i] as N;
    return null;
  }

  /** True when `name` is declared in one of the scopes around the reference. */
  isLocal(name: string, ancestors: readonly N[]): boolean {
    return ancestors.some((a) => this.scopes.get(a)?.has(name) === true);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Guards

/** Longest flag initialiser or detection function (in characters) that a guard is followed into. */
const MAX_FOLLOWED = 600;
/** Most references to a function that are each checked for a guard (minified names are reused a lot). */
const MAX_REFERENCES = 8;

/** Positions in a condition where an identifier is the flag or the detection function itself, not data. */
function isConditionPart(parent: N | undefined, key: string): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'LogicalExpression':
    case 'UnaryExpression':
    case 'BinaryExpression':
      return true;
    case 'ConditionalExpression':
      return key === 'test';
    case 'CallExpression':
      return key === 'callee';
    default:
      return false;
  }
}

/**
 * Does this condition test for `key`: does it name it (`typeof X`, `"at" in a`, `a.hasOwn`), or is it a short flag or
 * detection function in scope that does (`const canAdopt = "adoptedStyleSheets" in Document.prototype; if (canAdopt)`)?
 */
function mentions(expr: N, key: string, bindings: Bindings, ancestors: ReadonlySet<N>, also: readonly string[], depth = 0): boolean {
  let found = false;
  walk(expr, (node, anc, keys) => {
    if (found) return;
    const parent = anc[anc.length - 1];
    const k = keys[keys.length - 1] ?? '';
    const str = stringValue(node);
    if (node.type === 'Identifier' && node.name === key) {
      // `X(…)` or `a.X(…)` in a condition uses X; it does not check for it.
      const asExpr = parent?.type === 'MemberExpression' && k === 'property' ? 1 : 0;
      const holder = anc[anc.length - 1 - asExpr];
      const holderKey = keys[keys.length - 1 - asExpr];
      if (!((holder?.type === 'CallExpression' || holder?.type === 'NewExpression') && holderKey === 'callee')) found = true;
    } else if (str !== null && (str === key || also.includes(str))) found = true;
    else if (node.type === 'Identifier' && depth < 2 && isReference(parent, k) && isConditionPart(parent, k)) {
      for (const d of bindings.inits.get(node.name as string) ?? []) {
        if (d.init.end - d.init.start > MAX_FOLLOWED) continue;
        if (!(d.scope.type === 'Program' || ancestors.has(d.scope))) continue;
        if (mentions(d.init, key, bindings, ancestors, also, depth + 1)) {
          found = true;
          break;
        }
      }
    }
  });
  return found;
}

/** A statement that always leaves: `return`, `throw`, or a block ending in one. */
function exits(s: N | null | undefined): boolean {
  if (!s) return false;
  if (s.type === 'ReturnStatement' || s.type === 'ThrowStatement') return true;
  if (s.type === 'BlockStatement') return exits((s.body as N[])[(s.body as N[]).length - 1]);
  return false;
}

/**
 * A read that is itself a feature check, not a use: `typeof X`, `if (Object.hasOwn)`, `Object.hasOwn || fallback`,
 * `x.at === undefined`. A bare global read outside `typeof` is never one (it throws where the global is missing).
 */
function isFeatureCheck(ancestors: readonly N[], keys: readonly string[], bareGlobal: boolean): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i] as N;
    const key = keys[i + 1] ?? '';
    if (parent.type === 'UnaryExpression' && parent.operator === 'typeof') return true;
    if (bareGlobal) return false;
    if (parent.type === 'UnaryExpression' && parent.operator === '!') continue;
    // `(t = a.x) == null || t.call(a)`: how optional calls `a.x?.()` come out for old targets.
    if (parent.type === 'AssignmentExpression' && key === 'right' && parent.operator === '=') continue;
    if (parent.type === 'BinaryExpression' && ['==', '!=', '===', '!=='].includes(parent.operator as string)) return true;
    if (parent.type === 'LogicalExpression') {
      if (key === 'left') return true;
      continue;
    }
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression' || parent.type === 'WhileStatement') && key === 'test') return true;
    return false;
  }
  return false;
}

export type GuardKind = 'if' | 'try';

/** The name a function is known by: `function f(){}`, `var f = function(){}` or `const f = () => …`. */
function functionName(fn: N, parent: N | undefined): string | null {
  if (fn.type === 'FunctionDeclaration') return ((fn.id as N | null)?.name as string | undefined) ?? null;
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && (parent.id as N).type === 'Identifier') return (parent.id as N).name as string;
  return null;
}

/**
 * How the use is protected where it stands, or null. Protected means: in a branch (`if`, `?:`, `&&`, `case`) whose
 * condition checks for the API, after an early `if (…check…) return`, inside a `try` block of the same function, or
 * in a named function that is only ever referenced from such protected places (`const make = typeof WeakRef ===
 * 'function' ? withWeakRef : withoutWeakRef`).
 */
function guardOf(node: N, ancestors: readonly N[], keys: readonly string[], api: LegacyApi, bindings: Bindings, depth = 0): { kind: GuardKind; at: N } | null {
  const also = api.guardedBy ?? [];
  // Declarations anywhere around the use are in scope for a flag or detection function (a slight over-approximation
  // for ones declared below the guard, harmless here).
  let scope: Set<N> | undefined;
  let crossedFunction = false;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i] as N;
    const childKey = keys[i + 1] ?? '';
    const child = (ancestors[i + 1] ?? node) as N;
    const tests = (e: N): boolean => mentions(e, api.key, bindings, (scope ??= new Set(ancestors)), also);
    if ((a.type === 'IfStatement' || a.type === 'ConditionalExpression') && (childKey === 'consequent' || childKey === 'alternate') && tests(a.test as N)) {
      return { kind: 'if', at: a };
    }
    if (a.type === 'LogicalExpression' && childKey === 'right' && tests(a.left as N)) return { kind: 'if', at: a };
    if (a.type === 'SwitchCase' && childKey === 'consequent' && isNode(a.test) && tests(a.test)) return { kind: 'if', at: a };
    if (a.type === 'TryStatement' && childKey === 'block' && !crossedFunction) return { kind: 'try', at: a };
    // An earlier `if (typeof X !== 'function') return …;` in the same function.
    if (!crossedFunction && (a.type === 'BlockStatement' || a.type === 'Program' || a.type === 'SwitchCase')) {
      for (const s of (a.type === 'SwitchCase' ? a.consequent : a.body) as N[]) {
        if (s === child) break;
        if (s.type === 'IfStatement' && exits(s.consequent as N) && tests(s.test as N)) return { kind: 'if', at: s };
      }
    }
    if (FUNCTIONS.has(a.type)) {
      if (!crossedFunction && depth < 2) {
        const name = functionName(a, ancestors[i - 1]);
        // References to this binding: those inside the scope that declares it (the parent's scope), other than itself.
        const declaredIn = name !== null ? bindings.declaringScope(name, ancestors.slice(0, i)) : null;
        const refs = declaredIn && name !== null ? bindings.references(name).filter((r) => r.ancestors.includes(declaredIn)) : [];
        if (refs.length > 0 && refs.length <= MAX_REFERENCES) {
          const guards = refs.map((r) => guardOf(r.node, r.ancestors, r.keys, api, bindings, depth + 1));
          if (guards.every((g) => g?.kind === 'if')) return guards[0] ?? null;
        }
      }
      crossedFunction = true;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions

/** True when the pattern has a lookbehind group `(?<=` or `(?<!` outside a character class. */
export function hasLookbehind(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(' && pattern[i + 1] === '?' && pattern[i + 2] === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding uses

export interface ApiUse {
  api: LegacyApi;
  /** Offset of the use in the file. */
  start: number;
  end: number;
  line: number;
  column: number;
  /** The code around it, on one line. */
  snippet: string;
  /** 'if': inside a branch whose condition checks the same name; 'try': inside a try block of the same function. */
  guard: GuardKind | null;
  /** Where the guard starts (the `if`, `?:`, `&&` or `try`). */
  guardAt: number | null;
  /** A regular-expression literal: a parse-time SyntaxError, which no guard, polyfill or allowlist can help. */
  fatal: boolean;
}

function lineCol(code: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = code.indexOf('\n'); i !== -1 && i < pos; i = code.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: pos - last };
}

export function snippetAt(code: string, start: number, end: number, around = 60): string {
  const from = Math.max(0, start - around);
  const to = Math.min(code.length, end + around);
  return `${from > 0 ? '…' : ''}${code.slice(from, to).replace(/\s+/g, ' ')}${to < code.length ? '…' : ''}`;
}

/**
 * Every use in `code` of an API of `apis` (default: all of LEGACY_APIS), with its guard if it has one. Feature checks
 * themselves (`typeof X`, `if (Object.hasOwn)`, `X || fallback`) are not uses and are not returned.
 */
export function findApiUses(code: string, sourceType: 'module' | 'script', apis: readonly LegacyApi[] = LEGACY_APIS): ApiUse[] {
  const program = parse(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true }) as unknown as N;
  const bindings = new Bindings(program);
  const byKey = new Map<string, LegacyApi[]>();
  for (const a of apis) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  const lookbehind = apis.find((a) => a.kind === 'regex-syntax' && a.key === 'lookbehind');
  const uses: ApiUse[] = [];
  const seen = new Set<string>();

  const record = (api: LegacyApi, node: N, anc: readonly N[], keys: readonly string[], opts: { bareGlobal?: boolean; fatal?: boolean } = {}): void => {
    const id = `${api.name}@${node.start}`;
    if (seen.has(id)) return;
    if (!opts.fatal && isFeatureCheck(anc, keys, opts.bareGlobal === true)) return;
    seen.add(id);
    const guard = opts.fatal ? null : guardOf(node, anc, keys, api, bindings);
    uses.push({ api, start: node.start, end: node.end, ...lineCol(code, node.start), snippet: snippetAt(code, node.start, node.end), guard: guard?.kind ?? null, guardAt: guard?.at.start ?? null, fatal: opts.fatal === true });
  };

  walk(program, (node, anc, keys) => {
    const parent = anc[anc.length - 1];
    const key = keys[keys.length - 1] ?? '';

    if (node.type === 'Identifier' && isReference(parent, key)) {
      for (const api of byKey.get(node.name as string) ?? []) {
        if (api.kind !== 'global') continue;
        if (bindings.isLocal(api.key, anc)) continue;
        record(api, node, anc, keys, { bareGlobal: true });
      }
    }

    if (node.type === 'MemberExpression') {
      const name = propName(node);
      if (name !== null) {
        for (const api of byKey.get(name) ?? []) {
          if (api.kind === 'member' && api.method && !(parent?.type === 'CallExpression' && key === 'callee')) continue;
          if (api.kind === 'member' && (api.on === undefined || isResultOf(node.object as N, api.on, bindings))) record(api, node, anc, keys);
          else if (api.kind === 'global' && globalName(node) === api.key) record(api, node, anc, keys);
          else if (api.kind === 'static' && api.object !== undefined && globalName(node.object as N) === api.object) record(api, node, anc, keys);
        }
      }
    }

    if (node.type === 'NewExpression' || ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.superClass)) {
      const target = (node.type === 'NewExpression' ? node.callee : node.superClass) as N;
      const name = globalName(target);
      for (const api of name !== null ? (byKey.get(name) ?? []) : []) {
        if (api.kind === 'constructor' && !(target.type === 'Identifier' && bindings.isLocal(name as string, anc))) record(api, node, anc, keys);
      }
    }

    // An option key in any object literal: options are often built apart from the `new Intl.…(locale, options)`.
    if (node.type === 'Property' && !node.computed && parent?.type === 'ObjectExpression') {
      const k = node.key as N;
      const name = k.type === 'Identifier' ? (k.name as string) : stringValue(k);
      for (const api of name !== null ? (byKey.get(name) ?? []) : []) if (api.kind === 'option') record(api, k, [...anc, node], [...keys, 'key']);
    }

    if (lookbehind) {
      const regex = node.regex as { pattern: string } | undefined;
      if (node.type === 'Literal' && regex && hasLookbehind(regex.pattern)) record(lookbehind, node, anc, keys, { fatal: true });
      if ((node.type === 'NewExpression' || node.type === 'CallExpression') && globalName(node.callee as N) === 'RegExp') {
        const first = (node.arguments as N[])[0];
        const pattern = stringValue(first);
        if (pattern !== null && hasLookbehind(pattern)) record(lookbehind, node, anc, keys);
      }
    }
  });
  return uses.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------------------------
// Policy: polyfilled, guarded, allowlisted, or a failure

export interface Allowance {
  /** LegacyApi.name */
  api: string;
  /** A piece of the minified code within 300 characters of the use, to pin the place; absent: every use. */
  near?: string;
  /** Why this use is safe on the target (who checks, what happens there). */
  reason: string;
}

export type Verdict = 'polyfilled' | 'guarded' | 'guarded-try' | 'allowlisted' | 'FAIL';

export interface JudgedUse extends ApiUse {
  file: string;
  verdict: Verdict;
  allowance?: Allowance;
}

export interface LintOptions {
  target: BrowserTarget;
  /** Names (LegacyApi.name) of the APIs a polyfill we ship provides before any other code runs. */
  polyfilled: ReadonlySet<string>;
  allowlist: readonly Allowance[];
}

/** Judges every use, in `code`, of an API the target lacks. */
export function lintFile(file: string, code: string, sourceType: 'module' | 'script', opts: LintOptions): JudgedUse[] {
  const apis = LEGACY_APIS.filter((a) => missingIn(a, opts.target));
  return findApiUses(code, sourceType, apis).map((u): JudgedUse => {
    if (u.fatal) return { ...u, file, verdict: 'FAIL' };
    if (opts.polyfilled.has(u.api.name)) return { ...u, file, verdict: 'polyfilled' };
    if (u.guard === 'if') return { ...u, file, verdict: 'guarded' };
    if (u.guard === 'try') return { ...u, file, verdict: 'guarded-try' };
    const window = code.slice(Math.max(0, u.start - 300), u.end + 300);
    const allowance = opts.allowlist.find((a) => a.api === u.api.name && (a.near === undefined || window.includes(a.near)));
    if (allowance) return { ...u, file, verdict: 'allowlisted', allowance };
    return { ...u, file, verdict: 'FAIL' };
  });
}

/** A readable report: failures first with file, place, API and code, then a count per API and verdict. */
export function formatReport(uses: readonly JudgedUse[]): string {
  const lines: string[] = [];
  const failures = uses.filter((u) => u.verdict === 'FAIL');
  if (failures.length) {
    lines.push(`${failures.length} use(s) of APIs the target lacks, with no polyfill, no guard and no allowance:`);
    for (const u of failures) {
      const why = u.fatal ? 'a regex literal with this syntax is a SyntaxError when the file is parsed' : 'unguarded';
      lines.push(`  ${u.file}:${u.line}:${u.column}  ${u.api.name} (${u.api.kind}; ${describeSupport(u.api)}) — ${why}`);
      lines.push(`      ${u.snippet}`);
    }
    lines.push('Fix: polyfill it (pwa/polyfills.ts + POLYFILLS in pwa/build/legacy-policy.ts), feature-check it where it is');
    lines.push('used, or add an ALLOWLIST entry there saying why it is safe on Safari 13 and Chrome 69.');
  }
  const summary = new Map<string, Map<Verdict, number>>();
  for (const u of uses) {
    const m = summary.get(u.api.name) ?? new Map<Verdict, number>();
    m.set(u.verdict, (m.get(u.verdict) ?? 0) + 1);
    summary.set(u.api.name, m);
  }
  lines.push('APIs missing on the target, as used in the built files:');
  for (const [name, m] of [...summary].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`  ${name.padEnd(44)} ${[...m].map(([v, n]) => `${v} ${n}`).join(', ')}`);
  }
  return lines.join('\n');
}
