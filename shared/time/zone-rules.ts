// Time-zone rules as FieldCRM reads them: one interface over the IANA database we ship (docs/decisions/0016).
//
// Never a runtime's own rules (Intl, the OS): Node 20's ICU, an old phone and a current browser each carry a
// different release, and they disagree by an hour wherever a government changed its clocks since.

/** The oldest IANA release we accept: 2026c moved Morocco to permanent +00 and Alberta to permanent -06. */
export const MIN_TZDATA = '2026c';

export interface Transition {
  /** The instant the new offset starts (ms since the epoch). */
  at: number;
  /** Offsets before and after, in minutes east of Greenwich. */
  from: number;
  to: number;
}

export interface ZoneRules {
  /** The IANA release of the data ("2026d"). */
  readonly version: string;
  /** True for a zone or link name the data knows ("America/Denver", "US/Mountain", "UTC"). */
  has(zone: string): boolean;
  /** Offset from UTC at an instant, in minutes east of Greenwich. Throws for an unknown zone. */
  offsetAt(zone: string, ms: number): number;
  /** Every offset change in [fromMs, toMs), in order. */
  transitions(zone: string, fromMs: number, toMs: number): Transition[];
  /** Canonical zone names (links left out), sorted: what a zone picker offers. */
  zoneNames(): readonly string[];
}

/** What we use of timezonecomplete's TzDatabase: the shape, so shared/ needs no import (consumers pass theirs in). */
export interface TzDatabaseLike {
  exists(zone: string): boolean;
  totalOffset(zone: string, utcMs: number): { minutes(): number };
  getTransitionsTotalOffsets(zone: string, fromYear: number, toYear: number): readonly { at: number }[];
}

/** The tzdata package's JSON (zones: a name to its lines, or to the name it links to). */
export interface TzdataJson {
  version: string;
  zones: Record<string, unknown>;
  rules: Record<string, unknown>;
}

interface YearTable {
  /** Offset at 1 January 00:00 UTC. */
  first: number;
  changes: Transition[];
}

/** `a` is older than `b` ("2025c" < "2026b" < "2026c"; "2026z" < "2026za"). */
export function olderRelease(a: string, b: string): boolean {
  const pa = /^(\d{4})([a-z]*)$/.exec(a);
  const pb = /^(\d{4})([a-z]*)$/.exec(b);
  if (!pa || !pb) return true;
  if (pa[1] !== pb[1]) return Number(pa[1]) < Number(pb[1]);
  const la = pa[2] ?? '';
  const lb = pb[2] ?? '';
  return la.length !== lb.length ? la.length < lb.length : la < lb;
}

const MAX_CACHED_YEARS = 5000;

/**
 * ZoneRules over timezonecomplete's database, computed one zone-year at a time and cached.
 * The library's transition list for a year is only a list of candidates (for Edmonton in 2026 it holds a change
 * that does not happen): each candidate is checked with `totalOffset`, the library's own answer, and kept only when
 * the offset really changes there. Its offsets are constant between candidates, so nothing is missed.
 */
export function rulesFromDatabase(db: TzDatabaseLike, data: TzdataJson): ZoneRules {
  const years = new Map<string, YearTable>();
  const canonical = Object.keys(data.zones)
    .filter((z) => Array.isArray(data.zones[z]))
    .sort();

  function year(zone: string, y: number): YearTable {
    const key = `${zone}\u0000${y}`;
    const hit = years.get(key);
    if (hit) return hit;
    const start = Date.UTC(y, 0, 1);
    const end = Date.UTC(y + 1, 0, 1);
    const first = db.totalOffset(zone, start).minutes();
    const candidates = [...new Set(db.getTransitionsTotalOffsets(zone, y, y).map((t) => t.at))].filter((at) => at > start && at < end).sort((a, b) => a - b);
    const changes: Transition[] = [];
    let before = first;
    for (const at of candidates) {
      const to = db.totalOffset(zone, at).minutes();
      if (to !== before) changes.push({ at, from: before, to });
      before = to;
    }
    const table = { first, changes };
    if (years.size >= MAX_CACHED_YEARS) years.delete(years.keys().next().value!);
    years.set(key, table);
    return table;
  }

  const known = (zone: string): void => {
    if (!has(zone)) throw new RangeError(`unknown time zone "${zone}"`);
  };
  const has = (zone: string): boolean => typeof zone === 'string' && zone.length > 0 && zone.length <= 64 && db.exists(zone);

  return {
    version: data.version,
    has,
    offsetAt(zone, ms) {
      known(zone);
      const table = year(zone, new Date(ms).getUTCFullYear());
      let offset = table.first;
      for (const c of table.changes) {
        if (c.at > ms) break;
        offset = c.to;
      }
      return offset;
    },
    transitions(zone, fromMs, toMs) {
      known(zone);
      const out: Transition[] = [];
      for (let y = new Date(fromMs).getUTCFullYear(); y <= new Date(toMs).getUTCFullYear(); y++) {
        for (const c of year(zone, y).changes) if (c.at >= fromMs && c.at < toMs) out.push(c);
      }
      return out;
    },
    zoneNames: () => canonical,
  };
}
