// Zone rule sets for tests: the shipped one, and a stale one (IANA 2026b, from before Morocco and Alberta changed).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { TzDatabase } from 'timezonecomplete/dist/lib/tz-database.js';
import { rulesFromDatabase, type TzdataJson, type ZoneRules } from '../../shared/time/zone-rules.ts';
import { zoneRules } from '../../sync-server/time/zones.ts';

export { zoneRules };

/** The shipped package's data, for tests that build rule sets. */
export const shippedData = createRequire(import.meta.url)('tzdata') as TzdataJson;

/** npm tzdata 1.0.49 (IANA 2026b) cut to the test zones: Casablanca +01 after 2026-09-20, Edmonton on DST. */
export const STALE_DATA = JSON.parse(readFileSync(new URL('../fixtures/tzdata/tzdata-2026b-subset.json', import.meta.url), 'utf8')) as TzdataJson;

/** A rule set from JSON data. timezonecomplete keeps one global database: each set holds its own instance. */
export function rulesFrom(data: TzdataJson): ZoneRules {
  TzDatabase.init(data);
  const db = TzDatabase.instance();
  TzDatabase.init(shippedData);
  return rulesFromDatabase(db, data);
}

export const staleRules = (): ZoneRules => rulesFrom(STALE_DATA);
