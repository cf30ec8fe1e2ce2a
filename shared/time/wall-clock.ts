// Records whose times are booked on a zone's wall clock (entity `wallClock`): the wall time is kept, the instant derived.
import type { EntityDef } from '../entities/fields.ts';
import { instantToWall, isWallTime, wallToInstant } from './wall-time.ts';
import type { ZoneRules } from './zone-rules.ts';

type Rec = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const instantMs = (v: unknown): number => (typeof v === 'string' && v ? Date.parse(v) : Number.NaN);

/** The record's zone when the rules know it, else null (a half-typed or unknown zone changes nothing). */
function zoneOf(def: EntityDef, rules: ZoneRules, rec: Rec): string | null {
  const zone = def.wallClock ? str(rec[def.wallClock.zone]) : '';
  return zone && rules.has(zone) ? zone : null;
}

/** The wall time of one of the record's instant fields: as booked, or (rows from before wall times were kept) read from the instant. */
export function wallTimeOf(def: EntityDef, rules: ZoneRules, rec: Rec, instantField: string): string {
  const pair = def.wallClock?.times.find((t) => t.instant === instantField);
  const zone = zoneOf(def, rules, rec);
  if (!pair || !zone) return '';
  const booked = str(rec[pair.wall]);
  if (isWallTime(booked)) return booked;
  const ms = instantMs(rec[pair.instant]);
  return Number.isNaN(ms) ? '' : instantToWall(rules, zone, ms);
}

/**
 * The record with its instants as the rules say its wall times are now, and its wall times filled in where only an
 * instant was (old rows). Returns the same object when nothing changes, so callers can tell.
 */
export function withCurrentInstants<R extends Rec>(def: EntityDef, rules: ZoneRules, rec: R): R {
  const zone = zoneOf(def, rules, rec);
  if (!def.wallClock || !zone) return rec;
  let out: Rec = rec;
  for (const { instant, wall } of def.wallClock.times) {
    const booked = wallTimeOf(def, rules, rec, instant);
    if (!booked) {
      // No time at all (a task without an end): both stay empty.
      if (str(rec[wall]) !== '') out = { ...out, [wall]: '' };
      continue;
    }
    const iso = new Date(wallToInstant(rules, zone, booked)).toISOString();
    if (str(rec[wall]) !== booked) out = { ...out, [wall]: booked };
    if (instantMs(rec[instant]) !== Date.parse(iso)) out = { ...out, [instant]: iso };
  }
  return out as R;
}

/** An instant typed into a form (the widget read the wall clock of the record's zone): its wall time is booked with it. */
export function withTypedInstant<R extends Rec>(def: EntityDef, rules: ZoneRules, rec: R, field: string, value: string): R {
  const pair = def.wallClock?.times.find((t) => t.instant === field);
  const zone = zoneOf(def, rules, rec);
  const ms = instantMs(value);
  if (!pair || !zone) return { ...rec, [field]: value };
  return { ...rec, [field]: value, [pair.wall]: Number.isNaN(ms) ? '' : instantToWall(rules, zone, ms) };
}

/** The record in another zone, keeping the wall times typed (09:00 stays 09:00; the instants move). */
export function withZone<R extends Rec>(def: EntityDef, rules: ZoneRules, rec: R, zone: string): R {
  if (!def.wallClock) return rec;
  // Book the wall times in the old zone first (a record that only had instants), then move.
  let out: Rec = { ...rec };
  for (const { instant, wall } of def.wallClock.times) out[wall] = wallTimeOf(def, rules, rec, instant) || str(rec[wall]);
  out[def.wallClock.zone] = zone;
  out = withCurrentInstants(def, rules, out);
  return out as R;
}

/** The instant (ms) of an instant field as the rules say now (NaN when the record has none). */
export function currentInstant(def: EntityDef, rules: ZoneRules, rec: Rec, instantField: string): number {
  const wall = wallTimeOf(def, rules, rec, instantField);
  const zone = zoneOf(def, rules, rec);
  return wall && zone ? wallToInstant(rules, zone, wall) : instantMs(rec[instantField]);
}
