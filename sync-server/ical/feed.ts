// A user's calendar as iCalendar text (RFC 5545), written with ical-generator; time zones from vtimezone.ts.
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { entityDef, type CommunicationRecord } from '../../shared/entities/index.ts';
import { currentInstant } from '../../shared/time/wall-clock.ts';
import { wallDate, wallTimeIsUnique } from '../../shared/time/wall-time.ts';
import type { ZoneRules } from '../../shared/time/zone-rules.ts';
import { zoneRules } from '../time/zones.ts';
import { isKnownZone, vtimezone } from './vtimezone.ts';

const DAY = 86_400_000;

export interface FeedOptions {
  /** The calendar's name in the subscriber's program. */
  name: string;
  /** The server's origin (https://crm.example), for each event's link back to the record. */
  origin: string;
  /** Stands in for DTSTAMP when a record has no valid updatedAt. */
  now: Date;
  /** The zone rules to write with: the shipped ones unless a test brings others. */
  rules?: ZoneRules;
}

/** The calendar date (UTC midnight of it) an instant falls on in a zone. */
function dateIn(rules: ZoneRules, ms: number, zone: string): Date {
  const d = wallDate(rules, zone, ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * A wall time ical-generator writes after `TZID=`: shaped as the Temporal.PlainDateTime it supports, because with a
 * plain Date it would read the wall time with the *server's* Intl rules. The wall time comes from the shipped rules.
 */
interface PlainWall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  toPlainDate(): { year: number; month: number; day: number };
  toPlainDateTime(): PlainWall;
  toZonedDateTime(zone: string): PlainWall & { timeZoneId: string; withTimeZone(zone: string): PlainWall & { timeZoneId: string } };
}
function plainWall(d: Date): PlainWall {
  const self: PlainWall = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    toPlainDate: () => ({ year: self.year, month: self.month, day: self.day }),
    toPlainDateTime: () => self,
    toZonedDateTime: (zone: string) => {
      const zoned = { ...self, timeZoneId: zone, withTimeZone: () => zoned };
      return zoned;
    },
  };
  return self;
}

/** An instant as ical-generator should write it: the wall time in `zone`, or the instant itself (…Z) for UTC. */
const at = (rules: ZoneRules, ms: number, zone: string): Date => (zone === 'UTC' ? new Date(ms) : (plainWall(wallDate(rules, zone, ms)) as unknown as Date));

const PRIORITY: Record<string, number> = { high: 1, normal: 5, low: 9 };

/**
 * The iCalendar text of the given communications (already chosen: the owner's, viewable, in the window).
 * - Appointments and tasks are both VEVENTs (subscribed calendars in Google, Outlook and Apple ignore VTODO); a task
 *   is marked by CATEGORIES:Task, does not block time (TRANSP:TRANSPARENT), and a complete one reads "✓ subject".
 * - Timed items carry DTSTART/DTEND;TZID=<their own zone> with a VTIMEZONE for it written from the real
 *   transitions (vtimezone.ts); UTC items, and the rare ones whose wall time is ambiguous (the hour repeated when
 *   clocks go back), are written as …Z.
 * - All-day items are VALUE=DATE on their date in their own zone, DTEND the day after their last day.
 */
export function calendarText(items: readonly CommunicationRecord[], opts: FeedOptions): string {
  const rules = opts.rules ?? zoneRules;
  const def = entityDef('communication');
  const validZone = (zone: string): string => (zone && isKnownZone(rules, zone) ? zone : 'UTC');
  /** Per zone, the earliest and latest instant an event uses: its VTIMEZONE covers those whole years. */
  const spans = new Map<string, { min: number; max: number }>();
  const cover = (zone: string, ...instants: number[]): void => {
    const s = spans.get(zone) ?? { min: Infinity, max: -Infinity };
    for (const t of instants) {
      s.min = Math.min(s.min, t);
      s.max = Math.max(s.max, t);
    }
    spans.set(zone, s);
  };

  const cal = ical({
    name: opts.name,
    prodId: { company: 'FieldCRM', product: 'Calendar feed', language: 'EN' },
    // Subscribers re-read the feed at least this often (REFRESH-INTERVAL, X-PUBLISHED-TTL), seconds.
    ttl: 15 * 60,
    timezone: {
      name: null, // no calendar-wide zone: every time says its own (and DTSTAMP stays UTC)
      generator: (zone) => {
        const s = spans.get(zone);
        if (!s) return null;
        return vtimezone(rules, zone, new Date(s.min - DAY).getUTCFullYear(), new Date(s.max + DAY).getUTCFullYear());
      },
    },
  });

  for (const item of items) {
    // Instants from the booked wall times under these rules (stored instants may predate a rule change).
    const rec = item as unknown as Record<string, unknown>;
    const start = currentInstant(def, rules, rec, 'startsAt');
    if (Number.isNaN(start)) continue;
    const parsedEnd = item.endsAt ? currentInstant(def, rules, rec, 'endsAt') : NaN;
    const end = parsedEnd > start ? parsedEnd : null;
    const zone = validZone(item.timeZone);
    const task = item.kind === 'task';
    const stamp = Date.parse(item.updatedAt);
    const details = [item.details, item.phone, item.email].filter((s) => typeof s === 'string' && s.trim() !== '').join('\n');

    const event = cal.createEvent({
      id: `${item.id}@fieldcrm`,
      stamp: new Date(Number.isNaN(stamp) ? opts.now.getTime() : stamp),
      ...(Number.isNaN(stamp) ? {} : { lastModified: new Date(stamp) }),
      start: new Date(start),
      summary: task && item.status === 'complete' ? `✓ ${item.subject}` : item.subject,
      status: item.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: task || item.status === 'cancelled' ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
      priority: PRIORITY[item.priority] ?? 5,
      url: `${opts.origin}/#/communication/${encodeURIComponent(item.id)}`,
      ...(task ? { categories: [{ name: 'Task' }] } : {}),
      ...(item.location ? { location: item.location } : {}),
      ...(details ? { description: details } : {}),
    });

    if (item.allDay) {
      const first = dateIn(rules, start, zone);
      const last = end === null ? first : dateIn(rules, end - 1, zone);
      event.allDay(true);
      event.start(first);
      event.end(new Date(Math.max(first.getTime(), last.getTime()) + DAY));
    } else {
      // A time in the hour repeated when clocks go back names two instants: such an event is written in UTC.
      const written = zone !== 'UTC' && wallTimeIsUnique(rules, zone, start) && (end === null || wallTimeIsUnique(rules, zone, end)) ? zone : 'UTC';
      if (written !== 'UTC') {
        event.timezone(written);
        cover(written, start, end ?? start);
      }
      event.start(at(rules, start, written));
      if (end !== null) event.end(at(rules, end, written));
    }
  }
  return cal.toString();
}
