// Old phones: every JavaScript file of the built PWA, the service worker included, parses as ES2019 (Safari 13.0).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { es2019Error } from '../../pwa/build/legacy-syntax.ts';
import { flexGapRules, NO_FLEX_GAP } from '../../pwa/build/gap-fallback.ts';
import { ROOT } from '../../sync-server/config.ts';

const dist = join(ROOT, 'dist');

test('every built script parses as ES2019', () => {
  const files = ['sw.js', ...readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)];
  assert.ok(files.length >= 2);
  for (const f of files) assert.is(es2019Error(readFileSync(join(dist, f), 'utf8'), f === 'sw.js' ? 'script' : 'module'), null, f);
});

test('every flex rule with gap in the built styles has its fallback for old phones (no flex gap before Safari 14.1)', () => {
  let rules = 0;
  const missing: string[] = [];
  for (const f of readdirSync(join(dist, 'assets')).filter((x) => x.endsWith('.js'))) {
    // Lit keeps each component's css`…` as a template literal: look at each one that sets a gap.
    for (const m of readFileSync(join(dist, 'assets', f), 'utf8').matchAll(/`([^`]*\bgap:[^`]*)`/g)) {
      const text = m[1]!;
      const fallbackAt = text.indexOf(NO_FLEX_GAP);
      const sheet = fallbackAt < 0 ? text : text.slice(0, fallbackAt);
      for (const r of flexGapRules(sheet)) {
        rules++;
        const first = r.selector.split(',')[0]!.trim();
        if (fallbackAt < 0 || !text.slice(fallbackAt).includes(`${first} > * + *`)) missing.push(`${f}: ${r.selector}`);
      }
    }
  }
  assert.ok(rules >= 30, `found ${rules} flex rules with gap`);
  assert.equal(missing, []);
});

test('the service worker is a classic script with the precache manifest injected', () => {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  assert.not.match(sw, /^\s*(import|export)\s/m);
  assert.not.ok(sw.includes('self.__WB_MANIFEST'), 'manifest placeholder was replaced');
  assert.ok(sw.includes('index.html'));
});

test('the web app manifest has 192 and 512 px icons', () => {
  const m = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8')) as { icons: { sizes: string; src: string }[] };
  const sizes = m.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'));
  for (const i of m.icons) assert.ok(readFileSync(join(dist, i.src)).subarray(1, 4).toString() === 'PNG', i.src);
});

test.run();
