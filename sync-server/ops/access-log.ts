// One structured JSON line per request (pino): time, request id, method, route pattern, status, duration, user, bytes.
// The route pattern (`/sync/:collection/push`), not the path, so lines group and no record id lands in the log.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import pino, { type Logger } from 'pino';
import type { AppEnv } from '../context.ts';
import type { Metrics } from './metrics.ts';

/**
 * The server's logger: JSON on standard output at LOG_LEVEL (info by default; `silent` turns it off). `sync`: every line
 * is written before the call returns (LOG_SYNC), so none is lost when the process is killed outright.
 */
export function makeLogger(level = process.env.LOG_LEVEL ?? 'info', sync = false): Logger {
  return pino({ level, base: { service: 'fieldcrm' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync }));
}

export function accessLog(log: Logger, metrics: Metrics | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = performance.now() - start;
    const route = routePath(c) || c.req.path;
    const status = c.res.status;
    metrics?.requests.inc({ route, method: c.req.method, status: String(status) });
    metrics?.duration.observe({ route }, ms / 1000);
    const bytes = Number(c.res.headers.get('content-length') ?? NaN);
    log.info({
      reqId: c.get('requestId'),
      method: c.req.method,
      route,
      status,
      ms: Math.round(ms * 10) / 10,
      userId: c.get('user')?.id,
      ...(Number.isFinite(bytes) ? { bytes } : {}),
    });
  };
}
