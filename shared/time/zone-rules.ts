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
  getTransitionsTotalOffsets(zone: string, fromYear: number, toYear: number): readonly { at: number; offset: { minutes(): number } }[];
  /** The zone's lines; `until` (ms) is where one ends and the next begins. */
  getZoneInfos(zone: string): readonly { until?: number | undefined }[];
}

/** The tzdata package's JSON (zones: a name to its lines, or to the name it links to). */
export interface TzdataJson {
  version: string;
  zones: Record<string, unknown>;
  rules: Record<string, unknown>;
}

/** A zone's offsets over a block of whole UTC years. */
interface Block {
  /** Offset at 1 January 00:00 UTC of the block's first year. */
  first: number;
  changes: Transition[];
}

/** Years per block: one pass of the library over 20 years costs about what one year costs. */
const BLOCK_YEARS = 20;
const BLOCK_BASE = 1970;
const DAY_MS = 86_400_000;

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

const MAX_CACHED_BLOCKS = 2000;

/**
 * ZoneRules over timezonecomplete's database, computed one zone and 20-year block at a time, and cached.
 * Its `totalOffset` is the library's answer but costs milliseconds a call (it walks the zone's history), so the block
 * is read from one `getTransitionsTotalOffsets` pass. That list has one known flaw: where a zone line ends (Edmonton's
 * on 18 June 2026) it can list a change that `totalOffset` does not make. Candidates within a day of a zone line's
 * end are therefore checked with `totalOffset`; equal instants keep the last listed, as the library's own lookup does.
 */
export function rulesFromDatabase(db: TzDatabaseLike, data: TzdataJson): ZoneRules {
  const blocks = new Map<string, Block>();
  const lineEnds = new Map<string, number[]>();
  const canonical = Object.keys(data.zones)
    .filter((z) => Array.isArray(data.zones[z]))
    .sort();

  function ends(zone: string): number[] {
    let e = lineEnds.get(zone);
    if (!e) lineEnds.set(zone, (e = db.getZoneInfos(zone).flatMap((z) => (typeof z.until === 'number' ? [z.until] : []))));
    return e;
  }

  function block(zone: string, y: number): Block {
    const b = Math.floor((y - BLOCK_BASE) / BLOCK_YEARS);
    const key = `${zone}\u0000${b}`;
    const hit = blocks.get(key);
    if (hit) return hit;
    const fromYear = BLOCK_BASE + b * BLOCK_YEARS;
    const start = Date.UTC(fromYear, 0, 1);
    const end = Date.UTC(fromYear + BLOCK_YEARS, 0, 1);
    const list = db.getTransitionsTotalOffsets(zone, fromYear, fromYear + BLOCK_YEARS - 1);
    const near = ends(zone).filter((u) => u > start - DAY_MS && u < end + DAY_MS);
    let first = list[0] && list[0].at <= start ? list[0].offset.minutes() : db.totalOffset(zone, start).minutes();
    // The last listed offset at each instant (a stable sort keeps the library's order among equal instants).
    const at = new Map<number, number>();
    for (const t of list) if (t.at >= start && t.at < end) at.set(t.at, t.offset.minutes());
    if (at.has(start)) first = at.get(start)!;
    const changes: Transition[] = [];
    let before = first;
    for (const [when, listed] of [...at.entries()].sort((a, b) => a[0] - b[0])) {
      if (when === start) continue;
      const to = near.some((u) => Math.abs(u - when) <= DAY_MS) ? db.totalOffset(zone, when).minutes() : listed;
      if (to !== before) changes.push({ at: when, from: before, to });
      before = to;
    }
    const table = { first, changes };
    if (blocks.size >= MAX_CACHED_BLOCKS) blocks.delete(blocks.keys().next().value!);
    blocks.set(key, table);
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
      const table = block(zone, new Date(ms).getUTCFullYear());
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
      const last = new Date(toMs).getUTCFullYear();
      for (let y = new Date(fromMs).getUTCFullYear(); y <= last; y = BLOCK_BASE + (Math.floor((y - BLOCK_BASE) / BLOCK_YEARS) + 1) * BLOCK_YEARS) {
        for (const c of block(zone, y).changes) if (c.at >= fromMs && c.at < toMs) out.push(c);
      }
      return out;
    },
    zoneNames: () => canonical,
  };
}
