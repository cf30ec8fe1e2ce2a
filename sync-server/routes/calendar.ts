// The calendar feed: a secret per-user link that calendar programs subscribe to (iCalendar), made and revoked by its user.
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import type { CommunicationRecord } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { mayView, pullScope, rightsOf } from '../auth/rights.ts';
import { hashToken, newToken, requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { calendarText } from '../ical/feed.ts';
import { clientOf } from '../security/client.ts';

export const CALENDAR_FEED_PATH = '/api/me/calendar-feed';
const DAY = 86_400_000;
/** What the feed shows, by start: from this many days back to this many ahead. */
export const FEED_WINDOW = { pastDays: 60, futureDays: 400 } as const;
/** The most items one feed carries (the earliest first). */
export const FEED_MAX_ITEMS = 5000;
/** A secret is 32 random bytes in base64url (newToken): 43 characters. */
const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;

/** The origin the caller reached us at (https when a trusted proxy says so), for the link we hand back. */
function originOf(c: Context, proxies: number): string {
  const url = new URL(c.req.url);
  return `${clientOf(c, proxies).https ? 'https:' : url.protocol}//${url.host}`;
}

export function calendarRoutes(services: Services, opts: { proxies: number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  /** A new secret link; the user's previous link, if any, stops working in the same commit. Only its hash is kept. */
  app.post(CALENDAR_FEED_PATH, requireSession, async (c) => {
    const secret = newToken();
    await store.createCalendarFeed(c.get('user').id, hashToken(secret), new Date().toISOString());
    c.header('Cache-Control', 'no-store');
    return c.json({ url: `${originOf(c, opts.proxies)}/api/calendar/${secret}.ics` }, 201);
  });

  app.delete(CALENDAR_FEED_PATH, requireSession, async (c) => {
    const revoked = await store.deleteCalendarFeed(c.get('user').id);
    return c.json({ revoked });
  });

  /**
   * The feed. No session: the secret in the path is the credential, so an unknown, malformed or revoked one is the
   * same 404. It shows the communications on the user's calendar that the user may view *now* (rights are read at
   * every fetch), live, starting within the window. Calendar programs poll: a short private cache and an ETag.
   */
  app.get('/api/calendar/:file', etag(), async (c) => {
    const file = c.req.param('file');
    const secret = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const notFound = new AppError(404, ERROR_CODES.NOT_FOUND, 'No such calendar.');
    if (!SECRET_RE.test(secret)) throw notFound;
    const feed = await store.findCalendarFeed(hashToken(secret));
    const user = feed && (await store.getUser(feed.userId));
    if (!user) throw notFound;

    // The feed's owner, not whoever asks (the link is the key: no session needed).
    const rights = await rightsOf(store, user);
    const now = Date.now();
    const from = now - FEED_WINDOW.pastDays * DAY;
    const to = now + FEED_WINDOW.futureDays * DAY;
    // The store compares startsAt as text, which may carry an offset: ask a day wider, then keep the exact window.
    const docs = await store.calendarItems(user.id, pullScope('communication', user, rights), new Date(from - DAY).toISOString(), new Date(to + DAY).toISOString(), FEED_MAX_ITEMS);
    const items = docs
      .filter((d) => !d._deleted && d.ownerId === user.id && mayView('communication', user, rights, d))
      .filter((d) => {
        const t = Date.parse(String(d.startsAt));
        return t >= from && t < to;
      }) as unknown as CommunicationRecord[];

    const text = calendarText(items, { name: `FieldCRM — ${user.displayName}`, origin: originOf(c, opts.proxies), now: new Date(now) });
    c.header('Cache-Control', 'private, max-age=300');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    c.header('Content-Disposition', 'inline; filename="fieldcrm.ics"');
    return c.body(text, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });
  return app;
}
