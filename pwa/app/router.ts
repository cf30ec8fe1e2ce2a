// Hash routes: #/page/<custom page>[/<arg>][?params], #/<entity>, #/<entity>/new, #/<entity>/<id>, #/<entity>/<id>/edit, with query values for prefill and return.
import { customEntity, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { CALENDAR_MODES, type CalendarMode } from '../features/calendar/calendar-model.ts';

export type Route =
  | { view: 'page'; page: string; arg?: string; params?: Record<string, string> }
  | { view: 'dashboard' }
  | { view: 'about' }
  | { view: 'calendar'; mode: CalendarMode; date: string; user: string; /** No view named in the address: the screen picks (a phone opens on the day). */ auto?: boolean }
  | { view: 'list'; entity: EntityName }
  | { view: 'show'; entity: EntityName; id: string; tab: string }
  | { view: 'edit'; entity: EntityName; id: string; back: string }
  | { view: 'new'; entity: EntityName; prefill: Record<string, string>; back: string };

export const HOME: Route = { view: 'list', entity: 'company' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  const [entity, id, action] = path.split('/').map((p) => decodeURIComponent(p));
  if (entity === 'page' && id) {
    const out: Route = { view: 'page', page: id };
    if (action) out.arg = action;
    const given: Record<string, string> = {};
    params.forEach((v, k) => (given[k] = v));
    if (Object.keys(given).length) out.params = given;
    return out;
  }
  if (entity === 'dashboard') return { view: 'dashboard' };
  if (entity === 'about') return { view: 'about' };
  if (entity === 'calendar') {
    const mode = (CALENDAR_MODES as readonly string[]).includes(id ?? '') ? (id as CalendarMode) : 'week';
    const date = /^\d{4}-\d{2}-\d{2}$/.test(action ?? '') ? (action as string) : '';
    return { view: 'calendar', mode, date, user: params.get('user') ?? '', ...(mode === id ? {} : { auto: true }) };
  }
  // A custom entity's key routes like an entity (its screens are the metadata's, on the server's records).
  if (!entity || !(isEntityName(entity) || customEntity(entity))) return HOME;
  return entityRoute(entity as EntityName, id, action, params);
}

function entityRoute(entity: EntityName, id: string | undefined, action: string | undefined, params: URLSearchParams): Route {
  const back = params.get('back') ?? '';
  if (!id) return { view: 'list', entity };
  if (id === 'new') {
    const prefill: Record<string, string> = {};
    params.forEach((v, k) => {
      if (k !== 'back') prefill[k] = v;
    });
    return { view: 'new', entity, prefill, back };
  }
  if (action === 'edit') return { view: 'edit', entity, id, back };
  return { view: 'show', entity, id, tab: params.get('tab') ?? 'summary' };
}

export function href(route: Route): string {
  switch (route.view) {
    case 'page':
    {
      const q = new URLSearchParams(route.params ?? {}).toString();
      return `#/page/${encodeURIComponent(route.page)}${route.arg ? `/${encodeURIComponent(route.arg)}` : ''}${q ? `?${q}` : ''}`;
    }
    case 'dashboard':
      return '#/dashboard';
    case 'about':
      return '#/about';
    case 'calendar':
      return `#/calendar/${route.mode}${route.date ? `/${route.date}` : ''}${route.user ? `?user=${encodeURIComponent(route.user)}` : ''}`;
    case 'list':
      return `#/${route.entity}`;
    case 'show':
      return `#/${route.entity}/${encodeURIComponent(route.id)}${route.tab !== 'summary' ? `?tab=${encodeURIComponent(route.tab)}` : ''}`;
    case 'edit':
      return `#/${route.entity}/${encodeURIComponent(route.id)}/edit${route.back ? `?back=${encodeURIComponent(route.back)}` : ''}`;
    case 'new': {
      const q = new URLSearchParams(route.prefill);
      if (route.back) q.set('back', route.back);
      const s = q.toString();
      return `#/${route.entity}/new${s ? `?${s}` : ''}`;
    }
  }
}

export function go(route: Route | string): void {
  location.hash = typeof route === 'string' ? route : href(route);
}
