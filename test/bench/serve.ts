// The bench's server child: the real app (createApp) on a prepared SQLite file, so its memory and CPU are its own.
// Argv: <sqlite file> <static dir or "-">; prints "listening <url>" once it answers.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../sync-server/app.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { ChangeBus } from '../../sync-server/events.ts';

const [file, staticDir] = process.argv.slice(2);
if (!file) throw new Error('usage: serve.ts <sqlite file> [static dir]');
const store = new SqliteStore(file);
await store.migrate();
// BENCH_COMPRESS=0: answers uncompressed (to measure what compression costs or buys; experiment.ts).
const app = createApp({ store, bus: new ChangeBus(), version: '0.0.0-bench' }, { ...(staticDir && staticDir !== '-' ? { staticDir } : {}), compress: process.env.BENCH_COMPRESS !== '0' });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  server.close();
  void store.close().then(() => process.exit(0));
});
