// What the screens offer: only actions the user's profile allows (the server refuses the rest anyway, but a button
// that can only fail is a trap). Without a session's rights yet, everything is offered and the server decides.
import { can, type Action } from '../../shared/security.ts';
import { runtime } from './runtime.ts';

/** May the user do `action` on `entity` in `territoryId`, or, without a territory, in at least one territory? */
export function mayDo(action: Action, entity: string, territoryId?: string): boolean {
  const rights = runtime.current?.session.rights;
  if (!rights) return true;
  if (territoryId !== undefined) return can(rights, action, entity, territoryId);
  return (rights[entity]?.[action].length ?? 0) > 0;
}
