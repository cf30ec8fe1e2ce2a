// The shipped zone database: current enough, and right on the hard days (685-171625-QA, issue 17).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIN_TZDATA, olderRelease } from '../../shared/time/zone-rules.ts';
import { instantToWall, offsetText, wallTimeIsUnique, wallToInstant } from '../../shared/time/wall-time.ts';
import { TzDatabase } from 'timezonecomplete/dist/lib/tz-database.js';
import { staleRules, zoneRules } from '../helpers/zones.ts';

const at = (zone: string, wall: string): string => new Date(wallToInstant(zoneRules, zone, wall)).toISOString();

test('the shipped data is IANA 2026c or later (fails when an older tzdata is installed)', () => {
  assert.ok(!olderRelease(zoneRules.version, MIN_TZDATA), `shipped tzdata is ${zoneRules.version}, older than ${MIN_TZDATA}`);
  assert.is(MIN_TZDATA, '2026c');
});

test('release order: year, then letters (2026z < 2026za)', () => {
  assert.ok(olderRelease('2025c', '2026c'));
  assert.ok(olderRelease('2026b', '2026c'));
  assert.ok(!olderRelease('2026c', '2026c'));
  assert.ok(!olderRelease('2026d', '2026c'));
  assert.ok(olderRelease('2026z', '2026za'));
  assert.ok(olderRelease('garbage', '2026c'));
});

test('09:00 on the hard days is the right instant', () => {
  const cases: [string, string, string][] = [
    ['America/Denver', '2027-03-14T09:00', '2027-03-14T15:00:00.000Z'], // the morning after clocks go forward: MDT
    ['America/Denver', '2027-11-07T09:00', '2027-11-07T16:00:00.000Z'], // after they go back: MST
    ['Africa/Casablanca', '2026-09-19T09:00', '2026-09-19T08:00:00.000Z'], // last day on +01
    ['Africa/Casablanca', '2026-09-21T09:00', '2026-09-21T09:00:00.000Z'], // permanent +00 since 20 September
    ['Africa/Casablanca', '2027-02-20T09:00', '2027-02-20T09:00:00.000Z'], // no Ramadan change any more
    ['Africa/Casablanca', '2027-06-15T09:00', '2027-06-15T09:00:00.000Z'],
    ['America/Edmonton', '2027-03-14T09:00', '2027-03-14T15:00:00.000Z'], // permanent -06: no change that day
  ];
  for (const [zone, wall, instant] of cases) {
    assert.is(at(zone, wall), instant, `${zone} ${wall}`);
    assert.is(instantToWall(zoneRules, zone, Date.parse(instant)), wall, `${zone} back to the wall`);
  }
});

test('a stale rule set (2026b) disagrees exactly where 2026c changed things', () => {
  const old = staleRules();
  assert.is(old.version, '2026b');
  const oldAt = (zone: string, wall: string): string => new Date(wallToInstant(old, zone, wall)).toISOString();
  assert.is(oldAt('Africa/Casablanca', '2027-06-15T09:00'), '2027-06-15T08:00:00.000Z');
  assert.is(oldAt('Africa/Casablanca', '2026-09-19T09:00'), '2026-09-19T08:00:00.000Z');
  assert.is(oldAt('America/Edmonton', '2027-03-14T09:00'), '2027-03-14T15:00:00.000Z'); // MDT from that morning, by luck the same
  assert.is(oldAt('America/Edmonton', '2027-01-14T09:00'), '2027-01-14T16:00:00.000Z'); // MST in winter under 2026b
  assert.is(at('America/Edmonton', '2027-01-14T09:00'), '2027-01-14T15:00:00.000Z'); // -06 all year now
  assert.is(oldAt('America/Denver', '2027-11-07T09:00'), at('America/Denver', '2027-11-07T09:00'));
});

test('gap and repeated hour: compatible disambiguation', () => {
  // Denver 2027-03-14 02:30 does not exist: moved on by the gap, to 03:30 MDT.
  assert.is(at('America/Denver', '2027-03-14T02:30'), '2027-03-14T09:30:00.000Z');
  // 2027-11-07 01:30 happens twice: the first (MDT).
  assert.is(at('America/Denver', '2027-11-07T01:30'), '2027-11-07T07:30:00.000Z');
  assert.not.ok(wallTimeIsUnique(zoneRules, 'America/Denver', Date.parse('2027-11-07T07:30:00Z')));
  assert.ok(wallTimeIsUnique(zoneRules, 'America/Denver', Date.parse('2027-11-07T16:00:00Z')));
});

test('transitions: real changes only (the library lists a false one for Edmonton in June 2026)', () => {
  const t = (zone: string, from: string, to: string) => zoneRules.transitions(zone, Date.parse(from), Date.parse(to)).map((x) => [new Date(x.at).toISOString(), x.from, x.to]);
  assert.equal(t('America/Edmonton', '2026-01-01T00:00Z', '2028-01-01T00:00Z'), [['2026-03-08T09:00:00.000Z', -420, -360]]);
  assert.equal(t('Africa/Casablanca', '2026-01-01T00:00Z', '2028-01-01T00:00Z'), [
    ['2026-02-15T02:00:00.000Z', 60, 0],
    ['2026-03-22T02:00:00.000Z', 0, 60],
    ['2026-09-20T02:00:00.000Z', 60, 0],
  ]);
  assert.equal(t('America/Denver', '2027-01-01T00:00Z', '2028-01-01T00:00Z'), [
    ['2027-03-14T09:00:00.000Z', -420, -360],
    ['2027-11-07T08:00:00.000Z', -360, -420],
  ]);
});

test('offsets agree with the library\'s own totalOffset (the slow, authoritative lookup) around every change and monthly', () => {
  const db = TzDatabase.instance();
  const zones = ['America/Denver', 'America/Edmonton', 'Africa/Casablanca', 'Europe/Paris', 'Australia/Lord_Howe', 'Asia/Tehran', 'America/Santiago', 'Pacific/Chatham'];
  for (const zone of zones) {
    const from = Date.UTC(2025, 0, 1);
    const to = Date.UTC(2028, 0, 1);
    for (const c of zoneRules.transitions(zone, from, to)) {
      assert.is(db.totalOffset(zone, c.at - 1000).minutes(), c.from, `${zone} before ${new Date(c.at).toISOString()}`);
      assert.is(db.totalOffset(zone, c.at).minutes(), c.to, `${zone} at ${new Date(c.at).toISOString()}`);
    }
    for (let t = from; t < to; t += 30 * 86_400_000) assert.is(zoneRules.offsetAt(zone, t), db.totalOffset(zone, t).minutes(), `${zone} ${new Date(t).toISOString()}`);
  }
});

test('zones: names, links, unknowns; offsets as people read them', () => {
  assert.ok(zoneRules.has('America/Denver'));
  assert.ok(zoneRules.has('US/Mountain'));
  assert.ok(zoneRules.has('UTC'));
  assert.not.ok(zoneRules.has('Mars/Olympus'));
  assert.not.ok(zoneRules.has(''));
  assert.throws(() => zoneRules.offsetAt('Mars/Olympus', 0));
  assert.ok(zoneRules.zoneNames().includes('Africa/Casablanca'));
  assert.not.ok(zoneRules.zoneNames().includes('US/Mountain'));
  assert.is(offsetText(60), 'UTC+01:00');
  assert.is(offsetText(-360), 'UTC\u221206:00');
  assert.is(offsetText(330), 'UTC+05:30');
  assert.is(offsetText(0), 'UTC');
});

test.run();
