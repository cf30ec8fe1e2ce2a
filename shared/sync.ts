// The replication protocol between the PWA (RxDB) and the sync server: the shapes on the wire.
import type { AnyRecord, EntityName } from './entities/index.ts';

/** A record as it travels: its fields plus RxDB's deletion flag. */
export type WireDoc = AnyRecord & { _deleted: boolean };

/**
 * Server-assigned change sequence (never a client clock; `0` is "from the beginning"), and the fingerprint of
 * the user's view rights the device pulled under (`shared/security.ts` scopeKey).
 */
export interface Checkpoint {
  seq: number;
  scope: string;
}

export interface PullResponse {
  documents: WireDoc[];
  /**
   * The change sequence of each document, in the same order: a device holding unsent changes to a record stops
   * the page just before it (checkpoint = the previous sequence) and pulls it again once its own write is settled.
   */
  seqs: number[];
  checkpoint: Checkpoint;
  /** Changes still waiting after this page: drives the first-sync progress bar. */
  remaining: number;
  /**
   * The user's rights changed since the checkpoint: the device must start over (push what waits, then
   * replace its data with a fresh pull), so records it may now see arrive and the others go.
   */
  resync?: boolean;
}

/**
 * A pull page's documents as columns (`?form=columns`): each key once, with the values of every document in order.
 * Documents of a collection share their keys, and the values of one field side by side compress far better than
 * whole records one after another: a first sync's bytes on a mobile link (docs/decisions/0063). A page whose
 * documents do not all have the same keys (custom records carry their own entity's fields) comes as `documents`
 * whatever the form asked for; a client reads either with `readPullAnswer`.
 */
export type PullColumns = Record<string, unknown[]>;

/** A pull answer as sent: `documents`, or `columns` when asked for and possible. */
export type PullAnswer = Omit<PullResponse, 'documents'> & ({ documents: WireDoc[]; columns?: undefined } | { columns: PullColumns; documents?: undefined });

export const PULL_FORMS = ['documents', 'columns'] as const;
export type PullForm = (typeof PULL_FORMS)[number];

/** The documents as columns, or null when they do not all have the same keys (then they go as `documents`). */
export function toColumns(documents: readonly WireDoc[]): PullColumns | null {
  const first = documents[0] as Record<string, unknown> | undefined;
  if (!first) return null;
  const keys = Object.keys(first);
  const columns: PullColumns = {};
  for (const k of keys) columns[k] = new Array<unknown>(documents.length);
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i] as Record<string, unknown>;
    let n = 0;
    for (const k in d) {
      const col = columns[k];
      if (!col || d[k] === undefined) return null;
      col[i] = d[k];
      n++;
    }
    if (n !== keys.length) return null;
  }
  return columns;
}

/** A pull answer's documents in either form; a malformed page of columns throws (the page is not taken). */
export function readPullAnswer(answer: PullAnswer): PullResponse {
  if (!answer.columns) return answer as PullResponse;
  const { columns, ...rest } = answer;
  const keys = Object.keys(columns);
  const cols = keys.map((k) => columns[k]);
  const n = answer.seqs.length;
  if (!cols.every((c) => Array.isArray(c) && c.length === n)) throw new Error('pull: columns of unequal length');
  const documents = new Array<WireDoc>(n);
  for (let i = 0; i < n; i++) {
    const d: Record<string, unknown> = {};
    for (let j = 0; j < keys.length; j++) d[keys[j]!] = cols[j]![i];
    documents[i] = d as unknown as WireDoc;
  }
  return { ...rest, documents };
}

export interface PushRow {
  assumedMasterState: WireDoc | null;
  newDocumentState: WireDoc;
}

export interface PushResponse {
  /** The current master state of each row that did not apply as sent; RxDB resolves them on the device. */
  conflicts: WireDoc[];
}

/** Sent on the live stream: a collection has changes after `seq`. The client answers by pulling. */
export interface StreamEvent {
  collection: EntityName;
  seq: number;
}

export const SYNC_LIMITS = { maxPullLimit: 1000, defaultPullLimit: 500, maxPushRows: 500 } as const;

/**
 * A pull page's checkpoint, count and remaining changes, also sent as headers before its body: a first sync asks for
 * the next page as soon as they arrive, while this one is still downloading and being read (docs/decisions/0061).
 * `checkpoint`: `<seq> <scope>`.
 */
export const PULL_HEADERS = { checkpoint: 'FieldCRM-Checkpoint', count: 'FieldCRM-Count', remaining: 'FieldCRM-Remaining' } as const;

export const SYNC_PATHS = {
  pull: (c: EntityName) => `/sync/${c}/pull`,
  push: (c: EntityName) => `/sync/${c}/push`,
  stream: '/sync/stream',
} as const;
