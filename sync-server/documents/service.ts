// Filing, listing, reading and securing documents: the rules of docs/decisions/0013 over the store, the folder and the checks.
import { createHash, randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  cleanFileName,
  DOCUMENT_LIMITS,
  DOCUMENT_TARGETS,
  effectiveTerritory,
  extensionOf,
  isDocumentTarget,
  isPreviewable,
  mayDeleteDocument,
  mayEditDocument,
  mayViewDocument,
  policyProblem,
  uploadProblem,
  type DocumentInfo,
  type DocumentPolicy,
  type DocumentSettings,
  type DocumentTarget,
  type EmailFiled,
  type Viewer,
} from '../../shared/documents.ts';
import { entityDef, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors.ts';
import { blankRecord, recordTitle } from '../../shared/records.ts';
import { can, type EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { isValidEmail, validateRecord } from '../../shared/validation.ts';
import type { UserRow } from '../db/accounts.ts';
import { MessageFiledAlready, type DocumentListQuery, type DocumentRow, type DocumentVisibility, type FiledMessageRow } from '../db/documents.ts';
import { messageKeyText } from '../../shared/outlook.ts';
import type { SyncStore } from '../db/store.ts';
import { AppError, invalid } from '../errors.ts';
import type { ChangeBus } from '../events.ts';
import { communicationFields, parseEml, parseMsg, type ParsedMessage } from './email.ts';
import { DocumentFolder } from './folder.ts';
import { receive, tooLarge, type Received } from './receive.ts';
import { readDocumentSettings } from './settings.ts';
import { detect, judge } from './sniff.ts';

/** The SHA-256 of a normalised Message-ID, or null when the message has none. */
export function messageKeyOf(messageId: string): string | null {
  const text = messageKeyText(messageId);
  return text ? createHash('sha256').update(text, 'utf8').digest('hex') : null;
}

const filedAlready = (communicationId: string): AppError => new AppError(409, ERROR_CODES.DOC_FILED_ALREADY, 'This e-mail is filed already.', undefined, { detail: communicationId });

export interface DocumentsOptions {
  /** The documents folder (config: DOCUMENTS_DIR, else `documents` beside the database). */
  dir: string;
}

/** An upload as the route hands it over: where to file it, what it claims to be, and its body. */
export interface Upload {
  entity: string;
  recordId: string;
  name: string;
  claimedType: string;
  body: ReadableStream<Uint8Array> | null;
  /** The declared Content-Length, when there was one. */
  length: number | null;
}

/** A document's bytes, checked against its SHA-256, ready to send. */
export interface Opened {
  row: DocumentRow;
  body: ReadableStream<Uint8Array> | Uint8Array;
}

const notFound = (): AppError => new AppError(404, ERROR_CODES.DOC_NOT_FOUND, 'There is no such document, or it is not yours to see.');
const unavailable = (): AppError => new AppError(404, ERROR_CODES.DOC_TARGET_UNAVAILABLE, 'There is no such record to file documents with, or it is not yours to see.');
const damaged = (id: string, why: string): AppError => new AppError(500, ERROR_CODES.DOC_INTEGRITY, `The stored file of document ${id} ${why}: it is not served.`);

/** What refused a file, in words for the problem body (the PWA shows its own text for the code). */
const REASONS: Partial<Record<ErrorCode, string>> = {
  [ERROR_CODES.DOC_BAD_NAME]: 'The file needs a name.',
  [ERROR_CODES.DOC_TYPE_REFUSED]: 'Files of this type are refused.',
  [ERROR_CODES.DOC_EMPTY]: 'The file is empty.',
  [ERROR_CODES.DOC_CONTENT_MISMATCH]: 'The file’s content is not what its name or type says.',
};
const STATUS: Partial<Record<ErrorCode, 400 | 413 | 415 | 422>> = {
  [ERROR_CODES.DOC_BAD_NAME]: 400,
  [ERROR_CODES.DOC_TOO_LARGE]: 413,
  [ERROR_CODES.DOC_TYPE_REFUSED]: 415,
};
const refused = (code: ErrorCode, detail = '', max = 0): AppError =>
  code === ERROR_CODES.DOC_TOO_LARGE ? tooLarge(max) : new AppError(STATUS[code] ?? 422, code, `${REASONS[code] ?? 'The file is refused.'}${detail ? ` (${detail})` : ''}`);

/** A file staged for filing: received (or cut out of an e-mail) into the incoming folder, judged, not filed yet. */
interface Staged {
  row: DocumentRow;
  temp: Received;
  /** Its bytes, when they are in memory already (an e-mail and its attachments): database storage need not read them back. */
  bytes?: Uint8Array;
}

export class DocumentService {
  readonly folder: DocumentFolder;

  constructor(
    private readonly store: SyncStore,
    private readonly bus: ChangeBus,
    options: DocumentsOptions,
  ) {
    this.folder = new DocumentFolder(options.dir);
    this.folder.sweep();
  }

  settings(): Promise<DocumentSettings> {
    return readDocumentSettings(this.store);
  }

  /** Per kind of record, where the user may view it: what the list's query needs. */
  visibility(user: UserRow, rights: EffectiveRights): DocumentVisibility {
    const view: DocumentVisibility['view'] = {};
    for (const t of DOCUMENT_TARGETS) {
      const list = rights[t]?.view ?? [];
      if (list.length) view[t] = list;
    }
    return { userId: user.id, admin: user.role === 'admin', view };
  }

  /**
   * The record to file with: a kind that takes documents and exists on this server, live, and one the user may view
   * (else it is not theirs to know of) and edit (filing adds to its dossier).
   */
  async target(rights: EffectiveRights, entity: string, recordId: string): Promise<WireDoc & { entity: DocumentTarget }> {
    if (!isDocumentTarget(entity) || !isEntityName(entity) || (entityDef(entity).scope ?? 'territory') !== 'territory') throw unavailable();
    const [doc] = recordId && recordId.length <= 40 ? await this.store.getByIds(entity, [recordId]) : [];
    if (!doc || doc._deleted || !can(rights, 'view', entity, doc.territoryId)) throw unavailable();
    if (!can(rights, 'edit', entity, doc.territoryId)) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'You may not add documents to this record.');
    return { ...doc, entity };
  }

  /** Checks what can be checked before a byte is read: the name, the type by name, the declared size. */
  precheck(settings: DocumentSettings, name: string, length: number | null): string {
    const clean = cleanFileName(name);
    const problem = uploadProblem({ name: clean || name, size: length ?? 1 }, settings);
    if (problem) throw refused(problem, '', settings.maxFileBytes);
    return clean;
  }

  /** Files one uploaded file with a record (one transaction: the row, and the file moved into place, or nothing). */
  async file(user: UserRow, rights: EffectiveRights, up: Upload): Promise<DocumentInfo> {
    const settings = await this.settings();
    const name = this.precheck(settings, up.name, up.length);
    const target = await this.target(rights, up.entity, up.recordId);
    const temp = await receive(up.body, this.folder.incoming, settings.maxFileBytes, up.length);
    try {
      if (temp.size === 0) throw refused(ERROR_CODES.DOC_EMPTY);
      const verdict = judge(name, up.claimedType, await detect(temp.path), settings);
      if (!verdict.ok) throw refused(verdict.code, verdict.detail);
      const row = this.row(user, target, null, name, verdict.contentType, temp, settings);
      await this.commit([{ row, temp }], settings);
      const [info] = await this.infos(user, rights, [row]);
      if (!info) throw notFound();
      return info;
    } finally {
      await rm(temp.path, { force: true });
    }
  }

  /**
   * Files an e-mail (.eml or .msg) dropped on a record: an e-mail communication with its sender, recipients, date,
   * subject and body, linked to the record, with the original message and its attachments as documents of it.
   * A file that is not a readable message is refused whole; attachments the settings refuse are left out and named.
   */
  async fileEmail(user: UserRow, rights: EffectiveRights, up: Upload, opts: { sent?: boolean; regardingId?: string } = {}): Promise<EmailFiled> {
    const settings = await this.settings();
    const name = this.precheck(settings, up.name, up.length);
    const ext = extensionOf(name);
    if (ext !== 'eml' && ext !== 'msg') throw new AppError(422, ERROR_CODES.DOC_BAD_EMAIL, 'Only .eml and .msg files are filed as e-mails.');
    const target = await this.target(rights, up.entity, up.recordId);
    const temp = await receive(up.body, this.folder.incoming, settings.maxFileBytes, up.length);
    const staged: Staged[] = [];
    try {
      if (temp.size === 0) throw refused(ERROR_CODES.DOC_EMPTY);
      const bytes = await readFile(temp.path);
      const msg: ParsedMessage = ext === 'msg' ? parseMsg(bytes) : await parseEml(bytes);
      // A message is filed once: known by its Message-ID (a message without one cannot be recognised, and is filed).
      const messageKey = messageKeyOf(msg.messageId);
      const held = messageKey ? await this.store.documents.filedMessage(messageKey) : null;
      if (held) throw filedAlready(held.communicationId);
      const verdict = judge(name, up.claimedType, await detect(temp.path), settings);
      if (!verdict.ok) throw refused(verdict.code, verdict.detail);

      const comm = this.communication(user, target, msg, name);
      // A message sent from FieldCRM: its contact is the first recipient, not the organisation's own address.
      const to = msg.to.find((m) => m.address)?.address;
      if (opts.sent && to && isValidEmail(to)) (comm as Record<string, unknown>).email = to;
      // Written on a custom record: filed on its company or person, regarding the record (its screen lists it).
      if (opts.regardingId) (comm as Record<string, unknown>).regardingId = opts.regardingId;
      const issues = validateRecord(entityDef('communication'), comm, ['_deleted']);
      if (issues.length) throw invalid(issues);
      // The original message first, then each attachment the settings accept.
      staged.push({ row: this.row(user, { entity: 'communication', id: comm.id, territoryId: target.territoryId }, target, name, verdict.contentType, temp, settings), temp, bytes });
      const skipped: EmailFiled['skipped'] = [];
      for (const [i, a] of msg.attachments.entries()) {
        const aName = cleanFileName(a.name) || `attachment-${i + 1}`;
        if (i >= DOCUMENT_LIMITS.attachmentsMax) {
          skipped.push({ name: aName, code: ERROR_CODES.DOC_BAD_INPUT });
          continue;
        }
        const problem = uploadProblem({ name: aName, size: a.content.byteLength }, settings);
        if (problem) {
          skipped.push({ name: aName, code: problem });
          continue;
        }
        const aTemp = await this.stage(a.content);
        const v = judge(aName, a.contentType, await detect(aTemp.path), settings);
        if (!v.ok) {
          await rm(aTemp.path, { force: true });
          skipped.push({ name: aName, code: v.code });
          continue;
        }
        staged.push({ row: this.row(user, { entity: 'communication', id: comm.id, territoryId: target.territoryId }, target, aName, v.contentType, aTemp, settings), temp: aTemp, bytes: a.content });
      }

      // The communication through the normal write path (rights, validation, a sequence: devices get it)…
      const now = new Date().toISOString();
      const out = await this.store.push('communication', [{ assumedMasterState: null, newDocumentState: comm }], { userId: user.id, rights, lenient: false, now });
      this.bus.publishWrite(out);
      // …then its documents in one transaction. Should that fail, the communication is taken back: nothing half-filed.
      const filed: FiledMessageRow | undefined = messageKey ? { messageKey, communicationId: comm.id, filedBy: user.id, filedAt: now } : undefined;
      try {
        await this.commit(staged, settings, filed);
      } catch (err) {
        await this.withdraw(user, comm.id);
        // Another filer won the race for this message (the row was there, or its key refused ours): say so.
        const winner = err instanceof MessageFiledAlready ? err.filed : messageKey ? await this.store.documents.filedMessage(messageKey) : null;
        if (winner) throw filedAlready(winner.communicationId);
        throw err;
      }
      return {
        communicationId: comm.id,
        subject: String(comm.subject),
        documents: await this.infos(
          user,
          rights,
          staged.map((s) => s.row),
        ),
        skipped,
      };
    } finally {
      await Promise.all([temp, ...staged.map((s) => s.temp)].map((t) => rm(t.path, { force: true })));
    }
  }

  /** The communication a message becomes, on the record it was dropped on (and that record's company and person). */
  private communication(user: UserRow, target: WireDoc & { entity: DocumentTarget }, msg: ParsedMessage, originalName: string): WireDoc {
    const rec = target as Record<string, unknown>;
    const str = (k: string): string => (typeof rec[k] === 'string' ? (rec[k] as string) : '');
    const companyId = target.entity === 'company' ? target.id : str('companyId');
    const personId = target.entity === 'person' ? target.id : str('personId');
    const fields = communicationFields(msg, { timeZone: user.timeZone || 'UTC', companyId, personId, now: new Date().toISOString(), originalName });
    return { ...(blankRecord(entityDef('communication'), randomUUID(), target.territoryId) as Record<string, unknown>), ...fields, _deleted: false } as WireDoc;
  }

  /** Takes back a communication whose documents could not be filed (the server undoing its own write, so no user right is needed). */
  private async withdraw(user: UserRow, id: string): Promise<void> {
    const [master] = await this.store.getByIds('communication', [id]);
    if (!master || master._deleted) return;
    const t = [master.territoryId];
    const rights: EffectiveRights = { communication: { view: t, insert: t, edit: t, delete: t } };
    const out = await this.store.push('communication', [{ assumedMasterState: master, newDocumentState: { ...master, _deleted: true } }], { userId: user.id, rights, lenient: false, now: new Date().toISOString() });
    this.bus.publishWrite(out);
  }

  /** Bytes cut out of a message, written to the incoming folder and hashed like an upload. */
  private async stage(bytes: Uint8Array): Promise<Received> {
    const path = join(this.folder.incoming, `${randomUUID()}.part`);
    await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
    return { path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  private row(user: UserRow, on: { entity: DocumentTarget; id: string; territoryId: string }, via: { entity: DocumentTarget; id: string } | null, name: string, contentType: string, temp: Received, settings: DocumentSettings): DocumentRow {
    const now = new Date().toISOString();
    const sameRecord = via && via.entity === on.entity && via.id === on.id;
    return {
      id: randomUUID(),
      entity: on.entity,
      recordId: on.id,
      viaEntity: via && !sameRecord ? via.entity : '',
      viaRecordId: via && !sameRecord ? via.id : '',
      name,
      contentType,
      size: temp.size,
      sha256: temp.sha256,
      storage: settings.storage,
      policy: 'inherit',
      territoryId: on.territoryId,
      ownerId: user.id,
      createdAt: now,
      updatedAt: now,
      updatedBy: user.id,
    };
  }

  /**
   * Files staged documents: rows (and bytes, in database storage) in one transaction, files renamed into place inside
   * it. A failure anywhere leaves no row and no file.
   */
  private async commit(staged: readonly Staged[], settings: DocumentSettings, filed?: FiledMessageRow): Promise<void> {
    const contents = new Map<string, Uint8Array>();
    if (settings.storage === 'database') for (const s of staged) contents.set(s.row.id, s.bytes ?? (await readFile(s.temp.path)));
    const moved: string[] = [];
    try {
      await this.store.documents.insert(
        staged.map((s) => s.row),
        contents,
        () => {
          for (const s of staged)
            if (s.row.storage === 'folder') {
              this.folder.moveIn(s.temp.path, s.row.id);
              moved.push(s.row.id);
            }
        },
        filed,
      );
    } catch (err) {
      for (const id of moved) this.folder.remove(id);
      throw err;
    }
  }

  /** The record behind a document, when it is live. */
  private async recordOf(row: DocumentRow): Promise<WireDoc | null> {
    if (!isEntityName(row.entity)) return null;
    const [doc] = await this.store.getByIds(row.entity, [row.recordId]);
    return doc && !doc._deleted ? doc : null;
  }

  /** The document, when it exists and the user may see it (else the same 404 as a missing one). */
  async load(user: UserRow, rights: EffectiveRights, id: string): Promise<{ row: DocumentRow; record: WireDoc }> {
    const row = id.length <= 40 ? await this.store.documents.get(id) : null;
    const record = row ? await this.recordOf(row) : null;
    if (!row || !record || !mayViewDocument(row, record.territoryId, viewerOf(user), rights)) throw notFound();
    return { row, record };
  }

  async info(user: UserRow, rights: EffectiveRights, id: string): Promise<DocumentInfo> {
    const { row } = await this.load(user, rights, id);
    const [info] = await this.infos(user, rights, [row]);
    if (!info) throw notFound();
    return info;
  }

  /** The documents the user may see: all of them, or one record's, whose name contains `text`, newest first. */
  async list(user: UserRow, rights: EffectiveRights, q: Omit<DocumentListQuery, 'visibility'>): Promise<{ total: number; documents: DocumentInfo[] }> {
    const page = await this.store.documents.list({ ...q, visibility: this.visibility(user, rights) });
    return { total: page.total, documents: await this.infos(user, rights, page.rows) };
  }

  /** Rows as the API answers them: their record's title, the territory their policy applies, what the user may do. */
  private async infos(user: UserRow, rights: EffectiveRights, rows: readonly DocumentRow[]): Promise<DocumentInfo[]> {
    const records = new Map<string, WireDoc>();
    const byEntity = new Map<EntityName, Set<string>>();
    for (const r of rows) {
      for (const [e, id] of [
        [r.entity, r.recordId],
        [r.viaEntity, r.viaRecordId],
      ] as const)
        if (e && isEntityName(e)) (byEntity.get(e) ?? byEntity.set(e, new Set()).get(e)!).add(id);
    }
    for (const [entity, ids] of byEntity) for (const d of await this.store.getByIds(entity, [...ids])) records.set(`${entity}/${d.id}`, d);
    const names = new Map((await this.store.listUsers()).map((u) => [u.id, u.displayName]));
    const viewer = viewerOf(user);
    const out: DocumentInfo[] = [];
    for (const r of rows) {
      const rec = records.get(`${r.entity}/${r.recordId}`);
      if (!rec || rec._deleted || !mayViewDocument(r, rec.territoryId, viewer, rights)) continue;
      const title = isEntityName(r.entity) ? recordTitle(entityDef(r.entity), rec as Record<string, unknown>) : '';
      out.push({
        id: r.id,
        entity: r.entity,
        recordId: r.recordId,
        recordTitle: title || r.recordId,
        viaEntity: r.viaEntity,
        viaRecordId: r.viaRecordId,
        name: r.name,
        contentType: r.contentType,
        size: r.size,
        sha256: r.sha256,
        policy: r.policy,
        territoryId: effectiveTerritory(r, rec.territoryId),
        ownerId: r.ownerId,
        ownerName: names.get(r.ownerId) ?? r.ownerId,
        createdAt: r.createdAt,
        previewable: isPreviewable(r.contentType),
        mayEdit: mayEditDocument(r, rec.territoryId, viewer, rights),
        mayDelete: mayDeleteDocument(r, rec.territoryId, viewer, rights),
      });
    }
    return out;
  }

  /**
   * The document's bytes, once they are found to match the SHA-256 taken when it was filed (never corrupt bytes).
   * For a preview, only images and PDF files, refused before their bytes are read.
   */
  async open(user: UserRow, rights: EffectiveRights, id: string, { preview = false } = {}): Promise<Opened> {
    const { row } = await this.load(user, rights, id);
    if (preview && !isPreviewable(row.contentType)) throw new AppError(415, ERROR_CODES.DOC_NO_PREVIEW, 'Only images and PDF files have a preview: download the file instead.');
    return this.content(row);
  }

  /** The bytes of a row `load` answered (the caller's right to see it checked there), checked against its SHA-256. */
  async content(row: DocumentRow): Promise<Opened> {
    if (row.storage === 'database') {
      const bytes = await this.store.documents.content(row.id);
      if (!bytes) throw damaged(row.id, 'is missing');
      if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw damaged(row.id, 'does not match its SHA-256');
      return { row, body: bytes };
    }
    const hash = await this.folder.hashOf(row.id);
    if (hash === null) throw damaged(row.id, 'is missing');
    if (hash !== row.sha256) throw damaged(row.id, 'does not match its SHA-256');
    return { row, body: this.folder.stream(row.id) };
  }

  /** Changes who may see a document: edit rights on its record; a territory the user may view the record's kind in. */
  async setPolicy(user: UserRow, rights: EffectiveRights, id: string, change: { policy: DocumentPolicy; territoryId?: string }): Promise<DocumentInfo> {
    const { row, record } = await this.load(user, rights, id);
    const viewer = viewerOf(user);
    if (!mayEditDocument(row, record.territoryId, viewer, rights)) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'You may not change this document’s security.');
    // `inherit` and `private` keep the record's territory as the document's own (shown, and used if it becomes `territory` later).
    const territoryId = change.policy === 'territory' ? (change.territoryId ?? '') : record.territoryId;
    const problem = policyProblem(row, { policy: change.policy, territoryId }, viewer, rights);
    if (problem === ERROR_CODES.FORBIDDEN) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'Only who filed a document, or an administrator, may make it private.');
    if (problem) throw new AppError(400, problem, 'Choose a territory in which you may view this kind of record.');
    const updated = await this.store.documents.update(row.id, { policy: change.policy, territoryId, updatedAt: new Date().toISOString(), updatedBy: user.id });
    if (!updated) throw notFound();
    const [info] = await this.infos(user, rights, [updated]);
    // A user may narrow a document out of their own sight only by making it private, which they may do only as its filer.
    if (!info) throw notFound();
    return info;
  }

  /** Deletes a document: its row (and bytes in the database) in one transaction, then its file. */
  async remove(user: UserRow, rights: EffectiveRights, id: string): Promise<void> {
    const { row, record } = await this.load(user, rights, id);
    if (!mayDeleteDocument(row, record.territoryId, viewerOf(user), rights)) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'You may not delete this document.');
    const gone = await this.store.documents.delete(row.id);
    if (gone?.storage === 'folder') this.folder.remove(gone.id);
  }
}

export const viewerOf = (user: UserRow): Viewer => ({ id: user.id, admin: user.role === 'admin' });
