// Custom fields: the administrator's additions to built-in entities, declared as data and merged into the registry,
// so every consumer of `entityDef` (forms, lists, search, validation, reports, REST, OpenAPI, stores) sees them.
import { amount, boolean, date, longtext, number, ref, select, text, type EntityDef, type Field } from './fields.ts';
import { hasLoneSurrogate } from '../text.ts';

/** Entities that take custom fields (docs/decisions/0044). */
export const CUSTOMIZABLE = ['company', 'person', 'lead', 'communication', 'note', 'opportunity', 'quote', 'order'] as const;
export type CustomizableEntity = (typeof CUSTOMIZABLE)[number];
export const isCustomizable = (e: string): e is CustomizableEntity => (CUSTOMIZABLE as readonly string[]).includes(e);

/** What an administrator picks: the existing field kinds, with e-mail and phone as their own choices. */
export const CUSTOM_KINDS = ['text', 'longtext', 'number', 'amount', 'date', 'select', 'ref', 'email', 'phone', 'boolean'] as const;
export type CustomKind = (typeof CUSTOM_KINDS)[number];
/** What a reference field may point at: the records every device keeps. */
export const CUSTOM_REF_TARGETS = ['company', 'person', 'lead'] as const;

export interface Bilingual {
  en: string;
  fr: string;
}
export interface CustomOption extends Bilingual {
  /** The stored value (a code): letters, digits, `_` and `-`. */
  value: string;
}
/** Where the field shows: on the entry screen and the record's view, as a list column, among the searched fields. */
export interface CustomScreens {
  form: boolean;
  list: boolean;
  search: boolean;
}
export interface CustomFieldSpec {
  entity: CustomizableEntity;
  /** The record key: `c_` and the code the administrator typed, so it never meets a built-in field's name. */
  key: string;
  kind: CustomKind;
  label: Bilingual;
  required: boolean;
  /** Option list: its values, in order. */
  options?: CustomOption[];
  /** Reference: the entity it points at. */
  to?: (typeof CUSTOM_REF_TARGETS)[number];
  screens: CustomScreens;
  /** Hidden (removed from screens): the field and its values are kept until purged. */
  hidden: boolean;
}
/**
 * A custom entity (docs/decisions/0050): its records are `customRecord` rows named by `key`; its fields are custom
 * fields whose `entity` is this key. Rights are profile rows on `key`, like a built-in entity's.
 */
export interface CustomEntitySpec {
  /** `x_<code>`: the entity's name in the API (`/api/records/x_project`), in rights and in captions. */
  key: string;
  /** One record, and the list (navigation). */
  label: Bilingual;
  plural: Bilingual;
  /** The record its records belong to, if any: chosen on the form, and the record's screen lists them. */
  parent: 'company' | 'person' | 'none';
  /** `parent`: a record is in its parent's territory (follows it); `own`: its creator picks one. */
  territory: 'own' | 'parent';
  /**
   * Kept on devices (docs/decisions/0057): its records replicate in the one `customRecord` collection and are read
   * and written offline; otherwise (absent in settings written before the option) they are served online only.
   * Fixed once made, like the parent and the territory rule.
   */
  offline?: boolean;
}
/** The whole customisation; `revision` grows with every change (devices' schema versions follow it). */
export interface Customization {
  revision: number;
  fields: CustomFieldSpec[];
  /** Custom entities (docs/decisions/0050); absent in settings written before them. */
  entities?: CustomEntitySpec[];
}
export const EMPTY_CUSTOMIZATION: Customization = { revision: 0, fields: [] };
export const CUSTOM_ENTITY_KEY_RE = /^x_[a-z][a-z0-9_]{0,24}[a-z0-9]$/;
/** A custom entity's key as a type: what reports, templates and searches name beside the built-in entities. */
export type CustomEntityKey = `x_${string}`;
export const CUSTOM_ENTITY_LIMIT = 30;
/** Is `e` a custom entity of this customisation? */
export const isCustomEntity = (c: Customization, e: string): boolean => CUSTOM_ENTITY_KEY_RE.test(e) && (c.entities ?? []).some((x) => x.key === e);
/** Entities a custom field may be added to: the built-in customisable ones and the custom entities. */
const takesFields = (c: Customization, e: string): boolean => isCustomizable(e) || isCustomEntity(c, e);

export const CUSTOM_LIMITS = { fieldsPerEntity: 50, label: 80, options: 100, optionValue: 40, text: 255, longtext: 4000, code: 30 } as const;
export const CUSTOM_KEY_RE = /^c_[a-z][a-z0-9_]{0,28}[a-z0-9]$/;
const CODE_RE = /^[a-z][a-z0-9_]{0,28}[a-z0-9]$/;
const OPTION_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
// Amounts: two decimals, up to a trillion either way (kept exact in minor units); numbers: a plain range as wide.
const AMOUNT_MAX = 100_000_000_000_000;
const NUMBER_MAX = 1_000_000_000_000;

/** The field declaration a custom field stands for: the same kinds, helpers and limits as built-in fields. */
export function customField(s: CustomFieldSpec): Field {
  const o = { required: s.required, label: `field.${s.entity}.${s.key}` };
  switch (s.kind) {
    case 'text':
      return text(CUSTOM_LIMITS.text, o);
    case 'longtext':
      return longtext(CUSTOM_LIMITS.longtext, o);
    case 'email':
      return text(254, { ...o, format: 'email' });
    case 'phone':
      return text(40, { ...o, format: 'phone' });
    case 'number':
      return number(-NUMBER_MAX, NUMBER_MAX, o);
    case 'amount':
      return amount(2, -AMOUNT_MAX, AMOUNT_MAX, o);
    case 'date':
      return date(o);
    case 'boolean':
      return boolean(o);
    case 'select': {
      // An optional list may stay empty: '' is its first value and the default.
      const values = (s.options ?? []).map((x) => x.value);
      return s.required ? select(values, values[0] ?? '', o) : select(['', ...values], '', o);
    }
    case 'ref':
      return ref([s.to ?? 'company'], o);
  }
}

/** The fields of these specs, by key (a loop: Object.fromEntries is missing on the old phones, decision 0006). */
export function fieldsOf(specs: readonly CustomFieldSpec[]): Record<string, Field> {
  const out: Record<string, Field> = {};
  for (const s of specs) out[s.key] = customField({ ...s, required: s.required && s.screens.form && !s.hidden });
  return out;
}

/** A built-in entity with its custom fields: declared after the built-in ones; shown where the spec says, unless hidden. */
export function withCustomFields(def: EntityDef, specs: readonly CustomFieldSpec[]): EntityDef {
  const mine = specs.filter((s) => s.entity === def.name);
  if (mine.length === 0) return def;
  const shown = (k: keyof CustomScreens) => mine.filter((s) => !s.hidden && s.screens[k]).map((s) => s.key);
  return {
    ...def,
    // Required only where it can be typed: a hidden field, or one off the entry screen, never blocks a save.
    fields: { ...def.fields, ...fieldsOf(mine) },
    formFields: [...def.formFields, ...shown('form')],
    listFields: [...def.listFields, ...shown('list')],
    searchFields: [...def.searchFields, ...shown('search')],
  };
}

/** The keys of an entity's custom fields (stored together, beside the built-in columns). */
export function customKeys(c: Customization, entity: string): string[] {
  return c.fields.filter((s) => s.entity === entity).map((s) => s.key);
}

/** Caption texts of the custom fields and their options, per language, for the i18n look-up. */
export function customTexts(c: Customization): { en: Record<string, string>; fr: Record<string, string> } {
  const en: Record<string, string> = {};
  const fr: Record<string, string> = {};
  for (const e of c.entities ?? []) {
    en[`entity.${e.key}`] = e.label.en;
    fr[`entity.${e.key}`] = e.label.fr;
    en[`nav.${e.key}`] = e.plural.en;
    fr[`nav.${e.key}`] = e.plural.fr;
  }
  for (const s of c.fields) {
    en[`field.${s.entity}.${s.key}`] = s.label.en;
    fr[`field.${s.entity}.${s.key}`] = s.label.fr;
    for (const o of s.options ?? []) {
      en[`option.${o.value}`] ??= o.en;
      fr[`option.${o.value}`] ??= o.fr;
    }
  }
  return { en, fr };
}

/** A problem with a submitted definition: the input's path and a stable code (shown translated by the admin screen). */
export interface SpecIssue {
  field: string;
  /** Field issue codes (shared/errors.ts FIELD_CODES), so the problem body and the admin screen say them like any other. */
  code: 'required' | 'too-long' | 'bad-code' | 'name-taken' | 'not-in-list' | 'too-many' | 'bad-option' | 'duplicate-option' | 'not-text';
  detail?: string | number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

function label(v: unknown, path: string, issues: SpecIssue[], max: number = CUSTOM_LIMITS.label): string {
  if (typeof v !== 'string') {
    issues.push({ field: path, code: v === undefined ? 'required' : 'not-text' });
    return '';
  }
  const s = v.trim();
  if (s === '') issues.push({ field: path, code: 'required' });
  else if (s.length > max) issues.push({ field: path, code: 'too-long', detail: max });
  else if (CONTROL_RE.test(s) || hasLoneSurrogate(s)) issues.push({ field: path, code: 'not-text' });
  return s;
}

function bilingual(v: unknown, path: string, issues: SpecIssue[]): Bilingual {
  const o = isObj(v) ? v : {};
  if (!isObj(v)) issues.push({ field: path, code: 'required' });
  return { en: label(o.en, `${path}.en`, issues), fr: label(o.fr, `${path}.fr`, issues) };
}

/**
 * A new field's definition checked against the current customisation (hostile input included: wrong types, huge or
 * odd texts, unknown kinds): the clean spec, or every issue found. `code` is what the administrator typed.
 */
export function checkNewField(input: unknown, current: Customization): { spec: CustomFieldSpec } | { issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const i = isObj(input) ? input : {};
  const entity = i.entity;
  if (typeof entity !== 'string' || !takesFields(current, entity)) issues.push({ field: 'entity', code: 'not-in-list' });
  const code = i.code;
  let key = '';
  if (typeof code !== 'string' || !CODE_RE.test(code)) issues.push({ field: 'code', code: typeof code === 'string' && code !== '' ? 'bad-code' : 'required' });
  else {
    key = `c_${code}`;
    if (current.fields.some((s) => s.entity === entity && s.key === key)) issues.push({ field: 'code', code: 'name-taken' });
  }
  if (typeof entity === 'string' && current.fields.filter((s) => s.entity === entity).length >= CUSTOM_LIMITS.fieldsPerEntity)
    issues.push({ field: 'entity', code: 'too-many', detail: CUSTOM_LIMITS.fieldsPerEntity });
  const kind = i.kind;
  if (typeof kind !== 'string' || !(CUSTOM_KINDS as readonly string[]).includes(kind)) issues.push({ field: 'kind', code: 'not-in-list' });
  const spec: Partial<CustomFieldSpec> = { entity: entity as CustomizableEntity, key, kind: kind as CustomKind, label: bilingual(i.label, 'label', issues), required: i.required === true, hidden: false };
  const screens = isObj(i.screens) ? i.screens : {};
  spec.screens = { form: screens.form !== false, list: screens.list === true, search: screens.search === true };
  if (kind === 'select') spec.options = checkOptions(i.options, issues);
  if (kind === 'ref') {
    if (typeof i.to !== 'string' || !(CUSTOM_REF_TARGETS as readonly string[]).includes(i.to)) issues.push({ field: 'to', code: 'not-in-list' });
    else spec.to = i.to as CustomFieldSpec['to'];
  }
  return issues.length > 0 ? { issues } : { spec: spec as CustomFieldSpec };
}

function checkOptions(v: unknown, issues: SpecIssue[]): CustomOption[] {
  if (!Array.isArray(v) || v.length === 0) {
    issues.push({ field: 'options', code: 'required' });
    return [];
  }
  if (v.length > CUSTOM_LIMITS.options) {
    issues.push({ field: 'options', code: 'too-many', detail: CUSTOM_LIMITS.options });
    return [];
  }
  const seen = new Set<string>();
  return v.map((o, n) => {
    const x = isObj(o) ? o : {};
    const value = typeof x.value === 'string' ? x.value.trim() : '';
    if (!OPTION_RE.test(value)) issues.push({ field: `options.${n}.value`, code: 'bad-option' });
    else if (seen.has(value)) issues.push({ field: `options.${n}.value`, code: 'duplicate-option' });
    seen.add(value);
    return { value, ...bilingual({ en: x.en, fr: x.fr }, `options.${n}`, issues) };
  });
}

/** What may change on an existing field: its labels, required, screens, hidden, and an option list's captions and new values. */
export function checkFieldChange(input: unknown, was: CustomFieldSpec): { spec: CustomFieldSpec } | { issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const i = isObj(input) ? input : {};
  const next: CustomFieldSpec = { ...was };
  if (i.label !== undefined) next.label = bilingual(i.label, 'label', issues);
  if (i.required !== undefined) next.required = i.required === true;
  if (i.hidden !== undefined) next.hidden = i.hidden === true;
  if (i.screens !== undefined) {
    const s = isObj(i.screens) ? i.screens : {};
    next.screens = { form: s.form === true, list: s.list === true, search: s.search === true };
  }
  if (was.kind === 'select' && i.options !== undefined) {
    const options = checkOptions(i.options, issues);
    // Values already stored stay valid: an option is never taken away, only relabelled or added to.
    for (const o of was.options ?? []) if (!options.some((x) => x.value === o.value)) issues.push({ field: 'options', code: 'not-in-list', detail: o.value });
    next.options = options;
  }
  return issues.length > 0 ? { issues } : { spec: next };
}

/** A stored customisation read back (a server setting): anything malformed is dropped rather than trusted. */
export function parseCustomization(raw: string | null | undefined): Customization {
  if (!raw) return EMPTY_CUSTOMIZATION;
  try {
    const v = JSON.parse(raw) as unknown;
    if (!isObj(v) || typeof v.revision !== 'number' || !Array.isArray(v.fields)) return EMPTY_CUSTOMIZATION;
    const ents = (Array.isArray(v.entities) ? v.entities : []).filter(
      (e): e is CustomEntitySpec => isObj(e) && typeof e.key === 'string' && CUSTOM_ENTITY_KEY_RE.test(e.key) && isObj(e.label) && isObj(e.plural) && ['company', 'person', 'none'].includes(String(e.parent)) && ['own', 'parent'].includes(String(e.territory)),
    );
    const c: Customization = { revision: v.revision, fields: [], entities: ents };
    return { ...c, fields: v.fields.filter((f): f is CustomFieldSpec => isObj(f) && typeof f.key === 'string' && CUSTOM_KEY_RE.test(f.key) && takesFields(c, String(f.entity))) };
  } catch {
    return EMPTY_CUSTOMIZATION;
  }
}

/**
 * A new custom entity checked against the current customisation: `code` (the key is `x_<code>`), bilingual `label`
 * and `plural`, `parent` (company, person or none) and `territory` (own, or parent's when it has one).
 */
export function checkNewEntity(input: unknown, current: Customization): { spec: CustomEntitySpec } | { issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const i = isObj(input) ? input : {};
  const code = i.code;
  let key = '';
  if (typeof code !== 'string' || !/^[a-z][a-z0-9_]{0,24}[a-z0-9]$/.test(code)) issues.push({ field: 'code', code: typeof code === 'string' && code !== '' ? 'bad-code' : 'required' });
  else {
    key = `x_${code}`;
    if ((current.entities ?? []).some((e) => e.key === key)) issues.push({ field: 'code', code: 'name-taken' });
  }
  if ((current.entities ?? []).length >= CUSTOM_ENTITY_LIMIT) issues.push({ field: 'code', code: 'too-many', detail: CUSTOM_ENTITY_LIMIT });
  const label = bilingual(i.label, 'label', issues);
  const plural = i.plural === undefined ? label : bilingual(i.plural, 'plural', issues);
  const parent = i.parent ?? 'none';
  if (parent !== 'company' && parent !== 'person' && parent !== 'none') issues.push({ field: 'parent', code: 'not-in-list' });
  const territory = i.territory ?? (parent === 'none' ? 'own' : 'parent');
  if (territory !== 'own' && territory !== 'parent') issues.push({ field: 'territory', code: 'not-in-list' });
  else if (territory === 'parent' && parent === 'none') issues.push({ field: 'territory', code: 'not-in-list' });
  if (i.offline !== undefined && typeof i.offline !== 'boolean') issues.push({ field: 'offline', code: 'not-in-list' });
  return issues.length > 0
    ? { issues }
    : { spec: { key, label, plural, parent: parent as CustomEntitySpec['parent'], territory: territory as CustomEntitySpec['territory'], offline: i.offline === true } };
}

/** What may change on a custom entity: its captions (its key, parent and territory rule are fixed once it has records). */
export function checkEntityChange(input: unknown, was: CustomEntitySpec): { spec: CustomEntitySpec } | { issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const i = isObj(input) ? input : {};
  const next: CustomEntitySpec = { ...was };
  if (i.label !== undefined) next.label = bilingual(i.label, 'label', issues);
  if (i.plural !== undefined) next.plural = bilingual(i.plural, 'plural', issues);
  // Kept on devices or online only is fixed once made (docs/decisions/0057): saying it again is fine, changing it is not.
  if (i.offline !== undefined && i.offline !== (was.offline === true)) issues.push({ field: 'offline', code: 'not-in-list', detail: 'fixed' });
  return issues.length > 0 ? { issues } : { spec: next };
}
