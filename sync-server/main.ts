// The composition root: reads the configuration, opens and migrates the store, seeds demo data, and serves.
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openStore } from './db/open.ts';
import { seedDemo } from './demo/seed.ts';
import { ensureSampleTemplates } from './mail-merge/service.ts';
import { ChangeBus } from './events.ts';
import { DocumentService } from './documents/service.ts';
import { Secrets } from './security/secrets.ts';
import { InstallerService } from './installer/service.ts';
import { fileSettingsStore } from './installer/settings.ts';

const config = readConfig();
const store = await openStore(config.databaseUrl);
await store.migrate();
// The shipped mail-merge samples (Panoply Sales Quote.html, Panoply Sales Order.html), also after an upgrade.
await ensureSampleTemplates(store);
if (config.demoData && (await seedDemo(store))) console.log('[fieldcrm] demo data created; sign in as "sales" / "Panoply2026"');
if (!existsSync(config.staticDir)) console.warn(`[fieldcrm] no built PWA in ${config.staticDir}: run "npm run build" (npm start does it)`);

const secrets = Secrets.load({ env: process.env, dataDir: config.dataDir });
const marketing = { secrets, ...(config.mailchimpBaseUrl ? { mailchimpBaseUrl: config.mailchimpBaseUrl } : {}) };
const installer = new InstallerService(config.installer, fileSettingsStore(config.installer.settingsFile));
const bus = new ChangeBus();
const documents = new DocumentService(store, bus, { dir: config.documentsDir });
const app = createApp({ store, bus, version: config.version, marketing, installer, documents }, { staticDir: config.staticDir });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`[fieldcrm] ${config.version} on ${store.dialect}, listening at http://localhost:${info.port}`);
});

const stop = (): void => {
  server.close();
  void store.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
