// Session tokens: random, kept only as a SHA-256 hash; read from the cookie (browser) or a bearer header (other clients).
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { AppEnv, Services } from '../context.ts';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'fc_session';
export const SESSION_DAYS = 30;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

export function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return getCookie(c, SESSION_COOKIE);
}

/** Refuses the request with 401 unless it carries a live session; sets `user` for the routes behind it. */
export function requireSession(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = tokenOf(c);
    const unauth = new AppError(401, ERROR_CODES.UNAUTHENTICATED, 'Please sign in again.');
    if (!token) throw unauth;
    const tokenHash = hashToken(token);
    const session = await services.store.findSession(tokenHash);
    if (!session || Date.parse(session.expiresAt) < Date.now()) throw unauth;
    const user = await services.store.getUser(session.userId);
    if (!user) throw unauth;
    c.set('user', user);
    c.set('tokenHash', tokenHash);
    await next();
  };
}
