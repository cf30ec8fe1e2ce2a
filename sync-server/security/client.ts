// Who is asking and over what: the client's address and scheme, from the socket unless a trusted proxy says otherwise.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * How many reverse proxies stand in front of the server, from `TRUST_PROXY` (unset or `0`: none, so the
 * socket's peer is the client and X-Forwarded-* headers are ignored, since anyone can send them).
 * With `1`, the last X-Forwarded-For entry (the one our proxy appended) is the client.
 */
export function trustedProxies(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw === '0' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`TRUST_PROXY must be a number of proxies (0-10), not "${raw}"`);
  return n;
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not behind @hono/node-server (app.request() in a test): no socket to ask.
    return 'unknown';
  }
}

/** Expands an IPv6 address to eight hextets, or returns null when it is not one. */
function hextets(ip: string): string[] | null {
  const [head = '', tail, more] = ip.split('::');
  if (more !== undefined) return null;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...Array<string>(missing).fill('0'), ...right];
  return all.every((h) => /^[0-9a-f]{1,4}$/i.test(h)) ? all.map((h) => h.toLowerCase().padStart(4, '0')) : null;
}

/**
 * The key a client is counted under: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 prefix,
 * because one subscriber usually holds a whole /64 and could otherwise step through addresses.
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  const h = hextets(ip.replace(/%.*$/, ''));
  return h ? `${h.slice(0, 4).join(':')}::/64` : ip.slice(0, 64);
}

export interface ClientInfo {
  /** The counting key of the client's address (see addressKey). */
  address: string;
  https: boolean;
}

/** Reads the client from the socket, or from the headers our own proxies set when `proxies` > 0. */
export function clientOf(c: Context, proxies: number): ClientInfo {
  let address = socketAddress(c);
  let https = new URL(c.req.url).protocol === 'https:';
  if (proxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    // Each proxy appends the peer it saw; entries further left than our proxies could be forged by the client.
    const forwarded = hops[hops.length - proxies];
    if (forwarded) address = forwarded;
    const proto = (c.req.header('x-forwarded-proto') ?? '').split(',').map((s) => s.trim().toLowerCase());
    if (proto.length > 0 && proto[0] !== '') https = proto[proto.length - 1] === 'https';
  }
  return { address: addressKey(address), https };
}
