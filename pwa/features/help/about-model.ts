// Help › About: which zone data each side uses, and whether this browser's own zone data would have been wrong.
import { instantToWall } from '../../../shared/time/wall-time.ts';
import type { ZoneRules } from '../../../shared/time/zone-rules.ts';

/** The wall time ("YYYY-MM-DDTHH:mm") a runtime's own rules give an instant in a zone, or null when it cannot say. */
export type WallReader = (zone: string, ms: number) => string | null;

/** This browser's own Intl rules, read with formatToParts (Safari 13 has no `longOffset` names). */
export const intlWall: WallReader = (zone, ms) => {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(ms);
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    const hour = get('hour') === '24' ? '00' : get('hour');
    return `${get('year')}-${get('month')}-${get('day')}T${hour}:${get('minute')}`;
  } catch {
    return null;
  }
};

const DAY = 86_400_000;

/**
 * The first instant (noon UTC, weekly, over the next `days`) where the runtime's own rules put a different wall time
 * on the zone than the shipped ones: null when they agree. FieldCRM never uses the runtime's rules; this only tells
 * the user (and support) that they would have been wrong.
 */
export function firstDisagreement(rules: ZoneRules, zone: string, now: number, read: WallReader = intlWall, days = 400): number | null {
  if (!rules.has(zone)) return null;
  const start = Math.floor(now / DAY) * DAY + DAY / 2;
  for (let t = start; t < start + days * DAY; t += 7 * DAY) {
    const own = read(zone, t);
    if (own !== null && own !== instantToWall(rules, zone, t)) return t;
  }
  return null;
}
