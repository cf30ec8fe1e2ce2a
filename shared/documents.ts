// Documents filed with records (desktop, online only): which records take them, their security policy, the upload
// limits, and the rules the server enforces and the PWA shows. Plain TypeScript: the server and the PWA share it.
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { can, type EffectiveRights } from './security.ts';
import { datetime, number, select, text } from './entities/fields.ts';
import type { ListShape } from './list-query.ts';

/**
 * The kinds of record a document can be filed with. `opportunity` is an online-only entity kept by the server
 * (issue 7, docs/decisions/0012): its screen has the Documents tab like the others.
 */
export const DOCUMENT_TARGETS = ['company', 'person', 'lead', 'opportunity', 'communication'] as const;
export type DocumentTarget = (typeof DOCUMENT_TARGETS)[number];
/**
 * What the document list sorts and filters by, with the record lists' rules (shared/list-query.ts): `?sort=-size`,
 * `filter[entity]=company`, `filter[createdAt.from]=…`. The name sorts without regard to case.
 */
export const DOCUMENT_LIST: ListShape = {
  name: 'documents',
  fields: { name: text(255), contentType: text(100), size: number(0, Number.MAX_SAFE_INTEGER), entity: select(DOCUMENT_TARGETS, 'company'), createdAt: datetime() },
};

export const isDocumentTarget = (v: unknown): v is DocumentTarget => typeof v === 'string' && (DOCUMENT_TARGETS as readonly string[]).includes(v);

/**
 * Who may see a document, after Sage CRM's library security (a territory on each library item, `libr_secterr`):
 * - `inherit`: the record's own: whoever may view the record may view the document, and its territory is the
 *   record's (it follows the record when the record moves);
 * - `territory`: the record's rule, narrowed to a territory chosen for the document: the viewer also needs the view
 *   right on the record's kind in that territory;
 * - `private`: the record's rule, narrowed to the user who filed it and administrators.
 * A policy only ever narrows: nobody sees a document whose record they may not see (docs/decisions/0013).
 */
export const DOCUMENT_POLICIES = ['inherit', 'territory', 'private'] as const;
export type DocumentPolicy = (typeof DOCUMENT_POLICIES)[number];
export const isDocumentPolicy = (v: unknown): v is DocumentPolicy => typeof v === 'string' && (DOCUMENT_POLICIES as readonly string[]).includes(v);

/** Where the server keeps the bytes: files in a folder beside the database (default), or a table of the database. */
export const DOCUMENT_STORAGES = ['folder', 'database'] as const;
export type DocumentStorage = (typeof DOCUMENT_STORAGES)[number];

/** Upload limits and storage, set by an administrator; every signed-in user reads the limits before uploading. */
export interface DocumentSettings {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** File name extensions refused, lower case, without the dot. */
  refusedExtensions: string[];
  storage: DocumentStorage;
}

const MiB = 1024 * 1024;
export const DOCUMENT_LIMITS = {
  /** The largest limit an administrator may set (files are streamed to disk; in-database storage reads a file whole). */
  maxFileBytesCeiling: 1024 * MiB,
  /** The smallest limit an administrator may set. */
  maxFileBytesFloor: 1024,
  /** A file name's length, in characters. */
  nameMax: 255,
  /** How many extensions the refused list holds, and how long each may be. */
  refusedMax: 200,
  extensionMax: 20,
  /** A page of the library at most. */
  pageMax: 200,
  /** Attachments filed from one e-mail at most. */
  attachmentsMax: 50,
} as const;

/**
 * Programs and scripts that run when opened: refused unless an administrator says otherwise. The list is matched
 * against a file's name and against what its content turns out to be (`elf` and `macho` are how the server names
 * Linux and macOS programs it finds inside a file, whatever its name).
 */
export const DEFAULT_REFUSED_EXTENSIONS = ['app', 'bat', 'cmd', 'com', 'cpl', 'dll', 'elf', 'exe', 'hta', 'jar', 'js', 'jse', 'lnk', 'macho', 'msi', 'pif', 'ps1', 'reg', 'scr', 'sh', 'vbe', 'vbs', 'wsf', 'wsh'];

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = { maxFileBytes: 25 * MiB, refusedExtensions: DEFAULT_REFUSED_EXTENSIONS, storage: 'folder' };

/** Messages saved from a mail program: filed as an e-mail communication with their attachments (Outlook's .msg too). */
export const EMAIL_EXTENSIONS = ['eml', 'msg'] as const;

/** The request header every upload carries: a cross-site page cannot send it without a CORS preflight, which is never granted. */
export const UPLOAD_HEADER = 'X-FieldCRM-Upload';

/** A document as the API answers it. */
export interface DocumentInfo {
  id: string;
  /** The record it is filed with. */
  entity: DocumentTarget;
  recordId: string;
  recordTitle: string;
  /** The record it was dropped on, when that is another one (an e-mail's attachments are filed with its communication). */
  viaEntity: DocumentTarget | '';
  viaRecordId: string;
  name: string;
  /** The type it is served with (checked against its content; never a type a browser would run). */
  contentType: string;
  size: number;
  sha256: string;
  policy: DocumentPolicy;
  /** The territory the policy applies: the record's own for `inherit`. */
  territoryId: string;
  ownerId: string;
  ownerName: string;
  createdAt: string;
  /** An image or PDF the browser may show inline. */
  previewable: boolean;
  mayEdit: boolean;
  mayDelete: boolean;
}

/** What filing an e-mail answers: the communication made from it, its documents, and attachments left out. */
export interface EmailFiled {
  communicationId: string;
  subject: string;
  documents: DocumentInfo[];
  skipped: { name: string; code: ErrorCode }[];
}

/** The extension of a file name, lower case without the dot; '' when there is none. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
}

export const isEmailFile = (name: string): boolean => (EMAIL_EXTENSIONS as readonly string[]).includes(extensionOf(name));

/**
 * A file name as it is kept: its last path segment, without control characters or characters Windows refuses,
 * spaces squeezed, at most 255 characters (the extension kept). '' when nothing usable is left.
 */
export function cleanFileName(raw: string): string {
  const last = raw.slice(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
  let name = last.normalize('NFC').replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  name = name.replace(/^\.+$/, '');
  if (name.length > DOCUMENT_LIMITS.nameMax) {
    const ext = extensionOf(name);
    const keep = ext && ext.length < 20 ? `.${ext}` : '';
    name = name.slice(0, DOCUMENT_LIMITS.nameMax - keep.length) + keep;
  }
  return name;
}

/** Why a file cannot be uploaded, known before any byte is sent (the PWA says so at once; the server checks again). */
export function uploadProblem(file: { name: string; size: number }, settings: Pick<DocumentSettings, 'maxFileBytes' | 'refusedExtensions'>): ErrorCode | null {
  if (!cleanFileName(file.name)) return ERROR_CODES.DOC_BAD_NAME;
  if (settings.refusedExtensions.includes(extensionOf(file.name))) return ERROR_CODES.DOC_TYPE_REFUSED;
  if (file.size === 0) return ERROR_CODES.DOC_EMPTY;
  if (file.size > settings.maxFileBytes) return ERROR_CODES.DOC_TOO_LARGE;
  return null;
}

/** Who is asking: their id and whether they administer the system. */
export interface Viewer {
  id: string;
  admin: boolean;
}

/** A document's security as the rules read it. */
export interface DocumentSecurity {
  entity: string;
  policy: DocumentPolicy;
  /** The document's own territory (used by `territory`). */
  territoryId: string;
  ownerId: string;
}

/** The territory a document's policy applies: the record's for `inherit`, else its own. */
export function effectiveTerritory(doc: Pick<DocumentSecurity, 'policy' | 'territoryId'>, recordTerritoryId: string): string {
  return doc.policy === 'inherit' ? recordTerritoryId : doc.territoryId;
}

/** May the viewer see this document? Never without the right to view its record; the policy narrows from there. */
export function mayViewDocument(doc: DocumentSecurity, recordTerritoryId: string, viewer: Viewer, rights: EffectiveRights): boolean {
  if (!can(rights, 'view', doc.entity, recordTerritoryId)) return false;
  if (doc.policy === 'territory') return can(rights, 'view', doc.entity, doc.territoryId);
  if (doc.policy === 'private') return viewer.admin || doc.ownerId === viewer.id;
  return true;
}

/** May the viewer change its policy? They must see it and may edit its record. */
export function mayEditDocument(doc: DocumentSecurity, recordTerritoryId: string, viewer: Viewer, rights: EffectiveRights): boolean {
  return mayViewDocument(doc, recordTerritoryId, viewer, rights) && can(rights, 'edit', doc.entity, recordTerritoryId);
}

/** May the viewer delete it? They must see it and may delete in its record's territory. */
export function mayDeleteDocument(doc: DocumentSecurity, recordTerritoryId: string, viewer: Viewer, rights: EffectiveRights): boolean {
  return mayViewDocument(doc, recordTerritoryId, viewer, rights) && can(rights, 'delete', doc.entity, recordTerritoryId);
}

/**
 * Why a new policy cannot be set, or null: a `territory` policy names a territory in which the user may view the
 * record's kind (else they would lock themselves out), and only the filer or an administrator makes a document private.
 */
export function policyProblem(doc: DocumentSecurity, change: { policy: DocumentPolicy; territoryId: string }, viewer: Viewer, rights: EffectiveRights): ErrorCode | null {
  if (change.policy === 'territory' && !can(rights, 'view', doc.entity, change.territoryId)) return ERROR_CODES.DOC_BAD_POLICY;
  if (change.policy === 'private' && !viewer.admin && doc.ownerId !== viewer.id) return ERROR_CODES.FORBIDDEN;
  return null;
}

/** Types a browser shows inline without running anything: only these get a preview, and only once their content says so. */
export const PREVIEW_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export const isPreviewable = (contentType: string): boolean => (PREVIEW_TYPES as readonly string[]).includes(contentType);

/** "1.5 MB" for a size in bytes (the unit names are the same in English and French but for the decimal mark). */
export function formatBytes(bytes: number, locale = 'en'): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(v) : v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
  return `${locale === 'fr' ? text.replace('.', ',') : text} ${units[i]}`;
}
