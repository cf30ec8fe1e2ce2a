// A local double of the MailChimp Marketing API v3 endpoints FieldCRM uses, on loopback: checks requests as MailChimp does, answers its shapes.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A well-formed key for tests (never a real one). */
export const TEST_API_KEY = '0123456789abcdef0123456789abcdef-us6';

export interface DoubleMember {
  id: string;
  email_address: string;
  status: string;
  merge_fields: Record<string, unknown>;
  list_id: string;
}

export interface DoubleRequest {
  method: string;
  path: string;
  /** Members in a batch call's body. */
  members?: number;
}

export interface MailChimpDouble {
  /** Base URL ending in `/3.0`, for the client's `baseUrl`. */
  url: string;
  apiKey: string;
  /** The account's audiences (push to add one); their member counts come from `members`. */
  audiences: { id: string; name: string }[];
  /** The audience's members by lower-cased address (created empty on first use). */
  members(listId: string): Map<string, DoubleMember>;
  requests: DoubleRequest[];
  /** The next `count` authenticated requests answer `status` (429, 500, 503…), with `Retry-After: <seconds>` if given. */
  failNext(status: number, count: number, opts?: { retryAfter?: number }): void;
  /** Milliseconds each answer waits (to make requests overlap). */
  latencyMs: number;
  /** The most requests that were in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

const STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'];
const MAX_CONNECTIONS = 10;
/** Deliberately not the app's rule: the double judges addresses on its own, as MailChimp does. */
const PLAUSIBLE = /^[^\s@"<>(),;:]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
const hashOf = (address: string): string => createHash('md5').update(address.toLowerCase()).digest('hex');
const fake = (address: string): string => `${address} looks fake or invalid, please enter a real email address.`;

class Problem {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: { field: string; message: string }[],
  ) {}
}
const invalidResource = (errors: { field: string; message: string }[]): Problem =>
  new Problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", errors);
const notFound = (): Problem => new Problem(404, 'Resource Not Found', 'The requested resource could not be found.');
const TITLES: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export async function startMailChimpDouble(opts: { apiKey?: string; audiences?: { id: string; name: string }[] } = {}): Promise<MailChimpDouble> {
  const apiKey = opts.apiKey ?? TEST_API_KEY;
  const lists = new Map<string, Map<string, DoubleMember>>();
  const failures: { status: number; retryAfter?: number }[] = [];
  let inFlight = 0;

  const double: MailChimpDouble = {
    url: '',
    apiKey,
    audiences: opts.audiences ?? [
      { id: 'a1b2c3d4e5', name: 'FieldCRM customers' },
      { id: 'f6e5d4c3b2', name: 'Trade fair 2026' },
    ],
    members(listId) {
      let m = lists.get(listId);
      if (!m) lists.set(listId, (m = new Map()));
      return m;
    },
    requests: [],
    failNext(status, count, o = {}) {
      for (let i = 0; i < count; i++) failures.push(o.retryAfter === undefined ? { status } : { status, retryAfter: o.retryAfter });
    },
    latencyMs: 0,
    maxInFlight: 0,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const hasList = (id: string): boolean => double.audiences.some((a) => a.id === id);

  function authorised(req: IncomingMessage): boolean {
    const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (!m?.[1]) return false;
    const plain = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = plain.indexOf(':');
    return colon >= 0 && plain.slice(colon + 1) === apiKey;
  }

  function batch(listId: string, body: unknown): unknown {
    if (!hasList(listId)) throw notFound();
    const b = body as { members?: unknown; update_existing?: unknown };
    if (typeof body !== 'object' || body === null || !Array.isArray(b.members)) throw invalidResource([{ field: 'members', message: 'Required fields were not provided: members' }]);
    if (b.update_existing !== undefined && typeof b.update_existing !== 'boolean') throw invalidResource([{ field: 'update_existing', message: 'Schema describes boolean' }]);
    if (b.members.length > 500) throw invalidResource([{ field: 'members', message: `The batch has ${b.members.length} members; at most 500 may be sent in one call.` }]);
    const seen = new Set<string>();
    const checks: { field: string; message: string }[] = [];
    b.members.forEach((m: unknown, i) => {
      const x = m as { email_address?: unknown; status?: unknown; status_if_new?: unknown; merge_fields?: unknown };
      if (typeof m !== 'object' || m === null || typeof x.email_address !== 'string') return void checks.push({ field: `members.${i}.email_address`, message: 'Required fields were not provided: email_address' });
      if (x.status === undefined && x.status_if_new === undefined) checks.push({ field: `members.${i}.status`, message: 'Either status or status_if_new is required' });
      for (const k of ['status', 'status_if_new'] as const) if (x[k] !== undefined && !STATUSES.includes(String(x[k]))) checks.push({ field: `members.${i}.${k}`, message: `Value must be one of: ${STATUSES.join(', ')}` });
      if (x.merge_fields !== undefined && (typeof x.merge_fields !== 'object' || x.merge_fields === null || Array.isArray(x.merge_fields))) checks.push({ field: `members.${i}.merge_fields`, message: 'Schema describes object' });
      const key = x.email_address.trim().toLowerCase();
      // MailChimp identifies members by address, so a call naming one twice is refused whole (742-171455-ENH).
      if (seen.has(key)) checks.push({ field: `members.${i}.email_address`, message: `${x.email_address} is in the batch more than once.` });
      seen.add(key);
    });
    if (checks.length) throw invalidResource(checks);
    const store = double.members(listId);
    const out = { new_members: [] as DoubleMember[], updated_members: [] as DoubleMember[], errors: [] as { email_address: string; error: string; error_code: string }[] };
    for (const m of b.members as { email_address: string; status?: string; status_if_new?: string; merge_fields?: Record<string, unknown> }[]) {
      const address = m.email_address.trim();
      const key = address.toLowerCase();
      const existing = store.get(key);
      if (!PLAUSIBLE.test(address)) out.errors.push({ email_address: address, error: fake(address), error_code: 'ERROR_GENERIC' });
      else if (existing && !b.update_existing) out.errors.push({ email_address: address, error: `${address} is already a list member. Use PUT to insert or update list members.`, error_code: 'ERROR_CONTACT_EXISTS' });
      else if (existing) {
        // Only `status` changes an existing member's subscription; `status_if_new` applies to new ones.
        if (m.status) existing.status = m.status;
        existing.merge_fields = { ...existing.merge_fields, ...m.merge_fields };
        out.updated_members.push(existing);
      } else {
        const created: DoubleMember = { id: hashOf(address), email_address: address, status: m.status ?? m.status_if_new ?? 'subscribed', merge_fields: { ...m.merge_fields }, list_id: listId };
        store.set(key, created);
        out.new_members.push(created);
      }
    }
    return { ...out, total_created: out.new_members.length, total_updated: out.updated_members.length, error_count: out.errors.length };
  }

  function putMember(listId: string, hash: string, body: unknown): unknown {
    if (!hasList(listId)) throw notFound();
    const x = (body ?? {}) as { email_address?: unknown; status?: unknown; status_if_new?: unknown; merge_fields?: Record<string, unknown> };
    if (typeof x.email_address !== 'string') throw invalidResource([{ field: 'email_address', message: 'Required fields were not provided: email_address' }]);
    if (hashOf(x.email_address) !== hash) throw new Problem(400, 'Invalid Resource', 'The subscriber hash does not match the email address.');
    if (!PLAUSIBLE.test(x.email_address)) throw new Problem(400, 'Invalid Resource', fake(x.email_address));
    const store = double.members(listId);
    const existing = store.get(x.email_address.toLowerCase());
    if (existing) {
      if (typeof x.status === 'string') existing.status = x.status;
      existing.merge_fields = { ...existing.merge_fields, ...x.merge_fields };
      return existing;
    }
    const status = x.status_if_new ?? x.status;
    if (typeof status !== 'string' || !STATUSES.includes(status)) throw invalidResource([{ field: 'status_if_new', message: 'The status_if_new field is required for a new member.' }]);
    const created: DoubleMember = { id: hash, email_address: x.email_address, status, merge_fields: { ...x.merge_fields }, list_id: listId };
    store.set(x.email_address.toLowerCase(), created);
    return created;
  }

  function route(method: string, url: URL, body: unknown): unknown {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== '3.0') throw notFound();
    const [, a, id, sub, hash] = parts;
    if (method === 'GET' && a === 'ping' && parts.length === 2) return { health_status: "Everything's Chimpy!" };
    if (method === 'GET' && a === 'lists' && parts.length === 2) {
      const count = Math.min(1000, Number(url.searchParams.get('count') ?? 10));
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const lists = double.audiences.slice(offset, offset + count).map((l) => ({ id: l.id, name: l.name, stats: { member_count: double.members(l.id).size } }));
      return { lists, total_items: double.audiences.length };
    }
    if (method === 'POST' && a === 'lists' && id && parts.length === 3) return batch(id, body);
    if (method === 'PUT' && a === 'lists' && id && sub === 'members' && hash && parts.length === 5) return putMember(id, hash, body);
    throw notFound();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let parseError = false;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      parseError = true;
    }
    const members = (body as { members?: unknown } | undefined)?.members;
    double.requests.push({ method: req.method ?? '', path: url.pathname, ...(Array.isArray(members) ? { members: members.length } : {}) });
    if (double.latencyMs) await new Promise((r) => setTimeout(r, double.latencyMs));
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': status < 300 ? 'application/json; charset=utf-8' : 'application/problem+json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    const problem = (p: Problem, headers: Record<string, string> = {}): void =>
      send(p.status, { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title: p.title, status: p.status, detail: p.detail, instance: randomUUID(), ...(p.errors ? { errors: p.errors } : {}) }, headers);

    if (!authorised(req)) return problem(new Problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter."));
    if (inFlight > MAX_CONNECTIONS) return problem(new Problem(429, 'Too Many Requests', `You have exceeded the limit of ${MAX_CONNECTIONS} simultaneous connections.`));
    const fail = failures.shift();
    if (fail) return problem(new Problem(fail.status, TITLES[fail.status] ?? 'Error', 'Injected by the test.'), fail.retryAfter === undefined ? {} : { 'Retry-After': String(fail.retryAfter) });
    if (parseError) return problem(new Problem(400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.'));
    try {
      send(200, route(req.method ?? 'GET', url, body));
    } catch (err) {
      if (err instanceof Problem) problem(err);
      else problem(new Problem(500, 'Internal Server Error', String(err)));
    }
  }

  const server = createServer((req, res) => {
    inFlight++;
    double.maxInFlight = Math.max(double.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/3.0`;
  return double;
}
