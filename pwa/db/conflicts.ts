// How the device settles a push the server answered with a conflict: the server already merged field by field, so its master stands.
import type { RxConflictHandler } from 'rxdb';
import { entityDef, type AnyRecord, type EntityName } from '../../shared/entities/index.ts';
import { sameUserState } from '../../shared/records.ts';

/** Equality ignores server stamps (`updatedAt`, `updatedBy`), so a stamp alone never makes a push or a conflict. */
export function conflictHandler(entity: EntityName): RxConflictHandler<AnyRecord> {
  const def = entityDef(entity);
  return {
    isEqual: (a, b) => sameUserState(def, a as Record<string, unknown>, b as Record<string, unknown>),
    resolve: async (input) => input.realMasterState,
  };
}
