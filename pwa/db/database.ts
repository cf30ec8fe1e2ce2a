// Opens the device database: one RxDB collection per replicated entity, schemas derived from shared/.
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { replicatedCollections, type AnyRecord, type EntityName } from '../../shared/entities/index.ts';
import { conflictHandler } from './conflicts.ts';
import { collectionSchema, type migrationStrategies, type rxSchemaOf } from './schemas.ts';
import { addRxPlugin } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';

// Stored documents of an older schema version are migrated when the database opens.
addRxPlugin(RxDBMigrationSchemaPlugin);
// The first sync keeps its progress and edit bases beside the records (first-sync.ts).
addRxPlugin(RxDBLocalDocumentsPlugin);

export type RecordCollection = RxCollection<AnyRecord>;
export type Collections = Record<EntityName, RecordCollection>;
export type FieldDatabase = RxDatabase<Collections>;

export interface OpenOptions {
  /** One database per user and server, so two accounts on one device never mix. */
  name: string;
  storage: RxStorage<unknown, unknown>;
  /** Cross-tab change events (browsers); off in Node tests. */
  multiInstance?: boolean;
  /**
   * Upgrade tests only: the schema a collection had in an earlier release (a device still on it). The app never sets
   * it; opening again without it migrates the stored documents (`migrationStrategies`).
   */
  schemaOf?: (entity: EntityName) => RxJsonSchema<AnyRecord> | undefined;
}

export async function openDatabase(opts: OpenOptions): Promise<FieldDatabase> {
  const db = await createRxDatabase<Collections>({
    name: opts.name,
    storage: opts.storage,
    multiInstance: opts.multiInstance ?? true,
    eventReduce: true,
    localDocuments: true,
    // The device keeps working when storage is shared by several tabs; the name carries user and server.
    ignoreDuplicate: false,
  });
  const spec: Record<string, { schema: ReturnType<typeof rxSchemaOf>; conflictHandler: ReturnType<typeof conflictHandler>; migrationStrategies: ReturnType<typeof migrationStrategies> }> = {};
  // The custom records' collection only once a custom entity is kept on devices (docs/decisions/0057).
  for (const e of replicatedCollections()) {
    const own = collectionSchema(e);
    spec[e] = { schema: opts.schemaOf?.(e) ?? own.schema, conflictHandler: conflictHandler(e), migrationStrategies: own.migrationStrategies };
  }
  await db.addCollections(spec);
  return db;
}

/** A database name from user id and server origin, within IndexedDB's naming rules. */
export function databaseName(userId: string, origin: string): string {
  return `fieldcrm_${`${userId}_${origin}`.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`.slice(0, 100);
}
