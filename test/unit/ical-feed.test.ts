// The iCalendar feed's text, read back by a different, real parser (ical.js, Mozilla's): same instants in every zone (685-171625-QA).
import ICAL from 'ical.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommunicationRecord } from '../../shared/entities/index.ts';
import { calendarText } from '../../sync-server/ical/feed.ts';
import { utcOffset, vtimezone } from '../../sync-server/ical/vtimezone.ts';
import { wallTimeIsUnique as unique, wallToInstant } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../helpers/zones.ts';
import { makeDoc } from '../helpers/docs.ts';

const H = 3_600_000;
const comm = (id: string, fields: Record<string, unknown>): CommunicationRecord =>
  makeDoc('communication', { id, updatedAt: '2026-01-05T08:00:00.000Z', ...fields }) as unknown as CommunicationRecord;
/** The instant of a wall-clock time in a zone, with the shipped rules (ical.js, reading the feed, is the independent judge). */
const wall = (local: string, zone: string): string => new Date(wallToInstant(zoneRules, zone, local.slice(0, 16))).toISOString();
const hour = (zone: string, instant: string): number => zoneRules.offsetAt(zone, Date.parse(instant)) / 60;
const transitions = (zone: string, from: number, to: number) => zoneRules.transitions(zone, from, to);
const wallTimeIsUnique = (zone: string, ms: number): boolean => unique(zoneRules, zone, ms);

interface Parsed {
  uid: string;
  summary: string;
  start: ICAL.Time;
  end: ICAL.Time | null;
  status: string | null;
  categories: string[];
}

/** Parses iCalendar text with ical.js; times with a TZID are resolved through the file's own VTIMEZONEs. */
function parse(text: string): { events: Map<string, Parsed>; zones: Map<string, ICAL.Component> } {
  const cal = new ICAL.Component(ICAL.parse(text));
  const zones = new Map(cal.getAllSubcomponents('vtimezone').map((z) => [String(z.getFirstPropertyValue('tzid')), z]));
  const events = new Map<string, Parsed>();
  for (const v of cal.getAllSubcomponents('vevent')) {
    const e = new ICAL.Event(v);
    events.set(e.uid, {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate,
      end: v.hasProperty('dtend') ? e.endDate : null,
      status: (v.getFirstPropertyValue('status') as string | null) ?? null,
      categories: v.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
    });
  }
  return { events, zones };
}
const ms = (t: ICAL.Time): number => t.toJSDate().getTime();

// Ramadan 2026 in Morocco (the shipped tzdata, 2026c and later): +01 until 15 February 03:00 local (02:00 UTC),
// +00 until 22 March 02:00 local (02:00 UTC), +01 again, then +00 for good from 20 September 03:00 local.
test('Casablanca 2026 offsets: +01, +00 during Ramadan, +01 after, +00 from 20 September; transitions', () => {
  assert.is(hour('Africa/Casablanca', '2026-02-10T12:00:00Z'), 1);
  assert.is(hour('Africa/Casablanca', '2026-03-01T12:00:00Z'), 0);
  assert.is(hour('Africa/Casablanca', '2026-03-25T12:00:00Z'), 1);
  assert.equal(
    transitions('Africa/Casablanca', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)).map((t) => [new Date(t.at).toISOString(), utcOffset(t.from), utcOffset(t.to)]),
    [
      ['2026-02-15T02:00:00.000Z', '+0100', '+0000'],
      ['2026-03-22T02:00:00.000Z', '+0000', '+0100'],
      ['2026-09-20T02:00:00.000Z', '+0100', '+0000'],
    ],
  );
  assert.equal(
    transitions('America/Denver', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)).map((t) => [new Date(t.at).toISOString(), utcOffset(t.from), utcOffset(t.to)]),
    [
      ['2026-03-08T09:00:00.000Z', '-0700', '-0600'],
      ['2026-11-01T08:00:00.000Z', '-0600', '-0700'],
    ],
  );
  assert.equal(transitions('UTC', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)), []);
  assert.is(utcOffset(5 * 60 + 45), '+0545');
  assert.is(utcOffset(-(9 * 60 + 30)), '-0930');
});

test('VTIMEZONE for Casablanca 2026: the real Ramadan observances, each starting at its local wall time', () => {
  const text = vtimezone(zoneRules, 'Africa/Casablanca', 2026, 2026);
  const blocks = [...text.matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\n([^]*?)END:\1/g)].map((m) => {
    const get = (k: string) => new RegExp(`${k}:([^\\r]+)`).exec(m[2]!)?.[1];
    return [get('DTSTART'), get('TZOFFSETFROM'), get('TZOFFSETTO')];
  });
  assert.equal(blocks, [
    ['20260101T010000', '+0100', '+0100'],
    ['20260215T030000', '+0100', '+0000'],
    ['20260322T020000', '+0000', '+0100'],
    ['20260920T030000', '+0100', '+0000'],
  ]);
  assert.ok(text.startsWith('BEGIN:VTIMEZONE\r\nTZID:Africa/Casablanca\r\n'));
  assert.not.match(text, /RRULE/, 'no rules to guess: each observance happens once');
});

test('a wall time in the hour repeated when clocks go back is ambiguous; others are not', () => {
  assert.is(wallTimeIsUnique('America/Denver', Date.parse('2026-11-01T07:30:00Z')), false); // 01:30 MDT
  assert.is(wallTimeIsUnique('America/Denver', Date.parse('2026-11-01T08:30:00Z')), false); // 01:30 MST
  assert.is(wallTimeIsUnique('America/Denver', Date.parse('2026-11-01T09:30:00Z')), true);
  assert.is(wallTimeIsUnique('Africa/Casablanca', Date.parse('2026-02-15T01:30:00Z')), false); // 02:30, first time
  assert.is(wallTimeIsUnique('Africa/Casablanca', Date.parse('2026-03-22T01:30:00Z')), true); // 01:30 before the jump
  assert.is(wallTimeIsUnique('America/Denver', Date.parse('2026-03-08T08:30:00Z')), true); // 01:30 MST, before the gap
});

const ITEMS: CommunicationRecord[] = [
  // Denver, the day daylight-saving time starts (2026-03-08 02:00 MST → 03:00 MDT): 01:00 to 04:00 wall time is 2 hours.
  comm('den-dst', { subject: 'Across the change', startsAt: wall('2026-03-08T01:00:00', 'America/Denver'), endsAt: wall('2026-03-08T04:00:00', 'America/Denver'), timeZone: 'America/Denver' }),
  comm('den-before', { subject: 'Before', startsAt: wall('2026-03-07T09:00:00', 'America/Denver'), endsAt: wall('2026-03-07T10:00:00', 'America/Denver'), timeZone: 'America/Denver' }),
  comm('den-after', { subject: 'After', startsAt: wall('2026-03-09T09:00:00', 'America/Denver'), endsAt: wall('2026-03-09T10:00:00', 'America/Denver'), timeZone: 'America/Denver' }),
  // Casablanca around and in Ramadan 2026.
  comm('casa-0210', { subject: 'Before Ramadan', startsAt: wall('2026-02-10T10:00:00', 'Africa/Casablanca'), endsAt: wall('2026-02-10T11:00:00', 'Africa/Casablanca'), timeZone: 'Africa/Casablanca' }),
  comm('casa-0215', { subject: 'First day', startsAt: wall('2026-02-15T10:00:00', 'Africa/Casablanca'), endsAt: wall('2026-02-15T11:30:00', 'Africa/Casablanca'), timeZone: 'Africa/Casablanca' }),
  comm('casa-0301', { subject: 'In Ramadan', startsAt: wall('2026-03-01T10:00:00', 'Africa/Casablanca'), endsAt: wall('2026-03-01T11:00:00', 'Africa/Casablanca'), timeZone: 'Africa/Casablanca' }),
  comm('casa-0321', { subject: 'Last evening', startsAt: wall('2026-03-21T22:00:00', 'Africa/Casablanca'), endsAt: wall('2026-03-22T04:00:00', 'Africa/Casablanca'), timeZone: 'Africa/Casablanca' }),
  comm('casa-0325', { subject: 'After Ramadan', startsAt: wall('2026-03-25T10:00:00', 'Africa/Casablanca'), endsAt: wall('2026-03-25T11:00:00', 'Africa/Casablanca'), timeZone: 'Africa/Casablanca' }),
  // 02:30 on 15 February happens twice in Casablanca: this is the first (+01).
  comm('casa-twice', { subject: 'Ambiguous', startsAt: '2026-02-15T01:30:00.000Z', endsAt: '2026-02-15T01:45:00.000Z', timeZone: 'Africa/Casablanca' }),
  comm('paris', { subject: 'Paris, déjeuner; "menu", à 12h\\13h', startsAt: wall('2026-03-29T12:00:00', 'Europe/Paris'), endsAt: wall('2026-03-29T13:30:00', 'Europe/Paris'), timeZone: 'Europe/Paris', location: 'Café de Flore, Paris', details: 'Line one\nLine two; with, punctuation' }),
  comm('utc', { subject: 'UTC call', startsAt: '2026-03-01T12:00:00.000Z', endsAt: '2026-03-01T12:30:00.000Z', timeZone: 'UTC' }),
  // All day on 2 March in Paris: midnight there is 23:00 UTC the day before.
  comm('allday-paris', { subject: 'Trade fair', startsAt: wall('2026-03-02T00:00:00', 'Europe/Paris'), endsAt: wall('2026-03-03T00:00:00', 'Europe/Paris'), timeZone: 'Europe/Paris', allDay: true }),
  // All day on 6 March in Denver, stored at 20:00 local (already 7 March in UTC), over three days.
  comm('allday-denver', { subject: 'Offsite', startsAt: wall('2026-03-06T20:00:00', 'America/Denver'), endsAt: wall('2026-03-08T20:00:00', 'America/Denver'), timeZone: 'America/Denver', allDay: true }),
  comm('task-done', { kind: 'task', subject: 'Send price list', startsAt: wall('2026-03-02T17:00:00', 'America/Denver'), endsAt: '', timeZone: 'America/Denver', status: 'complete' }),
  comm('task-open', { kind: 'task', subject: 'Prepare quote', startsAt: wall('2026-03-03T17:00:00', 'Africa/Casablanca'), endsAt: '', timeZone: 'Africa/Casablanca' }),
  comm('cancelled', { subject: 'Called off', startsAt: wall('2026-03-04T09:00:00', 'Europe/Paris'), endsAt: wall('2026-03-04T10:00:00', 'Europe/Paris'), timeZone: 'Europe/Paris', status: 'cancelled' }),
];

test('round trip through ical.js: every timed item starts and ends at the stored instant, in its own zone', () => {
  // The server's own zone must not matter: formatting uses the item's zone only.
  const before = process.env.TZ;
  process.env.TZ = 'Pacific/Auckland';
  let text: string;
  try {
    text = calendarText(ITEMS, { name: 'FieldCRM — Dan Rivera', origin: 'https://crm.example', now: new Date('2026-02-01T00:00:00Z') });
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
  const { events, zones } = parse(text);
  assert.is(events.size, ITEMS.length);
  for (const item of ITEMS.filter((i) => !i.allDay)) {
    const e = events.get(`${item.id}@fieldcrm`);
    assert.ok(e, item.id);
    assert.is(ms(e.start), Date.parse(item.startsAt), `${item.id} start`);
    if (item.endsAt) assert.is(ms(e.end!), Date.parse(item.endsAt), `${item.id} end`);
    else assert.is(e.end, null, `${item.id}: no end stored, none invented`);
    const expectedZone = item.timeZone === 'UTC' || item.id === 'casa-twice' ? 'UTC' : item.timeZone;
    assert.is(e.start.zone?.tzid, expectedZone, `${item.id} zone`);
  }
  // Wall times are the zone's own: 10:00 in Casablanca both before and during Ramadan, though UTC differs by an hour.
  assert.is(events.get('casa-0210@fieldcrm')!.start.toString(), '2026-02-10T10:00:00');
  assert.is(events.get('casa-0301@fieldcrm')!.start.toString(), '2026-03-01T10:00:00');
  assert.is(ms(events.get('casa-0210@fieldcrm')!.start), Date.parse('2026-02-10T09:00:00Z'));
  assert.is(ms(events.get('casa-0301@fieldcrm')!.start), Date.parse('2026-03-01T10:00:00Z'));
  const dst = events.get('den-dst@fieldcrm')!;
  assert.is(ms(dst.end!) - ms(dst.start), 2 * H, 'three wall-clock hours across the change are two real ones');
  assert.equal([...zones.keys()].sort(), ['Africa/Casablanca', 'America/Denver', 'Europe/Paris']);
  assert.ok(text.includes('DTSTART:20260215T013000Z'), 'the ambiguous one is in UTC');
});

test('all-day items: a DATE on their own date in their own zone, DTEND the day after the last day', () => {
  const { events } = parse(calendarText(ITEMS, { name: 'x', origin: 'https://crm.example', now: new Date() }));
  const paris = events.get('allday-paris@fieldcrm')!;
  assert.ok(paris.start.isDate);
  assert.is(paris.start.toString(), '2026-03-02');
  assert.is(paris.end!.toString(), '2026-03-03');
  const denver = events.get('allday-denver@fieldcrm')!;
  assert.is(denver.start.toString(), '2026-03-06');
  assert.is(denver.end!.toString(), '2026-03-09', '6, 7 and 8 March');
});

test('text, status, tasks: escaped by the library, read back the same; cancelled and completed shown', () => {
  const text = calendarText(ITEMS, { name: 'FieldCRM — Dan Rivera', origin: 'https://crm.example', now: new Date() });
  const cal = new ICAL.Component(ICAL.parse(text));
  assert.is(cal.getFirstPropertyValue('x-wr-calname'), 'FieldCRM — Dan Rivera');
  const paris = cal.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === 'paris@fieldcrm')!;
  assert.is(paris.getFirstPropertyValue('summary'), 'Paris, déjeuner; "menu", à 12h\\13h');
  assert.is(paris.getFirstPropertyValue('location'), 'Café de Flore, Paris');
  assert.is(String(paris.getFirstPropertyValue('description')).split('\n')[1], 'Line two; with, punctuation');
  assert.is(paris.getFirstPropertyValue('url'), 'https://crm.example/#/communication/paris');
  const { events } = parse(text);
  assert.is(events.get('cancelled@fieldcrm')!.status, 'CANCELLED');
  assert.is(events.get('paris@fieldcrm')!.status, 'CONFIRMED');
  assert.is(events.get('task-done@fieldcrm')!.summary, '✓ Send price list');
  assert.equal(events.get('task-done@fieldcrm')!.categories, ['Task']);
  assert.is(events.get('task-open@fieldcrm')!.summary, 'Prepare quote');
  // Long lines are folded at 75 octets, never inside a UTF-8 character.
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
});

test('an unknown zone falls back to UTC instead of breaking the feed', () => {
  const text = calendarText([comm('odd', { startsAt: '2026-03-01T12:00:00.000Z', endsAt: '2026-03-01T13:00:00.000Z', timeZone: 'Mars/Olympus_Mons' })], { name: 'x', origin: 'https://crm.example', now: new Date() });
  const e = parse(text).events.get('odd@fieldcrm')!;
  assert.is(ms(e.start), Date.parse('2026-03-01T12:00:00Z'));
  assert.not.match(text, /Mars/);
});

test.run();
