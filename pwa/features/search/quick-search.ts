// Quick search: one box across every entity the user may see. Records kept on the device answer at once; the
// server's online-only records (quotes, orders, opportunities, products) join when it answers, and an offline device
// simply has none of them. Plain logic, tested in Node; fc-quick-search.ts lays it out.
import { customEntities, ONLINE_ENTITIES, RECORD_ENTITIES, type EntityName } from '../../../shared/entities/index.ts';

/** What a hit is: a record of an entity, or a document (found by its name on the server). */
export type HitKind = EntityName | 'document';

export interface Hit {
  entity: HitKind;
  id: string;
  title: string;
}

export interface Group {
  entity: HitKind;
  hits: Hit[];
}

/** Documents whose name contains the text, as the server's document list answers them (online only). */
export type DocumentLookup = (text: string, limit: number) => Promise<{ id: string; name: string }[]>;

/** The documents group, or none (fewer than MIN_CHARS, nothing found, offline or refused: never fatal). */
export async function searchDocuments(text: string, lookup: DocumentLookup): Promise<Group[]> {
  const q = text.trim();
  if (q.length < MIN_CHARS) return [];
  try {
    const hits = (await lookup(q, PER_ENTITY)).map((d) => ({ entity: 'document' as const, id: d.id, title: d.name }));
    return hits.length ? [{ entity: 'document', hits }] : [];
  } catch {
    return [];
  }
}

/** What the quick search asks each entity (the device's or the server's lookup, as `sourceFor` gives them). */
export type Lookup = (entity: EntityName, text: string, limit: number) => Promise<{ id: string; title: string }[]>;

export const DEVICE_ENTITIES: readonly EntityName[] = RECORD_ENTITIES;
export const SERVER_ENTITIES: readonly EntityName[] = ONLINE_ENTITIES;
/** The device's entities now: the built-in ones and the custom entities kept on devices (docs/decisions/0057), found offline. */
export const deviceEntities = (): EntityName[] => [...DEVICE_ENTITIES, ...customEntities().filter((c) => c.offline === true).map((c) => c.key as EntityName)];
/** The server's entities now: the online ones and every custom entity kept online (661-171474-QA; the server answers only what the user may view). */
export const serverEntities = (): EntityName[] => [...SERVER_ENTITIES, ...customEntities().filter((c) => c.offline !== true).map((c) => c.key as EntityName)];
/** Hits per entity: enough to recognise the one meant, few enough to keep every entity on screen. */
export const PER_ENTITY = 5;
/** Below this many characters nothing is searched (every record matches one letter). */
export const MIN_CHARS = 2;

/** Each entity's best hits, in the order given; an entity that fails (offline, no right) is left out, not fatal. */
export async function searchAll(entities: readonly EntityName[], text: string, lookup: Lookup): Promise<Group[]> {
  const q = text.trim();
  if (q.length < MIN_CHARS) return [];
  const answers = await Promise.all(
    entities.map(async (entity) => {
      try {
        return { entity, hits: (await lookup(entity, q, PER_ENTITY)).map((h) => ({ entity, ...h })) };
      } catch {
        return { entity, hits: [] };
      }
    }),
  );
  return answers.filter((g) => g.hits.length > 0);
}

/** Device groups first (they answered first and are what a field user looks for), then the server's, in entity order. */
export function merge(device: readonly Group[], server: readonly Group[]): Group[] {
  return [...device, ...server.filter((g) => !device.some((d) => d.entity === g.entity))];
}

/** The hits in display order, for moving through them with the arrow keys. */
export const flat = (groups: readonly Group[]): Hit[] => groups.flatMap((g) => g.hits);

/** The next active index for a key press (wrapping round), or null when the key is not for moving. */
export function move(key: string, active: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return active < 0 ? 0 : (active + 1) % count;
  if (key === 'ArrowUp') return active <= 0 ? count - 1 : active - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
