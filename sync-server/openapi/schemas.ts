// JSON Schemas (2020-12, as OpenAPI 3.1 takes them) derived from the entity declarations the server validates with:
// one per entity, plus the problem body with every error and field code. Nothing here is written per entity by hand.
import { ADDRESS_TYPES, customEntities, customEntityDef, EMAIL_TYPES, entities, entityDef, isEntityName, ID_MAX, LIST_LIMITS, PHONE_TYPES, TERRITORY_MAX, type EntityName, type Field } from '../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';

export type Schema = Record<string, unknown>;

const str = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', maxLength, ...extra });
const list = (item: Record<string, Schema>): Schema => ({ type: 'array', maxItems: LIST_LIMITS.entries, items: { type: 'object', properties: item, required: Object.keys(item), additionalProperties: false } });

/** A field's schema: the same bounds shared/validation.ts checks (length, options, ranges, formats). */
export function fieldSchema(f: Field): Schema {
  const common: Schema = { ...(f.computed ? { readOnly: true } : {}) };
  switch (f.kind) {
    case 'text': {
      const format = f.format === 'email' ? { format: 'email' } : f.format === 'url' ? { format: 'uri' } : {};
      const note = f.format === 'timezone' ? { description: 'An IANA time zone (Europe/Paris).' } : f.format === 'wall-time' ? { description: 'A wall time "YYYY-MM-DDTHH:mm" in the record’s time zone, or empty.' } : {};
      return { ...str(f.maxLength), ...(f.format === 'email' ? { description: 'An e-mail address, or empty.' } : {}), ...format, ...note, ...common };
    }
    case 'longtext':
      return { ...str(f.maxLength), ...common };
    case 'select':
      return { type: 'string', enum: [...f.options], default: f.default, ...common };
    case 'ref':
      return { ...str(ID_MAX), description: `The id of a ${f.to.join(' or ')} (or empty).`, ...common };
    case 'date':
      return { type: 'string', description: 'A date "YYYY-MM-DD", or empty.', maxLength: 10, ...common };
    case 'datetime':
      return { type: 'string', description: 'An ISO 8601 instant in UTC, or empty.', maxLength: 40, ...common };
    case 'number':
      return { type: ['number', 'null'], minimum: f.min, maximum: f.max, ...common };
    case 'amount':
      return {
        type: ['integer', 'null'],
        minimum: f.min,
        maximum: f.max,
        description: `An exact decimal as a whole number of its smallest unit (${f.scale === 'currency' ? 'the minor unit of the record’s currency' : `${f.scale} decimals`}).`,
        ...common,
      };
    case 'boolean':
      return { type: 'boolean', ...common };
    case 'emails':
      return { ...list({ type: { type: 'string', enum: [...EMAIL_TYPES] }, address: str(LIST_LIMITS.email) }), ...common };
    case 'phones':
      return { ...list({ type: { type: 'string', enum: [...PHONE_TYPES] }, number: str(LIST_LIMITS.phone) }), ...common };
    case 'addresses':
      return {
        ...list({
          type: { type: 'string', enum: [...ADDRESS_TYPES] },
          street: str(LIST_LIMITS.street),
          city: str(LIST_LIMITS.city),
          postcode: str(LIST_LIMITS.postcode),
          region: str(LIST_LIMITS.region),
          country: str(LIST_LIMITS.country),
        }),
        ...common,
      };
  }
}

/** The schema name of an entity's record (`Company`, `QuoteItem`). */
export const schemaName = (e: string): string => e.charAt(0).toUpperCase() + e.slice(1);

/** A record as the API answers it: every field always present ('' / null / [] for empty), plus the system fields. */
export function entitySchema(e: string): Schema {
  // A custom entity (`x_project`) is documented from its declaration like a built-in one (docs/decisions/0050).
  const def = isEntityName(e) ? entityDef(e) : customEntityDef(e);
  if (!def) return { type: 'object' };
  const properties: Record<string, Schema> = {
    id: str(ID_MAX, { description: 'Chosen by the client (a UUID) or the server.' }),
    territoryId: str(TERRITORY_MAX, { description: 'The territory that decides who sees it.' }),
    updatedAt: { type: 'string', maxLength: 40, readOnly: true },
    updatedBy: { type: 'string', maxLength: ID_MAX, readOnly: true },
    _deleted: { type: 'boolean', description: 'True on a tombstone (pull answers only).' },
  };
  for (const [name, f] of Object.entries(def.fields)) properties[name] = fieldSchema(f as Field);
  const required = Object.entries(def.fields)
    .filter(([, f]) => (f as Field).required)
    .map(([k]) => k);
  return {
    type: 'object',
    title: schemaName(e),
    description: `${def.online ? 'Online only (REST).' : 'Kept on devices (sync) and readable over REST.'} Title: ${def.title.join(' ')}.`,
    properties,
    ...(required.length ? { required } : {}),
  };
}

/** Every entity's schema, and the shared ones (problem body, field issue). */
export function componentSchemas(): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const e of Object.keys(entities) as EntityName[]) out[schemaName(e)] = entitySchema(e);
  for (const c of customEntities()) out[schemaName(c.key)] = entitySchema(c.key);
  out.FieldIssue = {
    type: 'object',
    properties: {
      field: { type: 'string', description: 'The field’s path, e.g. `name` or `emails.1.address`.' },
      code: { type: 'string', enum: Object.values(FIELD_CODES) },
      detail: { type: ['string', 'number'], description: 'The limit or list the message needs.' },
      row: { type: 'integer', description: 'The row of a pushed batch.' },
      id: { type: 'string' },
    },
    required: ['field', 'code'],
  };
  out.Problem = {
    type: 'object',
    description: 'Every error is answered with this body (application/problem+json, after RFC 9457) and a stable `code`: decide on the code, never on the title.',
    properties: {
      type: { type: 'string', const: 'about:blank' },
      status: { type: 'integer' },
      code: { type: 'string', enum: Object.values(ERROR_CODES), description: Object.entries(ERROR_CODES).map(([k, v]) => `${v}: ${k}`).join('; ') },
      title: { type: 'string' },
      detail: { type: 'string' },
      line: { type: 'integer' },
      column: { type: 'integer' },
      issues: { type: 'array', items: { $ref: '#/components/schemas/FieldIssue' } },
      requestId: { type: 'string', description: 'Also the X-Request-Id header: quote it when reporting a problem.' },
    },
    required: ['type', 'status', 'code', 'title'],
  };
  return out;
}
