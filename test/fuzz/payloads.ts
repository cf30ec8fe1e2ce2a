// Hostile values: injection strings, prototype keys, odd numbers, and JSON text that JSON.stringify cannot write.
import type { Rng } from '../helpers/prng.ts';

export const SQL_PAYLOADS = [
  "'; DROP TABLE company; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; DELETE FROM users; --",
  "' UNION SELECT token_hash, user_id FROM sessions --",
  "%' AND 1=0 UNION SELECT sqlite_version() --",
  "'); UPDATE users SET role='admin' WHERE login='sales'; --",
  "\\'; SELECT pg_sleep(5); --",
  "]; WAITFOR DELAY '0:0:5'; --",
] as const;

export const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '</textarea><script>fetch("/api/me")</script>',
  '<iframe srcdoc="<script>parent.alert(1)</script>">',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<style>*{display:none}</style>',
  '&lt;b&gt;&amp;&#x27;',
] as const;

export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: fc_session=forged',
  '\u202egnp.exe',
  '\ud800',
  '\udfff\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂',
  'Ünïcödé ĉàfé',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '\\x00\\u0000',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  '1e400',
] as const;

/** Keys that change an object's prototype or shadow its methods when code copies keys naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** Marks a JSON token that must reach the wire verbatim (numbers JSON.stringify would round or refuse, deep nesting). */
const RAW_MARK = '~~raw~~';
export const raw = (token: string): string => `${RAW_MARK}${token}${RAW_MARK}`;
export const RAW_NUMBERS = ['1e400', '-1e400', '-0', '9007199254740993', '1.0000000000000002', '0.1e-400', '123456789012345678901234567890'] as const;

/** JSON text of a value, with `raw()` tokens written as they are. */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  // The token was escaped as a JSON string (its quotes became \"): unescape it back to what it was.
  return text.replace(/"~~raw~~(.*?)~~raw~~"/g, (_, token: string) => JSON.parse(`"${token}"`) as string);
}

/** Sets `key` as an own, enumerable property, even `__proto__` (which `obj[key] = v` would not). */
export function withKey<T extends object>(obj: T, key: string, value: unknown): T {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

export function hostileString(rng: Rng): string {
  const kind = rng.int(6);
  if (kind === 0) return rng.pick(SQL_PAYLOADS);
  if (kind === 1) return rng.pick(HTML_PAYLOADS);
  if (kind === 2) return rng.pick(ODD_STRINGS);
  if (kind === 3) return rng.pick(PROTO_KEYS);
  if (kind === 4) return longString(rng);
  return `${rng.pick(HTML_PAYLOADS)}${rng.pick(SQL_PAYLOADS)}`;
}

/** Strings at and around the lengths the server checks (40, 64, 120, 200, 254, 8000…), some far beyond. */
export function longString(rng: Rng): string {
  const len = rng.pick([39, 40, 41, 61, 121, 201, 255, 4001, 8001, 16_001, 64_001, 70_000, 200_000]);
  return rng.pick(['A', 'é', '€', '🙂', "'", '<', '\\', '"']).repeat(len).slice(0, len);
}

export function hostileNumber(rng: Rng): number | string {
  return rng.pick<number | string>([-1, 0, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31), Number.MIN_VALUE, raw(rng.pick(RAW_NUMBERS))]);
}

/** Any JSON value, hostile at every level (depth bounds the nesting). */
export function hostileValue(rng: Rng, depth = 2): unknown {
  const kind = rng.int(depth > 0 ? 9 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return hostileNumber(rng);
    case 3:
    case 4:
      return hostileString(rng);
    case 5:
      return rng.chance(0.2) ? deepNesting(rng) : rng.pick([[], {}, '', 0]);
    case 6:
      return Array.from({ length: rng.between(1, 3) }, () => hostileValue(rng, depth - 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = rng.between(1, 3); i > 0; i--) withKey(obj, rng.chance(0.5) ? rng.pick(PROTO_KEYS) : hostileString(rng).slice(0, 50), hostileValue(rng, depth - 1));
      return obj;
    }
  }
}

/** Valid JSON nested thousands deep: parses fine, but recursive code on the server may overflow its stack. */
export function deepNesting(rng: Rng): string {
  const depth = rng.pick([1000, 10_000, 50_000, 100_000]);
  return rng.chance(0.5) ? raw(`${'['.repeat(depth)}${']'.repeat(depth)}`) : raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** A JSON value of another type than `value` (for "wrong type at this place"). */
export function otherType(rng: Rng, value: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    const v = hostileValue(rng, 1);
    if (typeOf(v) !== typeOf(value)) return v;
  }
  return typeOf(value) === 'string' ? 42 : 'x';
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string' && v.startsWith(RAW_MARK)) return v.includes('[') || v.includes('{') ? 'object' : 'number';
  return typeof v;
}

/** Broken JSON texts, from truncation to things JSON.parse refuses or that are not JSON at all. */
export function malformedJson(rng: Rng, valid: string): string {
  const cut = valid.slice(0, Math.max(0, rng.int(valid.length)));
  return rng.pick([
    cut,
    `${valid}}`,
    `${valid},`,
    valid.replace(/"/g, "'"),
    valid.replace(/:/, ''),
    '',
    ' ',
    'undefined',
    'NaN',
    '{"a":1,}',
    "{'login':'sales'}",
    '[1,2,',
    '{"__proto__":',
    '\uFEFF{}',
    '<?xml version="1.0"?><a/>',
    'login=sales&password=x',
    '[' .repeat(5000),
    '{"a":'.repeat(3000),
    '"\\ud800"',
    '\u0000',
  ]);
}
