// The user's arrangement of dashboard gadgets: pure edits (add, remove, move), and where it is kept: the server (per
// user, GET/PUT /api/dashboard) with a copy on the device so the dashboard shows at once, offline too.
import { DEFAULT_LAYOUT, MAX_GADGETS, type DashboardLayout, type GadgetKind } from '../../../shared/dashboard.ts';
import { runtime } from '../../app/runtime.ts';

export function moveGadget(layout: DashboardLayout, id: string, delta: -1 | 1): DashboardLayout {
  const gadgets = [...layout.gadgets];
  const i = gadgets.findIndex((g) => g.id === id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= gadgets.length) return layout;
  [gadgets[i], gadgets[j]] = [gadgets[j]!, gadgets[i]!];
  return { gadgets };
}

export function removeGadget(layout: DashboardLayout, id: string): DashboardLayout {
  return { gadgets: layout.gadgets.filter((g) => g.id !== id) };
}

/** Adds a gadget at the end (a report gadget names its report); unchanged when the dashboard is full. */
export function addGadget(layout: DashboardLayout, kind: GadgetKind, reportId?: string): DashboardLayout {
  if (layout.gadgets.length >= MAX_GADGETS) return layout;
  let n = 1;
  while (layout.gadgets.some((g) => g.id === `g-${kind}-${n}`)) n++;
  return { gadgets: [...layout.gadgets, { id: `g-${kind}-${n}`, kind, ...(kind === 'report' && reportId ? { reportId } : {}) }] };
}

const cacheKey = (userId: string): string => `fieldcrm.dashboard.${userId}`;

/** The device's copy (or the default), for the first paint. */
export function cachedLayout(userId: string): DashboardLayout {
  try {
    const text = localStorage.getItem(cacheKey(userId));
    return text ? (JSON.parse(text) as DashboardLayout) : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

/** The server's arrangement (kept on the device too); null when the server cannot be reached. */
export async function fetchLayout(userId: string): Promise<DashboardLayout | null> {
  try {
    const layout = await runtime.api.get<DashboardLayout>('/api/dashboard');
    localStorage.setItem(cacheKey(userId), JSON.stringify(layout));
    return layout;
  } catch {
    return null;
  }
}

export async function saveLayout(userId: string, layout: DashboardLayout): Promise<DashboardLayout> {
  localStorage.setItem(cacheKey(userId), JSON.stringify(layout));
  return runtime.api.request<DashboardLayout>('PUT', '/api/dashboard', layout);
}
