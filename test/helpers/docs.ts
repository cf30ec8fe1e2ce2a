// Test records built from the metadata, so tests follow the entity declarations.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';

let n = 0;
export function makeDoc(entity: EntityName, fields: Record<string, unknown> = {}): WireDoc {
  const id = typeof fields.id === 'string' ? fields.id : `t${Date.now().toString(36)}${(n++).toString(36)}`;
  const base = blankRecord(entityDef(entity), id, 't-eu') as Record<string, unknown>;
  const required: Record<EntityName, Record<string, unknown>> = {
    company: { name: `Company ${id}` },
    person: { lastName: `Person ${id}` },
    lead: { description: `Lead ${id}` },
    communication: { subject: `Call ${id}`, startsAt: '2026-03-01T09:00:00.000Z', timeZone: 'Europe/Paris' },
    note: { parentId: 'c1', text: `Note ${id}` },
  };
  return { ...base, ...required[entity], ...fields, _deleted: false } as WireDoc;
}
