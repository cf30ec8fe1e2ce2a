// Guards on request bodies that run before any route parses one: a size limit per route, JSON only, nested not too deep.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { BODY_LIMITS, MAX_JSON_DEPTH } from './limits.ts';

const tooLarge =
  (max: number) =>
  (c: Context): never => {
    // The rest of the body stays unread, so this connection cannot carry another request: say so.
    c.header('Connection', 'close');
    throw new AppError(413, ERROR_CODES.BODY_TOO_LARGE, `The request body is larger than ${max} bytes.`);
  };

const limiter = (maxSize: number): MiddlewareHandler => bodyLimit({ maxSize, onError: tooLarge(maxSize) });

/**
 * Refuses a body over its route's limit with 413 BODY_TOO_LARGE. A declared Content-Length is refused
 * unread; a chunked body is counted as it arrives and reading stops at the limit.
 */
export function limitBodies(): MiddlewareHandler<AppEnv> {
  const push = limiter(BODY_LIMITS.syncPush);
  const sync = limiter(BODY_LIMITS.sync);
  const auth = limiter(BODY_LIMITS.auth);
  const api = limiter(BODY_LIMITS.api);
  return (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/sync/')) return (/^\/sync\/[^/]+\/push$/.test(path) ? push : sync)(c, next);
    return (path.startsWith('/api/auth/') ? auth : api)(c, next);
  };
}

/**
 * Routes whose body is a file streamed to disk (routes/documents.ts): they take any content type, count and cap the
 * bytes themselves as they arrive (the limit is an administrator's setting), and require a custom header instead of
 * a JSON type to keep cross-site pages out. Only these POST paths skip the guards below; every other route keeps them.
 */
export const STREAMED_UPLOADS: readonly string[] = ['/api/documents/upload', '/api/documents/email'];

/** A body guard that lets the streamed uploads through (they guard themselves). */
export function exceptStreamedUploads(guard: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return (c, next) => (c.req.method === 'POST' && STREAMED_UPLOADS.includes(c.req.path) ? next() : guard(c, next));
}

const hasBody = (h: Headers): boolean => h.has('transfer-encoding') || Number(h.get('content-length') ?? 0) > 0;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * A body must be declared as JSON. Besides telling a client's mistake apart from bad JSON, it means a
 * cross-site page cannot send one without a CORS preflight, which this server never grants.
 */
export function requireJsonBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headers = c.req.raw.headers;
    if (hasBody(headers) && !JSON_TYPE.test(headers.get('content-type') ?? ''))
      throw new AppError(415, ERROR_CODES.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json.');
    await next();
  };
}

/** True when JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH with 400 MALFORMED_BODY, so no route ever walks one.
 * The text read here is kept by Hono, and the route's `c.req.json()` parses it without reading the body again.
 */
export function limitJsonDepth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (hasBody(c.req.raw.headers) && nestsDeeperThan(await c.req.text(), MAX_JSON_DEPTH))
      throw new AppError(400, ERROR_CODES.MALFORMED_BODY, `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    await next();
  };
}
