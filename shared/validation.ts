// Record validation from the entity metadata: the same code runs in the form and on the server, so both give the same answer.
import {
  ADDRESS_TYPES,
  EMAIL_TYPES,
  ID_MAX,
  LIST_LIMITS,
  PHONE_TYPES,
  SYSTEM_FIELDS,
  TERRITORY_MAX,
  type EntityDef,
  type Field,
} from './entities/index.ts';
import { FIELD_CODES, type FieldIssue } from './errors.ts';
import { hasLoneSurrogate } from './text.ts';

export { hasLoneSurrogate };
import { isWallTime } from './time/wall-time.ts';

const ID_RE = /^[A-Za-z0-9_-]+$/;
// Pragmatic address check: one @, a dot in the domain, no spaces. Full RFC 5322 is not what users mean by "valid".
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const URL_RE = /^(https?:\/\/)?[^\s/$.?#][^\s.]*(\.[^\s.]+)+(\/\S*)?$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isValidEmail(value: string): boolean {
  return value.length <= LIST_LIMITS.email && EMAIL_RE.test(value);
}

const zoneCache = new Map<string, boolean>();
let knownZone: ((zone: string) => boolean) | null = null;
/**
 * Zone names are checked against the shipped zone database once a consumer binds it (pwa/time/zones.ts,
 * sync-server/time/zones.ts): an old phone's Intl may not know a zone the data has. Until then, Intl decides.
 */
export function checkTimeZonesWith(has: (zone: string) => boolean): void {
  knownZone = has;
  zoneCache.clear();
}
export function isValidTimeZone(zone: string): boolean {
  if (knownZone) return knownZone(zone);
  let ok = zoneCache.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = zone.length > 0;
    } catch {
      ok = false;
    }
    zoneCache.set(zone, ok);
  }
  return ok;
}

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

type Issues = FieldIssue[];

function checkString(issues: Issues, path: string, value: unknown, max: number, required: boolean): value is string {
  if (typeof value !== 'string' || hasLoneSurrogate(value)) {
    issues.push({ field: path, code: FIELD_CODES.NOT_TEXT });
    return false;
  }
  if (required && value.trim() === '') issues.push({ field: path, code: FIELD_CODES.REQUIRED });
  if (value.length > max) issues.push({ field: path, code: FIELD_CODES.TOO_LONG, detail: max });
  return true;
}

function checkEntries(issues: Issues, path: string, value: unknown, check: (entry: Record<string, unknown>, at: string) => void): void {
  if (!Array.isArray(value)) {
    issues.push({ field: path, code: FIELD_CODES.BAD_LIST });
    return;
  }
  if (value.length > LIST_LIMITS.entries) issues.push({ field: path, code: FIELD_CODES.TOO_MANY, detail: LIST_LIMITS.entries });
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) issues.push({ field: `${path}.${i}`, code: FIELD_CODES.BAD_LIST });
    else check(entry as Record<string, unknown>, `${path}.${i}`);
  });
}

function checkType(issues: Issues, at: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) issues.push({ field: `${at}.type`, code: FIELD_CODES.NOT_IN_LIST, detail: allowed.join(',') });
}

function checkField(issues: Issues, name: string, f: Field, value: unknown): void {
  const required = f.required === true;
  switch (f.kind) {
    case 'text':
      if (!checkString(issues, name, value, f.maxLength, required) || value === '') return;
      if (f.format === 'email' && !isValidEmail(value)) issues.push({ field: name, code: FIELD_CODES.BAD_EMAIL });
      if (f.format === 'url' && !URL_RE.test(value)) issues.push({ field: name, code: FIELD_CODES.BAD_URL });
      if (f.format === 'timezone' && !isValidTimeZone(value)) issues.push({ field: name, code: FIELD_CODES.BAD_TIMEZONE });
      if (f.format === 'wall-time' && value !== '' && !isWallTime(value)) issues.push({ field: name, code: FIELD_CODES.BAD_DATETIME });
      return;
    case 'longtext':
      checkString(issues, name, value, f.maxLength, required);
      return;
    case 'ref':
      if (!checkString(issues, name, value, ID_MAX, required) || value === '') return;
      if (!ID_RE.test(value)) issues.push({ field: name, code: FIELD_CODES.BAD_ID });
      return;
    case 'select':
      if (typeof value !== 'string' || !f.options.includes(value)) issues.push({ field: name, code: FIELD_CODES.NOT_IN_LIST, detail: f.options.join(',') });
      else if (required && value === '') issues.push({ field: name, code: FIELD_CODES.REQUIRED });
      return;
    case 'date':
      if (!checkString(issues, name, value, 10, required) || value === '') return;
      if (!DATE_RE.test(value) || !isRealDate(value)) issues.push({ field: name, code: FIELD_CODES.BAD_DATE });
      return;
    case 'datetime':
      if (!checkString(issues, name, value, 40, required) || value === '') return;
      if (!DATETIME_RE.test(value) || Number.isNaN(Date.parse(value)) || !isRealDate(value.slice(0, 10)))
        issues.push({ field: name, code: FIELD_CODES.BAD_DATETIME });
      return;
    case 'number':
      if (value === null) {
        if (required) issues.push({ field: name, code: FIELD_CODES.REQUIRED });
      } else if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ field: name, code: FIELD_CODES.BAD_NUMBER });
      else if (value < 0 && f.min === 0) issues.push({ field: name, code: FIELD_CODES.NEGATIVE });
      else if (value < f.min || value > f.max) issues.push({ field: name, code: FIELD_CODES.OUT_OF_RANGE, detail: `${f.min}..${f.max}` });
      return;
    case 'amount':
      // A whole number of the scale's units: a fraction here would mean a binary fraction of money.
      if (value === null) {
        if (required) issues.push({ field: name, code: FIELD_CODES.REQUIRED });
      } else if (typeof value !== 'number' || !Number.isSafeInteger(value)) issues.push({ field: name, code: FIELD_CODES.BAD_NUMBER });
      else if (value < 0 && f.min === 0) issues.push({ field: name, code: FIELD_CODES.NEGATIVE });
      else if (value < f.min || value > f.max) issues.push({ field: name, code: FIELD_CODES.OUT_OF_RANGE, detail: `${f.min}..${f.max}` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') issues.push({ field: name, code: FIELD_CODES.BAD_BOOLEAN });
      return;
    case 'emails':
      checkEntries(issues, name, value, (e, at) => {
        checkType(issues, at, e.type, EMAIL_TYPES);
        if (checkString(issues, `${at}.address`, e.address, LIST_LIMITS.email, true) && e.address !== '' && !isValidEmail(e.address))
          issues.push({ field: `${at}.address`, code: FIELD_CODES.BAD_EMAIL });
        extraKeys(issues, at, e, ['type', 'address']);
      });
      return;
    case 'phones':
      checkEntries(issues, name, value, (e, at) => {
        checkType(issues, at, e.type, PHONE_TYPES);
        checkString(issues, `${at}.number`, e.number, LIST_LIMITS.phone, true);
        extraKeys(issues, at, e, ['type', 'number']);
      });
      return;
    case 'addresses':
      checkEntries(issues, name, value, (e, at) => {
        checkType(issues, at, e.type, ADDRESS_TYPES);
        for (const part of ['street', 'city', 'postcode', 'region', 'country'] as const) checkString(issues, `${at}.${part}`, e[part], LIST_LIMITS[part], false);
        extraKeys(issues, at, e, ['type', 'street', 'city', 'postcode', 'region', 'country']);
      });
      return;
  }
}

function extraKeys(issues: Issues, at: string, obj: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(obj)) if (!known.includes(k)) issues.push({ field: `${at}.${k}`, code: FIELD_CODES.UNKNOWN_FIELD });
}

/** Cross-field rules that the metadata cannot say by itself. */
function checkRules(issues: Issues, def: EntityDef, doc: Record<string, unknown>): void {
  if (def.name === 'communication' && typeof doc.endsAt === 'string' && doc.endsAt !== '' && typeof doc.startsAt === 'string') {
    if (Date.parse(doc.endsAt) < Date.parse(doc.startsAt)) issues.push({ field: 'endsAt', code: FIELD_CODES.ENDS_BEFORE_START });
  }
}

/**
 * Validates a whole record against its entity. `extra` names keys that may be present besides the
 * fields (the wire's `_deleted`, RxDB's `_meta` and friends); any other unknown key is an issue.
 */
export function validateRecord(def: EntityDef, doc: Record<string, unknown>, extra: readonly string[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof doc.id !== 'string' || doc.id === '' || doc.id.length > ID_MAX || !ID_RE.test(doc.id)) issues.push({ field: 'id', code: FIELD_CODES.BAD_ID });
  if (checkString(issues, 'territoryId', doc.territoryId, TERRITORY_MAX, true) && doc.territoryId !== '' && !ID_RE.test(doc.territoryId))
    issues.push({ field: 'territoryId', code: FIELD_CODES.BAD_ID });
  for (const k of ['updatedAt', 'updatedBy'] as const) checkString(issues, k, doc[k], 64, false);
  for (const [name, f] of Object.entries(def.fields)) checkField(issues, name, f, doc[name]);
  for (const k of Object.keys(doc)) {
    // Own keys only: `constructor`, `__proto__`… must not pass as fields through the prototype chain.
    if (!Object.prototype.hasOwnProperty.call(def.fields, k) && !(SYSTEM_FIELDS as readonly string[]).includes(k) && !extra.includes(k)) issues.push({ field: k, code: FIELD_CODES.UNKNOWN_FIELD });
  }
  checkRules(issues, def, doc);
  return issues;
}

/** Validates only the fields a form shows, for messages before saving. */
export function validateFields(def: EntityDef, doc: Record<string, unknown>): FieldIssue[] {
  return validateRecord(def, doc, Object.keys(doc)).filter((i) => i.code !== FIELD_CODES.UNKNOWN_FIELD);
}
