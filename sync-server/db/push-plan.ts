// Decides what a pushed batch does to the master records; pure, so both stores share it and unit tests can drive it.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { mergeThreeWay } from '../../shared/merge.ts';
import { sameUserState } from '../../shared/records.ts';
import type { PushRow, WireDoc } from '../../shared/sync.ts';
import type { Actor } from './store.ts';

export interface PushPlan {
  /** Records to write, stamped, in batch order; the store gives each a new sequence. */
  writes: WireDoc[];
  /** Ids whose answer is a conflict: the store returns their master after the writes. */
  conflictIds: string[];
}

/**
 * For each row: unchanged master → apply; the master already equals the new state → nothing (a retry);
 * otherwise a field-level three-way merge, and the merged master goes back to the device as the conflict answer.
 */
export function planPush(entity: EntityName, rows: readonly PushRow[], masters: Map<string, WireDoc>, actor: Actor, now: string): PushPlan {
  const def = entityDef(entity);
  const writes = new Map<string, WireDoc>();
  const conflictIds = new Set<string>();
  const stamp = (doc: Record<string, unknown>): WireDoc => ({ ...(doc as WireDoc), updatedAt: now, updatedBy: actor.userId });

  for (const { assumedMasterState: assumed, newDocumentState: mine } of rows) {
    const master = writes.get(mine.id) ?? masters.get(mine.id);
    if (!master) {
      writes.set(mine.id, stamp(mine));
      continue;
    }
    if (sameUserState(def, master, mine)) continue; // already there: a retried push, or both devices agree
    if (assumed && sameUserState(def, master, assumed)) {
      writes.set(mine.id, stamp(mine));
      continue;
    }
    // The device wrote on top of a state that is no longer the master (or thought the record was new).
    const { merged, changed } = mergeThreeWay(def, (assumed ?? master) as Record<string, unknown>, master, mine);
    if (changed) writes.set(mine.id, stamp(merged));
    conflictIds.add(mine.id);
  }
  return { writes: [...writes.values()], conflictIds: [...conflictIds] };
}
