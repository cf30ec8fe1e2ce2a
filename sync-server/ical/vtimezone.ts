// VTIMEZONE components written from a zone's real offset changes, as the shipped IANA database (tzdata) gives them.
//
// Why not a ready-made VTIMEZONE library: the one ical-generator suggests (@touch4it/ical-timezones) ships 2018
// "rearguard" rules that make Africa/Casablanca +01 all year. Why not Intl: Node 20's ICU carries tzdata 2025c, which
// still has Morocco on +01 after September 2026. Listing the transitions of the shipped rules is correct for any zone,
// regular or not, and agrees by construction with the instants the app computes (docs/decisions/0007, 0016).
import type { ZoneRules } from '../../shared/time/zone-rules.ts';

/** True when the rules know the zone (an IANA name such as America/Denver). */
export function isKnownZone(rules: ZoneRules, zone: string): boolean {
  return /^[A-Za-z0-9/_+-]{1,64}$/.test(zone) && rules.has(zone);
}

/** ±hhmm[ss] (RFC 5545 utc-offset) of an offset in minutes east of UTC. */
export function utcOffset(minutes: number): string {
  const a = Math.abs(minutes);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}${mm}`;
}

/** The wall-clock time (YYYYMMDDTHHMMSS, no zone) of an instant at a given offset. */
function wallTime(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

const cache = new Map<string, string>();
const CACHE_MAX = 1000;

/**
 * A VTIMEZONE for `zone` that covers the whole UTC years `fromYear` to `toYear` (inclusive): one observance for the
 * offset in force at the start, then one per real transition, each starting at its local wall time in the offset it
 * leaves (RFC 5545 §3.6.5). No RRULEs: each observance happens once, so no client has to guess a rule.
 * Observances with more than the zone's lowest offset in that span are DAYLIGHT, the others STANDARD (a label only:
 * clients compute with TZOFFSETTO). TZNAME is left out: the data's abbreviations ("+01") say no more than the offset.
 */
export function vtimezone(rules: ZoneRules, zone: string, fromYear: number, toYear: number): string {
  const key = `${rules.version} ${zone} ${fromYear} ${toYear}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const first = rules.offsetAt(zone, start);
  const changes = rules.transitions(zone, start, end);
  const lowest = Math.min(first, ...changes.map((t) => t.to));
  const observance = (at: number, from: number, to: number): string[] => {
    const kind = to > lowest ? 'DAYLIGHT' : 'STANDARD';
    return [`BEGIN:${kind}`, `DTSTART:${wallTime(at, from)}`, `TZOFFSETFROM:${utcOffset(from)}`, `TZOFFSETTO:${utcOffset(to)}`, `END:${kind}`];
  };
  const lines = [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    `X-LIC-LOCATION:${zone}`,
    ...observance(start, first, first),
    ...changes.flatMap((t) => observance(t.at, t.from, t.to)),
    'END:VTIMEZONE',
  ];
  const text = lines.join('\r\n');
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, text);
  return text;
}
