// Wall-clock time in a zone <-> instants, with the shipped rules (zone-rules.ts); never the runtime's Intl zone data.
import type { ZoneRules } from './zone-rules.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A wall-clock time as typed or booked: "YYYY-MM-DDTHH:mm" (the value of an <input type="datetime-local">). */
export const WALL_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The wall time read as if it were UTC (ms), or NaN when it is not a real date and time. */
export function wallMs(wall: string): number {
  const m = WALL_TIME_RE.exec(wall);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 ? ms : Number.NaN;
}

export const isWallTime = (wall: string): boolean => !Number.isNaN(wallMs(wall));

/** "YYYY-MM-DDTHH:mm" of a ms value read as UTC. */
function wallText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/**
 * The instant a wall time names in a zone. When clocks go back (a wall time happens twice) it is the first; when they
 * go forward (it never happens) it is moved on by the gap, so 02:30 on a spring-forward night is 03:30 — what
 * Temporal's `disambiguation: 'compatible'`, RFC 5545 and the calendar programs do.
 */
export function wallToInstant(rules: ZoneRules, zone: string, wall: string): number {
  const local = wallMs(wall);
  if (Number.isNaN(local)) throw new RangeError(`not a wall time: "${wall}"`);
  const before = rules.offsetAt(zone, local - DAY);
  const after = rules.offsetAt(zone, local + DAY);
  const fits = [...new Set([before, rules.offsetAt(zone, local), after])]
    .map((o) => local - o * MINUTE)
    .filter((ms) => rules.offsetAt(zone, ms) * MINUTE === local - ms)
    .sort((a, b) => a - b);
  return fits[0] ?? local - before * MINUTE;
}

/** The wall time ("YYYY-MM-DDTHH:mm") of an instant in a zone. */
export function instantToWall(rules: ZoneRules, zone: string, ms: number): string {
  return wallText(ms + rules.offsetAt(zone, ms) * MINUTE);
}

/**
 * A Date whose UTC fields are the instant's wall time in the zone: format it with Intl and `timeZone: 'UTC'`, so
 * the text comes from the shipped rules and Intl only spells it (in the user's language).
 */
export function wallDate(rules: ZoneRules, zone: string, ms: number): Date {
  return new Date(ms + rules.offsetAt(zone, ms) * MINUTE);
}

/** An offset as people read it next to a zone: "UTC+01:00", "UTC−06:00" (a real minus sign), "UTC". */
export function offsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  return `UTC${minutes < 0 ? '\u2212' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * True when the instant's wall time in the zone names no other instant (outside the hour repeated when clocks go
 * back).
 */
export function wallTimeIsUnique(rules: ZoneRules, zone: string, ms: number): boolean {
  const own = rules.offsetAt(zone, ms);
  const wall = ms + own * MINUTE;
  for (const other of new Set([rules.offsetAt(zone, ms - DAY), rules.offsetAt(zone, ms + DAY)])) {
    if (other !== own && rules.offsetAt(zone, wall - other * MINUTE) === other) return false;
  }
  return true;
}
