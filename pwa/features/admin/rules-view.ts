// The table rules screen's plain logic: the API, drafts of a rule and its actions, and problems put in words.
import type { FieldIssue } from '../../../shared/errors.ts';
import { RULE_ACTOR, type RuleAction, type RuleActionKind, type RuleEvent, type RuleHealth, type TableRule } from '../../../shared/rules.ts';
import { entityDef, isEntityName } from '../../../shared/entities/index.ts';
import { fieldLabel, optionLabel, t } from '../../i18n/index.ts';
import type { ApiClient } from '../../net/api.ts';
import { recordTitle } from '../../../shared/records.ts';

export interface RuleField {
  name: string;
  kind: string;
  settable: boolean;
  options?: string[];
}
export interface RulesMeta {
  events: RuleEvent[];
  actions: RuleActionKind[];
  entities: { name: string; fields: RuleField[] }[];
}
export type ListedRule = TableRule & { health: RuleHealth | null };
export interface RuleTest {
  event: RuleEvent;
  holds: boolean;
  refused: string | null;
  set: Record<string, unknown>;
  notify: { userId: string; title: string }[];
  tasks: { subject: string; ownerId: string; startsAt: string }[];
  failures: { code: string; message: string }[];
}

/** A rule as the form edits it: every action keeps the inputs of every kind, so switching kinds loses nothing typed. */
export interface ActionDraft {
  kind: RuleActionKind;
  field: string;
  value: string;
  message: string;
  users: string[];
  subject: string;
  ownerId: string;
  dueInDays: number;
}
export interface RuleDraft {
  id: string | null;
  name: string;
  entity: string;
  events: RuleEvent[];
  condition: string;
  enabled: boolean;
  actions: ActionDraft[];
}

export const blankAction = (kind: RuleActionKind = 'set'): ActionDraft => ({ kind, field: '', value: '', message: '', users: [RULE_ACTOR], subject: '', ownerId: RULE_ACTOR, dueInDays: 1 });
export const blankRule = (entity: string): RuleDraft => ({ id: null, name: '', entity, events: ['insert', 'update'], condition: '', enabled: true, actions: [blankAction()] });

export function draftOf(r: TableRule): RuleDraft {
  return {
    id: r.id,
    name: r.name,
    entity: r.entity,
    events: [...r.events],
    condition: r.condition,
    enabled: r.enabled,
    actions: r.actions.map((a) => {
      const d = blankAction(a.kind);
      if (a.kind === 'set') return { ...d, field: a.field, value: a.value === null ? '' : String(a.value) };
      if (a.kind === 'refuse') return { ...d, message: a.message };
      if (a.kind === 'notify') return { ...d, message: a.message, users: [...a.users] };
      return { ...d, subject: a.subject, ownerId: a.ownerId, dueInDays: a.dueInDays };
    }),
  };
}

/** The value a `set` sends for what was typed: a number for numbers and amounts, true/false for yes/no, else the text. */
export function typedValue(field: RuleField | undefined, text: string): string | number | boolean | null {
  if (text === '') return null;
  if (field?.kind === 'number' || field?.kind === 'amount') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? n : text;
  }
  if (field?.kind === 'boolean') return text === 'true';
  return text;
}

/** The body the server takes for a draft. */
export function ruleBody(d: RuleDraft, fields: readonly RuleField[]): Omit<TableRule, 'id' | 'updatedAt' | 'updatedBy'> {
  const actions: RuleAction[] = d.actions.map((a) => {
    if (a.kind === 'set') return { kind: 'set', field: a.field, value: typedValue(fields.find((f) => f.name === a.field), a.value) };
    if (a.kind === 'refuse') return { kind: 'refuse', message: a.message };
    if (a.kind === 'notify') return { kind: 'notify', users: a.users, message: a.message };
    return { kind: 'task', subject: a.subject, ownerId: a.ownerId, dueInDays: a.dueInDays };
  });
  return { name: d.name, entity: d.entity, events: d.events, condition: d.condition, enabled: d.enabled, actions };
}

/** One problem the server found, in the user's language: where (the part, or the condition's line and column), and what. */
export function issueText(i: FieldIssue): string {
  const where = i.line !== undefined ? t('rules.at', { line: i.line, column: i.column ?? 1 }) : partLabel(i.field);
  return `${where} ${t(`issue.${i.code}`, { detail: String(i.detail ?? '') })}`;
}

function partLabel(part: string): string {
  const [head, n] = part.split('.');
  if (head === 'actions' && n !== undefined) return t('rules.actionN', { n: Number(n) + 1 });
  return ['name', 'entity', 'events', 'condition', 'enabled', 'actions'].includes(head ?? '') ? `${t(`rules.${head}`)}:` : '';
}

/** A set action's value as the record view shows it: an option's caption, yes/no, or the text. */
export function shownValue(entity: string, field: string, value: unknown): string {
  if (value === null || value === '') return '∅';
  const f = isEntityName(entity) ? entityDef(entity).fields[field] : undefined;
  if (f?.kind === 'select') return optionLabel(String(value));
  if (f?.kind === 'boolean') return value === true || value === 'true' ? t('ui.yes') : t('ui.no');
  return String(value);
}

/** An action in a sentence, for the list. */
export function actionText(entity: string, a: RuleAction, userName: (id: string) => string): string {
  const who = (id: string) => (id === RULE_ACTOR ? t('rules.actor') : userName(id));
  switch (a.kind) {
    case 'set':
      return t('rules.does.set', { field: fieldLabel(entity, a.field), value: shownValue(entity, a.field, a.value) });
    case 'refuse':
      return t('rules.does.refuse', { message: a.message });
    case 'notify':
      return t('rules.does.notify', { users: a.users.map(who).join(', '), message: a.message });
    default:
      return t('rules.does.task', { subject: a.subject, owner: who(a.ownerId), n: a.dueInDays });
  }
}

const rule = (id: string) => `/api/admin/rules/${encodeURIComponent(id)}`;

export const rulesApi = (api: ApiClient) => ({
  list: () => api.get<ListedRule[]>('/api/admin/rules'),
  meta: () => api.get<RulesMeta>('/api/admin/rules/meta'),
  check: (entity: string, condition: string) => api.post<{ ok: true }>('/api/admin/rules/check', { entity, condition }),
  create: (body: ReturnType<typeof ruleBody>) => api.post<TableRule>('/api/admin/rules', body),
  update: (id: string, body: ReturnType<typeof ruleBody>) => api.request<TableRule>('PUT', rule(id), body),
  enable: (id: string, enabled: boolean) => api.request<TableRule>('PATCH', rule(id), { enabled }),
  remove: (id: string) => api.request<{ ok: true }>('DELETE', rule(id)),
  /** Records to test on, by what the administrator types (their title and id). */
  find: (entity: string, q: string, signal?: AbortSignal) =>
    api.get<Record<string, unknown>[]>(`/api/records/${encodeURIComponent(entity)}/search?${new URLSearchParams({ q, limit: '10' }).toString()}`, signal).then((docs) =>
      docs.map((d) => ({ id: String(d.id), title: isEntityName(entity) ? recordTitle(entityDef(entity), d) : String(d.id) })),
    ),
  test: (body: { ruleId?: string; rule?: ReturnType<typeof ruleBody>; recordId: string; event?: RuleEvent }) => api.post<RuleTest>('/api/admin/rules/test', body),
});
