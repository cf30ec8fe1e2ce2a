// What the signed-in user may use now: profile features whose integration is on (the server checks again).
import type { SessionInfo } from '../../shared/api.ts';
import type { Feature } from '../../shared/screens.ts';

export function activeFeatures(session: SessionInfo | undefined | null): Feature[] {
  if (!session) return [];
  const granted = (session.features ?? []) as Feature[];
  return granted.filter((f) => f !== 'mailchimp' || session.settings?.mailchimpEnabled === true);
}
