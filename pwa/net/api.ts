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

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<T> {
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
    if (res.ok) return (await res.json()) as T;
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

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, undefined, signal);
  }
  post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('POST', path, body, undefined, headers);
  }

  /** Opens a streaming GET (server-sent events); the caller reads the body. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    const res = await this.doFetch(this.baseUrl + path, { headers: this.headers({ Accept: 'text/event-stream' }), credentials: 'same-origin', cache: 'no-store', signal });
    if (res.status === 401) this.opts.onUnauthorized?.();
    return res;
  }
}
