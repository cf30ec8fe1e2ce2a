// Rights: what a user may do to which entity in which territory. A right on a territory covers its children.
import type { Territory } from './api.ts';
import { offlineEntityKeys, REPLICATED } from './entities/index.ts';

export const ACTIONS = ['view', 'insert', 'edit', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/** One row of a security profile: rights on one entity in one territory (and, through the tree, below it). */
export interface ProfileRight {
  entity: string;
  territoryId: string;
  view: boolean;
  insert: boolean;
  edit: boolean;
  delete: boolean;
}

/** Effective rights, expanded over the territory tree: entity → action → territory ids. */
export type EffectiveRights = Record<string, Record<Action, string[]>>;

/** Every territory under `root`, itself included. */
export function subtree(territories: readonly Territory[], root: string): string[] {
  const out: string[] = [];
  const walk = (id: string): void => {
    if (out.includes(id)) return; // a cycle in bad data must not hang the server
    out.push(id);
    for (const t of territories) if (t.parentId === id) walk(t.id);
  };
  if (territories.some((t) => t.id === root)) walk(root);
  return out;
}

export function expandRights(rows: readonly ProfileRight[], territories: readonly Territory[]): EffectiveRights {
  const out: EffectiveRights = {};
  for (const r of rows) {
    const slot = (out[r.entity] ??= { view: [], insert: [], edit: [], delete: [] });
    const covered = subtree(territories, r.territoryId);
    for (const a of ACTIONS) if (r[a]) for (const t of covered) if (!slot[a].includes(t)) slot[a].push(t);
  }
  for (const slot of Object.values(out)) for (const a of ACTIONS) slot[a].sort();
  return out;
}

/**
 * The entity whose rights guard a record: its own, except a custom record's, which its custom entity's rights guard
 * (profile rows on `x_<code>`, docs/decisions/0050). Nobody holds rights on `customRecord` itself.
 */
export function rightsEntity(entity: string, doc: object): string {
  const key = (doc as { entityKey?: unknown }).entityKey;
  return entity === 'customRecord' && typeof key === 'string' && key !== '' ? key : entity;
}

export function can(rights: EffectiveRights, action: Action, entity: string, territoryId: string): boolean {
  return rights[entity]?.[action].includes(territoryId) ?? false;
}

/**
 * A short fingerprint of what a user may view. A device's checkpoint carries it; when it changes (rights
 * granted or taken away) the device starts over, so records older than its checkpoint arrive and others go.
 */
export function scopeKey(rights: EffectiveRights, collection?: string): string {
  // Only what devices hold: rights on online-only records (quotes, products…) change nothing on a device. The one
  // collection of offline custom records has its own, over their entities (docs/decisions/0057), so a new offline
  // entity leaves the checkpoints of the built-in collections as they were.
  const held: readonly string[] = collection === 'customRecord' ? offlineEntityKeys() : REPLICATED;
  const text = Object.keys(rights)
    .filter((e) => held.includes(e))
    .sort()
    .map((e) => `${e}:${rights[e]!.view.join(',')}`)
    .join(';');
  // FNV-1a, 32 bits: not a secret, only a change detector.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
