// Session tokens: random, kept only as a SHA-256 hash; read from the cookie (browser) or a bearer header (other clients).
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { API_PATHS } from '../../shared/api.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import type { SessionRow } from '../db/accounts.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { rightsOf } from './rights.ts';

export const SESSION_COOKIE = 'fc_session';
export const SESSION_DAYS = 30;
/** The idle timeout when the configuration gives none (SESSION_IDLE_HOURS). */
export const DEFAULT_IDLE_MS = 12 * 3_600_000;
/** The last use is written at most this often: a busy device does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (): string => randomBytes(32).toString('base64url');
/** Personal API tokens carry this prefix: the server knows which table to look in, and secret scanners can find leaks. */
export const API_TOKEN_PREFIX = 'fcpat_';
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
/** The id Administration shows and revokes a session by: derived from the hash, so no token can be rebuilt from it. */
export const sessionId = (tokenHash: string): string => createHash('sha256').update(`session:${tokenHash}`).digest('hex').slice(0, 24);

export function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return getCookie(c, SESSION_COOKIE);
}

/** Live: before its absolute end, and used within the idle timeout (a session from before last use was kept counts from its start). */
export function sessionLive(s: SessionRow, now: number, idleMs: number): boolean {
  const lastUse = Date.parse(s.lastSeenAt || s.createdAt);
  return Date.parse(s.expiresAt) >= now && lastUse + idleMs >= now;
}

/**
 * Reads the session of every /api and /sync request, once: the signed-in user (when the request carries a live
 * session of an enabled user) and a way to their rights, read on first ask and kept for the rest of the request.
 * Public routes (sign-in, the calendar feed) simply find no user; the routes behind `requireSession` refuse the
 * request then. A session past its idle timeout has ended: the device signs in again and keeps its waiting changes.
 */
export function readSession(services: Services): MiddlewareHandler<AppEnv> {
  const idleMs = services.sessionIdleMs ?? DEFAULT_IDLE_MS;
  return async (c, next) => {
    const token = tokenOf(c);
    const tokenHash = token ? hashToken(token) : undefined;
    if (token?.startsWith(API_TOKEN_PREFIX) && tokenHash) {
      await readApiToken(services, c, tokenHash);
      return next();
    }
    const session = tokenHash ? await services.store.findSession(tokenHash) : null;
    const now = Date.now();
    // An ended session is simply absent (a refused request changes nothing); administrators do not see it listed.
    const live = session !== null && sessionLive(session, now, idleMs);
    const found = live ? await services.store.getUser(session.userId) : null;
    const user = found && !found.disabled ? found : null;
    if (user && tokenHash && session) {
      let rights: Promise<EffectiveRights> | undefined;
      c.set('user', user);
      c.set('tokenHash', tokenHash);
      c.set('authKind', 'session');
      c.set('rights', () => (rights ??= rightsOf(services.store, user)));
      if (now - Date.parse(session.lastSeenAt || session.createdAt) >= TOUCH_EVERY_MS) await services.store.touchSession(tokenHash, new Date(now).toISOString());
    }
    await next();
  };
}

/** A personal API token (bearer only): its user, unless disabled; no idle timeout, it lives until revoked or its expiry date. */
async function readApiToken(services: Services, c: Context<AppEnv>, tokenHash: string): Promise<void> {
  const row = await services.store.tokens.find(tokenHash);
  if (row?.expiresAt && Date.parse(row.expiresAt) <= Date.now()) {
    c.set('tokenExpired', row.expiresAt);
    return;
  }
  const found = row ? await services.store.getUser(row.userId) : null;
  if (!row || !found || found.disabled) return;
  let rights: Promise<EffectiveRights> | undefined;
  c.set('user', found);
  c.set('tokenHash', tokenHash);
  c.set('authKind', 'token');
  if (row.access === 'read') c.set('readOnly', true);
  c.set('rights', () => (rights ??= rightsOf(services.store, found)));
  const now = Date.now();
  if (!row.lastUsedAt || now - Date.parse(row.lastUsedAt) >= TOUCH_EVERY_MS) await services.store.tokens.touch(row.id, new Date(now).toISOString());
}

/**
 * The reads a client sends as POST (a body too rich for a query string): the only requests besides GET and HEAD that a
 * read-only API token may make. Nothing else is let through, so a write route added later is refused by default.
 */
const READS_SENT_AS_POST: readonly RegExp[] = [/^\/api\/search\/[^/]+$/, /^\/api\/reports\/run$/, /^\/api\/reports\/export\.[a-z]+$/, /^\/api\/templates\/check$/, /^\/api\/outlook\/lookup$/];

/** A read-only API token changes nothing: any other request is refused with FC-AUTH-011 before a route sees it. */
export const tokenAccessGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (c.get('readOnly') === true && method !== 'GET' && method !== 'HEAD' && !(method === 'POST' && READS_SENT_AS_POST.some((r) => r.test(c.req.path))))
    throw new AppError(403, ERROR_CODES.TOKEN_READ_ONLY, 'This API token may only read: make a token with full access to change data.');
  await next();
};

/** What a user whose password must be changed may still do: see who they are, change it, sign out. */
const WHILE_PASSWORD_MUST_CHANGE = new Set<string>([API_PATHS.me, API_PATHS.myPassword, API_PATHS.signOut, API_PATHS.signIn, API_PATHS.version]);

/** After a reset (or a new user's first sign-in) every other request is refused with a code the PWA routes on. */
export const requirePasswordChanged: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user') as AppEnv['Variables']['user'] | undefined;
  if (user?.mustChangePassword && !WHILE_PASSWORD_MUST_CHANGE.has(c.req.path))
    throw new AppError(403, ERROR_CODES.PASSWORD_CHANGE_REQUIRED, 'Choose a new password first: the one you signed in with was for one use.');
  await next();
};

/** Refuses the request with 401 unless `readSession` found a live session (so `user` and `rights` are set). */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expired = c.get('tokenExpired') as string | undefined;
  if (!c.get('user') && expired) throw new AppError(401, ERROR_CODES.TOKEN_EXPIRED, `This API token expired at ${expired}: make a new one.`, undefined, { detail: expired });
  if (!c.get('user')) throw new AppError(401, ERROR_CODES.UNAUTHENTICATED, 'Please sign in again.');
  await next();
};
