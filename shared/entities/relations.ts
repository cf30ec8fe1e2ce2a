// Which records list under which: the related tabs of a record's screen, and the values a new related record starts with.
import { customEntities, customEntity, type EntityName } from './index.ts';

export interface Relation {
  /** The related entity listed in the tab. */
  entity: EntityName;
  /** Its field pointing at the parent record. */
  field: string;
  /** Extra values a new related record gets (a note's parent type). */
  prefill?: Record<string, string>;
}

export const RELATED: Record<EntityName, readonly Relation[]> = {
  company: [
    { entity: 'person', field: 'companyId' },
    { entity: 'communication', field: 'companyId' },
    { entity: 'note', field: 'parentId', prefill: { parentType: 'company' } },
    // Online only: not tabs of the company's screen, but they follow the company when it moves territory.
    { entity: 'opportunity', field: 'companyId' },
    { entity: 'quote', field: 'companyId' },
    { entity: 'order', field: 'companyId' },
  ],
  person: [
    { entity: 'communication', field: 'personId' },
    { entity: 'note', field: 'parentId', prefill: { parentType: 'person' } },
  ],
  lead: [{ entity: 'note', field: 'parentId', prefill: { parentType: 'lead' } }],
  communication: [],
  note: [],
  notification: [],
  setting: [],
  conflict: [],
  product: [{ entity: 'productPrice', field: 'productId' }],
  productPrice: [],
  opportunity: [{ entity: 'quote', field: 'opportunityId' }],
  quote: [{ entity: 'quoteItem', field: 'quoteId' }],
  quoteItem: [],
  order: [{ entity: 'orderItem', field: 'orderId' }],
  orderItem: [],
  // A custom record's appointments and tasks (the view lists them; they keep their own territory).
  customRecord: [],
};

/** An entity's relations, custom entities included (docs/decisions/0050): a company's or person's custom records, a custom record's communications. */
export function relationsOf(entity: string): readonly Relation[] {
  if (customEntity(entity)) return [{ entity: 'communication', field: 'regardingId' }];
  const own = (RELATED as Record<string, readonly Relation[]>)[entity] ?? [];
  const children = customEntities().filter((e) => e.parent === entity);
  return children.length ? [...own, ...children.map((e) => ({ entity: e.key as EntityName, field: e.parent === 'company' ? 'companyId' : 'personId' }))] : own;
}
