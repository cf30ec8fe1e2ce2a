// Session tokens: random, kept only as a SHA-256 hash; read from the cookie (browser) or a bearer header (other clients).
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { rightsOf } from './rights.ts';

export const SESSION_COOKIE = 'fc_session';
export const SESSION_DAYS = 30;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

export function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return getCookie(c, SESSION_COOKIE);
}

/**
 * Reads the session of every /api and /sync request, once: the signed-in user (when the request carries a live
 * session) and a way to their rights, read on first ask and kept for the rest of the request. Public routes (sign-in,
 * the calendar feed) simply find no user; the routes behind `requireSession` refuse the request then.
 */
export function readSession(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = tokenOf(c);
    const tokenHash = token ? hashToken(token) : undefined;
    const session = tokenHash ? await services.store.findSession(tokenHash) : null;
    const user = session && Date.parse(session.expiresAt) >= Date.now() ? await services.store.getUser(session.userId) : null;
    if (user && tokenHash) {
      let rights: Promise<EffectiveRights> | undefined;
      c.set('user', user);
      c.set('tokenHash', tokenHash);
      c.set('rights', () => (rights ??= rightsOf(services.store, user)));
    }
    await next();
  };
}

/** Refuses the request with 401 unless `readSession` found a live session (so `user` and `rights` are set). */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user')) throw new AppError(401, ERROR_CODES.UNAUTHENTICATED, 'Please sign in again.');
  await next();
};
