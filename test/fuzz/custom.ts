// Hostile custom fields (issue #24): definitions an administrator's client might send (wrong types, odd codes, huge
// or strange labels and options, prototype keys), and hostile values for the custom fields that exist.
import { CUSTOM_KINDS, CUSTOMIZABLE } from '../../shared/entities/index.ts';
import type { Rng } from '../helpers/prng.ts';
import { hostileString, hostileValue, PROTO_KEYS, SQL_PAYLOADS, toJson, withKey } from './payloads.ts';

const CODES = ['rating', 'a1', 'x_y', 'Rating', '1abc', '_a', 'a-b', 'a b', 'ab_', 'é', 'a'.repeat(30), 'a'.repeat(31), '', ...PROTO_KEYS, ...SQL_PAYLOADS.slice(0, 3)];

function label(rng: Rng): unknown {
  return rng.weighted<() => unknown>([
    [4, () => ({ en: rng.chance(0.6) ? 'Field' : hostileString(rng), fr: rng.chance(0.6) ? 'Champ' : hostileString(rng) })],
    [1, () => hostileValue(rng)],
    [1, () => withKey({ en: 'A', fr: 'B' }, rng.pick(PROTO_KEYS), { polluted: true })],
  ])();
}

function options(rng: Rng): unknown {
  if (rng.chance(0.3)) return hostileValue(rng);
  const n = rng.pick([0, 1, 2, 5, 101]);
  return Array.from({ length: n }, (_, i) => (rng.chance(0.8) ? { value: rng.chance(0.7) ? `v${i % (rng.chance(0.2) ? 1 : n)}` : hostileString(rng), en: rng.chance(0.8) ? 'Yes' : hostileString(rng), fr: 'Oui' } : hostileValue(rng)));
}

/** A definition body: mostly well-formed with one or two hostile parts, sometimes hostile through and through. */
export function hostileDefinition(rng: Rng): string {
  if (rng.chance(0.1)) return toJson(hostileValue(rng));
  const body: Record<string, unknown> = {
    entity: rng.chance(0.8) ? rng.pick(CUSTOMIZABLE) : rng.pick(['users', 'setting', 'conflict', '__proto__', 'COMPANY', hostileString(rng)]),
    code: rng.chance(0.3) ? `f${rng.int(1_000_000)}` : rng.chance(0.5) ? rng.pick(CODES) : hostileValue(rng),
    kind: rng.chance(0.8) ? rng.pick(CUSTOM_KINDS) : rng.pick(['script', 'emails', 'addresses', 'json', hostileString(rng)]),
    label: label(rng),
    required: rng.chance(0.7) ? rng.chance(0.5) : hostileValue(rng),
    screens: rng.chance(0.7) ? { form: true, list: rng.chance(0.5), search: rng.chance(0.5) } : hostileValue(rng),
  };
  if (body.kind === 'select' || rng.chance(0.1)) body.options = options(rng);
  if (body.kind === 'ref' || rng.chance(0.1)) body.to = rng.chance(0.6) ? rng.pick(['company', 'person', 'lead']) : hostileString(rng);
  if (rng.chance(0.1)) withKey(body, rng.pick(PROTO_KEYS), { admin: true });
  return toJson(body);
}

/** A change (PATCH) body for an existing field. */
export function hostileChange(rng: Rng): string {
  const body: Record<string, unknown> = {};
  if (rng.chance(0.5)) body.label = label(rng);
  if (rng.chance(0.4)) body.hidden = rng.chance(0.7) ? rng.chance(0.5) : hostileValue(rng);
  if (rng.chance(0.3)) body.required = hostileValue(rng);
  if (rng.chance(0.3)) body.options = options(rng);
  if (rng.chance(0.2)) body.kind = rng.pick(CUSTOM_KINDS);
  if (rng.chance(0.1)) return toJson(hostileValue(rng));
  return toJson(body);
}

/** A value for a custom field: the right type now and then, otherwise anything. */
export function hostileCustomValue(rng: Rng, kind: string): unknown {
  if (rng.chance(0.25)) {
    if (kind === 'number' || kind === 'amount') return rng.pick([0, 42, -3, 1e13, 1.5]);
    if (kind === 'boolean') return rng.chance(0.5);
    if (kind === 'date') return rng.pick(['2026-12-05', '2026-02-30', '']);
    if (kind === 'select') return rng.pick(['', 'v0', 'v1', 'nope']);
    return rng.pick(['', 'plain text', 'a@b.example']);
  }
  return hostileValue(rng);
}
