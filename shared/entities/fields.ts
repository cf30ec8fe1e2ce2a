// Field kinds and the helpers that declare an entity; record types are inferred from these declarations.

/** The kinds a field can have. Every consumer (RxDB schema, SQL tables, widgets, validation) switches on this. */
export const FIELD_KINDS = [
  'text',
  'longtext',
  'select',
  'ref',
  'date',
  'datetime',
  'number',
  'boolean',
  'emails',
  'phones',
  'addresses',
  'amount',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

interface FieldBase<K extends FieldKind> {
  readonly kind: K;
  /** Must be non-empty (strings) or present (numbers). */
  readonly required?: boolean;
  /** Index it on the device and in SQL. Indexed fields are always present (RxDB with Dexie needs that). */
  readonly indexed?: boolean;
  /** Caption key in the i18n catalogues: `field.<entity>.<name>` unless given. */
  readonly label?: string;
  /** Set by the server's rules (a quote's prices and totals): shown, never typed in a form. */
  readonly computed?: boolean;
}

export interface TextField extends FieldBase<'text'> {
  readonly maxLength: number;
  /**
   * `email`, `url`, `timezone`, `wall-time` ("YYYY-MM-DDTHH:mm", or empty) get extra checks; `plain` and `phone` none
   * (`phone` asks phones for their dial pad).
   */
  readonly format?: 'plain' | 'email' | 'url' | 'timezone' | 'phone' | 'wall-time';
}
export interface LongTextField extends FieldBase<'longtext'> {
  readonly maxLength: number;
}
export interface SelectField<O extends string = string> extends FieldBase<'select'> {
  readonly options: readonly O[];
  readonly default: O;
}
export interface RefField extends FieldBase<'ref'> {
  /** The entity (or entities, for a note's parent) this field points at. */
  readonly to: readonly string[];
}
export type DateField = FieldBase<'date'>;
export type DateTimeField = FieldBase<'datetime'>;
export interface NumberField extends FieldBase<'number'> {
  readonly min: number;
  readonly max: number;
  /** Shown as money in the user's locale (amounts in the organisation's currency). */
  readonly format?: 'plain' | 'currency';
}
export type BooleanField = FieldBase<'boolean'>;
/**
 * An exact decimal kept as a whole number of its smallest unit (never a binary fraction): money in minor units,
 * a quantity in thousandths, a rate in hundredths of a percent. `scale` is the number of decimals, or `currency`
 * for the minor unit of the record's `currency` field (ISO 4217: JPY 0, EUR 2, BHD 3; see shared/money.ts).
 */
export interface AmountField extends FieldBase<'amount'> {
  readonly scale: number | 'currency';
  /** Bounds in units of the scale (1.50 EUR is 150). */
  readonly min: number;
  readonly max: number;
  /** Shown with a percent sign. */
  readonly percent?: boolean;
}
export type EmailsField = FieldBase<'emails'>;
export type PhonesField = FieldBase<'phones'>;
export type AddressesField = FieldBase<'addresses'>;

export type Field =
  | TextField
  | LongTextField
  | SelectField
  | RefField
  | DateField
  | DateTimeField
  | NumberField
  | BooleanField
  | EmailsField
  | PhonesField
  | AddressesField
  | AmountField;

/** Types of the embedded contact details (kept in the record, as an array of several typed entries). */
export const EMAIL_TYPES = ['business', 'private', 'other'] as const;
export const PHONE_TYPES = ['business', 'mobile', 'home', 'fax', 'other'] as const;
export const ADDRESS_TYPES = ['business', 'billing', 'shipping', 'private', 'other'] as const;
export interface EmailEntry {
  type: (typeof EMAIL_TYPES)[number];
  address: string;
}
export interface PhoneEntry {
  type: (typeof PHONE_TYPES)[number];
  number: string;
}
export interface AddressEntry {
  type: (typeof ADDRESS_TYPES)[number];
  street: string;
  city: string;
  postcode: string;
  region: string;
  country: string;
}

/** The TypeScript value type of a field declaration. Empty values: '' for strings, null for numbers, [] for lists. */
export type ValueOf<F extends Field> = F extends SelectField<infer O>
  ? O
  : F extends NumberField | AmountField
    ? number | null
    : F extends BooleanField
      ? boolean
      : F extends EmailsField
        ? EmailEntry[]
        : F extends PhonesField
          ? PhoneEntry[]
          : F extends AddressesField
            ? AddressEntry[]
            : string;

/** An entity as every consumer sees it. `defineEntity` keeps the precise field types for inference. */
export interface EntityDef {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  /** Fields joined to make the record's title. */
  readonly title: readonly string[];
  /** Fields shown as list columns. */
  readonly listFields: readonly string[];
  /** Fields the type-ahead search looks in (lists are searched inside their entries). */
  readonly searchFields: readonly string[];
  /** The order of the entry screen. */
  readonly formFields: readonly string[];
  /**
   * Who sees a record: `territory` (default) by the rights on its territory; `owner` only the user named in
   * its `ownerId` field (per-user records such as conflicts, which the server writes and the owner settles);
   * `everyone` every signed-in user, read-only (system settings, written by the server alone).
   */
  readonly scope?: 'territory' | 'owner' | 'everyone';
  /** The list's order: an indexed field (or the title's first field, ascending, when absent). */
  readonly sort?: { readonly field: string; readonly direction: 'asc' | 'desc' };
  /**
   * A desktop entity served online only (quotes, orders, products, opportunities): kept by the server, read and
   * written over REST (`/api/records/<entity>…`), whose rules compute what the metadata cannot say; never a device
   * collection, and the sync endpoints refuse it (docs/decisions/0012).
   */
  readonly online?: boolean;
  /** The reference field whose record gives this one its territory (a quote is in its company's territory). */
  readonly territoryFrom?: string;
  /**
   * Times booked on the wall clock of a zone (an appointment): the zone field, and for each instant field the text
   * field keeping its wall time as typed. The wall time is the truth, the instant is derived with the shipped zone
   * rules, so it follows when the rules change (shared/time/wall-clock.ts, docs/decisions/0016).
   */
  readonly wallClock?: { readonly zone: string; readonly times: readonly { readonly instant: string; readonly wall: string }[] };
  /** Guarded by the rights on another entity (a quote's lines by the quote's): its own rows in profiles are not read. */
  readonly rightsFrom?: string;
}

export interface TypedEntityDef<N extends string, F extends Record<string, Field>> extends EntityDef {
  readonly name: N;
  readonly fields: F;
  readonly title: readonly (keyof F & string)[];
  readonly listFields: readonly (keyof F & string)[];
  readonly searchFields: readonly (keyof F & string)[];
  readonly formFields: readonly (keyof F & string)[];
}

/** Fields every replicated record has, whatever its entity. `updatedAt`/`updatedBy` are stamped by the server. */
export interface SystemFields {
  id: string;
  territoryId: string;
  updatedAt: string;
  updatedBy: string;
}
export const SYSTEM_FIELDS = ['id', 'territoryId', 'updatedAt', 'updatedBy'] as const;
/** Fields the server sets on write: a client's value for them never makes a conflict. */
export const SERVER_STAMPED = ['updatedAt', 'updatedBy'] as const;
export const ID_MAX = 40;
export const TERRITORY_MAX = 40;

export type RecordOf<E extends { readonly fields: Record<string, Field> }> = SystemFields & { -readonly [K in keyof E['fields']]: ValueOf<E['fields'][K]> };

export function defineEntity<const N extends string, const F extends Record<string, Field>>(def: TypedEntityDef<N, F>): TypedEntityDef<N, F> {
  return def;
}

export const text = (maxLength: number, o: Partial<Omit<TextField, 'kind' | 'maxLength'>> = {}): TextField => ({ kind: 'text', maxLength, ...o });
export const longtext = (maxLength: number, o: Partial<Omit<LongTextField, 'kind' | 'maxLength'>> = {}): LongTextField => ({
  kind: 'longtext',
  maxLength,
  ...o,
});
export const select = <const O extends string>(options: readonly O[], def: O, o: Partial<FieldBase<'select'>> = {}): SelectField<O> => ({
  kind: 'select',
  options,
  default: def,
  ...o,
});
export const ref = (to: readonly string[], o: Partial<FieldBase<'ref'>> = {}): RefField => ({ kind: 'ref', to, ...o });
export const date = (o: Partial<FieldBase<'date'>> = {}): DateField => ({ kind: 'date', ...o });
export const datetime = (o: Partial<FieldBase<'datetime'>> = {}): DateTimeField => ({ kind: 'datetime', ...o });
export const number = (min: number, max: number, o: Partial<Omit<NumberField, 'kind' | 'min' | 'max'>> = {}): NumberField => ({ kind: 'number', min, max, ...o });
export const boolean = (o: Partial<FieldBase<'boolean'>> = {}): BooleanField => ({ kind: 'boolean', ...o });
export const emails = (): EmailsField => ({ kind: 'emails' });
export const phones = (): PhonesField => ({ kind: 'phones' });
export const addresses = (): AddressesField => ({ kind: 'addresses' });
export const amount = (scale: number | 'currency', min: number, max: number, o: Partial<Omit<AmountField, 'kind' | 'scale' | 'min' | 'max'>> = {}): AmountField => ({
  kind: 'amount',
  scale,
  min,
  max,
  ...o,
});

/** Limits on the embedded lists, shared by validation, RxDB schemas and SQL column sizes. */
export const LIST_LIMITS = { entries: 10, email: 254, phone: 40, street: 200, city: 100, postcode: 20, region: 100, country: 100 } as const;

/** The empty value of a field, used for new records and for absent values on the wire. */
export function emptyValue(f: Field): unknown {
  switch (f.kind) {
    case 'select':
      return f.default;
    case 'number':
    case 'amount':
      return null;
    case 'boolean':
      return false;
    case 'emails':
    case 'phones':
    case 'addresses':
      return [];
    default:
      return '';
  }
}
