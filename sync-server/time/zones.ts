// The server's zone rules: the IANA database shipped in the `tzdata` package, read by timezonecomplete (docs/decisions/0016).
import { createRequire } from 'node:module';
import { TzDatabase } from 'timezonecomplete/dist/lib/tz-database.js';
import { checkTimeZonesWith } from '../../shared/validation.ts';
import { rulesFromDatabase, type TzdataJson, type ZoneRules } from '../../shared/time/zone-rules.ts';

// The package's main file is JSON; require reads it without an import attribute (Node 20 ESM needs one).
const data = createRequire(import.meta.url)('tzdata') as TzdataJson;
TzDatabase.init(data);

export const zoneRules: ZoneRules = rulesFromDatabase(TzDatabase.instance(), data);
checkTimeZonesWith(zoneRules.has);
