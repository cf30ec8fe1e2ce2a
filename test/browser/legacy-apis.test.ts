// Old phones, APIs: nothing in the built files uses an API that Safari 13.0 or Chrome 69 lacks unless we polyfill it,
// it is feature-checked where used, or it is allowlisted with a reason (pwa/build/legacy-policy.ts). Then the app is
// run in Chromium with those APIs taken away, to show that the polyfills load first and the checks hold.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeSupport, formatReport, LEGACY_APIS, lintFile, missingIn, type JudgedUse } from '../../pwa/build/legacy-apis.ts';
import { ALLOWLIST, OLD_PHONES, POLYFILLS, polyfilledIn } from '../../pwa/build/legacy-policy.ts';
import { ROOT } from '../../sync-server/config.ts';
import { EVERYWHERE } from '../helpers/docs.ts';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const dist = join(ROOT, 'dist');
const builtScripts = (): { file: string; bundle: 'app' | 'sw' }[] => [
  { file: 'sw.js', bundle: 'sw' },
  ...readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `assets/${f}`, bundle: 'app' as const })),
];

function lintDist(): { uses: JudgedUse[]; codes: Map<string, string> } {
  const uses: JudgedUse[] = [];
  const codes = new Map<string, string>();
  for (const { file, bundle } of builtScripts()) {
    const code = readFileSync(join(dist, file), 'utf8');
    codes.set(file, code);
    uses.push(...lintFile(file, code, bundle === 'sw' ? 'script' : 'module', { target: OLD_PHONES, polyfilled: polyfilledIn(bundle), allowlist: ALLOWLIST }));
  }
  return { uses, codes };
}

test('the lint targets what vite.config.ts builds for', () => {
  const config = readFileSync(join(ROOT, 'vite.config.ts'), 'utf8');
  const target = /const TARGET = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
  assert.ok(target.includes(`'safari${OLD_PHONES.safari.replace(/\.0$/, '')}'`), `vite.config.ts TARGET: ${target}`);
  assert.ok(target.includes(`'chrome${OLD_PHONES.chrome}'`), `vite.config.ts TARGET: ${target}`);
});

test('every use of an API the old phones lack is polyfilled, feature-checked or allowlisted with a reason', () => {
  const { uses } = lintDist();
  const report = formatReport(uses);
  console.log(report);
  const failures = uses.filter((u) => u.verdict === 'FAIL');
  assert.is(failures.length, 0, `\n${report}`);
});

test('every allowlist entry still matches a use, and every polyfill is still needed', () => {
  const { uses } = lintDist();
  for (const a of ALLOWLIST) assert.ok(uses.some((u) => u.allowance === a), `stale allowlist entry: ${a.api} near "${a.near ?? ''}"`);
  for (const p of POLYFILLS) {
    for (const bundle of p.into) {
      assert.ok(
        uses.some((u) => u.api.name === p.api && u.verdict === 'polyfilled' && (bundle === 'sw') === (u.file === 'sw.js')),
        `the ${bundle} bundle no longer uses ${p.api}: drop its polyfill there`,
      );
    }
  }
});

test('pwa/polyfills.ts imports exactly the page polyfills, and pwa/main.ts imports it before anything else', () => {
  const src = readFileSync(join(ROOT, 'pwa/polyfills.ts'), 'utf8');
  const imported = [...src.matchAll(/^import '([^']+)';/gm)].map((m) => m[1]).sort();
  const app = POLYFILLS.filter((p) => p.into.includes('app'));
  assert.equal(imported, app.flatMap((p) => (p.module ? [p.module] : [])).sort());
  for (const p of app.filter((p) => !p.module)) assert.ok(src.includes(`if (typeof ${p.api} !== 'function')`), `hand-written ${p.api} polyfill in pwa/polyfills.ts`);
  const main = readFileSync(join(ROOT, 'pwa/main.ts'), 'utf8');
  assert.is(/^import\s[^;]*;/m.exec(main)?.[0], "import './polyfills.ts';", 'the first import of main.ts');
  for (const p of POLYFILLS) {
    const api = LEGACY_APIS.find((a) => a.name === p.api);
    assert.ok(api && missingIn(api, OLD_PHONES), `${p.api} is not missing on the target`);
  }
  // core-js is in both bundles (its shared store key survives minification): in their entry scripts, which run first;
  // a chunk loaded on demand (the Excel writer, the ResizeObserver polyfill) runs after the entry has installed it.
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  for (const { file } of builtScripts()) {
    if (file !== 'sw.js' && !html.includes(`/${file}`)) continue;
    // Vite's own modulepreload polyfill, split into a chunk of its own since the build has a second entry (the Outlook
    // task pane, outlook.html), or into the chunk of its preload helper since main.ts loads the language before the
    // shell (both dynamic imports use the helper): it runs before the entry's body but uses only what the old phones
    // have (fetch, MutationObserver, relList), so it needs no core-js. The helper itself runs after the polyfills, from
    // main.ts's body; the scan of every built file above holds it to the target like any other.
    if (/^assets\/(modulepreload-polyfill|preload-helper)-[\w-]+\.js$/.test(file)) continue;
    const wantsCoreJs = POLYFILLS.some((p) => p.into.includes(file === 'sw.js' ? 'sw' : 'app'));
    if (wantsCoreJs) assert.ok(readFileSync(join(dist, file), 'utf8').includes('__core-js_shared__'), `core-js is not in ${file}`);
  }
});

/**
 * How to take each missing API away in Chromium, where its name is not already the path to delete. Entries with no
 * way to remove them (options, regex syntax) are covered by the static lint only.
 */
const REMOVE: Record<string, string[]> = {
  'Array/String/TypedArray.prototype.at': ['Array.prototype.at', 'String.prototype.at', 'Object.getPrototypeOf(Int8Array.prototype).at'],
  'navigator.locks (Web Locks)': ['Navigator.prototype.locks'],
  'navigator.storage (StorageManager)': ['Navigator.prototype.storage'],
  'navigator.setAppBadge': ['Navigator.prototype.setAppBadge'],
  'IDBFactory.databases': ['IDBFactory.prototype.databases'],
  'Document/ShadowRoot.adoptedStyleSheets': ['Document.prototype.adoptedStyleSheets', 'ShadowRoot.prototype.adoptedStyleSheets'],
  'CSSStyleSheet.prototype.replaceSync': ['CSSStyleSheet.prototype.replaceSync', 'CSSStyleSheet.prototype.replace'],
  'crypto.randomUUID': ['Crypto.prototype.randomUUID'],
};

/** Playwright's page.evaluate needs these in the page's own world; the bundle uses neither (the lint would say). */
const KEEP_FOR_PLAYWRIGHT = new Set(['BigInt64Array', 'BigUint64Array']);

/** A script that removes from the page every API the target lacks, before any of the page's own scripts run. */
function oldPhoneInitScript(): { script: string; removed: string[] } {
  const paths: string[] = [];
  const special: string[] = [];
  for (const api of LEGACY_APIS.filter((a) => missingIn(a, OLD_PHONES) && !KEEP_FOR_PLAYWRIGHT.has(a.name))) {
    const listed = REMOVE[api.name];
    if (listed) paths.push(...listed);
    else if (api.name === 'new EventTarget()') {
      // Safari 13 has EventTarget (for instanceof) but it cannot be constructed.
      special.push(`self.EventTarget = new Proxy(EventTarget, { construct() { throw new TypeError('Illegal constructor'); } });`);
    } else if (api.name === 'MediaQueryList.prototype.addEventListener') {
      // Safari 13's MediaQueryList is not an EventTarget: it only has addListener.
      special.push(`Object.defineProperty(MediaQueryList.prototype, 'addEventListener', { value: undefined, configurable: true });`);
    } else if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(api.name)) paths.push(api.name);
  }
  const lines = paths.map((p) => {
    const dot = p.lastIndexOf('.');
    const [obj, prop] = dot < 0 ? ['self', p] : [p.slice(0, dot), p.slice(dot + 1)];
    return `try { const o = ${obj}; delete o[${JSON.stringify(prop)}]; if (${JSON.stringify(prop)} in o) kept.push(${JSON.stringify(p)}); } catch (e) { kept.push(${JSON.stringify(p)} + ': ' + e); }`;
  });
  return { script: `(() => { const kept = []; ${lines.join('\n')}\n${special.join('\n')}\nself.__oldPhoneKept = kept; })();`, removed: paths };
}

test('with the APIs the old phones lack taken away, the app loads, signs in, syncs and saves a record', async () => {
  const server = await startAppServer(12);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1024, height: 800 } });
    const { script, removed } = oldPhoneInitScript();
    await ctx.addInitScript({ content: script });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInUI(page, server.url);
    await waitReady(page);
    await page.getByText('12 records').waitFor();
    assert.equal(await page.evaluate(() => (self as unknown as { __oldPhoneKept: string[] }).__oldPhoneKept), [], 'every API could be removed');
    assert.ok(removed.includes('structuredClone') && removed.includes('BroadcastChannel') && removed.includes('globalThis'));

    // The polyfilled ones are back, installed by our bundle; the others stay away (the simulation held).
    const state = await page.evaluate(() => ({
      globalThis: typeof (self as { globalThis?: unknown }).globalThis,
      queueMicrotask: typeof (self as { queueMicrotask?: unknown }).queueMicrotask,
      allSettled: typeof (Promise as { allSettled?: unknown }).allSettled,
      structuredClone: typeof (self as { structuredClone?: unknown }).structuredClone,
      BroadcastChannel: typeof (self as { BroadcastChannel?: unknown }).BroadcastChannel,
      WeakRef: typeof (self as { WeakRef?: unknown }).WeakRef,
      locks: 'locks' in navigator,
      adopted: 'adoptedStyleSheets' in Document.prototype,
    }));
    assert.equal(state, {
      globalThis: 'object',
      queueMicrotask: 'function',
      allSettled: 'function',
      structuredClone: 'undefined',
      BroadcastChannel: 'undefined',
      WeakRef: 'undefined',
      locks: false,
      adopted: false,
    });

    // A write goes through RxDB (Dexie) and up to the server.
    await page.goto(`${server.url}/#/company/new`);
    await page.fill('#name', 'Old Phone Ltd');
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Old Phone Ltd' }).waitFor();
    let upstream = 0;
    for (let i = 0; i < 100 && upstream === 0; i++) {
      upstream = (await server.store.pull('company', 0, 1000, EVERYWHERE)).documents.filter((d) => d.name === 'Old Phone Ltd').length;
      if (upstream === 0) await page.waitForTimeout(100);
    }
    assert.is(upstream, 1, 'the new company reached the server');
    assert.equal(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('the service worker script brings its own Promise.allSettled where the engine has none', async () => {
  const server = await startAppServer(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    // sw.js run as a classic worker script with Promise.allSettled taken away first (Chrome 69-75). The worker script
    // comes from a route: the server's Content-Security-Policy allows only same-origin workers.
    await page.route(`${server.url}/old-phone-sw-check.js`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `delete Promise.allSettled;
          try {
            importScripts('/sw.js');
            Promise.allSettled([Promise.resolve(1), Promise.reject(2)]).then((r) => postMessage({ result: r }), (e) => postMessage({ error: String(e) }));
          } catch (e) { postMessage({ error: String(e) }); }`,
      }),
    );
    await page.goto(`${server.url}/manifest.webmanifest`);
    const out = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const worker = new Worker('/old-phone-sw-check.js');
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => resolve({ error: e.message });
        }),
    );
    assert.equal(out, { result: [{ status: 'fulfilled', value: 1 }, { status: 'rejected', reason: 2 }] });
  } finally {
    await browser.close();
    await server.close();
  }
});

test('the API table is well formed', () => {
  const names = new Set<string>();
  for (const a of LEGACY_APIS) {
    assert.not.ok(names.has(a.name), `duplicate ${a.name}`);
    names.add(a.name);
    assert.ok(a.kind !== 'static' || a.object, `${a.name}: a static needs its object`);
    assert.ok(describeSupport(a).startsWith('Safari '));
  }
  for (const a of ALLOWLIST) assert.ok(names.has(a.api) && a.reason.length > 40, `allowlist entry ${a.api}`);
  for (const p of POLYFILLS) assert.ok(names.has(p.api), `polyfill for unknown API ${p.api}`);
});

test.run();
