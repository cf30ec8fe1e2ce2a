// The sync store, written once over Drizzle for every dialect: what differs (sequence, locks, limits) is the Dialect's.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, ne, notInArray, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import { customEntityDef, entities, entityDef, isEntityName, type EntityName } from '../../../shared/entities/index.ts';
import { isEmailEntity } from '../../../shared/email.ts';
import { rightsEntity, type ProfileRight } from '../../../shared/security.ts';
import { settingOn } from '../../../shared/settings.ts';
import type { FilterTerm } from '../../../shared/list-query.ts';
import type { WireDoc } from '../../../shared/sync.ts';
import type { AuditRow, NewSessionRow, NewUserRow, ProfileRow, Role, SessionRow, TerritoryRow, UserChanges, UserRow } from '../accounts.ts';
import { fromRow, planOf } from '../columns.ts';
import { chunk, col, fieldRef, type Dialect, type Ops, type PoolStats, type Read, type Step } from '../dialect.ts';
import { claimChanges, idsByEntity, mentionedKeys, ownersByAddress, type ClaimRow } from '../email-claims.ts';
import { childQueries, moveChild, planPush, referencedIds, tombstone, type PlanRow, type PushContext } from '../push-plan.ts';
import { refusedBatch } from '../refusals.ts';
import { searchCondition } from '../search.ts';
import { listOrder, type FeedPage, type ServerEvent, type PullPage, type PullScope, type PushOutcome, type RecordBatch, type RecordPage, type RecordQuery, type SyncStore } from '../store.ts';
import type { Row } from '../tables.ts';
import { SqlDocumentStore } from './documents.ts';
import { SqlGroupStore } from './groups.ts';
import { SqlMailMergeStore } from './mail-merge.ts';
import { SqlAuditStore, SqlForecastStore, SqlTokenStore } from './people.ts';
import { anyOf, inList, notInList, scopeFilter } from './scope.ts';
import { auditEntry } from '../../admin/audit.ts';
import type { RuleHealth, TableRule } from '../../../shared/rules.ts';
import { compileStored, ruleFromJson, storedEntity, type Compiled } from '../../rules/definition.ts';
import type { RulesOutcome } from '../push-plan.ts';
import type { AuditRow as AuditEntry } from '../accounts.ts';


/** One enforced claim per address: the first by entity and record id (the one choice every dialect makes). */
const id = (name: string) => sql.identifier(name);
export const enforceFirstSql = sql`update ${id('email_claims')} set ${id('enforced')} = 1 where not exists (select 1 from ${id('email_claims')} ${id('o')} where ${id('o')}.${id('address')} = ${id('email_claims')}.${id('address')} and (${id('o')}.${id('entity')} < ${id('email_claims')}.${id('entity')} or (${id('o')}.${id('entity')} = ${id('email_claims')}.${id('entity')} and ${id('o')}.${id('record_id')} < ${id('email_claims')}.${id('record_id')})))`;

/** One filter term as SQL. A range never keeps an empty date (stored as ''), which text comparison would put first. */
function filterCondition(c: Column, term: FilterTerm): SQL | undefined {
  switch (term.op) {
    case 'eq':
      return eq(c, term.value);
    case 'gte':
      return gte(c, term.value);
    case 'lte':
      return typeof term.value === 'string' ? and(lte(c, term.value), ne(c, '')) : lte(c, term.value);
    case 'lt':
      return typeof term.value === 'string' ? and(lt(c, term.value), ne(c, '')) : lt(c, term.value);
  }
}

const userOf = (row: Row<'users'>): UserRow => ({ ...row, role: row.role as Role });

export class SqlStore implements SyncStore {
  readonly dialect: Dialect['name'];
  readonly groups: SqlGroupStore;
  readonly mailMerge: SqlMailMergeStore;
  readonly documents: SqlDocumentStore;
  readonly audit: SqlAuditStore;
  readonly tokens: SqlTokenStore;
  readonly forecasts: SqlForecastStore;

  constructor(protected readonly d: Dialect) {
    this.dialect = d.name;
    this.groups = new SqlGroupStore(d);
    this.mailMerge = new SqlMailMergeStore(d);
    this.documents = new SqlDocumentStore(d);
    this.audit = new SqlAuditStore(d);
    this.tokens = new SqlTokenStore(d);
    this.forecasts = new SqlForecastStore(d);
  }

  private get t() {
    return this.d.tables;
  }

  async migrate(): Promise<void> {
    await this.d.migrate();
    await this.backfillClaims();
  }

  /** Records written before e-mail claims existed (or by hand) get theirs: cheap when every record has them. */
  private async backfillClaims(): Promise<void> {
    const c = this.t.emailClaims;
    for (const entity of ['company', 'person', 'lead'] as const) {
      const t = this.d.entityTable(entity);
      const claimed = (q: Ops) => q.subquery(c, { fields: ['recordId'], where: eq(c.entity, entity) });
      const unclaimed = (q: Ops) => q.rows(t, { fields: ['id'], where: and(eq(col(t, '_deleted'), false), sql`${col(t, 'emails')} <> '[]'`, notInArray(col(t, 'id'), claimed(q))) });
      const ids = (await this.d.run(unclaimed)).map((r) => String(r.id));
      for (const part of chunk(ids, 500)) {
        await this.d.transaction('write', function* (this: SqlStore, q: Ops) {
          const enforce = yield* this.detecting(q);
          for (const doc of yield* this.byIds(q, entity, part, 'hold')) yield* this.claim(q, entity, doc, enforce);
        }.bind(this));
      }
    }
  }

  /** Records by id, in as many statements as the dialect's parameter limit needs. */
  private *byIds(q: Ops, entity: EntityName, ids: readonly string[], lock?: Read['lock']): Step<WireDoc[]> {
    const t = this.d.entityTable(entity);
    const out: WireDoc[] = [];
    for (const part of chunk([...new Set(ids)], this.d.maxParams)) for (const r of yield* q.rows(t, { where: inArray(col(t, 'id'), part), lock })) out.push(fromRow(planOf(entity), r));
    return out;
  }

  private *records(q: Ops, entity: EntityName, read: Read): Step<WireDoc[]> {
    return (yield* q.rows(this.d.entityTable(entity), read)).map((r) => fromRow(planOf(entity), r));
  }

  private *detecting(q: Ops): Step<boolean> {
    return settingOn('duplicateEmailDetection', (yield* this.byIds(q, 'setting', ['duplicateEmailDetection']))[0]);
  }

  /**
   * Keeps the record's claims equal to its addresses. A new claim is enforced when detection is on (`enforce`, read
   * once per transaction) and nobody else holds the address: the partial unique index makes that the database's
   * promise. Two pushes racing for one new address on SQL Server both read it free; the index fails the second, and
   * push() plans it again (Dialect.lostRace). Called for the records a push writes, not for moves (same addresses).
   */
  private *claim(q: Ops, entity: EntityName, doc: WireDoc, enforce: boolean): Step<void> {
    const c = this.t.emailClaims;
    const have = (yield* q.rows(c, { fields: ['address'], where: and(eq(c.entity, entity), eq(c.recordId, doc.id)) })).map((r) => r.address);
    const { drop, add } = claimChanges(doc, have);
    if (drop.length) yield* q.delete(c, and(eq(c.entity, entity), eq(c.recordId, doc.id), inArray(c.address, drop)));
    if (!add.length) return;
    const taken = new Set(enforce ? (yield* q.rows(c, { fields: ['address'], where: inArray(c.address, add) })).map((r) => r.address) : []);
    yield* q.insert(c, add.map((address) => ({ address, entity, recordId: doc.id, enforced: enforce && !taken.has(address) })));
  }

  /** Claims on the addresses, by address, entity and record id; `asTaken`: in the order the database keeps them (the first holder first, on SQLite). */
  private *claimsOf(q: Ops, addresses: readonly string[], asTaken = false): Step<ClaimRow[]> {
    const c = this.t.emailClaims;
    const orderBy = asTaken ? undefined : [asc(c.address), asc(c.entity), asc(c.recordId)];
    const out: ClaimRow[] = [];
    for (const part of chunk(addresses, this.d.maxParams)) out.push(...(yield* q.rows(c, { fields: ['address', 'entity', 'recordId'], where: inArray(c.address, part), orderBy })));
    return out;
  }

  /** Who holds the addresses a push mentions, named where the pusher may view them (the duplicate rule's input). */
  private *owners(q: Ops, docs: readonly WireDoc[], ctx: PushContext): Step<PushContext['emails']> {
    const claims = yield* this.claimsOf(q, mentionedKeys(docs), true);
    const records = new Map<string, WireDoc>();
    for (const [e, ids] of idsByEntity(claims)) for (const d of yield* this.byIds(q, e, ids)) records.set(`${e}:${d.id}`, d);
    return { owners: ownersByAddress(claims, records, ctx.rights) };
  }

  /**
   * Pages in sequence order; the commit-order trap (DESIGN §4) is the dialect's: a cap read before the snapshot
   * (SQL Server: MIN_ACTIVE_ROWVERSION()), below which every sequence is committed; a row at or above it is only
   * delayed to a later pull, never skipped. In one read transaction: the page, the moves out of the scope under the
   * same bounds (answered as tombstones), merged and cut to `limit`, and the counts after the page.
   */
  async pull(entity: EntityName, since: number, limit: number, scope: PullScope): Promise<PullPage> {
    // A negative or fractional checkpoint would hide everything on SQL Server (a huge binary(8)): treat it as 0.
    const from = Number.isFinite(since) && since > 0 ? Math.floor(since) : 0;
    // Custom records kept on devices: per custom entity, only the keys with territories to see (docs/decisions/0057).
    const byKey = scope.kind === 'keyed' ? scope.byKey.filter((k) => k.territories.length > 0).map((k) => ({ key: k.key, territories: [...new Set(k.territories)] })) : [];
    // Nobody to see nothing: answered without a round trip.
    if ((scope.kind === 'territory' && scope.territories.length === 0) || (scope.kind === 'keyed' && byKey.length === 0)) return { documents: [], seqs: [], lastSeq: from, remaining: 0 };
    const territories = scope.kind === 'territory' ? [...new Set(scope.territories)] : [];
    // The moves query lists the territories twice next to a few other parameters (and each key twice).
    const most = Math.floor((this.d.maxParams - 8) / 2);
    const listed = scope.kind === 'keyed' ? byKey.reduce((n, k) => n + k.territories.length + 1, 0) : territories.length;
    if (listed > most) throw new Error(`${this.d.name} store: a pull scope of ${listed} territories is over the ${most} one statement can take`);
    const scoped: PullScope = scope.kind === 'territory' ? { kind: 'territory', territories } : scope.kind === 'keyed' ? { kind: 'keyed', byKey } : scope;
    const cap = await this.d.run((q) => q.pullCap());
    const n = Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 0;
    const d = this.d;
    const t = d.entityTable(entity);
    const m = this.t.scopeMoves;
    const window = (after: number): SQL | undefined => and(gt(d.seqColumn(t), d.seqValue(after)), cap === null ? undefined : lt(d.seqColumn(t), d.seqValue(cap)), scopeFilter(t, scoped));
    // A custom record's moves are logged under its custom entity (pushIn), whose territories decide what left the scope.
    const below = (after: number) => [gt(m.seq, after), cap === null ? undefined : lt(m.seq, cap)];
    const movedOut = (after: number) =>
      scoped.kind === 'keyed'
        ? and(...below(after), anyOf(byKey.map((k) => and(eq(m.entity, k.key), inList(m.fromTerritory, k.territories), notInList(m.toTerritory, k.territories))!)))
        : and(eq(m.entity, entity), ...below(after), inList(m.fromTerritory, territories), notInList(m.toTerritory, territories));
    return d.transaction('read', function* (q) {
      const rows = yield* q.rows(t, { withSeq: true, where: window(from), orderBy: [asc(d.seqColumn(t))], limit: n });
      const page = rows.map((r) => ({ seq: Number(r.seq), doc: fromRow(planOf(entity), r) }));
      let moved = 0;
      if (scoped.kind === 'territory' || scoped.kind === 'keyed') {
        const moves = yield* q.rows(m, { fields: ['seq', 'recordId', 'fromTerritory'], where: movedOut(from), orderBy: [asc(m.seq)], limit: n });
        for (const mv of moves) page.push({ seq: mv.seq, doc: tombstone(entity, mv.recordId, mv.fromTerritory) });
        page.sort((a, b) => a.seq - b.seq);
        page.length = Math.min(page.length, n);
        moved = yield* q.count(m, movedOut(page.length ? page[page.length - 1]!.seq : from));
      }
      const lastSeq = page.length ? page[page.length - 1]!.seq : from;
      const rest = yield* q.count(t, window(lastSeq));
      return { documents: page.map((p) => p.doc), seqs: page.map((p) => p.seq), lastSeq, remaining: rest + moved };
    });
  }

  /**
   * One transaction, in this order, so nothing is written before everything that decides it is read and locked:
   * (1) lock and read the masters (SQL Server: UPDLOCK, HOLDLOCK, so a concurrent push of the same ids waits);
   * (2) plan with the shared planPush — a strict push with a refused row throws here and nothing is written;
   * (3) write (rewrite existing rows, insert new ones) and keep the e-mail claims; (4) related records of the old
   * territory follow a record that moves, read with an update lock and rewritten, transitively; (5) every territory
   * change goes to scope_moves at the sequence of its write; (6) conflict records for their authors, skipping ids
   * already there (a retry). Pushes locking overlapping rows in different orders can deadlock on SQL Server: it fails
   * one, RxDB retries it, and the retry is idempotent (planPush sees its rows already applied).
   */
  async push(entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Promise<PushOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.d.transaction('write', (q) => this.pushIn(q, entity, rows, ctx));
      } catch (err) {
        if (attempt >= 3 || !this.d.lostRace(err)) throw err;
      }
    }
  }

  async writeRecords(batches: readonly RecordBatch[], ctx: PushContext): Promise<PushOutcome> {
    const strict = { ...ctx, lenient: false };
    return this.d.transaction('write', function* (this: SqlStore, q: Ops) {
      const out: PushOutcome = { conflicts: [], lastSeq: null, refusals: [], touched: [] };
      const ruled = { fired: 0, failed: 0 };
      for (const b of batches) {
        if (!b.rows.length) continue;
        const one = yield* this.pushIn(q, b.entity, b.rows, strict);
        ruled.fired += one.rules?.fired ?? 0;
        ruled.failed += one.rules?.failed ?? 0;
        out.conflicts.push(...one.conflicts);
        out.refusals.push(...one.refusals);
        out.lastSeq = maxSeq(out.lastSeq, one.lastSeq);
        for (const e of one.touched) if (!out.touched.includes(e)) out.touched.push(e);
      }
      if (ruled.fired || ruled.failed) out.rules = ruled;
      return out;
    }.bind(this));
  }

  /** One entity's rows inside the caller's write transaction, in push()'s order. */
  private *pushIn(q: Ops, entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Step<PushOutcome> {
    const ids = [...new Set(rows.map((r) => r.newDocumentState.id))];
    const masters = new Map((yield* this.byIds(q, entity, ids, 'hold')).map((d) => [d.id, d]));
    const rule = isEmailEntity(entity) && (yield* this.detecting(q));
    // The records new references name: a reference must name a record the pusher may view.
    const refs = new Map<string, WireDoc>();
    for (const [e, refIds] of referencedIds(entity, rows)) for (const d of yield* this.byIds(q, e, refIds)) refs.set(`${e}:${d.id}`, d);
    // The entity's table rules, read in the write's transaction: a rule saved on any instance applies to the next write.
    const rules = yield* this.rulesIn(q, entity);
    const plan = planPush(entity, rows, masters, { ...ctx, refs, rules, ...(rule ? { emails: yield* this.owners(q, rows.map((r) => r.newDocumentState), ctx) } : {}) });
    if (plan.refusals.length && !ctx.lenient) throw refusedBatch(plan.refusals);

    const touched = new Set<EntityName>();
    const log: Row<'scopeMoves'>[] = [];
    const moves: { entity: EntityName; id: string; from: string; to: string }[] = [];
    const written = yield* q.writeRecords(entity, plan.writes, (id) => masters.has(id));
    let lastSeq = written.last;
    for (const doc of plan.writes) {
      const before = masters.get(doc.id);
      touched.add(entity);
      // A record with no master has no territory to leave: new records never log a move.
      if (before && before.territoryId !== doc.territoryId) {
        log.push({ seq: written.seqs.get(doc.id)!, entity: rightsEntity(entity, doc), recordId: doc.id, fromTerritory: before.territoryId, toTerritory: doc.territoryId });
        moves.push({ entity, id: doc.id, from: before.territoryId, to: doc.territoryId });
      }
      masters.set(doc.id, doc);
    }
    if (isEmailEntity(entity)) for (const doc of plan.writes) yield* this.claim(q, entity, doc, rule);

    // Related records of the old territory follow a record that moves (and theirs follow them).
    const moved = new Set(moves.map((m) => `${m.entity}:${m.id}`));
    for (let mv = moves.shift(); mv; mv = moves.shift()) {
      for (const c of childQueries(mv.entity, mv.id, mv.from)) {
        const t = this.d.entityTable(c.entity);
        const kids = yield* this.records(q, c.entity, { where: and(eq(col(t, c.field), c.parentId), eq(col(t, 'territoryId'), c.territoryId), eq(col(t, '_deleted'), false)), lock: 'update' });
        for (const kid of kids) {
          if (moved.has(`${c.entity}:${kid.id}`)) continue;
          const next = moveChild(c.entity, kid, mv.to, ctx);
          if (!next) continue;
          moved.add(`${c.entity}:${kid.id}`);
          const seq = (yield* q.writeRecords(c.entity, [next], () => true)).last!;
          lastSeq = maxSeq(lastSeq, seq);
          touched.add(c.entity);
          log.push({ seq, entity: rightsEntity(c.entity, kid), recordId: kid.id, fromTerritory: kid.territoryId, toTerritory: mv.to });
          moves.push({ entity: c.entity, id: kid.id, from: kid.territoryId, to: mv.to });
        }
      }
    }
    yield* q.insert(this.t.scopeMoves, log);

    // Conflicts and refusals kept for their authors: the same content twice (a retry) is kept once.
    if (plan.notices.length) {
      const known = new Set((yield* this.byIds(q, 'conflict', plan.notices.map((n) => n.id), 'hold')).map((d) => d.id));
      const fresh = plan.notices.filter((n) => !known.has(n.id));
      if (fresh.length) {
        lastSeq = maxSeq(lastSeq, (yield* q.writeRecords('conflict', fresh, () => false)).last);
        touched.add('conflict');
      }
    }
    lastSeq = maxSeq(lastSeq, yield* this.ruleEffects(q, entity, plan.rules, ctx, touched));
    const conflicts = plan.conflictIds.map((id) => plan.answers.get(id) ?? masters.get(id)).filter((d): d is WireDoc => d !== undefined);
    const ruled = { fired: plan.rules.fired.length, failed: plan.rules.failures.length };
    return { conflicts, lastSeq, refusals: plan.refusals, touched: [...touched], ...(ruled.fired || ruled.failed ? { rules: ruled } : {}) };
  }

  /** Every stored rule (`rule.<id>` server settings) of the entity, compiled against its fields as they are now. */
  private *rulesIn(q: Ops, entity: EntityName): Step<Compiled[]> {
    const s = this.t.serverSettings;
    const rows = yield* q.rows(s, { fields: ['key', 'value'], where: sql`${s.key} like ${'rule.%'}` });
    return rows
      .map((r) => compileStored(String(r.value)))
      // A custom entity's rules (key `x_…`) are read with customRecord's writes; run.ts picks them per record.
      .filter((c): c is Compiled => c !== null && c.rule.enabled && storedEntity(c.rule.entity) === entity)
      .sort((a, b) => a.rule.name.localeCompare(b.rule.name) || a.rule.id.localeCompare(b.rule.id));
  }

  /**
   * What the rules did, in the write's transaction: their tasks and notifications (new sequences, so they replicate
   * and reach the live stream like any write; ids from the write, so a replay adds nothing), an audit entry per rule
   * that acted, and per failing rule its health (a count and the last error) with an audit entry when the error is new.
   */
  private *ruleEffects(q: Ops, entity: EntityName, out: RulesOutcome, ctx: PushContext, touched: Set<EntityName>): Step<number | null> {
    let last: number | null = null;
    for (const [target, docs] of [['communication', out.tasks], ['notification', out.notifications]] as const) {
      if (!docs.length) continue;
      const known = new Set((yield* this.byIds(q, target, docs.map((d) => d.id), 'hold')).map((d) => d.id));
      const fresh = docs.filter((d) => !known.has(d.id));
      if (!fresh.length) continue;
      last = maxSeq(last, (yield* q.writeRecords(target, fresh, () => false)).last);
      touched.add(target);
    }
    const actor = { id: ctx.userId, login: ctx.login ?? ctx.userId };
    const audit: AuditEntry[] = out.fired.map((f) =>
      auditEntry(actor, 'rule.fired', { type: entity, id: f.recordId }, { rule: f.rule.name, ruleId: f.rule.id, event: f.event }, { set: f.set, notified: f.notified, tasks: f.taskIds }, ctx.now),
    );
    const s = this.t.serverSettings;
    const byRule = new Map<string, typeof out.failures>();
    for (const f of out.failures) byRule.set(f.rule.id, [...(byRule.get(f.rule.id) ?? []), f]);
    for (const [id, list] of byRule) {
      const key = `rulehealth.${id}`;
      const [row] = yield* q.rows(s, { fields: ['value'], where: eq(s.key, key), lock: 'hold' });
      const before = row ? healthFromJson(String(row.value)) : null;
      const lastOne = list[list.length - 1]!;
      const health: RuleHealth = { failures: (before?.failures ?? 0) + list.length, lastCode: lastOne.issue.code, lastError: lastOne.issue.message.slice(0, 500), lastAt: ctx.now };
      yield* q.upsert(s, { key, value: JSON.stringify(health), updatedBy: ctx.userId, updatedAt: ctx.now }, 'key');
      // The first failure of a kind is written to the audit; the same failure again only counts (no flood on every write).
      if (before?.lastError !== health.lastError)
        audit.push(auditEntry(actor, 'rule.failed', { type: 'rule', id }, { rule: lastOne.rule.name, entity, recordId: lastOne.recordId }, { code: health.lastCode, error: health.lastError }, ctx.now));
    }
    if (audit.length) yield* q.insert(this.t.auditLog, audit);
    return last;
  }

  async listRules(): Promise<{ rule: TableRule; health: RuleHealth | null }[]> {
    const s = this.t.serverSettings;
    const rows = await this.d.run((q) => q.rows(s, { fields: ['key', 'value'], where: sql`${s.key} like ${'rule%'}` }));
    const health = new Map(rows.filter((r) => String(r.key).startsWith('rulehealth.')).map((r) => [String(r.key).slice('rulehealth.'.length), healthFromJson(String(r.value))]));
    return rows
      .filter((r) => String(r.key).startsWith('rule.'))
      .map((r) => ruleFromJson(String(r.value)))
      .filter((r): r is TableRule => r !== null)
      .sort((a, b) => a.entity.localeCompare(b.entity) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .map((rule) => ({ rule, health: health.get(rule.id) ?? null }));
  }

  async saveRule(rule: TableRule, audit: readonly AuditEntry[]): Promise<void> {
    const s = this.t.serverSettings;
    const auditLog = this.t.auditLog;
    await this.d.transaction('write', function* (q) {
      yield* q.upsert(s, { key: `rule.${rule.id}`, value: JSON.stringify(rule), updatedBy: rule.updatedBy, updatedAt: rule.updatedAt }, 'key');
      yield* q.delete(s, eq(s.key, `rulehealth.${rule.id}`));
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async deleteRule(id: string, audit: readonly AuditEntry[]): Promise<boolean> {
    const s = this.t.serverSettings;
    const auditLog = this.t.auditLog;
    return this.d.transaction('write', function* (q) {
      const n = yield* q.delete(s, eq(s.key, `rule.${id}`));
      yield* q.delete(s, eq(s.key, `rulehealth.${id}`));
      if (n && audit.length) yield* q.insert(auditLog, audit);
      return n > 0;
    });
  }

  async listRecords(entity: EntityName, query: RecordQuery, scope: PullScope, page: { offset: number; limit: number }): Promise<RecordPage> {
    if (scope.kind === 'territory' && scope.territories.length === 0) return { total: 0, records: [] };
    const t = this.d.entityTable(entity);
    const def = (query.as !== undefined ? customEntityDef(query.as) : undefined) ?? entityDef(entity);
    const where = and(
      eq(col(t, '_deleted'), false),
      scopeFilter(t, scope),
      query.text ? searchCondition(entity, query.text, (k) => fieldRef(this.d, t, entity, k, def), def.searchFields) : undefined,
      ...Object.entries(query.equals ?? {}).map(([k, v]) => eq(fieldRef(this.d, t, entity, k, def), v)),
      ...(query.filters ?? []).map((term) => filterCondition(fieldRef(this.d, t, entity, term.field, def), term)),
    );
    // A custom field sorts by its value in the JSON column, as it filters (fieldRef).
    const orderBy = listOrder(entity, query.sort).map(({ key, direction }) => (direction === 'desc' ? desc(fieldRef(this.d, t, entity, key, def)) : asc(fieldRef(this.d, t, entity, key, def))));
    // One read transaction: the page and its total agree.
    return this.d.transaction('read', function* (this: SqlStore, q: Ops) {
      const total = yield* q.count(t, where);
      return { total, records: yield* this.records(q, entity, { where, orderBy, offset: page.offset, limit: page.limit }) };
    }.bind(this));
  }

  async search(entity: EntityName, text: string, scope: PullScope, limit: number): Promise<WireDoc[]> {
    if (scope.kind === 'territory' && scope.territories.length === 0) return [];
    const t = this.d.entityTable(entity);
    const where = and(eq(col(t, '_deleted'), false), scopeFilter(t, scope), searchCondition(entity, text, (k) => fieldRef(this.d, t, entity, k)));
    return this.d.run((q) => this.records(q, entity, { where, orderBy: [asc(col(t, entityDef(entity).title[0] ?? 'id'))], limit }));
  }

  async getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]> {
    if (ids.length === 0) return [];
    return this.d.run((q) => this.byIds(q, entity, ids));
  }

  async insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.d.transaction('write', function* (this: SqlStore, q: Ops) {
      yield* q.writeRecords(entity, docs, () => false);
      if (!isEmailEntity(entity)) return;
      const enforce = yield* this.detecting(q);
      for (const doc of docs) yield* this.claim(q, entity, doc, enforce);
    }.bind(this));
  }

  async count(entity: EntityName): Promise<number> {
    const t = this.d.entityTable(entity);
    return this.d.run((q) => q.count(t, eq(col(t, '_deleted'), false)));
  }

  async findUserByLogin(login: string): Promise<UserRow | null> {
    const [row] = await this.d.run((q) => q.rows(this.t.users, { where: eq(this.t.users.login, login) }));
    return row ? userOf(row) : null;
  }

  async getUser(id: string): Promise<UserRow | null> {
    const [row] = await this.d.run((q) => q.rows(this.t.users, { where: eq(this.t.users.id, id) }));
    return row ? userOf(row) : null;
  }

  async listUsers(): Promise<UserRow[]> {
    return (await this.d.run((q) => q.rows(this.t.users, { orderBy: [asc(this.t.users.login)] }))).map(userOf);
  }

  async insertUsers(users: readonly NewUserRow[], audit: readonly AuditRow[] = []): Promise<void> {
    const { users: u, auditLog } = this.t;
    await this.d.transaction('write', function* (q) {
      yield* q.insert(u, users);
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async updateUser(id: string, changes: UserChanges, opts: { endSessions?: boolean; audit?: readonly AuditRow[] } = {}): Promise<number> {
    // Only the keys given, and never one set to undefined (an UPDATE with an empty SET does not parse).
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const { users, sessions, auditLog } = this.t;
    const audit = opts.audit ?? [];
    const steps = [Object.keys(set).length > 0, opts.endSessions === true, audit.length > 0].filter(Boolean).length;
    if (steps === 0) return 0;
    // One statement needs no transaction; several land together or not at all.
    const body = function* (q: Ops): Step<number> {
      if (Object.keys(set).length) yield* q.update(users, set, eq(users.id, id));
      const ended = opts.endSessions ? yield* q.delete(sessions, eq(sessions.userId, id)) : 0;
      if (audit.length) yield* q.insert(auditLog, audit);
      return ended;
    };
    return steps === 1 ? this.d.run(body) : this.d.transaction('write', body);
  }

  async createSession(session: NewSessionRow): Promise<void> {
    await this.d.run((q) => q.insert(this.t.sessions, [{ lastSeenAt: session.createdAt, ...session }]));
  }

  async findSession(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await this.d.run((q) => q.rows(this.t.sessions, { where: eq(this.t.sessions.tokenHash, tokenHash) }));
    return row ?? null;
  }

  async touchSession(tokenHash: string, at: string): Promise<void> {
    await this.d.run((q) => q.update(this.t.sessions, { lastSeenAt: at }, eq(this.t.sessions.tokenHash, tokenHash)));
  }

  async listSessions(userId?: string): Promise<SessionRow[]> {
    const s = this.t.sessions;
    const where = and(gt(s.expiresAt, new Date().toISOString()), userId === undefined ? undefined : eq(s.userId, userId));
    return this.d.run((q) => q.rows(s, { where, orderBy: [desc(s.lastSeenAt), asc(s.tokenHash)], limit: 1000 }));
  }

  async deleteSession(tokenHash: string, audit: readonly AuditRow[] = []): Promise<void> {
    const { sessions, auditLog } = this.t;
    if (!audit.length) return void (await this.d.run((q) => q.delete(sessions, eq(sessions.tokenHash, tokenHash))));
    await this.d.transaction('write', function* (q) {
      yield* q.delete(sessions, eq(sessions.tokenHash, tokenHash));
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async deleteSessionsOfUser(userId: string, audit: readonly AuditRow[] = []): Promise<number> {
    const { sessions, auditLog } = this.t;
    if (!audit.length) return this.d.run((q) => q.delete(sessions, eq(sessions.userId, userId)));
    return this.d.transaction('write', function* (q) {
      const n = yield* q.delete(sessions, eq(sessions.userId, userId));
      if (audit.length) yield* q.insert(auditLog, audit);
      return n;
    });
  }

  async listTerritories(): Promise<TerritoryRow[]> {
    return this.d.run((q) => q.rows(this.t.territories, { orderBy: [asc(this.t.territories.name)] }));
  }

  async insertTerritories(rows: readonly TerritoryRow[], audit: readonly AuditRow[] = []): Promise<void> {
    const { territories, auditLog } = this.t;
    await this.d.transaction('write', function* (q) {
      yield* q.insert(territories, rows);
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async updateTerritory(id: string, changes: Partial<Pick<TerritoryRow, 'name' | 'parentId'>>, audit: readonly AuditRow[] = []): Promise<void> {
    const { territories, auditLog } = this.t;
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    await this.d.transaction('write', function* (q) {
      if (Object.keys(set).length) yield* q.update(territories, set, eq(territories.id, id));
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async deleteTerritory(id: string, audit: readonly AuditRow[] = []): Promise<Record<string, number> | null> {
    const { territories, users, documents, profileRights, auditLog } = this.t;
    const entityTables = (Object.keys(entities) as EntityName[]).map((e) => [e, this.d.entityTable(e)] as const);
    return this.d.transaction('write', function* (q) {
      // Held until commit: nothing moves into the territory between the count and the delete.
      yield* q.lock(territories, eq(territories.id, id));
      const usage: Record<string, number> = {};
      const note = (kind: string, n: number): void => {
        if (n > 0) usage[kind] = n;
      };
      note('territories', yield* q.count(territories, eq(territories.parentId, id)));
      note('users', yield* q.count(users, eq(users.territoryId, id)));
      note('documents', yield* q.count(documents, eq(documents.territoryId, id)));
      for (const [entity, t] of entityTables) note(entity, yield* q.count(t, and(eq(col(t, 'territoryId'), id), eq(col(t, '_deleted'), false))));
      if (Object.keys(usage).length) return usage;
      yield* q.delete(profileRights, eq(profileRights.territoryId, id));
      yield* q.delete(territories, eq(territories.id, id));
      if (audit.length) yield* q.insert(auditLog, audit);
      return null;
    });
  }

  async listProfiles(): Promise<ProfileRow[]> {
    return this.d.run((q) => q.rows(this.t.profiles, { orderBy: [asc(this.t.profiles.name)] }));
  }

  async insertProfiles(rows: readonly ProfileRow[], opts: { copyFrom?: string; audit?: readonly AuditRow[] } = {}): Promise<void> {
    const { profiles, profileRights: r, profileFeatures: f, auditLog } = this.t;
    const from = opts.copyFrom;
    await this.d.transaction('write', function* (q) {
      yield* q.insert(profiles, rows);
      if (from !== undefined) {
        const rights = yield* q.rows(r, { where: eq(r.profileId, from) });
        const features = yield* q.rows(f, { where: eq(f.profileId, from) });
        for (const p of rows) {
          yield* q.insert(r, rights.map((x) => ({ ...x, profileId: p.id })));
          yield* q.insert(f, features.map((x) => ({ ...x, profileId: p.id })));
        }
      }
      if (opts.audit?.length) yield* q.insert(auditLog, opts.audit);
    });
  }

  async renameProfile(id: string, name: string, audit: readonly AuditRow[] = []): Promise<void> {
    const { profiles, auditLog } = this.t;
    await this.d.transaction('write', function* (q) {
      yield* q.update(profiles, { name }, eq(profiles.id, id));
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async deleteProfile(id: string, audit: readonly AuditRow[] = []): Promise<number> {
    const { profiles, profileRights: r, profileFeatures: f, users, auditLog } = this.t;
    return this.d.transaction('write', function* (q) {
      yield* q.lock(profiles, eq(profiles.id, id));
      const using = yield* q.count(users, eq(users.profileId, id));
      if (using > 0) return using;
      yield* q.delete(r, eq(r.profileId, id));
      yield* q.delete(f, eq(f.profileId, id));
      yield* q.delete(profiles, eq(profiles.id, id));
      if (audit.length) yield* q.insert(auditLog, audit);
      return 0;
    });
  }

  async profileRights(profileId: string): Promise<ProfileRight[]> {
    const rows = await this.d.run((q) => q.rows(this.t.profileRights, { where: eq(this.t.profileRights.profileId, profileId) }));
    return rows.map(({ entity, territoryId, view, insert, edit, delete: del }) => ({ entity, territoryId, view, insert, edit, delete: del }));
  }

  /** Replaces a profile's rights in one transaction: a reader never sees the profile with none. */
  async setProfileRights(profileId: string, rights: readonly ProfileRight[], audit: readonly AuditRow[] = []): Promise<void> {
    const r = this.t.profileRights;
    const auditLog = this.t.auditLog;
    const rows = rights.map(({ entity, territoryId, view, insert, edit, delete: del }) => ({ profileId, entity, territoryId, view, insert, edit, delete: del }));
    await this.d.transaction('write', function* (q) {
      yield* q.delete(r, eq(r.profileId, profileId));
      yield* q.insert(r, rows);
      if (audit.length) yield* q.insert(auditLog, audit);
    });
  }

  async calendarItems(ownerId: string, scope: PullScope, from: string, to: string, limit: number): Promise<WireDoc[]> {
    if (scope.kind === 'territory' && scope.territories.length === 0) return [];
    const t = this.d.entityTable('communication');
    const startsAt = col(t, 'startsAt');
    const where = and(eq(col(t, '_deleted'), false), eq(col(t, 'ownerId'), ownerId), scopeFilter(t, scope), gte(startsAt, from), lt(startsAt, to));
    return this.d.run((q) => this.records(q, 'communication', { where, orderBy: [asc(startsAt)], limit: Math.max(1, Math.floor(limit)) }));
  }

  /** Lock the user's link, delete it, insert the new one: the old link stops working in the commit that makes the new one. */
  async createCalendarFeed(userId: string, tokenHash: string, createdAt: string): Promise<void> {
    const f = this.t.calendarFeeds;
    await this.d.transaction('write', function* (q) {
      yield* q.lock(f, eq(f.userId, userId));
      yield* q.delete(f, eq(f.userId, userId));
      yield* q.insert(f, [{ tokenHash, userId, createdAt }]);
    });
  }

  async findCalendarFeed(tokenHash: string): Promise<{ userId: string } | null> {
    const f = this.t.calendarFeeds;
    const [row] = await this.d.run((q) => q.rows(f, { fields: ['userId'], where: eq(f.tokenHash, tokenHash) }));
    return row ?? null;
  }

  async deleteCalendarFeed(userId: string): Promise<boolean> {
    return (await this.d.run((q) => q.delete(this.t.calendarFeeds, eq(this.t.calendarFeeds.userId, userId)))) > 0;
  }

  async saveSetting(doc: WireDoc): Promise<number> {
    const c = this.t.emailClaims;
    return this.d.transaction('write', function* (this: SqlStore, q: Ops) {
      const [before] = yield* this.byIds(q, 'setting', [doc.id], 'hold');
      const seq = (yield* q.writeRecords('setting', [doc], () => before !== undefined)).last!;
      if (doc.id === 'duplicateEmailDetection') {
        yield* q.update(c, { enforced: false }, undefined);
        if (settingOn('duplicateEmailDetection', doc)) yield* q.execute(enforceFirstSql);
      }
      return seq;
    }.bind(this));
  }

  async emailClaims(addresses: readonly string[]): Promise<ClaimRow[]> {
    if (!addresses.length) return [];
    return this.d.run((q) => this.claimsOf(q, [...new Set(addresses)]));
  }

  async duplicateEmails(offset: number, limit: number): Promise<{ total: number; claims: ClaimRow[] }> {
    const c = this.t.emailClaims;
    const shared: Read<'address'> = { fields: ['address'], groupBy: ['address'], having: sql`count(*) > 1` };
    return this.d.transaction('read', function* (this: SqlStore, q: Ops) {
      const total = yield* q.count(q.subquery(c, shared));
      const page = (yield* q.rows(c, { ...shared, orderBy: [asc(c.address)], offset, limit })).map((r) => r.address);
      return { total, claims: yield* this.claimsOf(q, page) };
    }.bind(this));
  }

  async profileFeatures(profileId: string): Promise<string[]> {
    const f = this.t.profileFeatures;
    return (await this.d.run((q) => q.rows(f, { fields: ['feature'], where: eq(f.profileId, profileId), orderBy: [asc(f.feature)] }))).map((r) => r.feature);
  }

  async setProfileFeatures(profileId: string, features: readonly string[]): Promise<void> {
    const f = this.t.profileFeatures;
    await this.d.transaction('write', function* (q) {
      yield* q.delete(f, eq(f.profileId, profileId));
      yield* q.insert(f, [...new Set(features)].map((feature) => ({ profileId, feature })));
    });
  }

  async getServerSetting(key: string): Promise<string | null> {
    const s = this.t.serverSettings;
    const [row] = await this.d.run((q) => q.rows(s, { fields: ['value'], where: eq(s.key, key) }));
    return row?.value ?? null;
  }

  async purgeCustomValues(entity: EntityName, key: string): Promise<number> {
    const t = this.d.entityTable(entity);
    const custom = col(t, 'custom');
    const id = col(t, 'id');
    // The key as it is written in the JSON text: a cheap filter, then each row is parsed and written without it.
    const pattern = `%${JSON.stringify(key).replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
    let purged = 0;
    let after = '';
    for (;;) {
      const page = await this.d.transaction('write', function* (q: Ops) {
        const rows = yield* q.rows(t, { fields: ['id', 'custom'], where: and(sql`${custom} like ${pattern} escape '\\'`, gt(id, after)), orderBy: [asc(id)], limit: 500, lock: 'update' });
        let changed = 0;
        for (const r of rows) {
          let values: Record<string, unknown> = {};
          try {
            values = JSON.parse(String(r.custom)) as Record<string, unknown>;
          } catch {
            values = {};
          }
          if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
          delete values[key];
          yield* q.update(t, { custom: JSON.stringify(values) } as never, eq(id, r.id));
          changed++;
        }
        return { changed, last: rows.length > 0 ? String(rows[rows.length - 1]!.id) : null, full: rows.length === 500 };
      });
      purged += page.changed;
      if (!page.full || page.last === null) break;
      after = page.last;
    }
    return purged;
  }

  async removeCustomRecords(key: string, by: string, at: string): Promise<{ removed: number; lastSeq: number | null }> {
    const t = this.d.entityTable('customRecord');
    let removed = 0;
    let lastSeq: number | null = null;
    for (;;) {
      const page = await this.d.transaction('write', function* (this: SqlStore, q: Ops) {
        const live = yield* this.records(q, 'customRecord', { where: and(eq(col(t, 'entityKey'), key), eq(col(t, '_deleted'), false)), orderBy: [asc(col(t, 'id'))], limit: 500, lock: 'update' });
        if (!live.length) return { n: 0, seq: null };
        const gone = live.map((d) => ({ ...d, updatedAt: at, updatedBy: by, _deleted: true }) as WireDoc);
        return { n: gone.length, seq: (yield* q.writeRecords('customRecord', gone, () => true)).last };
      }.bind(this));
      removed += page.n;
      if (page.seq !== null) lastSeq = page.seq;
      if (page.n < 500) break;
    }
    return { removed, lastSeq };
  }

  async putServerSetting(key: string, value: string, by: string, at: string): Promise<void> {
    await this.d.transaction('write', (q) => q.upsert(this.t.serverSettings, { key, value, updatedBy: by, updatedAt: at }, 'key'));
  }

  async serverSettingsWithPrefix(prefix: string): Promise<{ key: string; value: string }[]> {
    const s = this.t.serverSettings;
    const pattern = `${prefix.replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
    const rows = await this.d.run((q) => q.rows(s, { fields: ['key', 'value'], where: sql`${s.key} like ${pattern} escape '\\'`, orderBy: [asc(s.key)] }));
    // SQL Server compares without regard to case: keep exactly the prefix asked for.
    return rows.filter((r) => String(r.key).startsWith(prefix)).map((r) => ({ key: String(r.key), value: String(r.value) }));
  }

  async deleteServerSetting(key: string): Promise<void> {
    const s = this.t.serverSettings;
    await this.d.transaction('write', (q) => q.delete(s, eq(s.key, key)));
  }

  async feedHead(): Promise<number> {
    return this.d.run((q) => q.feedHead());
  }

  /**
   * The head is read first, in its own statement (as the pull cap is), then everything in (after, head] is read in one
   * snapshot: the latest sequence of each table written, and the server events in sequence order. A row that commits
   * later has a sequence above the head (SQLite: one writer; SQL Server: the head is below MIN_ACTIVE_ROWVERSION()).
   */
  async changesSince(after: number): Promise<FeedPage> {
    const head = await this.feedHead();
    if (head <= after) return { head: after, changes: [], events: [] };
    const d = this.d;
    const ev = this.t.serverEvents;
    const range = (t: Table): SQL | undefined => and(gt(d.seqColumn(t), d.seqValue(after)), lte(d.seqColumn(t), d.seqValue(head)));
    return d.transaction('read', function* (q) {
      const changes: FeedPage['changes'] = [];
      for (const collection of Object.keys(entities) as EntityName[]) {
        const t = d.entityTable(collection);
        const [last] = yield* q.rows(t, { fields: ['id'], withSeq: true, where: range(t), orderBy: [desc(d.seqColumn(t))], limit: 1 });
        if (last) changes.push({ collection, seq: Number((last as { seq?: unknown }).seq) });
      }
      const rows = yield* q.rows(ev, { where: range(ev), orderBy: [asc(d.seqColumn(ev))], limit: 10_000 });
      return { head, changes, events: rows.map(eventOf).filter((e): e is ServerEvent => e !== null) };
    });
  }

  async appendEvent(event: ServerEvent): Promise<void> {
    const row: Row<'serverEvents'> = { id: randomUUID(), kind: event.kind, userId: '', keep: '', collection: '', origin: event.origin, createdAt: event.createdAt };
    if (event.kind === 'revoke') Object.assign(row, { userId: event.userId, keep: event.keep });
    // One session: its token hash travels in `keep` (the column a revocation names a session in).
    else if (event.kind === 'revoke-one') Object.assign(row, { userId: event.userId, keep: event.tokenHash });
    else row.collection = event.collection;
    await this.d.transaction('write', (q) => q.insertSequenced(this.t.serverEvents, [row]));
  }

  async pruneEvents(before: string): Promise<number> {
    return this.d.run((q) => q.delete(this.t.serverEvents, lt(this.t.serverEvents.createdAt, before)));
  }

  poolStats(): PoolStats {
    return this.d.poolStats();
  }

  withStartupLock<T>(body: () => Promise<T>, waitMs?: number): Promise<T> {
    return this.d.startupLock(body, waitMs);
  }

  async close(): Promise<void> {
    await this.d.close();
  }
}

/** A stored event as the feed hands it on; a kind this release does not know (a newer instance's) is skipped. */
function eventOf(r: Row<'serverEvents'>): ServerEvent | null {
  if (r.kind === 'revoke') return { kind: 'revoke', userId: r.userId, keep: r.keep, origin: r.origin, createdAt: r.createdAt };
  if (r.kind === 'revoke-one') return { kind: 'revoke-one', userId: r.userId, tokenHash: r.keep, origin: r.origin, createdAt: r.createdAt };
  if (r.kind === 'nudge' && isEntityName(r.collection)) return { kind: 'nudge', collection: r.collection, origin: r.origin, createdAt: r.createdAt };
  return null;
}

function healthFromJson(text: string): RuleHealth | null {
  try {
    const h = JSON.parse(text) as RuleHealth;
    return typeof h === 'object' && h !== null && typeof h.failures === 'number' ? h : null;
  } catch {
    return null;
  }
}

const maxSeq = (a: number | null, b: number | null): number | null => (b === null ? a : a === null || b > a ? b : a);
