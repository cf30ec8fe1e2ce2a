// Hash routes: #/page/<custom page>, #/<entity>, #/<entity>/new, #/<entity>/<id>, #/<entity>/<id>/edit, with query values for prefill and return.
import { isEntityName, type EntityName } from '../../shared/entities/index.ts';

export type Route =
  | { view: 'page'; page: string }
  | { view: 'list'; entity: EntityName }
  | { view: 'show'; entity: EntityName; id: string; tab: string }
  | { view: 'edit'; entity: EntityName; id: string; back: string }
  | { view: 'new'; entity: EntityName; prefill: Record<string, string>; back: string };

export const HOME: Route = { view: 'list', entity: 'company' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  const [entity, id, action] = path.split('/').map((p) => decodeURIComponent(p));
  if (entity === 'page' && id) return { view: 'page', page: id };
  if (!entity || !isEntityName(entity)) return HOME;
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
      return `#/page/${encodeURIComponent(route.page)}`;
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
