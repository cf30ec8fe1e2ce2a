// Calendar arithmetic in time zones (685-171625-QA): Mountain Time, Casablanca, daylight-saving days, zones apart.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommunicationRecord } from '../../shared/entities/index.ts';
import { addDays, dayKey, daysOf, instantAt, itemDay, layoutDay, minutesInDay, placeAt, step, weekStart } from '../../pwa/features/calendar/calendar-model.ts';
import { makeDoc } from '../helpers/docs.ts';

const appt = (startsAt: string, endsAt: string, zone = 'UTC', id = 'a'): CommunicationRecord =>
  ({ ...makeDoc('communication', { id, startsAt, endsAt, timeZone: zone }), kind: 'appointment' }) as unknown as CommunicationRecord;

test('an appointment made at 09:00 in Denver is 16:00 in London and 17:00 in Paris (November)', () => {
  const start = instantAt('2026-11-17', 9 * 60, 'America/Denver');
  assert.is(start, '2026-11-17T16:00:00.000Z');
  assert.is(minutesInDay(start, 'Europe/London'), 16 * 60);
  assert.is(minutesInDay(start, 'Europe/Paris'), 17 * 60);
  assert.is(dayKey(start, 'Asia/Tokyo'), '2026-11-18', 'the next day in Tokyo');
});

test('Denver across the March 2026 daylight-saving change: wall times stay wall times', () => {
  // 2026-03-08 02:00 MST → 03:00 MDT.
  assert.is(instantAt('2026-03-07', 9 * 60, 'America/Denver'), '2026-03-07T16:00:00.000Z');
  assert.is(instantAt('2026-03-09', 9 * 60, 'America/Denver'), '2026-03-09T15:00:00.000Z');
  // A weekly 09:00 meeting dragged from the Saturday before to the Monday after keeps 09:00 on the wall clock.
  const sat = appt('2026-03-07T16:00:00.000Z', '2026-03-07T17:00:00.000Z', 'America/Denver');
  const moved = placeAt(sat, '2026-03-09', 9 * 60, 'America/Denver');
  assert.equal(moved, { startsAt: '2026-03-09T15:00:00.000Z', endsAt: '2026-03-09T16:00:00.000Z', localStart: '2026-03-09T09:00', localEnd: '2026-03-09T10:00' });
  assert.is(minutesInDay(moved.startsAt, 'America/Denver'), 9 * 60);
});

test('Casablanca: +01 most of the year, +00 during Ramadan 2026 (an unusual rule)', () => {
  const offset = (day: string): number => (Date.parse(`${day}T12:00:00Z`) - Date.parse(instantAt(day, 12 * 60, 'Africa/Casablanca'))) / 3_600_000;
  assert.is(offset('2026-01-15'), 1);
  assert.is(offset('2026-03-01'), 0, 'Ramadan');
  assert.is(offset('2026-04-15'), 1);
  // 10:00 in Casablanca is 09:00 UTC in January but 10:00 UTC during Ramadan.
  assert.is(instantAt('2026-01-15', 10 * 60, 'Africa/Casablanca'), '2026-01-15T09:00:00.000Z');
  assert.is(instantAt('2026-03-01', 10 * 60, 'Africa/Casablanca'), '2026-03-01T10:00:00.000Z');
});

test('views: weeks start on Monday, months are whole weeks, steps move by the view', () => {
  assert.is(weekStart('2026-11-29'), '2026-11-23');
  assert.equal(daysOf('week', '2026-11-29'), ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
  const month = daysOf('month', '2026-02-10');
  assert.is(month[0], '2026-01-26');
  assert.is(month.length % 7, 0);
  assert.ok(month.includes('2026-02-28') && !month.includes('2026-03-09'));
  assert.is(step('month', '2026-01-31', 1), '2026-02-01');
  assert.is(step('week', '2026-12-30', 1), '2027-01-06');
  assert.is(addDays('2028-02-28', 1), '2028-02-29');
});

test('overlapping appointments sit side by side; others take the whole width', () => {
  const items = [
    appt('2026-11-17T09:00:00.000Z', '2026-11-17T10:00:00.000Z', 'UTC', 'x'),
    appt('2026-11-17T09:30:00.000Z', '2026-11-17T10:30:00.000Z', 'UTC', 'y'),
    appt('2026-11-17T14:00:00.000Z', '2026-11-17T14:10:00.000Z', 'UTC', 'z'),
  ];
  const placed = layoutDay(items, '2026-11-17', 'UTC');
  const by = (id: string) => placed.find((p) => p.item.id === id)!;
  assert.equal([by('x').lane, by('x').lanes, by('y').lane, by('y').lanes], [0, 2, 1, 2]);
  assert.equal([by('z').top, by('z').height, by('z').lanes], [14 * 60, 15, 1], 'short items stay tall enough to tap');
  // In Auckland (UTC+13 in November) 14:00Z is 03:00 the next day.
  assert.equal(layoutDay(items, '2026-11-18', 'Pacific/Auckland').map((p) => [p.item.id, p.top]), [['z', 3 * 60]], 'another zone, another day');
});

test('an all-day event stays on its date wherever it is viewed from', () => {
  // Made in Paris for 2 December: stored as that local midnight's instant (23:00Z on 1 December).
  const c = { startsAt: instantAt('2026-12-02', 0, 'Europe/Paris'), allDay: true, timeZone: 'Europe/Paris' };
  assert.is(c.startsAt, '2026-12-01T23:00:00.000Z');
  for (const viewer of ['America/Denver', 'Africa/Casablanca', 'Asia/Tokyo']) assert.is(itemDay(c, viewer), '2026-12-02', viewer);
  assert.is(itemDay({ ...c, allDay: false }, 'America/Denver'), '2026-12-01', 'a timed item follows the viewer');
});

test.run();
