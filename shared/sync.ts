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
