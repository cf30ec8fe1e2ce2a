// VTIMEZONE components written from a zone's real offset changes, as this server's ICU time-zone data (Intl) knows them.
//
// Why not a ready-made VTIMEZONE library: the one ical-generator suggests (@touch4it/ical-timezones) ships 2018
// "rearguard" rules that make Africa/Casablanca +01 all year, so every Casablanca appointment during Ramadan would be
// an hour off in a client that trusts the VTIMEZONE. Listing the transitions found with Intl is correct for any zone,
// regular or not, and agrees by construction with the instants the app itself computed (docs/decisions/0007).

const HOUR = 3_600_000;
/** How far apart two offset samples are while looking for transitions (no zone changes twice within 6 hours). */
const STEP = 6 * HOUR;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const nameFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, zone: string, timeZoneName: 'longOffset' | 'short'): Intl.DateTimeFormat {
  let f = cache.get(zone);
  if (!f) cache.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName })));
  return f;
}

/** True when Intl knows the zone (an IANA name such as America/Denver). */
export function isKnownZone(zone: string): boolean {
  if (!/^[A-Za-z0-9/_+-]{1,64}$/.test(zone)) return false;
  try {
    formatter(offsetFormats, zone, 'longOffset');
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in seconds east of Greenwich ("GMT-07:00" → -25200). */
export function offsetAt(zone: string, ms: number): number {
  const text = formatter(offsetFormats, zone, 'longOffset').formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`unexpected offset "${text}" for ${zone}`);
  if (!m[1]) return 0;
  const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -s : s;
}

/**
 * True when the instant's wall-clock time in the zone names no other instant. In the hour repeated when clocks go
 * back, the same wall time happens twice: RFC 5545 says a TZID time then means the first, but clients differ
 * (ical.js takes the second), so such an instant is better written in UTC.
 */
export function wallTimeIsUnique(zone: string, ms: number): boolean {
  const own = offsetAt(zone, ms);
  const wall = ms + own * 1000;
  for (const other of new Set([offsetAt(zone, ms - 86_400_000), offsetAt(zone, ms + 86_400_000)])) {
    if (other !== own && offsetAt(zone, wall - other * 1000) === other) return false;
  }
  return true;
}

export interface Transition {
  /** The instant the new offset starts (ms since the epoch). */
  at: number;
  /** Offsets before and after, in seconds east of UTC. */
  from: number;
  to: number;
}

/** Every offset change in [fromMs, toMs), found by sampling and then bisecting to the second. */
export function transitions(zone: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  let lo = Math.floor(fromMs / 1000) * 1000;
  let before = offsetAt(zone, lo);
  while (lo < toMs) {
    const hi = Math.min(lo + STEP, toMs);
    const after = offsetAt(zone, hi);
    if (after === before) {
      lo = hi;
      continue;
    }
    // The change is in (lo, hi]: bisect to the second.
    let a = lo;
    let b = hi;
    while (b - a > 1000) {
      const mid = Math.floor((a + b) / 2000) * 1000;
      if (offsetAt(zone, mid) === before) a = mid;
      else b = mid;
    }
    const to = offsetAt(zone, b);
    out.push({ at: b, from: before, to });
    before = to;
    lo = b;
  }
  return out;
}

/** ±hhmm[ss] (RFC 5545 utc-offset). */
export function utcOffset(seconds: number): string {
  const a = Math.abs(seconds);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = String(Math.floor((a % 3600) / 60)).padStart(2, '0');
  const ss = a % 60 ? String(a % 60).padStart(2, '0') : '';
  return `${seconds < 0 ? '-' : '+'}${hh}${mm}${ss}`;
}

/** The wall-clock time (YYYYMMDDTHHMMSS, no zone) of an instant at a given offset. */
function wallTime(ms: number, offsetSeconds: number): string {
  const d = new Date(ms + offsetSeconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The zone's short name at an instant ("MDT", "GMT+1"), for TZNAME; informational only. */
function shortName(zone: string, ms: number): string {
  const v = formatter(nameFormats, zone, 'short').formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return /^[A-Za-z0-9+-]{1,12}$/.test(v) ? v : '';
}

const cache = new Map<string, string>();
const CACHE_MAX = 1000;

/**
 * A VTIMEZONE for `zone` that covers the whole UTC years `fromYear` to `toYear` (inclusive): one observance for the
 * offset in force at the start, then one per real transition, each starting at its local wall time in the offset it
 * leaves (RFC 5545 §3.6.5). No RRULEs: each observance happens once, so no client has to guess a rule.
 * Observances with the larger of the zone's offsets in that span are DAYLIGHT, the others STANDARD (a label only:
 * clients compute with TZOFFSETTO).
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone} ${fromYear} ${toYear}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const first = offsetAt(zone, start);
  const changes = transitions(zone, start, end);
  const lowest = Math.min(first, ...changes.map((t) => t.to));
  const observance = (at: number, from: number, to: number): string[] => {
    const kind = to > lowest ? 'DAYLIGHT' : 'STANDARD';
    const name = shortName(zone, at);
    return [`BEGIN:${kind}`, `DTSTART:${wallTime(at, from)}`, `TZOFFSETFROM:${utcOffset(from)}`, `TZOFFSETTO:${utcOffset(to)}`, ...(name ? [`TZNAME:${name}`] : []), `END:${kind}`];
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
