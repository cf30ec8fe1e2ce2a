// The data a template merges: the record, its company, person, opportunity, lines and the user, every value already
// formatted for the reader's language (money with its currency, dates, captions), so no field prints a blank where a value exists (766-171775-QA).
import { entityDef, type AddressEntry, type EmailEntry, type EntityName, type Field, type PhoneEntry } from '../../shared/entities/index.ts';
import { nestedChild, type TemplateEntity } from '../../shared/mail-merge.ts';
import { formatDecimal, formatMoney, isCurrency } from '../../shared/money.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
// The captions the app shows for option values (plain data: the PWA's own catalogues, so a document reads as the screen does).
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { fill, lookup, type Catalogue } from '../../shared/i18n/messages.ts';
import type { MergeShape } from './engine.ts';
import { wallDate } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../time/zones.ts';

export type MergeLocale = 'en' | 'fr';
export const mergeLocale = (l: string | undefined): MergeLocale => (l?.startsWith('fr') ? 'fr' : 'en');

/** What a merge reads: the record, its related records (null when absent or not the reader's to see), its lines, titles of what it points at. */
export interface MergeSources {
  entity: TemplateEntity;
  record: WireDoc;
  company: WireDoc | null;
  person: WireDoc | null;
  opportunity: WireDoc | null;
  /** The quote an order came from. */
  quote: WireDoc | null;
  items: WireDoc[];
  /** Titles of referenced records, by `entity:id` (a line's product, a record's company); users by `user:id`. */
  titles: Map<string, string>;
  /** Who merges. */
  user: { id: string; displayName: string; login: string; territory: string };
  locale: MergeLocale;
  timeZone: string;
  now: Date;
}

const catalogue = (l: MergeLocale): Catalogue => (l === 'fr' ? fr : en);
const caption = (l: MergeLocale, key: string, fallback: string): string => {
  const message = lookup(catalogue(l), key) ?? lookup(en, key);
  return message === undefined ? fallback : fill(message, l);
};
const tag = (l: MergeLocale): string => (l === 'fr' ? 'fr-FR' : 'en-GB');

export function formatDate(value: string, l: MergeLocale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Intl.DateTimeFormat(tag(l), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

const zoneOrUtc = (zone: string): string => (zone && zoneRules.has(zone) ? zone : 'UTC');

/** Date and time of an instant in the reader's zone: the wall time from the shipped zone rules, spelt by Intl in UTC. */
export function formatInstant(value: string, l: MergeLocale, timeZone: string): string {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return value;
  const wall = wallDate(zoneRules, zoneOrUtc(timeZone), d.getTime());
  return new Intl.DateTimeFormat(tag(l), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(wall);
}

/** The reader's calendar date of an instant (YYYY-MM-DD), in their zone by the shipped rules. */
export const dateIn = (ms: number, timeZone: string): string => wallDate(zoneRules, zoneOrUtc(timeZone), ms).toISOString().slice(0, 10);

const oneLine = (a: AddressEntry): string => [a.street, [a.postcode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');

/** One field's value as the reader sees it; '' only when the record has no value. */
function formatField(f: Field, v: unknown, rec: Record<string, unknown>, src: MergeSources): string {
  const l = src.locale;
  switch (f.kind) {
    case 'select':
      // A currency reads as its ISO code (EUR), as on an invoice; other options as the app captions them.
      if (isCurrency(v)) return v;
      return typeof v === 'string' && v ? caption(l, `option.${v}`, v) : '';
    case 'ref': {
      if (typeof v !== 'string' || !v) return '';
      const target = f.to.length === 1 ? f.to[0]! : String(rec.parentType ?? '');
      return src.titles.get(`${target}:${v}`) ?? v;
    }
    case 'date':
      return typeof v === 'string' ? formatDate(v, l) : '';
    case 'datetime':
      return typeof v === 'string' ? formatInstant(v, l, src.timeZone) : '';
    case 'number':
      return typeof v === 'number' ? new Intl.NumberFormat(tag(l)).format(v) : '';
    case 'amount': {
      if (typeof v !== 'number') return '';
      if (f.scale === 'currency') return formatMoney(v, String(rec.currency ?? 'EUR'), l);
      return formatDecimal(v, f.scale, l, { percent: f.percent === true, trim: true });
    }
    case 'boolean':
      return v === true ? caption(l, 'ui.yes', 'Yes') : caption(l, 'ui.no', 'No');
    case 'emails':
      return ((v as EmailEntry[] | undefined) ?? []).map((e) => e.address).join(', ');
    case 'phones':
      return ((v as PhoneEntry[] | undefined) ?? []).map((p) => p.number).join(', ');
    case 'addresses':
      return ((v as AddressEntry[] | undefined) ?? []).map(oneLine).join('; ');
    default:
      return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  }
}

/** Every field of a record, formatted; contact lists also give their first entry (`email`, `phone`, `address`, its parts). */
export function recordFields(entity: EntityName | TemplateEntity, doc: WireDoc | null, src: MergeSources): Record<string, string> {
  // A custom entity's key answers its own declaration (its custom fields), like every built-in entity's custom fields.
  const def = entityDef(entity as EntityName);
  const rec = (doc ?? blankRecord(def, '', '')) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, f] of Object.entries(def.fields)) out[name] = formatField(f, rec[name], rec, src);
  if ('emails' in def.fields || 'phones' in def.fields || 'addresses' in def.fields) {
    const emails = (rec.emails as EmailEntry[] | undefined) ?? [];
    const phones = (rec.phones as PhoneEntry[] | undefined) ?? [];
    const addresses = (rec.addresses as AddressEntry[] | undefined) ?? [];
    const a = addresses.find((x) => x.type === 'billing') ?? addresses.find((x) => x.type === 'business') ?? addresses[0];
    Object.assign(out, {
      email: emails[0]?.address ?? '',
      phone: phones[0]?.number ?? '',
      address: a ? oneLine(a) : '',
      street: a?.street ?? '',
      postcode: a?.postcode ?? '',
      city: a?.city ?? '',
      region: a?.region ?? '',
      country: a?.country ?? '',
    });
  }
  if (entity === 'person') out.name = [rec.firstName, rec.lastName].filter((x) => typeof x === 'string' && x).join(' ');
  return out;
}

type Related = 'company' | 'person' | 'opportunity' | 'quote';
const RELATED: Partial<Record<TemplateEntity, Related[]>> = {
  person: ['company'],
  opportunity: ['company', 'person'],
  quote: ['company', 'person', 'opportunity'],
  order: ['company', 'person', 'opportunity', 'quote'],
};
/** The records merged beside one of `entity`: a built-in entity's, or a custom entity's parent (its company or person). */
function relatedOf(entity: TemplateEntity): Related[] {
  if (Object.prototype.hasOwnProperty.call(RELATED, entity)) return RELATED[entity] ?? [];
  const fields = entityDef(entity as EntityName).fields;
  return (['company', 'person'] as const).filter((e) => Object.prototype.hasOwnProperty.call(fields, `${e}Id`));
}

/** The merge data of a record: `<entity>`, `company`, `person`, `opportunity`, `items` (quotes and orders), `user`, `today`. */
export function mergeData(src: MergeSources): Record<string, unknown> {
  const data: Record<string, unknown> = {
    [src.entity]: recordFields(src.entity, src.record, src),
    user: { name: src.user.displayName, login: src.user.login, territory: src.user.territory },
    // The merging user's date, not the server's (a Denver evening is already tomorrow in UTC).
    today: formatDate(dateIn(src.now.getTime(), src.timeZone), src.locale),
  };
  for (const e of relatedOf(src.entity)) data[e] = recordFields(e, src[e], src);
  const child = nestedChild(src.entity);
  if (child) data.items = src.items.map((it) => recordFields(child, it, src));
  return data;
}

/** The names a template for `entity` may use: the same builder on empty records, so the check and the merge never disagree. */
export function mergeShape(entity: TemplateEntity): MergeShape {
  const def = entityDef(entity as EntityName);
  const blank = { ...blankRecord(def, '', ''), _deleted: false } as WireDoc;
  const child = nestedChild(entity);
  const src: MergeSources = {
    entity,
    record: blank,
    company: null,
    person: null,
    opportunity: null,
    quote: null,
    items: child ? [{ ...blankRecord(entityDef(child), '', ''), _deleted: false } as WireDoc] : [],
    titles: new Map(),
    user: { id: '', displayName: '', login: '', territory: '' },
    locale: 'en',
    timeZone: 'UTC',
    now: new Date(0),
  };
  return mergeData(src) as MergeShape;
}

/** Every field path of a template entity, for the editor's field list (`quote.total`, `items.quantity`…). */
export function fieldPaths(entity: TemplateEntity): string[] {
  const out: string[] = [];
  const visit = (prefix: string, v: unknown): void => {
    if (Array.isArray(v)) visit(prefix, v[0]);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) visit(prefix ? `${prefix}.${k}` : k, x);
    else out.push(prefix);
  };
  visit('', mergeShape(entity));
  return out;
}
