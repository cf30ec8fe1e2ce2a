// What a kept conflict says, in words a person reads: names instead of user ids, values as the record view shows them.
// Plain logic (no Lit), so it is tested in Node; fc-conflict-list.ts only lays it out.
import { customEntity, entityDef, isEntityName, type ConflictRecord, type EntityName } from '../../../shared/entities/index.ts';
import { jsonEqual } from '../../../shared/records.ts';
import { refTarget } from '../../../shared/refs.ts';
import { formatValue } from '../../forms/format.ts';
import { fieldLabel, t } from '../../i18n/index.ts';
import { parseJson } from './settle.ts';

/** A value to show: text, or a reference the screen shows by its record's title (looked up where it lives). */
export type Shown = { text: string } | { ref: { entity: EntityName; id: string } };

export interface ValueRow {
  field: string;
  label: string;
  mine?: Shown;
  theirs?: Shown;
}

/** How names, territories and the time zone are known: the session on a device, fixed ones in tests. */
export interface Lookups {
  personName(id: string): string;
  territoryName(id: string): string;
  timeZone: string;
}

const EMPTY: Shown = { text: '' };

/** An entity whose declaration is known here: a built-in one, or a custom entity's key (`x_site`). */
const declared = (entity: string): entity is EntityName => isEntityName(entity) || customEntity(entity) !== undefined;

/** One field's value as the record view shows it: phones, e-mails, addresses, dates, options, references, people. */
export function showValue(entity: string, field: string, value: unknown, record: Record<string, unknown>, look: Lookups): Shown {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return EMPTY;
  if (field === 'territoryId') return { text: look.territoryName(String(value)) };
  if (field === '_deleted') return { text: value === true ? t('conflict.wasDeleted') : t('conflict.notDeleted') };
  if (!declared(entity)) return { text: typeof value === 'string' ? value : JSON.stringify(value) };
  const f = entityDef(entity).fields[field];
  if (!f) return { text: typeof value === 'string' ? value : JSON.stringify(value) };
  if (f.kind === 'ref') {
    if (f.to.includes('user')) return { text: look.personName(String(value)) };
    const target = refTarget(entityDef(entity), field, { ...record, [field]: value });
    return target ? { ref: { entity: target, id: String(value) } } : { text: String(value) };
  }
  return { text: formatValue(f, value, look.timeZone, true, record) };
}

const label = (entity: string, field: string): string => (field === 'territoryId' ? t('ui.territory') : declared(entity) ? fieldLabel(entity, field) : field);

/** The fields of a whole kept record worth showing: its form's fields that hold something, and its territory. */
function recordRows(entity: string, doc: Record<string, unknown>, look: Lookups, only?: readonly string[]): ValueRow[] {
  if (!declared(entity)) return [];
  const names = only ?? [...entityDef(entity).formFields, 'territoryId'];
  return names
    .map((field) => ({ field, label: label(entity, field), mine: showValue(entity, field, doc[field], doc, look) }))
    .filter((r) => !('text' in r.mine) || r.mine.text !== '');
}

/** The field names a kept record lists in `field` (comma-separated, possibly cut at the column's length). */
function changedFields(c: ConflictRecord, entity: string): string[] | undefined {
  if (!declared(entity)) return undefined;
  const def = entityDef(entity);
  const names = c.field.split(',').filter((f) => f === 'territoryId' || f in def.fields);
  return names.length ? names : undefined;
}

export interface Described {
  kind: ConflictRecord['kind'];
  entity: string;
  /** The line under the title: what happened, who, when. */
  summary: string;
  rows: ValueRow[];
}

/**
 * What the conflict says. `entity` is the declaration it is read with: the record's own entity, or for a custom record
 * its custom entity (`screenEntity`), whose custom fields then read by their labels.
 */
export function describe(c: ConflictRecord, look: Lookups, formatWhen: (iso: string) => string, entity: string = c.entity): Described {
  const who = c.winnerBy ? look.personName(c.winnerBy) : '';
  const mine = parseJson(c.mine);
  const doc = typeof mine === 'object' && mine !== null ? (mine as Record<string, unknown>) : {};
  switch (c.kind) {
    case 'conflict':
      return {
        kind: c.kind,
        entity,
        summary: t('conflict.lost', { field: label(entity, c.field), who, when: formatWhen(c.happenedAt) }),
        rows: [{ field: c.field, label: label(entity, c.field), mine: showValue(entity, c.field, mine, {}, look), theirs: showValue(entity, c.field, parseJson(c.theirs), {}, look) }],
      };
    case 'delete': {
      const theirs = parseJson(c.theirs);
      const changed = typeof theirs === 'object' && theirs !== null ? (theirs as Record<string, unknown>) : {};
      return {
        kind: c.kind,
        entity,
        summary: t('conflict.deleteRefused', { who, when: formatWhen(c.happenedAt) }),
        rows: Object.keys(changed).map((field) => ({
          field,
          label: label(entity, field),
          mine: showValue(entity, field, doc[field], doc, look),
          theirs: showValue(entity, field, changed[field], { ...doc, ...changed }, look),
        })),
      };
    }
    case 'deleted': {
      const at = parseJson(c.theirs);
      return {
        kind: c.kind,
        entity,
        summary: t('conflict.deletedMeanwhile', { who, when: formatWhen(typeof at === 'string' && at ? at : c.happenedAt) }),
        // The fields the author changed (the server lists where their record differs from the deleted one), else all.
        rows: recordRows(entity, doc, look, changedFields(c, entity)),
      };
    }
    default: {
      const issues = parseJson(c.issues);
      const fields = Array.isArray(issues) ? [...new Set(issues.map((i: { field?: unknown }) => String(i.field ?? '').split('.')[0] ?? ''))].filter((f) => f && f in doc) : [];
      return { kind: c.kind, entity: entity, summary: t('conflict.refused', { when: formatWhen(c.happenedAt) }), rows: recordRows(entity, doc, look, fields.length ? fields : undefined) };
    }
  }
}

/** True when both sides hold the same value (nothing worth a second column). */
export const sameShown = (a: Shown | undefined, b: Shown | undefined): boolean => jsonEqual(a ?? null, b ?? null);
