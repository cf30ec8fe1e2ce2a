// The task pane's rules, apart from its element: which record a message is filed on by default, who is unknown,
// and how a record is named and linked.
import type { OutlookLookupAnswer, OutlookMatch, OutlookPerson } from '../../../../shared/outlook.ts';

export const targetKey = (m: { entity: string; id: string }): string => `${m.entity}:${m.id}`;

/** Every record the message can be filed on, once each, the sender's first. */
export function targets(answer: OutlookLookupAnswer): OutlookMatch[] {
  const seen = new Set<string>();
  const out: OutlookMatch[] = [];
  const ordered = [...answer.people.filter((p) => p.role === 'from'), ...answer.people.filter((p) => p.role !== 'from')];
  for (const p of ordered)
    for (const m of p.matches) {
      if (seen.has(targetKey(m))) continue;
      seen.add(targetKey(m));
      out.push(m);
    }
  return out;
}

/** Filed by default on the sender's first record, else the first record of anyone on the message; '' when none matched. */
export function defaultTarget(answer: OutlookLookupAnswer): string {
  const first = targets(answer)[0];
  return first ? targetKey(first) : '';
}

/** The sender when FieldCRM knows no record with their address: the pane offers to create one. */
export function unknownSender(answer: OutlookLookupAnswer): OutlookPerson | null {
  const from = answer.people.find((p) => p.role === 'from');
  return from && from.matches.length === 0 ? from : null;
}

/** The record's page in FieldCRM (the PWA's hash route), opened beside Outlook. */
export const recordHref = (m: { entity: string; id: string }): string => `/#/${m.entity}/${encodeURIComponent(m.id)}`;
