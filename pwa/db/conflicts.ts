// How the device settles a push the server answered with a conflict: the server already merged field by field, so its master stands.
import type { RxConflictHandler } from 'rxdb';
import { storedDefOf, type AnyRecord, type EntityName } from '../../shared/entities/index.ts';
import { sameUserState } from '../../shared/records.ts';

/** Equality ignores server stamps (`updatedAt`, `updatedBy`), so a stamp alone never makes a push or a conflict. */
export function conflictHandler(entity: EntityName): RxConflictHandler<AnyRecord> {
  // Per document: a custom record is compared over its own entity's custom fields too (docs/decisions/0057).
  return {
    isEqual: (a, b) => sameUserState(storedDefOf(entity, a), a as Record<string, unknown>, b as Record<string, unknown>),
    resolve: async (input) => input.realMasterState,
  };
}
