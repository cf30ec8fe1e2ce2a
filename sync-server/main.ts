// The composition root: reads the configuration, opens and migrates the store, seeds demo data, serves, and drains.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { openStore } from './db/open.ts';
import { seedDemo } from './demo/seed.ts';
import { seedOrganisation } from './demo/organisation.ts';
import { ensureSampleTemplates } from './mail-merge/service.ts';
import { ChangeBus } from './events.ts';
import { DocumentService } from './documents/service.ts';
import { Secrets } from './security/secrets.ts';
import { InstallerService } from './installer/service.ts';
import { fileSettingsStore } from './installer/settings.ts';
import { makeLogger } from './ops/access-log.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { Metrics } from './ops/metrics.ts';
import { recomputeWallClockInstants } from './time/recompute.ts';
import { zoneRules } from './time/zones.ts';

let config: Config;
try {
  config = readConfig();
} catch (err) {
  // One line naming the variable, not a stack trace.
  console.error(`[fieldcrm] cannot start: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const log = makeLogger(config.logLevel);
const lifecycle = new Lifecycle();
const metrics = new Metrics({ processMetrics: true });

const store = await openStore(config.databaseUrl);
await store.migrate();
// The shipped mail-merge samples (Panoply Sales Quote.html, Panoply Sales Order.html), also after an upgrade.
await ensureSampleTemplates(store);
if (config.demoData) {
  if (await seedDemo(store)) console.log('[fieldcrm] demo data created; sign in as "sales" / "Panoply2026"');
} else {
  // Production: the standard profiles and a root territory, and no user until an administrator is made by command.
  await seedOrganisation(store);
  if ((await store.listUsers()).length === 0) console.log('[fieldcrm] no user yet: make the first administrator with "npm run admin -- create-admin --login <login>"');
}
// Booked wall times are the truth: instants computed under older zone rules move to what the shipped tzdata says.
const moved = await recomputeWallClockInstants(store, zoneRules, new Date());
if (moved.changed) console.log(`[fieldcrm] time-zone rules ${zoneRules.version}: ${moved.changed} appointment instant(s) recomputed`);
if (!existsSync(config.staticDir)) console.warn(`[fieldcrm] no built PWA in ${config.staticDir}: run "npm run build" (npm start does it)`);

const secrets = Secrets.load({ env: process.env, dataDir: config.dataDir });
const marketing = { secrets, ...(config.mailchimpBaseUrl ? { mailchimpBaseUrl: config.mailchimpBaseUrl } : {}) };
const installer = new InstallerService(config.installer, fileSettingsStore(config.installer.settingsFile), undefined, config.demoData);
const bus = new ChangeBus();
const documents = new DocumentService(store, bus, { dir: config.documentsDir });
const app = createApp(
  { store, bus, version: config.version, marketing, installer, documents, lifecycle, metrics, sessionIdleMs: config.sessionIdleMs },
  { staticDir: config.staticDir, log, ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}) },
);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  lifecycle.ready();
  console.log(`[fieldcrm] ${config.version} on ${store.dialect}, listening at http://localhost:${info.port}`);
}) as Server;

/**
 * SIGTERM/SIGINT drain: /readyz turns 503 so the balancer stops sending, no new connection is accepted, open live
 * streams are told to reconnect elsewhere, requests in flight get the grace period to finish, then the store closes
 * and the process exits 0. A second signal exits at once.
 */
let draining = false;
const drain = (): void => {
  if (draining) process.exit(1);
  draining = true;
  console.log(`[fieldcrm] draining (up to ${config.shutdownGraceMs} ms)`);
  lifecycle.drain();
  const finish = (): void => void store.close().then(() => process.exit(0), () => process.exit(1));
  const force = setTimeout(() => {
    server.closeAllConnections();
    finish();
  }, config.shutdownGraceMs);
  force.unref();
  server.close(() => {
    clearTimeout(force);
    finish();
  });
  // Keep-alive connections with no request in flight would hold close() open until they time out.
  const idle = setInterval(() => server.closeIdleConnections(), 200);
  idle.unref();
  server.closeIdleConnections();
};
process.on('SIGINT', drain);
process.on('SIGTERM', drain);
