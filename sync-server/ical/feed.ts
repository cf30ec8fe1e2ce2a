// A user's calendar as iCalendar text (RFC 5545), written with ical-generator; time zones from vtimezone.ts.
import { TZDate } from '@date-fns/tz';
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { CommunicationRecord } from '../../shared/entities/index.ts';
import { isKnownZone, vtimezone, wallTimeIsUnique } from './vtimezone.ts';

const DAY = 86_400_000;

export interface FeedOptions {
  /** The calendar's name in the subscriber's program. */
  name: string;
  /** The server's origin (https://crm.example), for each event's link back to the record. */
  origin: string;
  /** Stands in for DTSTAMP when a record has no valid updatedAt. */
  now: Date;
}

const validZone = (zone: string): string => (zone && isKnownZone(zone) ? zone : 'UTC');

/** The calendar date (UTC midnight of it) an instant falls on in a zone. */
function dateIn(ms: number, zone: string): Date {
  const local = new TZDate(ms, zone);
  return new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
}

/** An instant ical-generator writes as the wall time in `zone` (TZDate), or in UTC (…Z) for UTC itself. */
const at = (ms: number, zone: string): Date => (zone === 'UTC' ? new Date(ms) : new TZDate(ms, zone));

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
        return vtimezone(zone, new Date(s.min - DAY).getUTCFullYear(), new Date(s.max + DAY).getUTCFullYear());
      },
    },
  });

  for (const item of items) {
    const start = Date.parse(item.startsAt);
    if (Number.isNaN(start)) continue;
    const parsedEnd = item.endsAt ? Date.parse(item.endsAt) : NaN;
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
      const first = dateIn(start, zone);
      const last = end === null ? first : dateIn(end - 1, zone);
      event.allDay(true);
      event.start(first);
      event.end(new Date(Math.max(first.getTime(), last.getTime()) + DAY));
    } else {
      // A time in the hour repeated when clocks go back names two instants: such an event is written in UTC.
      const written = zone !== 'UTC' && wallTimeIsUnique(zone, start) && (end === null || wallTimeIsUnique(zone, end)) ? zone : 'UTC';
      if (written !== 'UTC') {
        event.timezone(written);
        cover(written, start, end ?? start);
      }
      event.start(at(start, written));
      if (end !== null) event.end(at(end, written));
    }
  }
  return cal.toString();
}
