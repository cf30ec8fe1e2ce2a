// Which clients get Brotli: `br` accepted with a quality above 0, or `*` when `br` is not named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptsBrotli } from '../../sync-server/ops/brotli.ts';

test('br named with a positive quality, or a positive wildcard, accepts Brotli', () => {
  for (const h of ['gzip, deflate, br, zstd', 'BR;q=0.5', '*', 'gzip;q=1, *;q=0.1']) assert.ok(acceptsBrotli(h), h);
  for (const h of [undefined, '', 'gzip, deflate', 'br;q=0', 'br;q=0.0, *', '*;q=0, gzip']) assert.not.ok(acceptsBrotli(h), String(h));
});

test.run();
