// Where a screen reads and writes an entity's records: the device's database for replicated entities, the server for
// online-only ones (quotes, orders, products, opportunities). Both offer what the metadata screens need.
import type { Observable } from 'rxjs';
import { entityDef, type AnyRecord, type EntityName } from '../../../shared/entities/index.ts';
import { runtime } from '../../app/runtime.ts';
import type { SaveResult } from '../../db/repository.ts';

export interface RecordSource {
  blank(entity: EntityName, values?: Record<string, unknown>): AnyRecord;
  get(entity: EntityName, id: string): Promise<AnyRecord | null>;
  get$(entity: EntityName, id: string): Observable<AnyRecord | null>;
  listView$(entity: EntityName, text$: Observable<string>, first: number): Observable<{ records: AnyRecord[]; complete: boolean; total?: number }>;
  related$(entity: EntityName, field: string, value: string): Observable<AnyRecord[]>;
  save(entity: EntityName, record: AnyRecord): Promise<SaveResult>;
  update(entity: EntityName, id: string, changes: Record<string, unknown>): Promise<SaveResult>;
  remove(entity: EntityName, id: string): Promise<void>;
  lookup(entity: EntityName, text: string, limit?: number): Promise<{ id: string; title: string }[]>;
  title(entity: EntityName, id: string): Promise<string>;
  duplicateDetection(): boolean;
}

/** The source of an entity's records, or null before sign-in. */
export function sourceFor(entity: EntityName): RecordSource | null {
  const current = runtime.current;
  if (!current) return null;
  return entityDef(entity).online ? runtime.serverRecords() : current.repo;
}
