// The territory tree as a list in tree order with depths, and where a territory may move (plain logic, tested in Node).
import type { Territory } from '../../../shared/api.ts';

/** Depth-first from the roots, siblings by name. */
export function treeOrder(territories: readonly Territory[]): { territory: Territory; depth: number }[] {
  const out: { territory: Territory; depth: number }[] = [];
  const ids = new Set(territories.map((t) => t.id));
  const children = (parent: string) => territories.filter((t) => (parent === '' ? !ids.has(t.parentId) : t.parentId === parent)).sort((a, b) => a.name.localeCompare(b.name));
  const walk = (t: Territory, depth: number): void => {
    out.push({ territory: t, depth });
    for (const c of children(t.id)) walk(c, depth + 1);
  };
  for (const r of children('')) walk(r, 0);
  return out;
}

/** Territories `id` may move under: any but itself and its own sub-territories (the server refuses those, FC-ADM-003). */
export function moveTargets(territories: readonly Territory[], id: string): Territory[] {
  const below = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of territories) if (!below.has(t.id) && below.has(t.parentId)) grew = below.add(t.id).size > 0;
  }
  return territories.filter((t) => !below.has(t.id));
}
