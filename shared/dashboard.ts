// The dashboard's gadgets and a user's arrangement of them (issue 22), checked the same way by the PWA and the server.
import { isObject } from './objects.ts';

/**
 * What a gadget shows. `today`, `recent` and `conflicts` read the device's own data (they work offline);
 * `notifications` shows the device's copy offline and checks each item's record online; `pipeline` and `report` run a
 * report on the server (online only).
 */
export const GADGET_KINDS = ['notifications', 'today', 'recent', 'conflicts', 'pipeline', 'report'] as const;
export type GadgetKind = (typeof GADGET_KINDS)[number];
export const OFFLINE_GADGETS: readonly GadgetKind[] = ['notifications', 'today', 'recent', 'conflicts'];

export interface Gadget {
  /** Unique within the layout (a kind may appear more than once: two saved reports). */
  id: string;
  kind: GadgetKind;
  /** `report` gadgets: the report they show (shipped or saved). */
  reportId?: string;
}

export interface DashboardLayout {
  gadgets: Gadget[];
}

export const MAX_GADGETS = 12;

export const DEFAULT_LAYOUT: DashboardLayout = {
  gadgets: [
    { id: 'g-notifications', kind: 'notifications' },
    { id: 'g-today', kind: 'today' },
    { id: 'g-conflicts', kind: 'conflicts' },
    { id: 'g-recent', kind: 'recent' },
    { id: 'g-pipeline', kind: 'pipeline' },
  ],
};

/** The layout a client sent, or a sentence on what is wrong with it. */
export function checkLayout(input: unknown): DashboardLayout | string {
  if (!isObject(input) || !Array.isArray(input.gadgets)) return 'Send { gadgets: [...] }.';
  if (input.gadgets.length > MAX_GADGETS) return `At most ${MAX_GADGETS} gadgets.`;
  const out: Gadget[] = [];
  for (const g of input.gadgets as unknown[]) {
    if (!isObject(g) || typeof g.id !== 'string' || !/^[\w-]{1,60}$/.test(g.id)) return 'Each gadget has an id of letters, digits, - and _.';
    if (!(GADGET_KINDS as readonly string[]).includes(String(g.kind))) return `Gadgets are ${GADGET_KINDS.join(', ')}.`;
    if (out.some((x) => x.id === g.id)) return 'Each gadget id appears once.';
    const kind = g.kind as GadgetKind;
    if (kind === 'report' && (typeof g.reportId !== 'string' || g.reportId.length > 60)) return 'A report gadget names its report.';
    out.push({ id: g.id, kind, ...(kind === 'report' ? { reportId: g.reportId as string } : {}) });
  }
  return { gadgets: out };
}

/** A notification as the dashboard shows it online: whether the record it is about can still be opened. */
export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  happenedAt: string;
  status: string;
  body: string;
  /** The record (or group) the item is about, when it has one. */
  target?: { entity: string; id: string; available: boolean; title?: string };
}
