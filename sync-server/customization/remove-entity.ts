// Removing a custom entity (docs/decisions/0050, amended): refused while a report, a template or a table rule uses it;
// else its definition and fields leave the customisation (no record can be written for it from then on), every live
// record of it becomes a tombstone (devices drop them like any deletion), and the profiles' rights on it go. Audited.
import { currentCustomization, type CustomEntitySpec } from '../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import type { SavedReport } from '../../shared/reports.ts';
import type { UserRow } from '../db/accounts.ts';
import { auditEntry } from '../admin/audit.ts';
import type { Services } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { changeCustomization } from './service.ts';

/** Something that names the entity and would break without it. */
export interface EntityUse {
  kind: 'report' | 'template' | 'rule';
  id: string;
  name: string;
}

export interface EntityRemoved {
  key: string;
  /** Its records that were deleted. */
  removedRecords: number;
  revision: number;
}

/** The saved reports, mail-merge templates and table rules about this entity (a rule on custom records naming it too). */
export async function usesOf(services: Services, key: string): Promise<EntityUse[]> {
  const { store } = services;
  const out: EntityUse[] = [];
  for (const row of await store.serverSettingsWithPrefix('report.saved.')) {
    try {
      const r = JSON.parse(row.value) as SavedReport;
      if (r.definition?.entity === key) out.push({ kind: 'report', id: r.id, name: r.name });
    } catch {
      // A damaged row names nothing.
    }
  }
  for (const tpl of await store.mailMerge.listTemplates({ entity: key })) out.push({ kind: 'template', id: tpl.id, name: tpl.name });
  for (const { rule } of await store.listRules()) {
    if (rule.entity === key || (rule.entity === 'customRecord' && rule.condition.includes(key))) out.push({ kind: 'rule', id: rule.id, name: rule.name });
  }
  return out;
}

export async function removeCustomEntity(services: Services, user: UserRow, key: string, confirm: string): Promise<EntityRemoved> {
  const { store } = services;
  const spec = (currentCustomization().entities ?? []).find((e) => e.key === key);
  if (!spec) throw new AppError(404, ERROR_CODES.CUSTOM_NOT_FOUND, 'No such custom entity.');
  // Its records are deleted for good: the key typed again, so it is never one click away.
  if (confirm !== key) throw invalid([{ field: 'confirm', code: confirm ? FIELD_CODES.NOT_IN_LIST : FIELD_CODES.REQUIRED, detail: key }]);
  const uses = await usesOf(services, key);
  if (uses.length) {
    const names = uses.map((u) => `${u.kind} “${u.name}”`).join(', ');
    throw new AppError(409, ERROR_CODES.CUSTOM_ENTITY_IN_USE, `Used by ${names.slice(0, 900)}: remove or change them first. Nothing was removed.`, undefined, { detail: names.slice(0, 900) });
  }
  // First the definition: from now on no instance accepts a record of it (REST 404, sync push refused)…
  let was: CustomEntitySpec | null = null;
  const { after } = await changeCustomization(
    services,
    user.id,
    (current) => {
      was = (current.entities ?? []).find((e) => e.key === key) ?? null;
      if (!was) throw new AppError(404, ERROR_CODES.CUSTOM_NOT_FOUND, 'No such custom entity.');
      return current.fields.filter((f) => f.entity !== key);
    },
    (current) => (current.entities ?? []).filter((e) => e.key !== key),
  );
  // …then its records, as tombstones at new sequences: a device that keeps them (an offline entity) drops them.
  const at = new Date().toISOString();
  const { removed, lastSeq } = await store.removeCustomRecords(key, user.id, at);
  services.bus.publishWrite({ lastSeq, touched: ['customRecord'] });
  await store.audit.insert([auditEntry(user, 'customization.entity-remove', { type: 'custom-entity', id: key }, was, { removedRecords: removed }, at)]);
  // …and the rights on it, profile by profile.
  for (const p of await store.listProfiles()) {
    const before = await store.profileRights(p.id);
    const kept = before.filter((r) => r.entity !== key);
    if (kept.length !== before.length) await store.setProfileRights(p.id, kept, [auditEntry(user, 'profile.rights', { type: 'profile', id: p.id }, before.filter((r) => r.entity === key), [])]);
  }
  return { key, removedRecords: removed, revision: after.revision };
}
