// Start-up under the database lock, idempotent: refuse a newer database or another secret key, migrate, run the
// start-up steps, record the release. Instances starting together on one database take turns (docs/decisions/0026).
import { loadCustomization } from '../customization/service.ts';
import { createHmac } from 'node:crypto';
import type { SyncStore } from '../db/store.ts';
import { seedOrganisation } from '../demo/organisation.ts';
import { seedDemo } from '../demo/seed.ts';
import { ensureSampleTemplates } from '../mail-merge/service.ts';
import { recomputeWallClockInstants } from '../time/recompute.ts';
import { zoneRules } from '../time/zones.ts';

/** A database this server must not run on: the message is the one line printed. */
export class StartupError extends Error {}

/** Server settings the start-up keeps. */
export const STARTUP_KEYS = {
  /** The release (package.json version) that last migrated the database. */
  release: 'fieldcrm.release',
  /** HMAC of a fixed text under the secret key: instances with another key are refused, the key is never stored. */
  keyCheck: 'fieldcrm.key-check',
} as const;

/** `a` before `b` (< 0), equal, or after (> 0): numeric major.minor.patch; a pre-release is before its release. */
export function compareReleases(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.trim().replace(/^v/, '').split('-', 2);
    const n = core.split('.').map((x) => Number.parseInt(x, 10) || 0);
    return { n: [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0], pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.n[i] !== y.n[i]) return x.n[i]! - y.n[i]!;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update('fieldcrm key check v1').digest('hex').slice(0, 32);
}

/** The release recorded in the database; null when none is (a new database, or one from before releases were recorded). */
export async function recordedRelease(store: SyncStore): Promise<string | null> {
  try {
    return await store.getServerSetting(STARTUP_KEYS.release);
  } catch (err) {
    if (missingTable(err)) return null;
    throw err;
  }
}

function missingTable(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) if (/no such table|invalid object name/i.test(String((e as { message?: unknown }).message))) return true;
  return false;
}

export interface StartupOptions {
  /** This server's release (package.json version). */
  version: string;
  /** The key secrets are encrypted with (FIELDCRM_SECRET_KEY or secret.key). */
  secretKey: Buffer;
  /** Where the key came from, for the refusal line. */
  keySource: string;
  /** The idempotent start-up steps after migrating (samples, demo data or the standard organisation, ...). */
  steps?: () => Promise<void>;
  /** How long to wait for another instance's start-up (ms). */
  waitMs?: number;
}

/** Everything a server does to a database before serving; throws StartupError with one line when it must not run. */
export async function startUp(store: SyncStore, opts: StartupOptions): Promise<{ upgradedFrom: string | null }> {
  return store.withStartupLock(async () => {
    const was = await recordedRelease(store);
    if (was !== null && compareReleases(was, opts.version) > 0)
      throw new StartupError(`the database was last migrated by FieldCRM ${was}, newer than this server (${opts.version}); run FieldCRM ${was} or later on it`);
    await store.migrate();
    // Custom fields join the registry before anything reads records (docs/decisions/0044).
    await loadCustomization(store);
    const check = keyCheckValue(opts.secretKey);
    const now = new Date().toISOString();
    const stored = await store.getServerSetting(STARTUP_KEYS.keyCheck);
    if (stored === null) await store.putServerSetting(STARTUP_KEYS.keyCheck, check, 'startup', now);
    else if (stored !== check)
      throw new StartupError(`${opts.keySource} is not the secret key this database was set up with (key check value differs): every instance sharing a database needs the same FIELDCRM_SECRET_KEY`);
    await opts.steps?.();
    if (was === null || compareReleases(was, opts.version) < 0) await store.putServerSetting(STARTUP_KEYS.release, opts.version, 'startup', now);
    return { upgradedFrom: was !== null && was !== opts.version ? was : null };
  }, opts.waitMs);
}

/** The server's start-up steps after migrating, each idempotent; `say` prints what an operator should know. */
export function startupSteps(store: SyncStore, opts: { demoData: boolean; say?: (line: string) => void }): () => Promise<void> {
  const say = opts.say ?? (() => undefined);
  return async () => {
    // The shipped mail-merge samples (Panoply Sales Quote.html, Panoply Sales Order.html), also after an upgrade.
    await ensureSampleTemplates(store);
    if (opts.demoData) {
      if (await seedDemo(store)) say('demo data created; sign in as "sales" / "Panoply2026"');
    } else {
      // Production: the standard profiles and a root territory, and no user until an administrator is made by command.
      await seedOrganisation(store);
      if ((await store.listUsers()).length === 0) say('no user yet: make the first administrator with "npm run admin -- create-admin --login <login>"');
    }
    // Booked wall times are the truth: instants computed under older zone rules move to what the shipped tzdata says.
    const moved = await recomputeWallClockInstants(store, zoneRules, new Date());
    if (moved.changed) say(`time-zone rules ${zoneRules.version}: ${moved.changed} appointment instant(s) recomputed`);
  };
}
