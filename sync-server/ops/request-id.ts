// Every request carries an id: the caller's `X-Request-Id` when it is a sane token, otherwise a new one. It is echoed in
// the response, written in the access log and in error bodies, so a user's report, a proxy's log and ours line up.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export const HEADER = 'X-Request-Id';

export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header(HEADER);
    const id = given && SANE.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header(HEADER, id);
    await next();
    // An error answered by onError replaced the response: the id goes on that one too.
    if (!c.res.headers.has(HEADER)) c.res.headers.set(HEADER, id);
  };
}
