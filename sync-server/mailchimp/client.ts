// A small typed client of the MailChimp Marketing API v3 on fetch: ping, audiences and batch subscribe, retrying politely.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../errors.ts';

/** MailChimp's documented limits: 500 members a batch call, 10 simultaneous connections per key. */
export const MAILCHIMP_LIMITS = { batchSize: 500, maxConcurrent: 10 } as const;
const BACKOFF = { firstMs: 500, capMs: 30_000, retryAfterCapMs: 120_000, timeoutMs: 60_000 } as const;

/** `<32 hex>-<data centre>`, the data centre being letters then digits (us1 … us21, and any others MailChimp adds). */
const KEY_RE = /^([0-9a-f]{32})-([a-z]{2,4}[0-9]{1,3})$/i;

export interface ApiKey {
  key: string;
  dataCentre: string;
}

export function parseApiKey(key: string): ApiKey {
  const m = KEY_RE.exec(key.trim());
  if (!m?.[1] || !m[2]) {
    throw new AppError(422, ERROR_CODES.MAILCHIMP_BAD_KEY, 'This is not a MailChimp API key: it should be 32 hexadecimal characters, a dash and a data centre such as us6.');
  }
  return { key: `${m[1]}-${m[2].toLowerCase()}`, dataCentre: m[2].toLowerCase() };
}

export const defaultBaseUrl = (dataCentre: string): string => `https://${dataCentre}.api.mailchimp.com/3.0`;

export interface MailChimpOptions {
  apiKey: string;
  /** Replaces `https://<dc>.api.mailchimp.com/3.0` (tests point it at the double; the server reads MAILCHIMP_BASE_URL). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Requests in flight at once (default 2; never above MailChimp's 10). */
  maxConcurrent?: number;
  /** Further attempts after a 429, a 5xx or a network failure (default 5). */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface Audience {
  id: string;
  name: string;
  memberCount: number;
}

export interface MemberIn {
  email: string;
  mergeFields?: Record<string, string>;
}

export interface BatchResult {
  created: number;
  updated: number;
  /** Members MailChimp refused (HTTP 200 with `errors`): `code` is MailChimp's, e.g. ERROR_GENERIC, ERROR_CONTACT_EXISTS. */
  failed: { email: string; code: string; message: string }[];
}

interface BatchAnswer {
  total_created?: number;
  total_updated?: number;
  errors?: { email_address?: string; error?: string; error_code?: string }[];
}

/** At most `max` tasks at once; a finished task hands its slot to the next waiting one. */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export class MailChimpClient {
  private readonly key: string;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly gate: Gate;
  readonly maxConcurrent: number;
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(opts: MailChimpOptions) {
    const { key, dataCentre } = parseApiKey(opts.apiKey);
    this.key = key;
    this.baseUrl = (opts.baseUrl ?? defaultBaseUrl(dataCentre)).replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? fetch;
    const wanted = Math.floor(opts.maxConcurrent ?? 2);
    this.maxConcurrent = Number.isFinite(wanted) ? Math.max(1, Math.min(MAILCHIMP_LIMITS.maxConcurrent, wanted)) : 2;
    this.gate = new Gate(this.maxConcurrent);
    this.retries = Math.max(0, opts.retries ?? 5);
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
  }

  /** MailChimp's health check; also proves the key is accepted. */
  async ping(): Promise<string> {
    const body = (await this.request('GET', '/ping')) as { health_status?: string };
    return body.health_status ?? '';
  }

  async listAudiences(): Promise<Audience[]> {
    const body = (await this.request('GET', '/lists?fields=lists.id,lists.name,lists.stats.member_count,total_items&count=1000')) as {
      lists?: { id: string; name: string; stats?: { member_count?: number } }[];
    };
    return (body.lists ?? []).map((l) => ({ id: l.id, name: l.name, memberCount: l.stats?.member_count ?? 0 }));
  }

  /**
   * Adds the members to the audience (subscribed) or updates those already in it (their subscription status is left
   * alone: `status_if_new`), in calls of at most 500. The caller refuses duplicate addresses first: MailChimp rejects a
   * whole call in which two members share one (FC-MC-002). The first call that fails for good stops the rest.
   */
  async batchSubscribe(listId: string, members: readonly MemberIn[], opts: { onProgress?(done: number, total: number): void } = {}): Promise<BatchResult> {
    const chunks: MemberIn[][] = [];
    for (let i = 0; i < members.length; i += MAILCHIMP_LIMITS.batchSize) chunks.push(members.slice(i, i + MAILCHIMP_LIMITS.batchSize));
    const result: BatchResult = { created: 0, updated: 0, failed: [] };
    let done = 0;
    let next = 0;
    let stopped = false;
    const path = `/lists/${encodeURIComponent(listId)}`;
    const worker = async (): Promise<void> => {
      while (!stopped && next < chunks.length) {
        const chunk = chunks[next++] ?? [];
        const body = {
          members: chunk.map((m) => ({ email_address: m.email, status_if_new: 'subscribed', ...(m.mergeFields ? { merge_fields: m.mergeFields } : {}) })),
          update_existing: true,
        };
        try {
          const answer = (await this.request('POST', path, body)) as BatchAnswer;
          result.created += answer.total_created ?? 0;
          result.updated += answer.total_updated ?? 0;
          for (const e of answer.errors ?? []) result.failed.push({ email: e.email_address ?? '', code: e.error_code ?? 'ERROR_GENERIC', message: e.error ?? '' });
        } catch (err) {
          stopped = true;
          throw err;
        }
        done += chunk.length;
        opts.onProgress?.(done, members.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxConcurrent, chunks.length) }, worker));
    return result;
  }

  /** One call: retried on 429, 5xx and network failures with backoff (Retry-After when given); other answers are final. */
  private async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`fieldcrm:${this.key}`).toString('base64')}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let last = '';
    for (let attempt = 0; ; attempt++) {
      let answer: { status: number; retryAfter: string | null; text: string } | null = null;
      try {
        // The body is read inside the gate: a connection is busy until its answer has arrived.
        answer = await this.gate.run(async () => {
          const res = await this.fetchFn(this.baseUrl + path, { ...init, signal: AbortSignal.timeout(BACKOFF.timeoutMs) });
          return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
        });
      } catch (err) {
        last = `network failure (${err instanceof Error ? err.message : 'unknown'})`;
      }
      if (answer && answer.status < 300) return this.json(answer.text);
      if (answer && answer.status !== 429 && answer.status < 500) throw this.refusal(answer.status, answer.text);
      if (answer) last = `HTTP ${answer.status}${problemText(answer.text)}`;
      if (attempt >= this.retries) {
        throw this.error(503, ERROR_CODES.MAILCHIMP_UNREACHABLE, `MailChimp could not be reached or stayed unavailable after ${attempt + 1} attempts (last: ${last}).`);
      }
      await this.sleep(this.delay(attempt, answer?.retryAfter ?? null));
    }
  }

  private json(text: string): unknown {
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch {
      throw this.error(502, ERROR_CODES.MAILCHIMP_REJECTED, 'MailChimp answered with something that is not JSON.');
    }
  }

  /** Exponential backoff with full jitter, capped; a Retry-After in seconds (or an HTTP date) is honoured, within a cap. */
  private delay(attempt: number, retryAfter: string | null): number {
    if (retryAfter) {
      const seconds = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : (Date.parse(retryAfter) - Date.now()) / 1000;
      if (Number.isFinite(seconds) && seconds >= 0) return Math.min(BACKOFF.retryAfterCapMs, Math.ceil(seconds * 1000));
    }
    const ceiling = Math.min(BACKOFF.capMs, BACKOFF.firstMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private refusal(status: number, text: string): AppError {
    if (status === 401) return this.error(422, ERROR_CODES.MAILCHIMP_UNAUTHORIZED, `MailChimp does not accept the API key${problemText(text)}.`);
    if (status === 404) return this.error(422, ERROR_CODES.MAILCHIMP_AUDIENCE_NOT_FOUND, `MailChimp has no such audience${problemText(text)}.`);
    return this.error(502, ERROR_CODES.MAILCHIMP_REJECTED, `MailChimp refused the request (HTTP ${status})${problemText(text)}.`);
  }

  /** Every message passes here: the key (or its secret part) never reaches an error, a log or a browser. */
  private error(status: ContentfulStatusCode, code: ErrorCode, message: string): AppError {
    const secret = this.key.split('-')[0] ?? this.key;
    return new AppError(status, code, message.split(this.key).join('[key]').split(secret).join('[key]'));
  }
}

/** `: <title>: <detail> (<field>: <message>, …)` from MailChimp's problem+json, or '' when the body is not one. */
function problemText(text: string): string {
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    return '';
  }
  if (typeof p !== 'object' || p === null) return '';
  const { title, detail, errors } = p as { title?: unknown; detail?: unknown; errors?: unknown };
  const parts = [title, detail].filter((s): s is string => typeof s === 'string' && s.length > 0);
  const fields = Array.isArray(errors)
    ? errors.map((e: { field?: unknown; message?: unknown }) => [e?.field, e?.message].filter((s) => typeof s === 'string' && s).join(': ')).filter(Boolean)
    : [];
  const text1 = parts.join(': ') + (fields.length ? ` (${fields.join(', ')})` : '');
  return text1 ? `: ${text1.slice(0, 500)}` : '';
}
