// Cross-site request refusal for cookie sessions: a state-changing request that the browser says came from another
// site (Sec-Fetch-Site), or whose Origin is not this server, is refused, besides SameSite=Strict on the cookie.
// Requests with a bearer token (integrations, tests) carry no ambient credential and are not concerned.
import type { MiddlewareHandler } from 'hono';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseCrossSite(proxies: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || /^Bearer /i.test(c.req.header('authorization') ?? '')) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    // A proxy in front may change the host and scheme the browser used: then it tells us (X-Forwarded-Host/-Proto).
    const host = (proxies > 0 ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined) ?? c.req.header('host') ?? new URL(c.req.url).host;
    const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    let foreignOrigin = false;
    if (origin !== undefined && !crossSite) {
      try {
        foreignOrigin = origin === 'null' || new URL(origin).host !== host;
      } catch {
        foreignOrigin = true;
      }
    }
    if (crossSite || foreignOrigin) throw new AppError(403, ERROR_CODES.CROSS_SITE, 'This request came from another site: it is refused.');
    await next();
  };
}
