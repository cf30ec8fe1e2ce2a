// The SQL Server store: the one store on the SQL Server dialect, and a way for tests sharing one database to empty it.
import type mssql from 'mssql';
import { SqlStore } from '../common/store.ts';
import { MssqlDialect } from './dialect.ts';
import { entityTables, tables } from './schema.ts';

export class MssqlStore extends SqlStore {
  /** `url` is `mssql://user:pass@host:port/db` or `sqlserver://…` (see url.ts); a pool is for tests. */
  constructor(url: string | mssql.ConnectionPool) {
    super(new MssqlDialect(url));
  }

  /** Empties every table (records, moves, accounts, profiles); for tests, which share one database. */
  async deleteAll(): Promise<void> {
    const t = tables;
    const order = [...Object.values(entityTables), t.documentContents, t.documents, t.mergedDocuments, t.mergeTemplates, t.groupMembers, t.groups, t.emailClaims, t.profileFeatures, t.serverSettings, t.serverEvents, t.scopeMoves, t.calendarFeeds, t.sessions, t.users, t.territories, t.profileRights, t.profiles];
    await this.d.run(function* (q) {
      for (const table of order) yield* q.delete(table, undefined);
    });
  }
}
