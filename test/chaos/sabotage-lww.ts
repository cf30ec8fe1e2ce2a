// Chaos self-test only (`--sabotage lww`), preloaded into the server child with `--import`: a deliberately broken
// server that ignores what each push assumed and lets the last write win. Every row's assumed state is replaced by the
// current master before the real push runs, so planPush never sees a conflict: concurrent edits are overwritten, stale
// deletes win and no loser is kept. The chaos checks must report losses against this server.
import { SqlStore } from '../../sync-server/db/common/store.ts';
import type { PlanRow } from '../../sync-server/db/push-plan.ts';

const push = SqlStore.prototype.push;
SqlStore.prototype.push = async function (this: SqlStore, entity, rows, ctx) {
  const masters = new Map((await this.getByIds(entity, rows.map((r) => r.newDocumentState.id))).map((d) => [d.id, d]));
  const blind: PlanRow[] = rows.map((r) => ({ ...r, assumedMasterState: masters.get(r.newDocumentState.id) ?? null }));
  return push.call(this, entity, blind, ctx);
};
process.stderr.write('chaos sabotage: this server lets the last write win\n');
