// What a user is typing in an entry form, kept in localStorage until it is saved or cancelled: an old phone that kills
// the browser in the background, a reload, or the device reopening its database must not cost the user their typing.
import type { AnyRecord } from '../../shared/entities/index.ts';

const PREFIX = 'fieldcrm.draft.';
/** A draft older than this is not offered any more (and is removed). */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface Draft {
  /** The record as the form showed it when the user typed last. */
  record: AnyRecord;
  /** The record as the form loaded it (an edit): the draft's changes are measured against it. Null for a new record. */
  loaded: AnyRecord | null;
  at: number;
}

/** One draft per user, entity and record (`new` for a record not saved yet). */
export const draftKey = (userId: string, entity: string, recordId: string): string => `${PREFIX}${userId}.${entity}.${recordId || 'new'}`;

function store(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage refused (private mode, policy): forms work, without drafts
  }
}

export function readDraft(key: string, now = Date.now()): Draft | null {
  const s = store();
  if (!s) return null;
  try {
    const raw = s.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    if (!d || typeof d.at !== 'number' || !d.record || now - d.at > DRAFT_MAX_AGE_MS) {
      s.removeItem(key);
      return null;
    }
    return d;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, draft: Draft): void {
  try {
    store()?.setItem(key, JSON.stringify(draft));
  } catch {
    // Full or refused: the form goes on; only the safety net is missing.
  }
}

export function clearDraft(key: string): void {
  try {
    store()?.removeItem(key);
  } catch {
    // nothing to do
  }
}
