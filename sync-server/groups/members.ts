// Who is in a group for one user: a static group's hand-picked records they may view, or what a dynamic group's search finds for them.
import { classifyAddresses, type AddressClass } from '../../shared/email.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { GROUP_MEMBER_LIMIT, type GroupRow } from '../db/groups.ts';
import type { PullScope, SyncStore } from '../db/store.ts';

export interface MemberQuery {
  offset: number;
  limit: number;
  /** Only the members whose mailing address is missing, invalid or shared with another member (judged over all of them). */
  only?: Exclude<AddressClass, 'ok'>;
}

export interface ResolvedMembers {
  /** The page, by the entity's order (last name, name, description), then id. */
  records: WireDoc[];
  /** Members the user sees (with `only`: those of that class). */
  total: number;
  /** Static members the user may not view (records of territories outside the scope); 0 for a dynamic group. */
  hidden: number;
}

/** Records read per statement while collecting a whole group. */
const BATCH = 1000;

/**
 * Every member the scope lets the user see, up to GROUP_MEMBER_LIMIT (a dynamic search finding more is cut there),
 * by the entity's order. What a mailing works on: duplicates are judged across the whole group, never one page.
 */
export async function everyMember(store: SyncStore, group: GroupRow, scope: PullScope): Promise<WireDoc[]> {
  const out: WireDoc[] = [];
  for (let offset = 0; offset < GROUP_MEMBER_LIMIT; offset += BATCH) {
    const page = await readPage(store, group, scope, offset, Math.min(BATCH, GROUP_MEMBER_LIMIT - offset));
    out.push(...page.records);
    if (page.records.length < BATCH || out.length >= page.total) break;
  }
  return out;
}

function readPage(store: SyncStore, group: GroupRow, scope: PullScope, offset: number, limit: number) {
  return group.kind === 'static'
    ? store.groups.staticMembers(group.id, group.entity, scope, { offset, limit })
    : store.groups.matching(group.entity, group.criteria, scope, { offset, limit });
}

/** A page of the group's members as `scope` sees them, with their total and how many static members it hides. */
export async function resolveMembers(store: SyncStore, group: GroupRow, scope: PullScope, query: MemberQuery): Promise<ResolvedMembers> {
  const offset = Math.max(0, Math.floor(query.offset));
  const limit = Math.max(0, Math.min(GROUP_MEMBER_LIMIT, Math.floor(query.limit)));
  const hidden = group.kind === 'static' ? await hiddenCount(store, group, scope) : 0;
  if (query.only) {
    const all = await everyMember(store, group, scope);
    const classes = classifyAddresses(all);
    const picked = all.filter((r) => classes.get(r.id) === query.only);
    return { records: picked.slice(offset, offset + limit), total: picked.length, hidden };
  }
  const page = await readPage(store, group, scope, offset, limit);
  return { records: page.records, total: page.total, hidden };
}

/** Live static members outside the scope: all live members less those the scope covers. */
async function hiddenCount(store: SyncStore, group: GroupRow, scope: PullScope): Promise<number> {
  if (scope.kind === 'everyone') return 0;
  const [all, seen] = await Promise.all([
    store.groups.countStaticMembers(group.id, group.entity, { kind: 'everyone' }),
    store.groups.countStaticMembers(group.id, group.entity, scope),
  ]);
  return Math.max(0, all - seen);
}
