// A company-size server database for the bench: N records over 100 territories (t-r000…t-r099), a sales rep per
// territory (rep000…, the territory's records only), written through the store's bulk insert and cached as a SQLite
// file under test/bench/.cache/ (gitignored), keyed by the generator's version and the migrations, so a second run
// starts at once.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { DEMO_PASSWORD, forRecords, ALL, seedDemo } from '../../sync-server/demo/seed.ts';
import { hashPassword } from '../../sync-server/auth/passwords.ts';
import { recordMix, SYNCED } from './data.ts';
import { ROOT, WORK } from './server.ts';

export const TERRITORIES = 100;
export const repLogin = (i: number): string => `rep${String(i).padStart(3, '0')}`;
export const territoryOf = (i: number): string => `t-r${String(i).padStart(3, '0')}`;
/** Bump when the generated data changes: a cached file of another version is not used. */
const VERSION = 1;

/** Which migrations the cached file was made with (a new migration makes a new file). */
function schemaKey(): string {
  const dir = join(ROOT, 'sync-server/db/sqlite/migrations');
  return createHash('sha256').update(JSON.stringify(readdirSync(dir, { recursive: true }).sort())).digest('hex').slice(0, 10);
}

/**
 * The database: `share` records in territory t-r000 (rep000's, and each of rep000…rep019's when `share` is the same
 * everywhere), the rest spread evenly over the other territories, interleaved in sequence order as records written
 * over years are (a pull that walks the whole sequence and filters would pay for the whole table). Returns the path.
 */
export async function companyDb(total: number, share: number, log: (s: string) => void): Promise<string> {
  const cache = join(ROOT, 'test/bench/.cache');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `company-v${VERSION}-${schemaKey()}-${total}-${share}.sqlite`);
  if (existsSync(file)) return file;
  const t0 = Date.now();
  const tmp = join(WORK, `company-${total}.sqlite`);
  const store = new SqliteStore(tmp);
  await store.migrate();
  await seedDemo(store, { companies: 0 });
  await store.insertTerritories(Array.from({ length: TERRITORIES }, (_, i) => ({ id: territoryOf(i), name: `Region ${i}`, parentId: 't-world' })));
  await store.insertProfiles(Array.from({ length: 20 }, (_, i) => ({ id: `p-${repLogin(i)}`, name: `Sales rep, region ${i}` })));
  for (let i = 0; i < 20; i++) await store.setProfileRights(`p-${repLogin(i)}`, forRecords(territoryOf(i), ALL));
  const hash = await hashPassword(DEMO_PASSWORD);
  await store.insertUsers(
    Array.from({ length: 20 }, (_, i) => ({ id: `u-${repLogin(i)}`, login: repLogin(i), displayName: `Rep ${i}`, role: 'sales' as const, territoryId: territoryOf(i), profileId: `p-${repLogin(i)}`, locale: 'en', timeZone: 'Europe/Paris', passwordHash: hash })),
  );
  // One template of `per` records in the demo's mix, copied per territory with its own ids (references follow).
  const others = Math.ceil((total - share) / (TERRITORIES - 1));
  const per = Math.max(share, others);
  const template = recordMix(per);
  const sizeOf = (k: number): number => (k === 0 ? share : others);
  const copy = (doc: WireDoc, k: number): WireDoc => {
    const out: Record<string, unknown> = { ...doc, id: `${doc.id}-${k}`, territoryId: territoryOf(k) };
    for (const ref of ['companyId', 'personId', 'leadId'] as const) if (typeof out[ref] === 'string' && out[ref]) out[ref] = `${out[ref] as string}-${k}`;
    // E-mail addresses stay unique per copy, as a real company's are.
    if (Array.isArray(out.emails)) out.emails = (out.emails as { address: string }[]).map((e) => ({ ...e, address: e.address.replace('@', `.${k}@`) }));
    return out as unknown as WireDoc;
  };
  let written = 0;
  for (const entity of SYNCED) {
    const docs = template[entity];
    // Each territory takes its proportion of this entity: its size over the template's.
    const take = Array.from({ length: TERRITORIES }, (_, k) => Math.round((docs.length * sizeOf(k)) / per));
    const STEP = 50;
    let batch: WireDoc[] = [];
    for (let i = 0; i < docs.length; i += STEP) {
      for (let k = 0; k < TERRITORIES; k++) for (let j = i; j < Math.min(i + STEP, take[k]!); j++) batch.push(copy(docs[j]!, k));
      if (batch.length >= 20_000) {
        await store.insertMany(entity as EntityName, batch);
        written += batch.length;
        batch = [];
      }
    }
    if (batch.length) await store.insertMany(entity as EntityName, batch);
    written += batch.length;
    log(`company-size database: ${entity} written (${written} records so far, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  // Keep only this version's files: each is hundreds of MB.
  for (const f of readdirSync(cache)) if (f.startsWith('company-') && f.endsWith(`-${total}-${share}.sqlite`)) rmSync(join(cache, f), { force: true });
  try {
    renameSync(tmp, file);
  } catch {
    copyFileSync(tmp, file);
    rmSync(tmp, { force: true });
  }
  log(`company-size database: ${written} records over ${TERRITORIES} territories in ${((Date.now() - t0) / 1000).toFixed(0)} s (cached: ${file})`);
  return file;
}
