// The duplicate e-mail rule asked of the server before a save, when online: it knows every record, not only the
// ones this device holds. Offline (or if the server does not answer) the repository's local check stands alone.
import { duplicateEmailIssues, emailKeys, isEmailEntity, type EmailOwner } from '../../../shared/email.ts';
import type { EntityName } from '../../../shared/entities/index.ts';
import type { FieldIssue } from '../../../shared/errors.ts';
import type { ApiClient } from '../../net/api.ts';

interface Holders {
  address: string;
  records: { entity: string; id: string; title: string }[];
  hidden: number;
}

export async function serverDuplicateIssues(api: ApiClient, entity: EntityName, record: Record<string, unknown>, before: Record<string, unknown> | null): Promise<FieldIssue[]> {
  if (!isEmailEntity(entity)) return [];
  const had = before ? emailKeys(before) : [];
  const gained = emailKeys(record).filter((k) => !had.includes(k)).slice(0, 10);
  if (!gained.length) return [];
  const q = new URLSearchParams([...gained.map((a) => ['address', a]), ['entity', entity], ['id', String(record.id ?? '')]]);
  try {
    const res = await api.get<{ addresses: Holders[] }>(`/api/email/check?${q.toString()}`);
    const owners = new Map<string, EmailOwner[]>();
    for (const h of res.addresses) {
      const named: EmailOwner[] = h.records.map((r) => ({ entity: r.entity, id: r.id, title: r.title }));
      const hidden: EmailOwner[] = Array.from({ length: h.hidden }, (_, i) => ({ entity: '', id: `hidden-${i}` }));
      owners.set(h.address, [...named, ...hidden]);
    }
    return duplicateEmailIssues(record, before, { entity, id: String(record.id ?? '') }, (k) => owners.get(k) ?? []);
  } catch {
    return []; // offline or the server failed: the local check and the server's check at push still apply
  }
}
