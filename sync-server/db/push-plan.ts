// Decides what a pushed batch does: rights, refusals, merges and the conflicts to keep. Pure, so both stores share it.
import { duplicateEmailIssues, emailKeys, type EmailOwner } from '../../shared/email.ts';
import { blankRecord } from '../../shared/records.ts';
import { customEntities, customEntityDef, entityDef, storedDefOf, type EntityName } from '../../shared/entities/index.ts';
import { RELATED } from '../../shared/entities/relations.ts';
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { mergeThreeWay } from '../../shared/merge.ts';
import { recordTitle, sameUserState, userKeys, jsonEqual } from '../../shared/records.ts';
import { changedRefs } from '../../shared/refs.ts';
import { can, rightsEntity, type EffectiveRights } from '../../shared/security.ts';
import type { PushRow, WireDoc } from '../../shared/sync.ts';
import type { Compiled } from '../rules/definition.ts';
import { runRules, type Failure, type Fired } from '../rules/run.ts';
import { contentId } from './content-id.ts';

/** A pushed row, with the validation issues the route found (lenient pushes only: strict ones never get here with issues). */
export interface PlanRow extends PushRow {
  issues?: FieldIssue[];
}

export interface PushContext {
  userId: string;
  rights: EffectiveRights;
  /** `Prefer: handling=lenient` (our devices): refused rows are kept as rejected changes; otherwise the batch fails. */
  lenient: boolean;
  now: string;
  /**
   * Present when duplicate e-mail detection is on and the entity is a company, person or lead: who holds each
   * address the batch mentions (read by the store inside the push transaction; titles only where the user may view).
   */
  emails?: { owners: Map<string, EmailOwner[]> };
  /**
   * The records the batch's new references point at, by `entity:id` (read by the store inside the push transaction,
   * see `referencedIds`). A reference to a record the pusher may not view is refused with `ref-unavailable`; one to a
   * record the server does not hold is let through, since its parent may still be on its way from the same device
   * (collections push independently). The device refuses both before sync (docs/decisions/0015).
   */
  refs?: Map<string, WireDoc>;
  /** The login of the writer, for the audit entries of the rules that act (docs/decisions/0049). */
  login?: string;
  /** The table rules of the entity (read by the store inside the write transaction); run on every write as the writer. */
  rules?: readonly Compiled[];
}

/** What the table rules did in a batch: their effects, written by the store in the same transaction. */
export interface RulesOutcome {
  notifications: WireDoc[];
  tasks: WireDoc[];
  fired: Fired[];
  failures: Failure[];
}

export interface Refusal {
  row: number;
  id: string;
  code: typeof ERROR_CODES.FORBIDDEN | typeof ERROR_CODES.VALIDATION_FAILED | typeof ERROR_CODES.RULE_REFUSED;
  issues: FieldIssue[];
}

export interface PushPlan {
  /** Records to write, stamped, in batch order; the store gives each a new sequence. */
  writes: WireDoc[];
  /** Ids whose answer is a conflict: the store answers with `answers.get(id)` or the master after the writes. */
  conflictIds: string[];
  /** What a device must hold instead of what it sent, when it may not see the master (a tombstone). */
  answers: Map<string, WireDoc>;
  /** Conflict records to keep for their authors (same-field losers, refused writes); written idempotently. */
  notices: WireDoc[];
  refusals: Refusal[];
  rules: RulesOutcome;
}

/** A deterministic id, so a retried push records the same conflict once. */
export function noticeId(parts: readonly string[]): string {
  return contentId('x', parts);
}

export function tombstone(entity: EntityName, id: string, territoryId: string): WireDoc {
  return { ...blankRecord(entityDef(entity), id, territoryId), _deleted: true } as WireDoc;
}

/**
 * JSON of a kept value within the conflict record's limit. A refused record can be refused precisely for being too
 * large (or too deep): then its long strings are shortened, and failing that only its id is kept, marked as cut.
 */
export function boundedJson(value: unknown, max: number): string {
  const attempt = (v: unknown): string | null => {
    try {
      const text = JSON.stringify(v) ?? 'null';
      return text.length <= max ? text : null;
    } catch {
      return null; // too deep, or not JSON at all
    }
  };
  const whole = attempt(value);
  if (whole !== null) return whole;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const short: Record<string, unknown> = { _truncated: true };
    for (const [k, v] of Object.entries(value)) short[k] = typeof v === 'string' ? v.slice(0, 2000) : typeof v === 'object' && v !== null ? '[too large]' : v;
    const shortened = attempt(short);
    if (shortened !== null) return shortened;
    return JSON.stringify({ _truncated: true, id: String((value as { id?: unknown }).id ?? '').slice(0, 40) });
  }
  return typeof value === 'string' ? (attempt(value.slice(0, Math.floor(max / 2) - 2)) ?? '""') : '"[too large]"';
}

const conflictField = (name: string): number => {
  const f = entityDef('conflict').fields[name];
  return f && (f.kind === 'longtext' || f.kind === 'text') ? f.maxLength : 1000;
};

function notice(entity: EntityName, ctx: PushContext, fields: Record<string, unknown>): WireDoc {
  const base = blankRecord(entityDef('conflict'), '', '') as Record<string, unknown>;
  const doc = { ...base, ...fields, entity, ownerId: ctx.userId, status: 'open', happenedAt: ctx.now, territoryId: 'none' } as Record<string, unknown>;
  doc.id = noticeId([ctx.userId, entity, String(doc.recordId), String(doc.kind), String(doc.field), String(doc.mine)]);
  doc.updatedAt = ctx.now;
  doc.updatedBy = ctx.userId;
  doc._deleted = false;
  return doc as unknown as WireDoc;
}

/** What the pusher needs on the master's territory (and on the new one, when the record moves). */
function allowed(entity: EntityName, ctx: PushContext, master: WireDoc | undefined, mine: WireDoc): boolean {
  const def = entityDef(entity);
  if (def.scope === 'owner') {
    // Per-user records are written by the server; their owner may only settle them (change the status).
    if (!master || master.ownerId !== ctx.userId || mine.ownerId !== ctx.userId) return false;
    return userKeys(def).every((k) => k === 'status' || jsonEqual(master[k] ?? null, (mine as Record<string, unknown>)[k] ?? null));
  }
  if (def.scope === 'everyone') return false; // settings: written by the server alone
  const r = ctx.rights;
  // A custom record: its entity's rights, and it never changes entity.
  const e = rightsEntity(entity, master && !master._deleted ? master : mine);
  if (master && !master._deleted && rightsEntity(entity, mine) !== e) return false;
  if (!master || master._deleted) return can(r, 'insert', e, mine.territoryId);
  if (!can(r, 'view', e, master.territoryId)) return false;
  if (mine._deleted) return can(r, 'delete', e, master.territoryId);
  if (!can(r, 'edit', e, master.territoryId)) return false;
  return mine.territoryId === master.territoryId || can(r, 'insert', e, mine.territoryId) || can(r, 'edit', e, mine.territoryId);
}

/** May the pusher see this state of the record? If not, it only ever learns that the record is gone. */
function visible(entity: EntityName, ctx: PushContext, doc: WireDoc): boolean {
  const def = entityDef(entity);
  if (def.scope === 'owner') return doc.ownerId === ctx.userId;
  if (def.scope === 'everyone') return true;
  return can(ctx.rights, 'view', rightsEntity(entity, doc), doc.territoryId);
}

/**
 * The fields someone else changed since the pusher's copy (`assumed`; an empty record when the device sent none) to a
 * value the pusher never had: what a deletion on that copy would wipe out unseen. Server stamps are not fields.
 */
function changedSince(def: ReturnType<typeof entityDef>, assumed: WireDoc | null, master: WireDoc, mine: WireDoc): string[] {
  const base = (assumed ?? blankRecord(def, mine.id, '')) as Record<string, unknown>;
  return userKeys(def).filter((k) => k !== '_deleted' && !jsonEqual(master[k] ?? null, base[k] ?? null) && !jsonEqual(master[k] ?? null, (mine as Record<string, unknown>)[k] ?? null));
}

/** New references to records the pusher may not view (or that are deleted where the pusher may not view them). */
function hiddenRefs(entity: EntityName, mine: WireDoc, master: WireDoc | undefined, ctx: PushContext): FieldIssue[] {
  if (!ctx.refs) return [];
  const before = master && !master._deleted ? (master as Record<string, unknown>) : null;
  return changedRefs(storedDefOf(entity, mine), mine as Record<string, unknown>, before)
    .filter((r) => {
      const target = ctx.refs!.get(`${r.entity}:${r.id}`);
      return target !== undefined && !visible(r.entity, ctx, target);
    })
    .map((r) => ({ field: r.field, code: FIELD_CODES.REF_UNAVAILABLE }));
}

/**
 * A custom record whose territory is its parent's (docs/decisions/0050), pushed from a device: placed in the
 * territory of its parent as the server holds it (read into `ctx.refs`), as the REST path places it. A parent the
 * server does not hold yet (still on its way from the device) or may not show leaves it as sent.
 */
function placed(entity: EntityName, doc: WireDoc, ctx: PushContext): WireDoc {
  if (entity !== 'customRecord' || doc._deleted) return doc;
  const own = customEntityDef(String((doc as unknown as Record<string, unknown>).entityKey ?? ''));
  const field = own?.territoryFrom;
  const ref = field ? own.fields[field] : undefined;
  const parentId = field ? (doc as unknown as Record<string, unknown>)[field] : undefined;
  if (!ref || ref.kind !== 'ref' || typeof parentId !== 'string' || !parentId) return doc;
  const parent = ctx.refs?.get(`${ref.to[0]}:${parentId}`);
  if (!parent || parent._deleted || !visible(ref.to[0] as EntityName, ctx, parent) || parent.territoryId === doc.territoryId) return doc;
  return { ...doc, territoryId: parent.territoryId };
}

/** What the store reads for `PushContext.refs`: the ids each entity's new references name, per target entity. */
export function referencedIds(entity: EntityName, rows: readonly PlanRow[]): Map<EntityName, string[]> {
  const out = new Map<EntityName, Set<string>>();
  // Online records (quotes, orders…) are written through sync-server/online/records.ts, whose checkRefs reads them.
  // Custom records are also pushed by devices (docs/decisions/0057): their references are checked here too.
  if (entityDef(entity).online && entity !== 'customRecord') return new Map();
  for (const { newDocumentState: doc } of rows) {
    if (doc._deleted) continue;
    for (const r of changedRefs(storedDefOf(entity, doc), doc as Record<string, unknown>, null)) {
      const ids = out.get(r.entity) ?? new Set<string>();
      ids.add(r.id);
      out.set(r.entity, ids);
    }
  }
  return new Map([...out].map(([e, ids]) => [e, [...ids]]));
}

/**
 * For each row: refused (invalid, or no right) → kept as a rejected change, the device gets the master back (or a
 * tombstone); master already equals the new state → nothing (a retry); master unchanged since the device saw it →
 * apply; otherwise a field-level three-way merge, same-field losers kept as conflicts, the merged master answered.
 */
export function planPush(entity: EntityName, rows: readonly PlanRow[], masters: Map<string, WireDoc>, ctx: PushContext): PushPlan {
  const def = entityDef(entity);
  const writes = new Map<string, WireDoc>();
  const conflictIds = new Set<string>();
  const answers = new Map<string, WireDoc>();
  const notices = new Map<string, WireDoc>();
  const refusals: Refusal[] = [];
  const stamp = (doc: Record<string, unknown>): WireDoc => ({ ...(doc as WireDoc), updatedAt: ctx.now, updatedBy: ctx.userId });
  // Addresses as this batch leaves them, per record written so far: a later row must see an earlier row's claim
  // (two new records of one batch with one address) and its release (a record that moved off an address).
  const batchKeys = new Map<string, string[]>();
  const ownersOf = (key: string): EmailOwner[] => {
    const stored = (ctx.emails?.owners.get(key) ?? []).filter((o) => !(o.entity === entity && batchKeys.has(o.id) && !batchKeys.get(o.id)!.includes(key)));
    const fromBatch = [...batchKeys].filter(([id, keys]) => keys.includes(key) && !stored.some((o) => o.id === id)).map(([id]) => ({ entity, id, title: recordTitle(def, writes.get(id)!) }));
    return [...stored, ...fromBatch];
  };
  const duplicates = (doc: WireDoc, master: WireDoc | undefined): FieldIssue[] =>
    ctx.emails && !doc._deleted ? duplicateEmailIssues(doc, master && !master._deleted ? master : null, { entity, id: doc.id }, ownersOf) : [];
  const accept = (doc: WireDoc): void => {
    writes.set(doc.id, doc);
    if (ctx.emails) batchKeys.set(doc.id, doc._deleted ? [] : emailKeys(doc));
  };
  const ruled: RulesOutcome = { notifications: [], tasks: [], fired: [], failures: [] };
  /**
   * The table rules on a write about to be accepted, run once as the writer: the record as they leave it, or the
   * message of the rule that refused it. A record a rule changed is answered to the device (its master after the
   * write), so the device holds what was written.
   */
  const applyRules = (master: WireDoc | undefined, doc: WireDoc): { doc: WireDoc } | { refused: string } => {
    if (!ctx.rules?.length) return { doc };
    const run = runRules(entity, master, doc, ctx.rules, ctx);
    ruled.failures.push(...run.failures);
    if (run.refused) return { refused: run.refused.message };
    ruled.notifications.push(...run.notifications);
    ruled.tasks.push(...run.tasks);
    ruled.fired.push(...run.fired);
    if (run.changed) conflictIds.add(doc.id);
    return { doc: run.doc };
  };
  const byRule = (message: string): FieldIssue[] => [{ field: '', code: FIELD_CODES.RULE_REFUSED, detail: message }];

  rows.forEach(({ assumedMasterState: assumed, newDocumentState: pushed, issues }, i) => {
    const master = writes.get(pushed.id) ?? masters.get(pushed.id);
    // A custom record: compared and merged over its own entity's custom fields too (customRecord's own lacks them).
    const def = storedDefOf(entity, master ?? pushed);
    // A custom record pushed by a device is placed in its parent's territory; the device is answered with it (0057).
    const mine = issues?.length ? pushed : placed(entity, pushed, ctx);
    if (mine !== pushed) conflictIds.add(mine.id);
    const keep = (n: WireDoc): void => void notices.set(n.id, n);
    const refuse = (code: Refusal['code'], list: FieldIssue[], hiddenMaster = false): void => {
      refusals.push({ row: i, id: mine.id, code, issues: list });
      conflictIds.add(mine.id);
      // The tombstone carries the pusher's own territory: a hidden record's place is never revealed.
      if (!master || hiddenMaster || !visible(entity, ctx, master)) answers.set(mine.id, tombstone(entity, mine.id, mine.territoryId));
      if (def.scope === undefined || def.scope === 'territory') {
        const n = notice(entity, ctx, {
          kind: 'rejected',
          recordId: mine.id,
          recordTitle: recordTitle(def, mine).slice(0, conflictField('recordTitle')),
          mine: boundedJson(mine, conflictField('mine')),
          reason: code,
          issues: boundedJson(list.slice(0, 50), conflictField('issues')),
        });
        keep(n);
      }
    };
    if (issues && issues.length) return refuse(ERROR_CODES.VALIDATION_FAILED, issues);
    // A record the pusher may not view is answered exactly as one that does not exist and may not be created.
    if (master && !visible(entity, ctx, master)) return refuse(ERROR_CODES.FORBIDDEN, [], true);
    if (master && sameUserState(def, master, mine)) return; // already there: a retried push, or both devices agree
    if (!allowed(entity, ctx, master, mine)) return refuse(ERROR_CODES.FORBIDDEN, []);
    const hidden = mine._deleted ? [] : hiddenRefs(entity, mine, master, ctx);
    if (hidden.length) return refuse(ERROR_CODES.VALIDATION_FAILED, hidden);
    if (!master || (assumed && sameUserState(def, master, assumed))) {
      const dup = duplicates(mine, master);
      if (dup.length) return refuse(ERROR_CODES.VALIDATION_FAILED, dup);
      const r = applyRules(master, mine);
      if ('refused' in r) return refuse(ERROR_CODES.RULE_REFUSED, byRule(r.refused));
      accept(stamp(r.doc));
      return;
    }
    // A deletion is a revision that can conflict, never a silent winner (docs/decisions/0015).
    if (mine._deleted && master._deleted) return void conflictIds.add(mine.id); // both want it gone: nothing to do
    if (mine._deleted) {
      const since = changedSince(def, assumed, master, mine);
      if (since.length) {
        // Deleted on a copy older than the server's record: the record stays, the deleter is asked again.
        conflictIds.add(mine.id);
        keep(notice(entity, ctx, {
          kind: 'delete',
          recordId: mine.id,
          recordTitle: recordTitle(def, master).slice(0, conflictField('recordTitle')),
          field: since.join(',').slice(0, conflictField('field')),
          mine: boundedJson(mine, conflictField('mine')),
          theirs: boundedJson(Object.fromEntries(since.map((k) => [k, master[k] ?? null])), conflictField('theirs')),
          winnerBy: master.updatedBy,
        }));
        return;
      }
    } else if (master._deleted) {
      // Changed (or moved, or restored) on a copy that did not know of a newer deletion: the deletion stands, and the
      // author's record is kept for them to restore with their changes.
      conflictIds.add(mine.id);
      keep(notice(entity, ctx, {
        kind: 'deleted',
        recordId: mine.id,
        recordTitle: recordTitle(def, mine).slice(0, conflictField('recordTitle')),
        // Where the author's record differs from what was deleted: what the author would lose (shown first).
        field: userKeys(def).filter((k) => k !== '_deleted' && !jsonEqual(master[k] ?? null, (mine as Record<string, unknown>)[k] ?? null)).join(',').slice(0, conflictField('field')),
        mine: boundedJson({ ...mine, _deleted: false }, conflictField('mine')),
        theirs: JSON.stringify(master.updatedAt),
        winnerBy: master.updatedBy,
      }));
      return;
    }
    // The device wrote on top of a state that is no longer the master (or thought the record was new).
    // With no assumed state (a create sent again after its answer was lost, or two devices making the same id), the
    // base is an empty record: every field the device set and someone has since changed is a same-field conflict,
    // so a late retry can neither undo later edits, moves or deletes nor vanish (chaos seeds 2 and 9 found it).
    const base = assumed ?? ({ ...blankRecord(def, mine.id, ''), _deleted: false } as unknown as WireDoc);
    const { merged, changed, lost } = mergeThreeWay(def, base as Record<string, unknown>, master, mine);
    const dup = changed ? duplicates(merged as unknown as WireDoc, master) : [];
    if (dup.length) return refuse(ERROR_CODES.VALIDATION_FAILED, dup);
    if (changed) {
      const r = applyRules(master, merged as unknown as WireDoc);
      if ('refused' in r) return refuse(ERROR_CODES.RULE_REFUSED, byRule(r.refused));
      accept(stamp(r.doc as unknown as Record<string, unknown>));
    }
    conflictIds.add(mine.id);
    for (const l of lost) {
      const n = notice(entity, ctx, {
        kind: 'conflict',
        recordId: mine.id,
        recordTitle: recordTitle(def, merged).slice(0, conflictField('recordTitle')),
        field: l.field,
        mine: boundedJson(l.mine, conflictField('mine')),
        theirs: boundedJson(l.theirs, conflictField('theirs')),
        winnerBy: master.updatedBy,
      });
      keep(n);
    }
  });
  return { writes: [...writes.values()], conflictIds: [...conflictIds], answers, notices: [...notices.values()], refusals, rules: ruled };
}

/** A record moving territory takes its related records of the same territory along (a company's persons, notes…). */
export interface ChildQuery {
  entity: EntityName;
  field: string;
  parentId: string;
  territoryId: string;
}

export function childQueries(entity: EntityName, id: string, fromTerritory: string): ChildQuery[] {
  const out = RELATED[entity].map((r) => ({ entity: r.entity, field: r.field, parentId: id, territoryId: fromTerritory }));
  // Custom records in their parent's territory follow it (docs/decisions/0050); moveChild keeps the others where they are.
  if (customEntities().some((e) => e.parent === entity && e.territory === 'parent')) out.push({ entity: 'customRecord', field: entity === 'company' ? 'companyId' : 'personId', parentId: id, territoryId: fromTerritory });
  return out;
}

/** The moved child, stamped; null when the pusher may not edit it there (it then stays where it is). */
export function moveChild(entity: EntityName, child: WireDoc, to: string, ctx: PushContext): WireDoc | null {
  if (entity === 'customRecord' && !customEntityDef(String((child as unknown as Record<string, unknown>).entityKey))?.territoryFrom) return null;
  if (!can(ctx.rights, 'edit', rightsEntity(entity, child), child.territoryId)) return null;
  return { ...child, territoryId: to, updatedAt: ctx.now, updatedBy: ctx.userId };
}
