// What one edit does to a form's record: the field's value, and for times booked on a wall clock, the wall time kept.
import type { EntityDef } from '../../shared/entities/index.ts';
import { withTypedInstant, withZone } from '../../shared/time/wall-clock.ts';
import type { ZoneRules } from '../../shared/time/zone-rules.ts';
import { zoneRules } from '../time/zones.ts';

/**
 * The record after the user set `name` to `value`. On an appointment, a typed time is booked as the wall time of
 * the record's zone, and changing the zone keeps the wall times typed (09:00 stays 09:00, the instant moves): what a
 * person means, and what calendar programs do. A half-typed or unknown zone changes no time until it is known.
 */
export function formEdit(def: EntityDef, rec: Record<string, unknown>, name: string, value: unknown, rules: ZoneRules = zoneRules): Record<string, unknown> {
  const wc = def.wallClock;
  if (wc && name === wc.zone && typeof value === 'string') return withZone(def, rules, rec, value);
  if (wc && wc.times.some((t) => t.instant === name)) return withTypedInstant(def, rules, rec, name, typeof value === 'string' ? value : '');
  return { ...rec, [name]: value };
}
