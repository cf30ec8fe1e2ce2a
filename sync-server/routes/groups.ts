// Marketing groups over REST (desktop, online only): the list filtered by name across pages (389-171752-QA), a group, its members.
import { Hono, type Context } from 'hono';
import { randomUUID } from 'node:crypto';
import { ID_MAX } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import { mayView, pullScope } from '../auth/rights.ts';
import { requireSession } from '../auth/sessions.ts';
import type { AppEnv, Services } from '../context.ts';
import type { UserRow } from '../db/accounts.ts';
import {
  checkCriteria,
  CRITERIA_JSON_MAX,
  encodeCriteria,
  GROUP_ENTITIES,
  GROUP_MEMBER_LIMIT,
  GROUP_LIST,
  GROUP_NAME_MAX,
  isGroupEntity,
  isGroupKind,
  NO_CRITERIA,
  type GroupCriteria,
  type GroupEntity,
  type GroupRow,
} from '../db/groups.ts';
import { AppError, readJson } from '../errors.ts';
import { resolveMembers, type MemberQuery } from '../groups/members.ts';
import { isObject } from '../../shared/objects.ts';
import { pageOf } from '../paging.ts';
import { filtersOf, sortOf } from '../list-params.ts';

/** Rows a page of groups or members holds at most. */
const PAGE_MAX = 200;
/** Ids one request adds or removes at most. */
const IDS_MAX = 1000;
const ONLY = ['missing', 'invalid', 'duplicate'] as const;

const bad = (message: string): AppError => new AppError(400, ERROR_CODES.GROUP_BAD_INPUT, message);

/** What the API answers for a group: the row, its owner's name, and whether the caller may change it. */
export interface GroupAnswer extends GroupRow {
  ownerName: string;
  mayEdit: boolean;
}

/** Entities of which the user may view records in at least one territory: the groups they may see. */
const viewable = (rights: EffectiveRights): GroupEntity[] => GROUP_ENTITIES.filter((e) => (rights[e]?.view.length ?? 0) > 0);

function nameOf(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length < 1 || name.length > GROUP_NAME_MAX) throw new AppError(400, ERROR_CODES.GROUP_BAD_NAME, `A group's name is 1 to ${GROUP_NAME_MAX} characters.`);
  return name;
}

/** A dynamic group's criteria, checked against its entity's metadata; a static group takes none. */
function criteriaOf(entity: GroupEntity, kind: GroupRow['kind'], raw: unknown): GroupCriteria {
  if (kind === 'static') {
    const empty = raw === undefined || raw === null || (isObject(raw) && !raw.text && (!isObject(raw.filters) || Object.keys(raw.filters).length === 0));
    if (!empty) throw new AppError(400, ERROR_CODES.GROUP_BAD_CRITERIA, 'A static group has no search criteria: add its members by hand.');
    return NO_CRITERIA;
  }
  const r = checkCriteria(entity, raw);
  if (!r.ok) throw new AppError(400, ERROR_CODES.GROUP_BAD_CRITERIA, r.message);
  if (encodeCriteria(r.criteria).length > CRITERIA_JSON_MAX) throw new AppError(400, ERROR_CODES.GROUP_BAD_CRITERIA, 'The search criteria are too long.');
  return r.criteria;
}

function idsOf(body: unknown): string[] {
  const ids = isObject(body) ? body.ids : undefined;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > IDS_MAX || ids.some((id) => typeof id !== 'string' || id.length < 1 || id.length > ID_MAX))
    throw bad(`Send { "ids": [...] } with 1 to ${IDS_MAX} record ids.`);
  return [...new Set(ids as string[])];
}

function requireOwner(user: UserRow, group: GroupRow): void {
  if (group.ownerId !== user.id && user.role !== 'admin') throw new AppError(403, ERROR_CODES.FORBIDDEN, 'Only the group’s owner or an administrator may change it.');
}

export function groupRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  for (const path of ['/api/groups', '/api/groups/*']) app.use(path, requireSession);

  const answer = async (user: UserRow, groups: GroupRow[]): Promise<GroupAnswer[]> => {
    const names = new Map((await store.listUsers()).map((u) => [u.id, u.displayName]));
    return groups.map((g) => ({ ...g, ownerName: names.get(g.ownerId) ?? g.ownerId, mayEdit: g.ownerId === user.id || user.role === 'admin' }));
  };

  /** The group, when it exists and the user may view its kind of record somewhere (else it is not theirs to know of). */
  const load = async (c: Context<AppEnv>): Promise<{ group: GroupRow; user: UserRow; rights: EffectiveRights }> => {
    const user = c.get('user');
    const id = c.req.param('id') ?? '';
    const [group, rights] = await Promise.all([id.length <= ID_MAX ? store.groups.get(id) : null, c.get('rights')()]);
    if (!group || !viewable(rights).includes(group.entity)) throw new AppError(404, ERROR_CODES.GROUP_NOT_FOUND, 'There is no such group.');
    return { group, user, rights };
  };

  /** Every group whose name contains `q` (any case), a page at a time with the total: nothing is left out (389-171752-QA). */
  app.get('/api/groups', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    if (q.length > GROUP_NAME_MAX) throw bad(`Filter with at most ${GROUP_NAME_MAX} characters.`);
    const { offset, limit } = pageOf(c, PAGE_MAX, ERROR_CODES.GROUP_BAD_INPUT);
    const user = c.get('user');
    const rights = await c.get('rights')();
    const page = await store.groups.list({ contains: q, entities: viewable(rights), offset, limit, sort: sortOf(c, GROUP_LIST), filters: filtersOf(c, GROUP_LIST) });
    return c.json({ total: page.total, offset, limit, groups: await answer(user, page.groups) });
  });

  app.post('/api/groups', async (c) => {
    const body = await readJson(c);
    if (!isObject(body)) throw bad('Send { "name", "entity", "kind", "criteria"? }.');
    const extra = Object.keys(body).filter((k) => !['name', 'entity', 'kind', 'criteria'].includes(k));
    if (extra.length) throw bad(`Unknown keys: ${extra.slice(0, 5).join(', ')}.`);
    const name = nameOf(body.name);
    if (!isGroupEntity(body.entity)) throw bad(`entity must be one of ${GROUP_ENTITIES.join(', ')}.`);
    if (!isGroupKind(body.kind)) throw bad('kind must be static or dynamic.');
    const entity = body.entity;
    const criteria = criteriaOf(entity, body.kind, body.criteria);
    const user = c.get('user');
    if (!viewable(await c.get('rights')()).includes(entity)) throw new AppError(403, ERROR_CODES.FORBIDDEN, 'You may not view these records, so you cannot group them.');
    const now = new Date().toISOString();
    const group: GroupRow = { id: randomUUID(), name, entity, kind: body.kind, criteria, ownerId: user.id, createdAt: now, updatedAt: now };
    await store.groups.create(group);
    return c.json((await answer(user, [group]))[0], 201);
  });

  app.get('/api/groups/:id', async (c) => {
    const { group, user } = await load(c);
    return c.json((await answer(user, [group]))[0]);
  });

  /** Renames a group, or changes a dynamic group's search; its entity and kind stay what they were. */
  app.patch('/api/groups/:id', async (c) => {
    const { group, user } = await load(c);
    requireOwner(user, group);
    const body = await readJson(c);
    if (!isObject(body)) throw bad('Send { "name"?, "criteria"? }.');
    const extra = Object.keys(body).filter((k) => !['name', 'criteria', 'entity', 'kind'].includes(k));
    if (extra.length) throw bad(`Unknown keys: ${extra.slice(0, 5).join(', ')}.`);
    if ((body.entity !== undefined && body.entity !== group.entity) || (body.kind !== undefined && body.kind !== group.kind))
      throw bad('A group’s entity and kind cannot change: make a new group.');
    const changes: { name?: string; criteria?: GroupCriteria; updatedAt: string } = { updatedAt: new Date().toISOString() };
    if (body.name !== undefined) changes.name = nameOf(body.name);
    if (body.criteria !== undefined) changes.criteria = criteriaOf(group.entity, group.kind, body.criteria);
    const updated = await store.groups.update(group.id, changes);
    if (!updated) throw new AppError(404, ERROR_CODES.GROUP_NOT_FOUND, 'There is no such group.');
    return c.json((await answer(user, [updated]))[0]);
  });

  app.delete('/api/groups/:id', async (c) => {
    const { group, user } = await load(c);
    requireOwner(user, group);
    await store.groups.delete(group.id);
    return c.json({ deleted: group.id });
  });

  /** A page of members as the user sees them; `only` keeps those whose mailing address is missing, invalid or shared. */
  app.get('/api/groups/:id/members', async (c) => {
    const { group, user, rights } = await load(c);
    const { offset, limit } = pageOf(c, PAGE_MAX, ERROR_CODES.GROUP_BAD_INPUT);
    const only = c.req.query('only');
    const query: MemberQuery = { offset, limit };
    if (only !== undefined && only !== '') {
      if (!(ONLY as readonly string[]).includes(only)) throw bad(`only must be one of ${ONLY.join(', ')}.`);
      query.only = only as NonNullable<MemberQuery['only']>;
    }
    const page = await resolveMembers(store, group, pullScope(group.entity, user, rights), query);
    return c.json({ total: page.total, hidden: page.hidden, offset, limit, records: page.records });
  });

  /** Adds records the user may view to a static group; ids already in it are fine (the call can be repeated). */
  app.post('/api/groups/:id/members', async (c) => {
    const { group, user, rights } = await load(c);
    if (group.kind !== 'static') throw new AppError(409, ERROR_CODES.GROUP_NOT_STATIC, 'A dynamic group’s members are what its search finds: edit the search instead.');
    requireOwner(user, group);
    const ids = idsOf(await readJson(c));
    const found = new Map((await store.getByIds(group.entity, ids)).map((d) => [d.id, d]));
    const missing = ids.filter((id) => {
      const d = found.get(id);
      return !d || d._deleted || !mayView(group.entity, user, rights, d);
    });
    if (missing.length)
      throw new AppError(422, ERROR_CODES.GROUP_MEMBER_UNAVAILABLE, `These records cannot be added (not found, deleted, or not yours to view): ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`);
    const added = await store.groups.addMembers(group.id, ids, GROUP_MEMBER_LIMIT);
    if (added === null) throw new AppError(409, ERROR_CODES.GROUP_FULL, `A group holds at most ${GROUP_MEMBER_LIMIT} members.`);
    return c.json({ added, total: await store.groups.countStaticMembers(group.id, group.entity, pullScope(group.entity, user, rights)) });
  });

  app.delete('/api/groups/:id/members', async (c) => {
    const { group, user, rights } = await load(c);
    if (group.kind !== 'static') throw new AppError(409, ERROR_CODES.GROUP_NOT_STATIC, 'A dynamic group’s members are what its search finds: edit the search instead.');
    requireOwner(user, group);
    const removed = await store.groups.removeMembers(group.id, idsOf(await readJson(c)));
    return c.json({ removed, total: await store.groups.countStaticMembers(group.id, group.entity, pullScope(group.entity, user, rights)) });
  });
  return app;
}
