// 09:00 on the hard days (issue 17, 685-171625-QA): the stored instant, the calendars (own and a colleague's in
// another zone), the iCalendar feed read back by ical.js, a merged document's dates; then the rules change under an
// appointment (tzdata 2026b -> the shipped one): the wall time stays, the instant follows, everyone sees it.
import ICAL from 'ical.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, type CommunicationRecord } from '../../shared/entities/index.ts';
import { currentInstant, withCurrentInstants } from '../../shared/time/wall-clock.ts';
import { wallToInstant } from '../../shared/time/wall-time.ts';
import type { ZoneRules } from '../../shared/time/zone-rules.ts';
import { atCurrentRules, clockTime, dayKey, layoutDay } from '../../pwa/features/calendar/calendar-model.ts';
import { formEdit } from '../../pwa/forms/form-edit.ts';
import { calendarText } from '../../sync-server/ical/feed.ts';
import { dateIn, formatInstant } from '../../sync-server/mail-merge/data.ts';
import { makeDoc } from '../helpers/docs.ts';
import { staleRules, zoneRules } from '../helpers/zones.ts';

const def = entityDef('communication');

interface HardDay {
  id: string;
  zone: string;
  day: string;
  /** The instant 09:00 is, worked out by hand from the IANA 2026c+ rules. */
  instant: string;
  /** The same instant on colleagues' calendars: Sophie in Paris, Dan in Denver. */
  paris: string;
  denver: string;
}
const HARD_DAYS: HardDay[] = [
  { id: 'den-spring', zone: 'America/Denver', day: '2027-03-14', instant: '2027-03-14T15:00:00.000Z', paris: '16:00', denver: '09:00' }, // MDT since 02:00; Paris still CET
  { id: 'den-fall', zone: 'America/Denver', day: '2027-11-07', instant: '2027-11-07T16:00:00.000Z', paris: '17:00', denver: '09:00' }, // MST since 02:00
  { id: 'casa-0919', zone: 'Africa/Casablanca', day: '2026-09-19', instant: '2026-09-19T08:00:00.000Z', paris: '10:00', denver: '02:00' }, // last day on +01
  { id: 'casa-0921', zone: 'Africa/Casablanca', day: '2026-09-21', instant: '2026-09-21T09:00:00.000Z', paris: '11:00', denver: '03:00' }, // +00 for good
  { id: 'casa-0220', zone: 'Africa/Casablanca', day: '2027-02-20', instant: '2027-02-20T09:00:00.000Z', paris: '10:00', denver: '02:00' }, // was Ramadan (+00) under 2026b too
  { id: 'casa-0615', zone: 'Africa/Casablanca', day: '2027-06-15', instant: '2027-06-15T09:00:00.000Z', paris: '11:00', denver: '03:00' }, // +01 under 2026b: an hour apart
  { id: 'edm-spring', zone: 'America/Edmonton', day: '2027-03-14', instant: '2027-03-14T15:00:00.000Z', paris: '16:00', denver: '09:00' }, // -06 all year now
];

/** Booking as the form does: a new appointment in the zone, 09:00 typed (the widget turns it into an instant). */
function book(h: HardDay, rules: ZoneRules): CommunicationRecord {
  let rec = makeDoc('communication', { id: h.id, subject: h.id, kind: 'appointment', timeZone: 'UTC', startsAt: '', endsAt: '', ownerId: 'u-marketing', updatedAt: '2026-12-01T00:00:00.000Z' }) as unknown as Record<string, unknown>;
  rec = formEdit(def, rec, 'timeZone', h.zone, rules);
  rec = formEdit(def, rec, 'startsAt', new Date(wallToInstant(rules, h.zone, `${h.day}T09:00`)).toISOString(), rules);
  rec = formEdit(def, rec, 'endsAt', new Date(wallToInstant(rules, h.zone, `${h.day}T10:00`)).toISOString(), rules);
  return rec as unknown as CommunicationRecord;
}

/** The feed, read by ical.js (Mozilla's parser, which resolves TZIDs through the file's VTIMEZONEs only). */
function feed(items: readonly CommunicationRecord[], rules?: ZoneRules): Map<string, { start: ICAL.Time; end: ICAL.Time }> {
  const text = calendarText(items, { name: 'Hard days', origin: 'https://crm.example', now: new Date('2026-12-04T00:00:00Z'), ...(rules ? { rules } : {}) });
  const cal = new ICAL.Component(ICAL.parse(text));
  const out = new Map<string, { start: ICAL.Time; end: ICAL.Time }>();
  for (const v of cal.getAllSubcomponents('vevent')) {
    const e = new ICAL.Event(v);
    out.set(e.uid.replace(/@fieldcrm$/, ''), { start: e.startDate, end: e.endDate });
  }
  return out;
}

test('booked at 09:00 on each hard day: the stored instant, and the wall time kept as booked', () => {
  for (const h of HARD_DAYS) {
    const rec = book(h, zoneRules);
    assert.is(rec.startsAt, h.instant, `${h.id} start`);
    assert.is(rec.endsAt, new Date(Date.parse(h.instant) + 3_600_000).toISOString(), `${h.id} end`);
    assert.equal([rec.localStart, rec.localEnd, rec.timeZone], [`${h.day}T09:00`, `${h.day}T10:00`, h.zone], h.id);
  }
});

test('the calendars: 09:00 on its day for the owner; the same instant on Paris and Denver colleagues\' calendars', () => {
  const items = HARD_DAYS.map((h) => book(h, zoneRules));
  for (const h of HARD_DAYS) {
    const rec = items.find((c) => c.id === h.id)!;
    assert.is(clockTime(rec.startsAt, h.zone), '09:00', `${h.id}, owner's view`);
    assert.is(dayKey(rec.startsAt, h.zone), h.day);
    assert.is(layoutDay(items, h.day, h.zone).find((p) => p.item.id === h.id)?.top, 9 * 60, `${h.id} on the owner's grid`);
    assert.is(clockTime(rec.startsAt, 'Europe/Paris'), h.paris, `${h.id} in Paris`);
    assert.is(clockTime(rec.startsAt, 'America/Denver'), h.denver, `${h.id} in Denver`);
    const parisTop = layoutDay(items, dayKey(rec.startsAt, 'Europe/Paris'), 'Europe/Paris').find((p) => p.item.id === h.id)?.top;
    assert.is(parisTop, Number(h.paris.slice(0, 2)) * 60, `${h.id} on a Paris colleague's grid`);
  }
});

test('the feed, read by ical.js: each event at the stored instant, written as 09:00 in its own zone', () => {
  const items = HARD_DAYS.map((h) => book(h, zoneRules));
  const events = feed(items);
  for (const h of HARD_DAYS) {
    const e = events.get(h.id)!;
    assert.is(e.start.toJSDate().toISOString(), h.instant, `${h.id} start instant`);
    assert.is(e.end.toJSDate().getTime() - e.start.toJSDate().getTime(), 3_600_000, `${h.id} one hour`);
    assert.is(e.start.zone?.tzid, h.zone, `${h.id} TZID`);
    assert.is(e.start.toString(), `${h.day}T09:00:00`, `${h.id} wall time`);
  }
});

test('a merged document: dates and times in the reader\'s zone by the shipped rules, in English and French', () => {
  for (const h of HARD_DAYS) {
    const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${h.day}T12:00:00Z`));
    assert.is(formatInstant(h.instant, 'en', h.zone), `${long} at 09:00`, `${h.id} for its owner`);
    assert.match(formatInstant(h.instant, 'fr', 'Europe/Paris'), new RegExp(`à ${h.paris}$`), `${h.id} for Sophie, in French`);
  }
  // "today" is the reader's date: 22:30 in Denver on 6 November is already the 7th in UTC.
  assert.is(dateIn(Date.parse('2027-11-07T05:30:00Z'), 'America/Denver'), '2027-11-06');
  assert.is(dateIn(Date.parse('2027-06-14T23:30:00Z'), 'Africa/Casablanca'), '2027-06-14', '+00 now: still the 14th (2026b said the 15th)');
});

test('the rules change under an existing appointment (2026b -> shipped): the wall time stays, the instant follows', () => {
  const old = staleRules();
  const h = HARD_DAYS.find((x) => x.id === 'casa-0615')!;
  // Booked on a device or server that still had 2026b: 09:00 Casablanca was +01, 08:00Z.
  const booked = book(h, old);
  assert.is(booked.startsAt, '2027-06-15T08:00:00.000Z');
  assert.is(booked.localStart, '2027-06-15T09:00');
  // Under the shipped rules it is read as 09:00 Casablanca = 09:00Z, wherever it is read:
  const now = withCurrentInstants(def, zoneRules, booked as unknown as Record<string, unknown>) as unknown as CommunicationRecord;
  assert.equal([now.startsAt, now.endsAt, now.localStart, now.localEnd], ['2027-06-15T09:00:00.000Z', '2027-06-15T10:00:00.000Z', '2027-06-15T09:00', '2027-06-15T10:00']);
  assert.is(currentInstant(def, zoneRules, booked as unknown as Record<string, unknown>, 'startsAt'), Date.parse('2027-06-15T09:00:00Z'));
  // the owner's and colleagues' calendars (at read, even before the stored instant is rewritten),
  const [seen] = atCurrentRules([booked]);
  assert.is(clockTime(seen!.startsAt, 'Africa/Casablanca'), '09:00');
  assert.is(clockTime(seen!.startsAt, 'Europe/Paris'), '11:00');
  assert.is(clockTime(seen!.startsAt, 'America/Denver'), '03:00');
  // the feed (VTIMEZONE from the shipped rules; ical.js agrees on the instant),
  const e = feed([booked]).get(h.id)!;
  assert.is(e.start.toJSDate().toISOString(), '2027-06-15T09:00:00.000Z');
  assert.is(e.start.toString(), '2027-06-15T09:00:00');
  // and a merged document.
  assert.is(formatInstant(now.startsAt, 'en', 'Africa/Casablanca'), '15 June 2027 at 09:00');
  // With the old rules the same record still reads 09:00 Casablanca at 08:00Z: the wall time is what was booked.
  assert.is(feed([booked], old).get(h.id)!.start.toJSDate().toISOString(), '2027-06-15T08:00:00.000Z');
  // Alberta too: 09:00 on 14 January 2027 was MST (16:00Z) under 2026b, is -06 (15:00Z) now.
  const edm = book({ ...HARD_DAYS.find((x) => x.id === 'edm-spring')!, id: 'edm-jan', day: '2027-01-14' }, old);
  assert.is(edm.startsAt, '2027-01-14T16:00:00.000Z');
  assert.is((withCurrentInstants(def, zoneRules, edm as unknown as Record<string, unknown>) as unknown as CommunicationRecord).startsAt, '2027-01-14T15:00:00.000Z');
});

test('the form: changing the zone after typing a time keeps the typed wall time; a half-typed zone changes nothing', () => {
  const h = HARD_DAYS.find((x) => x.id === 'casa-0615')!;
  let rec = book(h, zoneRules) as unknown as Record<string, unknown>;
  rec = formEdit(def, rec, 'timeZone', 'America/Denver');
  assert.equal([rec.startsAt, rec.localStart, rec.timeZone], ['2027-06-15T15:00:00.000Z', '2027-06-15T09:00', 'America/Denver']);
  rec = formEdit(def, rec, 'timeZone', 'America/Den');
  assert.equal([rec.startsAt, rec.localStart], ['2027-06-15T15:00:00.000Z', '2027-06-15T09:00'], 'unknown zone: nothing moves');
  rec = formEdit(def, rec, 'timeZone', 'America/Edmonton');
  assert.equal([rec.startsAt, rec.endsAt, rec.localStart, rec.localEnd], ['2027-06-15T15:00:00.000Z', '2027-06-15T16:00:00.000Z', '2027-06-15T09:00', '2027-06-15T10:00']);
  // An old row with no booked wall time: its wall time is read from the instant in its zone first.
  const old = { ...book(h, zoneRules), localStart: '', localEnd: '' } as unknown as Record<string, unknown>;
  const moved = formEdit(def, old, 'timeZone', 'Europe/Paris');
  assert.equal([moved.startsAt, moved.localStart], ['2027-06-15T07:00:00.000Z', '2027-06-15T09:00']);
});

test.run();
