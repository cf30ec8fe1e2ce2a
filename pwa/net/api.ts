// The device's HTTP client: JSON in and out, problem bodies turned into ApiError with the server's stable code.
import { ERROR_CODES, isProblem, type ErrorCode, type Problem } from '../../shared/errors.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get isNetwork(): boolean {
    return this.code === 'network';
  }
}

/** The error for a refused request: the server's problem body when it sent one (uploads over XMLHttpRequest use it too). */
export function apiError(status: number, body: unknown): ApiError {
  const problem: Problem | undefined = isProblem(body) ? body : undefined;
  return new ApiError(status, problem?.code ?? ERROR_CODES.INTERNAL, problem?.title ?? `HTTP ${status}`, problem);
}

export interface ApiOptions {
  /** Server origin; '' in the browser (same origin). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Bearer token for clients without cookies (Node tests, tools). */
  token?: () => string | undefined;
  /** Called once per 401: the session ended; the UI asks the user to sign in again. */
  onUnauthorized?: () => void;
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: ApiOptions) {
    this.baseUrl = opts.baseUrl;
    this.doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = this.opts.token?.();
    return { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
  }

  /**
   * One JSON request. With `timeoutMs`, the whole exchange (answer and body) must end by then, or it fails as a network
   * error (`FC-NET` code `network`, retried like any): a mobile connection can stall an answer with no reset for many
   * minutes, and a sync request that never ends holds its collection's replication with it (docs/decisions/0059).
   */
  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    extra: Record<string, string> = {},
    timeoutMs?: number,
    onHeaders?: (headers: Headers) => void,
  ): Promise<T> {
    if (!timeoutMs) return this.exchange<T>(method, path, body, signal, extra, onHeaders);
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort(signal?.reason);
    if (signal?.aborted) ctl.abort(signal.reason);
    signal?.addEventListener('abort', onAbort);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Raced, not only aborted: a body read that ignores its abort signal (seen in Node's fetch) must not hang us.
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new ApiError(0, 'network', `No answer within ${Math.round(timeoutMs / 1000)} s`);
        ctl.abort(err);
        reject(err);
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exchange<T>(method, path, body, ctl.signal, extra, onHeaders), expired]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async exchange<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    extra: Record<string, string>,
    onHeaders?: (headers: Headers) => void,
  ): Promise<T> {
    let res: Response;
    try {
      const init: RequestInit = {
        method,
        headers: this.headers({ ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...extra }),
        credentials: 'same-origin',
        cache: 'no-store',
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      if (signal) init.signal = signal;
      res = await this.doFetch(this.baseUrl + path, init);
    } catch (err) {
      throw new ApiError(0, 'network', err instanceof Error ? err.message : 'Network error');
    }
    if (res.ok) {
      onHeaders?.(res.headers);
      try {
        return (await res.json()) as T;
      } catch (err) {
        // The connection broke while the answer was read (or it was cut off): nothing was taken, try again later.
        if (err instanceof SyntaxError) throw err;
        throw new ApiError(0, 'network', err instanceof Error ? err.message : 'Network error');
      }
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    const err = apiError(res.status, json);
    if (res.status === 401 && err.code !== ERROR_CODES.BAD_CREDENTIALS) this.opts.onUnauthorized?.();
    throw err;
  }

  /** `onHeaders`: called with a successful answer's headers as they arrive, before its body is read. */
  get<T>(path: string, signal?: AbortSignal, timeoutMs?: number, onHeaders?: (headers: Headers) => void): Promise<T> {
    return this.request<T>('GET', path, undefined, signal, {}, timeoutMs, onHeaders);
  }
  post<T>(path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs?: number): Promise<T> {
    return this.request<T>('POST', path, body, undefined, headers, timeoutMs);
  }

  /** Opens a streaming GET (server-sent events); the caller reads the body. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    const res = await this.doFetch(this.baseUrl + path, { headers: this.headers({ Accept: 'text/event-stream' }), credentials: 'same-origin', cache: 'no-store', signal });
    if (res.status === 401) this.opts.onUnauthorized?.();
    return res;
  }
}
