// Field-level three-way merge of a pushed record against the server's master: edits to different fields both survive.
import type { EntityDef } from './entities/index.ts';
import { jsonEqual, userKeys } from './records.ts';

export interface MergeResult {
  /** The state to store: master plus every field the pusher changed that nobody else changed. */
  merged: Record<string, unknown>;
  /** Fields both sides changed to different values: the master's value stands, the pusher's is kept here. */
  lost: { field: string; mine: unknown; theirs: unknown }[];
  /** True when the merge changes the master. */
  changed: boolean;
}

export function mergeThreeWay(def: EntityDef, assumed: Record<string, unknown>, master: Record<string, unknown>, mine: Record<string, unknown>): MergeResult {
  const merged: Record<string, unknown> = { ...master };
  const lost: MergeResult['lost'] = [];
  let changed = false;
  for (const k of userKeys(def)) {
    const a = assumed[k] ?? null;
    const m = master[k] ?? null;
    const n = mine[k] ?? null;
    if (jsonEqual(n, a) || jsonEqual(n, m)) continue; // pusher did not change it, or both agree
    if (jsonEqual(m, a)) {
      merged[k] = n;
      changed = true;
    } else lost.push({ field: k, mine: n, theirs: m });
  }
  return { merged, lost, changed };
}
