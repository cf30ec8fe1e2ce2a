// What the Outlook task pane asks of the server: who the message's people are in FieldCRM (persons, companies and leads
// matched by e-mail address, within the caller's rights), whether the message was filed already, the sender's open
// business, and a person or lead made for an unknown sender through the normal write path (docs/decisions/0053).
import { randomUUID } from 'node:crypto';
import { normaliseEmail } from '../../shared/email.ts';
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { MatchEntity, OutlookFiled, OutlookRole, OutlookLookup, OutlookLookupAnswer, OutlookMatch, OutlookNewContact, OutlookPerson, OutlookSenderSummary } from '../../shared/outlook.ts';
import { blankRecord, recordTitle } from '../../shared/records.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { isValidEmail, validateRecord } from '../../shared/validation.ts';
import { isObject } from '../../shared/objects.ts';
import { mayView, pullScope, requireRight } from '../auth/rights.ts';
import type { UserRow } from '../db/accounts.ts';
import type { SyncStore } from '../db/store.ts';
import { messageKeyOf } from '../documents/service.ts';
import { AppError, badRequest, invalid } from '../errors.ts';
import type { ChangeBus } from '../events.ts';

/** A message's people the pane asks about at once: To and Cc of a large mailing are cut to this. */
export const PEOPLE_MAX = 50;
const OPEN_MAX = 10;
const NOTES_MAX = 5;

const MATCH_ORDER: Record<MatchEntity, number> = { person: 0, lead: 1, company: 2 };

interface Caller {
  user: UserRow;
  rights: EffectiveRights;
}

/** The request body, checked: a Message-ID and up to PEOPLE_MAX people with a role. */
export function parseLookup(body: unknown): OutlookLookup {
  const bad = () => badRequest(ERROR_CODES.MALFORMED_BODY, `Send { messageId, people: [{ address, name, role: from|to|cc }] } with at most ${PEOPLE_MAX} people.`);
  if (!isObject(body) || typeof body.messageId !== 'string' || body.messageId.length > 1000 || !Array.isArray(body.people) || body.people.length > PEOPLE_MAX) throw bad();
  const people = body.people.map((p: unknown) => {
    if (!isObject(p) || typeof p.address !== 'string' || typeof p.name !== 'string' || (p.role !== 'from' && p.role !== 'to' && p.role !== 'cc') || p.address.length > 254 || p.name.length > 200) throw bad();
    return { address: p.address, name: p.name, role: p.role as OutlookRole };
  });
  return { messageId: body.messageId, people };
}

export class OutlookLookupService {
  constructor(
    private readonly store: SyncStore,
    private readonly bus: ChangeBus,
  ) {}

  async lookup(caller: Caller, ask: OutlookLookup): Promise<OutlookLookupAnswer> {
    const addresses = [...new Set(ask.people.map((p) => normaliseEmail(p.address)).filter((a) => a.includes('@')))];
    const claims = await this.store.emailClaims(addresses);
    const records = new Map<string, WireDoc>();
    for (const entity of ['person', 'company', 'lead'] as const) {
      const ids = [...new Set(claims.filter((c) => c.entity === entity).map((c) => c.recordId))];
      if (!ids.length) continue;
      for (const doc of await this.store.getByIds(entity, ids)) if (!doc._deleted && mayView(entity, caller.user, caller.rights, doc)) records.set(`${entity}:${doc.id}`, doc);
    }
    const companies = await this.companiesOf(caller, [...records.values()]);
    const people: OutlookPerson[] = ask.people.map((p) => {
      const address = normaliseEmail(p.address);
      const matches = claims
        .filter((c) => c.address === address)
        .map((c) => records.get(`${c.entity}:${c.recordId}`) && this.match(c.entity as MatchEntity, records.get(`${c.entity}:${c.recordId}`) as WireDoc, companies))
        .filter((m): m is OutlookMatch => !!m)
        .sort((a, b) => MATCH_ORDER[a.entity] - MATCH_ORDER[b.entity] || a.title.localeCompare(b.title));
      return { address: p.address, name: p.name, role: p.role, matches };
    });
    const from = people.find((p) => p.role === 'from');
    const first = from?.matches[0];
    return { people, filed: await this.filed(caller, ask.messageId), sender: first ? await this.summary(caller, first) : null };
  }

  private async companiesOf(caller: Caller, docs: WireDoc[]): Promise<Map<string, WireDoc>> {
    const ids = [...new Set(docs.map((d) => (d as Record<string, unknown>).companyId).filter((v): v is string => typeof v === 'string' && v !== ''))];
    const out = new Map<string, WireDoc>();
    if (ids.length) for (const c of await this.store.getByIds('company', ids)) if (!c._deleted && mayView('company', caller.user, caller.rights, c)) out.set(c.id, c);
    return out;
  }

  private match(entity: MatchEntity, doc: WireDoc, companies: Map<string, WireDoc>): OutlookMatch {
    const m: OutlookMatch = { entity, id: doc.id, title: recordTitle(entityDef(entity), doc) };
    const companyId = (doc as Record<string, unknown>).companyId;
    const company = entity === 'person' && typeof companyId === 'string' ? companies.get(companyId) : undefined;
    if (company) {
      m.companyId = company.id;
      m.companyName = recordTitle(entityDef('company'), company);
    }
    return m;
  }

  /** Filed already (by anyone): when and by whom; the subject only when the caller may view the communication. */
  private async filed(caller: Caller, messageId: string): Promise<OutlookFiled | null> {
    const key = messageKeyOf(messageId);
    const held = key ? await this.store.documents.filedMessage(key) : null;
    if (!held) return null;
    const [comm] = await this.store.getByIds('communication', [held.communicationId]);
    const visible = !!comm && mayView('communication', caller.user, caller.rights, comm);
    const by = await this.store.getUser(held.filedBy);
    const out: OutlookFiled = { communicationId: held.communicationId, filedAt: held.filedAt, filedBy: by?.displayName ?? '', visible };
    if (visible && comm) out.subject = String((comm as Record<string, unknown>).subject ?? '');
    return out;
  }

  /** The sender's open appointments and tasks, open opportunities and last notes, within the caller's rights. */
  private async summary(caller: Caller, record: OutlookMatch): Promise<OutlookSenderSummary> {
    const list = async (entity: EntityName, field: string, value: string, limit = 200): Promise<WireDoc[]> =>
      (await this.store.listRecords(entity, { equals: { [field]: value } }, pullScope(entity, caller.user, caller.rights), { offset: 0, limit })).records;
    const field = (d: WireDoc, k: string): string => String((d as Record<string, unknown>)[k] ?? '');
    const commField = record.entity === 'company' ? 'companyId' : 'personId';
    const open =
      record.entity === 'lead'
        ? []
        : (await list('communication', commField, record.id))
            .filter((d) => field(d, 'kind') !== 'email' && field(d, 'status') !== 'complete' && field(d, 'status') !== 'cancelled')
            .sort((a, b) => field(a, 'startsAt').localeCompare(field(b, 'startsAt')))
            .slice(0, OPEN_MAX);
    const opportunities =
      record.entity === 'lead' || !(caller.rights.opportunity?.view.length ?? 0)
        ? []
        : (await list('opportunity', commField, record.id)).filter((d) => field(d, 'stage') !== 'won' && field(d, 'stage') !== 'lost').slice(0, OPEN_MAX);
    // A person's notes and their company's: the account's last news, as the sales rep reads them before answering.
    const noteParents = [record.id, ...(record.companyId ? [record.companyId] : [])];
    const notes = (await Promise.all(noteParents.map((id) => list('note', 'parentId', id)))).flat().sort((a, b) => field(b, 'updatedAt').localeCompare(field(a, 'updatedAt'))).slice(0, NOTES_MAX);
    return { record, open, opportunities, notes };
  }

  /** A person or lead for an unknown sender, in the caller's territory, through the store's push (rights, validation, duplicate e-mail rule). */
  async createContact(caller: Caller, body: unknown): Promise<OutlookMatch> {
    const c = parseContact(body);
    const entity = c.kind;
    requireRight(caller.rights, 'insert', entity, caller.user.territoryId);
    const id = randomUUID();
    const doc = { ...(blankRecord(entityDef(entity), id, caller.user.territoryId) as Record<string, unknown>), _deleted: false } as Record<string, unknown>;
    doc.firstName = c.firstName;
    doc.lastName = c.lastName;
    doc.emails = [{ type: 'business', address: c.address }];
    if (entity === 'lead') {
      const who = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.address;
      doc.description = `${who} (${c.address})`.slice(0, 200);
      doc.companyName = (c.companyName ?? '').slice(0, 120);
      doc.source = 'other';
    }
    // Validated here as the sync route and the e-mail filing do (the store checks rights, references and the e-mail rule).
    const issues = validateRecord(entityDef(entity), doc, ['_deleted']);
    if (issues.length) throw invalid(issues);
    const now = new Date().toISOString();
    // Strict, not lenient: a refusal (invalid, duplicate e-mail, no right) is the answer, nothing is kept aside.
    const out = await this.store.push(entity, [{ assumedMasterState: null, newDocumentState: doc as WireDoc }], { userId: caller.user.id, rights: caller.rights, lenient: false, now });
    this.bus.publishWrite(out);
    const [saved] = await this.store.getByIds(entity, [id]);
    if (!saved) throw new AppError(500, ERROR_CODES.INTERNAL, 'The record was not saved.');
    return { entity, id, title: recordTitle(entityDef(entity), saved) };
  }
}

function parseContact(body: unknown): OutlookNewContact {
  const bad = (what: string) => badRequest(ERROR_CODES.MALFORMED_BODY, `New contact: ${what}.`);
  if (!isObject(body)) throw bad('send { kind: person|lead, address, firstName, lastName, companyName? }');
  const { kind, address, firstName, lastName, companyName } = body;
  if (kind !== 'person' && kind !== 'lead') throw bad('kind is person or lead');
  if (typeof address !== 'string' || !isValidEmail(address.trim())) throw bad('address must be an e-mail address');
  if (typeof firstName !== 'string' || typeof lastName !== 'string' || firstName.length > 60 || lastName.length > 60) throw bad('firstName and lastName are texts of at most 60 characters');
  if (companyName !== undefined && (typeof companyName !== 'string' || companyName.length > 120)) throw bad('companyName is a text of at most 120 characters');
  return { kind, address: address.trim(), firstName: firstName.trim(), lastName: lastName.trim(), ...(typeof companyName === 'string' ? { companyName: companyName.trim() } : {}) };
}
