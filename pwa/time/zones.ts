// The device's zone rules: the IANA database shipped in the bundle (`tzdata`), read by timezonecomplete, never the
// phone's own Intl data, which an old iPhone keeps for years (docs/decisions/0016).
import data from 'tzdata';
import { TzDatabase } from 'timezonecomplete/dist/lib/tz-database.js';
import { checkTimeZonesWith } from '../../shared/validation.ts';
import { rulesFromDatabase, type TzdataJson, type ZoneRules } from '../../shared/time/zone-rules.ts';

TzDatabase.init(data as TzdataJson);

export const zoneRules: ZoneRules = rulesFromDatabase(TzDatabase.instance(), data as TzdataJson);
checkTimeZonesWith(zoneRules.has);
