// Sends one request over node:http (not fetch), so the fuzzer can send what browsers never would: GET with a body, raw paths, any method.
import { request } from 'node:http';

export interface FuzzRequest {
  method: string;
  /** Sent as written (already percent-encoded where needed). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string>;
  /** At most `maxBody` bytes; a live event stream is cut after its first bytes. */
  body: string;
  /** The connection failed, or there was no answer in time (`error` says which). */
  error?: string;
}

const MAX_BODY = 1024 * 1024;

export function send(base: URL, req: FuzzRequest, timeoutMs = 10_000): Promise<FuzzResponse> {
  // A request node:http refuses to write is a bug in the generator, not a finding: say which one.
  if (/[^\u0021-\u00ff]/.test(req.path)) throw new Error(`the fuzzer made a path node:http cannot send: ${JSON.stringify(req.path.slice(0, 200))}`);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: FuzzResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = Buffer.byteLength(req.body);
    const out = request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const headersOut: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headersOut[k] = Array.isArray(v) ? v.join(', ') : v;
      const finish = (): void => done({ status: res.statusCode ?? 0, headers: headersOut, body: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // An event stream never ends by itself: its first event is enough to judge it.
        if (size > MAX_BODY || (headersOut['content-type'] ?? '').startsWith('text/event-stream')) {
          finish();
          res.destroy();
          out.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    const timer = setTimeout(() => {
      out.destroy();
      done({ status: 0, headers: {}, body: '', error: `no answer in ${timeoutMs} ms` });
    }, timeoutMs);
    out.on('error', (err: NodeJS.ErrnoException) => {
      // The server may answer early (413) and close while a large body is still being written: wait for that answer.
      setTimeout(() => done({ status: 0, headers: {}, body: '', error: `${err.code ?? ''} ${err.message}`.trim() }), 200);
    });
    if (req.body !== undefined) out.end(req.body);
    else out.end();
  });
}
