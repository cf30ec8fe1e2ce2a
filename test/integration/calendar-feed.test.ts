// The iCalendar feed on the real server: a secret link per user, revocable; read back by ical.js with the stored instants.
import ICAL from 'ical.js';
import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { fullRights, makeDoc, pushCtx } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { offsetText, instantToWall, wallToInstant } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../helpers/zones.ts';

const H = 3_600_000;
const DAY = 24 * H;
const FEED = '/api/me/calendar-feed';

// Zone arithmetic for building the test data, on the shipped rules (the feed is read back by ical.js, the judge).
const offsetAt = (zone: string, ms: number): string => offsetText(zoneRules.offsetAt(zone, ms));
/** The instants at which the zone's offset changes between two instants. */
const changes = (zone: string, from: number, to: number): number[] => zoneRules.transitions(zone, from, to).map((x) => x.at);
const day = (ms: number, zone: string): string => instantToWall(zoneRules, zone, ms).slice(0, 10);
const plusDays = (d: string, n: number): string => new Date(Date.parse(`${d}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const at = (d: string, time: string, zone: string): string => new Date(wallToInstant(zoneRules, zone, `${d}T${time}`)).toISOString();

const NOW = Date.now();
// Denver's next two changes: one forward (a gap), one back (an hour that happens twice).
const [denverChange, denverSecond] = changes('America/Denver', NOW + 2 * DAY, NOW + 390 * DAY);
const denverBack = [denverChange!, denverSecond!].find((t) => zoneRules.offsetAt('America/Denver', t) < zoneRules.offsetAt('America/Denver', t - H));

const comm = (id: string, fields: Record<string, unknown>): WireDoc =>
  makeDoc('communication', { id, ownerId: 'u-manager', territoryId: 't-na', updatedAt: new Date(NOW).toISOString(), ...fields });
const appt = (id: string, d: string, from: string, to: string, zone: string, extra: Record<string, unknown> = {}): WireDoc =>
  comm(id, { subject: id, startsAt: at(d, from, zone), endsAt: at(d, to, zone), timeZone: zone, ...extra });

/** What the manager's feed must show, each with its own zone. */
function managerItems(): WireDoc[] {
  const soon = day(NOW + 10 * DAY, 'UTC');
  // Casablanca: +00 all year since tzdata 2026c (no more Ramadan changes); checked across the seasons.
  const casaBefore = plusDays(soon, 20);
  const casaDuring = plusDays(soon, 90);
  const casaAfter = plusDays(soon, 200);
  return [
    // Across Denver's next daylight-saving change: three hours either side of it.
    comm('den-across', { subject: 'Across the change', startsAt: new Date(denverChange! - 3 * H).toISOString(), endsAt: new Date(denverChange! + 3 * H).toISOString(), timeZone: 'America/Denver' }),
    appt('den-next-day', plusDays(day(denverChange!, 'America/Denver'), 1), '09:00', '10:00', 'America/Denver'),
    appt('casa-before', casaBefore, '10:00', '11:00', 'Africa/Casablanca'),
    appt('casa-during', casaDuring, '10:00', '11:00', 'Africa/Casablanca'),
    appt('casa-after', casaAfter, '10:00', '11:00', 'Africa/Casablanca'),
    // Half an hour before Denver's clocks go back: a wall time that happens twice there.
    comm('den-twice', { subject: 'Twice', startsAt: new Date(denverBack! - H / 2).toISOString(), endsAt: new Date(denverBack! - H / 4).toISOString(), timeZone: 'America/Denver' }),
    appt('paris', plusDays(soon, 1), '14:00', '15:30', 'Europe/Paris', { territoryId: 't-eu', location: 'Paris; 8e', details: 'Bring the "Panoply" quote, v2' }),
    appt('utc', plusDays(soon, 2), '12:00', '12:45', 'UTC'),
    comm('allday', { subject: 'Trade fair', startsAt: at(plusDays(soon, 3), '00:00', 'Europe/Paris'), endsAt: at(plusDays(soon, 4), '00:00', 'Europe/Paris'), timeZone: 'Europe/Paris', allDay: true }),
    comm('task', { kind: 'task', subject: 'Send the price list', startsAt: at(plusDays(soon, 4), '17:00', 'America/Denver'), endsAt: '', timeZone: 'America/Denver', status: 'complete' }),
    appt('cancelled', plusDays(soon, 5), '09:00', '10:00', 'America/Denver', { status: 'cancelled' }),
    appt('moving', plusDays(soon, 6), '09:00', '10:00', 'America/Denver'),
  ];
}
/** What it must not show. */
function otherItems(): WireDoc[] {
  const soon = day(NOW + 10 * DAY, 'UTC');
  return [
    appt('sales-own', plusDays(soon, 1), '09:00', '10:00', 'Europe/Paris', { ownerId: 'u-sales', territoryId: 't-eu' }),
    appt('marketing-own', plusDays(soon, 1), '09:00', '10:00', 'Africa/Casablanca', { ownerId: 'u-marketing', territoryId: 't-af' }),
    appt('unseen-territory', plusDays(soon, 2), '09:00', '10:00', 'Africa/Casablanca', { territoryId: 't-af' }),
    { ...appt('deleted', plusDays(soon, 2), '11:00', '12:00', 'America/Denver'), _deleted: true },
    appt('long-ago', day(NOW - 90 * DAY, 'UTC'), '09:00', '10:00', 'UTC'),
    appt('far-ahead', day(NOW + 430 * DAY, 'UTC'), '09:00', '10:00', 'UTC'),
  ];
}

interface Parsed {
  start: ICAL.Time;
  end: ICAL.Time | null;
  vevent: ICAL.Component;
}
function parse(text: string): Map<string, Parsed> {
  const cal = new ICAL.Component(ICAL.parse(text));
  const out = new Map<string, Parsed>();
  for (const v of cal.getAllSubcomponents('vevent')) {
    const e = new ICAL.Event(v);
    out.set(e.uid.replace(/@fieldcrm$/, ''), { start: e.startDate, end: v.hasProperty('dtend') ? e.endDate : null, vevent: v });
  }
  return out;
}
const ms = (t: ICAL.Time): number => t.toJSDate().getTime();

type Ctx = { server: TestServer; manager: string; logs: string[]; restore: () => void };
const t = suite<Ctx>('calendar feed', { server: undefined as unknown as TestServer, manager: '', logs: [], restore: () => undefined });

t.before(async (ctx) => {
  // Everything the server prints while these tests run, to check no secret ends up in a log.
  const kept = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  for (const k of Object.keys(kept) as (keyof typeof kept)[]) console[k] = (...args: unknown[]) => void ctx.logs.push(args.map(String).join(' '));
  ctx.restore = () => Object.assign(console, kept);
  ctx.server = await startServer();
  await ctx.server.store.insertMany('communication', [...managerItems(), ...otherItems()]);
  ctx.manager = await signIn(ctx.server.url, 'manager');
});
t.after(async (ctx) => {
  ctx.restore();
  await ctx.server.close();
});

const auth = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
async function newLink(url: string, token: string): Promise<string> {
  // No body, no content type: the JSON-only guard must let it through.
  const res = await fetch(`${url}${FEED}`, { method: 'POST', headers: auth(token) });
  assert.is(res.status, 201);
  assert.is(res.headers.get('cache-control'), 'no-store');
  const { url: link } = (await res.json()) as { url: string };
  return link;
}
const secretOf = (link: string): string => /\/api\/calendar\/([^/]+)\.ics$/.exec(link)![1]!;

t('the test data sits where it should: Denver changes both ways, Casablanca stays on +00', () => {
  assert.ok(denverChange && denverBack, 'changes found in the window');
  const casa = (id: string) => offsetAt('Africa/Casablanca', Date.parse(String(managerItems().find((d) => d.id === id)!.startsAt)));
  assert.equal([casa('casa-before'), casa('casa-during'), casa('casa-after')], ['UTC', 'UTC', 'UTC']);
  assert.is.not(offsetAt('America/Denver', denverChange! - H), offsetAt('America/Denver', denverChange!));
});

t('a new link is a secret URL; only its hash is stored; the feed is text/calendar, cacheable for 5 minutes', async ({ server, manager }) => {
  const link = await newLink(server.url, manager);
  assert.ok(link.startsWith(`${server.url}/api/calendar/`), link);
  const secret = secretOf(link);
  assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
  const rows = server.store.sqlite.prepare('select token_hash, user_id from calendar_feeds').all() as { token_hash: string; user_id: string }[];
  assert.equal(rows, [{ token_hash: createHash('sha256').update(secret).digest('hex'), user_id: 'u-manager' }]);

  const res = await fetch(link);
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.is(res.headers.get('cache-control'), 'private, max-age=300');
  const text = await res.text();
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n') && text.trimEnd().endsWith('END:VCALENDAR'));
  // Calendar programs poll: the same feed again costs a 304.
  const etag = res.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(link, { headers: { 'If-None-Match': etag! } });
  assert.is(again.status, 304);
  assert.is(again.headers.get('cache-control'), 'private, max-age=300');
});

t('round trip through ical.js: each event starts and ends at the stored instant; all-day on its date in its zone', async ({ server, manager }) => {
  const events = parse(await (await fetch(await newLink(server.url, manager))).text());
  const expected = managerItems();
  assert.equal([...events.keys()].sort(), expected.map((d) => d.id).sort(), 'exactly the manager\'s viewable, live, in-window items');
  for (const doc of expected.filter((d) => !d.allDay)) {
    const e = events.get(doc.id)!;
    assert.is(ms(e.start), Date.parse(String(doc.startsAt)), `${doc.id} start`);
    if (doc.endsAt) assert.is(ms(e.end!), Date.parse(String(doc.endsAt)), `${doc.id} end`);
    else assert.is(e.end, null, `${doc.id}: no end`);
  }
  // Times are written in the appointment's own zone (the ambiguous one excepted: UTC), with its VTIMEZONE.
  for (const [id, zone] of [['den-across', 'America/Denver'], ['casa-before', 'Africa/Casablanca'], ['casa-during', 'Africa/Casablanca'], ['paris', 'Europe/Paris'], ['utc', 'UTC'], ['den-twice', 'UTC']] as const)
    assert.is(events.get(id)!.start.zone?.tzid, zone, id);
  assert.is(events.get('casa-before')!.start.toString().slice(11), '10:00:00');
  assert.is(events.get('casa-during')!.start.toString().slice(11), '10:00:00', '10:00 on the wall in every season');
  assert.is(ms(events.get('casa-during')!.start), Date.parse(`${String(managerItems().find((d) => d.id === 'casa-during')!.startsAt).slice(0, 10)}T10:00:00Z`), '+00: 10:00 is 10:00 UTC');
  const across = events.get('den-across')!;
  assert.is(ms(across.end!) - ms(across.start), 6 * H);
  const allday = events.get('allday')!;
  const fair = expected.find((d) => d.id === 'allday')!;
  assert.ok(allday.start.isDate);
  assert.is(allday.start.toString(), day(Date.parse(String(fair.startsAt)), 'Europe/Paris'));
  assert.is(allday.end!.toString(), plusDays(allday.start.toString(), 1));
  assert.is.not(allday.start.toString(), String(fair.startsAt).slice(0, 10), 'the Paris date, not the UTC one');
  assert.is(events.get('cancelled')!.vevent.getFirstPropertyValue('status'), 'CANCELLED');
  assert.is(events.get('task')!.vevent.getFirstPropertyValue('summary'), '✓ Send the price list');
  assert.is(events.get('paris')!.vevent.getFirstPropertyValue('location'), 'Paris; 8e');
  assert.is(events.get('paris')!.vevent.getFirstPropertyValue('description'), 'Bring the "Panoply" quote, v2');
});

t('an event moved to a territory the user may not view leaves their feed', async ({ server, manager }) => {
  const link = await newLink(server.url, manager);
  assert.ok(parse(await (await fetch(link)).text()).has('moving'));
  const [m] = await server.store.getByIds('communication', ['moving']);
  await server.store.push('communication', [{ assumedMasterState: m!, newDocumentState: { ...m!, territoryId: 't-af' } }], pushCtx('u-admin', { rights: fullRights(['t-na', 't-af']) }));
  assert.not.ok(parse(await (await fetch(link)).text()).has('moving'));
});

t('each user sees their own calendar only; a user without rights on communications gets an empty feed', async ({ server }) => {
  const sales = parse(await (await fetch(await newLink(server.url, await signIn(server.url, 'sales')))).text());
  assert.equal([...sales.keys()], ['sales-own']);
  const marketing = await (await fetch(await newLink(server.url, await signIn(server.url, 'marketing')))).text();
  assert.equal([...parse(marketing).keys()], [], 'marketing has no right to view communications, even its own');
});

t('a replaced or revoked link is a 404, like an unknown one; the problems cannot be told apart', async ({ server, manager }) => {
  const first = await newLink(server.url, manager);
  const second = await newLink(server.url, manager);
  assert.is.not(first, second);
  const problem = async (url: string) => {
    const res = await fetch(url);
    // Every answer has its own request id; apart from it, the problems must be the same.
    const { requestId: _id, ...body } = (await res.json()) as Record<string, unknown>;
    return { status: res.status, type: res.headers.get('content-type'), body };
  };
  const gone = await problem(first);
  assert.is(gone.status, 404);
  assert.is(gone.type, 'application/problem+json');
  assert.is((gone.body as { code: string }).code, ERROR_CODES.NOT_FOUND);
  assert.is((await fetch(second)).status, 200);

  const del = await fetch(`${server.url}${FEED}`, { method: 'DELETE', headers: auth(manager) });
  assert.equal([del.status, await del.json()], [200, { revoked: true }]);
  assert.equal(await problem(second), gone);
  const unknown = await problem(`${server.url}/api/calendar/${'A'.repeat(43)}.ics`);
  assert.equal(unknown, gone);
  assert.equal(await problem(`${server.url}/api/calendar/not-a-secret.ics`), gone);
  assert.equal(await problem(`${server.url}/api/calendar/${secretOf(second)}`), gone, 'without .ics');
  const again = await fetch(`${server.url}${FEED}`, { method: 'DELETE', headers: auth(manager) });
  assert.equal(await again.json(), { revoked: false });
});

t('the secret is no session: other routes refuse it; making or revoking a link needs a session', async ({ server, manager }) => {
  const secret = secretOf(await newLink(server.url, manager));
  for (const path of ['/api/me', '/api/records/communication?ids=paris']) {
    assert.is((await fetch(`${server.url}${path}`, { headers: auth(secret) })).status, 401, path);
    assert.is((await fetch(`${server.url}${path}`, { headers: { Cookie: `fc_session=${secret}` } })).status, 401, path);
  }
  assert.is((await fetch(`${server.url}${FEED}`, { method: 'POST', headers: auth(secret) })).status, 401);
  assert.is((await fetch(`${server.url}${FEED}`, { method: 'DELETE', headers: auth(secret) })).status, 401);
  assert.is((await fetch(`${server.url}${FEED}`, { method: 'POST' })).status, 401);
  // The link still works: a refused use of it revoked nothing.
  assert.is((await fetch(`${server.url}/api/calendar/${secret}.ics`)).status, 200);
  // The app posts an empty JSON object: that works too (and replaces the link).
  const viaApp = await fetch(`${server.url}${FEED}`, { method: 'POST', headers: { ...auth(manager), 'Content-Type': 'application/json' }, body: '{}' });
  assert.is(viaApp.status, 201);
  const replaced = ((await viaApp.json()) as { url: string }).url;
  assert.is((await fetch(`${server.url}/api/calendar/${secret}.ics`)).status, 404);
  assert.is((await fetch(replaced)).status, 200);
});

t('no secret in anything the server printed', ({ logs, server }) => {
  const rows = server.store.sqlite.prepare('select token_hash from calendar_feeds').all() as { token_hash: string }[];
  assert.ok(rows.length > 0);
  for (const line of logs) assert.not.match(line, /\/api\/calendar\/[A-Za-z0-9_-]{20,}/, line);
});

t.run();
