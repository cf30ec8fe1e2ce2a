// The bench's server child, as production runs it: the compiled server (dist-server/, `tsc -p tsconfig.server.json`,
// what `npm start` serves; decision 0029), not TypeScript through tsx, whose loader thread and transform caches cost
// the process about a hundred megabytes of its own. Same as serve.ts otherwise.
// Argv: <sqlite file> <static dir or "-">; prints "listening <url>" once it answers.
import { serve } from '@hono/node-server';
import { createApp } from '../../dist-server/sync-server/app.js';
import { SqliteStore } from '../../dist-server/sync-server/db/sqlite/store.js';
import { ChangeBus } from '../../dist-server/sync-server/events.js';

const [file, staticDir] = process.argv.slice(2);
if (!file) throw new Error('usage: serve.mjs <sqlite file> [static dir]');
const store = new SqliteStore(file);
await store.migrate();
// BENCH_COMPRESS=0: answers uncompressed (to measure what compression costs or buys; experiment.ts).
const app = createApp({ store, bus: new ChangeBus(), version: '0.0.0-bench' }, { ...(staticDir && staticDir !== '-' ? { staticDir } : {}), compress: process.env.BENCH_COMPRESS !== '0' });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections?.();
  server.close();
  void store.close().then(() => process.exit(0));
});
