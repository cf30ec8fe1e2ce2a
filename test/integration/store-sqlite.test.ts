// Runs the store contract against the embedded SQLite store (always).
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { documentStoreContract } from '../contract/document-store-contract.ts';
import { storeContract } from '../contract/store-contract.ts';

storeContract('sqlite', async () => new SqliteStore(':memory:'));
documentStoreContract('sqlite', async () => new SqliteStore(':memory:'));
