// Mail merge: templates (checked when saved), merging a record with its lines into a document filed with it, and the shipped samples.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { customEntity, entityDef, ID_MAX, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { isTemplateEntity, isTemplateKind, nestedChild, templateEntities, TEMPLATE_LIMITS, type MergedDocument, type MergeTemplate, type TemplateEntity, type TemplateKind } from '../../shared/mail-merge.ts';
import { recordTitle } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import type { UserRow } from '../db/accounts.ts';
import type { TemplateRow } from '../db/mail-merge.ts';
import type { SyncStore } from '../db/store.ts';
import { AppError } from '../errors.ts';
import { CustomRecords } from '../online/custom-records.ts';
import type { Caller, OnlineRecords } from '../online/records.ts';
import { checkTemplate, renderTemplate } from './engine.ts';
import { mergeData, mergeLocale, mergeShape, type MergeSources } from './data.ts';
import { isObject } from '../../shared/objects.ts';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), 'samples');

/** The templates every installation starts with (ids fixed, so seeding twice adds nothing). */
export const SAMPLE_TEMPLATES: { id: string; name: string; kind: TemplateKind; entity: TemplateEntity; subject: string; file?: string; body?: string }[] = [
  { id: 'tpl-panoply-sales-quote', name: 'Panoply Sales Quote.html', kind: 'document', entity: 'quote', subject: '', file: 'Panoply Sales Quote.html' },
  { id: 'tpl-panoply-sales-order', name: 'Panoply Sales Order.html', kind: 'document', entity: 'order', subject: '', file: 'Panoply Sales Order.html' },
  {
    id: 'tpl-quote-follow-up',
    name: 'Quote follow-up (e-mail)',
    kind: 'email',
    entity: 'quote',
    subject: 'Your quote {{ quote.reference }} from Panoply',
    body: '<p>Dear {% if person.name != "" %}{{ person.name }}{% else %}customer{% endif %},</p>\n<p>Please find our quote {{ quote.reference }} for {{ company.name }}: {{ quote.total }} including tax, valid until {{ quote.validUntil }}.</p>\n<p>Kind regards,<br>{{ user.name }}</p>\n',
  },
];

export function sampleBody(file: string): string {
  return readFileSync(join(SAMPLES, file), 'utf8');
}

/** Adds the shipped samples that are missing (by id): at every start, so an upgraded installation gets them too. */
/** Server setting listing the sample templates ever added to this database (JSON array of ids). */
export const SAMPLES_SEEDED_KEY = 'fieldcrm.samples-seeded';

/**
 * Adds each shipped sample this database has never had: a sample an administrator deleted stays deleted, as the
 * database records which samples it was given. Run under the start-up lock, so instances starting together add it once.
 */
export async function ensureSampleTemplates(store: SyncStore, ownerId = 'u-admin', now = new Date().toISOString()): Promise<number> {
  const seeded = new Set<string>(JSON.parse((await store.getServerSetting(SAMPLES_SEEDED_KEY)) ?? '[]') as string[]);
  const before = seeded.size;
  let added = 0;
  for (const s of SAMPLE_TEMPLATES) {
    if (seeded.has(s.id)) continue;
    seeded.add(s.id);
    // A database from before this record was kept has the sample already (or deleted it: then it comes back once).
    if (await store.mailMerge.getTemplate(s.id)) continue;
    await store.mailMerge.createTemplate({ id: s.id, name: s.name, kind: s.kind, entity: s.entity, subject: s.subject, body: s.body ?? sampleBody(s.file!), ownerId, createdAt: now, updatedAt: now });
    added++;
  }
  if (seeded.size !== before) await store.putServerSetting(SAMPLES_SEEDED_KEY, JSON.stringify([...seeded]), 'startup', now);
  return added;
}

const bad = (message: string, detail?: string): AppError => new AppError(400, ERROR_CODES.MERGE_BAD_TEMPLATE, message, undefined, detail ? { detail } : undefined);
const noTemplate = (): AppError => new AppError(404, ERROR_CODES.MERGE_NOT_FOUND, 'There is no such template or document (or you may not view its record).');

/** A template's entity, checked: never "System" or anything else that is not a template entity (756-171755-ENH). */
export function templateEntityOf(raw: unknown): TemplateEntity {
  if (!isTemplateEntity(raw)) throw bad(`A template is for one of: ${templateEntities().join(', ')}.`, FIELD_CODES.NOT_A_TEMPLATE_ENTITY);
  return raw;
}

/** Checks a template's text against the data its entity merges: syntax and every field name, with the line of the first problem. */
export function checkTemplateText(entity: TemplateEntity, body: string, subject = ''): void {
  if (body.length > TEMPLATE_LIMITS.body) throw bad(`A template is at most ${TEMPLATE_LIMITS.body} characters.`);
  if (subject.length > TEMPLATE_LIMITS.subject) throw bad(`A subject is at most ${TEMPLATE_LIMITS.subject} characters.`);
  const shape = mergeShape(entity);
  checkTemplate(body, shape);
  if (subject) checkTemplate(subject, shape);
}

const mayEdit = (caller: Caller, row: TemplateRow): boolean => row.ownerId === caller.user.id || caller.user.role === 'admin';

export class MailMerge {
  private readonly customs: CustomRecords;
  constructor(
    private readonly store: SyncStore,
    private readonly records: OnlineRecords,
  ) {
    this.customs = new CustomRecords(records);
  }

  /** The live record the caller may view (a custom entity's through its own rights), else 404. */
  private record(caller: Caller, entity: EntityName | TemplateEntity, id: string): Promise<WireDoc> {
    if (customEntity(entity)) return this.customs.get(caller, entity, id);
    // A custom entity removed since: its documents are nobody's to open.
    if (!isEntityName(entity)) return Promise.reject(noTemplate());
    return this.records.get(caller, entity, id);
  }

  async listTemplates(caller: Caller, filter: { entity?: string; kind?: string }): Promise<MergeTemplate[]> {
    const rows = await this.store.mailMerge.listTemplates(filter);
    return this.answer(caller, rows);
  }

  async getTemplate(caller: Caller, id: string): Promise<MergeTemplate> {
    return (await this.answer(caller, [await this.row(id)]))[0]!;
  }

  async createTemplate(caller: Caller, body: unknown): Promise<MergeTemplate> {
    const v = this.fields(body, true);
    const now = caller.now;
    const row: TemplateRow = { id: randomUUID(), name: v.name!, kind: v.kind!, entity: v.entity!, subject: v.subject ?? '', body: v.body!, ownerId: caller.user.id, createdAt: now, updatedAt: now };
    checkTemplateText(row.entity, row.body, row.kind === 'email' ? row.subject : '');
    await this.store.mailMerge.createTemplate(row);
    return (await this.answer(caller, [row]))[0]!;
  }

  async updateTemplate(caller: Caller, id: string, body: unknown): Promise<MergeTemplate> {
    const current = await this.row(id);
    if (!mayEdit(caller, current)) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'Only the template’s owner or an administrator may change it: make your own copy.');
    const v = this.fields(body, false);
    if ((v.entity !== undefined && v.entity !== current.entity) || (v.kind !== undefined && v.kind !== current.kind)) throw bad('A template’s entity and kind cannot change: make a new template.');
    const next = { name: v.name ?? current.name, subject: v.subject ?? current.subject, body: v.body ?? current.body, updatedAt: caller.now };
    checkTemplateText(current.entity, next.body, current.kind === 'email' ? next.subject : '');
    const row = await this.store.mailMerge.updateTemplate(id, next);
    if (!row) throw noTemplate();
    return (await this.answer(caller, [row]))[0]!;
  }

  async deleteTemplate(caller: Caller, id: string): Promise<void> {
    if (!mayEdit(caller, await this.row(id))) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'Only the template’s owner or an administrator may delete it.');
    await this.store.mailMerge.deleteTemplate(id);
  }

  /**
   * Merges a record (which the caller may view) with a template of its entity. A document is filed with the record
   * (its HTML kept as merged); an e-mail template answers its subject and body (nothing is sent from here).
   */
  async merge(caller: Caller, body: unknown): Promise<{ document?: MergedDocument; subject?: string; html?: string }> {
    if (!isObject(body) || typeof body.templateId !== 'string' || typeof body.recordId !== 'string') throw bad('Send { "templateId", "recordId", "locale"? }.');
    const template = await this.row(body.templateId);
    if (body.entity !== undefined && body.entity !== template.entity)
      throw new AppError(422, ERROR_CODES.MERGE_WRONG_ENTITY, `This template is for a ${template.entity}, not a ${String(body.entity).slice(0, 30)}.`);
    const locale = mergeLocale(typeof body.locale === 'string' ? body.locale : caller.user.locale);
    const sources = await this.sources(caller, template.entity, body.recordId, locale);
    const data = mergeData(sources);
    const html = await renderTemplate(template.body, data);
    if (template.kind === 'email') return { subject: template.subject ? await renderTemplate(template.subject, data) : '', html };
    const def = entityDef(template.entity as EntityName);
    const title = `${template.name.replace(/\.html?$/i, '')} – ${recordTitle(def, sources.record as unknown as Record<string, unknown>) || sources.record.id}`.slice(0, 200);
    const doc: MergedDocument & { html: string } = {
      id: randomUUID(),
      entity: template.entity,
      recordId: sources.record.id,
      templateId: template.id,
      title,
      fileName: `${title.replace(/[^\p{L}\p{N} ._-]+/gu, '-').slice(0, 180)}.html`,
      locale,
      size: Buffer.byteLength(html, 'utf8'),
      createdBy: caller.user.id,
      createdAt: caller.now,
      html,
    };
    await this.store.mailMerge.fileDocument(doc);
    const { html: _html, ...document } = doc;
    return { document };
  }

  /** The documents filed with a record the caller may view. */
  async documentsOf(caller: Caller, entity: MergedDocument['entity'], recordId: string): Promise<MergedDocument[]> {
    await this.record(caller, entity, recordId);
    return this.store.mailMerge.documentsOf(entity, recordId);
  }

  /** A filed document, if the caller may view its record (as it is now: a record moved out of their territories takes its documents along). */
  async document(caller: Caller, id: string): Promise<MergedDocument & { html: string }> {
    const doc = id.length <= ID_MAX ? await this.store.mailMerge.getDocument(id) : null;
    if (!doc || !(await this.record(caller, doc.entity, doc.recordId).catch(() => null))) throw noTemplate();
    return doc;
  }

  /** Everything a merge of the record reads, within the caller's rights: related records they may not view merge as empty. */
  async sources(caller: Caller, entity: TemplateEntity, recordId: string, locale: MergeSources['locale']): Promise<MergeSources> {
    const record = await this.record(caller, entity, recordId);
    const rec = record as unknown as Record<string, unknown>;
    const one = async (e: EntityName, id: unknown): Promise<WireDoc | null> => (typeof id === 'string' && id ? this.records.find(caller, e, id) : null);
    const company = entity === 'company' ? record : await one('company', rec.companyId);
    const person = entity === 'person' ? record : await one('person', rec.personId);
    const opportunity = entity === 'opportunity' ? record : await one('opportunity', rec.opportunityId);
    const quote = entity === 'quote' ? record : await one('quote', rec.quoteId);
    const child = nestedChild(entity);
    const items = child ? await this.records.children(caller, child, entity === 'quote' ? 'quoteId' : 'orderId', recordId) : [];
    const titles = new Map<string, string>();
    const users = await this.store.listUsers();
    for (const u of users) titles.set(`user:${u.id}`, u.displayName);
    for (const [e, d] of [['company', company], ['person', person], ['opportunity', opportunity], ['quote', quote]] as const) if (d) titles.set(`${e}:${d.id}`, recordTitle(entityDef(e), d as unknown as Record<string, unknown>));
    for (const it of items) {
      const pid = (it as unknown as Record<string, unknown>).productId;
      if (typeof pid === 'string' && pid && !titles.has(`product:${pid}`)) {
        const p = await one('product', pid);
        if (p) titles.set(`product:${pid}`, recordTitle(entityDef('product'), p as unknown as Record<string, unknown>));
      }
    }
    const territories = await this.store.listTerritories();
    return {
      entity,
      record,
      company,
      person,
      opportunity,
      quote: entity === 'order' ? quote : null,
      items,
      titles,
      user: { id: caller.user.id, displayName: caller.user.displayName, login: caller.user.login, territory: territories.find((t) => t.id === caller.user.territoryId)?.name ?? '' },
      locale,
      timeZone: caller.user.timeZone,
      now: new Date(caller.now),
    };
  }

  private fields(body: unknown, creating: boolean): Partial<Pick<TemplateRow, 'name' | 'kind' | 'entity' | 'subject' | 'body'>> {
    if (!isObject(body)) throw bad('Send { "name", "kind", "entity", "subject"?, "body" }.');
    const extra = Object.keys(body).filter((k) => !['name', 'kind', 'entity', 'subject', 'body'].includes(k));
    if (extra.length) throw bad(`Unknown keys: ${extra.slice(0, 5).join(', ')}.`);
    const out: Partial<Pick<TemplateRow, 'name' | 'kind' | 'entity' | 'subject' | 'body'>> = {};
    if (body.name !== undefined || creating) {
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      if (name.length < 1 || name.length > TEMPLATE_LIMITS.name) throw bad(`A template's name is 1 to ${TEMPLATE_LIMITS.name} characters.`);
      out.name = name;
    }
    if (body.kind !== undefined || creating) {
      if (!isTemplateKind(body.kind)) throw bad('kind is document or email.');
      out.kind = body.kind;
    }
    if (body.entity !== undefined || creating) out.entity = templateEntityOf(body.entity);
    if (body.subject !== undefined) {
      if (typeof body.subject !== 'string') throw bad('subject is text.');
      out.subject = body.subject;
    }
    if (body.body !== undefined || creating) {
      if (typeof body.body !== 'string' || body.body.trim() === '') throw bad('body is the template’s text (HTML with merge fields).');
      out.body = body.body;
    }
    return out;
  }

  /** The stored template, or 404; without the owner's name (a list of users read only when answering one). */
  private async row(id: string): Promise<TemplateRow> {
    const row = id.length <= ID_MAX ? await this.store.mailMerge.getTemplate(id) : null;
    if (!row) throw noTemplate();
    return row;
  }

  private async answer(caller: Caller, rows: readonly TemplateRow[]): Promise<MergeTemplate[]> {
    const names = new Map((await this.store.listUsers()).map((u: UserRow) => [u.id, u.displayName]));
    return rows.map((r) => ({ ...r, ownerName: names.get(r.ownerId) ?? r.ownerId, mayEdit: mayEdit(caller, r) }));
  }
}
