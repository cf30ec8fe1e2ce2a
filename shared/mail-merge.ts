// Mail-merge templates as server and PWA both see them: the kinds, the entities a template may be made for, and the nested (parent → lines) ones.
import { customEntities, customEntity, type CustomEntityKey, type EntityName } from './entities/index.ts';

/** `document`: an HTML page merged and filed with the record (printable to PDF); `email`: a subject and an HTML body. */
export const TEMPLATE_KINDS = ['document', 'email'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export const isTemplateKind = (k: unknown): k is TemplateKind => typeof k === 'string' && (TEMPLATE_KINDS as readonly string[]).includes(k);

/**
 * The entities a template (document or e-mail) may be made for: records with something to merge. "System" is not
 * one of them (756-171755-ENH: in Sage CRM choosing it for an e-mail template crashed); neither are per-user or
 * internal records (conflicts, notifications, settings) nor lines, which merge inside their quote or order.
 */
export const TEMPLATE_ENTITIES = ['company', 'person', 'lead', 'opportunity', 'quote', 'order'] as const satisfies readonly EntityName[];
export type BuiltInTemplateEntity = (typeof TEMPLATE_ENTITIES)[number];
/** A built-in template entity, or a custom entity's key (`x_project`): its records merge with their own fields (docs/decisions/0050). */
export type TemplateEntity = BuiltInTemplateEntity | CustomEntityKey;
export const isTemplateEntity = (e: unknown): e is TemplateEntity => typeof e === 'string' && ((TEMPLATE_ENTITIES as readonly string[]).includes(e) || customEntity(e) !== undefined);
/** Every entity a template may be made for now: the built-in ones, then the custom entities of the applied customisation. */
export function templateEntities(): TemplateEntity[] {
  return [...TEMPLATE_ENTITIES, ...customEntities().map((e) => e.key as CustomEntityKey)];
}

/** Nested mail merge: the parent's child records, repeated in the template as `{% for item in items %}…{% endfor %}`. */
export const NESTED_CHILDREN: Partial<Record<BuiltInTemplateEntity, EntityName>> = { quote: 'quoteItem', order: 'orderItem' };
/** A template entity's nested children, if any (custom entities have none). */
export const nestedChild = (e: TemplateEntity): EntityName | undefined => (Object.prototype.hasOwnProperty.call(NESTED_CHILDREN, e) ? NESTED_CHILDREN[e as BuiltInTemplateEntity] : undefined);

/** The longest template body and e-mail subject kept, and the largest merged document. */
export const TEMPLATE_LIMITS = { name: 120, subject: 400, body: 256 * 1024, output: 2 * 1024 * 1024 } as const;

/** A template as the API answers it. */
export interface MergeTemplate {
  id: string;
  name: string;
  kind: TemplateKind;
  entity: TemplateEntity;
  subject: string;
  body: string;
  ownerId: string;
  ownerName?: string;
  mayEdit?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A merged document filed with its record, as lists show it (the HTML is fetched on its own). */
export interface MergedDocument {
  id: string;
  /** The record's entity: a built-in one, or a custom entity's key. */
  entity: EntityName | CustomEntityKey;
  recordId: string;
  templateId: string;
  title: string;
  fileName: string;
  locale: string;
  createdBy: string;
  createdAt: string;
  size: number;
}
