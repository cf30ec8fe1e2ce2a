// Runs the store contract against SQL Server when MSSQL_URL names a database; without it, says plainly that it did not.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MssqlStore } from '../../sync-server/db/mssql/store.ts';
import { documentStoreContract } from '../contract/document-store-contract.ts';
import { storeContract } from '../contract/store-contract.ts';

const url = process.env.MSSQL_URL;

if (url) {
  // Every test gets a fresh store on the one database: migrate, then empty the tables so tests stay independent.
  storeContract('mssql', async () => {
    const store = new MssqlStore(url);
    await store.migrate();
    await store.deleteAll();
    return store;
  });
  documentStoreContract('mssql', async () => {
    const store = new MssqlStore(url);
    await store.migrate();
    await store.deleteAll();
    return store;
  });
} else {
  const skipped = suite('store contract: mssql (MSSQL_URL unset, skipped)');
  skipped('the SQL Server contract was not run: set MSSQL_URL=mssql://user:pass@host:port/db to run it', () => {
    // Constructing the store must not connect: it is cheap and safe without a server.
    const store = new MssqlStore('mssql://nobody:none@127.0.0.1:1/none');
    assert.is(store.dialect, 'mssql');
    console.log('  store contract: mssql NOT RUN (MSSQL_URL unset)');
  });
  skipped.run();
}
