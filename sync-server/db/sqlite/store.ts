// The embedded store: the one store on the SQLite dialect (the database is kept for tests that look inside it).
import type Database from 'better-sqlite3';
import { SqlStore } from '../common/store.ts';
import { SqliteDialect } from './dialect.ts';

export class SqliteStore extends SqlStore {
  readonly sqlite: Database.Database;

  /** `file` is a path, or `:memory:`. */
  constructor(file: string) {
    const dialect = new SqliteDialect(file);
    super(dialect);
    this.sqlite = dialect.sqlite;
  }
}
