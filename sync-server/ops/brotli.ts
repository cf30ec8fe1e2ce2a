// Brotli for the clients that accept it (every browser, over HTTPS and on localhost), before Hono's gzip/deflate
// (docs/decisions/0061; 0056 chose gzip when Brotli's quality 4 gave no gain).
import { Duplex } from 'node:stream';
import { constants, createBrotliCompress } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';

/**
 * Quality 5: on pull pages (the demo mix, 1,000 records a page) 30.0 bytes per record against gzip's 34.6, for the same
 * CPU (29 against 28 ms per 10,000 records, `zlib`). Quality 4 gives gzip's size; 6 and up cost more than they save.
 */
const QUALITY = 5;
const THRESHOLD = 1024;
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/i;
const VARY_ACCEPT_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/** True when `Accept-Encoding` lists `br` with a quality above 0 (or `*` does). */
export function acceptsBrotli(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = 0;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (name === 'br') return q > 0;
    if (name === '*') wildcard = q;
  }
  return wildcard > 0;
}

/**
 * Compresses an answer with Brotli when the client accepts it, under the rules Hono's `compress()` applies (not a
 * range, not already encoded, not HEAD, not under 1 KB, a compressible type, which excludes the change stream, and not
 * `Cache-Control: no-transform`). Registered inside `compress()`, so that one leaves an answer encoded here alone.
 * Streamed through Node's zlib: the answer leaves as it is produced.
 */
export function brotli(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!acceptsBrotli(c.req.header('Accept-Encoding')) || !res.body) return;
    const length = res.headers.get('Content-Length');
    const type = res.headers.get('Content-Type');
    if (res.status === 206 || res.headers.has('Content-Encoding') || res.headers.has('Transfer-Encoding') || c.req.method === 'HEAD') return;
    if ((length && Number(length) < THRESHOLD) || !type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')) return;
    const params: Record<number, number> = { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT };
    if (length) params[constants.BROTLI_PARAM_SIZE_HINT] = Number(length);
    const pair = Duplex.toWeb(createBrotliCompress({ params })) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    c.res = new Response(res.body.pipeThrough(pair), res);
    c.res.headers.delete('Content-Length');
    c.res.headers.set('Content-Encoding', 'br');
    const vary = c.res.headers.get('Vary');
    if (vary !== '*' && !(vary && VARY_ACCEPT_ENCODING.test(vary))) c.res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const etag = c.res.headers.get('ETag');
    if (etag && !etag.startsWith('W/')) c.res.headers.set('ETag', `W/${etag}`);
  };
}
