// Old phones: every JavaScript file of the built PWA, the service worker included, parses as ES2019 (Safari 13.0).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { es2019Error } from '../../pwa/build/legacy-syntax.ts';
import { ROOT } from '../../sync-server/config.ts';

const dist = join(ROOT, 'dist');

test('every built script parses as ES2019', () => {
  const files = ['sw.js', ...readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)];
  assert.ok(files.length >= 2);
  for (const f of files) assert.is(es2019Error(readFileSync(join(dist, f), 'utf8'), f === 'sw.js' ? 'script' : 'module'), null, f);
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
