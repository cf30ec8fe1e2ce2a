// Settling a kept conflict or rejected change: re-apply the author's value, or dismiss it. Plain logic, no UI.
import { customEntity, isEntityName, storedDefOf, type AnyRecord, type ConflictRecord, type EntityName } from '../../../shared/entities/index.ts';
import type { RecordRepository, SaveResult } from '../../db/repository.ts';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function setStatus(repo: RecordRepository, c: ConflictRecord, status: 'reapplied' | 'dismissed'): Promise<void> {
  await repo.update('conflict', c.id, { status });
}

/** Puts the author's losing value back on the record (it then syncs like any edit) and closes the conflict. */
export async function reapply(repo: RecordRepository, c: ConflictRecord): Promise<SaveResult | { ok: false; missing: true }> {
  if (!isEntityName(c.entity)) return { ok: false, missing: true };
  const record = await repo.get(c.entity, c.recordId);
  // A custom record's own fields are its custom entity's (docs/decisions/0057).
  if (!record || !(c.field in storedDefOf(c.entity, record).fields)) return { ok: false, missing: true };
  const result = await repo.update(c.entity, c.recordId, { [c.field]: parseJson(c.mine) });
  if (result.ok) await setStatus(repo, c, 'reapplied');
  return result;
}

/**
 * "Delete anyway": the author deleted a record someone had changed since (a kept `delete` conflict). The device now
 * holds the record as it is, so the same delete goes up on the current copy and is applied.
 */
export async function deleteAnyway(repo: RecordRepository, c: ConflictRecord): Promise<SaveResult | { ok: false; missing: true }> {
  if (!isEntityName(c.entity)) return { ok: false, missing: true };
  const record = await repo.get(c.entity, c.recordId);
  if (record) await repo.remove(c.entity, c.recordId);
  await setStatus(repo, c, 'reapplied');
  return record ? { ok: true, record } : { ok: false, missing: true };
}

/**
 * "Restore with my changes": the author's edit met a newer deletion (a kept `deleted` conflict). The record comes back
 * with their values, the same id and territory; the server checks the right to create it there like any new record.
 */
export async function restoreWithChanges(repo: RecordRepository, c: ConflictRecord): Promise<SaveResult | { ok: false; missing: true }> {
  const record = rejectedRecord(c);
  const entity = screenEntity(c);
  if (!entity || !record || record.id !== c.recordId) return { ok: false, missing: true };
  const result = await repo.restore(entity, record);
  if (result.ok) await setStatus(repo, c, 'reapplied');
  return result;
}

export const dismiss = (repo: RecordRepository, c: ConflictRecord): Promise<void> => setStatus(repo, c, 'dismissed');
export const markResent = (repo: RecordRepository, c: ConflictRecord): Promise<void> => setStatus(repo, c, 'reapplied');

/** The record as its author sent it, to open in the entry screen and send again. */
export function rejectedRecord(c: ConflictRecord): AnyRecord | null {
  const doc = parseJson(c.mine);
  if (typeof doc !== 'object' || doc === null) return null;
  const out = { ...(doc as Record<string, unknown>) };
  delete out._deleted;
  return out as AnyRecord;
}

/**
 * The screen a kept change opens on: its entity's; a custom record's, its custom entity's, named by the record the
 * author sent (docs/decisions/0057), or for a same-field conflict (which keeps one value, not the record) by the record
 * on the device (`storedKey`, its `entityKey`). Null when it cannot be told (the record is no longer on the device).
 */
export function screenEntity(c: ConflictRecord, storedKey?: string | null): EntityName | null {
  if (c.entity === 'customRecord') {
    const sent = (rejectedRecord(c) as { entityKey?: unknown } | null)?.entityKey;
    const key = typeof sent === 'string' ? sent : storedKey;
    return typeof key === 'string' && customEntity(key) ? (key as EntityName) : null;
  }
  return isEntityName(c.entity) ? c.entity : null;
}
