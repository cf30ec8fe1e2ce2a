// Reads the environment once, with working defaults: a fresh checkout runs on SQLite in ./data with demo data.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInstallerConfig, type InstallerConfig } from './installer/config.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>` (default), `mssql://…` or `sqlserver://…`. */
  databaseUrl: string;
  staticDir: string;
  demoData: boolean;
  version: string;
  /** The Outlook plug-in installer: base package, certificate stores, settings file, public address. */
  installer: InstallerConfig;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? `sqlite:${join(ROOT, 'data', 'fieldcrm.db')}`,
    staticDir: env.STATIC_DIR ?? join(ROOT, 'dist'),
    demoData: env.DEMO_DATA !== 'off',
    version: pkg.version,
    installer: readInstallerConfig(ROOT, env),
  };
}
