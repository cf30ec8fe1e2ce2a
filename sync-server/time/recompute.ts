// The job that keeps stored instants in step with the zone rules: a booked wall time stays, its instant follows.
import { entityDef } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { withCurrentInstants } from '../../shared/time/wall-clock.ts';
import type { ZoneRules } from '../../shared/time/zone-rules.ts';
import type { PlanRow } from '../db/push-plan.ts';
import type { SyncStore } from '../db/store.ts';

/** Who the rewritten records say changed them last. */
export const SYSTEM_USER = 'system';
const PAGE = 500;
const DAY = 86_400_000;

export interface RecomputeOutcome {
  checked: number;
  changed: number;
  lastSeq: number | null;
}

/**
 * Rewrites the communications still to come (from a day ago on) whose stored instants are not what their wall time
 * and zone give under `rules`: after a tzdata update (Morocco's 2026c), a 09:00 Casablanca meeting keeps 09:00 and
 * gets the new instant. Each is an ordinary write with a new sequence, so every device pulls it. Idempotent: a second
 * run with the same rules changes nothing. Past items keep the instants they happened at.
 */
export async function recomputeWallClockInstants(store: SyncStore, rules: ZoneRules, now: Date): Promise<RecomputeOutcome> {
  const def = entityDef('communication');
  const since = now.getTime() - DAY;
  const rows: PlanRow[] = [];
  let checked = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listRecords('communication', {}, { kind: 'everyone' }, { offset, limit: PAGE });
    for (const doc of page.records) {
      const rec = doc as unknown as Record<string, unknown>;
      const next = withCurrentInstants(def, rules, rec);
      const start = Date.parse(String(next.startsAt));
      checked++;
      if (next === rec || !(start >= since)) continue;
      rows.push({ assumedMasterState: doc, newDocumentState: next as unknown as WireDoc });
    }
    if (page.records.length < PAGE) break;
  }
  if (rows.length === 0) return { checked, changed: 0, lastSeq: null };
  const territories = (await store.listTerritories()).map((t) => t.id);
  const all = { view: territories, insert: territories, edit: territories, delete: [] };
  let lastSeq: number | null = null;
  for (let i = 0; i < rows.length; i += PAGE) {
    const out = await store.writeRecords([{ entity: 'communication', rows: rows.slice(i, i + PAGE) }], {
      userId: SYSTEM_USER,
      rights: { communication: all },
      lenient: false,
      now: now.toISOString(),
    });
    lastSeq = out.lastSeq ?? lastSeq;
  }
  return { checked, changed: rows.length, lastSeq };
}
