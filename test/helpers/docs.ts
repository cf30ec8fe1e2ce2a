// Test records built from the metadata, so tests follow the entity declarations.
import { entityDef, RECORD_ENTITIES, type EntityName } from '../../shared/entities/index.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import type { PushContext } from '../../sync-server/db/push-plan.ts';
import type { PullScope } from '../../sync-server/db/store.ts';
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
    conflict: { ownerId: 'u-test', entity: 'company', recordId: 'c1', happenedAt: '2026-03-01T09:00:00.000Z' },
    notification: { ownerId: 'u-test', title: 'Hello', happenedAt: '2026-03-01T09:00:00.000Z' },
    setting: { label: 'setting.x', value: 'true' },
    product: { name: `Product ${id}` },
    productPrice: { productId: 'pr1', listPrice: 1000 },
    opportunity: { description: `Opportunity ${id}`, companyId: 'c1' },
    quote: { reference: `Q-${id}`, companyId: 'c1' },
    quoteItem: { quoteId: 'q1', lineNo: 1, description: 'Line', quantity: 1000, listPrice: 1000 },
    order: { reference: `O-${id}`, companyId: 'c1' },
    orderItem: { orderId: 'o1', lineNo: 1, description: 'Line', quantity: 1000, listPrice: 1000 },
    customRecord: { entityKey: 'x_test', name: `Record ${id}` },
  };
  return { ...base, ...required[entity], ...fields, _deleted: false } as WireDoc;
}

/** Full rights on the given territories for every record entity: what most store tests push with. */
export function fullRights(territories: readonly string[] = ['t-eu']): EffectiveRights {
  const out: EffectiveRights = {};
  for (const e of RECORD_ENTITIES) out[e] = { view: [...territories], insert: [...territories], edit: [...territories], delete: [...territories] };
  return out;
}

export function pushCtx(userId = 'u-test', opts: { rights?: EffectiveRights; lenient?: boolean } = {}): PushContext {
  return { userId, rights: opts.rights ?? fullRights(), lenient: opts.lenient ?? false, now: new Date().toISOString() };
}

export const EU: PullScope = { kind: 'territory', territories: ['t-eu'] };
export const EVERYWHERE: PullScope = { kind: 'territory', territories: ['t-world', 't-eu', 't-na', 't-af'] };
