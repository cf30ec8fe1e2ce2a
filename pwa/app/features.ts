// What the signed-in user may use now: profile features whose integration is on (the server checks again).
import type { SessionInfo } from '../../shared/api.ts';
import type { Feature } from '../../shared/screens.ts';
import { activeFeatures as usable } from '../../shared/settings.ts';

export function activeFeatures(session: SessionInfo | undefined | null): Feature[] {
  return session ? usable((session.features ?? []) as Feature[], session.settings ?? {}) : [];
}
