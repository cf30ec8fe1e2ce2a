// Compiles the SQL Server store's sync-critical statements to T-SQL without a server and checks the text; also the tables and migration.
import { and, getTableColumns } from 'drizzle-orm';
import { MsSqlDialect } from 'drizzle-orm/mssql-core';
import mssql from 'mssql';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, REPLICATED, type EntityName } from '../../shared/entities/index.ts';
import { columnPlan, fromRow, toRow } from '../../sync-server/db/columns.ts';
import { inList, notInList, scopeFilter } from '../../sync-server/db/common/scope.ts';
import { tombstone } from '../../sync-server/db/push-plan.ts';
import { CAP_SQL, rowsPerInsert } from '../../sync-server/db/mssql/dialect.ts';
import { calendarFeeds, entityTables, profileRights, scopeMoves, users } from '../../sync-server/db/mssql/schema.ts';
import { mssqlConfig } from '../../sync-server/db/mssql/url.ts';
import type { PullScope } from '../../sync-server/db/store.ts';
import { EU, fullRights, makeDoc, pushCtx } from '../helpers/docs.ts';
import { fakePool, statements, tables, type Logged } from '../helpers/fake-mssql.ts';

const rvAsBinary = (n: number) => `cast(cast(@par${n} as bigint) as binary(8))`;
const EU_NA: PullScope = { kind: 'territory', territories: ['t-eu', 't-na'] };
const NOWHERE: PullScope = { kind: 'territory', territories: [] };

test('the pull cap is MIN_ACTIVE_ROWVERSION(), read as a number', () => {
  const q = new MsSqlDialect().sqlToQuery(CAP_SQL);
  assert.is(q.sql, 'select cast(MIN_ACTIVE_ROWVERSION() as bigint) as [cap]');
  assert.equal(q.params, []);
});

/** The statements of one pull with the given cap and nothing found: cap, page, (moves, moves left,) records left. */
async function pullLog(entity: EntityName, since: number, cap: number, limit: number, scope: PullScope) {
  const { log, store } = fakePool((q) => (q.includes('MIN_ACTIVE_ROWVERSION()') ? [{ cap: String(cap) }] : q.startsWith('select count(*)') ? [[0]] : []));
  await store.pull(entity, since, limit, scope);
  return statements(log);
}

test('pull page: rv above the checkpoint and below the cap, in the scope, oldest first, top(limit) (exact text for note)', async () => {
  const q = (await pullLog('note', 41, 97, 500, EU))[1]!;
  assert.is(
    q.sql,
    'select top(@par0) [id], [territory_id], [updated_at], [updated_by], [deleted], [parent_type], [parent_id], [text], [custom_values], cast([rv] as bigint) ' +
      'from [note] ' +
      'where (([note].[rv] > cast(cast(@par1 as bigint) as binary(8))) and ([note].[rv] < cast(cast(@par2 as bigint) as binary(8))) and ([note].[territory_id] in (@par3))) ' +
      'order by [note].[rv] asc',
  );
  assert.equal(q.params, [500, 41, 97, 't-eu']);
});

test('pull page: the same shape for every replicated entity', async () => {
  for (const e of REPLICATED) {
    const q = (await pullLog(e, 0, 10, 3, EU_NA))[1]!;
    assert.ok(q.sql.startsWith('select top(@par0) '), e);
    assert.ok(q.sql.includes(`[${e}].[rv] > ${rvAsBinary(1)}`), e);
    assert.ok(q.sql.includes(`[${e}].[rv] < ${rvAsBinary(2)}`), e);
    assert.ok(q.sql.includes(`([${e}].[territory_id] in (@par3, @par4))`), e);
    assert.ok(q.sql.endsWith(`order by [${e}].[rv] asc`), e);
    // The column is never cast in the filter (that would cost the rv index): only the parameters are.
    assert.not.match(q.sql, /where[^]*cast\(\[/);
    assert.equal(q.params, [3, 0, 10, 't-eu', 't-na'], e);
  }
});

test('scoped pull page: a territory list is an IN list (exact text for company)', async () => {
  const q = (await pullLog('company', 41, 97, 500, EU_NA))[1]!;
  assert.is(
    q.sql,
    'select top(@par0) [id], [territory_id], [updated_at], [updated_by], [deleted], [name], [type], [status], [industry], [website], [emails], [phones], [addresses], [custom_values], cast([rv] as bigint) ' +
      'from [company] ' +
      'where (([company].[rv] > cast(cast(@par1 as bigint) as binary(8))) and ([company].[rv] < cast(cast(@par2 as bigint) as binary(8))) ' +
      'and ([company].[territory_id] in (@par3, @par4))) ' +
      'order by [company].[rv] asc',
  );
  assert.equal(q.params, [500, 41, 97, 't-eu', 't-na']);
});

test('scoped pull page: per-user records by owner_id, not territory (exact text for conflict)', async () => {
  const q = (await pullLog('conflict', 41, 97, 500, { kind: 'owner', ownerId: 'u-a' }))[1]!;
  assert.is(
    q.sql,
    'select top(@par0) [id], [territory_id], [updated_at], [updated_by], [deleted], [kind], [status], [owner_id], [entity], [record_id], [record_title], ' +
      '[field], [mine], [theirs], [winner_by], [happened_at], [reason], [issues], cast([rv] as bigint) ' +
      'from [conflict] ' +
      'where (([conflict].[rv] > cast(cast(@par1 as bigint) as binary(8))) and ([conflict].[rv] < cast(cast(@par2 as bigint) as binary(8))) ' +
      'and ([conflict].[owner_id] = @par3)) ' +
      'order by [conflict].[rv] asc',
  );
  assert.equal(q.params, [500, 41, 97, 'u-a']);
  const rest = (await pullLog('conflict', 7, 9, 500, { kind: 'owner', ownerId: 'u-a' }))[2]!;
  assert.is(rest.sql, `select count(*) from [conflict] where (([conflict].[rv] > ${rvAsBinary(0)}) and ([conflict].[rv] < ${rvAsBinary(1)}) and ([conflict].[owner_id] = @par2))`);
});

test('an empty territory list compiles to 1 = 0 (never `in ()`, which T-SQL refuses), and NOT IN of it to 1 = 1', () => {
  const dialect = new MsSqlDialect();
  const page = dialect.sqlToQuery(scopeFilter(entityTables.company, NOWHERE));
  assert.is(page.sql, '1 = 0');
  const moves = dialect.sqlToQuery(and(inList(scopeMoves.fromTerritory, []), notInList(scopeMoves.toTerritory, []))!);
  assert.ok(moves.sql.includes('(1 = 0) and (1 = 1)'), moves.sql);
  for (const q of [page, moves]) {
    assert.not.match(q.sql, /in \(\s*\)/);
    assert.not.match(q.sql, /\b(true|false)\b/);
  }
});

test('remaining count: after the new checkpoint, under the same cap, in the scope', async () => {
  const q = (await pullLog('company', 7, 9, 500, EU))[4]!;
  assert.is(q.sql, `select count(*) from [company] where (([company].[rv] > ${rvAsBinary(0)}) and ([company].[rv] < ${rvAsBinary(1)}) and ([company].[territory_id] in (@par2)))`);
  assert.equal(q.params, [7, 9, 't-eu']);
});

test('scope_moves: moves of the entity from a territory in the list to one not in it, after since and below the cap, by seq', async () => {
  const q = (await pullLog('company', 41, 97, 500, EU_NA))[2]!;
  assert.is(
    q.sql,
    'select top(@par0) [seq], [record_id], [from_territory] from [scope_moves] ' +
      'where (([scope_moves].[entity] = @par1) and ([scope_moves].[seq] > @par2) and ([scope_moves].[seq] < @par3) ' +
      'and ([scope_moves].[from_territory] in (@par4, @par5)) and ([scope_moves].[to_territory] not in (@par6, @par7))) ' +
      'order by [scope_moves].[seq] asc',
  );
  assert.equal(q.params, [500, 'company', 41, 97, 't-eu', 't-na', 't-eu', 't-na']);
  const rest = (await pullLog('company', 60, 97, 500, EU))[3]!;
  assert.is(
    rest.sql,
    'select count(*) from [scope_moves] where (([scope_moves].[entity] = @par0) and ([scope_moves].[seq] > @par1) and ([scope_moves].[seq] < @par2) ' +
      'and ([scope_moves].[from_territory] in (@par3)) and ([scope_moves].[to_territory] not in (@par4)))',
  );
  assert.equal(rest.params, ['company', 60, 97, 't-eu', 't-eu']);
});

test('custom records kept on devices: per custom entity, its key and its territories, in the page and in the moves (0057)', async () => {
  const keyed: PullScope = { kind: 'keyed', byKey: [{ key: 'x_site', territories: ['t-eu'] }, { key: 'x_none', territories: [] }, { key: 'x_depot', territories: ['t-eu', 't-na'] }] };
  const log = await pullLog('customRecord', 5, 97, 500, keyed);
  const page = log[1]!;
  // Drizzle brackets every and/or; without the brackets (AND binds tighter than OR) the terms read in order.
  const flat = (q: string): string => q.replace(/[()]/g, '');
  assert.ok(
    flat(page.sql).includes('[customRecord].[entity_key] = @par3 and [customRecord].[territory_id] in @par4 or [customRecord].[entity_key] = @par5 and [customRecord].[territory_id] in @par6, @par7 order by'),
    page.sql,
  );
  assert.equal(page.params.slice(3), ['x_site', 't-eu', 'x_depot', 't-eu', 't-na']);
  assert.not.ok(page.params.includes('x_none'), 'a key with no territory is left out');
  const moves = log[2]!;
  assert.ok(
    flat(moves.sql).includes(
      '[scope_moves].[entity] = @par3 and [scope_moves].[from_territory] in @par4 and [scope_moves].[to_territory] not in @par5 or [scope_moves].[entity] = @par6 and [scope_moves].[from_territory] in @par7, @par8 and [scope_moves].[to_territory] not in @par9, @par10 order by',
    ),
    moves.sql,
  );
  assert.equal(moves.params.slice(3), ['x_site', 't-eu', 't-eu', 'x_depot', 't-eu', 't-na', 't-eu', 't-na']);
  // No key with a territory: nothing to ask the database.
  assert.equal(await pullLog('customRecord', 5, 97, 500, { kind: 'keyed', byKey: [{ key: 'x_site', territories: [] }] }), []);
});

test('each entity table has exactly the planned columns plus rv, a rowversion', () => {
  for (const e of REPLICATED) {
    const cols = getTableColumns(entityTables[e]);
    const plan = columnPlan(entityDef(e));
    assert.equal(Object.keys(cols), [...plan.map((c) => c.key), 'rv'], e);
    assert.equal(Object.values(cols).map((c) => c.name), [...plan.map((c) => c.column), 'rv'], e);
    assert.is(cols.rv?.getSQLType(), 'rowversion', e);
    for (const c of plan) if (c.kind === 'json') assert.is(cols[c.key]?.getSQLType(), 'nvarchar(max)', `${e}.${c.key}`);
  }
});

test('profile rights are bit columns; users carry a profile id', () => {
  const cols = getTableColumns(profileRights);
  assert.equal(
    Object.values(cols).map((c) => [c.name, c.getSQLType()]),
    [
      ['profile_id', 'nvarchar(40)'],
      ['entity', 'nvarchar(30)'],
      ['territory_id', 'nvarchar(40)'],
      ['can_view', 'bit'],
      ['can_insert', 'bit'],
      ['can_edit', 'bit'],
      ['can_delete', 'bit'],
    ],
  );
  assert.is(getTableColumns(users).profileId?.name, 'profile_id');
});

test('the generated migration creates every table, each entity with a rowversion rv and its index', () => {
  const dir = join('sync-server', 'db', 'mssql', 'migrations');
  const text = readdirSync(dir)
    .sort()
    .map((m) => readFileSync(join(dir, m, 'migration.sql'), 'utf8'))
    .join('\n');
  for (const t of ['users', 'sessions', 'territories', 'scope_moves', 'profiles', 'profile_rights']) assert.ok(text.includes(`CREATE TABLE [${t}] (`), t);
  for (const e of REPLICATED) {
    const block = new RegExp(`CREATE TABLE \\[${e}\\] \\(([^;]*?)\\n\\);`).exec(text)?.[1];
    assert.ok(block, `no CREATE TABLE [${e}]`);
    assert.ok(block.includes('[rv] rowversion NOT NULL'), e);
    // A column comes from the table's CREATE or from a later ALTER TABLE … ADD (migrations run in order).
    for (const c of columnPlan(entityDef(e))) assert.ok(block.includes(`[${c.column}] `) || text.includes(`ALTER TABLE [${e}] ADD [${c.column}] `), `${e}.${c.column}`);
    assert.ok(text.includes(`CREATE UNIQUE INDEX [${e}_rv_uq] ON [${e}] ([rv]);`), e);
    assert.ok(text.includes(`CREATE INDEX [${e}_territory_seq_ix] ON [${e}] ([territory_id],[rv]);`), e);
  }
  assert.ok(text.includes('CREATE INDEX [conflict_owner_id_ix] ON [conflict] ([owner_id]);'));
  const moves = /CREATE TABLE \[scope_moves\] \(([^;]*?)\n\);/.exec(text)?.[1] ?? '';
  assert.ok(moves.includes('[seq] bigint,') && moves.includes('PRIMARY KEY([seq])'), moves);
  assert.ok(text.includes('CREATE INDEX [scope_moves_entity_seq_ix] ON [scope_moves] ([entity],[seq]);'));
  assert.ok(text.includes('CREATE UNIQUE INDEX [profile_rights_uq] ON [profile_rights] ([profile_id],[entity],[territory_id]);'));
  for (const b of ['can_view', 'can_insert', 'can_edit', 'can_delete']) assert.ok(text.includes(`[${b}] bit NOT NULL`), b);
  assert.ok(text.includes(`[profile_id] nvarchar(40) NOT NULL CONSTRAINT [users_profile_id_default] DEFAULT ('')`));
});

test('connection URLs: mssql:// and sqlserver:// become an mssql config', () => {
  const a = mssqlConfig('mssql://crm:p%40ss@db.example:1544/fieldcrm?trustServerCertificate=true');
  assert.equal(
    { server: a.server, port: a.port, user: a.user, password: a.password, database: a.database, encrypt: a.options?.encrypt, trust: a.options?.trustServerCertificate },
    { server: 'db.example', port: 1544, user: 'crm', password: 'p@ss', database: 'fieldcrm', encrypt: true, trust: true },
  );
  const b = mssqlConfig('sqlserver://sa:x@localhost/crm');
  assert.is(b.port, 1433);
  assert.is(b.options?.trustServerCertificate, false);
  const named = mssqlConfig('sqlserver://sa:x@host/crm?instanceName=SQLEXPRESS');
  assert.is(named.port, undefined);
  assert.is(named.options?.instanceName, 'SQLEXPRESS');
  assert.throws(() => mssqlConfig('mssql://sa:x@host/crm?encrypt=maybe'), /true or false/);
  assert.throws(() => mssqlConfig('mssql://sa:x@host/crm?trustservercertificate=true'), /unknown parameter/);
  assert.throws(() => mssqlConfig('mssql://sa:x@host'), /one database/);
  assert.throws(() => mssqlConfig('postgres://sa:x@host/crm'), /unsupported scheme/);
});

const steps = (log: Logged[]) => log.map((l) => ('event' in l ? `${l.event}${l.isolation === undefined ? '' : ` ${String(l.isolation)}`}` : `${l.on}: ${l.sql.split(' ').slice(0, 2).join(' ')}`));
const paramsOf = (l: Logged | undefined) => (l && 'params' in l ? l.params : null);
/** One record as tedious gives it in array mode (bigint as text), optionally followed by its seq. */
const cells = (entity: Parameters<typeof makeDoc>[0], doc: ReturnType<typeof makeDoc>, seq?: string) => {
  const plan = columnPlan(entityDef(entity));
  const row = toRow(plan, doc);
  return [...plan.map((c) => row[c.key]), ...(seq === undefined ? [] : [seq])];
};

test('store.pull: reads the cap on its own, before the snapshot transaction, then page, moves and counts inside it', async () => {
  const n1 = makeDoc('note', { id: 'n1', text: 'hello' });
  const n2 = makeDoc('note', { id: 'n2', text: 'later' });
  const { log, store } = fakePool((q) =>
    q.includes('MIN_ACTIVE_ROWVERSION()')
      ? [{ cap: '100' }]
      : q.startsWith('select top(@par0) [id]')
        ? [cells('note', n1, '42'), cells('note', n2, '45')]
        : q.startsWith('select top(@par0) [seq]')
          ? [['43', 'gone', 't-eu']]
          : q.includes('from [scope_moves]')
            ? [[1]]
            : [[2]],
  );
  const page = await store.pull('note', 7, 2, EU);
  assert.equal(steps(log), [
    'pool: select cast(MIN_ACTIVE_ROWVERSION()',
    `begin ${mssql.ISOLATION_LEVEL.SNAPSHOT}`,
    'tx: select top(@par0)',
    'tx: select top(@par0)',
    'tx: select count(*)',
    'tx: select count(*)',
    'commit',
  ]);
  assert.equal(tables(log).slice(2, 6), ['select [note]', 'select [scope_moves]', 'select [scope_moves]', 'select [note]']);
  assert.equal(paramsOf(log[2]), [2, 7, 100, 't-eu']); // limit, since, cap, scope
  assert.equal(paramsOf(log[3]), [2, 'note', 7, 100, 't-eu', 't-eu']);
  // Merged in sequence order and cut to the limit: 42, the move at 43; 45 waits for the next page.
  assert.equal(page.documents, [n1, tombstone('note', 'gone', 't-eu')]);
  assert.equal(page.seqs, [42, 43]);
  assert.is(page.lastSeq, 43);
  assert.equal(paramsOf(log[4]), ['note', 43, 100, 't-eu', 't-eu']); // moves after the page
  assert.equal(paramsOf(log[5]), [43, 100, 't-eu']); // records after the page
  assert.is(page.remaining, 3);
});

test('store.pull by owner: no moves (per-user records never change scope), owner_id in page and count', async () => {
  const k = makeDoc('conflict', { id: 'k1', ownerId: 'u-a' });
  const { log, store } = fakePool((q) => (q.includes('MIN_ACTIVE_ROWVERSION()') ? [{ cap: '100' }] : q.startsWith('select top') ? [cells('conflict', k, '9')] : [[0]]));
  const page = await store.pull('conflict', 0, 10, { kind: 'owner', ownerId: 'u-a' });
  assert.equal(tables(log).slice(1), ['begin', 'select [conflict]', 'select [conflict]', 'commit']);
  assert.equal(paramsOf(log[2]), [10, 0, 100, 'u-a']);
  assert.equal(page, { documents: [k], seqs: [9], lastSeq: 9, remaining: 0 });
});

test('store.pull with no territory: nothing, and not a single statement', async () => {
  const { log, store } = fakePool(() => {
    throw new Error('no statement expected');
  });
  assert.equal(await store.pull('company', 12, 10, NOWHERE), { documents: [], seqs: [], lastSeq: 12, remaining: 0 });
  assert.equal(log, []);
});

test('store.push: locks masters, updates the existing one, inserts the new one, lastSeq = largest OUTPUT rv', async () => {
  const plan = columnPlan(entityDef('note'));
  const row = toRow(plan, makeDoc('note', { id: 'n1', text: 'old' }));
  const master = fromRow(plan, row);
  const { log, store } = fakePool((q) =>
    q.includes('with (updlock, holdlock)') ? [plan.map((c) => row[c.key])] : q.startsWith('update') ? [['50']] : q.startsWith('insert') ? [['51']] : [],
  );
  const out = await store.push(
    'note',
    [
      { assumedMasterState: master, newDocumentState: { ...master, text: 'new' } },
      { assumedMasterState: null, newDocumentState: makeDoc('note', { id: 'n2' }) },
    ],
    pushCtx(),
  );
  // The second read is the notes' parent (company c1): a new reference must name a record the pusher may view.
  assert.equal(steps(log), [`begin ${mssql.ISOLATION_LEVEL.READ_COMMITTED}`, 'tx: select [note].[id],', 'tx: select [id],', 'tx: select [key],', 'tx: update [note]', 'tx: insert into', 'commit']);
  assert.equal(out, { conflicts: [], lastSeq: 51, refusals: [], touched: ['note'] });
});

test('store.push, strict: a refused row rolls back after the lock read, before any write', async () => {
  const { log, store } = fakePool(() => []);
  const rows = [
    { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'ok1' }) },
    { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'na1', territoryId: 't-na' }) },
  ];
  let status: unknown;
  try {
    await store.push('company', rows, pushCtx());
  } catch (err) {
    status = (err as { status?: number }).status;
  }
  assert.is(status, 403);
  // The setting read is duplicate e-mail detection (off here): it decides the plan, so it comes before it.
  assert.equal(tables(log), ['begin', 'select [company] with (updlock, holdlock)', 'select [setting]', 'select [server_settings]', 'rollback']);
  assert.equal(paramsOf(log[1]), ['ok1', 'na1']);
});

test('store.push, a move: masters locked first, related records of the old territory follow (locked), each move logged at its rv', async () => {
  const company = makeDoc('company', { id: 'c1' });
  const person = makeDoc('person', { id: 'p1', companyId: 'c1' });
  const { log, store } = fakePool((q) =>
    q.includes('from [company] with (updlock, holdlock)')
      ? [cells('company', company)]
      : q.includes('from [person] with (updlock)')
        ? [cells('person', person)]
        : q.startsWith('update [company]')
          ? [['60']]
          : q.startsWith('update [person]')
            ? [['61']]
            : [],
  );
  const ctx = pushCtx('u', { rights: fullRights(['t-eu', 't-na']) });
  const out = await store.push('company', [{ assumedMasterState: company, newDocumentState: { ...company, territoryId: 't-na' } }], ctx);
  assert.equal(tables(log), [
    'begin',
    'select [company] with (updlock, holdlock)',
    'select [setting]', 'select [server_settings]',
    'update [company]',
    'select [email_claims]', // the record's e-mail claims, kept with it
    // company → persons, communications, notes, opportunities, quotes, orders of t-eu; then the moved person → its communications, notes
    'select [person] with (updlock)',
    'update [person]',
    'select [communication] with (updlock)',
    'select [note] with (updlock)',
    'select [opportunity] with (updlock)',
    'select [quote] with (updlock)',
    'select [order] with (updlock)',
    'select [communication] with (updlock)',
    'select [note] with (updlock)',
    'insert [scope_moves]',
    'commit',
  ]);
  assert.equal(paramsOf(log[6]), ['c1', 't-eu', false]);
  assert.equal(paramsOf(log[13]), ['p1', 't-eu', false]);
  assert.equal(paramsOf(log[15]), [60, 'company', 'c1', 't-eu', 't-na', 61, 'person', 'p1', 't-eu', 't-na']);
  assert.equal(out.touched, ['company', 'person']);
  assert.is(out.lastSeq, 61);
  assert.equal(out.conflicts, []);
});

test('store.push, lenient: a refused row is kept once as a conflict record (existing ids skipped), the rest applies', async () => {
  const rows = [
    { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'ok1' }) },
    { assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'na1', territoryId: 't-na', name: 'Mine' }) },
  ];
  const run = async (kept: boolean) => {
    const { log, store } = fakePool((q, params) =>
      q.includes('from [conflict] with (updlock, holdlock)') && kept
        ? [cells('conflict', makeDoc('conflict', { id: String(params[0]) }))]
        : q.startsWith('insert into [company]')
          ? [['70']]
          : q.startsWith('insert into [conflict]')
            ? [['71']]
            : [],
    );
    return { log, out: await store.push('company', rows, pushCtx('u-a', { lenient: true })) };
  };
  const first = await run(false);
  assert.equal(tables(first.log), ['begin', 'select [company] with (updlock, holdlock)', 'select [setting]', 'select [server_settings]', 'insert [company]', 'select [email_claims]', 'select [conflict] with (updlock, holdlock)', 'insert [conflict]', 'commit']);
  assert.equal(first.out.refusals.map((r) => [r.id, r.code]), [['na1', 'FC-AUTH-003']]);
  assert.equal(first.out.conflicts.map((d) => [d.id, d._deleted]), [['na1', true]]);
  assert.equal(first.out.touched, ['company', 'conflict']);
  assert.is(first.out.lastSeq, 71);
  const again = await run(true);
  assert.equal(tables(again.log), ['begin', 'select [company] with (updlock, holdlock)', 'select [setting]', 'select [server_settings]', 'insert [company]', 'select [email_claims]', 'select [conflict] with (updlock, holdlock)', 'commit']);
  assert.equal(again.out.touched, ['company']);
});

/** The statements of a push moving company c1 from t-eu to t-na, its update answering `rv`. */
async function moveLog(rv: string) {
  const company = makeDoc('company', { id: 'c1' });
  const { log, store } = fakePool((q) => (q.includes('from [company] with (updlock, holdlock)') ? [cells('company', company)] : q.startsWith('update [company]') ? [[rv]] : []));
  await store.push('company', [{ assumedMasterState: company, newDocumentState: { ...company, territoryId: 't-na' } }], pushCtx('u', { rights: fullRights(['t-eu', 't-na']) }));
  return statements(log);
}

test('a move is logged at the rv of its write, as a bigint', async () => {
  const q = (await moveLog(String(2 ** 40))).find((l) => l.sql.startsWith('insert into [scope_moves]'))!;
  assert.is(q.sql, 'insert into [scope_moves] ([seq], [entity], [record_id], [from_territory], [to_territory]) values (@par0, @par1, @par2, @par3, @par4)');
  assert.equal(q.params, [2 ** 40, 'company', 'c1', 't-eu', 't-na']);
  assert.is(scopeMoves.seq.getSQLType(), 'bigint');
});

test('related records that follow a move are read WITH (UPDLOCK): live ones, of the old territory, pointing at the parent', async () => {
  const q = (await moveLog('60')).find((l) => l.sql.includes('from [person] with (updlock)'))!;
  assert.match(q.sql, /^select \[person\]\.\[id\], /);
  assert.ok(q.sql.endsWith(' from [person] with (updlock) where (([person].[company_id] = @par0) and ([person].[territory_id] = @par1) and ([person].[deleted] = @par2))'), q.sql);
  assert.equal(q.params, ['c1', 't-eu', false]);
});

test('push reads its masters WITH (UPDLOCK, HOLDLOCK)', async () => {
  const q = (await moveLog('60'))[0]!;
  assert.match(q.sql, /^select \[company\]\.\[id\], /);
  assert.ok(q.sql.includes(' from [company] with (updlock, holdlock) where [company].[id] in (@par0)'), q.sql);
  assert.not.ok(q.sql.includes('[rv]'), 'the lock read does not need rv');
  assert.equal(q.params, ['c1']);
});

test('insert leaves rv to the engine and reads the new one back with OUTPUT', async () => {
  const plan = columnPlan(entityDef('note'));
  const { log, store } = fakePool((q) => (q.startsWith('insert') ? [['1'], ['2']] : []));
  await store.push('note', [makeDoc('note', { id: 'n1' }), makeDoc('note', { id: 'n2' })].map((d) => ({ assumedMasterState: null, newDocumentState: d })), pushCtx());
  const q = statements(log).find((l) => l.sql.startsWith('insert'))!;
  assert.is(
    q.sql,
    'insert into [note] ([id], [territory_id], [updated_at], [updated_by], [deleted], [parent_type], [parent_id], [text], [custom_values]) ' +
      'output cast(INSERTED.[rv] as bigint) ' +
      'values (@par0, @par1, @par2, @par3, @par4, @par5, @par6, @par7, @par8), (@par9, @par10, @par11, @par12, @par13, @par14, @par15, @par16, @par17)',
  );
  assert.is(q.params.length, 2 * plan.length);
});

test('update rewrites the record by id, never rv or id, and OUTPUTs the new rv', async () => {
  const plan = columnPlan(entityDef('company'));
  const company = makeDoc('company', { id: 'c1', name: 'Panoply' });
  const { log, store } = fakePool((q) => (q.includes('with (updlock, holdlock)') ? [cells('company', company)] : q.startsWith('update') ? [['5']] : []));
  await store.push('company', [{ assumedMasterState: company, newDocumentState: { ...company, name: 'Panoply Ltd' } }], pushCtx());
  const q = statements(log).find((l) => l.sql.startsWith('update'))!;
  assert.match(q.sql, /^update \[company\] set \[territory_id\] = @par0, /);
  assert.ok(q.sql.includes(' output cast(INSERTED.[rv] as bigint) where [company].[id] = @par'), q.sql);
  assert.not.ok(/\[rv\] =|\[id\] = @par\d+,/.test(q.sql), q.sql);
  assert.is(q.params.length, plan.length); // every column but id in SET, plus id in WHERE
  assert.is(q.params[q.params.length - 1], 'c1');
});

test('a chunked insert stays under 2100 parameters and 1000 rows', async () => {
  for (const e of REPLICATED) {
    const plan = columnPlan(entityDef(e));
    const n = rowsPerInsert(plan.length);
    assert.ok(n >= 1 && n <= 1000, e);
    const { log, store } = fakePool();
    await store.insertMany(e, Array.from({ length: n + 1 }, (_, i) => makeDoc(e, { id: `x${i}` })));
    const inserts = statements(log).filter((q) => q.sql.startsWith(`insert into [${e}]`));
    assert.is(inserts.length, 2, e);
    for (const q of inserts) assert.ok(q.params.length <= 2100, `${e}: ${q.params.length} parameters`);
  }
});

test('accounts: sessions of a user counted from rowsAffected; rights replaced in one transaction; an empty update runs nothing', async () => {
  const { log, store } = fakePool(() => [], (q) => (q.startsWith('delete from [sessions]') ? 2 : 0));
  assert.is(await store.deleteSessionsOfUser('u1'), 2);
  await store.updateUser('u1', {});
  await store.updateUser('u1', { profileId: 'p2', displayName: undefined });
  const r = { entity: 'company', territoryId: 't-eu', view: true, insert: false, edit: true, delete: false };
  await store.setProfileRights('p1', [r]);
  assert.equal(tables(log), ['delete [sessions]', 'update [users]', 'begin', 'delete [profile_rights]', 'insert [profile_rights]', 'commit']);
  assert.equal(paramsOf(log[1]), ['p2', 'u1']);
  assert.equal(paramsOf(log[4]), ['p1', 'company', 't-eu', true, false, true, false]);
});

test('search: live rows in scope, any search field LIKE the escaped pattern, by title, top n', async () => {
  const { log, store } = fakePool();
  await store.search('company', '100%_x', EU, 20);
  const q = statements(log)[0]!;
  assert.match(q.sql, /^select top\(@par0\) /);
  assert.match(q.sql, /\[company\]\.\[deleted\] = @par\d/);
  assert.match(q.sql, /\[company\]\.\[territory_id\] in \(@par\d\)/);
  for (const c of ['name', 'addresses', 'emails']) assert.match(q.sql, new RegExp(`\\[${c}\\] like @par\\d+ escape '\\\\'`));
  assert.match(q.sql, /order by \[company\]\.\[name\] asc$/);
  assert.ok(q.params.includes('%100\\%\\_x%'), 'wildcards escaped');
});

test('calendar feed: live communications of the owner, in the scope, starts_at in [from, to), by starts_at, top n', async () => {
  const { log, store } = fakePool();
  await store.calendarItems('u-a', EU_NA, '2026-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z', 5000);
  const q = statements(log)[0]!;
  assert.match(q.sql, /^select top\(@par0\) \[id\], /);
  assert.ok(
    q.sql.endsWith(
      'from [communication] where (([communication].[deleted] = @par1) and ([communication].[owner_id] = @par2) ' +
        'and ([communication].[territory_id] in (@par3, @par4)) and ([communication].[starts_at] >= @par5) and ([communication].[starts_at] < @par6)) ' +
        'order by [communication].[starts_at] asc',
    ),
    q.sql,
  );
  assert.not.match(q.sql, /\[rv\]/, 'the feed never needs the rowversion');
  assert.equal(q.params, [5000, false, 'u-a', 't-eu', 't-na', '2026-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z']);
});

test('calendar feed links: locked read by user WITH (UPDLOCK, HOLDLOCK), delete by user, insert, find by hash', async () => {
  const { log, store } = fakePool();
  await store.createCalendarFeed('u-a', 'h1', '2026-11-29T00:00:00.000Z');
  await store.findCalendarFeed('h1');
  const [lock, del, ins, find] = statements(log);
  assert.is(lock!.sql, 'select [calendar_feeds].[token_hash] from [calendar_feeds] with (updlock, holdlock) where [calendar_feeds].[user_id] = @par0');
  assert.equal(lock!.params, ['u-a']);
  assert.is(del!.sql, 'delete from [calendar_feeds] where [calendar_feeds].[user_id] = @par0');
  assert.is(ins!.sql, 'insert into [calendar_feeds] ([token_hash], [user_id], [created_at]) values (@par0, @par1, @par2)');
  assert.equal(ins!.params, ['h1', 'u-a', '2026-11-29T00:00:00.000Z']);
  assert.is(find!.sql, 'select [user_id] from [calendar_feeds] where [calendar_feeds].[token_hash] = @par0');
  assert.equal(find!.params, ['h1']);
  assert.equal(
    Object.values(getTableColumns(calendarFeeds)).map((c) => [c.name, c.getSQLType(), c.notNull]),
    [
      ['token_hash', 'nvarchar(128)', true],
      ['user_id', 'nvarchar(40)', true],
      ['created_at', 'nvarchar(40)', true],
    ],
  );
});

test('the calendar_feeds migration is its own incremental step: the table, keyed by the hash, one link per user', () => {
  const dir = join('sync-server', 'db', 'mssql', 'migrations');
  const steps = readdirSync(dir).sort();
  const own = steps.filter((s) => s.endsWith('_calendar_feeds'));
  assert.is(own.length, 1);
  const text = readFileSync(join(dir, own[0]!, 'migration.sql'), 'utf8');
  const block = /CREATE TABLE \[calendar_feeds\] \(([^;]*?)\n\);/.exec(text)?.[1] ?? '';
  assert.ok(block.includes('[token_hash] nvarchar(128)') && block.includes('PRIMARY KEY([token_hash])'), block);
  assert.ok(block.includes('[user_id] nvarchar(40) NOT NULL') && block.includes('[created_at] nvarchar(40) NOT NULL'), block);
  assert.ok(text.includes('CREATE UNIQUE INDEX [calendar_feeds_user_uq] ON [calendar_feeds] ([user_id]);'));
  assert.not.match(text, /(DROP|ALTER) /, 'it touches no earlier table');
  assert.ok(steps.indexOf(own[0]!) > 0, 'after the earlier steps');
});

test('store.createCalendarFeed: in one transaction, lock the user\'s link, delete it, insert the new one', async () => {
  const { log, store } = fakePool(() => [], (q) => (q.startsWith('delete from [calendar_feeds]') ? 1 : 0));
  await store.createCalendarFeed('u-a', 'h2', '2026-11-29T00:00:00.000Z');
  assert.equal(tables(log), ['begin', 'select [calendar_feeds] with (updlock, holdlock)', 'delete [calendar_feeds]', 'insert [calendar_feeds]', 'commit']);
  assert.equal(paramsOf(log[3]), ['h2', 'u-a', '2026-11-29T00:00:00.000Z']);
  assert.is(await store.deleteCalendarFeed('u-a'), true);
  assert.equal(tables(log).slice(5), ['delete [calendar_feeds]']);
});

test('store.calendarItems with no territory: nothing, and not a single statement', async () => {
  const { log, store } = fakePool(() => {
    throw new Error('no statement expected');
  });
  assert.equal(await store.calendarItems('u-a', NOWHERE, 'a', 'b', 10), []);
  assert.equal(log, []);
});

test('store.push with a table rule: the rules read by key prefix in the transaction, its effects and audit entry written before commit', async () => {
  const rule = { id: 'r1', name: 'Notify', entity: 'company', events: ['insert'], condition: "name LIKE 'Pan%'", actions: [{ kind: 'notify', users: ['u-admin'], message: 'New {title}' }], enabled: true, updatedAt: '', updatedBy: 'u-admin' };
  const { log, store } = fakePool((q) => (q.startsWith('select [key], [value] from [server_settings]') ? [['rule.r1', JSON.stringify(rule)]] : q.includes('output') ? [['70']] : []));
  const out = await store.push('company', [{ assumedMasterState: null, newDocumentState: makeDoc('company', { id: 'c9', name: 'Panoply Rules' }) }], pushCtx('u', { rights: fullRights(['t-eu']) }));
  assert.equal(tables(log), [
    'begin',
    'select [company] with (updlock, holdlock)',
    'select [setting]',
    'select [server_settings]',
    'insert [company]',
    'select [email_claims]',
    'select [notification] with (updlock, holdlock)',
    'insert [notification]',
    'insert [audit_log]',
    'commit',
  ]);
  const read = statements(log).find((s) => s.sql.startsWith('select [key], [value] from [server_settings]'))!;
  assert.is(read.sql, 'select [key], [value] from [server_settings] where [server_settings].[key] like @par0');
  assert.equal(read.params, ['rule.%'], 'the prefix is a parameter, never spliced');
  assert.equal(out.rules, { fired: 1, failed: 0 });
  assert.ok(out.touched.includes('notification'));
});


test.run();
