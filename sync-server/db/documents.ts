// Documents on the database: the metadata rows (and the bytes, in database storage) that both dialects keep, and the store interface.
import type { FilterTerm, SortKey } from '../../shared/list-query.ts';
import type { DocumentPolicy, DocumentStorage, DocumentTarget } from '../../shared/documents.ts';

/** A document's row: what it is, where its bytes are, who may see it. */
export interface DocumentRow {
  id: string;
  entity: DocumentTarget;
  recordId: string;
  /** The record it was dropped on when that is another one (an e-mail's files go with its communication); '' otherwise. */
  viaEntity: DocumentTarget | '';
  viaRecordId: string;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes, taken while they arrived; checked again on every download. */
  sha256: string;
  /** Where the bytes are: a file in the documents folder, or a row of `document_contents`. */
  storage: DocumentStorage;
  policy: DocumentPolicy;
  /** For `inherit`, the record's territory when the document was filed (the record's current one applies); else the chosen one. */
  territoryId: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * What a user may see, as the list's query needs it (the same rule as `mayViewDocument` in shared/documents.ts):
 * per kind of record, the territories where they may view it.
 */
export interface DocumentVisibility {
  userId: string;
  admin: boolean;
  view: Partial<Record<DocumentTarget, readonly string[]>>;
}

export interface DocumentListQuery {
  visibility: DocumentVisibility;
  /** Only the documents filed with this record or dropped on it. */
  record?: { entity: DocumentTarget; id: string };
  /** Part of the file name, any case ('' for all). */
  text: string;
  /** Checked against DOCUMENT_LIST (shared/documents.ts); empty: newest first. */
  sort?: readonly SortKey[];
  filters?: readonly FilterTerm[];
  offset: number;
  limit: number;
}

/** An e-mail filed once, known by its Message-ID (the SHA-256 of the normalised id). */
export interface FiledMessageRow {
  messageKey: string;
  communicationId: string;
  filedBy: string;
  filedAt: string;
}

export interface DocumentStore {
  /**
   * Inserts the rows, and the bytes of those kept in the database, in one transaction. `beforeCommit` runs inside it
   * (it moves files into place): when it throws, nothing is inserted. Nothing is half-filed either way. With `filed`,
   * the message's filing is recorded in the same transaction; a message already filed on a live communication makes
   * it throw (and insert nothing); a filing whose communication was deleted since is replaced.
   */
  insert(rows: readonly DocumentRow[], contents: ReadonlyMap<string, Uint8Array>, beforeCommit?: () => void, filed?: FiledMessageRow): Promise<void>;
  /** The filing of a message whose communication is still live, or null. */
  filedMessage(messageKey: string): Promise<FiledMessageRow | null>;
  get(id: string): Promise<DocumentRow | null>;
  /** Documents the visibility covers, newest first: a page and how many match in all. */
  list(query: DocumentListQuery): Promise<{ total: number; rows: DocumentRow[] }>;
  /** The bytes of a document kept in the database (null when there are none). */
  content(id: string): Promise<Uint8Array | null>;
  /** Changes the security policy; null when there is no such document. */
  update(id: string, changes: { policy: DocumentPolicy; territoryId: string; updatedAt: string; updatedBy: string }): Promise<DocumentRow | null>;
  /** Deletes the row and its bytes in the database; the deleted row, or null when there was none. */
  delete(id: string): Promise<DocumentRow | null>;
}

/** Thrown by `insert` when the message is filed already on a live communication: nothing was inserted. */
export class MessageFiledAlready extends Error {
  constructor(readonly filed: FiledMessageRow) {
    super('this message is filed already');
    this.name = 'MessageFiledAlready';
  }
}

/** `%text%` for a case-insensitive contains on `name_key` (the lower-cased name), LIKE's wildcards escaped with `\`. */
export function namePattern(text: string): string {
  return `%${nameKey(text.trim()).replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
}

/** The lower-cased name the list searches: folded in code, so every script compares alike in both databases. */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/** A database row (any dialect's column types) as the rest of the server sees it. */
export function documentOf(row: Record<string, unknown>): DocumentRow {
  const str = (k: string): string => (typeof row[k] === 'string' ? (row[k] as string) : '');
  return {
    id: str('id'),
    entity: str('entity') as DocumentTarget,
    recordId: str('recordId'),
    viaEntity: str('viaEntity') as DocumentTarget | '',
    viaRecordId: str('viaRecordId'),
    name: str('name'),
    contentType: str('contentType'),
    size: Number(row.size ?? 0),
    sha256: str('sha256'),
    storage: str('storage') === 'database' ? 'database' : 'folder',
    policy: str('policy') as DocumentPolicy,
    territoryId: str('territoryId'),
    ownerId: str('ownerId'),
    createdAt: str('createdAt'),
    updatedAt: str('updatedAt'),
    updatedBy: str('updatedBy'),
  };
}
