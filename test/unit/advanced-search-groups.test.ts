// OR groups in advanced search (docs/decisions/0040, amended): the groups as checked and read, and the SQL Server
// statement they compile to: each group's conditions together, groups joined by OR, in brackets.
import { sql, type Column } from 'drizzle-orm';
import { MsSqlDialect } from 'drizzle-orm/mssql-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkConditions, orGroups, type Condition } from '../../shared/advanced-search.ts';
import { entityDef } from '../../shared/entities/index.ts';
import { col } from '../../sync-server/db/dialect.ts';
import { conditionsSql } from '../../sync-server/db/conditions.ts';
import { entityTables } from '../../sync-server/db/mssql/schema.ts';

const either: Condition[] = [
  { field: 'type', op: 'equals', value: 'customer' },
  { field: 'industry', op: 'contains', value: 'steel', group: 2 },
  { field: 'status', op: 'equals', value: 'inactive' },
];

test('conditions read by group, in group order; no group is group 0', () => {
  assert.equal(orGroups(either).map((g) => g.map((c) => c.field)), [['type', 'status'], ['industry']]);
  assert.equal(orGroups([]), []);
  const ok = checkConditions('company', either);
  assert.ok(ok.ok && ok.conditions[1]!.group === 2 && ok.conditions[0]!.group === undefined, 'group 0 is not written out');
  for (const group of [-1, 5, 0.5, '1', null, true]) assert.not.ok(checkConditions('company', [{ field: 'type', op: 'equals', value: 'customer', group }]).ok, String(group));
});

test('T-SQL: (group 0) or (group 2), each group’s conditions joined by and', () => {
  const t = entityTables.company;
  const where = conditionsSql(entityDef('company'), either, (k) => col(t, k) as Column, (c) => sql`lower(${c})`)!;
  const { sql: text, params } = new MsSqlDialect().sqlToQuery(where);
  assert.is(text, "(((([company].[type] = @par0) and ([company].[status] = @par1))) or (lower([company].[industry]) like @par2 escape '\\'))");
  assert.equal(params, ['customer', 'inactive', '%steel%']);
  // One group: the conditions joined by and, as before groups existed.
  const one = new MsSqlDialect().sqlToQuery(conditionsSql(entityDef('company'), either.filter((c) => !c.group), (k) => col(t, k) as Column, (c) => sql`lower(${c})`)!);
  assert.not.match(one.sql, / or /);
});

test.run();
