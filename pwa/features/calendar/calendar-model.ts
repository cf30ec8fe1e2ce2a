// The calendar's arithmetic, in the viewer's time zone: which days a view shows, where an appointment sits, moving it.
// Every zone computation uses the shipped zone rules (pwa/time/zones.ts), never the device's Intl data.
import { entityDef, type CommunicationRecord } from '../../../shared/entities/index.ts';
import { withCurrentInstants } from '../../../shared/time/wall-clock.ts';
import { instantToWall, wallToInstant } from '../../../shared/time/wall-time.ts';
import type { ZoneRules } from '../../../shared/time/zone-rules.ts';
import { zoneRules } from '../../time/zones.ts';

export const CALENDAR_MODES = ['day', 'week', 'month', 'tasks'] as const;
export type CalendarMode = (typeof CALENDAR_MODES)[number];

const known = (zone: string, rules: ZoneRules): string => (zone && rules.has(zone) ? zone : 'UTC');

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function dayKey(instant: string | Date, zone: string, rules: ZoneRules = zoneRules): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return instantToWall(rules, known(zone, rules), ms).slice(0, 10);
}

/** "HH:mm" of an instant in a zone. */
export function clockTime(instant: string, zone: string, rules: ZoneRules = zoneRules): string {
  return instantToWall(rules, known(zone, rules), Date.parse(instant)).slice(11, 16);
}

/**
 * The items with their instants as the device's shipped rules say their booked wall times are now (at read): an
 * instant stored under other rules (a server not yet restarted on new tzdata, an older app) never shows.
 */
export function atCurrentRules(items: readonly CommunicationRecord[], rules: ZoneRules = zoneRules): CommunicationRecord[] {
  const def = entityDef('communication');
  return items.map((c) => withCurrentInstants(def, rules, c as unknown as Record<string, unknown>) as unknown as CommunicationRecord);
}

/**
 * The day an item is on, for a viewer in `zone`: an all-day item stays on its own date (taken in the zone it was
 * made in) wherever it is viewed from; a timed one is on the viewer's local day of its start.
 */
export function itemDay(c: Pick<CommunicationRecord, 'startsAt' | 'allDay' | 'timeZone'>, zone: string, rules: ZoneRules = zoneRules): string {
  return dayKey(c.startsAt, c.allDay && c.timeZone ? c.timeZone : zone, rules);
}

/** Minutes since that day's midnight, in the zone. */
export function minutesInDay(instant: string, zone: string, rules: ZoneRules = zoneRules): number {
  const [h, m] = clockTime(instant, zone, rules).split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Calendar arithmetic on plain dates (no zone involved: a date is a date). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday of the day's week (weeks start on Monday, as in the seed's French and British users' calendars). */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

export function daysOf(mode: CalendarMode, day: string): string[] {
  if (mode === 'day') return [day];
  if (mode === 'week') return Array.from({ length: 7 }, (_, i) => addDays(weekStart(day), i));
  if (mode === 'month') {
    const first = `${day.slice(0, 8)}01`;
    const start = weekStart(first);
    const nextMonth = addDays(first, 32).slice(0, 8) + '01';
    const out: string[] = [];
    for (let d = start; d < nextMonth || out.length % 7 !== 0; d = addDays(d, 1)) out.push(d);
    return out;
  }
  return [];
}

export function step(mode: CalendarMode, day: string, direction: 1 | -1): string {
  if (mode === 'day') return addDays(day, direction);
  if (mode === 'week') return addDays(day, 7 * direction);
  const d = new Date(`${day.slice(0, 8)}01T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + direction);
  return d.toISOString().slice(0, 10);
}

/** The instant of a wall-clock time on a day in a zone (right across daylight-saving changes). */
export function instantAt(day: string, minutes: number, zone: string, rules: ZoneRules = zoneRules): string {
  const h = String(Math.floor(minutes / 60)).padStart(2, '0');
  const m = String(minutes % 60).padStart(2, '0');
  return new Date(wallToInstant(rules, known(zone, rules), `${day}T${h}:${m}`)).toISOString();
}

export interface Placed {
  item: CommunicationRecord;
  /** Minutes from the top of the day, and length in minutes (at least 15, so short items stay clickable). */
  top: number;
  height: number;
  /** Side-by-side lanes for overlapping appointments. */
  lane: number;
  lanes: number;
}

/** Appointments of one day in the viewer's zone, laid out in lanes so overlapping ones sit side by side. */
export function layoutDay(items: readonly CommunicationRecord[], day: string, zone: string, rules: ZoneRules = zoneRules): Placed[] {
  const placed = items
    .filter((c) => c.kind === 'appointment' && !c.allDay && dayKey(c.startsAt, zone, rules) === day)
    .map((item) => {
      const top = minutesInDay(item.startsAt, zone, rules);
      const end = item.endsAt ? Math.min(24 * 60, top + Math.max(0, (Date.parse(item.endsAt) - Date.parse(item.startsAt)) / 60_000)) : top + 30;
      return { item, top, height: Math.max(15, end - top), lane: 0, lanes: 1 };
    })
    .sort((a, b) => a.top - b.top || b.height - a.height);
  // Greedy lanes per cluster of overlapping items.
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const close = (): void => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const p of cluster) p.lanes = lanes;
    cluster = [];
  };
  for (const p of placed) {
    if (p.top >= clusterEnd) close();
    const used = new Set(cluster.filter((q) => q.top + q.height > p.top).map((q) => q.lane));
    let lane = 0;
    while (used.has(lane)) lane++;
    p.lane = lane;
    cluster.push(p);
    clusterEnd = Math.max(clusterEnd, p.top + p.height);
  }
  close();
  return placed;
}

/**
 * An appointment dropped at a wall-clock time on a day (in the viewer's zone), keeping its length: the new start
 * is that wall time's instant, so a drop on a daylight-saving day lands where the grid shows it (783-171743-QA).
 * Its booked wall times follow, in its own zone (the truth the instants are derived from).
 */
export function placeAt(
  item: CommunicationRecord,
  day: string,
  minutes: number,
  zone: string,
  rules: ZoneRules = zoneRules,
): { startsAt: string; endsAt: string; localStart: string; localEnd: string } {
  const startsAt = instantAt(day, Math.max(0, Math.min(24 * 60 - 15, minutes)), zone, rules);
  const length = item.endsAt ? Date.parse(item.endsAt) - Date.parse(item.startsAt) : 0;
  const endsAt = item.endsAt ? new Date(Date.parse(startsAt) + length).toISOString() : '';
  const own = known(item.timeZone, rules);
  return {
    startsAt,
    endsAt,
    localStart: instantToWall(rules, own, Date.parse(startsAt)),
    localEnd: endsAt ? instantToWall(rules, own, Date.parse(endsAt)) : '',
  };
}

export const snap = (minutes: number, to = 15): number => Math.round(minutes / to) * to;
