// The end-of-seed checks: devices equal the server, nothing acknowledged or typed is silently lost, losers are kept,
// and no device holds what its user may not see. Pure functions over the devices' books and the server's final state.
import { entityDef, REPLICATED, RECORD_ENTITIES, type EntityName } from '../../shared/entities/index.ts';
import { blankRecord, jsonEqual } from '../../shared/records.ts';
import { can, type EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { addSeen, seenKey, TRACKED_FIELDS, userKeysOf, type Seen } from './faulty-fetch.ts';
import type { DeviceDump, DeviceSpec, PushAttempt, WriteOp } from './protocol.ts';

export type RecordMap = Map<string, WireDoc>;
export type EntityMaps = Record<string, RecordMap>;

export interface ServerState {
  /** Every record (tombstones included) of the territory entities, as an administrator pulls them from seq 0. */
  all: EntityMaps;
  /** Per device: what a pull from seq 0 with its token returns, applied in order (later rows win), deleted ones dropped. */
  perDevice: EntityMaps[];
  /** Per user id: their conflict records (kept conflicts and rejected changes). */
  conflicts: Map<string, WireDoc[]>;
}

export interface Finding {
  kind: 'lost-ack' | 'stale-return' | 'foreign-value' | 'loser-not-kept' | 'write-vanished' | 'diverged' | 'leaked';
  text: string;
  entity: string;
  id: string;
}

export interface CheckResult {
  writes: number;
  acked: number;
  lost: number;
  diverged: number;
  leaked: number;
  conflictsKept: number;
  rejectedKept: number;
  losers: number;
  editsOnDeleted: number;
  /** Moves that wrote nothing (the device had the record in that territory already) and no answer had said so. */
  unchangedMoves: number;
  /** Moves that wrote nothing although the last answer the harness read had the record in another territory. */
  unchangedUnseen: number;
  stuckPending: number;
  findings: Finding[];
}

const v = (x: unknown): unknown => x ?? null;
const show = (x: unknown): string => {
  const s = JSON.stringify(x ?? null);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

/**
 * Runs checks (1)–(4). `seedSeen` holds the demo data's tracked values (present from tick 0).
 *
 * Vocabulary. A push *attempt* is one HTTP request as it left a device (a duplicated request is two). A row of a
 * delivered 200 attempt that is not in the answer's conflicts is *acknowledged*: the server says its master now
 * equals that row's new state (it wrote it, or it was there already). A row *introduces* a field value when it
 * could change the master's field to it: its assumed state is null (the server then merges against the master as
 * if nothing had been assumed) or differs from its new state in that field. The merge never takes a field the
 * pusher did not change (`shared/merge.ts`), so only introducing rows, and the server's own territory cascade, can
 * change a field.
 */
export function runChecks(specs: readonly DeviceSpec[], rights: ReadonlyMap<string, EffectiveRights>, dumps: readonly DeviceDump[], server: ServerState, seedSeen: ReadonlyMap<string, Seen>): CheckResult {
  const findings: Finding[] = [];
  const once = new Set<string>();
  const find = (kind: Finding['kind'], key: string, text: string): void => {
    if (once.has(`${kind}|${key}`)) return;
    once.add(`${kind}|${key}`);
    const [entity = '', id = ''] = text.replace(/^device \S+ \(\S+\) /, '').split(' ');
    findings.push({ kind, text, entity, id: id.replace(/:$/, '') });
  };
  const tag = (d: number): string => specs[d]?.tag ?? String(d);

  // ---- the books, merged
  const seen = new Map<string, Seen>(seedSeen);
  for (const d of dumps)
    for (const [k, s] of d.seen) {
      const was = seen.get(k);
      if (!was) seen.set(k, { ...s });
      else seen.set(k, { sent: Math.max(was.sent, s.sent), done: Math.min(was.done, s.done) });
    }
  const attempts: PushAttempt[] = dumps.flatMap((d) => d.attempts);
  // Every 200 push answer shows each row's master: its conflict answer, or exactly the row's new state (the workers
  // record these too; taking them here keeps the checks whole on books that carry only the attempts).
  for (const a of attempts) {
    if (a.status !== 200 || !a.conflicts || a.doneAt === null) continue;
    const answers = new Map(a.conflicts.map((d) => [d.id, d as Record<string, unknown>]));
    for (const row of a.rows) {
      const doc = answers.get(row.newDocumentState.id) ?? (row.newDocumentState as Record<string, unknown>);
      if (doc._deleted === true) continue;
      for (const f of TRACKED_FIELDS[a.entity] ?? []) addSeen(seen, seenKey(a.entity, String(doc.id), f, doc[f]), a.sentAt, a.doneAt);
    }
  }
  const writes: WriteOp[] = dumps.flatMap((d) => d.writes);
  const territorySeen = new Map<number, Map<string, number[]>>(dumps.map((d) => [d.device, new Map(d.territorySeen ?? [])]));
  const produced = new Set<string>();
  for (const w of writes) for (const [f, x] of Object.entries(w.values)) produced.add(seenKey(w.entity, w.id, f, x));

  /** Rows that may have changed the server (no answer, or a 200): failed requests (4xx/5xx) rolled back whole. */
  const mayHaveApplied = (a: PushAttempt): boolean => a.status === null || a.status === 200;
  /** key `entity|id|field|json` → done ticks (null: unknown) of attempts with a row introducing that value. */
  const intro = new Map<string, (number | null)[]>();
  const addIntro = (k: string, done: number | null): void => {
    const l = intro.get(k);
    if (l) l.push(done);
    else intro.set(k, [done]);
  };
  for (const a of attempts) {
    if (!mayHaveApplied(a)) continue;
    for (const row of a.rows) {
      const n = row.newDocumentState as Record<string, unknown>;
      const asm = row.assumedMasterState as Record<string, unknown> | null;
      // With no assumed state the server merges against the empty record (push-plan.ts): a field the create left
      // empty is no claim on a value, so it cannot lose.
      const base = asm ?? (blankRecord(entityDef(a.entity), '', '') as Record<string, unknown>);
      for (const f of userKeysOf(a.entity)) {
        if (jsonEqual(v(base[f]), v(n[f]))) continue;
        addIntro(seenKey(a.entity, String(n.id), f, n[f]), a.doneAt);
        // A record moving territory takes its related records along (push-plan.ts childQueries): index the move
        // under the parent so a child's territory can be explained by it.
        if (f === 'territoryId') addIntro(seenKey('cascade', String(n.id), f, n[f]), a.doneAt);
      }
    }
  }
  /** Could a row introducing this value have been applied after tick `after`? (Its answer came later, or never.) */
  const introducedAfter = (k: string, after: number): boolean => (intro.get(k) ?? []).some((done) => done === null || done > after);

  /** Records whose territory move cascades to this one (a person's company; a note's or a communication's parents). */
  const ancestors = (entity: EntityName, doc: Record<string, unknown>): string[] => {
    const out: string[] = [];
    const personCompany = (id: unknown): void => {
      const p = server.all.person?.get(String(id));
      if (p && typeof p.companyId === 'string' && p.companyId) out.push(p.companyId);
    };
    if (entity === 'person' && typeof doc.companyId === 'string') out.push(doc.companyId);
    if (entity === 'note' && typeof doc.parentId === 'string') {
      out.push(doc.parentId);
      if (doc.parentType === 'person') personCompany(doc.parentId);
    }
    if (entity === 'communication') {
      if (typeof doc.companyId === 'string' && doc.companyId) out.push(doc.companyId);
      if (typeof doc.personId === 'string' && doc.personId) {
        out.push(doc.personId);
        personCompany(doc.personId);
      }
    }
    return out;
  };

  /** A value this user lost is kept for them: as a same-field conflict, or inside a rejected change. */
  const conflictsOf = (userId: string): WireDoc[] => server.conflicts.get(userId) ?? [];
  const parse = (s: unknown): unknown => {
    try {
      return JSON.parse(String(s));
    } catch {
      return undefined;
    }
  };
  const kept = (userId: string, entity: EntityName, id: string, field: string, value: unknown): boolean =>
    conflictsOf(userId).some((c) => {
      if (c.entity !== entity || c.recordId !== id) return false;
      if (c.kind === 'conflict') return c.field === field && jsonEqual(v(parse(c.mine)), v(value));
      // A rejected change, a refused stale delete ('delete') and an edit on a deleted record ('deleted') keep the
      // author's whole record.
      const mine = parse(c.mine) as Record<string, unknown> | undefined;
      return !!mine && jsonEqual(v(mine[field]), v(value));
    });

  // ---- (2) every acknowledged write is on the server, unless something later explains the difference.
  //
  // Acknowledged row R of record X, sent at tick s. Right after the server handled R, X's master equalled R's new
  // state. For each field f whose final value w differs from R's:
  //  - X missing from the server: lost.
  //  - X finally deleted while R was not a deletion: explained by a deleting row that could have been applied after s
  //    (a "later delete"); then nothing else of X matters. R a deletion and X finally not deleted: likewise needs a row
  //    introducing `_deleted: false` after s.
  //  - f a tracked field (unique values: every operation writes its own): w must not have been seen on the server
  //    before s (seen.done < s). If it was, R replaced it, so w came back later although nobody wrote it again: R was
  //    overwritten by a stale value. (A same-field conflict never changes the master — the master's value stands and
  //    the loser is kept — so it cannot explain a difference; a later write of a new value is explained because that
  //    value was never seen before s.) A value that no operation wrote and the demo data never held is a corruption.
  //  - other fields (territory, selects): explained when some row introducing w (for the territory, also a move of a
  //    parent record) could have been applied after s; otherwise lost.
  let acked = 0;
  for (const a of attempts) {
    if (!a.delivered || a.status !== 200 || !a.conflicts) continue;
    const answered = new Set(a.conflicts.map((d) => d.id));
    for (const row of a.rows) {
      const n = row.newDocumentState as Record<string, unknown>;
      const id = String(n.id);
      if (answered.has(id)) continue;
      acked++;
      const e = a.entity;
      const where = `${e} ${id} (acknowledged to ${tag(a.device)} at tick ${a.doneAt}, sent ${a.sentAt})`;
      const fin = server.all[e]?.get(id) as Record<string, unknown> | undefined;
      if (!fin) {
        find('lost-ack', `${e}|${id}`, `${where}: the record is not on the server`);
        continue;
      }
      const finDeleted = fin._deleted === true;
      if (n._deleted === true || finDeleted) {
        if (n._deleted === true && finDeleted) continue;
        if (!introducedAfter(seenKey(e, id, '_deleted', finDeleted), a.sentAt))
          find('lost-ack', `${e}|${id}|_deleted|${a.sentAt}`, `${where}: _deleted ${String(n._deleted)} acknowledged, server has ${String(finDeleted)} and no later change explains it`);
        continue;
      }
      for (const f of userKeysOf(e)) {
        if (f === '_deleted' || jsonEqual(v(n[f]), v(fin[f]))) continue;
        const k = seenKey(e, id, f, fin[f]);
        if (TRACKED_FIELDS[e]?.includes(f)) {
          const s = seen.get(k);
          if (s && s.done < a.sentAt)
            find('lost-ack', `${e}|${id}|${f}|${show(n[f])}`, `${where}: ${f} = ${show(n[f])} acknowledged, but the server went back to ${show(fin[f])}, which it held before (seen by tick ${s.done})`);
          continue;
        }
        const byParent = f === 'territoryId' && ancestors(e, fin).some((p) => introducedAfter(seenKey('cascade', p, f, fin[f]), a.sentAt));
        if (!byParent && !introducedAfter(k, a.sentAt))
          find('lost-ack', `${e}|${id}|${f}|${show(n[f])}`, `${where}: ${f} = ${show(n[f])} acknowledged, server has ${show(fin[f])} and no later change explains it`);
      }
    }
  }

  // ---- (2, continued) a tracked value never comes back once another has replaced it, and never comes from nowhere.
  // For each record's tracked field with final value w, and any other value x seen on the server: if w was seen
  // before x (w.done < x.sent), x replaced w and later w returned without anyone writing it again: x was lost.
  const byField = new Map<string, { value: string; s: Seen }[]>();
  for (const [k, s] of seen) {
    const cut = k.lastIndexOf('|');
    const head = k.slice(0, cut);
    const l = byField.get(head) ?? [];
    l.push({ value: k.slice(cut + 1), s });
    byField.set(head, l);
  }
  for (const e of RECORD_ENTITIES) {
    const fields = TRACKED_FIELDS[e];
    if (!fields) continue;
    for (const [id, fin] of server.all[e] ?? new Map<string, WireDoc>()) {
      if (fin._deleted) continue;
      for (const f of fields) {
        const w = JSON.stringify(v((fin as Record<string, unknown>)[f]));
        const head = `${e}|${id}|${f}`;
        const list = byField.get(head) ?? [];
        const mine = list.find((x) => x.value === w);
        if (!mine) {
          if (!produced.has(`${head}|${w}`)) find('foreign-value', head, `${e} ${id}: ${f} = ${w} on the server was never written by any device nor part of the demo data`);
          continue;
        }
        for (const x of list)
          if (x.value !== w && mine.s.done < x.s.sent)
            find('stale-return', `${head}|${x.value}`, `${e} ${id}: ${f} went from ${w} (seen by tick ${mine.s.done}) to ${x.value} (seen from tick ${x.s.sent}) and back to ${w}: ${x.value} was overwritten by a stale value`);
      }
    }
  }

  // ---- (3) every same-field loser is kept for its author.
  // A row answered as a conflict, for a field the device changed (its new value differs from its assumed one, or it
  // assumed nothing), whose answered master has another value: that value lost (or the row was refused). It must be
  // kept for the device's user, as a conflict record (field and value) or inside a rejected change.
  let losers = 0;
  const loserKeys = new Set<string>();
  for (const a of attempts) {
    if (a.status !== 200 || !a.conflicts || !a.delivered) continue;
    const answers = new Map(a.conflicts.map((d) => [d.id, d as Record<string, unknown>]));
    const user = specs[a.device]!.userId;
    for (const row of a.rows) {
      const n = row.newDocumentState as Record<string, unknown>;
      const asm = row.assumedMasterState as Record<string, unknown> | null;
      const ans = answers.get(String(n.id));
      if (!ans) continue;
      // A deletion answered with a deletion (someone else deleted it too) got what it asked for: the fields it carried
      // are no claim on values of a record that is gone (push-plan.ts: both want it gone, nothing to keep).
      if (n._deleted === true && ans._deleted === true) continue;
      // With no assumed state the server merges against the empty record (push-plan.ts): a field the create left
      // empty is no claim on a value, so it cannot lose.
      const base = asm ?? (blankRecord(entityDef(a.entity), '', '') as Record<string, unknown>);
      for (const f of userKeysOf(a.entity)) {
        if (jsonEqual(v(base[f]), v(n[f]))) continue;
        if (jsonEqual(v(ans[f]), v(n[f]))) continue;
        const key = `${user}|${a.entity}|${String(n.id)}|${f}|${JSON.stringify(v(n[f]))}`;
        if (loserKeys.has(key)) continue;
        loserKeys.add(key);
        losers++;
        if (!kept(user, a.entity, String(n.id), f, n[f]))
          find('loser-not-kept', key, `${a.entity} ${String(n.id)}: ${tag(a.device)} (${user}) pushed ${f} = ${show(n[f])}${n._deleted === true && f !== '_deleted' ? ' (in a deletion)' : ''}, the server answered ${show(ans[f])}${ans._deleted === true && f !== '_deleted' ? ' (deleted)' : ''}, and no conflict or rejected change keeps ${show(n[f])} for ${user}`);
      }
    }
  }

  // ---- (2, last) nothing typed vanishes: every value a device wrote into a tracked field reached the server at some
  // point, or is kept for its user, or was replaced on the same device by that user's own later write of the field
  // (the device then only ever needed to send the newer value). An edit that met a newer deletion is no exception: it
  // must be kept for its author ('deleted'), as a deletion on an out-of-date copy must be ('delete'). A device's
  // deletion must end deleted on the server or be kept.
  let unchangedMoves = 0;
  let unchangedUnseen = 0;
  const laterOwn = (w: WriteOp, f: string): boolean => writes.some((x) => x.device === w.device && x.id === w.id && x.entity === w.entity && x.at > w.at && (f in x.values || x.kind === 'delete'));
  for (const w of writes) {
    const fin = server.all[w.entity]?.get(w.id) as Record<string, unknown> | undefined;
    const user = specs[w.device]!.userId;
    if (w.kind === 'delete') {
      if (fin?._deleted === true || kept(user, w.entity, w.id, '_deleted', true)) continue;
      find('write-vanished', `${w.entity}|${w.id}|delete|${w.device}`, `${w.entity} ${w.id}: deleted by ${tag(w.device)} (op ${w.op}), but the server has it and keeps no rejected change`);
      continue;
    }
    if (w.kind === 'move') {
      // Territories are not unique values: a move is accounted for when a later push of the record from the same
      // device carried that territory (what became of it then is for the checks above; if the device had moved it
      // away and back before sending, that push simply has nothing to move), or the server had that territory as
      // far as the device knew when it saved, or told the device so afterwards (the device's state then equals the
      // master, so it has nothing to send), or it stands, is kept, or the same device changed the territory again.
      const t = w.values.territoryId;
      const carried = attempts.some((a) => a.device === w.device && a.entity === w.entity && a.sentAt > w.at && a.rows.some((r) => r.newDocumentState.id === w.id && r.newDocumentState.territoryId === t));
      if (w.unchanged && w.knownTerritory !== t) unchangedUnseen++;
      const toldLater = (territorySeen.get(w.device)?.get(`${w.entity}|${w.id}|${String(t)}`) ?? []).some((at) => at > w.at);
      if (carried || toldLater || w.knownTerritory === t || fin?.territoryId === t || kept(user, w.entity, w.id, 'territoryId', t) || laterOwn(w, 'territoryId')) continue;
      // The save wrote nothing: the record on the device was already in that territory when the repository read it
      // (a pull or a settled conflict put it there after the operation picked it). The territory the harness last
      // saw in an answer may be older than what the device applied (a pull answered late, after a push's conflict
      // answer), so `knownTerritory` cannot tell this case; the repository can (`unchanged`).
      if (w.unchanged) {
        unchangedMoves++;
        continue;
      }
      find('write-vanished', `${w.entity}|${w.id}|move|${w.op}|${w.device}`, `${w.entity} ${w.id}: ${tag(w.device)} moved it to ${String(t)} (op ${w.op}); no push ever carried the move and it is kept nowhere`);
      continue;
    }
    for (const f of TRACKED_FIELDS[w.entity] ?? []) {
      if (!(f in w.values)) continue;
      const x = w.values[f];
      if (seen.has(seenKey(w.entity, w.id, f, x)) || (fin && jsonEqual(v(fin[f]), v(x))) || kept(user, w.entity, w.id, f, x) || laterOwn(w, f)) continue;
      find('write-vanished', `${w.entity}|${w.id}|${f}|${show(x)}`, `${w.entity} ${w.id}: ${tag(w.device)} wrote ${f} = ${show(x)} (op ${w.op}, ${w.kind}); it never reached the server and is kept nowhere`);
    }
  }

  // ---- (1) every device equals the server for its scope; (4) no device holds a record outside its scope.
  let diverged = 0;
  let leaked = 0;
  for (const d of dumps) {
    const spec = specs[d.device]!;
    const r = rights.get(spec.userId) ?? {};
    const theirs = server.perDevice[d.device] ?? {};
    for (const e of REPLICATED) {
      const mine = new Map((d.docs[e] ?? []).map((x) => [x.id, x as Record<string, unknown>]));
      const srv = theirs[e] ?? new Map<string, WireDoc>();
      const ids = new Set([...mine.keys(), ...srv.keys()]);
      for (const id of ids) {
        const a = mine.get(id);
        const b = srv.get(id) as Record<string, unknown> | undefined;
        let why = '';
        if (!a) why = `missing on the device (server: territory ${String(b?.territoryId)})`;
        else if (!b) why = `on the device (territory ${String(a.territoryId)}) but not on the server for this user`;
        else {
          const diff = userKeysOf(e).filter((f) => f !== '_deleted' && !jsonEqual(v(a[f]), v(b[f])));
          if (diff.length) why = diff.map((f) => `${f} device ${show(a[f])} server ${show(b[f])}`).join('; ');
        }
        if (why) {
          diverged++;
          find('diverged', `${d.device}|${e}|${id}`, `device ${spec.tag} (${spec.userId}) ${e} ${id}: ${why}`);
        }
        if (a) {
          const def = entityDef(e);
          const out = def.scope === 'owner' ? a.ownerId !== spec.userId : !can(r, 'view', e, String(a.territoryId));
          if (out) {
            leaked++;
            find('leaked', `${d.device}|${e}|${id}`, `device ${spec.tag} (${spec.userId}) holds ${e} ${id} of ${def.scope === 'owner' ? `owner ${String(a.ownerId)}` : `territory ${String(a.territoryId)}`}, outside its scope`);
          }
        }
      }
    }
  }

  let conflictsKept = 0;
  let rejectedKept = 0;
  let editsOnDeleted = 0;
  for (const list of server.conflicts.values())
    for (const c of list) {
      if (c.kind === 'conflict') conflictsKept++;
      else if (c.kind === 'deleted') editsOnDeleted++;
      else rejectedKept++;
    }
  const lostKinds = new Set<Finding['kind']>(['lost-ack', 'stale-return', 'foreign-value', 'loser-not-kept', 'write-vanished']);
  return {
    writes: writes.length,
    acked,
    lost: findings.filter((f) => lostKinds.has(f.kind)).length,
    diverged,
    leaked,
    conflictsKept,
    rejectedKept,
    losers,
    editsOnDeleted,
    unchangedMoves,
    unchangedUnseen,
    stuckPending: dumps.filter((d) => d.pending > 0).length,
    findings,
  };
}

/** What happened to one record, in tick order: the writes made on devices and every push attempt carrying it. */
export function timeline(specs: readonly DeviceSpec[], dumps: readonly DeviceDump[], entity: string, id: string, server: ServerState): string[] {
  const tag = (d: number): string => specs[d]?.tag ?? String(d);
  const ev: { at: number; text: string }[] = [];
  for (const d of dumps) {
    for (const w of d.writes)
      if (w.entity === entity && w.id === id)
        ev.push({ at: w.at, text: `${tag(w.device)} op ${w.op} ${w.kind} ${JSON.stringify(w.values)}${w.readAt !== undefined ? ` (saved whole, as read at ${w.readAt})` : ''}${w.knownTerritory !== undefined ? ` (server last seen in ${w.knownTerritory})` : ''}${w.unchanged ? ' (nothing to write: the device had these values)' : ''}` });
    for (const a of d.attempts) {
      if (a.entity !== entity) continue;
      const row = a.rows.find((r) => r.newDocumentState.id === id);
      if (!row) continue;
      const fields = [...(TRACKED_FIELDS[entity as EntityName] ?? []), 'territoryId', '_deleted'];
      const pick = (doc: Record<string, unknown> | null | undefined): string => (doc ? JSON.stringify(Object.fromEntries(fields.map((f) => [f, doc[f]]))) : 'null');
      const ans = a.conflicts?.find((c) => c.id === id) as Record<string, unknown> | undefined;
      const fate = a.doneAt === null ? 'no answer' : `${a.status} at ${a.doneAt}${a.delivered ? '' : ' (not delivered)'}${a.status === 200 ? (ans ? ` conflict ${pick(ans)}` : ' applied') : ''}`;
      ev.push({ at: a.sentAt, text: `${tag(a.device)} push [${a.fault}] assumed ${pick(row.assumedMasterState as Record<string, unknown> | null)} new ${pick(row.newDocumentState as Record<string, unknown>)} -> ${fate}` });
    }
    for (const p of d.pulls ?? []) {
      if (p.entity !== entity) continue;
      const doc = p.docs.find((x) => x.id === id) as Record<string, unknown> | undefined;
      if (!doc) continue;
      const fields = [...(TRACKED_FIELDS[entity as EntityName] ?? []), 'territoryId', '_deleted'];
      ev.push({ at: p.doneAt, text: `${tag(p.device)} pulled (seq ${p.since} -> ${p.next}, sent at ${p.sentAt}) ${JSON.stringify(Object.fromEntries(fields.map((f) => [f, doc[f]])))}` });
    }
  }
  ev.sort((a, b) => a.at - b.at);
  const fin = server.all[entity]?.get(id);
  return [...ev.map((e) => `@${e.at} ${e.text}`), `final on the server: ${fin ? JSON.stringify(fin) : 'none'}`];
}
