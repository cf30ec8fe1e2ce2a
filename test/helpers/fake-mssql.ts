// A stand-in for mssql's ConnectionPool that records every statement (and whether it ran in the transaction) and
// answers from `respond`: enough to check the SQL Server store's T-SQL and order of statements without a server.
import type mssql from 'mssql';
import { MssqlStore } from '../../sync-server/db/mssql/store.ts';

export type Logged = { on: 'pool' | 'tx'; sql: string; params: unknown[] } | { on: 'tx'; event: 'begin' | 'commit' | 'rollback'; isolation?: unknown };

export function fakePool(respond: (sql: string, params: unknown[]) => unknown[] = () => [], affected: (sql: string) => number = () => 0) {
  const log: Logged[] = [];
  const request = (on: 'pool' | 'tx') => {
    const params: unknown[] = [];
    const r = {
      arrayRowMode: false,
      input(_name: string, value: unknown) {
        params.push(value);
        return r;
      },
      async query(text: string) {
        log.push({ on, sql: text, params: [...params] });
        return { recordset: respond(text, params), rowsAffected: [affected(text)] };
      },
    };
    return r;
  };
  const pool = {
    on: () => pool,
    connect: async () => pool,
    close: async () => undefined,
    request: () => request('pool'),
    transaction: () => ({
      begin: async (isolation?: unknown) => void log.push({ on: 'tx', event: 'begin', isolation }),
      commit: async () => void log.push({ on: 'tx', event: 'commit' }),
      rollback: async () => void log.push({ on: 'tx', event: 'rollback' }),
      request: () => request('tx'),
    }),
  };
  return { log, store: new MssqlStore(pool as unknown as mssql.ConnectionPool) };
}

/** The statements only (no transaction events), as `{ sql, params }`. */
export const statements = (log: Logged[]) => log.flatMap((l) => ('sql' in l ? [{ sql: l.sql, params: l.params }] : []));
/** Steps with the table a statement reads or writes: `update [person]`, `select … from [note] with (updlock)`. */
export const tables = (log: Logged[]) =>
  log.map((l) => ('event' in l ? l.event : `${l.sql.split(' ')[0]} ${/(?:from|into|update) (\[\w+\](?: with \([a-z, ]+\))?)/.exec(l.sql)?.[1] ?? '?'}`));
